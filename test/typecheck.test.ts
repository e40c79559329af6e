/**
 * Runs `tsc --noEmit` over the whole project: the generator, the committed generated/ clients, and the
 * type-level tests in test/types/ (whose `@ts-expect-error` lines fail the build if they ever compile).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CONSUMER_WITHOUT_NODE, withTableChecked } from "./support/tsc.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("type-level behaviour", () => {
  it("the project, generated clients and type tests compile under strict tsc", () => {
    let output = "";
    try {
      execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "tsconfig.json"], { cwd: root, encoding: "utf8" });
    } catch (err) {
      output = String((err as { stdout?: string }).stdout ?? err);
    }
    expect(output).toBe("");
  }, 120_000);

  it("the runtime compiles without Node types, and every export's type is written out (isolatedDeclarations)", () => {
    // Generated copies of the runtime carry @ts-nocheck, so an application's tsc never checks them:
    // this is where they are checked for a browser or Deno consumer, and where an export whose type
    // would be inferred from the (unchecked) body is refused.
    const out = mkdtempSync(join(tmpdir(), "contractgen-runtime-decl-"));
    try {
      const runtimeDir = join(root, "templates/runtime");
      const files = readdirSync(runtimeDir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts")).map((f) => join(runtimeDir, f));
      writeFileSync(
        join(out, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            ...CONSUMER_WITHOUT_NODE,
            noUncheckedIndexedAccess: true,
            isolatedDeclarations: true,
            declaration: true,
            emitDeclarationOnly: true,
            outDir: join(out, "declarations"),
          },
          files,
        }),
      );
      let output = "";
      try {
        execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(out, "tsconfig.json")], { cwd: root, encoding: "utf8" });
      } catch (err) {
        output = String((err as { stdout?: string }).stdout ?? err);
      }
      expect(output).toBe("");
      expect(readdirSync(join(out, "declarations")).length).toBe(files.length);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);

  it("the golden fixtures' and the project's generated clients compile on their own, without Node types (as a browser or Deno consumer would)", () => {
    const specs = [...["minimal", "problem-details-3.0", "custom-envelope"].map((name) => `test/fixtures/generate/${name}/spec.yaml`), "spec/hostup.yaml", "spec/aether.yaml"];
    expect(typecheckGenerated(specs)).toBe("");
  }, 120_000);

  it("an operation table entry that breaks OperationMeta fails that check (the table's @ts-nocheck is lifted there)", () => {
    const output = typecheckGenerated(["test/fixtures/generate/minimal/spec.yaml"], (table) => table.replace(/json: (true|false)/, 'json: "yes"'));
    expect(output).toMatch(/api0\/operations\.ts\(\d+,\d+\): error TS2322: Type 'string' is not assignable to type 'boolean'/);
  }, 120_000);

  it("a client's types follow the wire: Blob, string, required baseUrl, mixed fixed and open codes (test/fixtures/wire)", () => {
    const app = readFileSync(join(root, "test/fixtures/wire/app.ts"), "utf8");
    expect(typecheckGenerated(["test/fixtures/wire/spec.yaml"], undefined, { "app.ts": app })).toBe("");
    // The same file with one expectation broken fails: the checks are live.
    const broken = app.replace("assert<Equal<typeof note.data, string>>()", "assert<Equal<typeof note.data, Blob>>()");
    expect(typecheckGenerated(["test/fixtures/wire/spec.yaml"], undefined, { "app.ts": broken })).toMatch(/app\.ts\(\d+,\d+\): error TS2344/);
  }, 120_000);

  it("tsc's messages name a body by its component schema, not by its members (test/fixtures/wire)", () => {
    const app = [
      'import { createWireClient } from "./api0/index.js";',
      'const client = createWireClient({ baseUrl: "https://wire.example" });',
      'export async function flag(): Promise<void> {',
      '  const result = await client.getFlag({ params: { path: { key: "k" } } });',
      '  if (result.error?.status === 400) result.error satisfies number;',
      '}',
      '',
    ].join("\n");
    const output = typecheckGenerated(["test/fixtures/wire/spec.yaml"], undefined, { "app.ts": app });
    expect(output).toMatch(/app\.ts\(5,\d+\): error TS1360: Type '[^']*DocumentedError<400, string, OpenError, undefined>' does not satisfy the expected type 'number'/);
  }, 120_000);

  it("the large public spec (Stripe, as it is) generates a client that compiles under strict tsc", () => {
    expect(typecheckGenerated(["../shared/specs/stripe-spec3.yaml"])).toBe("");
  }, 300_000);

  it("an application's tsc works out no operation's types until the program uses it", () => {
    // Each operation's function or method type, once worked out, costs instantiations: a folder whose
    // check works them all out (a record parameter that takes the functions' namespace, a mapped type
    // resolved eagerly) counts several per operation, whatever the program calls.
    const dir = mkdtempSync(join(tmpdir(), "contractgen-many-"));
    try {
      const spec = join(dir, "spec.json");
      writeFileSync(spec, JSON.stringify(manyOperationsSpec(50)));
      const output = typecheckGenerated([spec], null, {}, ["--extendedDiagnostics"]);
      expect(output.split("\n").filter((line) => line.includes("error TS"))).toEqual([]);
      expect(Number(/^Instantiations:\s+(\d+)$/m.exec(output)?.[1])).toBeLessThan(100);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

/** A spec of `pairs` paths, each with a GET of a list (one query parameter) and a POST of a body: `2 * pairs` operations. */
function manyOperationsSpec(pairs: number): object {
  const json = (schema: object) => ({ content: { "application/json": { schema } } });
  const thing = { $ref: "#/components/schemas/Thing" };
  const failure = { description: "failure", ...json({ $ref: "#/components/schemas/Failure" }) };
  const paths: Record<string, object> = {};
  for (let i = 0; i < pairs; i++) {
    paths[`/things${i}`] = {
      get: {
        operationId: `listThings${i}`,
        parameters: [{ name: "limit", in: "query", schema: { type: "integer" } }],
        responses: { "200": { description: "the things", ...json({ type: "array", items: thing }) }, default: failure },
      },
      post: {
        operationId: `createThing${i}`,
        requestBody: { required: true, ...json(thing) },
        responses: { "201": { description: "the thing", ...json(thing) }, default: failure },
      },
    };
  }
  const named = (property: string) => ({ type: "object", required: [property], properties: { [property]: { type: "string" } } });
  return {
    openapi: "3.0.3",
    info: { title: "Many", version: "1" },
    servers: [{ url: "https://many.example" }],
    paths,
    components: { schemas: { Thing: named("name"), Failure: named("message") } },
  };
}

