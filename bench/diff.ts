/**
 * Contract diff timings: `contractgen diff` (the CLI, wall clock, as a user runs it) on two versions of
 * the Stripe spec (the shared spec and it with the bench's scripted edits) and of GitHub's REST spec
 * (api.github.com from @octokit/openapi, and it with structural edits), plus the in-process split
 * (load, rules, generated-client section). `npx tsx bench/diff.ts [runs]` prints the markdown.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { diffSpecs } from "../generator/diff/index.ts";
import { diffSurfaces } from "../generator/diff/surface.ts";
import { loadSpec } from "../generator/spec/load.ts";
import { cliFromBundle, fmt, ROOT, runTimed, SHARED_SPECS, stats, table, WORK } from "./lib.ts";
import { editedSpec } from "./specs.ts";

type Json = Record<string, any>;

const CLI = join(ROOT, "generator/bin.mjs");
const GITHUB = join(ROOT, "node_modules/@octokit/openapi/generated/api.github.com.json");
const STRIPE = join(SHARED_SPECS, "stripe-spec3.yaml");

export const DIFF_TARGETS_MS = { stripe: 1000, github: 3000 };

/** GitHub's spec with edits of each kind the diff looks for: paths removed, a required parameter, enum values, types. */
function editedGithub(): { file: string; edits: number } {
  const doc = JSON.parse(readFileSync(GITHUB, "utf8")) as Json;
  let edits = 0;
  const paths = Object.keys(doc.paths).sort();
  paths.forEach((path, i) => {
    if (i % 60 === 0) {
      delete doc.paths[path];
      edits++;
    } else if (i % 45 === 0) {
      const op = doc.paths[path].get ?? doc.paths[path].post;
      if (op) {
        op.parameters = [...(op.parameters ?? []), { name: "bench_region", in: "query", required: true, schema: { type: "string" } }];
        edits++;
      }
    }
  });
  const schemas = Object.keys(doc.components.schemas).sort();
  schemas.forEach((name, i) => {
    const schema = doc.components.schemas[name];
    if (i % 25 !== 0 || !schema.properties) return;
    const [first] = Object.keys(schema.properties).sort();
    if (first) {
      schema.properties[first] = { ...schema.properties[first], type: "integer" };
      edits++;
    }
  });
  mkdirSync(WORK, { recursive: true });
  const file = join(WORK, "api.github.com.edited.json");
  writeFileSync(file, JSON.stringify(doc));
  return { file, edits };
}

interface Pair {
  label: string;
  base: string;
  head: string;
  target: number;
}

/** Median time of `fn` over `runs` runs after a warm-up, each on a fresh `setup()` (not timed). */
function median<T>(runs: number, setup: () => T, fn: (input: T) => void): number {
  const times: number[] = [];
  for (let i = -1; i < runs; i++) {
    const input = setup();
    const start = performance.now();
    fn(input);
    if (i >= 0) times.push(performance.now() - start);
  }
  return stats(times).median;
}

function inProcess(pair: Pair, runs: number): { load: number; rules: number; surface: number; findings: number } {
  // Freshly loaded specs for every timed run: the diff caches views and `$ref` targets per loaded spec,
  // and a CLI run never starts with them warm.
  const fresh = () => ({ base: loadSpec(pair.base), head: loadSpec(pair.head) });
  let findings = 0;
  return {
    load: median(runs, () => undefined, fresh),
    rules: median(runs, fresh, ({ base, head }) => {
      findings = diffSpecs(base, head).findings.length;
    }),
    surface: median(runs, fresh, ({ base, head }) => diffSurfaces({ name: "bench", errorEnvelope: "infer" }, base, head)),
    findings,
  };
}

function cliWall(pair: Pair, runs: number, surface: boolean): { wall: ReturnType<typeof stats>; error?: string } {
  const walls: number[] = [];
  for (let i = -1; i < runs; i++) {
    const r = runTimed(process.execPath, [CLI, "diff", "--base", pair.base, "--head", pair.head, "--format", "json", "--fail-on", "never", ...(surface ? [] : ["--no-surface"])]);
    if (r.status !== 0) return { wall: stats(walls), error: r.stderr.split("\n")[0] };
    if (i >= 0) walls.push(r.wallMs);
  }
  return { wall: stats(walls) };
}

export async function diffBench(runs: number): Promise<{ markdown: string; targets: { target: string; measured: string; met: boolean }[] }> {
  const stripeHead = editedSpec(STRIPE);
  const github = editedGithub();
  const pairs: Pair[] = [
    { label: `Stripe (head: ${stripeHead.applied.length} scripted edits)`, base: STRIPE, head: stripeHead.file, target: DIFF_TARGETS_MS.stripe },
    { label: `GitHub api.github.com (head: ${github.edits} edits)`, base: GITHUB, head: github.file, target: DIFF_TARGETS_MS.github },
  ];
  const rows: string[][] = [];
  const targets: { target: string; measured: string; met: boolean }[] = [];
  for (const pair of pairs) {
    const rules = cliWall(pair, runs, false);
    const full = cliWall(pair, runs, true);
    const split = inProcess(pair, runs);
    rows.push([
      pair.label,
      rules.error ? `failed: ${rules.error}` : fmt.stats(rules.wall),
      full.error ? `failed: ${full.error}` : fmt.stats(full.wall),
      `${fmt.ms(split.load)} / ${fmt.ms(split.rules)} / ${fmt.ms(split.surface)}`,
      String(split.findings),
    ]);
    const measured = full.error ? `failed: ${full.error}` : fmt.stats(full.wall);
    targets.push({ target: `contractgen diff, ${pair.label} < ${fmt.ms(pair.target)} wall`, measured, met: !full.error && full.wall.median < pair.target });
  }
  const markdown = [
    `Medians of ${runs} runs after a warm-up. CLI wall clock includes Node start-up and loading both sides; the split is in-process (load both sides / rules / generated-client section from the models).`,
    "",
    table(["pair", "CLI --no-surface", "CLI with the generated-client section", "in-process load / rules / client section", "changes"], rows),
  ].join("\n");
  return { markdown, targets };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await cliFromBundle());
  const { markdown, targets } = await diffBench(Number(process.argv[2] ?? 3));
  console.log(markdown);
  for (const t of targets) console.log(`${t.met ? "met" : "NOT met"}: ${t.target}: ${t.measured}`);
}
