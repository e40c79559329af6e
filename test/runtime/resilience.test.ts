/**
 * Resilience of the runtime (a hand-written HostUp-like definition) against a scripted
 * fault-injection server on 127.0.0.1: for each fault, the typed result, how many requests the
 * server saw, the elapsed time, and no unhandled rejection anywhere (a process-level listener
 * fails the test that caused one). Timeouts and aborts: signal.test.ts.
 */
import { describe, expect, it } from "vitest";
import { problem, startFaultServer, useFaultServer, type FaultServer } from "../support/fault-server.ts";
import { accountPath, CARDS, FAULT_API_KEY as API_KEY, faultClient, ok, ORDER, timed, type HostupCredentials, type LooseClient } from "./fixtures.ts";
import type { ClientOptions, DriftReport } from "../../templates/runtime/index.ts";

const PROBLEM_JSON = { "content-type": "application/problem+json" };

let server: FaultServer;
useFaultServer((started) => (server = started));

const client = (options: ClientOptions<HostupCredentials> = {}): LooseClient => faultClient(server.baseUrl, options);

describe("transport failures", () => {
  it("reset before headers on GET: retried, then network_error after maxRetries", async () => {
    server.script({ kind: "reset-before-headers" }, { kind: "reset-before-headers" }, { kind: "reset-before-headers" });
    const [result, ms] = await timed(() => client().listSavedCards());
    expect(result.error).toMatchObject({ documented: false, code: "network_error", status: undefined });
    expect(result.response).toBeUndefined();
    expect(server.requests).toHaveLength(3);
    expect(ms).toBeLessThan(1_500);
  });

  it("reset before headers on GET, then 200: the retry succeeds and carries Authorization", async () => {
    server.script({ kind: "reset-before-headers" }, ok());
    const result = await client().listSavedCards();
    expect(result.error).toBeUndefined();
    expect(result.data).toEqual(CARDS);
    expect(server.requests).toHaveLength(2);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${API_KEY}`, `Bearer ${API_KEY}`]);
  });

  it("reset before headers on POST: not retried", async () => {
    server.script({ kind: "reset-before-headers" }, { kind: "reply", status: 201, body: ORDER });
    const [result, ms] = await timed(() => client().orderStorageAddon({ ...accountPath, body: { addonId: "storage-10gb" } }));
    expect(result.error?.code).toBe("network_error");
    expect(server.requests).toHaveLength(1);
    expect(ms).toBeLessThan(1_000);
  });

  it("reset before headers on POST with an Idempotency-Key: retried with the same body", async () => {
    server.script({ kind: "reset-before-headers" }, { kind: "reply", status: 201, body: ORDER });
    const result = await client().orderStorageAddon({ ...accountPath, body: { addonId: "storage-10gb" }, headers: { "Idempotency-Key": "order-1" } });
    expect(result.data).toEqual(ORDER);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.body).toBe(JSON.stringify({ addonId: "storage-10gb" }));
    expect(server.requests[1]!.headers["idempotency-key"]).toBe("order-1");
  });

  it("reset mid-body on GET: a network_error, retried like any other", async () => {
    server.script({ kind: "reset-mid-body", status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(CARDS) }, ok());
    const [result, ms] = await timed(() => client().listSavedCards());
    expect(result.data).toEqual(CARDS);
    expect(server.requests).toHaveLength(2);
    expect(ms).toBeLessThan(1_000);
  });

  it("reset mid-body on GET every time: network_error after maxRetries", async () => {
    const step = { kind: "reset-mid-body" as const, status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(CARDS) };
    server.script(step, step, step);
    const result = await client().listSavedCards();
    expect(result.error?.code).toBe("network_error");
    expect(server.requests).toHaveLength(3);
  });

  it("reset mid-body on POST: network_error, not retried (the server may have acted)", async () => {
    server.script({ kind: "reset-mid-body", status: 201, headers: { "content-type": "application/json" }, body: JSON.stringify(ORDER) }, { kind: "reply", status: 201, body: ORDER });
    const result = await client().orderStorageAddon({ ...accountPath, body: {} });
    expect(result.error?.code).toBe("network_error");
    expect(server.requests).toHaveLength(1);
  });

  it("connection refused: network_error", async () => {
    const closed = await startFaultServer();
    const baseUrl = closed.baseUrl;
    await closed.close();
    const [result, ms] = await timed(() => client({ baseUrl }).listSavedCards());
    expect(result.error).toMatchObject({ code: "network_error", status: undefined });
    expect(ms).toBeLessThan(1_000);
  });
});

describe("rate limits", () => {
  const limited = (retryAfter: string | undefined, extra: Record<string, string> = {}) => ({
    kind: "reply" as const,
    status: 429,
    headers: { ...PROBLEM_JSON, ...(retryAfter !== undefined ? { "retry-after": retryAfter } : {}), "x-request-id": "req_429", ...extra },
    body: JSON.stringify(problem(429, "rate_limit_exceeded", { requestId: "req_429" })),
  });

  it("429 with Retry-After: 1, then 200: waits about a second, retries once, reports the limit", async () => {
    server.script(limited("1", { "x-ratelimit-limit": "100", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1700000000" }), ok());
    const seen: unknown[] = [];
    const [result, ms] = await timed(() => client({ onRateLimit: (info) => seen.push(info) }).listSavedCards());
    expect(result.data).toEqual(CARDS);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(950);
    expect(ms).toBeLessThan(2_500);
    expect(seen).toEqual([{ retryAfter: 1, limit: 100, remaining: 0, reset: 1700000000, attempt: 1, willRetry: true }]);
  });

  it("429 with Retry-After: 3600: gives up at once with the 429 member and its headers", async () => {
    server.script(limited("3600", { "x-ratelimit-limit": "100", "x-ratelimit-remaining": "0" }), ok());
    const seen: { willRetry: boolean }[] = [];
    const [result, ms] = await timed(() => client({ onRateLimit: (info) => seen.push(info) }).listSavedCards());
    expect(result.error).toMatchObject({
      status: 429,
      code: "rate_limit_exceeded",
      retryAfter: 3600,
      rateLimit: { retryAfter: 3600, limit: 100, remaining: 0 },
      requestId: "req_429",
    });
    expect(result.response?.status).toBe(429);
    expect(server.requests).toHaveLength(1);
    expect(ms).toBeLessThan(500);
    expect(seen).toMatchObject([{ retryAfter: 3600, willRetry: false }]);
  });

  it("429 with an HTTP date about a second ahead, then 200: waits until then", async () => {
    const date = new Date(Math.floor(Date.now() / 1000) * 1000 + 1000).toUTCString();
    server.script(limited(date), ok());
    const [result, ms] = await timed(() => client().listSavedCards());
    expect(result.data).toEqual(CARDS);
    expect(server.requests).toHaveLength(2);
    expect(ms).toBeLessThan(2_500);
  });

  it("429 with an HTTP date an hour ahead: gives up at once, retryAfter in seconds", async () => {
    server.script(limited(new Date(Date.now() + 3_600_000).toUTCString()), ok());
    const [result, ms] = await timed(() => client().listSavedCards());
    expect(result.error?.code).toBe("rate_limit_exceeded");
    const retryAfter = result.error?.retryAfter;
    expect(retryAfter).toBeGreaterThan(3_590);
    expect(retryAfter).toBeLessThanOrEqual(3_601);
    expect(server.requests).toHaveLength(1);
    expect(ms).toBeLessThan(500);
  });

  it("429 without Retry-After: exponential backoff, then the 429 member after maxRetries", async () => {
    server.script(limited(undefined), limited(undefined), limited(undefined));
    const [result, ms] = await timed(() => client().listSavedCards());
    expect(result.error).toMatchObject({ status: 429, code: "rate_limit_exceeded" });
    expect(server.requests).toHaveLength(3);
    expect(ms).toBeLessThan(1_000);
  });

  it("429 on POST is retried (a rate-limited request was not processed), body and auth intact", async () => {
    server.script(limited("0"), { kind: "reply", status: 201, body: ORDER });
    const result = await client().orderStorageAddon({ ...accountPath, body: { addonId: "storage-10gb" } });
    expect(result.data).toEqual(ORDER);
    expect(server.requests).toHaveLength(2);
    expect(server.requests.map((r) => r.body)).toEqual([JSON.stringify({ addonId: "storage-10gb" }), JSON.stringify({ addonId: "storage-10gb" })]);
    expect(server.requests[1]!.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it("a Retry-After longer than maxDelayMs gives up at once", async () => {
    server.script(limited("2"), ok());
    const [result, ms] = await timed(() => client({ retry: { maxDelayMs: 1_000 } }).listSavedCards());
    expect(result.error).toMatchObject({ code: "rate_limit_exceeded", retryAfter: 2 });
    expect(server.requests).toHaveLength(1);
    expect(ms).toBeLessThan(500);
  });

  it("an onRateLimit hook that throws does not break the call", async () => {
    server.script(limited("0"), ok());
    const result = await client({
      onRateLimit: () => {
        throw new Error("hook failed");
      },
    }).listSavedCards();
    expect(result.data).toEqual(CARDS);
    expect(server.requests).toHaveLength(2);
  });

  it("maxRetries: 0 sends once", async () => {
    server.script(limited("0"), ok());
    const result = await client({ retry: { maxRetries: 0 } }).listSavedCards();
    expect(result.error?.code).toBe("rate_limit_exceeded");
    expect(server.requests).toHaveLength(1);
  });
});

describe("5xx", () => {
  it("503 then 200 on GET: retried", async () => {
    server.script({ kind: "reply", status: 503, body: "busy" }, ok());
    const [result, ms] = await timed(() => client().listSavedCards());
    expect(result.data).toEqual(CARDS);
    expect(server.requests).toHaveLength(2);
    expect(ms).toBeLessThan(1_000);
  });

  it("503 every time on GET: invalid_response (503 is not documented) after maxRetries, status kept", async () => {
    const busy = { kind: "reply" as const, status: 503, headers: { "x-request-id": "req_503" }, body: "busy" };
    server.script(busy, busy, busy);
    const result = await client().listSavedCards();
    expect(result.error).toMatchObject({ code: "invalid_response", status: 503, body: "busy", requestId: "req_503" });
    expect(server.requests).toHaveLength(3);
  });

  it("503 then 200 on POST: not retried", async () => {
    server.script({ kind: "reply", status: 503, body: "busy" }, { kind: "reply", status: 201, body: ORDER });
    const result = await client().orderStorageAddon({ ...accountPath, body: {} });
    expect(result.error).toMatchObject({ code: "invalid_response", status: 503 });
    expect(server.requests).toHaveLength(1);
  });

  it("502 and 504 on PATCH with an Idempotency-Key: retried", async () => {
    server.script({ kind: "reply", status: 502, body: "" }, { kind: "reply", status: 504, body: "" }, ok({ id: "acct_1" }));
    const result = await client().renameSharedHostingAccount({ ...accountPath, body: { name: "x" }, headers: { "Idempotency-Key": "rename-1" } });
    expect(result.data).toEqual({ id: "acct_1" });
    expect(server.requests).toHaveLength(3);
    expect(server.requests.map((r) => r.body)).toEqual(Array(3).fill(JSON.stringify({ name: "x" })));
  });

  it("500 with HTML: invalid_response with the status, the text and the request id; not retried", async () => {
    const html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    server.script({ kind: "reply", status: 500, headers: { "content-type": "text/html", "x-request-id": "req_html" }, body: html }, ok());
    const result = await client().listSavedCards();
    expect(result.error).toMatchObject({ code: "invalid_response", status: 500, body: html, requestId: "req_html" });
    expect(server.requests).toHaveLength(1);
  });

  it("500 with truncated JSON: invalid_response", async () => {
    server.script({ kind: "reply", status: 500, headers: PROBLEM_JSON, body: '{"type":"about:blank","code":"internal_er' }, ok());
    const result = await client().listSavedCards();
    expect(result.error).toMatchObject({ code: "invalid_response", status: 500, body: '{"type":"about:blank","code":"internal_er' });
    expect(server.requests).toHaveLength(1);
  });

  it("a documented 500: the internal_error member", async () => {
    server.script({ kind: "reply", status: 500, headers: PROBLEM_JSON, body: JSON.stringify(problem(500, "internal_error", { requestId: "req_500" })) });
    const result = await client().listSavedCards();
    expect(result.error).toMatchObject({ code: "internal_error", status: 500, requestId: "req_500", message: "detail of internal_error" });
  });
});

describe("responses the spec does not document", () => {
  it("a problem document without `code` where the code is pinned: invalid_response, status, message and request id kept", async () => {
    server.script({ kind: "reply", status: 404, headers: PROBLEM_JSON, body: JSON.stringify(problem(404, undefined, { requestId: "req_nocode" })) });
    const result = await client().listSavedCards();
    expect(result.error).toMatchObject({
      code: "invalid_response",
      reason: "undocumented_code",
      status: 404,
      requestId: "req_nocode",
      serverMessage: "detail of a problem without code",
      body: { title: "Problem", status: 404 },
    });
    expect(result.error).not.toHaveProperty("serverCode");
  });

  it("a problem document with a code not documented for the status: invalid_response keeping code, message and field errors", async () => {
    const body = problem(404, "gone_fishing", { requestId: "req_gone", errors: [{ pointer: "/id", code: "stale", detail: "moved" }] });
    server.script({ kind: "reply", status: 404, headers: PROBLEM_JSON, body: JSON.stringify(body) });
    const result = await client().listSavedCards();
    expect(result.error).toMatchObject({
      code: "invalid_response",
      reason: "undocumented_code",
      status: 404,
      serverCode: "gone_fishing",
      serverMessage: "detail of gone_fishing",
      requestId: "req_gone",
      fieldErrors: [{ location: "/id", code: "stale", message: "moved" }],
      contentType: "application/problem+json",
      body,
    });
  });

  it("a documented error with field errors and the request id from the header", async () => {
    const body = problem(400, "invalid_request", { errors: [{ pointer: "/last4", code: "too_long", detail: "`last4` is too long." }] });
    server.script({ kind: "reply", status: 400, headers: { ...PROBLEM_JSON, "x-request-id": "req_hdr" }, body: JSON.stringify(body) });
    const result = await client().storeSavedCard({ body: { paymentMethodToken: "pm_1", last4: "42424" } });
    expect(result.error).toMatchObject({
      status: 400,
      code: "invalid_request",
      requestId: "req_hdr",
      fieldErrors: [{ location: "/last4", code: "too_long", message: "`last4` is too long." }],
    });
  });

  it("204 with a body on an operation documenting a bodiless 2XX: success, data undefined, the body ignored", async () => {
    server.script({ kind: "raw", data: 'HTTP/1.1 204 No Content\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n{"unexpected":1}' }, ok());
    const result = await client().deleteSavedCard({ params: { path: { id: "card_1" } } });
    expect(result.error).toBeUndefined();
    expect(result.data).toBeUndefined();
    expect(result.response?.status).toBe(204);
    // The stray bytes do not poison the next request.
    const next = await client().listSavedCards();
    expect(next.data).toEqual(CARDS);
    expect(server.requests).toHaveLength(2);
  });

  it("204 with a body on an operation documenting a JSON 200: a success, data undefined, reported as drift", async () => {
    server.script({ kind: "raw", data: 'HTTP/1.1 204 No Content\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[]' });
    const drift: DriftReport[] = [];
    const result = await client({ onContractDrift: (r) => drift.push(r) }).listSavedCards();
    expect(result).toMatchObject({ data: undefined, response: { status: 204 } });
    expect(result.error).toBeUndefined();
    expect(drift).toMatchObject([{ status: 204, reason: "undocumented_status" }]);
    expect(server.requests).toHaveLength(1);
  });

  it("success with a wrong content type: data is the text, reported as drift", async () => {
    server.script({ kind: "reply", status: 200, headers: { "content-type": "text/html" }, body: "<html>login</html>" });
    const drift: DriftReport[] = [];
    const result = await client({ onContractDrift: (r) => drift.push(r) }).listSavedCards();
    expect(result.error).toBeUndefined();
    expect(result.data).toBe("<html>login</html>");
    expect(drift).toMatchObject([{ status: 200, reason: "unexpected_content_type", contentType: "text/html" }]);
  });

  it("success with HTML under a JSON content type, truncated JSON, or no body: data as sent, reported as drift", async () => {
    const json = { "content-type": "application/json" };
    server.script(
      { kind: "reply", status: 200, headers: json, body: "<html></html>" },
      { kind: "reply", status: 200, headers: json, body: '[{"id":"card_1"' },
      { kind: "reply", status: 200, headers: json, body: "" },
      { kind: "handle", handle: (_req, res) => res.writeHead(200).end() },
    );
    const drift: DriftReport[] = [];
    const c = client({ onContractDrift: (r) => drift.push(r) });
    for (const expected of ["<html></html>", '[{"id":"card_1"', undefined, undefined]) {
      const result = await c.listSavedCards();
      expect(result.error).toBeUndefined();
      expect(result.data).toBe(expected);
    }
    expect(drift.map((r) => r.reason)).toEqual(["unparsable_body", "unparsable_body", "unparsable_body", "unparsable_body"]);
    expect(server.requests).toHaveLength(4);
  });

  it("an undocumented 201 is a success with what the server sent, reported as drift (a retry would create it twice)", async () => {
    server.script({ kind: "reply", status: 201, headers: { "content-type": "application/json" }, body: JSON.stringify({ id: "card_9" }) });
    const drift: DriftReport[] = [];
    const result = await client({ onContractDrift: (r) => drift.push(r) }).renameSharedHostingAccount({ params: { path: { accountId: "a_1" } }, body: { name: "x" } });
    expect(result.error).toBeUndefined();
    expect(result.data).toEqual({ id: "card_9" });
    expect(drift).toMatchObject([{ operationId: "renameSharedHostingAccount", status: 201, reason: "undocumented_status" }]);
  });

  it("an undocumented status (418): invalid_response, status kept", async () => {
    server.script({ kind: "reply", status: 418, headers: PROBLEM_JSON, body: JSON.stringify(problem(418, "teapot")) });
    const result = await client().listSavedCards();
    expect(result.error).toMatchObject({ code: "invalid_response", reason: "undocumented_status", status: 418, serverCode: "teapot", body: { code: "teapot" } });
  });

  it("a same-origin redirect on loopback is followed, a 3xx without Location is undocumented", async () => {
    server.script({ kind: "reply", status: 307, headers: { location: `${server.baseUrl}/api/v2/billing/cards?again=1` } }, ok(), { kind: "reply", status: 304 });
    const followed = await client().listSavedCards();
    expect(followed.data).toEqual(CARDS);
    const notModified = await client().listSavedCards();
    expect(notModified.error).toMatchObject({ code: "invalid_response", reason: "undocumented_status", status: 304 });
  });
});

describe("the raw openapi-fetch methods", () => {
  it("carry auth and the same retries", async () => {
    server.script({ kind: "reply", status: 503, body: "busy" }, ok());
    const result = await client().GET("/api/v2/billing/cards");
    expect(result.data).toEqual(CARDS);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });
});
