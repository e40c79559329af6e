/** Type-check cost: tsc over a consumer of the generated client beside the same consumer of openapi-typescript + openapi-fetch. */
import { RUNS, NODE, BIN, version, log, markdown, targets, type SpecInput, projectSpecs, STRIPE, GITHUB, measureSideBySide } from "../context.ts";
import { firstLine, fmt, freshDir, runTimed, stats, table, WORK, type Stats } from "../lib.ts";
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import YAML from "yaml";

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

export function typecheckSection(): void {
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

/** The two type-check targets, both on Stripe. */
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
