/** Generation: contractgen generate beside openapi-typescript, @hey-api/openapi-ts and orval on the project specs and the large ones. */
import { args, RUNS, NODE, BIN, version, log, markdown, targets, type SpecInput, projectSpecs, largeSpecs, STRIPE, GITHUB, type Measured, measureSideBySide } from "../context.ts";
import { dirSize, firstLine, fmt, freshDir, hasGnuTime, ROOT, runTimed, table, WORK } from "../lib.ts";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

interface Tool {
  name: string;
  /** Command for one generation of `spec` into `out` (a fresh folder). */
  command(spec: SpecInput, out: string): { cmd: string; args: string[]; cwd?: string };
}

const TOOLS: Tool[] = [
  {
    name: "contractgen generate",
    command: (spec, out) => ({ cmd: NODE, args: [BIN.contractgen, "generate", "--spec", spec.file, "--out", out, "--name", spec.name, "-q"] }),
  },
  {
    name: "openapi-typescript",
    command: (spec, out) => ({ cmd: NODE, args: [BIN.openapiTypescript, spec.file, "-o", join(out, "schema.ts")] }),
  },
  {
    name: "@hey-api/openapi-ts",
    // run from an empty folder so that no stray config file is picked up
    command: (spec, out) => ({ cmd: NODE, args: [BIN.heyApi, "-i", spec.file, "-o", out, "-c", "@hey-api/client-fetch", "-s", "--no-log-file"], cwd: freshDir(`${out}-cwd`) }),
  },
  {
    name: "orval",
    command: (spec, out) => {
      const cwd = freshDir(`${out}-cwd`);
      writeFileSync(
        join(cwd, "orval.config.cjs"),
        `module.exports = ${JSON.stringify({ bench: { input: { target: spec.file }, output: { target: join(out, `${spec.name}.ts`), client: "fetch" } } }, null, 2)};\n`,
      );
      return { cmd: NODE, args: [BIN.orval, "--config", join(cwd, "orval.config.cjs")], cwd };
    },
  },
];

/** Peers slower than this on their warm-up run once more only, so that a slow peer on GitHub's spec does not take the whole bench. */
const SLOW_PEER_MS = 60_000;
const TARGET_TOOLS = new Set(["contractgen generate", "openapi-typescript"]);
const toolDir = (base: string, tool: Tool) => join(base, tool.name.replace(/[^a-z0-9]+/gi, "-"));

