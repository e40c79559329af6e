/**
 * `npm run bench [-- --quick] [-- --runs N] [-- --only generation,typecheck,client,diff,validators,scaling,watch,profile]`
 *
 * Every figure is the median of `--runs` runs (default 5) after one warm-up, with min and max; peers
 * run side by side in the same invocation, in rotating order. Prints the tables and rewrites the
 * measured sections of BENCHMARKS.md (sections not selected with --only are kept as they were).
 */
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import YAML from "yaml";
import { clientBench, type ClientColumn } from "./client.ts";
import { diffBench } from "./diff.ts";
import { cliFromBundle, dirSize, firstLine, fmt, freshDir, hasGnuTime, ROOT, runTimed, SHARED_SPECS, startChild, stats, table, WORK, type Stats } from "./lib.ts";
import { formatProfile, profileGenerate } from "./profile.ts";
import { EDITS, scaledSpec } from "./specs.ts";

const SECTIONS = ["generation", "typecheck", "client", "diff", "validators", "scaling", "watch", "profile"] as const;
type Section = (typeof SECTIONS)[number];

const { values: args } = parseArgs({
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
const RUNS = Number(args.runs ?? (args.quick ? 2 : 5));
const selected = new Set<Section>(
  args.only ? (args.only.split(",").map((s) => s.trim()) as Section[]) : SECTIONS,
);
for (const s of selected) if (!SECTIONS.includes(s)) throw new Error(`unknown section "${s}"; sections: ${SECTIONS.join(", ")}`);

const NODE = process.execPath;
const BIN = {
  contractgen: join(ROOT, "generator/bin.mjs"),
  openapiTypescript: join(ROOT, "node_modules/openapi-typescript/bin/cli.js"),
  heyApi: join(ROOT, "node_modules/@hey-api/openapi-ts/bin/run.js"),
  orval: join(ROOT, "node_modules/orval/dist/bin/orval.js"),
  tsc: join(ROOT, "node_modules/typescript/bin/tsc"),
};
const version = (pkg: string) => (JSON.parse(readFileSync(join(ROOT, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;
const log = (line: string) => console.error(line);
const markdown = new Map<Section, string>();
let codeAtStart = "";
let cliBuild = "";
/** A target row: every one names the issue that set it and the section that measures it. */
interface Target {
  section: Section;
  issue: string;
  target: string;
  measured: string;
  met: boolean | undefined;
}
const targets: Target[] = [];

interface SpecInput {
  name: string;
  file: string;
  label: string;
}
const projectSpecs: SpecInput[] = [
  { name: "hostup", file: join(ROOT, "spec/hostup.yaml"), label: "spec/hostup.yaml" },
  { name: "aether", file: join(ROOT, "spec/aether.yaml"), label: "spec/aether.yaml" },
];
const largeSpecs: SpecInput[] = readdirSync(SHARED_SPECS)
  .filter((f) => /\.(ya?ml|json)$/i.test(f))
  .sort()
  .map((f) => ({
    name: basename(f).replace(/\.(ya?ml|json)$/i, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^[^a-z]+/, "s"),
    file: join(SHARED_SPECS, f),
    label: `../shared/specs/${f}`,
  }));
const STRIPE = largeSpecs.find((s) => s.name.startsWith("stripe")) ?? largeSpecs[0];
/** GitHub's REST spec (13 MB of JSON), shipped by the @octokit/openapi devDependency. */
const GITHUB: SpecInput | undefined = ((file) => (existsSync(file) ? { name: "github", file, label: "GitHub api.github.com.json (@octokit/openapi)" } : undefined))(
  join(ROOT, "node_modules/@octokit/openapi/generated/api.github.com.json"),
);
if (GITHUB) largeSpecs.push(GITHUB);

// ---------------------------------------------------------------------------------------------
// 1. Generation

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

interface Measured {
  wall: Stats;
  rss: Stats | undefined;
  bytes?: number;
  files?: number;
  error?: string;
}

interface Job {
  key: string;
  run: (round: number) => { wallMs: number; rssKb?: number; ok: boolean; error?: string };
  /** A job whose warm-up takes longer than this runs once more instead of `RUNS` times (a slow peer on a large spec). */
  slowAfterMs?: number;
}

/** Warm-up once, then `RUNS` rounds of every job in rotating order. */
function measureSideBySide(jobs: Job[]): Map<string, Measured> {
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

/** Peers slower than this on their warm-up run once more only, so that a slow peer on GitHub's spec does not take the whole bench. */
const SLOW_PEER_MS = 60_000;
const TARGET_TOOLS = new Set(["contractgen generate", "openapi-typescript"]);
const toolDir = (base: string, tool: Tool) => join(base, tool.name.replace(/[^a-z0-9]+/gi, "-"));

function generationSection(): void {
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

  // issue 5: cold `contractgen generate` of the configured project specs (both, one process)
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

/** Issue 17's targets (wall and peak RSS against openapi-typescript, same run) and issue 8's (ahead of the peers) on one large spec. */
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

// ---------------------------------------------------------------------------------------------
// 2. Type-check cost

function parseDiagnostics(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split("\n")) {
    const m = /^([A-Za-z ]+):\s+([\d.]+)(s|K)?\s*$/.exec(line.trim());
    if (m) out[m[1]!.trim()] = Number(m[2]) * (m[3] === "s" ? 1000 : 1);
  }
  // tsc prints no check time when it checked nothing (every file `@ts-nocheck`, as the runtime folder's are).
  if (out["Total time"] !== undefined) out["Check time"] ??= 0;
  return out;
}

const TSC_OPTIONS = {
  target: "ES2022",
  module: "NodeNext",
  moduleResolution: "NodeNext",
  lib: ["ES2022", "DOM", "DOM.Iterable"],
  types: [],
  strict: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: true,
  noEmit: true,
};

const tsFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
    .sort()
    .map((f) => join(dir, f));

interface PreparedOutput {
  spec: SpecInput;
  /** contractgen's output: the API folder, with the shared runtime in its runtime/ subfolder (ad hoc layout). */
  ours: string;
  /** The same API folder with runtime/*.ts replaced by the runtime's declarations. */
  apiOnly: string;
  oats: string;
}

/** Both tools' output for one spec (not timed); throws when either tool fails. */
function prepareOutput(dir: string, spec: SpecInput, runtimeDeclarations: () => string): PreparedOutput {
  const ours = join(dir, `${spec.name}-contractgen`);
  const oats = join(dir, `${spec.name}-oats`);
  const a = runTimed(NODE, [BIN.contractgen, "generate", "--spec", spec.file, "--out", ours, "--name", spec.name, "-q"]);
  const b = runTimed(NODE, [BIN.openapiTypescript, spec.file, "-o", join(oats, "schema.ts")]);
  if (a.status !== 0 || b.status !== 0) throw new Error(`generation for tsc failed (${spec.label}): ${firstLine(a.stderr)} ${firstLine(b.stderr)}`);
  const apiOnly = `${ours}-api-only`;
  cpSync(ours, apiOnly, { recursive: true });
  rmSync(join(apiOnly, "runtime"), { recursive: true, force: true });
  cpSync(runtimeDeclarations(), join(apiOnly, "runtime"), { recursive: true });
  return { spec, ours, apiOnly, oats };
}

/**
 * The runtime's `.d.ts` files (`tsc --emitDeclarationOnly`), emitted once: what a consumer of a built package
 * compiles instead of the runtime's sources, and what `skipLibCheck` skips.
 */
function emitRuntimeDeclarations(runtimeDir: string, outDir: string): string {
  const tsconfig = join(dirname(outDir), "tsconfig.runtime-declarations.json");
  writeFileSync(
    tsconfig,
    JSON.stringify({ compilerOptions: { ...TSC_OPTIONS, noEmit: false, declaration: true, emitDeclarationOnly: true, outDir }, files: tsFiles(runtimeDir) }, null, 2),
  );
  const r = runTimed(NODE, [BIN.tsc, "-p", tsconfig]);
  if (r.status !== 0) throw new Error(`declarations of the runtime failed: ${firstLine(r.stdout + r.stderr)}`);
  return outDir;
}

interface SpecDoc {
  servers?: { url?: string }[];
  paths: Record<string, Record<string, unknown> & { parameters?: Param[]; get?: { operationId?: string; parameters?: Param[]; requestBody?: { required?: boolean } } }>;
  components?: { parameters?: Record<string, Param> };
}
interface Param {
  $ref?: string;
  required?: boolean;
}

function readSpecDoc(file: string): SpecDoc {
  const text = readFileSync(file, "utf8");
  return (file.endsWith(".json") ? JSON.parse(text) : YAML.parse(text, { maxAliasCount: -1 })) as SpecDoc;
}

/** The first `n` GETs, in the spec's own order, that take no path parameter and need no argument at all. */
function pickOperations(doc: SpecDoc, n: number): { path: string; operationId: string }[] {
  // a parameter $ref that does not resolve here counts as required, so that the call is never wrong
  const resolveParam = (p: Param): Param => (p.$ref ? (doc.components?.parameters?.[p.$ref.split("/").pop()!] ?? { required: true }) : p);
  const picked: { path: string; operationId: string }[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const get = item.get;
    if (path.includes("{") || !get?.operationId || get.requestBody?.required) continue;
    if ([...(item.parameters ?? []), ...(get.parameters ?? [])].map(resolveParam).some((p) => p.required)) continue;
    picked.push({ path, operationId: get.operationId });
    if (picked.length === n) break;
  }
  return picked;
}

/** operationId -> client method name, from the generated operations table. */
function methodNames(operationsTs: string): Map<string, string> {
  return new Map([...operationsTs.matchAll(/operationId: ("(?:[^"\\]|\\.)*"),\s*methodName: "([^"]+)"/g)].map((m) => [JSON.parse(m[1]!) as string, m[2]!]));
}

/** An application calling the same `picked` operations through the generated client and through openapi-fetch directly. */
function writeConsumerApps(dir: string, p: PreparedOutput, count: number): { ours: string; oats: string; called: string[] } {
  const doc = readSpecDoc(p.spec.file);
  const methods = methodNames(readFileSync(join(p.ours, "operations.ts"), "utf8"));
  const picked = pickOperations(doc, count).filter((op) => methods.has(op.operationId));
  const factory = /export function (create\w+Client)\(/.exec(readFileSync(join(p.ours, "client.ts"), "utf8"))![1]!;
  const baseUrl = doc.servers?.[0]?.url ?? "https://api.example.com";
  const ours = join(dir, `app-${p.spec.name}-contractgen.ts`);
  const oats = join(dir, `app-${p.spec.name}-oats.ts`);
  const calls = (call: (op: { path: string; operationId: string }) => string, onError: string) =>
    picked.map((op) => `  {\n    const { data, error } = await ${call(op)};\n    if (error) console.log(${onError});\n    else console.log(data);\n  }\n`).join("");
  writeFileSync(
    ours,
    `import { ${factory} } from "./${basename(p.ours)}/index.js";\n\nconst client = ${factory}({ apiKey: "sk_test" });\n\nexport async function main(): Promise<void> {\n` +
      calls((op) => `client.${methods.get(op.operationId)}()`, "error.code, error.message") +
      "}\n",
  );
  writeFileSync(
    oats,
    `import createClient from "openapi-fetch";\nimport type { paths } from "./${basename(p.oats)}/schema.js";\n\nconst client = createClient<paths>({ baseUrl: ${JSON.stringify(baseUrl)}, headers: { Authorization: "Bearer sk_test" } });\n\nexport async function main(): Promise<void> {\n` +
      calls((op) => `client.GET(${JSON.stringify(op.path)})`, "error") +
      "}\n",
  );
  return { ours, oats, called: picked.map((op) => `\`${methods.get(op.operationId)}\``) };
}

interface TscProject {
  key: string;
  label: string;
  files: string[];
  /** The row this one is a ratio to; a row without one is a reference (1.00x) unless `standalone`. */
  base?: string;
  standalone?: boolean;
}

function typecheckSection(): void {
  if (!STRIPE) return;
  log(`\n== type-check (${RUNS} runs after a warm-up)`);
  const dir = freshDir(join(WORK, "tsc"));
  let declarations: string | undefined;
  const prepared: PreparedOutput[] = [];
  const skipped: string[] = [];
  for (const spec of [STRIPE, GITHUB, projectSpecs[0]!]) {
    if (!spec) continue;
    log(`-- generating ${spec.label} (contractgen and openapi-typescript, not timed)`);
    try {
      prepared.push(prepareOutput(dir, spec, () => (declarations ??= emitRuntimeDeclarations(join(dir, `${spec.name}-contractgen`, "runtime"), join(dir, "runtime-declarations")))));
    } catch (err) {
      // one spec that fails to generate must not cost the other rows
      skipped.push(`${spec.label}: ${(err as Error).message}`);
      log(`   skipped: ${(err as Error).message}`);
    }
  }
  if (!prepared.some((p) => p.spec === STRIPE)) {
    markdown.set("typecheck", `## 2. Type-check cost

Not measured: ${skipped.join("; ")}
`);
    return;
  }
  const projects: TscProject[] = [];
  for (const p of prepared) {
    projects.push({ key: `${p.spec.name}-oats`, label: `${p.spec.label}: openapi-typescript output alone (schema.ts)`, files: [join(p.oats, "schema.ts")] });
    projects.push({
      key: `${p.spec.name}-contractgen`,
      label: `${p.spec.label}: contractgen, API folder + runtime folder (what a consumer compiles)`,
      files: [...tsFiles(p.ours), ...tsFiles(join(p.ours, "runtime"))],
      base: `${p.spec.name}-oats`,
    });
    projects.push({
      key: `${p.spec.name}-contractgen-api`,
      label: `${p.spec.label}: contractgen, API folder alone (runtime as declarations)`,
      files: tsFiles(p.apiOnly),
      base: `${p.spec.name}-oats`,
    });
  }
  projects.push({ key: "runtime", label: "contractgen runtime folder alone (the same for every spec)", files: tsFiles(join(prepared[0]!.ours, "runtime")), standalone: true });
  const called = new Map<string, string[]>();
  for (const p of prepared.filter((p) => p.spec === STRIPE || p.spec === GITHUB)) {
    const app = writeConsumerApps(dir, p, 10);
    called.set(p.spec.label, app.called);
    projects.push({ key: `${p.spec.name}-app-oats`, label: `${p.spec.label}: app calling ${app.called.length} operations, openapi-fetch + oats types`, files: [app.oats] });
    projects.push({
      key: `${p.spec.name}-app-contractgen`,
      label: `${p.spec.label}: app calling ${app.called.length} operations, contractgen client`,
      files: [app.ours],
      base: `${p.spec.name}-app-oats`,
    });
  }

  const diag = new Map<string, Record<string, number>[]>();
  const failures = new Map<string, string>();
  const measured = measureSideBySide(
    projects.map((p) => {
      const tsconfig = join(dir, `tsconfig.${p.key}.json`);
      writeFileSync(tsconfig, JSON.stringify({ compilerOptions: TSC_OPTIONS, files: p.files }, null, 2));
      diag.set(p.key, []);
      return {
        key: p.key,
        run: (round) => {
          const r = runTimed(NODE, [BIN.tsc, "-p", tsconfig, "--extendedDiagnostics"]);
          const d = parseDiagnostics(r.stdout);
          const errors = r.stdout.split("\n").filter((l) => l.includes("error TS"));
          if (errors.length > 0) failures.set(p.key, `${errors.length} type error(s), first: ${errors[0]!.slice(0, 200)}`);
          if (round >= 0) diag.get(p.key)!.push({ ...d, wall: r.wallMs, rss: r.rssKb ?? NaN });
          log(`   ${round < 0 ? "warm-up" : `run ${round + 1}`}: tsc ${p.key} check ${fmt.ms(d["Check time"])} total ${fmt.ms(d["Total time"])}${errors.length ? ` (${errors.length} errors)` : ""}`);
          return { wallMs: r.wallMs, rssKb: r.rssKb, ok: d["Check time"] !== undefined, error: firstLine(r.stdout + r.stderr) };
        },
      };
    }),
  );
  const med = (key: string, field: string) => stats((diag.get(key) ?? []).map((d) => d[field]!).filter((v) => Number.isFinite(v)));
  const ratio = (p: TscProject, field: string) => (p.base ? fmt.ratio(med(p.key, field).median, med(p.base, field).median) : p.standalone ? "" : "1.00x");
  const rows = projects.map((p) => [
    p.label + (failures.has(p.key) ? ` (${failures.get(p.key)})` : ""),
    fmt.stats(med(p.key, "Check time")),
    ratio(p, "Check time"),
    fmt.stats(med(p.key, "Total time")),
    ratio(p, "Total time"),
    fmt.int(med(p.key, "Instantiations").median),
    ratio(p, "Instantiations"),
    fmt.mib(med(p.key, "Memory used").median),
    ratio(p, "Memory used"),
    fmt.ms(measured.get(p.key)!.wall.median),
  ]);
  const head = ["project", "check time", "vs base", "total time", "vs base", "instantiations", "vs base", "memory", "vs base", "tsc wall"];
  const text = table(head, rows);
  console.log(`\n${text}\n`);
  typecheckTargets(STRIPE, med, failures);
  markdown.set(
    "typecheck",
    `## 2. Type-check cost

\`tsc --noEmit --extendedDiagnostics\` (TypeScript ${version("typescript")}, \`strict\`, \`noUncheckedIndexedAccess\`, \`skipLibCheck\`, NodeNext, DOM lib) over one project each.
contractgen's output is an ad hoc \`generate --spec X --out DIR\`: the API folder (\`schema.ts\`, which is openapi-typescript's output,
plus client, errors, operations and index) and the shared runtime it imports, emitted once, in \`DIR/runtime/\`.
- "API folder + runtime folder" is what a consumer's \`tsc\` compiles from the sources, so it is the row the target is judged on.
  The runtime's copies and the API folder's \`operations.ts\` (the operation table, data under a declared type) carry \`// @ts-nocheck\`
  (contractgen's own tests check both), so this \`tsc\` reads their types only.
- "API folder alone" is the same API folder with \`runtime/*.ts\` replaced by the runtime's declarations (\`tsc --emitDeclarationOnly\`),
  which \`skipLibCheck\` skips: the API folder's own cost (and what a consumer of a built package pays).
- "runtime folder alone" is \`DIR/runtime/*.ts\` on its own (no API), as emitted, so with \`@ts-nocheck\`.
The application files call the same operations (the first GETs, in spec order, that need no argument) once through the
generated client's methods and once through \`openapi-fetch\` \`client.GET(path)\` over openapi-typescript's \`paths\`:
${[...called].map(([label, ops]) => `${label}: ${ops.join(", ")}`).join("; ")}.
Ratios ("vs base") are to the openapi-typescript row of the same spec (for the apps: to the openapi-fetch app).${skipped.length ? `\n\nNot measured (generation failed): ${skipped.join("; ")}` : ""}

${text}
`,
  );
}

/** Issue 14's two type-check targets, both on Stripe. */
function typecheckTargets(spec: SpecInput, med: (key: string, field: string) => Stats, failures: Map<string, string>): void {
  const check = (key: string) => med(key, "Check time").median;
  const total = (key: string) => med(key, "Total time").median;
  const folder = `${spec.name}-contractgen`;
  const oats = `${spec.name}-oats`;
  targets.push({
    section: "typecheck",
    issue: "14",
    target: `\`tsc\` over the whole generated Stripe folder (API folder + runtime folder) <= 1.5x openapi-typescript's output alone (check time)`,
    measured: `check ${fmt.ms(check(folder))} vs ${fmt.ms(check(oats))} = ${fmt.ratio(check(folder), check(oats))} (total ${fmt.ratio(total(folder), total(oats))}; API folder alone ${fmt.ratio(check(`${folder}-api`), check(oats))})${failures.has(folder) ? "; type errors" : ""}`,
    met: failures.has(folder) ? false : check(folder) <= 1.5 * check(oats),
  });
  const app = `${spec.name}-app-contractgen`;
  const appOats = `${spec.name}-app-oats`;
  targets.push({
    section: "typecheck",
    issue: "14",
    target: "a consumer calling 10 Stripe operations type-checks in <= 1.0x openapi-fetch + openapi-typescript's types (same 10 calls, check time)",
    measured: `check ${fmt.ms(check(app))} vs ${fmt.ms(check(appOats))} = ${fmt.ratio(check(app), check(appOats))} (total ${fmt.ratio(total(app), total(appOats))})${failures.has(app) ? "; type errors" : ""}`,
    met: failures.has(app) ? false : check(app) <= 1.0 * check(appOats),
  });
}

// ---------------------------------------------------------------------------------------------
// 3. Client overhead

async function clientSection(): Promise<void> {
  const requestsPerRun = args.quick ? 4000 : 20_000;
  log(`\n== client overhead (${RUNS} runs of ${requestsPerRun} sequential GETs per column, after a warm-up)`);
  const columns = await clientBench({ runs: RUNS, requestsPerRun, blockSize: 1000, log });
  // columns by name, so that bench/client.ts may add or reorder columns
  const column = (test: (name: string) => boolean): ClientColumn | undefined => columns.find((c) => test(c.name));
  const bare = column((n) => n === "bare fetch")?.stats.median;
  const plain = column((n) => n === "openapi-fetch")?.stats.median;
  const ours = column((n) => n.startsWith("contractgen"));
  const rows = columns.map((c) => [
    c.name,
    fmt.stats(c.stats, (v) => `${fmt.int(v)}`),
    fmt.ratio(c.stats.median, bare),
    fmt.ratio(c.stats.median, plain),
    bare === undefined ? "n/a" : `${(1e6 / c.stats.median - 1e6 / bare).toFixed(1)} µs`,
  ]);
  const text = table(["client", "requests/s: median (min to max)", "vs bare fetch", "vs openapi-fetch", "added per request vs bare fetch"], rows);
  console.log(`\n${text}\n`);
  const measured = ours && plain !== undefined ? `${fmt.int(ours.stats.median)} vs ${fmt.int(plain)} req/s = ${fmt.ratio(ours.stats.median, plain)}` : "a column is missing from bench/client.ts";
  targets.push({
    section: "client",
    issue: "14",
    target: "client throughput >= 0.97x openapi-fetch alone, with auth, timeout, retry and decoding on (requests/s, same run)",
    measured,
    met: ours && plain !== undefined ? ours.stats.median >= 0.97 * plain : false,
  });
  markdown.set(
    "client",
    `## 3. Client overhead

\`bench/client.ts\`: ${requestsPerRun.toLocaleString("en-US")} sequential GETs per column and run, \`GET /api/v2/billing/cards\` answered by a \`node:http\` server on 127.0.0.1
(its own process, \`bench/client-server.mjs\`: a two-card JSON array). The columns run in the same process, interleaved in
blocks of 1,000 requests in rotating order. Every column sends \`Authorization: Bearer ...\` and parses the JSON body:
bare \`fetch\` + \`res.json()\`; \`openapi-fetch\` ${version("openapi-fetch")} \`createClient\` alone (static header) + \`client.GET\`;
the contractgen runtime (\`templates/runtime/\`, what every generated client calls) through \`createApiClient\` with HostUp's
\`listSavedCards\` as generated code describes it: the bearer credential sent by the auth middleware from the operation's security
requirement, the default per-attempt timeout (attempts that start together share a controller: deadlines.ts), the retry loop, the response size limit and the error decoder, all on.

${text}
`,
  );
}

// ---------------------------------------------------------------------------------------------
// 4. Contract diff

async function diffSection(): Promise<void> {
  log(`\n== contract diff (bench/diff.ts, ${RUNS} runs after a warm-up)`);
  const result = await diffBench(RUNS);
  console.log(`\n${result.markdown}\n`);
  for (const t of result.targets) targets.push({ section: "diff", issue: "18", ...t });
  markdown.set(
    "diff",
    `## 4. Contract diff

\`bench/diff.ts\` (\`diffBench\`): \`contractgen diff --base A --head B --format json --fail-on never\`, as a user runs it, on two versions of each large spec.
Stripe: \`${STRIPE?.label ?? "../shared/specs/stripe-spec3.yaml"}\` against itself with the ${EDITS.length} scripted edits of \`bench/specs.ts\`
(${EDITS.map((e) => e.name).join("; ")}).
GitHub: api.github.com.json against itself with structural edits (every 60th path removed, a required query parameter added to every
45th, the first property of every 25th schema retyped). The targets are judged on the full CLI run, generated-client section included.

${result.markdown}
`,
  );
}

// ---------------------------------------------------------------------------------------------
// Validators (issue 15): cost per response of the opt-in response validation

/**
 * HOOK (issue 15): bench/validators.ts is H-validators' file. When it exists and exports
 * `validatorsBench(runs): Promise<{ markdown: string; targets?: { target, measured, met }[] }>` (the shape of
 * bench/diff.ts's `diffBench`), this section runs it; until then it says so and measures nothing.
 */
async function validatorsSection(): Promise<void> {
  log(`\n== validators (bench/validators.ts, ${RUNS} runs after a warm-up)`);
  const file = join(ROOT, "bench/validators.ts");
  let body: string;
  if (!existsSync(file)) {
    body = "_Not measured: `bench/validators.ts` (`validatorsBench`, issue 15) does not exist yet in this checkout._";
  } else {
    const module = (await import(pathToFileURL(file).href)) as { validatorsBench?: unknown };
    if (typeof module.validatorsBench !== "function") {
      body = "_Not measured: `bench/validators.ts` does not export a `validatorsBench` function._";
    } else {
      const result = (await module.validatorsBench(RUNS)) as { markdown: string; targets?: Omit<Target, "section" | "issue">[] };
      body = `\`bench/validators.ts\` (\`validatorsBench\`): cost per response of \`validateResponses: "report"\`.\n\n${result.markdown}`;
      for (const t of result.targets ?? []) targets.push({ section: "validators", issue: "15", ...t });
    }
  }
  console.log(`\n${body}\n`);
  markdown.set("validators", `## Response validation (issue 15)\n\n${body}\n`);
}

// ---------------------------------------------------------------------------------------------
// 5. Scaling

function scalingSection(): void {
  if (!STRIPE) return;
  const factors = [1, 2, 4, 8];
  log(`\n== scaling (${RUNS} runs per size after one warm-up at 1x)`);
  const specs = factors.map((f) => ({ factor: f, ...scaledSpec(STRIPE.file, f) }));
  const stageRuns = new Map<number, Record<string, number>[]>();
  const measured = measureSideBySide(
    specs.map((s) => {
      stageRuns.set(s.factor, []);
      return {
        key: String(s.factor),
        run: (round) => {
          if (round < 0 && s.factor !== 1) return { wallMs: 0, ok: true }; // one warm-up is enough
          const out = freshDir(join(WORK, "scale", `x${s.factor}`));
          const r = runTimed(NODE, [BIN.contractgen, "generate", "--spec", s.file, "--out", out, "--name", "scaled", "--verbose"]);
          const stages = stageTimings(r.stderr);
          if (round >= 0) stageRuns.get(s.factor)!.push(stages);
          log(`   ${round < 0 ? "warm-up" : `run ${round + 1}`}: ${s.factor}x (${s.operations} ops) ${fmt.ms(r.wallMs)} ${fmt.mib(r.rssKb)}${r.status === 0 ? "" : ` FAILED ${firstLine(r.stderr)}`}`);
          return { wallMs: r.wallMs, rssKb: r.rssKb, ok: r.status === 0, error: `exit ${r.status}: ${firstLine(r.stderr)}` };
        },
      };
    }),
  );
  const stageNames = [...new Set([...stageRuns.values()].flatMap((runs) => runs.flatMap((r) => Object.keys(r))))];
  const base = measured.get("1")!.wall.median;
  const points = specs.map((s) => ({ x: s.operations, y: measured.get(String(s.factor))!.wall.median }));
  const fit = linearFit(points);
  const rows = specs.map((s, i) => {
    const m = measured.get(String(s.factor))!;
    const prev = i > 0 ? specs[i - 1]! : undefined;
    const marginal = prev ? (m.wall.median - measured.get(String(prev.factor))!.wall.median) / ((s.operations - prev.operations) / 1000) : undefined;
    return [
      `${s.factor}x`,
      fmt.int(s.operations),
      m.error ? `failed: ${m.error}` : fmt.stats(m.wall),
      fmt.ratio(m.wall.median, base),
      marginal === undefined ? "" : `${fmt.ms(marginal)}`,
      fmt.stats(m.rss, (kb) => fmt.mib(kb)),
      ...stageNames.map((st) => fmt.ms(stats(stageRuns.get(s.factor)!.map((r) => r[st] ?? NaN).filter(Number.isFinite)).median)),
    ];
  });
  const text = table(["size", "operations", "wall: median (min to max)", "vs 1x", "added per 1,000 ops", "peak RSS", ...stageNames.map((s) => `${s} (median)`)], rows);
  const maxMarginal = Math.max(...rows.slice(1).map((_, i) => (points[i + 1]!.y - points[i]!.y) / (points[i + 1]!.x - points[i]!.x)));
  const minMarginal = Math.min(...rows.slice(1).map((_, i) => (points[i + 1]!.y - points[i]!.y) / (points[i + 1]!.x - points[i]!.x)));
  // Superlinear growth shows as a marginal cost that rises with size: compare the last step with the
  // first (the spread between steps alone is mostly noise, and a falling marginal cost is fine).
  const marginals = rows.slice(1).map((_, i) => (points[i + 1]!.y - points[i]!.y) / (points[i + 1]!.x - points[i]!.x));
  const linear = fit.r2 >= 0.98 && marginals[marginals.length - 1]! <= 1.5 * marginals[0]!;
  const fitLine = `Least-squares fit of the medians: wall = ${fmt.ms(fit.a)} + ${fmt.ms(fit.b * 1000)} per 1,000 operations (R² = ${fit.r2.toFixed(4)}); the marginal cost per 1,000 operations ranges ${fmt.ms(minMarginal * 1000)} to ${fmt.ms(maxMarginal * 1000)} between successive sizes.`;
  console.log(`\n${text}\n${fitLine}\n`);
  targets.push({
    section: "scaling",
    issue: "8",
    target: "generation cost grows linearly with operations (R² >= 0.98, marginal cost of the last step <= 1.5x the first)",
    measured: `R² ${fit.r2.toFixed(4)}, marginal ${marginals.map((m) => fmt.ms(m * 1000)).join(" -> ")} per 1,000 ops`,
    met: linear,
  });
  markdown.set(
    "scaling",
    `## 5. Scaling

\`contractgen generate\` on ${STRIPE.label} with its paths duplicated under \`/scale2\`, \`/scale3\`, ... prefixes (operationIds suffixed; components shared),
so 2x, 4x and 8x its operations. Stage columns are the CLI's own per-stage timings (in-process; emit and format may overlap).

${text}

${fitLine}
`,
  );
}

/** The CLI's `--verbose` stage line (`scaled: load 232 ms, validate 167 ms, ..., emit 1.74 s | format 1.97 s in parallel`), in ms. */
function stageTimings(stderr: string): Record<string, number> {
  const stages: Record<string, number> = {};
  const line = stderr.split("\n").find((l) => /^\s*scaled: load /.test(l)) ?? "";
  for (const m of line.matchAll(/(\w+) ([\d.]+) (ms|s)\b/g)) stages[m[1]!] = Number(m[2]) * (m[3] === "s" ? 1000 : 1);
  return stages;
}

function linearFit(points: { x: number; y: number }[]): { a: number; b: number; r2: number } {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  const b = sxy / sxx;
  const a = my - b * mx;
  const ssTot = points.reduce((s, p) => s + (p.y - my) ** 2, 0);
  const ssRes = points.reduce((s, p) => s + (p.y - (a + b * p.x)) ** 2, 0);
  return { a, b, r2: ssTot === 0 ? 1 : 1 - ssRes / ssTot };
}

// ---------------------------------------------------------------------------------------------
// Watch mode (issue 5)

async function watchSection(): Promise<void> {
  log(`\n== watch (${RUNS} saves after a warm-up save)`);
  const dir = freshDir(join(WORK, "watch"));
  cpSync(join(ROOT, "spec"), join(dir, "spec"), { recursive: true });
  const projectConfig = JSON.parse(readFileSync(join(ROOT, "contractgen.config.json"), "utf8")) as { apis: { name: string; output: string }[] };
  writeFileSync(join(dir, "contractgen.config.json"), JSON.stringify({ apis: projectConfig.apis.map((a) => ({ ...a, output: `out/${a.name}` })) }, null, 2));
  const watcher = startChild(NODE, [BIN.contractgen, "watch", "-c", join(dir, "contractgen.config.json")], { cwd: dir });
  const latencies: number[] = [];
  const reported: number[] = [];
  let error: string | undefined;
  try {
    await watcher.waitFor((l) => l.startsWith("watching"), 60_000);
    const target = join(dir, "spec/hostup.yaml");
    const original = readFileSync(target, "utf8");
    for (let i = -1; i < RUNS; i++) {
      await new Promise((r) => setTimeout(r, 400));
      const changed = watcher.waitFor((l) => l.includes("changed:"), 30_000);
      const start = process.hrtime.bigint();
      writeFileSync(target, original.replace(/^(\s*title:\s*)(.*)$/m, `$1$2 (save ${i + 2})`));
      const { line, at } = await changed;
      const ms = Number(at - start) / 1e6;
      const inner = /in (\d+) ms\s*$/.exec(line);
      log(`   ${i < 0 ? "warm-up" : `save ${i + 1}`}: ${fmt.ms(ms)} (${line.trim().slice(0, 120)})`);
      if (!line.includes("wrote")) error = `a save did not rewrite the output: ${line}`;
      if (i >= 0) {
        latencies.push(ms);
        if (inner) reported.push(Number(inner[1]));
      }
    }
  } catch (err) {
    error = (err as Error).message;
  } finally {
    watcher.child.kill("SIGINT");
    await new Promise((r) => {
      const t = setTimeout(() => (watcher.child.kill("SIGKILL"), r(undefined)), 5000);
      watcher.child.once("exit", () => (clearTimeout(t), r(undefined)));
    });
  }
  const s = stats(latencies);
  const text = table(
    ["what", "median (min to max)"],
    [
      ["save -> output written (\"changed: wrote\" printed), both project specs configured", error && latencies.length === 0 ? `failed: ${error}` : fmt.stats(s)],
      ["of which the regeneration the watcher reports", fmt.stats(stats(reported))],
    ],
  );
  console.log(`\n${text}\n`);
  targets.push({
    section: "watch",
    issue: "5",
    target: "watch: output updated < 300 ms after a save",
    measured: latencies.length ? fmt.stats(s) : `failed: ${error}`,
    met: latencies.length ? s.median < 300 : false,
  });
  markdown.set(
    "watch",
    `## Watch mode (issue 5)

\`contractgen watch\` over a copy of the project config and specs (in a scratch folder); each save changes \`info.title\` of the hostup spec.
Measured from the \`writeFile\` of the spec to the watcher printing its \`changed: wrote ...\` line (after the output is written),
including the watcher's 50 ms debounce.${error ? `\n\nProblem: ${error}` : ""}

${text}
`,
  );
}

// ---------------------------------------------------------------------------------------------
// Profile

function profileSection(): void {
  if (!STRIPE) return;
  log("\n== profile (node --cpu-prof, one generate of the large spec)");
  const result = profileGenerate(STRIPE.file, { top: 8 });
  const text = formatProfile(result);
  console.log(text);
  markdown.set(
    "profile",
    `## Where the time goes (CPU profile)

\`node --import tsx bench/profile.ts --spec ${STRIPE.label}\`: one \`generateApi\` of the large spec under \`node --cpu-prof\` (0.5 ms sampling),
samples attributed to the pipeline stage whose window they fall in (the stage timers of that run; on the main thread emit and
format overlap after render, so the main thread's time after render is "emit"), worker threads separately. Self time per function.

${text}`,
  );
}

// ---------------------------------------------------------------------------------------------

function codeVersion(): string {
  const git = (...a: string[]) => runTimed("git", a).stdout.trim();
  const head = git("log", "-1", "--format=%h %s");
  const dirty = git("status", "--porcelain", "--", "generator", "templates", "generated").split("\n").filter(Boolean).length;
  return `commit ${head.slice(0, 100)}${dirty ? ` (plus ${dirty} uncommitted change(s) under generator/, templates/, generated/ when the bench started)` : ""}`;
}

function machine(): string {
  const cpus = os.cpus();
  return `${os.availableParallelism()} CPUs (nproc), ${cpus[0]?.model ?? "unknown CPU"}; ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB memory; Node ${process.version}; ${os.platform()} ${os.release()}`;
}

function writeReport(startedAt: Date, loadStart: number[], loadEnd: number[]): void {
  const file = join(ROOT, "BENCHMARKS.md");
  const previous = existsSync(file) ? readFileSync(file, "utf8") : "";
  const section = (name: Section) => {
    const fresh = markdown.get(name);
    if (fresh) {
      const stamp = `_Measured ${startedAt.toISOString()}, ${codeAtStart}._\n`;
      return `<!-- section:${name} (measured ${startedAt.toISOString()}) -->\n${fresh.replace(/\n\n/, `\n\n${stamp}\n`)}<!-- /section:${name} -->`;
    }
    const old = new RegExp(`<!-- section:${name}[^>]*-->[\\s\\S]*?<!-- /section:${name} -->`).exec(previous);
    return old ? old[0] : `<!-- section:${name} -->\n_not measured yet: \`npm run bench -- --only ${name}\`_\n<!-- /section:${name} -->`;
  };
  // keep the target rows of sections not measured this time; rows of an older layout (no section column) are dropped
  const oldTargets = /<!-- targets[^>]*-->[\s\S]*?<!-- \/targets -->/.exec(previous)?.[0] ?? "";
  const kept = oldTargets
    .split("\n")
    .filter((l) => l.startsWith("| ") && !l.startsWith("| section "))
    .map((l) => l.slice(2, -2).split(" | ").map((c) => c.trim()))
    .filter((cells) => cells.length === TARGET_COLUMNS.length && SECTIONS.includes(cells[0] as Section) && !selected.has(cells[0] as Section));
  const targetsBlock = targetsMarkdown(kept);
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`;
  const report = `# Benchmarks

Generated by \`${command}\` (\`bench/run.ts\`); do not edit by hand: rerun the bench.

- Date: ${startedAt.toISOString()}
- Code measured: ${codeAtStart}${codeVersion() !== codeAtStart ? `; the code changed while the bench ran, now ${codeVersion()}: earlier sections measured the older code` : ""}
- Machine: ${machine()}
- CLI: ${cliBuild}.
- Load average (1 min) at start ${loadStart[0]!.toFixed(2)}, at end ${loadEnd[0]!.toFixed(2)}: other work on the machine skews every figure; the peers run interleaved with ours, so ratios hold up better than absolute figures.
- Runs: every figure is the median of ${RUNS} runs after one warm-up, with min and max${args.only ? `; this invocation measured only: ${[...selected].join(", ")} (other sections are from earlier runs: see the timestamp under each heading, or in its section marker)` : ""}.
- Peer versions (pinned devDependencies): openapi-typescript ${version("openapi-typescript")}, @hey-api/openapi-ts ${version("@hey-api/openapi-ts")}, orval ${version("orval")}, openapi-fetch ${version("openapi-fetch")}, TypeScript ${version("typescript")}.
  orval 7.13.0 is the last orval that runs on Node 20 (7.14 and later need Node 22.18), and @hey-api/openapi-ts 0.95.0 is the last
  that runs on Node 20.19 (later versions need Node 22): both are measured at those versions, not at their latest.
- Peak RSS: ${hasGnuTime() ? "GNU `/usr/bin/time -v` (maximum resident set size)" : "n/a (GNU time is not installed: `apt-get install time`)"}.

${targetsBlock}

${SECTIONS.map(section).join("\n\n")}

${findingsBlock()}
`;
  writeFileSync(file, report);
  log(`\nwrote ${file}`);
}

function findingsBlock(): string {
  const file = join(ROOT, "bench/findings.md");
  return `<!-- findings: bench/findings.md -->\n${existsSync(file) ? readFileSync(file, "utf8").trim() : ""}\n<!-- /findings -->`;
}

/** `--findings-only`: put the current bench/findings.md into BENCHMARKS.md without measuring anything. */
function rewriteFindings(): void {
  const file = join(ROOT, "BENCHMARKS.md");
  const previous = readFileSync(file, "utf8");
  const block = /<!-- findings[^>]*-->[\s\S]*?<!-- \/findings -->/;
  writeFileSync(file, block.test(previous) ? previous.replace(block, () => findingsBlock()) : `${previous.trimEnd()}\n\n${findingsBlock()}\n`);
  log(`updated the findings in ${file}`);
}

const TARGET_COLUMNS = ["section", "issue", "target", "measured (median)", "status"];

function targetsMarkdown(kept: string[][] = []): string {
  const fresh = targets.map((t) => [t.section, t.issue, t.target, t.measured, t.met === undefined ? "n/a" : t.met ? "met" : "**missed**"]);
  const rows = [...kept, ...fresh].sort((a, b) => SECTIONS.indexOf(a[0] as Section) - SECTIONS.indexOf(b[0] as Section));
  return `<!-- targets -->\n## Targets\n\nEach row names the issue that set it; rows of sections not measured by the last invocation are kept from earlier runs.\n\n${table(TARGET_COLUMNS, rows)}\n<!-- /targets -->`;
}

async function main(): Promise<void> {
  const startedAt = new Date();
  codeAtStart = codeVersion();
  const loadStart = os.loadavg();
  log(`contractgen bench: ${machine()}; runs ${RUNS}; sections ${[...selected].join(", ")}`);
  cliBuild = await cliFromBundle();
  log(cliBuild);
  freshDir(join(WORK, "gen"));
  if (selected.has("generation")) generationSection();
  if (selected.has("typecheck")) typecheckSection();
  if (selected.has("client")) await clientSection();
  if (selected.has("diff")) await diffSection();
  if (selected.has("validators")) await validatorsSection();
  if (selected.has("scaling")) scalingSection();
  if (selected.has("watch")) await watchSection();
  if (selected.has("profile")) profileSection();
  if (targets.length > 0) console.log(`\n${targetsMarkdown().replace(/<!--[^>]*-->\n?/g, "")}\n`);
  if (!args["no-write"]) writeReport(startedAt, loadStart, os.loadavg());
  log(`bench done in ${fmt.ms(Date.now() - startedAt.getTime())}`);
}

if (args["findings-only"]) rewriteFindings();
else await main();
