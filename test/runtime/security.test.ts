/**
 * Security properties of the runtime (a hand-written HostUp-like definition): secrets never leak
 * into errors or the client's own rendering, baseUrl must be https (or loopback) without user
 * info, query or fragment, per call too, redirects never leave the origin, options are checked at
 * construction, bodies are size-limited, and raw card numbers are refused before anything is sent.
 * Ported from the generated client's test/client-security, plus the client's hardening.
 */
import { inspect } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { parseRetryAfter, type DriftReport } from "../../templates/runtime/index.ts";
import { redirectTarget } from "../../templates/runtime/transport.ts";
import { problem, startFaultServer, useFaultServer, type FaultServer, type Step } from "../support/fault-server.ts";
import { hostupClient as createHostupClient, luhn, type LooseClient as HostupClient } from "./fixtures.ts";

const API_KEY = "sk_live_9f8e7d6c5b4a39281706";
const SESSION = "sess_5c2e1f0a9b8d7c6e";
const SECRETS = [API_KEY, SESSION];
const PROBLEM_JSON = { "content-type": "application/problem+json" };

let server: FaultServer;
useFaultServer((started) => (server = started));

function client(baseUrl = server.baseUrl): HostupClient {
  return createHostupClient({
    apiKey: API_KEY,
    baseUrl,
    headers: { Cookie: `theme=dark; hostup_session=${SESSION}` },
    timeoutMs: 500,
    retry: { baseDelayMs: 1, maxRetries: 1 },
  });
}

/** Every way a developer might look at an error. */
function renderings(value: unknown): string[] {
  const error = value as { message?: unknown };
  return [
    String(error.message),
    String(value),
    JSON.stringify(value),
    inspect(value, { depth: null, showHidden: true }),
    inspect(value, { depth: null, customInspect: false }),
  ];
}

function expectNoSecret(texts: string[]): void {
  for (const text of texts) {
    for (const secret of SECRETS) {
      expect(text.includes(secret), `secret found in: ${text.slice(0, 300)}`).toBe(false);
    }
  }
}

