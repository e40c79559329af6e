/**
 * Depth: a file nesting mappings and lists past MAX_DEPTH is refused at load with one positioned error
 * (as openapi-typescript refuses it), whether JSON or YAML, however deep; schemas chained through
 * thousands of `$ref`s (each file shallow) go through validate, the response validators and drift
 * without exhausting the stack.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { apiConfig } from "../generator/config/index.ts";
import { UserError } from "../generator/errors.ts";
import { createSchemaChecker } from "../generator/drift/schema.ts";
import { buildModel } from "../generator/pipeline/model.ts";
import { validateSpec } from "../generator/pipeline/validate.ts";
import { buildValidatorsView } from "../generator/pipeline/validators.ts";
import { loadSpec } from "../generator/spec/load.ts";
import { MAX_DEPTH } from "../generator/spec/parse.ts";
import type { Located } from "../generator/spec/refs.ts";

const dir = mkdtempSync(join(tmpdir(), "contractgen-depth-"));

function nested(levels: number): string {
  return `${'{"allOf":['.repeat(levels)}{"type":"string"}${"]}".repeat(levels)}`;
}

function specText(schema: string): string {
  return `{"openapi":"3.1.0","info":{"title":"d","version":"1"},"paths":{"/a":{"get":{"operationId":"a","responses":{"200":{"description":"ok","content":{"application/json":{"schema":${schema}}}}}}}}}`;
}

describe("a file nested past MAX_DEPTH", () => {
  it.each([
    ["JSON", 45, "json", undefined],
    ["JSON", 1000, "json", "1:625"],
    ["JSON", 3000, "json", "1:625"],
    ["YAML", 3000, "yaml", "12:483"],
  ] as const)("%s, %i allOf levels", (_, levels, ext, where) => {
    const text = specText(nested(levels));
    const file = join(dir, `deep-${levels}.${ext}`);
    // YAML: the same document in block style down to the schema, which stays in flow style.
    writeFileSync(file, ext === "json" ? text : `openapi: 3.1.0\ninfo: {title: d, version: "1"}\npaths:\n  /a:\n    get:\n      operationId: a\n      responses:\n        "200":\n          description: ok\n          content:\n            application/json:\n              schema: ${nested(levels)}\n`);
    if (where === undefined) {
      expect(() => loadSpec(file)).not.toThrow();
      return;
    }
    let error: unknown;
    try {
      loadSpec(file);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UserError);
    const { position, message, exitCode } = error as UserError;
    expect([`${position!.line}:${position!.col}`, message, exitCode]).toEqual([where, `mappings and lists nest more than ${MAX_DEPTH} levels deep here; generation stops at ${MAX_DEPTH}`, 1]);
  });
});

describe("3,000 schemas chained by $ref", () => {
  const LEVELS = 3000;
  const schemas = Object.fromEntries(Array.from({ length: LEVELS }, (_, i) => [`S${i}`, i + 1 < LEVELS ? { allOf: [{ $ref: `#/components/schemas/S${i + 1}` }] } : { type: "string", pattern: "^(a+)+$" }]));
  const file = join(dir, "chain.json");
  writeFileSync(file, specText('{"$ref":"#/components/schemas/S0"}').replace(/}$/, `,"components":{"schemas":${JSON.stringify(schemas)}}}`));

  it("validates, then leaves the chain unchecked, one warning each, in the validators and in drift", () => {
    const spec = loadSpec(file);
    expect(() => validateSpec(spec)).not.toThrow();
    const model = buildModel(spec, apiConfig({ name: "chain", spec: file, output: join(dir, "out"), validateResponses: "report" }), "chain.json");
    const view = buildValidatorsView(spec, model);
    expect(view.operations[0]!.responses).toEqual([{ status: "200", mediaTypes: [{ mediaType: "application/json", validator: "" }] }]);
    const check = createSchemaChecker(spec);
    const schema: Located = { value: { $ref: "#/components/schemas/S0" }, file, pointer: "/paths/~1a/get/responses/200/content/application~1json/schema" };
    expect(check(schema, `${"a".repeat(40)}!`)).toEqual([]);
    expect(spec.warnings!.map((w) => `${w.pointer} ${w.message}`)).toEqual([
      "/paths/~1a/get/responses/200/content/application~1json/schema validateResponses: this response schema cannot be compiled (it nests too deeply); responses here are not checked",
      "/paths/~1a/get/responses/200/content/application~1json/schema cannot check bodies against this schema (it nests too deeply); they are not checked",
    ]);
  });
});
