/**
 * Security properties of the generated HostUp client: secrets never leak into errors or the
 * client's own rendering, baseUrl must be https (or loopback), and raw card numbers are refused
 * before anything is sent. Plus unit tests of the runtime's parseRetryAfter and findCardNumber.
 */
import { inspect } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { createHostupClient, type HostupClient } from "../generated/hostup/index.ts";
import { findCardNumber, parseRetryAfter } from "../generated/hostup/runtime.ts";
import { problem, useFaultServer, type FaultServer, type Step } from "./support/fault-server.ts";

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
    timeoutMs: 100,
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
    { name: "success with a wrong content type", steps: [{ kind: "reply", status: 200, headers: { "content-type": "text/plain" }, body: echo }], code: "invalid_response" },
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

  it("defaults to the spec's https server", () => {
    expect(String(createHostupClient({ apiKey: API_KEY }))).toContain("https://cloud.hostup.se");
  });

  it("refuses a missing apiKey", () => {
    expect(() => createHostupClient({ apiKey: "" })).toThrow(/apiKey/);
  });
});

/** Append the Luhn check digit to a string of digits. */
function luhn(payload: string): string {
  for (let check = 0; check < 10; check++) {
    const digits = payload + check;
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let d = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    if (sum % 10 === 0) return digits;
  }
  throw new Error("unreachable");
}

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

describe("findCardNumber", () => {
  it("returns the JSON pointer of the first card number, or undefined", () => {
    expect(findCardNumber("4242424242424242", "")).toBe("");
    expect(findCardNumber({ a: [1, { b: "378282246310005" }] }, "")).toBe("/a/1/b");
    expect(findCardNumber({ "~x": "4242-4242-4242-4242" }, "")).toBe("/~0x");
    expect(findCardNumber({ a: 4242424242424242, b: null, c: true, d: "4242424242424241" }, "")).toBeUndefined();
    expect(findCardNumber("--------------", "")).toBeUndefined();
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
