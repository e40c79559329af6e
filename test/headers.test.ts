import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { loadSpec } from "../generator/spec/load.ts";
import { parseSourceFile } from "../generator/spec/parse.ts";
import { forEachOperation, type OperationVisit } from "../generator/spec/walk.ts";
import { headerSpecs, operationHeaders } from "../generator/pipeline/headers.ts";

function operationOf(
  operation: object,
  components: object = {},
): { spec: ReturnType<typeof loadSpec>; visit: OperationVisit } {
  const path = "/virtual/spec.json";
  const text = JSON.stringify({
    openapi: "3.1.0",
    info: { title: "T", version: "1" },
    paths: { "/x": { get: operation } },
    components,
  });
  const spec = loadSpec(path, () => parseSourceFile(path, text));
  let visit: OperationVisit | undefined;
  forEachOperation(spec, (v) => (visit = v));
  return { spec, visit: visit! };
}

describe("operationHeaders", () => {
  it("gives each response's documented headers, lower-cased, with kinds from their schemas", () => {
    const { spec, visit } = operationOf(
      {
        responses: {
          "200": {
            description: "ok",
            headers: {
              "X-Rate-Limit": { $ref: "#/components/headers/Remaining" },
              "Content-Type": { schema: { type: "string" } },
              "X-Flags": { schema: { type: "array", items: { type: "boolean" } } },
              "X-Tags": { schema: { type: "array", items: { type: "string" } } },
              "X-Score": { schema: { type: ["number", "null"] } },
              "X-Meta": { content: { "application/json": { schema: { type: "object" } } } },
              "X-Who": { schema: { type: "object" }, explode: true },
              "X-Maybe": { schema: { oneOf: [{ type: "string" }, { type: "integer" }] } },
            },
          },
          "429": { $ref: "#/components/responses/Limited" },
          "404": { description: "none" },
        },
      },
      {
        headers: { Remaining: { required: true, schema: { $ref: "#/components/schemas/Count" } } },
        schemas: { Count: { type: "integer" } },
        responses: {
          Limited: { description: "slow down", headers: { "Retry-After": { schema: { type: "integer" } } } },
        },
      },
    );
    const found = operationHeaders(spec, visit.operation);
    expect(Object.keys(found)).toEqual(["200", "429"]);
    expect(headerSpecs(found["200"]!)).toEqual({
      "x-flags": "boolean[]",
      "x-maybe": "string",
      "x-meta": "json",
      "x-rate-limit": "integer",
      "x-score": "number",
      "x-tags": "string[]",
      "x-who": "object=",
    });
    expect(found["200"]!.find((h) => h.name === "x-rate-limit")).toEqual({
      name: "x-rate-limit",
      kind: "integer",
      required: true,
      at: { file: "/virtual/spec.json", pointer: "/components/headers/Remaining" },
    });
    expect(headerSpecs(found["429"]!)).toEqual({ "retry-after": "integer" });
  });

  it("reads GitHub's link and rate-limit headers", () => {
    const spec = loadSpec(createRequire(import.meta.url).resolve("@octokit/openapi/generated/api.github.com.json"));
    const byId = new Map<string, ReturnType<typeof operationHeaders>>();
    let documenting = 0;
    forEachOperation(spec, (visit) => {
      const headers = operationHeaders(spec, visit.operation);
      if (Object.keys(headers).length > 0) documenting++;
      byId.set(String((visit.operation.value as { operationId: string }).operationId), headers);
    });
    expect(documenting).toBeGreaterThanOrEqual(242);
    expect(headerSpecs(byId.get("repos/list-for-org")!["200"]!)).toEqual({ link: "string" });
    expect(headerSpecs(byId.get("rate-limit/get")!["200"]!)).toEqual({
      "x-ratelimit-limit": "integer",
      "x-ratelimit-remaining": "integer",
      "x-ratelimit-reset": "integer",
    });
  }, 30_000);
});
