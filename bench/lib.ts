/** Measuring helpers for the bench: timed child processes (wall, peak RSS), statistics, formatting. */
import { spawn, spawnSync, type SpawnOptions } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildBundle, currentBundle } from "../generator/bundle.mjs";

export const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
/** Scratch space inside the project so that generated code resolves `openapi-fetch` and `typescript`. */
export const WORK = join(ROOT, "node_modules/.cache/contractgen-bench");
export const SHARED_SPECS = resolve(ROOT, "../shared/specs");

/**
 * The CLI as an installed package runs it, from its bundle (generator/dist/, which npm install and
 * npm pack build): built here first when the sources have changed since. Returns what was done.
 */
export async function cliFromBundle(): Promise<string> {
  if (currentBundle()) return "the CLI ran from its bundle (generator/dist/), as installed";
  await buildBundle();
  return "the CLI ran from its bundle (generator/dist/), rebuilt by the bench because the sources had changed";
}

export interface Stats {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n === 0 ? NaN : n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  return { median, min: sorted[0] ?? NaN, max: sorted[n - 1] ?? NaN, n };
}

let gnuTime: boolean | undefined;
/** GNU time (`/usr/bin/time -v`) reports the peak RSS of a command; without it RSS is "n/a". */
export function hasGnuTime(): boolean {
  if (gnuTime === undefined) {
    const probe = existsSync("/usr/bin/time") ? spawnSync("/usr/bin/time", ["-v", "true"], { encoding: "utf8" }) : undefined;
    gnuTime = probe?.status === 0 && /Maximum resident set size/.test(probe.stderr);
  }
  return gnuTime;
}

export interface TimedRun {
  wallMs: number;
  /** Peak resident set size of the largest process of the command, in KiB (GNU time). */
  rssKb: number | undefined;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run a command to completion; wall time measured here, peak RSS by GNU time when present. */
export function runTimed(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): TimedRun {
  const rssFile = join(WORK, `rss-${process.pid}.txt`);
  mkdirSync(WORK, { recursive: true });
  const useTime = hasGnuTime();
  const [cmd, argv] = useTime ? ["/usr/bin/time", ["-v", "-o", rssFile, command, ...args]] : [command, args];
  const start = process.hrtime.bigint();
  const run = spawnSync(cmd, argv as string[], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...options.env },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    timeout: options.timeoutMs ?? 10 * 60_000,
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  let rssKb: number | undefined;
  if (useTime && existsSync(rssFile)) {
    const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(rssFile, "utf8"));
    rssKb = match ? Number(match[1]) : undefined;
    rmSync(rssFile, { force: true });
  }
  return { wallMs, rssKb, status: run.status, stdout: run.stdout ?? "", stderr: (run.stderr ?? "") + (run.error ? String(run.error) : "") };
}

/** A long-running child whose stdout lines can be awaited (watch mode). */
export function startChild(command: string, args: string[], options: SpawnOptions = {}) {
  const child = spawn(command, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], ...options });
  const waiters: { test: (line: string) => boolean; resolve: (v: { line: string; at: bigint }) => void }[] = [];
  const lines: string[] = [];
  let buffer = "";
  child.stdout!.setEncoding("utf8");
  child.stdout!.on("data", (chunk: string) => {
    const at = process.hrtime.bigint();
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf("\n")) !== -1) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      lines.push(line);
      for (let i = waiters.length - 1; i >= 0; i--) {
        if (waiters[i]!.test(line)) waiters.splice(i, 1)[0]!.resolve({ line, at });
      }
    }
  });
  let stderr = "";
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => (stderr += chunk));
  return {
    child,
    lines,
    stderr: () => stderr,
    waitFor(test: (line: string) => boolean, timeoutMs: number): Promise<{ line: string; at: bigint }> {
      return new Promise((resolveWait, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms; stderr: ${stderr.slice(-500)}`)), timeoutMs);
        waiters.push({ test, resolve: (v) => (clearTimeout(timer), resolveWait(v)) });
      });
    },
  };
}

export function dirSize(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  if (!existsSync(dir)) return { bytes, files };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const sub = dirSize(path);
      bytes += sub.bytes;
      files += sub.files;
    } else if (entry.isFile()) {
      bytes += statSync(path).size;
      files++;
    }
  }
  return { bytes, files };
}

export function freshDir(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

function formatMs(v: number | undefined): string {
  if (v === undefined || Number.isNaN(v)) return "n/a";
  return v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v < 10 ? 1 : 0)} ms`;
}

export const fmt = {
  ms: formatMs,
  stats(s: Stats | undefined, unit: (v: number) => string = formatMs): string {
    if (!s || s.n === 0) return "n/a";
    return `${unit(s.median)} (${unit(s.min)} to ${unit(s.max)})`;
  },
  mib(kb: number | undefined): string {
    return kb === undefined || Number.isNaN(kb) ? "n/a" : `${Math.round(kb / 1024)} MiB`;
  },
  bytes(b: number | undefined): string {
    if (b === undefined) return "n/a";
    return b >= 1024 * 1024 ? `${(b / 1024 / 1024).toFixed(2)} MiB` : b >= 1024 ? `${(b / 1024).toFixed(1)} KiB` : `${b} B`;
  },
  ratio(v: number | undefined, base: number | undefined): string {
    if (v === undefined || base === undefined || !Number.isFinite(v) || !Number.isFinite(base) || base === 0) return "n/a";
    return `${(v / base).toFixed(2)}x`;
  },
  int(v: number | undefined): string {
    return v === undefined || Number.isNaN(v) ? "n/a" : Math.round(v).toLocaleString("en-US");
  },
};

/** A markdown table; also readable on a terminal. */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

export function firstLine(text: string): string {
  return (
    text
      .split("\n")
      .map((l) => l.trim())
      .find((l) => l !== "") ?? ""
  ).slice(0, 160);
}