describe("secrets", () => {
  const echo = `Authorization: Bearer ${API_KEY}; Cookie: hostup_session=${SESSION}`;
  const faults: { name: string; steps: Step[]; code: string }[] = [
    {
      name: "a documented 401 echoing the credentials everywhere",
      steps: [
        {
          kind: "reply",
          status: 401,
          headers: { ...PROBLEM_JSON, "x-request-id": API_KEY },
          body: JSON.stringify(
            problem(401, "unauthorized", {
              detail: `bad key ${API_KEY}`,
              requestId: SESSION,
              instance: `/api/v2/billing/cards?key=${API_KEY}`,
              errors: [{ pointer: `/${SESSION}`, code: API_KEY, detail: echo }],
              extensions: { [API_KEY]: [echo] },
            }),
          ),
        },
      ],
      code: "unauthorized",
    },
    { name: "500 with HTML echoing the request", steps: [{ kind: "reply", status: 500, headers: { "content-type": "text/html" }, body: `<pre>${echo}</pre>` }], code: "invalid_response" },
    { name: "500 with truncated JSON", steps: [{ kind: "reply", status: 500, headers: PROBLEM_JSON, body: `{"detail":"${API_KEY}` }], code: "invalid_response" },
    { name: "a problem without code", steps: [{ kind: "reply", status: 403, headers: PROBLEM_JSON, body: JSON.stringify(problem(403, undefined, { detail: echo })) }], code: "invalid_response" },
    { name: "an undocumented code", steps: [{ kind: "reply", status: 403, headers: PROBLEM_JSON, body: JSON.stringify(problem(403, API_KEY, { detail: echo })) }], code: "invalid_response" },
    {
      name: "a 429 given up at once",
      steps: [{ kind: "reply", status: 429, headers: { ...PROBLEM_JSON, "retry-after": "3600" }, body: JSON.stringify(problem(429, "rate_limit_exceeded", { detail: echo })) }],
      code: "rate_limit_exceeded",
    },
    { name: "a reset", steps: [{ kind: "reset-before-headers" }, { kind: "reset-before-headers" }], code: "network_error" },
    { name: "a timeout", steps: [{ kind: "reply", status: 200, body: [], delayMs: 2_000 }, { kind: "reply", status: 200, body: [], delayMs: 2_000 }], code: "timeout" },
  ];

  it.each(faults)("never in an error: $name", async ({ steps, code }) => {
    server.script(...steps);
    const result = await client().listSavedCards();
    expect(result.error?.code).toBe(code);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expectNoSecret([...renderings(result.error), JSON.stringify(result)]);
  });

  it("never in the client's own rendering", () => {
    const c = client();
    const texts = [String(c), JSON.stringify(c), `${c}`, inspect(c, { depth: null, showHidden: true }), inspect({ client: c }, { depth: null })];
    expectNoSecret(texts);
    expect(String(c)).toContain("HostupClient");
  });

  it("never in a configuration error", () => {
    let message = "";
    try {
      createHostupClient({ apiKey: API_KEY, baseUrl: "http://api.example.com" });
    } catch (err) {
      message = renderings(err).join("\n");
    }
    expect(message).toContain("https");
    expectNoSecret([message]);
  });

  it("never in a log line: the client logs nothing", async () => {
    const spies = (["log", "info", "warn", "error", "debug", "trace"] as const).map((level) => vi.spyOn(console, level).mockImplementation(() => undefined));
    try {
      server.script({ kind: "reset-before-headers" }, { kind: "reply", status: 500, headers: { "content-type": "text/html" }, body: echo });
      await client().listSavedCards();
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it("never in the rejection of a raw openapi-fetch call", async () => {
    server.script({ kind: "reset-before-headers" }, { kind: "reset-before-headers" });
    const error = await client()
      .GET("/api/v2/billing/cards")
      .then(() => undefined, (err: unknown) => err);
    expect(error).toBeInstanceOf(Error);
    expectNoSecret(renderings(error));
  });
});

describe("baseUrl", () => {
  it.each([
    "http://api.example.com",
    "http://10.0.0.1",
    "http://127.0.0.1.nip.io",
    "http://localhost.example.com",
    "http://[::ffff:127.0.0.1]",
    "http://0.0.0.0:8080",
    "ftp://127.0.0.1",
    "not a url",
    "/api",
  ])("refuses %s at construction", (baseUrl) => {
    expect(() => createHostupClient({ apiKey: API_KEY, baseUrl })).toThrow(/baseUrl/);
  });

  it.each(["https://cloud.hostup.se", "https://cloud.hostup.se/", "http://localhost:3000", "http://LOCALHOST", "http://127.0.0.1:8080", "http://127.254.1.9", "http://[::1]:8080"])("accepts %s", (baseUrl) => {
    expect(() => createHostupClient({ apiKey: API_KEY, baseUrl })).not.toThrow();
  });

  it("plain http to any host with allowInsecureHttp: true, for the client and per call; other schemes still refused", async () => {
    const seen: string[] = [];
    const fetch = async (request: Request) => {
      seen.push(request.url);
      return new Response("[]", { status: 200, headers: { "content-type": "application/json" } });
    };
    const c = createHostupClient({ apiKey: API_KEY, baseUrl: "http://directus:8055", allowInsecureHttp: true, fetch });
    expect((await c.listSavedCards()).error).toBeUndefined();
    expect((await c.listSavedCards({ baseUrl: "http://10.0.0.1" })).error).toBeUndefined();
    expect(seen).toEqual(["http://directus:8055/api/v2/billing/cards", "http://10.0.0.1/api/v2/billing/cards"]);
    expect(() => createHostupClient({ baseUrl: "http://directus:8055", allowInsecureHttp: false })).toThrow(/allowInsecureHttp: true/);
    expect(() => createHostupClient({ baseUrl: "ftp://directus", allowInsecureHttp: true })).toThrow(/must use https/);
    expect(() => createHostupClient({ allowInsecureHttp: "yes" as never })).toThrow(/allowInsecureHttp must be true or false/);
  });

  it("a same-origin redirect over plain http is followed only with allowInsecureHttp", () => {
    const request = new Request("http://directus:8055/items");
    const response = new Response(null, { status: 302, headers: { location: "/items/" } });
    expect(redirectTarget(request, response)).toBeUndefined();
    expect(redirectTarget(request, response, true)?.url.href).toBe("http://directus:8055/items/");
  });

  it("defaults to the spec's https server", () => {
    expect(String(createHostupClient({ apiKey: API_KEY }))).toContain("https://cloud.hostup.se");
  });

  it("refuses an empty apiKey, and needs none at all", () => {
    expect(() => createHostupClient({ apiKey: "" })).toThrow(/apiKey/);
    expect(() => createHostupClient()).not.toThrow();
  });

  it.each([
    ["user info", `https://user:${API_KEY}@cloud.hostup.se`, /user info/],
    ["a query", `https://cloud.hostup.se/?key=${API_KEY}`, /query or fragment/],
    ["an empty query", "https://cloud.hostup.se/?", /query or fragment/],
    ["a fragment", "https://cloud.hostup.se/#v2", /query or fragment/],
  ])("refuses %s, without repeating it", (_name, baseUrl, pattern) => {
    let message = "";
    try {
      createHostupClient({ baseUrl });
    } catch (err) {
      message = renderings(err).join("\n");
    }
    expect(message).toMatch(pattern);
    expectNoSecret([message]);
  });

  it.each(["http://0.0.0.0:1", "http://api.example.com", "https://u:p@cloud.hostup.se", "https://cloud.hostup.se?x=1"])("refuses a per-call baseUrl %s: nothing sent, no credential", async (baseUrl) => {
    server.script({ kind: "reply", status: 200, body: [] });
    const result = await client().listSavedCards({ baseUrl });
    expect(result.error).toMatchObject({ code: "request_not_sent", status: undefined });
    expect(result.error.message).toMatch(/baseUrl/);
    expect(server.requests).toHaveLength(0);
    const raw = await client().GET("/api/v2/billing/cards", { baseUrl }).then(() => undefined, (err: unknown) => err);
    expect(raw).toMatchObject({ name: "ClientRequestError", code: "request_not_sent" });
    expect(server.requests).toHaveLength(0);
  });

  it("accepts a per-call loopback baseUrl", async () => {
    server.script({ kind: "reply", status: 200, body: [] });
    const result = await createHostupClient({ apiKey: API_KEY }).listSavedCards({ baseUrl: server.baseUrl });
    expect(result.data).toEqual([]);
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });
});

describe("raw card numbers", () => {
  const cards = [
    "4242424242424242",
    "4242 4242 4242 4242",
    "4242-4242-4242-4242",
    "378282246310005",
    "4222222222222",
    luhn("601111111111111111"),
    " 5555 5555 5555 4444 ",
  ];

  it.each(cards)("refuses %j in a request body, sends nothing, and does not echo it", async (card) => {
    server.script({ kind: "reply", status: 201, body: {} });
    const result = await client().storeSavedCard({ body: { paymentMethodToken: card, last4: card.slice(-4) } });
    expect(result.error).toMatchObject({ code: "card_number_not_allowed", status: undefined, location: "/paymentMethodToken" });
    expect(result.response).toBeUndefined();
    expect(server.requests).toHaveLength(0);
    const digits = card.replace(/\D/g, "");
    for (const text of [...renderings(result.error), JSON.stringify(result)]) {
      expect(text).not.toContain(card.trim());
      expect(text.replace(/\D/g, "")).not.toContain(digits);
    }
  });

  it("finds one nested in arrays and objects, and names where", async () => {
    server.script({ kind: "reply", status: 200, body: {} });
    const result = await client().renameSharedHostingAccount({
      params: { path: { accountId: "acct_1" } },
      body: { name: "shop", "notes/old": [{ text: "hello" }, { text: "4242 4242 4242 4242" }] },
    });
    expect(result.error).toMatchObject({ code: "card_number_not_allowed", location: "/notes~1old/1/text" });
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    ["a Luhn-invalid number", "4242424242424241"],
    ["12 digits", luhn("42424242424")],
    ["20 digits", luhn("4242424242424242424")],
    ["digits with letters", "pm_4242424242424242"],
    ["a token", "pm_01hxa3b4c5d6e7f8g9h0j1k2m3"],
  ])("lets %s through", async (_name, value) => {
    server.script({ kind: "reply", status: 201, body: {} });
    await client().storeSavedCard({ body: { paymentMethodToken: value } });
    expect(server.requests).toHaveLength(1);
  });

  it("refuses one in a raw openapi-fetch call too", async () => {
    server.script({ kind: "reply", status: 201, body: {} });
    const error = await client()
      .POST("/api/v2/billing/cards", { body: { paymentMethodToken: "4242424242424242" } })
      .then(() => undefined, (err: unknown) => err);
    expect(error).toMatchObject({ code: "card_number_not_allowed" });
    expect(server.requests).toHaveLength(0);
    expect(renderings(error).join("\n")).not.toContain("4242424242424242");
  });
});

describe("parseRetryAfter", () => {
  const now = Date.UTC(2015, 9, 21, 7, 27, 30);
  it.each([
    ["120", 120],
    [" 7 ", 7],
    ["0", 0],
    ["Wed, 21 Oct 2015 07:28:00 GMT", 30],
    ["Wed, 21 Oct 2015 07:27:30 GMT", 0],
    ["Wed, 21 Oct 2015 07:00:00 GMT", 0],
    ["Wednesday, 21-Oct-15 07:28:00 GMT", 30],
    ["1.5", undefined],
    ["-1", undefined],
    ["1e3", undefined],
    ["soon", undefined],
    ["", undefined],
    [null, undefined],
  ] as const)("%j -> %j", (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe("per-call secrets", () => {
  it("a cookie and an Authorization header passed per call are redacted from errors", async () => {
    const perCall = "percall_cookie_value_77";
    const perCallToken = "percall_token_value_88";
    const echo = `${perCall} ${perCallToken}`;
    server.script({ kind: "reply", status: 500, headers: { "content-type": "text/html" }, body: echo });
    const result = await createHostupClient({ baseUrl: server.baseUrl }).listSavedCards({
      headers: { Cookie: `hostup_session=${perCall}`, Authorization: `Bearer ${perCallToken}` },
    });
    expect(result.error.code).toBe("invalid_response");
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${perCallToken}`);
    for (const text of renderings(result.error)) {
      expect(text).not.toContain(perCall);
      expect(text).not.toContain(perCallToken);
    }
  });
});

describe("numeric options", () => {
  it.each([
    ["timeoutMs", { timeoutMs: Infinity }],
    ["timeoutMs", { timeoutMs: 2 ** 31 }],
    ["timeoutMs", { timeoutMs: 0 }],
    ["timeoutMs", { timeoutMs: NaN }],
    ["timeoutMs", { timeoutMs: 1.5 }],
    ["timeoutMs", { timeoutMs: "100" as unknown as number }],
    ["maxRetries", { retry: { maxRetries: Infinity } }],
    ["maxRetries", { retry: { maxRetries: -1 } }],
    ["maxRetries", { retry: { maxRetries: 11 } }],
    ["baseDelayMs", { retry: { baseDelayMs: NaN } }],
    ["maxDelayMs", { retry: { maxDelayMs: 2 ** 31 } }],
    ["maxResponseBytes", { maxResponseBytes: 0 }],
    ["maxResponseBytes", { maxResponseBytes: Infinity }],
  ])("refuses a bad %s at construction with a TypeError naming it", (name, options) => {
    expect(() => createHostupClient({ apiKey: API_KEY, ...options })).toThrow(TypeError);
    expect(() => createHostupClient({ apiKey: API_KEY, ...options })).toThrow(new RegExp(name));
  });

  it("accepts the bounds", () => {
    expect(() => createHostupClient({ timeoutMs: 2 ** 31 - 1, retry: { maxRetries: 0, baseDelayMs: 0, maxDelayMs: 0 }, maxResponseBytes: 1 })).not.toThrow();
  });

  it("refuses a fetch or hook that is not a function, and unknown credentials", () => {
    expect(() => createHostupClient({ fetch: "fetch" as never })).toThrow(/fetch must be a function/);
    expect(() => createHostupClient({ onContractDrift: 1 as never })).toThrow(/onContractDrift/);
    expect(() => createHostupClient({ credentials: { bearerAuht: "x" } as never })).toThrow(/bearerAuht.*known: bearerAuth, sessionCookie/);
  });
});

describe("redirects", () => {
  const json = { "content-type": "application/json" };

  it("a redirect to another origin is not followed: invalid_response `redirect`, the credential not sent there", async () => {
    const other = await startFaultServer();
    try {
      other.script({ kind: "reply", status: 200, body: [] });
      server.script({ kind: "reply", status: 302, headers: { location: `${other.baseUrl}/steal?key=${API_KEY}` } });
      const result = await client().listSavedCards();
      expect(result.error).toMatchObject({ code: "invalid_response", reason: "redirect", status: 302 });
      expect(other.requests).toHaveLength(0);
      expectNoSecret(renderings(result.error));
    } finally {
      await other.close();
    }
  });

  it.each([307, 308])("a same-origin %i on a POST is followed with the same method and body", async (status) => {
    server.script({ kind: "reply", status, headers: { location: "/elsewhere" } }, { kind: "reply", status: 201, headers: json, body: { id: "card_1" } });
    const result = await client().storeSavedCard({ body: { paymentMethodToken: "pm_1" } });
    expect(result.data).toEqual({ id: "card_1" });
    const sent = JSON.stringify({ paymentMethodToken: "pm_1" });
    expect(server.requests.map((r) => [r.method, r.url, r.body, r.headers["content-type"]])).toEqual([
      ["POST", "/api/v2/billing/cards", sent, "application/json"],
      ["POST", "/elsewhere", sent, "application/json"],
    ]);
    expect(server.requests[1]!.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it.each([
    ["a middleware of the caller's (openapi-fetch's own Request, its body kept by a tee)", { middleware: [{ onRequest: () => undefined }] }],
    ["a custom fetch", { fetch: (request: Request) => fetch(request) }],
  ])("a 307 on a POST re-sends method and body with %s too", async (_name, extra) => {
    server.script({ kind: "reply", status: 307, headers: { location: "/a" } }, { kind: "reply", status: 307, headers: { location: "/b" } }, { kind: "reply", status: 201, headers: json, body: { id: "card_1" } });
    const c = createHostupClient({ apiKey: API_KEY, baseUrl: server.baseUrl, retry: { maxRetries: 0 }, ...extra });
    const result = await c.storeSavedCard({ body: { paymentMethodToken: "pm_3" } });
    expect(result.data).toEqual({ id: "card_1" });
    expect(server.requests.map((r) => [r.method, r.url, r.body])).toEqual(
      ["/api/v2/billing/cards", "/a", "/b"].map((url) => ["POST", url, JSON.stringify({ paymentMethodToken: "pm_3" })]),
    );
    expect(server.requests[2]!.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it("a 307 chain re-sends the body at every hop", async () => {
    const hop = (to: string) => ({ kind: "reply" as const, status: 307, headers: { location: to } });
    server.script(hop("/a"), hop("/b"), { kind: "reply", status: 201, headers: json, body: { id: "card_1" } });
    const result = await client().storeSavedCard({ body: { paymentMethodToken: "pm_2" } });
    expect(result.data).toEqual({ id: "card_1" });
    expect(server.requests.map((r) => r.body)).toEqual(Array(3).fill(JSON.stringify({ paymentMethodToken: "pm_2" })));
  });

  it.each([301, 302])("a same-origin %i on a POST is not followed as a GET: invalid_response `redirect`, one request", async (status) => {
    server.script({ kind: "reply", status, headers: { location: "/api/v2/billing/cards" } }, { kind: "reply", status: 201, headers: json, body: { id: "card_1" } });
    const result = await client().storeSavedCard({ body: { paymentMethodToken: "pm_1" } });
    expect(result.error).toMatchObject({ code: "invalid_response", reason: "redirect", status });
    expect(server.requests.map((r) => r.method)).toEqual(["POST"]);
  });

  it.each([301, 302])("a same-origin %i on a GET is followed as a GET", async (status) => {
    server.script({ kind: "reply", status, headers: { location: "/moved" } }, { kind: "reply", status: 200, headers: json, body: [] });
    const result = await client().listSavedCards();
    expect(result.data).toEqual([]);
    expect(server.requests.map((r) => [r.method, r.url])).toEqual([["GET", "/api/v2/billing/cards"], ["GET", "/moved"]]);
  });

  it("a 307 of a POST to another origin is not followed: neither the body nor the credential goes there", async () => {
    const other = await startFaultServer();
    try {
      other.script({ kind: "reply", status: 201, headers: json, body: {} });
      server.script({ kind: "reply", status: 307, headers: { location: `${other.baseUrl}/api/v2/billing/cards` } });
      const result = await client().storeSavedCard({ body: { paymentMethodToken: "pm_1" } });
      expect(result.error).toMatchObject({ code: "invalid_response", reason: "redirect", status: 307 });
      expect(other.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it("a same-origin 303 after a POST is followed as a GET without the body, credentials kept", async () => {
    server.script({ kind: "reply", status: 303, headers: { location: "/api/v2/billing/cards" } }, { kind: "reply", status: 201, headers: json, body: { id: "card_1" } });
    const result = await client().storeSavedCard({ body: { paymentMethodToken: "pm_1" } });
    expect(result.data).toEqual({ id: "card_1" });
    expect(server.requests.map((r) => [r.method, r.body])).toEqual([["POST", JSON.stringify({ paymentMethodToken: "pm_1" })], ["GET", ""]]);
    expect(server.requests[1]!.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it("a redirect loop stops after five hops", async () => {
    const hop = { kind: "reply" as const, status: 307, headers: { location: "/api/v2/billing/cards" } };
    server.script(hop, hop, hop, hop, hop, hop, hop, hop);
    const result = await client().listSavedCards();
    expect(result.error).toMatchObject({ code: "invalid_response", reason: "redirect", status: 307 });
    expect(server.requests).toHaveLength(6);
  });

  it("a redirect to plain http off loopback is never followed", async () => {
    server.script({ kind: "reply", status: 301, headers: { location: "http://cloud.hostup.se/api/v2/billing/cards" } });
    const result = await client().listSavedCards();
    expect(result.error).toMatchObject({ code: "invalid_response", reason: "redirect", status: 301 });
  });
});

describe("response size", () => {
  const big = (bytes: number, declared: boolean): Step => ({
    kind: "handle",
    handle: (_req, res) => {
      res.writeHead(200, { "content-type": "application/json", ...(declared ? { "content-length": String(bytes) } : {}) });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let left = bytes;
      const pump = () => {
        while (left > 0 && !res.destroyed) {
          const n = Math.min(left, chunk.length);
          left -= n;
          if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void res.once("drain", pump);
        }
        if (!res.destroyed) res.end();
      };
      res.on("error", () => undefined);
      pump();
    },
  });

  it.each([
    ["declared by Content-Length", true],
    ["streamed without a length", false],
  ])("a body over maxResponseBytes, %s: response_too_large, not retried", async (_name, declared) => {
    server.script(big(5_000_000, declared), big(5_000_000, declared));
    const result = await createHostupClient({ baseUrl: server.baseUrl, maxResponseBytes: 1_000_000 }).listSavedCards();
    expect(result.error).toMatchObject({ code: "response_too_large", documented: false, status: 200, maxResponseBytes: 1_000_000 });
    expect(server.requests).toHaveLength(1);
    const raw = await createHostupClient({ baseUrl: server.baseUrl, maxResponseBytes: 1_000_000 }).GET("/api/v2/billing/cards").then(() => undefined, (err: unknown) => err);
    expect(raw).toMatchObject({ name: "ClientRequestError", code: "response_too_large" });
  });

  it("a body within the limit is read whole, with or without a length", async () => {
    server.script(big(900_000, false), big(900_000, true));
    const drift: DriftReport[] = [];
    const c = createHostupClient({ baseUrl: server.baseUrl, maxResponseBytes: 1_000_000, onContractDrift: (r) => drift.push(r) });
    for (let i = 0; i < 2; i++) {
      const result = await c.listSavedCards();
      // 900,000 spaces are not JSON: the body was read whole and judged, not cut short.
      expect(result.error).toBeUndefined();
      expect((result.data as string).length).toBe(900_000);
    }
    expect(drift.map((r) => r.reason)).toEqual(["unparsable_body", "unparsable_body"]);
  });
});
