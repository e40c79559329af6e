/** Semantic comparison: style, order and `$ref` moves are no change; cycles end; inputs stay as they were. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diffSpecs } from "../generator/diff/index.ts";
import { loadSpec } from "../generator/spec/load.ts";

const fixtures = join(import.meta.dirname, "fixtures/diff");
const specs = join(import.meta.dirname, "../spec");

describe("semantic equivalence", () => {
  it("reports nothing for reordered keys, schemas moved behind $refs and YAML style changes", () => {
    const result = diffSpecs(loadSpec(join(fixtures, "_semantic/base.yaml")), loadSpec(join(fixtures, "_semantic/head.yaml")));
    expect(result.findings).toEqual([]);
    expect(result.breaking).toBe(false);
    // Back the other way the schemas moved into components leave them: oasdiff's api-schema-removed (the exported types go), nothing else.
    const reverse = diffSpecs(loadSpec(join(fixtures, "_semantic/head.yaml")), loadSpec(join(fixtures, "_semantic/base.yaml"))).findings;
    expect(new Set(reverse.map((f) => `${f.level} ${f.id}`))).toEqual(new Set(["INFO api-schema-removed"]));
  });

  it.each(["hostup.yaml", "aether.yaml"])("reports nothing for %s against itself", (file) => {
    expect(diffSpecs(loadSpec(join(specs, file)), loadSpec(join(specs, file))).findings).toEqual([]);
  });

  it("does not modify its inputs", () => {
    const base = loadSpec(join(fixtures, "_cyclic/base.yaml"));
    const head = loadSpec(join(fixtures, "_cyclic/head.yaml"));
    const before = [JSON.stringify(base.root.data), JSON.stringify(head.root.data)];
    diffSpecs(base, head);
    expect([JSON.stringify(base.root.data), JSON.stringify(head.root.data)]).toEqual(before);
  });
});

describe("$ref cycles", () => {
  it("diffs self- and mutually-recursive schemas in bounded time, in both directions", () => {
    const start = performance.now();
    const result = diffSpecs(loadSpec(join(fixtures, "_cyclic/base.yaml")), loadSpec(join(fixtures, "_cyclic/head.yaml")));
    expect(performance.now() - start).toBeLessThan(2000);
    expect(result.findings.map((f) => [f.operation, f.id, f.location])).toEqual([
      ["GET /nodes", "response-property-type-changed", "/components/schemas/Person/properties/age"],
      ["POST /nodes", "request-property-type-changed", "/components/schemas/Person/properties/age"],
    ]);
  });

  it("reports nothing for a cyclic spec against itself", () => {
    const spec = join(fixtures, "_cyclic/base.yaml");
    expect(diffSpecs(loadSpec(spec), loadSpec(spec)).findings).toEqual([]);
  });
});

describe("direction", () => {
  it("calls the same property change breaking in a request and safe in a response", () => {
    const result = diffSpecs(loadSpec(join(fixtures, "request-property-max-length-set/head.yaml")), loadSpec(join(fixtures, "request-property-max-length-set/base.yaml")));
    expect(result.findings.map((f) => `${f.level} ${f.id}`)).toEqual(["INFO request-property-max-length-unset"]);
    const response = diffSpecs(loadSpec(join(fixtures, "response-property-max-length-set/head.yaml")), loadSpec(join(fixtures, "response-property-max-length-set/base.yaml")));
    expect(response.findings.map((f) => `${f.level} ${f.id}`)).toEqual(["ERR response-property-max-length-unset"]);
  });

  it("ignores readOnly properties in requests and gives writeOnly properties in responses their own safe id", () => {
    const result = diffSpecs(loadSpec(join(fixtures, "_readonly/base.yaml")), loadSpec(join(fixtures, "_readonly/head.yaml")));
    // `id` (readOnly) is new in the response only; `password` (writeOnly) is required in the request, never returned.
    expect(result.findings.map((f) => `${f.level} ${f.operation} ${f.id} ${f.location}`)).toEqual([
      "INFO GET /things response-required-property-added /components/schemas/Thing/properties/id",
      "INFO GET /things response-required-write-only-property-added /components/schemas/Thing/properties/password",
      "ERR POST /things new-required-request-property /components/schemas/Thing/properties/password",
    ]);
  });
});