export function generationSection(): void {
  log(`\n== generation (${RUNS} runs after a warm-up; GNU time ${hasGnuTime() ? "found" : "missing: peak RSS n/a"})`);
  const rows: string[][] = [];
  const results = new Map<string, Map<string, Measured>>();
  let runtimeSize: string | undefined;
  for (const spec of [...projectSpecs, ...largeSpecs]) {
    log(`-- ${spec.label}`);
    const base = join(WORK, "gen", spec.name);
    const measured = measureSideBySide(
      TOOLS.map((tool) => ({
        key: tool.name,
        slowAfterMs: TARGET_TOOLS.has(tool.name) ? undefined : SLOW_PEER_MS,
        run: (round) => {
          const out = freshDir(toolDir(base, tool));
          const { cmd, args: argv, cwd } = tool.command(spec, out);
          const r = runTimed(cmd, argv, { cwd });
          const ok = r.status === 0;
          log(`   ${round < 0 ? "warm-up" : `run ${round + 1}`}: ${tool.name} ${fmt.ms(r.wallMs)} ${fmt.mib(r.rssKb)}${ok ? "" : ` FAILED ${firstLine(r.stderr || r.stdout)}`}`);
          return { wallMs: r.wallMs, rssKb: r.rssKb, ok, error: ok ? undefined : `exit ${r.status}: ${firstLine(r.stderr || r.stdout)}` };
        },
      })),
    );
    for (const tool of TOOLS) {
      const size = dirSize(toolDir(base, tool));
      Object.assign(measured.get(tool.name)!, size.files > 0 ? { bytes: size.bytes, files: size.files } : {});
    }
    const runtime = dirSize(join(toolDir(base, TOOLS[0]!), "runtime"));
    if (runtime.files > 0) runtimeSize = `${fmt.bytes(runtime.bytes)} / ${runtime.files} files`;
    results.set(spec.name, measured);
    const oats = measured.get("openapi-typescript")!;
    for (const tool of TOOLS) {
      const m = measured.get(tool.name)!;
      const fewer = m.wall.n > 0 && m.wall.n < RUNS ? ` (${m.wall.n} run: warm-up over ${fmt.ms(SLOW_PEER_MS)})` : "";
      rows.push([
        spec.label,
        tool.name,
        m.error ? `failed: ${m.error}` : `${fmt.stats(m.wall)}${fewer}`,
        m.error ? "" : fmt.ratio(m.wall.median, oats.wall.median),
        m.error ? "" : fmt.stats(m.rss, (kb) => fmt.mib(kb)),
        m.error ? "" : fmt.ratio(m.rss?.median, oats.rss?.median),
        m.bytes !== undefined ? `${fmt.bytes(m.bytes)} / ${m.files}` : "n/a",
        m.bytes !== undefined && oats.bytes ? fmt.ratio(m.bytes, oats.bytes) : "n/a",
      ]);
    }
  }

  // cold `contractgen generate` of the configured project specs (both, one process)
  log("-- contractgen generate with a config of both project specs");
  const configDir = freshDir(join(WORK, "gen", "config"));
  const config = join(configDir, "contractgen.config.json");
  const projectConfig = JSON.parse(readFileSync(join(ROOT, "contractgen.config.json"), "utf8")) as { apis: { name: string; spec: string; output: string }[] };
  writeFileSync(
    config,
    JSON.stringify({ apis: projectConfig.apis.map((a) => ({ ...a, spec: resolve(ROOT, a.spec), output: join(configDir, a.name) })) }, null, 2),
  );
  const cold = measureSideBySide([
    {
      key: "config",
      run: (round) => {
        for (const a of projectConfig.apis) freshDir(join(configDir, a.name));
        const r = runTimed(NODE, [BIN.contractgen, "generate", "-c", config, "-q"]);
        log(`   ${round < 0 ? "warm-up" : `run ${round + 1}`}: contractgen generate (config) ${fmt.ms(r.wallMs)}`);
        return { wallMs: r.wallMs, rssKb: r.rssKb, ok: r.status === 0, error: firstLine(r.stderr) };
      },
    },
  ]).get("config")!;
  rows.push([
    `both project specs (config, ${projectConfig.apis.map((a) => a.name).join(" + ")})`,
    "contractgen generate",
    cold.error ? `failed: ${cold.error}` : fmt.stats(cold.wall),
    "",
    fmt.stats(cold.rss, (kb) => fmt.mib(kb)),
    "",
    "",
    "",
  ]);

  const head = ["spec", "tool", "wall: median (min to max)", "wall vs oats", "peak RSS", "RSS vs oats", "output / files", "size vs oats"];
  const text = table(head, rows);
  console.log(`\n${text}\n`);

  for (const spec of [STRIPE, GITHUB]) {
    const m = spec && results.get(spec.name);
    if (m) generationTargets(spec, m);
  }
  targets.push({
    section: "generation",
    issue: "5",
    target: "cold `contractgen generate`, both project specs, < 1.5 s wall",
    measured: cold.error ? `failed: ${cold.error}` : fmt.stats(cold.wall),
    met: cold.error ? false : cold.wall.median < 1500,
  });

  markdown.set(
    "generation",
    `## 1. Generation

Whole process, wall clock from spawn to exit; peak RSS from GNU \`time -v\` (largest process of the command).
Output is the folder each tool writes (bytes / files). Peers: openapi-typescript ${version("openapi-typescript")} ("oats"),
@hey-api/openapi-ts ${version("@hey-api/openapi-ts")} with the fetch client (\`-c @hey-api/client-fetch\`), orval ${version("orval")} with \`client: "fetch"\`.
contractgen runs \`node generator/bin.mjs generate --spec FILE --out DIR --name N -q\` (what \`npx contractgen\` runs, minus npx's own start-up).
contractgen's output includes openapi-typescript's (\`schema.ts\`) plus the client, errors, operations and index files, the
\`.contractgen-manifest.json\` the writer keeps, and the shared runtime, which an ad hoc \`--spec X --out DIR\` run writes to
\`DIR/runtime/\` (${runtimeSize ? `${runtimeSize}, the same for every spec, counted in each contractgen row` : "not found in this run"}).
The peers do not format their output. contractgen and openapi-typescript always run ${RUNS} times, paired in one rotation;
a peer whose warm-up takes over ${fmt.ms(SLOW_PEER_MS)} (@hey-api/openapi-ts on GitHub's spec) runs once more only, as the row says.

${text}
`,
  );
}

/** The generation targets on one large spec: wall and peak RSS against openapi-typescript (same run), and ahead of the peers. */
function generationTargets(spec: SpecInput, m: Map<string, Measured>): void {
  const ours = m.get("contractgen generate")!;
  const oats = m.get("openapi-typescript")!;
  const failed = ours.error ?? oats.error;
  targets.push({
    section: "generation",
    issue: "17",
    target: `full pipeline <= 1.10x openapi-typescript alone, wall, paired in one run (${spec.label})`,
    measured: failed ? `failed: ${failed}` : `${fmt.ms(ours.wall.median)} vs ${fmt.ms(oats.wall.median)} = ${fmt.ratio(ours.wall.median, oats.wall.median)}`,
    met: failed ? false : ours.wall.median <= 1.1 * oats.wall.median,
  });
  const rss = ours.rss?.median;
  const oatsRss = oats.rss?.median;
  targets.push({
    section: "generation",
    issue: "17",
    target: `peak RSS <= 1.3x openapi-typescript's (GNU time; ${spec.label})`,
    measured: rss === undefined || oatsRss === undefined ? "n/a (no GNU time, or a run failed)" : `${fmt.mib(rss)} vs ${fmt.mib(oatsRss)} = ${fmt.ratio(rss, oatsRss)}`,
    met: rss === undefined || oatsRss === undefined ? undefined : rss <= 1.3 * oatsRss,
  });
  const hey = m.get("@hey-api/openapi-ts")!;
  const orval = m.get("orval")!;
  const peerWall = (p: Measured) => (p.error ? "failed" : fmt.ms(p.wall.median));
  targets.push({
    section: "generation",
    issue: "8",
    target: `full pipeline faster than @hey-api/openapi-ts and orval (${spec.label})`,
    measured: `${fmt.ms(ours.wall.median)} vs hey-api ${peerWall(hey)}, orval ${peerWall(orval)}`,
    met: !ours.error && (hey.error !== undefined || ours.wall.median < hey.wall.median) && (orval.error !== undefined || ours.wall.median < orval.wall.median),
  });
}
