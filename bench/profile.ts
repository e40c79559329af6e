/**
 * `node --import tsx bench/profile.ts [--spec FILE] [--top N] [--out DIR]`: CPU-profile one
 * `generate` of a spec in a child process (`node --cpu-prof`) and print, per pipeline stage (load,
 * validate, model, emit, format), the hottest functions by self time and the packages the time goes to.
 * The child runs the real pipeline (`generateApi`); stage windows come from its own stage timings.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
/** Stage names as the pipeline's `StageTimings` has them (the pipeline changes; unknown stages are kept). */
type Stage = string;

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface StageProfile {
  stage: Stage;
  thread: string;
  ms: number;
  functions: { name: string; where: string; selfMs: number }[];
  packages: { name: string; selfMs: number }[];
}

export interface ProfileResult {
  spec: string;
  profileFile: string;
  timings: Record<Stage, number>;
  stages: StageProfile[];
}

/** Runs in the child: the real pipeline with hrtime marks, then writes the marks to a file. */
async function child(spec: string, marksFile: string): Promise<void> {
  const { adHocConfig } = await import("../generator/config/index.ts");
  const pipeline = (await import("../generator/pipeline/run.ts")) as typeof import("../generator/pipeline/run.ts") & {
    closeRunContext?: (ctx: unknown) => Promise<void>;
  };
  const config = adHocConfig(spec, "/tmp/contractgen-profile-unused", "profiled");
  const ctx = pipeline.createRunContext(config);
  const start = Number(process.hrtime.bigint() / 1000n);
  const generated = await pipeline.generateApi(config.apis[0]!, ctx);
  const end = Number(process.hrtime.bigint() / 1000n);
  await pipeline.closeRunContext?.(ctx);
  writeFileSync(marksFile, JSON.stringify({ start, end, timings: generated.timings }));
}

