/**
 * Property: whatever string a spec puts in any field, generation either refuses with a positioned
 * error, or emits output that compiles under strict tsc and imports without running anything.
 * Samples are generated in process; one tsc run and one import run then cover all of them.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { CONSUMER_WITHOUT_NODE, withTableChecked } from "./support/tsc.ts";
import { apiConfig, resolvedConfig } from "../generator/config/index.ts";
import { UserError } from "../generator/errors.ts";
import { closeRunContext, createRunContext, generateApi, generateRuntime } from "../generator/pipeline/run.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "contractgen-poisoned-spec-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const PAYLOADS = [
  'X */ console.log("PWNED"); /*',
  "/*",
  "*/",
  "`${console.log('PWNED')}`",
  "'\"",
  "\n",
  "\r\n",
  "\u2028",
  "\u2029",
  "</script>",
  "4*/ never; console.log('PWNED'); export type J = /*",
  "\\",
  "// ",
  "{{title}}",
];

/** Strings that mix the payloads with arbitrary text. */
const poison = fc.oneof(
  fc.constantFrom(...PAYLOADS),
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc
    .array(fc.oneof(fc.constantFrom(...PAYLOADS), fc.string({ maxLength: 4 })), { minLength: 1, maxLength: 4 })
    .map((parts) => parts.join("")),
);

interface Fields {
  title: string;
  version: string;
  server: string;
  path: string;
  operationId: string;
  summary: string;
  description: string;
  code: string;
  errorDescription: string;
  status: string;
  parameter: string;
  property: string;
  scheme: string;
  schemaName: string;
  example: string;
}

const fields: fc.Arbitrary<Fields> = fc.record({
  title: poison,
  version: poison,
  server: poison,
  path: poison,
  operationId: poison,
  summary: poison,
  description: poison,
  code: poison,
  errorDescription: poison,
  status: fc.oneof(
    { arbitrary: fc.constantFrom("404", "4XX", "default", "500"), weight: 4 },
    { arbitrary: poison, weight: 1 },
  ),
  parameter: poison,
  property: poison,
  scheme: poison,
  schemaName: poison,
  example: poison,
});

function specOf(f: Fields): string {
  const problem = {
    type: "object",
    required: ["code"],
    properties: {
      code: { type: "string", enum: [f.code] },
      detail: { type: "string" },
      [f.property]: { type: "string", example: f.example },
    },
  };
  return YAML.stringify({
    openapi: "3.1.0",
    info: { title: f.title, version: f.version },
    servers: [{ url: f.server }],
    security: [{ [f.scheme]: [] }],
    paths: {
      [`/items/${f.path}/{id}`]: {
        get: {
          operationId: f.operationId,
          summary: f.summary,
          description: f.description,
          parameters: [
            { name: "id", in: "path", required: true, schema: { type: "string" } },
            { name: f.parameter, in: "query", schema: { type: "string" } },
          ],
          responses: {
            "200": {
              description: "OK",
              content: {
                "application/json": {
                  schema: { $ref: `#/components/schemas/${encodeURIComponent(f.schemaName).replace(/~/g, "~0")}` },
                },
              },
            },
            [f.status]: {
              description: f.errorDescription,
              content: { "application/problem+json": { schema: problem } },
            },
          },
        },
      },
    },
    components: {
      securitySchemes: { [f.scheme]: { type: "apiKey", in: "header", name: f.parameter } },
      schemas: {
        [f.schemaName]: {
          type: "object",
          title: f.title,
          properties: { [f.property]: { type: "string", description: f.description } },
        },
      },
    },
  });
}

describe("any string in any spec field", () => {
  it("is refused with a position, or generates output that compiles and imports silently", async () => {
    const config = resolvedConfig(work, [], { runtimeOutput: join(work, "runtime") });
    const ctx = createRunContext(config);
    const generated: string[] = [];
    const refusals: string[] = [];
    const unpositioned: string[] = [];
    try {
      const samples = fc.sample(fields, { numRuns: 60, seed: 20261202 });
      for (const [i, sample] of samples.entries()) {
        const dir = join(work, `s${i}`);
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, "spec.yaml"), specOf(sample));
        try {
          const result = await generateApi(
            apiConfig({ name: `s${i}`, spec: join(dir, "spec.yaml"), output: join(dir, "out") }),
            ctx,
          );
          for (const [name, text] of result.files) {
            mkdirSync(dirname(join(dir, "out", name)), { recursive: true });
            writeFileSync(join(dir, "out", name), name === "operations.ts" ? withTableChecked(text) : text);
          }
          generated.push(`s${i}`);
        } catch (err) {
          // A refusal is a UserError that says where: file, line and column.
          const position = err instanceof UserError ? err.position : undefined;
          if (position?.file === join(dir, "spec.yaml") && position.line > 0)
            refusals.push(
              (err as Error).message.startsWith("openapi-typescript")
                ? `${(err as Error).message} ${JSON.stringify(sample)}`
                : (err as Error).message,
            );
          else
            unpositioned.push(
              `sample ${i} ${JSON.stringify(sample)}: ${(err as Error).stack?.split("\n").slice(0, 3).join(" ")}`,
            );
        }
      }
      for (const [name, text] of generateRuntime(ctx).files) {
        mkdirSync(join(work, "runtime"), { recursive: true });
        writeFileSync(join(work, "runtime", name), text);
      }
    } finally {
      await closeRunContext(ctx);
    }
    expect(unpositioned).toEqual([]);
    // Most samples must generate, or the property says little.
    expect(generated.length, refusals.slice(0, 5).join("\n")).toBeGreaterThan(40);
    // openapi-typescript's own failures are refused where validate can say exactly where, not at line 1.
    expect(refusals.filter((message) => message.startsWith("openapi-typescript cannot"))).toEqual([]);

    symlinkSync(join(root, "node_modules"), join(work, "node_modules"));
    writeFileSync(
      join(work, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { ...CONSUMER_WITHOUT_NODE, noEmit: true },
        files: generated.map((s) => `${s}/out/index.ts`),
      }),
    );
    let tscOutput = "";
    try {
      execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", work], {
        cwd: work,
        encoding: "utf8",
      });
    } catch (err) {
      tscOutput = String((err as { stdout?: string }).stdout ?? err);
    }
    expect(tscOutput).toBe("");

    const main = generated
      .map((s, i) => `import * as api${i} from "./${s}/out/index.ts";\nvoid Object.keys(api${i});`)
      .join("\n");
    writeFileSync(join(work, "main.ts"), `${main}\n`);
    const printed = execFileSync(process.execPath, ["--import", "tsx", join(work, "main.ts")], {
      cwd: work,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    expect(printed).toBe("");
  }, 300_000);
});
