/**
 * `contractgen drift` on HAR files recorded from a loopback server that deliberately departs from the
 * specs: every departure is reported with its rule (and JSON pointer for bodies), credentials never
 * reach the report, a conforming recording is clean, and the exit code says which.
 */
import type { Entry, Har } from "har-format";
import { once } from "node:events";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { driftCommand, type DriftReport, RULES } from "../generator/drift/index.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const TOKEN = "sk_live_secret_abcdef123456";
const SESSION = "sess_secret_987654321";
const QUERY_KEY = "qk_secret_5551234";
const AUTH = { authorization: `Bearer ${TOKEN}`, cookie: `hostup_session=${SESSION}; theme=dark`, accept: "application/json" };

const CARD = { id: "card_1", brand: "visa", last4: "4242", expMonth: 12, expYear: 2028, cardholderName: null, isPrimary: true, addedAt: "2026-04-27T12:00:00.000Z" };
const PROBLEM = (status: number, code: string) => ({ type: "https://developer.hostup.se/errors/x", title: "Problem", status, detail: "Something happened.", code, requestId: "req_1" });
const PAYMENT_METHOD = { id: "2489e9ad-2ee2-8e00-8ec9-32d5f69181c0", org_id: "2489e9ad-2ee2-8e00-8ec9-32d5f69181c0", card_brand: "visa", card_last4: "4242", card_exp_month: 12, card_exp_year: 2028, is_default: true, created_at: "2026-04-15T12:00:00Z" };

interface Reply {
  status: number;
  type?: string;
  body?: string;
  headers?: Record<string, string>;
}
const json = (status: number, body: unknown, type = "application/json"): Reply => ({ status, type, body: JSON.stringify(body) });

/** The deviating server: each route answers one way on purpose, described beside it. */
function reply(method: string, path: string, headers: IncomingMessage["headers"]): Reply {
  const key = `${method} ${path}`;
  switch (key) {
    // Body mismatches: a string where a boolean is documented, a required field missing, and the
    // caller's own token echoed in a field (it must not reach the report).
    case "GET /api/v2/billing/cards":
      return json(200, [{ ...CARD, isPrimary: "yes", addedAt: undefined, expMonth: String(headers.authorization).slice(7) }]);
    // 200 where only 201 is documented.
    case "POST /api/v2/billing/cards":
      return json(200, CARD);
    // A code the spec does not know at a documented status.
    case "GET /api/v2/shared-hosting/acct_1":
      return json(404, PROBLEM(404, "account_suspended"), "application/problem+json");
    // Rate limited, but without the Retry-After header the spec requires, and with a word where an integer is documented.
    case "GET /api/v2/shared-hosting/acct_2":
      return { ...json(429, PROBLEM(429, "rate_limit_exceeded"), "application/problem+json"), headers: { "x-ratelimit-remaining": "lots" } };
    // Documented: any 2XX, no body.
    case "DELETE /api/v2/billing/cards/card_1":
      return { status: 204 };
    // HTML where JSON is documented.
    case "GET /api/v2/billing/activity":
      return { status: 200, type: "text/html", body: "<html>maintenance</html>" };
    // JSON that does not parse.
    case "GET /api/v2/shared-hosting":
      return { status: 200, type: "application/json", body: '{"data": [' };
    case "POST /api/v2/shared-hosting/acct_1/addons/storage":
      return json(201, { invoiceId: "inv_1", orderId: "ord_1", redirectUrl: "/billing?invoice=inv_1" });
    // Aether: 200 and a 422 with details[] are documented now (D1, D2); 409 is not.
    case "POST /api/v1/organizations/2489e9ad-2ee2-8e00-8ec9-32d5f69181c0/billing/payment-methods":
      if (headers["x-scenario"] === "422") return json(422, { error: { code: "validation_failed", message: "Invalid", details: [{ field: "stripe_pm_id", code: "required", message: "required" }] } });
      if (headers["x-scenario"] === "409") return json(409, { error: { code: "conflict", message: "Already attached" } });
      return json(200, PAYMENT_METHOD);
    default:
      return json(404, PROBLEM(404, "not_found"), "application/problem+json");
  }
}

interface Seen {
  method: string;
  url: string;
  headers: { name: string; value: string }[];
  body: string;
}

let server: Server;
let base: string;
const seen: Seen[] = [];

function handle(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const headers: Seen["headers"] = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push({ name: req.rawHeaders[i]!, value: req.rawHeaders[i + 1]! });
    seen.push({ method: req.method!, url: `${base}${req.url}`, headers, body: Buffer.concat(chunks).toString("utf8") });
    const r = reply(req.method!, new URL(req.url!, base).pathname, req.headers);
    res.writeHead(r.status, { ...(r.type ? { "content-type": r.type } : {}), ...r.headers });
    res.end(r.body);
  });
}