function packageOf(url: string): string {
  if (url === "") return "(native/V8)";
  const path = url.replace(/^file:\/\//, "");
  const nm = path.lastIndexOf("/node_modules/");
  if (nm !== -1) {
    const rest = path.slice(nm + "/node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (path.startsWith("node:") || !path.startsWith("/")) return "(node core)";
  if (path.startsWith(ROOT)) return `contractgen ${path.slice(ROOT.length + 1).split("/")[0]}/`;
  return path;
}

export function analyze(profile: CpuProfile, windows: { stage: Stage; from: number; to: number }[], top: number, wholeProfileStage?: Stage): StageProfile[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const perStage = new Map<string, { total: number; fn: Map<string, number>; pkg: Map<string, number> }>();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const node = byId.get(profile.samples[i]!)!;
    const stage = wholeProfileStage ?? windows.find((w) => t >= w.from && t < w.to)?.stage ?? "other";
    let s = perStage.get(stage);
    if (!s) perStage.set(stage, (s = { total: 0, fn: new Map(), pkg: new Map() }));
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^file:\/\//, "").replace(`${ROOT}/`, "");
    const shortFile = file.includes("/node_modules/") ? file.slice(file.lastIndexOf("/node_modules/") + 14) : file;
    const key = `${functionName || "(anonymous)"}\u0000${shortFile ? `${shortFile}:${lineNumber + 1}` : ""}`;
    s.total += dt;
    s.fn.set(key, (s.fn.get(key) ?? 0) + dt);
    const pkg = functionName === "(garbage collector)" ? "(garbage collector)" : functionName === "(idle)" ? "(idle)" : packageOf(url);
    s.pkg.set(pkg, (s.pkg.get(pkg) ?? 0) + dt);
  }
  const order = [...new Set([...windows.map((w) => w.stage), ...perStage.keys()])].filter((k) => k !== "other").concat("other");
  return order
    .filter((stage) => perStage.has(stage))
    .map((stage) => {
      const s = perStage.get(stage)!;
      return {
        stage,
        thread: wholeProfileStage ? "worker" : "main",
        ms: s.total,
        functions: [...s.fn]
          .filter(([key]) => !key.startsWith("(idle)"))
          .sort((a, b) => b[1] - a[1])
          .slice(0, top)
          .map(([key, selfMs]) => {
            const [name, where] = key.split("\u0000") as [string, string];
            return { name, where, selfMs };
          }),
        packages: [...s.pkg].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([name, selfMs]) => ({ name, selfMs })),
      };
    });
}

export function profileGenerate(spec: string, options: { top?: number; dir?: string } = {}): ProfileResult {
  const dir = options.dir ?? join(ROOT, "node_modules/.cache/contractgen-bench/profile");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const marksFile = join(dir, "marks.json");
  const run = spawnSync(
    process.execPath,
    ["--cpu-prof", "--cpu-prof-dir", dir, "--cpu-prof-interval", "500", "--import", "tsx", fileURLToPath(import.meta.url), "--child", "--spec", spec, "--marks", marksFile],
    { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "inherit", "inherit"] },
  );
  if (run.status !== 0) throw new Error(`profiled generate failed (exit ${run.status})`);
  const profiles = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile")).sort();
  const marks = JSON.parse(readFileSync(marksFile, "utf8")) as { start: number; end: number; timings: Record<Stage, number> };
  // Main thread: the stages run one after the other up to `render`; after that openapi-typescript
  // (emit) runs here while the templates are formatted on a worker thread (when the pipeline has one).
  const overlapped = "render" in marks.timings;
  const windows: { stage: Stage; from: number; to: number }[] = [];
  let at = marks.start;
  for (const stage of Object.keys(marks.timings)) {
    if (overlapped && (stage === "emit" || stage === "format")) continue;
    const to = at + marks.timings[stage]! * 1000;
    windows.push({ stage, from: at, to });
    at = to;
  }
  if (overlapped) windows.push({ stage: "emit", from: at, to: marks.end + 1 });
  else windows[windows.length - 1]!.to = marks.end + 1;
  // The process's main thread writes the profile with the lowest thread id; workers come after it.
  const stages: StageProfile[] = [];
  profiles.forEach((file, i) => {
    const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile;
    if (i === 0) return void stages.push(...analyze(profile, windows, options.top ?? 8));
    const [worker] = analyze(profile, windows, options.top ?? 8, `worker thread ${i}`);
    const busy = worker!.ms - (worker!.packages.find((p) => p.name === "(idle)")?.selfMs ?? 0);
    if (busy < 0.02 * worker!.ms && !worker!.packages.some((p) => p.name === "prettier")) return; // an idle helper thread
    const prettier = worker!.packages.some((p) => p.name === "prettier");
    stages.push({ ...worker!, stage: prettier ? "format" : `worker thread ${i} (tsx loader hooks or other)` });
  });
  return { spec, profileFile: join(dir, profiles[0]!), timings: marks.timings, stages };
}

export function formatProfile(result: ProfileResult): string {
  const lines: string[] = [];
  for (const s of result.stages) {
    const timer = result.timings[s.stage] ?? result.timings[s.stage.split(" ")[0]!];
    const label =
      s.stage === "other"
        ? "main thread outside the pipeline (startup: tsx, module loading, templates; exit)"
        : `${s.stage}${timer !== undefined ? ` (stage timer ${Math.round(timer)} ms)` : ""}`;
    const idle = s.packages.find((p) => p.name === "(idle)")?.selfMs ?? 0;
    lines.push(`### ${label}, ${s.thread} thread: ${Math.round(s.ms)} ms sampled (${Math.round(s.ms - idle)} ms busy)`, "");
    lines.push(`Where: ${s.packages.map((p) => `${p.name} ${Math.round(p.selfMs)} ms`).join(", ")}`, "");
    lines.push("| self ms | function | where |", "|---:|---|---|");
    for (const f of s.functions) lines.push(`| ${Math.round(f.selfMs)} | \`${f.name}\` | ${f.where ? `\`${f.where}\`` : ""} |`);
    lines.push("");
  }
  return lines.join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { child: { type: "boolean" }, spec: { type: "string" }, marks: { type: "string" }, top: { type: "string" } },
  });
  const spec = resolve(values.spec ?? new URL("../../shared/specs/stripe-spec3.yaml", import.meta.url).pathname);
  if (values.child) {
    await child(spec, values.marks!);
    process.exit(0); // something in the pipeline keeps the event loop alive; --cpu-prof still writes on exit
  }
  else {
    const result = profileGenerate(spec, { top: Number(values.top ?? 10) });
    console.log(formatProfile(result));
    console.log(`profile: ${result.profileFile}`);
  }
}
