/**
 * drift's body checks (generator/drift/schema.ts, check.ts): a spec's patterns run on RE2, a schema ajv
 * cannot compile checks nothing with one positioned warning instead of stopping drift, and each
 * documented media type is checked against its own schema.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { apiConfig } from "../generator/config/index.ts";
import { checkExchange, type DriftContext } from "../generator/drift/check.ts";
import type { Exchange } from "../generator/drift/har.ts";
import { createMatcher, serverBases, specOperations } from "../generator/drift/operations.ts";
import { createScrubber, secretNames } from "../generator/drift/redact.ts";
import { createSchemaChecker } from "../generator/drift/schema.ts";
import { loadSpec, type LoadedSpec } from "../generator/spec/load.ts";
import { child, type Located } from "../generator/spec/refs.ts";

const dir = mkdtempSync(join(tmpdir(), "contractgen-drift-schema-"));

async function specOf(name: string, content: Record<string, unknown>): Promise<LoadedSpec> {
  const file = join(dir, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({ openapi: "3.1.0", info: { title: name, version: "1" }, paths: { "/things": { get: { operationId: "listThings", responses: { "200": { description: "ok", content } } } } } }),
  );
  return loadSpec(file);
}

function schemaAt(spec: LoadedSpec, mediaType: string): Located {
  const root: Located = { value: spec.root.data, file: spec.rootPath, pointer: "" };
  return ["paths", "/things", "get", "responses", "200", "content", mediaType, "schema"].reduce(child, root);
}

describe("createSchemaChecker", () => {
  it("runs ^(a+)+$ on RE2: a 41-character near-match is answered (backtracking would take minutes)", async () => {
    const spec = await specOf("redos", { "application/json": { schema: { type: "string", pattern: "^(a+)+$" } } });
    const check = createSchemaChecker(spec);
    expect(check(schemaAt(spec, "application/json"), `${"a".repeat(40)}!`)).toEqual([expect.objectContaining({ pointer: "", expected: 'must match pattern "^(a+)+$"' })]);
    expect(check(schemaAt(spec, "application/json"), "aaa")).toEqual([]);
  });

  it("skips a pattern RE2 cannot run, or ajv cannot compile, with one positioned warning, and checks the rest", async () => {
    const spec = await specOf("unsupported", { "application/json": { schema: { type: "object", properties: { a: { type: "string", pattern: "(a)\\1" }, b: { type: "string", pattern: "([" } } } } });
    const check = createSchemaChecker(spec);
    expect(check(schemaAt(spec, "application/json"), { a: "xy", b: "z" })).toEqual([]);
    expect(check(schemaAt(spec, "application/json"), { a: 1 })).toEqual([expect.objectContaining({ pointer: "/a", expected: "type string" })]);
    expect(spec.warnings!.map((w) => `${w.position!.line}:${w.pointer}`)).toEqual([
      "1:/paths/~1things/get/responses/200/content/application~1json/schema/properties/a/pattern",
      "1:/paths/~1things/get/responses/200/content/application~1json/schema/properties/b/pattern",
    ]);
    expect(spec.warnings![0]!.message).toMatch(/^`pattern` cannot run in linear time \(invalid escape sequence: `\\1`\); it is not checked/);
  });
});

describe("checkExchange", () => {
  it("checks a +json variant and a vendor JSON type against their own schemas, never the application/json one", async () => {
    const spec = await specOf("media", {
      "application/json": { schema: { type: "object", required: ["id"] } },
      "application/sarif+json": { schema: { type: "object", required: ["version"], additionalProperties: true } },
      "application/vnd.github.object": { schema: { type: "object", required: ["sha"] } },
    });
    const api = apiConfig({ name: "media", spec: spec.rootPath, output: join(dir, "out") });
    const ctx: DriftContext = { spec, api, match: createMatcher(specOperations(spec), serverBases(spec, "https://api.test")), checkSchema: createSchemaChecker(spec), scrub: createScrubber(secretNames(spec), []) };
    const exchange = (mediaType: string, body: unknown): Exchange =>
      ({ index: 1, method: "GET", url: "https://api.test/things", status: 200, requestHeaders: [], responseHeaders: [{ name: "content-type", value: mediaType }], requestBody: undefined, responseBody: { mediaType, text: JSON.stringify(body) } }) as unknown as Exchange;
    expect(checkExchange(exchange("application/sarif+json", { version: "2.1.0", runs: [] }), ctx).findings).toEqual([]);
    expect(checkExchange(exchange("application/vnd.github.object", { sha: "abc" }), ctx).findings).toEqual([]);
    expect(checkExchange(exchange("application/vnd.github.object", {}), ctx).findings.map((f) => [f.rule, f.pointer])).toEqual([["response-body-mismatch", "/sha"]]);
    expect(checkExchange(exchange("application/json", { version: "2.1.0" }), ctx).findings.map((f) => [f.rule, f.pointer])).toEqual([["response-body-mismatch", "/id"]]);
  });
});