/** A real exchange with the server, as a HAR entry: the request as the server received it, the response as the client did. */
async function record(path: string, init: { method?: string; headers?: Record<string, string>; body?: string; base64?: boolean } = {}): Promise<Entry> {
  const response = await fetch(`${base}${path}`, { method: init.method ?? "GET", headers: { ...AUTH, ...init.headers }, body: init.body });
  const text = await response.text();
  const request = seen.at(-1)!;
  const contentType = request.headers.find((h) => h.name.toLowerCase() === "content-type")?.value;
  return {
    startedDateTime: new Date().toISOString(),
    time: 1,
    request: {
      method: request.method,
      url: request.url,
      httpVersion: "HTTP/1.1",
      headers: request.headers,
      queryString: [...new URL(request.url).searchParams].map(([name, value]) => ({ name, value })),
      cookies: [],
      headersSize: -1,
      bodySize: request.body.length,
      ...(request.body ? { postData: { mimeType: contentType ?? "", text: request.body } } : {}),
    },
    response: {
      status: response.status,
      statusText: response.statusText,
      httpVersion: "HTTP/1.1",
      headers: [...response.headers].map(([name, value]) => ({ name, value })),
      cookies: [],
      content: { size: text.length, mimeType: response.headers.get("content-type") ?? "", text: init.base64 ? Buffer.from(text).toString("base64") : text, ...(init.base64 ? { encoding: "base64" } : {}) },
      redirectURL: "",
      headersSize: -1,
      bodySize: text.length,
    },
    cache: {},
    timings: { send: 0, wait: 1, receive: 0 },
  };
}

function writeHar(entries: Entry[]): string {
  const har: Har = { log: { version: "1.2", creator: { name: "drift.test", version: "1" }, entries } };
  const file = join(mkdtempSync(join(tmpdir(), "contractgen-drift-")), "recording.har");
  writeFileSync(file, JSON.stringify(har));
  return file;
}

async function drift(values: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l), cwd: root };
  const code = await driftCommand.run({ "base-url": base, ...values }, io as unknown as Parameters<typeof driftCommand.run>[1]);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const jsonBody = { "content-type": "application/json" };
let deviating: string;

beforeAll(async () => {
  server = createServer(handle).listen(0, "127.0.0.1");
  await once(server, "listening");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const other = createServer((_, res) => res.end("console.log(1)")).listen(0, "127.0.0.1");
  await once(other, "listening");
  const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/app.js`;
  const asset = await fetch(otherUrl).then((r) => r.text());
  other.close();
  const entries = [
    await record(`/api/v2/billing/cards?api_key=${QUERY_KEY}`),
    await record("/api/v2/billing/cards", { method: "POST", headers: jsonBody, body: JSON.stringify({ paymentMethodToken: "pm_1" }) }),
    await record("/api/v2/shared-hosting/acct_1"),
    await record("/api/v2/billing/cards/card_1", { method: "DELETE" }),
    await record("/api/v2/billing/activity"),
    await record("/api/v2/shared-hosting"),
    await record("/api/v2/shared-hosting/acct_1/addons/storage", { method: "POST", headers: jsonBody, body: JSON.stringify({ paymentMethod: "paypal" }) }),
    await record("/api/v2/nope"),
    await record("/api/v2/billing/cards", { method: "OPTIONS" }),
    await record("/api/v2/shared-hosting/acct_2"),
  ];
  // Another host's asset, as a browser recording holds them: not the API's business.
  entries.push({ ...entries[0]!, request: { ...entries[0]!.request, url: otherUrl, headers: [] }, response: { ...entries[0]!.response, content: { size: asset.length, mimeType: "text/javascript", text: asset } } });
  deviating = writeHar(entries);
});

afterAll(() => server?.close());

describe("a recording from a deviating server", () => {
  it("reports every departure, in recording order, and exits 1", async () => {
    const { code, out } = await drift({ api: "hostup", har: deviating, format: "json" });
    expect(code).toBe(1);
    const report = JSON.parse(out) as DriftReport;
    expect(report).toMatchObject({ api: "hostup", entries: 11, matched: 8, ignored: 2 });
    const rows = report.findings.map((f) => [f.entry, f.rule, f.pointer ?? null, f.expected ?? null, f.actual ?? null]);
    expect(rows).toEqual([
      [1, "response-body-mismatch", "/0/addedAt", "a required property", "missing"],
      [1, "response-body-mismatch", "/0/expMonth", "type number | null", '"[redacted]"'],
      [1, "response-body-mismatch", "/0/isPrimary", "type boolean", '"yes"'],
      [2, "undocumented-status", null, "201, 400, 401, 403, 404, 429, 500", "200"],
      [3, "undocumented-code", "/code", 'one of "not_found"', '"account_suspended"'],
      [5, "undocumented-content-type", null, "application/json", "text/html"],
      [6, "unparsable-body", null, "JSON", '"{\\"data\\": ["'],
      [7, "request-body-mismatch", "/paymentMethod", 'one of "card", "invoice"', '"paypal"'],
      [8, "undocumented-operation", null, null, "GET /api/v2/nope"],
      [10, "missing-response-header", null, "header Retry-After", "missing"],
      [10, "response-header-mismatch", null, "header x-ratelimit-remaining: integer", '"lots"'],
    ]);
    expect(report.findings.find((f) => f.entry === 7)!.level).toBe("warn");
    expect(report.findings.find((f) => f.entry === 3)).toMatchObject({ operationId: "getSharedHostingAccount", status: 404, method: "GET" });
    expect(report.operations).toMatchObject({ listSavedCards: 1, storeSavedCard: 1, deleteSavedCard: 1 });
  });

  it.each(["text", "markdown", "json"])("never shows a credential (%s)", async (format) => {
    const { out } = await drift({ api: "hostup", har: deviating, format });
    expect(out).toContain("[redacted]");
    for (const secret of [TOKEN, SESSION, QUERY_KEY]) expect(out).not.toContain(secret);
  });

  it("prints a text report grouped by exchange", async () => {
    const { out } = await drift({ api: "hostup", har: deviating });
    expect(out.split("\n")[0]).toBe(`hostup: ${deviating}: 11 entries, 8 matched an operation, 2 ignored; 11 finding(s) in 8 exchange(s)`);
    expect(out).toContain(`#1 GET ${base}/api/v2/billing/cards?api_key=[redacted] -> 200 (listSavedCards)`);
    expect(out).toContain("  error response-body-mismatch: the response body does not match the schema: at /0/isPrimary, expected type boolean, actual \"yes\"");
  });

  it("prints a markdown table for a pull-request comment", async () => {
    const { out } = await drift({ api: "hostup", har: deviating, format: "markdown" });
    expect(out).toContain("### Contract drift: `hostup`");
    expect(out).toContain("| 3 | `GET " + base + "/api/v2/shared-hosting/acct_1` | `getSharedHostingAccount` | 404 | error | undocumented-code | `/code` | `one of \"not_found\"` | `\"account_suspended\"` |");
  });

  it("without --base-url, a recording made elsewhere than the spec's server is all ignored", async () => {
    const { code, out } = await drift({ api: "hostup", har: deviating, format: "json", "base-url": undefined as never });
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ matched: 0, ignored: 11, findings: [] });
  });
});

