/**
 * The templates lay out client.ts, errors.ts, operations.ts and index.ts as prettier prints them, so
 * the formatter skips prettier for them (format.ts `isLaidOutForPrettier`). Here every such file of
 * the golden fixtures, of spec/ and of samples of Stripe's and GitHub's operations is rendered raw
 * and must be what prettier makes of it, and must be one the formatter would skip. Synthetic models
 * push each layout decision (one line or broken) over its edge.
 */
import { existsSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { format } from "prettier";
import { describe, expect, it } from "vitest";
import { apiConfig, loadConfig, PROBLEM_DETAILS, type ApiConfig } from "../generator/config/index.ts";
import { LAID_OUT_FILES, renderFiles } from "../generator/pipeline/emit.ts";
import { isLaidOutForPrettier, PRETTIER_OPTIONS } from "../generator/pipeline/format.ts";
import { printLiteral } from "../generator/pipeline/layout.ts";
import { loadSpec } from "../generator/spec/load.ts";
import { buildModel, type ApiModel, type OperationModel } from "../generator/pipeline/model.ts";
import { loadTemplates } from "../generator/pipeline/templates.ts";
import { validateSpec } from "../generator/pipeline/validate.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const render = loadTemplates(`${root}templates`);
const emitOptions = { runtimeImport: "../runtime/index", importExtension: ".js" as const, guards: {}, validateResponses: false };

const prettier = (text: string, file = "x.ts") => format(text, { ...PRETTIER_OPTIONS, filepath: file });

async function modelOf(api: ApiConfig): Promise<ApiModel> {
  const spec = loadSpec(api.spec, { refRoot: api.refRoot });
  await validateSpec(spec);
  return buildModel(spec, api, relative(root, spec.rootPath));
}

/**
 * What the formatter gives for each laid-out file (the text itself when `isLaidOutForPrettier`) is
 * prettier's output; with `skipped` (the default), every one of them is a file the formatter skips.
 */
async function expectLaidOut(
  model: ApiModel,
  guards: Record<string, boolean> = {},
  { skipped = true }: { skipped?: boolean } = {},
): Promise<void> {
  const files = renderFiles(model, render, { ...emitOptions, guards });
  for (const [file, text] of files) {
    if (!LAID_OUT_FILES.has(file)) continue;
    const pretty = await prettier(text, file);
    if (isLaidOutForPrettier(text)) expect(text, `${model.name}/${file}`).toBe(pretty);
    if (skipped) expect(isLaidOutForPrettier(text), `${model.name}/${file} is skipped by the formatter`).toBe(true);
  }
}

const fixtureApi = (name: string, errorEnvelope: ApiConfig["errorEnvelope"] = PROBLEM_DETAILS) =>
  apiConfig({ name, errorEnvelope, spec: `${root}test/fixtures/generate/${name}/spec.yaml`, output: "/unused" });

describe("laid-out templates print what prettier prints", () => {
  it.each(["minimal", "problem-details-3.0", "custom-envelope"])("golden fixture %s", async (name) => {
    const envelope =
      name === "custom-envelope"
        ? {
            code: "/error/kind",
            message: ["/error/text"],
            fieldErrors: { items: "/error/fields", location: "/name", code: "/reason", message: "/reason" },
          }
        : PROBLEM_DETAILS;
    await expectLaidOut(await modelOf(fixtureApi(name, envelope)));
  });

  it("spec/hostup.yaml and spec/aether.yaml with their config (card-number guard on for both)", async () => {
    const config = await loadConfig(undefined, root);
    for (const api of config.apis) await expectLaidOut(await modelOf(api), api.guards);
  });

  it("a spec without operations (types-only index)", async () => {
    const model = await modelOf(fixtureApi("minimal"));
    await expectLaidOut({ ...model, operations: [] });
  });

  const large = [
    ["Stripe", `${root}../shared/specs/stripe-spec3.yaml`],
    ["GitHub", `${root}node_modules/@octokit/openapi/generated/api.github.com.json`],
  ] as const;
  it.each(large)(
    "a sample of %s's operations, with and without the guard",
    { timeout: 120_000 },
    async (name, spec) => {
      if (!existsSync(spec)) return expect.fail(`${spec} is missing`);
      const model = await modelOf(
        apiConfig({ name: name.toLowerCase(), spec, output: "/unused", errorEnvelope: "infer" }),
      );
      // Every 20th operation, plus the ones with the longest names and the most error members.
      const byLength = [...model.operations].sort((a, b) => b.operationId.length - a.operationId.length).slice(0, 10);
      const byErrors = [...model.operations].sort((a, b) => b.errors.length - a.errors.length).slice(0, 10);
      // And the ones whose `accept` table (one entry per success media type) has the longest lines.
      const acceptWidth = (o: OperationModel) => {
        const mediaTypes = new Set(o.success.flatMap((r) => r.content.map((m) => m.mediaType)));
        return mediaTypes.size > 1 ? o.operationId.length + Math.max(...[...mediaTypes].map((m) => m.length)) : 0;
      };
      const byAccept = [...model.operations].sort((a, b) => acceptWidth(b) - acceptWidth(a)).slice(0, 10);
      const sample = new Set([...model.operations.filter((_, i) => i % 20 === 0), ...byLength, ...byErrors, ...byAccept]);
      const operations = model.operations.filter((o) => sample.has(o));
      await expectLaidOut({ ...model, operations });
      await expectLaidOut({ ...model, operations }, { cardNumber: true });
    },
  );
});

describe("each layout decision, on both sides of printWidth", () => {
  const long = (n: number, stem = "x") => stem.repeat(Math.ceil(n / stem.length)).slice(0, n);

  async function synthetic(edit: (op: OperationModel) => Partial<OperationModel>[]): Promise<ApiModel> {
    const model = await modelOf(fixtureApi("problem-details-3.0"));
    const base = model.operations[0]!;
    const operations = edit(base).map((change, i) => ({
      ...base,
      operationId: `op${i}`,
      specOperationId: `op${i}`,
      methodName: `op${i}`,
      typeName: `Op${i}`,
      ...change,
    }));
    return { ...model, operations };
  }

  it("data aliases, operation entries and error unions of every length (types named from 1 to 110 characters)", async () => {
    const named = (lengths: number[]) =>
      synthetic((base) =>
        lengths.map((n) => ({
          operationId: long(n, "a-b"),
          specOperationId: long(n, "a-b"),
          methodName: long(n, "aB"),
          typeName: `T${long(n - 1, "aB")}`,
          path: `/${long(n, "p/")}`,
          success: [...base.success, { status: "204", json: false, content: [] }],
        })),
      );
    const model = await named([1, 20, 40, 50, 55, 60, 65, 70, 75, 80, 85]);
    await expectLaidOut(model);
    await expectLaidOut(model, { cardNumber: true });
    // `export type <90 characters>Error = TransportError;` cannot fit: prettier keeps the line, the formatter asks it to.
    await expectLaidOut(await named([90, 110]), {}, { skipped: false });
  });

  it("pinned codes that fit, and that break one per line, in errors.ts and operations.ts", async () => {
    const model = await synthetic((base) =>
      [1, 2, 4, 8, 16].map((count) => ({
        errors: base.errors.map((e) => ({
          ...e,
          codeKind: "pinned" as const,
          codes: Array.from({ length: count }, (_, i) => `${long(12, "code_")}${i}`),
        })),
      })),
    );
    await expectLaidOut(model);
  });

  it("a single error member alone, with the guard, and with nothing documented", async () => {
    const model = await synthetic((base) => [
      { errors: base.errors.slice(0, 1) },
      { errors: base.errors.slice(0, 1), typeName: `T${long(60, "aB")}` },
      { errors: [] },
      { errors: [], typeName: `T${long(90, "aB")}` },
      { errors: [{ ...base.errors[0]!, mediaType: undefined, codes: undefined, codeKind: "none" as const }] },
    ]);
    await expectLaidOut(model);
    await expectLaidOut(model, { cardNumber: true });
  });

  it("non-JSON request and response media types, short and long enough to break", async () => {
    const model = await synthetic((base) =>
      ["text/plain", "application/x-www-form-urlencoded", `application/vnd.${long(60, "ab.")}+cbor`].map((mediaType) => ({
        requestMediaType: mediaType,
        success: [{ status: "200", mediaType, json: false, content: [{ mediaType, key: mediaType, read: "text" as const }] }],
        errors: [{ ...base.errors[0]!, mediaType, json: false, content: [{ mediaType, key: mediaType, read: "blob" as const }], codeKind: "pinned" as const, codes: ["a_code"] }],
      })),
    );
    await expectLaidOut(model);
    const operations = [...renderFiles(model, render, emitOptions)].find(([file]) => file === "operations.ts")![1];
    expect(operations).toContain('requestMediaType: "application/x-www-form-urlencoded",');
    expect(operations).toContain(`"200": { kind: "success", json: false, content: { "text/plain": "text" } },`);
  });

  it("long summaries, scopes and security requirements (AND lists always break the outer array)", async () => {
    const model = await synthetic((base) => [
      { summary: long(100, "word ") },
      { summary: long(40, "word ") },
      { summary: "ends in a space and a newline \n", externalDocs: { url: "https://example.com/docs " } },
      { errors: [{ ...base.errors[0]!, description: "ends in a space " }] },
      { scopes: Array.from({ length: 12 }, (_, i) => `scope:${i}:read`) },
      { security: [["a"], ["b"]] },
      {
        security: [
          ["a", "b"],
          ["c", "d"],
        ],
      },
      { security: [["a", "b"]] },
      { security: [[]] },
      { security: Array.from({ length: 12 }, (_, i) => [`scheme${i}`]) },
    ]);
    await expectLaidOut(model);
  });

  it("keys prettier leaves quoted stay quoted: __proto__, digits, dashes", async () => {
    const model = await synthetic(() => [{ methodName: "__proto__" }]);
    await expectLaidOut({
      ...model,
      securitySchemes: { "api-key": { type: "apiKey", in: "header", name: "X-Key" }, __proto__x: { type: "oauth2" } },
    });
  });

  it("printLiteral matches prettier on nested values", async () => {
    const cases: unknown[] = [
      {},
      [],
      { a: 1, b: [1, 2], c: { d: "e" } },
      { items: Array.from({ length: 20 }, (_, i) => `item-${i}`) },
      [
        { a: 1, b: 2 },
        { a: 3, b: 4 },
      ],
      [{ a: 1 }, { a: 3 }],
      [[1, 2], [3]],
      { "quoted-key": true, __proto__: null, ok: false },
      { deep: { deeper: { deepest: Array.from({ length: 30 }, (_, i) => `value ${i}`) } } },
    ];
    for (const value of cases) {
      const source = `const value = ${printLiteral(value, { indent: 0, column: "const value = ".length, trail: 1 })};\n`;
      expect(await prettier(source), JSON.stringify(value)).toBe(source);
    }
  });
});

describe("the formatter's check leaves to prettier what the layout cannot judge", () => {
  it.each([
    ["non-ASCII text (widths are not string lengths)", 'export const a = "é";\n', false],
    ["an escaped double quote (prettier would switch to single quotes)", 'export const a = "say \\"hi\\"";\n', false],
    ["a long line prettier could break", `export const a = [${'"xxxxxxxxxx", '.repeat(12)}];\n`, false],
    ["a long comment", `/** ${"x".repeat(130)} */\nexport const a = 1;\n`, true],
    ["non-ASCII text in a comment", `/**\n * é\n */\nexport const a = 1;\n`, true],
    ["a comment line ending in whitespace (prettier trims it)", `/**\n * a\u00a0\n */\nexport const a = 1;\n`, false],
    ["a long indexed-access type", `  | operations["${"x".repeat(130)}"]["responses"]\n`, true],
    ["a long path string", `    path: "/${"x".repeat(130)}",\n`, true],
    ["a long summary left on its key's line", `    summary: "${"x".repeat(130)}",\n`, false],
    ["a type member keyed by a media type, of a long indexed-access type", `      "application/json": operations["${"x".repeat(130)}"]["responses"];\n`, true],
    ["a type member of a long union", `      "application/json": operations["${"x".repeat(130)}"]["responses"] | undefined;\n`, false],
    ["an object property keyed by a media type, of a long string (prettier moves it off the key's line)", `    "application/json": "${"x".repeat(130)}",\n`, false],
  ])("%s", (_, text, skipped) => {
    expect(isLaidOutForPrettier(text)).toBe(skipped);
  });
});
