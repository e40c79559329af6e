/**
 * lint (prototype-free-types.ts): spec keys named like Object.prototype members are data to redocly's
 * rules, not types: the run ends with problems at their positions, not an internal error.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lintSpec } from "../generator/lint/index.ts";
import { loadSpec } from "../generator/spec/load.ts";

const SPEC = `openapi: 3.1.0
info: { title: Proto, version: "1", summary: keys that every object has }
servers: [{ url: "https://api.example.test" }]
paths:
  /constructor:
    get:
      operationId: constructor
      responses: { "200": { description: ok } }
  /hasOwnProperty:
    get:
      operationId: hasOwnProperty
      parameters: [{ name: toString, in: query, schema: { type: string } }]
      responses: { "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/hasOwnProperty" } } } } }
components:
  schemas:
    hasOwnProperty:
      type: object
      properties: { constructor: { type: string }, __proto__: { type: string }, valueOf: { type: integer } }
      example: { constructor: 1 }
    toString: { type: string }
`;

describe("lint on a spec keyed by Object.prototype's members", () => {
  it("reports problems at those keys instead of crashing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "contractgen-lint-proto-"));
    writeFileSync(join(dir, "spec.yaml"), SPEC);
    const problems = await lintSpec(loadSpec(join(dir, "spec.yaml")));
    const found = problems.map((p) => `${p.rule} ${p.error.pointer}`);
    // The example breaks the schema at the `constructor` property: redocly checked it as data.
    expect(found).toContain("no-invalid-schema-examples /components/schemas/hasOwnProperty/example/constructor");
    expect(found).toContain("no-unused-components /components/schemas/toString");
    expect(found.filter((f) => f.startsWith("operation-summary")).sort()).toEqual(["operation-summary /paths/~1constructor/get/summary", "operation-summary /paths/~1hasOwnProperty/get/summary"]);
  });
});