/**
 * Generate each spec ad hoc into a temporary project and run strict tsc over it, each operation table
 * checked (its @ts-nocheck lifted, then `editTable` applied), or left as generated, as an application
 * compiles it (`editTable` null); returns tsc's output (`""` when it compiles, unless `tscArgs` ask for more).
 */
function typecheckGenerated(
  specs: string[],
  editTable: ((text: string) => string) | null = (text) => text,
  apps: Record<string, string> = {},
  tscArgs: string[] = [],
): string {
  const out = mkdtempSync(join(tmpdir(), "contractgen-typecheck-"));
  try {
    const entries = specs.map((spec, i) => {
      const dir = join(out, `api${i}`);
      execFileSync(process.execPath, ["generator/bin.mjs", "generate", "--spec", spec, "--out", dir, "--quiet"], { cwd: root });
      const table = join(dir, "operations.ts");
      if (editTable && existsSync(table)) writeFileSync(table, editTable(withTableChecked(readFileSync(table, "utf8"))));
      return `api${i}/index.ts`;
    });
    for (const [file, text] of Object.entries(apps)) {
      writeFileSync(join(out, file), text);
      entries.push(file);
    }
    writeFileSync(
      join(out, "tsconfig.json"),
      JSON.stringify({
        // noUnused*: a consumer with them on compiles the generated folders too (the runtime's copies are @ts-nocheck).
        compilerOptions: { ...CONSUMER_WITHOUT_NODE, noEmit: true, noUnusedLocals: true, noUnusedParameters: true },
        files: entries,
      }),
    );
    // the generated clients import openapi-fetch: resolve it from this repository's node_modules
    execFileSync("ln", ["-s", join(root, "node_modules"), join(out, "node_modules")]);
    try {
      const tsc = [join(root, "node_modules/typescript/bin/tsc"), "-p", join(out, "tsconfig.json"), ...tscArgs];
      return execFileSync(process.execPath, tsc, { cwd: out, encoding: "utf8" });
    } catch (err) {
      return String((err as { stdout?: string }).stdout ?? err);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
