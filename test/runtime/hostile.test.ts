/**
 * Every public method of a client against a hostile loopback server: bodies nested 20,000 levels,
 * cyclic-looking and prototype-poking JSON, bodies beyond maxResponseBytes, endless drips, wrong
 * types where the envelope expects strings, redirects away and in circles, resets. Operation
 * methods must always resolve; the raw openapi-fetch methods resolve or reject with
 * ClientRequestError only; nothing is ever an unhandled rejection (useFaultServer checks).
 */
import { describe, expect, it } from "vitest";
import { ClientRequestError } from "../../templates/runtime/index.ts";
import { useFaultServer, type FaultServer, type Step } from "../support/fault-server.ts";
import { hostupClient, hostupTable, type LooseClient } from "./fixtures.ts";

const API_KEY = "sk_hostile_0123456789";
const DEPTH = 20_000;
const nested = (open: string, close: string, core: string) => open.repeat(DEPTH) + core + close.repeat(DEPTH);

let server: FaultServer;
useFaultServer((started) => (server = started));

function reply(status: number, body: string, contentType = "application/json", extra: Record<string, string> = {}): Step {
  return { kind: "reply", status, headers: { "content-type": contentType, ...extra }, body };
}

/** Write `chunk` forever (until the client goes away), slowly or fast. */
function endless(status: number, chunk: string, everyMs: number): Step {
  return {
    kind: "handle",
    handle: (_req, res) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.on("error", () => undefined);
      const timer = setInterval(() => {
        if (res.destroyed) return clearInterval(timer);
        res.write(chunk);
      }, everyMs);
      res.on("close", () => clearInterval(timer));
    },
  };
}

const deepObject = nested('{"detail":', "}", `"${API_KEY}"`);
const HOSTILE: Record<string, Step> = {
  "deep success array": reply(200, nested("[", "]", "1")),
  "deep error object echoing the key": reply(400, `{"code":"invalid_request","errors":[${deepObject}],"extra":${deepObject}}`, "application/problem+json"),
  "deep undocumented status": reply(418, deepObject),
  "cyclic-looking refs": reply(400, JSON.stringify({ code: "invalid_request", $ref: "#", self: { $ref: "#/self" }, errors: { $ref: "#/errors" } })),
  "prototype keys": reply(404, '{"__proto__":{"code":"not_found","polluted":true},"constructor":{"prototype":{"x":1}},"code":"not_found"}'),
  "wrong types everywhere": reply(
    400,
    JSON.stringify({ code: { toString: 1 }, detail: [null], title: { valueOf: 2 }, requestId: { a: 1 }, errors: [{ pointer: { toString: 1 }, code: [], detail: { toString: {} } }, 7, null] }),
  ),
  "errors as a string": reply(400, JSON.stringify({ code: "invalid_request", errors: "everything" })),
  "a number where the body should be": reply(200, "4242424242424242"),
  "truncated JSON": reply(500, '{"code":"internal_error","detail":"'),
  "HTML with a JSON type": reply(200, "<html><body>login</body></html>"),
  "a huge declared body": { kind: "handle", handle: (_req, res) => (res.on("error", () => undefined), res.writeHead(200, { "content-type": "application/json", "content-length": String(512 * 1024 * 1024) }), res.write("[")) },
  "a huge streamed body": endless(200, `[${"0,".repeat(32 * 1024)}`, 1),
  "a slow drip": endless(200, " ", 40),
  "a redirect to another host": reply(302, "", "text/plain", { location: `https://example.invalid/steal?key=${API_KEY}` }),
  "a redirect in circles": reply(308, "", "text/plain", { location: "/api/v2/billing/cards" }),
  "a reset": { kind: "reset-before-headers" },
};

function client(): LooseClient {
  return hostupClient({
    apiKey: API_KEY,
    baseUrl: server.baseUrl,
    headers: { Cookie: "hostup_session=sess_hostile_abcdef" },
    timeoutMs: 300,
    retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 5 },
    maxResponseBytes: 1024 * 1024,
  });
}

const INITS: Record<string, object> = {
  deleteSavedCard: { params: { path: { id: "card_1" } } },
  orderStorageAddon: { params: { path: { accountId: "a" } }, body: { addonId: "x" } },
  renameSharedHostingAccount: { params: { path: { accountId: "a" } }, body: { name: "x" } },
  storeSavedCard: { body: { paymentMethodToken: "pm_1" } },
};
const RAW = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

describe.each(Object.entries(HOSTILE))("%s", (_name, step) => {
  it("every operation method resolves with a result, secrets redacted", async () => {
    for (const methodName of Object.keys(hostupTable)) {
      server.script(...Array.from({ length: 10 }, () => step));
      const result = await client()[methodName as keyof typeof hostupTable](INITS[methodName]);
      expect(result.data !== undefined || result.error !== undefined || result.response?.ok).toBeTruthy();
      if (result.error) {
        expect(typeof result.error.code).toBe(result.error.documented && result.error.code === undefined ? "undefined" : "string");
        expect(result.error.message).not.toContain(API_KEY);
        expect(String(result.error.message)).not.toContain("sess_hostile_abcdef");
      }
    }
  });

  it("every raw method resolves or rejects with ClientRequestError only", async () => {
    const c = client();
    const calls = [
      ...RAW.map((method) => () => (c as unknown as Record<string, (url: string, init?: object) => Promise<unknown>>)[method]!("/api/v2/billing/cards", method === "GET" || method === "HEAD" ? {} : { body: { a: 1 } })),
      () => c.request("get", "/api/v2/billing/cards"),
      () => c.GET("/api/v2/billing/cards", { parseAs: "text" }),
    ];
    for (const call of calls) {
      server.script(...Array.from({ length: 10 }, () => step));
      const outcome = await call().then(
        (value) => ({ value }),
        (thrown: unknown) => ({ thrown }),
      );
      if ("thrown" in outcome) {
        expect(outcome.thrown).toBeInstanceOf(ClientRequestError);
        expect((outcome.thrown as Error).message).not.toContain(API_KEY);
      }
    }
  });
});
