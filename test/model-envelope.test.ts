/** envelope.ts: the envelope inferred from a spec's error schemas, for each shape it knows. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROBLEM_DETAILS } from "../generator/config/index.ts";
import { inferEnvelope } from "../generator/pipeline/envelope.ts";
import { loadSpec } from "../generator/spec/load.ts";

function inferFrom(errorSchema: object | undefined, mediaType = "application/json", headers: object = {}) {
  const dir = mkdtempSync(join(tmpdir(), "contractgen-envelope-"));
  const file = join(dir, "spec.json");
  const error = errorSchema === undefined ? { description: "e" } : { description: "e", headers, content: { [mediaType]: { schema: { $ref: "#/components/schemas/Error" } } } };
  writeFileSync(
    file,
    JSON.stringify({
      openapi: "3.1.0",
      info: { title: "T", version: "1" },
      paths: { "/a": { get: { operationId: "a", responses: { "200": { description: "ok" }, "404": error, default: error } } } },
      components: { schemas: { Error: errorSchema ?? {} } },
    }),
  );
  return inferEnvelope(loadSpec(file));
}

const str = { type: "string" };

describe("inferEnvelope", () => {
  it.each([
    [
      "Problem Details (Museum's {type, title})",
      { type: "object", properties: { type: str, title: str } },
      { message: ["/detail", "/title"] },
    ],
    [
      "Problem Details with a code, field errors and a request id",
      { type: "object", properties: { type: str, title: str, detail: str, code: str, requestId: str, errors: { type: "array", items: { type: "object", properties: { pointer: str, detail: str, code: str } } } } },
      { code: "/code", message: ["/detail", "/title"], requestId: "/requestId", fieldErrors: { items: "/errors", location: "/pointer", code: "/code", message: "/detail" } },
    ],
    [
      "{error: {code, message, details}} (through allOf)",
      { allOf: [{ type: "object", properties: { error: { type: "object", properties: { code: str, message: str, details: { type: "array", items: { type: "object", properties: { target: str, code: str, message: str } } } } } } }] },
      { code: "/error/code", message: ["/error/message"], fieldErrors: { items: "/error/details", location: "/target", code: "/code", message: "/message" } },
    ],
    [
      "{code, message} with a numeric code (Discord)",
      { type: "object", properties: { code: { type: "integer" }, message: str } },
      { code: "/code", message: ["/message"] },
    ],
    [
      "{errors: [{code, message}]} (Clerk)",
      { type: "object", properties: { errors: { type: "array", items: { type: "object", properties: { message: str, long_message: str, code: str } } } } },
      { code: "/errors/0/code", message: ["/errors/0/long_message", "/errors/0/message"] },
    ],
    [
      "{message, errors: [{field, message}]}: field errors without a code",
      { type: "object", properties: { message: str, errors: { type: "array", items: { type: "object", properties: { field: str, message: str } } } } },
      { message: ["/message"], fieldErrors: { items: "/errors", location: "/field", message: "/message" } },
    ],
    ["{message}", { type: "object", properties: { message: str } }, { message: ["/message"] }],
  ])("%s", (_, schema, want) => {
    expect(inferFrom(schema)).toEqual(want);
  });

  it("reads a problem+json body as Problem Details whatever its schema says", () => {
    expect(inferFrom({ type: "object" }, "application/problem+json")).toEqual({ message: ["/detail", "/title"] });
  });

  it("takes the request id header the error responses declare", () => {
    expect(inferFrom({ type: "object", properties: { message: str } }, "application/json", { "X-Request-Id": { schema: str } })).toEqual({ message: ["/message"], requestIdHeader: "x-request-id" });
  });

  it("falls back to Problem Details when no error body has a known shape", () => {
    expect(inferFrom(undefined)).toEqual(PROBLEM_DETAILS);
    expect(inferFrom({ type: "object", properties: { oops: str } })).toEqual(PROBLEM_DETAILS);
  });
});
