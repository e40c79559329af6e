/**
 * The card-number guard: brand prefix + length + Luhn, so ids, timestamps and snowflakes pass;
 * JSON numbers, embedded digits, keys, string bodies and parameters are all looked at; deep and
 * cyclic values cannot overflow; off unless the API enables it; the number is never reported.
 */
import { describe, expect, it } from "vitest";
import { containsCardNumber, createApiClient, findCardNumber, isCardNumber } from "../../templates/runtime/index.ts";
import { useFaultServer, type FaultServer } from "../support/fault-server.ts";
import { hostupClient, hostupDefinition, hostupTable, luhn, type LooseClient } from "./fixtures.ts";

describe("isCardNumber", () => {
  it.each(["4242424242424242", "4222222222222", "378282246310005", "5555555555554444", "2223003122003222", "6011111111111117", "3530111333300000", "36227206271667", luhn("601111111111111111"), luhn("620000000000000000")])("%s is a card number", (pan) => {
    expect(isCardNumber(pan)).toBe(true);
  });

  it("lets Luhn-valid ids without a brand prefix or length through: snowflakes, timestamps", () => {
    let snowflakes = 0;
    for (let i = 0; i < 1000; i++) {
      // Discord snowflakes: (ms since 2015) << 22, 18 to 19 digits starting with 1.
      const id = ((BigInt(Date.now() - 1420070400000 - i * 3_600_000) << 22n) + BigInt(i)).toString();
      if (isCardNumber(id)) snowflakes++;
    }
    expect(snowflakes).toBe(0);
    let timestamps = 0;
    for (let i = 0; i < 1000; i++) if (isCardNumber(String(Date.now() - i * 7919))) timestamps++;
    expect(timestamps).toBe(0);
    // Luhn-valid but the wrong length for its brand (Amex is 15 digits), or no brand at all.
    expect(isCardNumber(luhn("3782822463100051"))).toBe(false);
    expect(isCardNumber(luhn("900000000000000"))).toBe(false);
    expect(isCardNumber("4242424242424241")).toBe(false);
  });
});

describe("containsCardNumber", () => {
  it.each([
    ["spaces", "4242 4242 4242 4242"],
    ["dashes", "4242-4242-4242-4242"],
    ["embedded in text", "my card is 4242424242424242, exp 12/28"],
    ["a trailing newline", "4242424242424242\n"],
    ["a grouped run next to other digits", "ref 1234 4242424242424242"],
  ])("finds one with %s", (_name, text) => {
    expect(containsCardNumber(text)).toBe(true);
  });

  it.each([
    ["a token", "pm_01hxa3b4c5d6e7f8g9h0j1k2m3"],
    ["digits glued to letters", "pm_4242424242424242"],
    ["12 digits", luhn("42424242424")],
    ["20 digits", luhn("4242424242424242424")],
    ["dashes only", "--------------"],
  ])("not in %s", (_name, text) => {
    expect(containsCardNumber(text)).toBe(false);
  });
});

describe("findCardNumber", () => {
  it("returns the JSON pointer of the first card number, or undefined", () => {
    expect(findCardNumber("4242424242424242")).toBe("");
    expect(findCardNumber({ a: [1, { b: "378282246310005" }] })).toBe("/a/1/b");
    expect(findCardNumber({ "~x": "4242-4242-4242-4242" })).toBe("/~0x");
    expect(findCardNumber({ a: 4242424242424242 })).toBe("/a");
    expect(findCardNumber({ a: 4242424242424241, b: null, c: true, d: "4242424242424241" })).toBeUndefined();
  });

  it("a card number as a property name gives its object's pointer, not the number", () => {
    expect(findCardNumber({ cards: { "4242424242424242": { ok: 1 } } })).toBe("/cards");
  });

  it("walks 100,000 levels and cycles without overflowing", () => {
    let deep: unknown = "4242424242424242";
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    expect(findCardNumber(deep)?.length).toBe(200_000);
    const cyclic: Record<string, unknown> = { name: "x" };
    cyclic.self = cyclic;
    cyclic.list = [cyclic, { card: "5555555555554444" }];
    expect(findCardNumber(cyclic)).toBe("/list/1/card");
  });
});

describe("in a client", () => {
  let server: FaultServer;
  useFaultServer((started) => (server = started));
  const client = () => hostupClient({ apiKey: "sk_test_guard_1234", baseUrl: server.baseUrl });
  const PAN = "4242424242424242";

  it.each([
    ["a JSON number", { body: { paymentMethodToken: "pm_1", note: 4242424242424242 } }, "body", "/note"],
    ["a pre-serialised string body", { body: `{"paymentMethodToken":"${PAN}"}` }, "body", ""],
    ["a query parameter", { params: { query: { q: PAN } } }, "query", "/q"],
    ["a path parameter", { params: { path: { id: PAN } } }, "path", "/id"],
    ["a header parameter", { params: { header: { "X-Note": PAN } } }, "header", "/X-Note"],
    ["a header", { headers: { "X-Note": `card ${PAN}` } }, "header", "/X-Note"],
  ])("refuses %s, sends nothing, never shows the number", async (_name, init, part, location) => {
    server.script({ kind: "reply", status: 201, body: {} });
    const result = await client().storeSavedCard(init);
    expect(result.error).toMatchObject({ code: "card_number_not_allowed", in: part, location, status: undefined, documented: false });
    expect(server.requests).toHaveLength(0);
    expect(JSON.stringify(result.error).replace(/\D/g, "")).not.toContain(PAN);
  });

  it("a cyclic or 20,000-deep body is refused or reported, never a rejection", async () => {
    const cyclic: Record<string, unknown> = { paymentMethodToken: "pm_1" };
    cyclic.self = cyclic;
    let deep: unknown = "ok";
    for (let i = 0; i < 20_000; i++) deep = [deep];
    server.script({ kind: "reply", status: 201, body: {} }, { kind: "reply", status: 201, body: {} });
    for (const body of [cyclic, { paymentMethodToken: "pm_1", deep }]) {
      const result = await client().storeSavedCard({ body });
      expect(result.error).toMatchObject({ code: "request_not_sent" });
      expect(result.error.message).toMatch(/was not sent/);
    }
    expect(server.requests).toHaveLength(0);
  });

  it("is off unless the API enables it", async () => {
    const unguarded = createApiClient<LooseClient>({ baseUrl: server.baseUrl }, { ...hostupDefinition, guard: undefined }, hostupTable);
    server.script({ kind: "reply", status: 201, body: {} });
    const result = await unguarded.storeSavedCard!({ body: { paymentMethodToken: PAN } });
    expect(result.error).toBeUndefined();
    expect(server.requests).toHaveLength(1);
  });
});
