/**
 * Decoding through any error envelope: Problem Details, `{error:{code,message,details}}`, a
 * numeric `{code,message}`, `{errors:[{code,message}]}` and `{message}` APIs get `documented: true`
 * for what their spec documents, and `invalid_response` keeps what was parsed for what it does
 * not. `onContractDrift` hears about every difference, redacted.
 */
import { describe, expect, it } from "vitest";
import { createApiClient, toApiError, type ApiDefinition, type DriftReport } from "../../templates/runtime/index.ts";
import { useFaultServer, type FaultServer } from "../support/fault-server.ts";
import { ENVELOPES, envelopeApi, type LooseClient } from "./fixtures.ts";

let server: FaultServer;
useFaultServer((started) => (server = started));

type EnvelopeName = keyof typeof ENVELOPES;
function client(name: EnvelopeName, extra: Partial<ApiDefinition> = {}, options: object = {}): LooseClient {
  const { envelope, errors } = ENVELOPES[name];
  const { definition, table } = envelopeApi({ ...envelope, requestIdHeader: "x-request-id" }, errors);
  return createApiClient<LooseClient>({ baseUrl: server.baseUrl, retry: { maxRetries: 0 }, ...options }, { ...definition, ...extra }, table);
}

async function errorFor(name: EnvelopeName, status: number, body: unknown, contentType = "application/json") {
  server.script({ kind: "reply", status, headers: { "content-type": contentType, "x-request-id": "req_h" }, body: JSON.stringify(body) });
  const result = await client(name).getThing!();
  return result.error;
}

describe("documented errors of every envelope come back documented", () => {
  it.each([
    [
      "Problem Details with a code",
      "problemDetails",
      400,
      { type: "about:blank", title: "Bad", detail: "`name` is required", code: "invalid", errors: [{ pointer: "/name", detail: "required" }] },
      { code: "invalid", message: "`name` is required", fieldErrors: [{ location: "/name", code: undefined, message: "required" }] },
    ],
    ["Problem Details without a code (Museum's {type, title})", "problemDetails", 404, { type: "https://example.com/not-found", title: "Not found" }, { code: undefined, message: "Not found" }],
    [
      "{error:{code,message,details}}",
      "errorObject",
      422,
      { error: { code: "validation_failed", message: "Request validation failed", details: [{ field: "amount", code: "too_small", message: "must be > 0" }] } },
      { code: "validation_failed", message: "Request validation failed", fieldErrors: [{ location: "amount", code: "too_small", message: "must be > 0" }] },
    ],
    ["a numeric code (Discord's 10003)", "numericCode", 404, { code: 10003, message: "Unknown Channel" }, { code: "10003", message: "Unknown Channel" }],
    ["{errors:[{code,message,long_message}]} (Clerk)", "errorsArray", 404, { errors: [{ code: "resource_not_found", message: "not found", long_message: "No user with that id" }] }, { code: "resource_not_found", message: "No user with that id" }],
    ["{message}", "messageOnly", 400, { message: "Bad thing" }, { code: undefined, message: "Bad thing" }],
  ] as const)("%s", async (_name, api, status, body, expected) => {
    const error = await errorFor(api, status, body);
    expect(error).toMatchObject({ documented: true, status, requestId: "req_h", body, ...expected });
    if (expected.code === undefined) expect(error.code).toBeUndefined();
    // The number stays a number in the body.
    if (api === "numericCode") expect(error.body.code).toBe(10003);
  });

  it("a body without any envelope field: documented, with a message saying the status", async () => {
    const error = await errorFor("messageOnly", 404, { unexpected: true });
    expect(error).toMatchObject({ documented: true, status: 404, code: undefined, message: "getThing: HTTP 404", fieldErrors: [] });
  });

  it("toApiError gives one view of any member", async () => {
    const error = await errorFor("numericCode", 404, { code: 10003, message: "Unknown Channel" });
    expect(toApiError(error)).toEqual({ documented: true, status: 404, code: "10003", message: "Unknown Channel", requestId: "req_h", fieldErrors: [] });
  });
});