describe("a conforming recording", () => {
  it("is clean (exit 0): Aether's 200 and its 422 with details[] are documented; base64 bodies are decoded", async () => {
    const attach = "/api/v1/organizations/2489e9ad-2ee2-8e00-8ec9-32d5f69181c0/billing/payment-methods";
    const body = JSON.stringify({ stripe_pm_id: "pm_1", is_default: true });
    const file = writeHar([await record(attach, { method: "POST", headers: jsonBody, body }), await record(attach, { method: "POST", headers: { ...jsonBody, "x-scenario": "422" }, body, base64: true })]);
    const { code, out } = await drift({ api: "aether", har: file });
    expect(out).toBe(`aether: ${file}: 2 entries, 2 matched an operation, 0 ignored; no drift`);
    expect(code).toBe(0);
  });

  it("an Aether status outside the contract is drift", async () => {
    const attach = "/api/v1/organizations/2489e9ad-2ee2-8e00-8ec9-32d5f69181c0/billing/payment-methods";
    const file = writeHar([await record(attach, { method: "POST", headers: { ...jsonBody, "x-scenario": "409" }, body: JSON.stringify({ stripe_pm_id: "pm_1" }) })]);
    const { code, out } = await drift({ api: "aether", har: file, format: "json" });
    expect(code).toBe(1);
    expect((JSON.parse(out) as DriftReport).findings.map((f) => [f.rule, f.expected, f.actual])).toEqual([["undocumented-status", "200, 201, 400, 401, 422", "409"]]);
  });
});

describe("usage errors exit 2", () => {
  it.each([
    [{ api: "hostup" }, "no HAR file given"],
    [{ har: "x.har" }, "--api is required"],
    [{ api: "nope", har: "x.har" }, 'no API named "nope"'],
    [{ api: "hostup", har: "x.har", format: "xml" }, "--format must be one of text, markdown, json"],
    [{ api: "hostup", har: "/no/such/file.har" }, "cannot read HAR file"],
    [{ api: "hostup", har: "package.json" }, "is not a HAR file"],
  ])("%j", async (values, message) => {
    const { code, err } = await drift(values as Record<string, string>);
    expect(code).toBe(2);
    expect(err).toContain(message);
  });
});

describe("the rule registry", () => {
  it("gives every rule a unique id, a level and a summary", () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const rule of RULES) {
      expect(["error", "warn"]).toContain(rule.level);
      expect(rule.summary.length).toBeGreaterThan(10);
    }
  });
});
