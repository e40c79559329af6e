/**
 * What every bench section shares: the command line, the spec inputs, the peer CLIs, the tables and
 * target rows the sections fill, and the side-by-side runner.
 */
import { ROOT, SHARED_SPECS, stats, type Stats } from "./lib.ts";
import { basename, join } from "node:path";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";

export const SECTIONS = ["generation", "typecheck", "client", "bundle", "diff", "validators", "webhooks", "scaling", "watch", "profile"] as const;
export type Section = (typeof SECTIONS)[number];

export const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean" },
    runs: { type: "string" },
    only: { type: "string" },
    "no-write": { type: "boolean" },
    "findings-only": { type: "boolean" },
    help: { type: "boolean", short: "h" },
  },
});
if (args.help) {
  console.log(`npm run bench -- [--quick] [--runs N] [--only ${SECTIONS.join(",")}] [--no-write]

  --quick     2 runs per figure and shorter client rounds (orientation only)
  --runs N    runs per figure after the warm-up (default 5)
  --only S,.. run only these sections; the other sections of BENCHMARKS.md are kept
  --no-write  print the tables, leave BENCHMARKS.md alone
  --findings-only  copy bench/findings.md into BENCHMARKS.md, measure nothing`);
  process.exit(0);
}
export const RUNS = Number(args.runs ?? (args.quick ? 2 : 5));
export const selected = new Set<Section>(
  args.only ? (args.only.split(",").map((s) => s.trim()) as Section[]) : SECTIONS,
);
for (const s of selected) if (!SECTIONS.includes(s)) throw new Error(`unknown section "${s}"; sections: ${SECTIONS.join(", ")}`);

export const NODE = process.execPath;
export const BIN = {
  contractgen: join(ROOT, "generator/bin.mjs"),
  openapiTypescript: join(ROOT, "node_modules/openapi-typescript/bin/cli.js"),
  heyApi: join(ROOT, "node_modules/@hey-api/openapi-ts/bin/run.js"),
  orval: join(ROOT, "node_modules/orval/dist/bin/orval.js"),
  tsc: join(ROOT, "node_modules/typescript/bin/tsc"),
};
export const version = (pkg: string) => (JSON.parse(readFileSync(join(ROOT, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;
export const log = (line: string) => console.error(line);
export const markdown = new Map<Section, string>();
/** Set by the driver when the bench starts: the code measured and how the CLI was built. */
export const runState = { codeAtStart: "", cliBuild: "" };
/** A target row: every one names the issue that set it and the section that measures it. */
export interface Target {
  section: Section;
  issue: string;
  target: string;
  measured: string;
  met: boolean | undefined;
}
export const targets: Target[] = [];

export interface SpecInput {
  name: string;
  file: string;
  label: string;
}
export const projectSpecs: SpecInput[] = [
  { name: "hostup", file: join(ROOT, "spec/hostup.yaml"), label: "spec/hostup.yaml" },
  { name: "aether", file: join(ROOT, "spec/aether.yaml"), label: "spec/aether.yaml" },
];
export const largeSpecs: SpecInput[] = readdirSync(SHARED_SPECS)
  .filter((f) => /\.(ya?ml|json)$/i.test(f))
  .sort()
  .map((f) => ({
    name: basename(f).replace(/\.(ya?ml|json)$/i, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^[^a-z]+/, "s"),
    file: join(SHARED_SPECS, f),
    label: `../shared/specs/${f}`,
  }));
export const STRIPE = largeSpecs.find((s) => s.name.startsWith("stripe")) ?? largeSpecs[0];
/** GitHub's REST spec (13 MB of JSON), shipped by the @octokit/openapi devDependency. */
export const GITHUB: SpecInput | undefined = ((file) => (existsSync(file) ? { name: "github", file, label: "GitHub api.github.com.json (@octokit/openapi)" } : undefined))(
  join(ROOT, "node_modules/@octokit/openapi/generated/api.github.com.json"),
);
if (GITHUB) largeSpecs.push(GITHUB);

export interface Measured {
  wall: Stats;
  rss: Stats | undefined;
  bytes?: number;
  files?: number;
  error?: string;
}

export interface Job {
  key: string;
  run: (round: number) => { wallMs: number; rssKb?: number; ok: boolean; error?: string };
  /** A job whose warm-up takes longer than this runs once more instead of `RUNS` times (a slow peer on a large spec). */
  slowAfterMs?: number;
}

/** Warm-up once, then `RUNS` rounds of every job in rotating order. */
export function measureSideBySide(jobs: Job[]): Map<string, Measured> {
  const walls = new Map<string, number[]>();
  const rsss = new Map<string, number[]>();
  const errors = new Map<string, string>();
  const slow = new Set<string>();
  for (const job of jobs) {
    const r = job.run(-1);
    if (!r.ok) errors.set(job.key, r.error ?? "failed");
    if (job.slowAfterMs !== undefined && r.wallMs > job.slowAfterMs) slow.add(job.key);
    walls.set(job.key, []);
    rsss.set(job.key, []);
  }
  const live = jobs.filter((j) => !errors.has(j.key));
  for (let round = 0; round < RUNS; round++) {
    const due = live.filter((j) => round === 0 || !slow.has(j.key));
    for (let k = 0; k < due.length; k++) {
      const job = due[(round + k) % due.length]!;
      const r = job.run(round);
      if (!r.ok) {
        errors.set(job.key, r.error ?? "failed");
        continue;
      }
      walls.get(job.key)!.push(r.wallMs);
      if (r.rssKb !== undefined) rsss.get(job.key)!.push(r.rssKb);
    }
  }
  const out = new Map<string, Measured>();
  for (const job of jobs) {
    const w = walls.get(job.key)!;
    const rss = rsss.get(job.key)!;
    out.set(job.key, { wall: stats(w), rss: rss.length > 0 ? stats(rss) : undefined, ...(errors.has(job.key) ? { error: errors.get(job.key) } : {}) });
  }
  return out;
}