describe("what the spec does not document keeps what was parsed", () => {
  it("an undocumented numeric code at a documented status", async () => {
    const error = await errorFor("numericCode", 404, { code: 50001, message: "Missing Access" });
    expect(error).toMatchObject({ documented: false, code: "invalid_response", reason: "undocumented_code", status: 404, serverCode: "50001", serverMessage: "Missing Access", requestId: "req_h" });
  });

  it("an undocumented status keeps the envelope's fields", async () => {
    const error = await errorFor("errorObject", 409, { error: { code: "conflict", message: "Already attached", details: [{ field: "id", code: "dup", message: "taken" }] } });
    expect(error).toMatchObject({ reason: "undocumented_status", status: 409, serverCode: "conflict", serverMessage: "Already attached", fieldErrors: [{ location: "id", code: "dup", message: "taken" }] });
  });

  it("a documented status with HTML: unexpected_content_type, the text kept", async () => {
    server.script({ kind: "reply", status: 400, headers: { "content-type": "text/html" }, body: "<h1>Bad</h1>" });
    const { error } = await client("problemDetails").getThing!();
    expect(error).toMatchObject({ reason: "unexpected_content_type", status: 400, contentType: "text/html", body: "<h1>Bad</h1>" });
  });

  it("field errors of any shape never throw: objects with a toString that is not a function, numbers, nulls", async () => {
    const body = { code: "invalid", detail: { toString: 1 }, title: 7, errors: [{ pointer: 3, detail: { toString: 1 } }, null, "x", { pointer: ["a"], detail: true }] };
    const error = await errorFor("problemDetails", 400, body);
    expect(error).toMatchObject({
      documented: true,
      code: "invalid",
      message: "getThing: HTTP 400 invalid",
      fieldErrors: [
        // This envelope names no field error code: the items have none.
        { location: "3", code: undefined, message: "" },
        { location: "", code: undefined, message: "" },
        { location: "", code: undefined, message: "" },
        { location: "", code: undefined, message: "true" },
      ],
    });
  });

  it("a JSON pointer never reads inherited properties", async () => {
    const error = await errorFor("messageOnly", 400, {});
    expect(error.message).toBe("getThing: HTTP 400");
    const proto = await errorFor("problemDetails", 400, JSON.parse('{"__proto__": {"code": "polluted"}, "title": "t"}'));
    expect(proto.code).toBeUndefined();
    expect(({} as Record<string, unknown>).code).toBeUndefined();
  });
});

describe("onContractDrift", () => {
  const SECRET = "sk_drift_secret_value_1";
  function drifting(reports: DriftReport[], validateResponse?: ApiDefinition["validateResponse"]) {
    return client("numericCode", { validateResponse, securitySchemes: { key: { type: "apiKey", in: "header", name: "X-Key" } } }, { apiKey: SECRET, onContractDrift: (r: DriftReport) => reports.push(r) });
  }

  it("reports an undocumented code, an undocumented status and an unparsable body", async () => {
    const reports: DriftReport[] = [];
    const c = drifting(reports);
    server.script(
      { kind: "reply", status: 404, headers: { "content-type": "application/json" }, body: { code: 50001, message: "x" } },
      { kind: "reply", status: 418, headers: { "content-type": "text/plain" }, body: "teapot" },
      { kind: "reply", status: 200, headers: { "content-type": "application/json" }, body: "{trunc" },
      { kind: "reply", status: 200, headers: { "content-type": "application/json" }, body: { fine: true } },
    );
    for (let i = 0; i < 4; i++) await c.getThing!();
    expect(reports).toEqual([
      { operationId: "getThing", method: "GET", path: "/thing", status: 404, contentType: "application/json", reason: "undocumented_code", undocumentedCode: "50001", mismatches: [] },
      { operationId: "getThing", method: "GET", path: "/thing", status: 418, contentType: "text/plain", reason: "undocumented_status", mismatches: [] },
      { operationId: "getThing", method: "GET", path: "/thing", status: 200, contentType: "application/json", reason: "unparsable_body", mismatches: [] },
    ]);
  });

  it("reports validator mismatches with JSON pointers, redacted, and keeps the data", async () => {
    const reports: DriftReport[] = [];
    const seen: unknown[] = [];
    const c = drifting(reports, (operationId, status, body) => {
      seen.push([operationId, status, body]);
      return [{ pointer: "/name", expected: "string", actual: `"${SECRET}"` }];
    });
    server.script({ kind: "reply", status: 200, body: { name: SECRET } });
    const result = await c.getThing!();
    expect(result.data).toEqual({ name: SECRET });
    expect(seen).toEqual([["getThing", 200, { name: SECRET }]]);
    expect(reports).toMatchObject([{ status: 200, mismatches: [{ pointer: "/name", expected: "string", actual: '"[redacted]"' }] }]);
    expect(JSON.stringify(reports)).not.toContain(SECRET);
  });

  it("a hook or validator that throws, or a hook that rejects, does not break the call", async () => {
    const c = client("numericCode", { validateResponse: () => { throw new Error("validator bug"); } }, { onContractDrift: async () => { throw new Error("hook bug"); } });
    server.script({ kind: "reply", status: 200, body: { ok: 1 } }, { kind: "reply", status: 418, body: "x" });
    expect((await c.getThing!()).data).toEqual({ ok: 1 });
    expect((await c.getThing!()).error.code).toBe("invalid_response");
    const d = client("numericCode", {}, { onContractDrift: () => { throw new Error("sync hook bug"); } });
    server.script({ kind: "reply", status: 418, body: "x" });
    expect((await d.getThing!()).error.code).toBe("invalid_response");
  });
});
