/**
 * `node --import tsx bench/profile-stages.ts SPEC [--runs N] [--no-cli]`: per-stage timings of one
 * `generateApi` of SPEC (load, validate, model, render, emit, format, as `StageTimings` has them),
 * and the wall time and peak RSS of `contractgen generate` next to openapi-typescript's CLI on the
 * same spec. Every round runs the three jobs in rotating order (the machine is shared, so figures
 * are paired and repeated); medians are printed, with min and max.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { fmt, ROOT, runTimed, stats } from "./lib.ts";

const NODE = process.execPath;
const CONTRACTGEN = join(ROOT, "generator/bin.mjs");
const OPENAPI_TS = join(ROOT, "node_modules/openapi-typescript/bin/cli.js");
const THIS_SCRIPT = join(ROOT, "bench/profile-stages.ts");

/**
 * The child: one in-process `generateApi`; its stage timings and total, and the files that went
 * through prettier (a laid-out file there costs seconds on a large API), as one JSON line on stdout.
 */
async function stagesChild(spec: string): Promise<void> {
  const { adHocConfig } = await import("../generator/config/index.ts");
  const { closeRunContext, createRunContext, generateApi } = await import("../generator/pipeline/run.ts");
  const { createFormatter, isLaidOutForPrettier } = await import("../generator/pipeline/format.ts");
  const config = adHocConfig(spec, join(tmpdir(), "contractgen-stages-unused"), "profiled");
  const formatter = createFormatter();
  const prettier: string[] = [];
  const ctx = createRunContext(config, {
    format(files, laidOut = new Set()) {
      for (const [name, text] of files) {
        if (!(laidOut.has(name) && isLaidOutForPrettier(text)))
          prettier.push(
            `${name}${laidOut.has(name) ? " (laid out)" : ""} ${text.length.toLocaleString("en-US")} chars`,
          );
      }
      return formatter.format(files, laidOut);
    },
    close: () => formatter.close(),
  });
  const start = performance.now();
  const generated = await generateApi(config.apis[0]!, ctx);
  const total = performance.now() - start;
  await closeRunContext(ctx);
  console.log(JSON.stringify({ timings: { ...generated.timings, total }, prettier }));
}

interface Job {
  name: string;
  run(out: string): { cmd: string; args: string[] };
  /** Stage timings printed by the job, when it prints them, and the files it sent to prettier. */
  parse?(stdout: string): { timings: Record<string, number>; prettier: string[] };
}

function jobs(spec: string, withCli: boolean): Job[] {
  const stageJob: Job = {
    name: "generateApi (stages)",
    run: () => ({ cmd: NODE, args: ["--import", "tsx", THIS_SCRIPT, "--child", spec] }),
    parse: (stdout) =>
      JSON.parse(stdout.trim().split("\n").at(-1)!) as { timings: Record<string, number>; prettier: string[] },
  };
  const cliJobs: Job[] = [
    {
      name: "contractgen generate",
      run: (out) => ({
        cmd: NODE,
        args: [CONTRACTGEN, "generate", "--spec", spec, "--out", out, "--name", "bench", "-q"],
      }),
    },
    {
      name: "openapi-typescript",
      run: (out) => ({ cmd: NODE, args: [OPENAPI_TS, spec, "-o", join(out, "schema.ts")] }),
    },
  ];
  return withCli ? [stageJob, ...cliJobs] : [stageJob];
}

interface Samples {
  wall: number[];
  rss: number[];
  stages: Map<string, number[]>;
  prettier?: string[];
}

function measure(spec: string, runs: number, withCli: boolean): Map<string, Samples> {
  const list = jobs(spec, withCli);
  const samples = new Map(list.map((j) => [j.name, { wall: [], rss: [], stages: new Map() } as Samples]));
  // Round -1 warms the file cache and tsx's transform cache; it is not counted.
  for (let round = -1; round < runs; round++) {
    for (let k = 0; k < list.length; k++) {
      const job = list[(Math.max(round, 0) + k) % list.length]!;
      const out = mkdtempSync(join(tmpdir(), "contractgen-stages-"));
      const { cmd, args } = job.run(join(out, "api"));
      const result = runTimed(cmd, args);
      rmSync(out, { recursive: true, force: true });
      if (result.status !== 0) throw new Error(`${job.name} failed (${result.status}): ${result.stderr.slice(-2000)}`);
      if (round < 0) continue;
      const s = samples.get(job.name)!;
      s.wall.push(result.wallMs);
      if (result.rssKb !== undefined) s.rss.push(result.rssKb);
      const parsed = job.parse?.(result.stdout);
      for (const [stage, ms] of Object.entries(parsed?.timings ?? {})) {
        s.stages.set(stage, [...(s.stages.get(stage) ?? []), ms]);
      }
      if (parsed) s.prettier = parsed.prettier;
    }
    if (round >= 0) console.error(`round ${round + 1}/${runs} done`);
  }
  return samples;
}

function report(spec: string, runs: number, samples: Map<string, Samples>): string {
  const lines = [`${spec}: medians of ${runs} paired runs (min to max)`, ""];
  const stageSamples = samples.get("generateApi (stages)")!;
  lines.push("stage timings of generateApi (emit and format overlap: format runs on a worker thread)");
  for (const [stage, values] of stageSamples.stages) lines.push(`  ${stage.padEnd(10)} ${fmt.stats(stats(values))}`);
  lines.push(`  through prettier: ${stageSamples.prettier?.length ? stageSamples.prettier.join(", ") : "none"}`);
  lines.push("", "process wall time and peak RSS");
  for (const [name, s] of samples) {
    lines.push(
      `  ${name.padEnd(22)} wall ${fmt.stats(stats(s.wall)).padEnd(28)} rss ${fmt.stats(stats(s.rss), fmt.mib)}`,
    );
  }
  const ours = samples.get("contractgen generate");
  const theirs = samples.get("openapi-typescript");
  if (ours && theirs) {
    // Ratios of medians, and the median of per-round ratios (each round's pair ran back to back).
    const perRound = ours.wall.map((w, i) => w / theirs.wall[i]!);
    const rssPerRound = ours.rss.map((r, i) => r / theirs.rss[i]!);
    lines.push(
      "",
      `contractgen / openapi-typescript: wall ${fmt.ratio(stats(ours.wall).median, stats(theirs.wall).median)} ` +
        `(per-round median ${stats(perRound).median.toFixed(2)}x), ` +
        `peak RSS ${fmt.ratio(stats(ours.rss).median, stats(theirs.rss).median)} (per-round median ${stats(rssPerRound).median.toFixed(2)}x)`,
    );
  }
  return lines.join("\n");
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: "string" }, child: { type: "boolean" }, "no-cli": { type: "boolean" } },
});
const spec = positionals[0] ? resolve(positionals[0]) : undefined;
if (!spec) {
  console.error("usage: node --import tsx bench/profile-stages.ts SPEC [--runs N] [--no-cli]");
  process.exit(2);
}
if (values.child) await stagesChild(spec);
else {
  const runs = Number(values.runs ?? 5);
  console.log(report(spec, runs, measure(spec, runs, !values["no-cli"])));
}
