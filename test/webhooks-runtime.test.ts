/**
 * templates/runtime/webhooks.ts: signatures checked against the schemes' published vectors and an
 * independent HMAC (node:crypto), every refusal with its code, and the bounds on headers and bodies.
 */
import { createHmac } from "node:crypto";
import { build } from "esbuild";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_MAX_WEBHOOK_BYTES,
  MAX_SIGNATURE_HEADER_LENGTH,
  signWebhook,
  verifyWebhook,
  type SignatureScheme,
  type WebhookDefinition,
} from "../templates/runtime/webhooks.ts";
import { SIGNATURE_PRESETS } from "../generator/pipeline/webhooks.ts";

const text = (scheme: SignatureScheme): WebhookDefinition => ({ name: "Test", scheme, webhooks: [{ name: "any", json: false }] });
const at = (seconds: number) => () => seconds * 1000;

describe("prefixed HMAC over the raw body (the github preset)", () => {
  const definition = text(SIGNATURE_PRESETS.github);
  // GitHub's documented test vector (docs.github.com, "Validating webhook deliveries").
  const secret = "It's a Secret to Everybody";
  const body = "Hello, World!";
  const signature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

  it("verifies the documented vector, from a record, a Headers object and a Request", async () => {
    const want = { event: { name: "any", payload: body } };
    expect(await verifyWebhook(definition, { headers: { "X-Hub-Signature-256": signature }, body }, { secret })).toEqual(want);
    expect(await verifyWebhook(definition, { headers: new Headers({ "x-hub-signature-256": signature }), body: new TextEncoder().encode(body) }, { secret })).toEqual(want);
    const request = new Request("https://example.test/hook", { method: "POST", headers: { "X-Hub-Signature-256": signature }, body });
    expect(await verifyWebhook(definition, request, { secret })).toEqual(want);
  });

  it("reads a Request of another fetch implementation by its shape, not its class", async () => {
    const foreign = { headers: { get: (name: string) => (name === "x-hub-signature-256" ? signature : null) }, body: new Blob([body]).stream(), arrayBuffer: () => Promise.reject(new Error("not called")) };
    expect(await verifyWebhook(definition, foreign as unknown as Request, { secret })).toEqual({ event: { name: "any", payload: body } });
  });

  it("signs to the documented vector", async () => {
    expect(await signWebhook(SIGNATURE_PRESETS.github, secret, body, { id: "1", timestamp: 0 })).toEqual({ "x-hub-signature-256": signature });
  });

  it.each([
    ["a tampered body", { "x-hub-signature-256": signature }, "Hello, World?", "invalid_signature"],
    ["a wrong secret's signature", { "x-hub-signature-256": `sha256=${createHmac("sha256", "other").update(body).digest("hex")}` }, body, "invalid_signature"],
    ["no signature header", {}, body, "missing_signature"],
    ["an empty signature header", { "x-hub-signature-256": " " }, body, "missing_signature"],
    ["a signature without its prefix", { "x-hub-signature-256": signature.slice(7) }, body, "invalid_signature"],
    ["a truncated signature", { "x-hub-signature-256": signature.slice(0, -2) }, body, "invalid_signature"],
    ["a signature that is not hex", { "x-hub-signature-256": `sha256=${"z".repeat(64)}` }, body, "invalid_signature"],
  ])("refuses %s", async (_, headers, payload, code) => {
    const result = await verifyWebhook(definition, { headers, body: payload }, { secret });
    expect(result.error?.code).toBe(code);
    expect(JSON.stringify(result)).not.toContain(secret);
    expect(JSON.stringify(result)).not.toContain(signature.slice(7, 30));
  });

  it("refuses an empty secret instead of verifying with it", async () => {
    const result = await verifyWebhook(definition, { headers: { "x-hub-signature-256": signature }, body }, { secret: "" });
    expect(result.error?.code).toBe("invalid_signature");
  });
});

describe("keyed timestamp and signatures (the stripe preset)", () => {
  const scheme = SIGNATURE_PRESETS.stripe;
  const definition = text(scheme);
  const secret = "whsec_test_secret";
  const body = '{"id":"evt_1","type":"invoice.paid"}';
  const t = 1_700_000_000;
  const v1 = (key: string, timestamp = t) => createHmac("sha256", key).update(`${timestamp}.${body}`).digest("hex");

  it("accepts a header with two v1 entries when either matches, and a v0 entry beside them", async () => {
    for (const header of [`t=${t},v1=${v1("old secret")},v1=${v1(secret)}`, `t=${t},v1=${v1(secret)},v1=${v1("old secret")},v0=abc`]) {
      const result = await verifyWebhook(definition, { headers: { "stripe-signature": header }, body }, { secret, now: at(t + 10) });
      expect(result).toEqual({ event: { name: "any", payload: body } });
    }
  });

  it("signs what it verifies", async () => {
    expect(await signWebhook(scheme, secret, body, { id: "x", timestamp: t })).toEqual({ "stripe-signature": `t=${t},v1=${v1(secret)}` });
  });

  it.each([
    ["older than the tolerance", t + 301, undefined, "expired"],
    ["newer than the tolerance", t - 301, undefined, "expired"],
    ["within a tolerance the caller widened", t + 3600, 3601, undefined],
    ["outside a tolerance the caller narrowed", t + 11, 10, "expired"],
  ])("a signature %s", async (_, now, toleranceSeconds, code) => {
    const options = { secret, now: at(now), ...(toleranceSeconds ? { toleranceSeconds } : {}) };
    const result = await verifyWebhook(definition, { headers: { "stripe-signature": `t=${t},v1=${v1(secret)}` }, body }, options);
    expect(result.error?.code).toBe(code);
  });

  it.each([
    ["no timestamp", `v1=${v1(secret)}`],
    ["no v1 entry", `t=${t},v0=${v1(secret)}`],
    ["a timestamp the signature does not cover", `t=${t + 1},v1=${v1(secret)}`],
    ["two wrong v1 entries", `t=${t},v1=${v1("a")},v1=${v1("b")}`],
  ])("refuses a header with %s", async (_, header) => {
    const result = await verifyWebhook(definition, { headers: { "stripe-signature": header }, body }, { secret, now: at(t) });
    expect(result.error?.code).toBe("invalid_signature");
  });

  it("checks the signature before the timestamp: a forged old delivery is invalid, not expired", async () => {
    const result = await verifyWebhook(definition, { headers: { "stripe-signature": `t=${t},v1=${v1("forger")}` }, body }, { secret, now: at(t + 10_000) });
    expect(result.error?.code).toBe("invalid_signature");
  });
});

describe("standard webhooks (the standard-webhooks preset)", () => {
  const scheme = SIGNATURE_PRESETS["standard-webhooks"];
  const definition = text(scheme);
  // The official vectors (standard-webhooks/standard-webhooks, libraries/javascript/src/webhook.test.ts).
  const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  const payload = '{"test": 2432232314}';
  const fixed = { timestamp: 1614265330, signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=" };
  const headersAt = (timestamp: number, signature: string) => ({ "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": signature });

  it("signs and verifies the official fixed vector, with and without the whsec_ prefix", async () => {
    expect((await signWebhook(scheme, secret, payload, { id, timestamp: fixed.timestamp }))["webhook-signature"]).toBe(fixed.signature);
    for (const key of [secret, secret.slice("whsec_".length)]) {
      const result = await verifyWebhook(definition, { headers: headersAt(fixed.timestamp, fixed.signature), body: payload }, { secret: key, now: at(fixed.timestamp) });
      expect(result).toEqual({ event: { name: "any", payload } });
    }
  });

  it("agrees with the official library both ways", async () => {
    const library = new Webhook(secret);
    const now = Math.floor(Date.now() / 1000);
    const signature = library.sign(id, new Date(now * 1000), payload);
    expect(await verifyWebhook(definition, { headers: headersAt(now, signature), body: payload }, { secret })).toEqual({ event: { name: "any", payload } });
    const ours = await signWebhook(scheme, secret, payload, { id, timestamp: now });
    expect(library.verify(payload, ours)).toEqual(JSON.parse(payload));
  });

  const library = new Webhook(secret);
  const now = 1_700_000_000;
  const valid = library.sign(id, new Date(now * 1000), payload);
  // The library's own scenarios, with the code each refusal gets here.
  it.each([
    ["the multi-signature header (v2 and wrong v1 entries around the valid one)", { "webhook-signature": ["v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", "v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", valid, "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="].join(" ") }, now, undefined],
    ["a missing id", { "webhook-id": undefined }, now, "missing_signature"],
    ["a missing timestamp", { "webhook-timestamp": undefined }, now, "missing_signature"],
    ["a missing signature", { "webhook-signature": undefined }, now, "missing_signature"],
    ["an invalid timestamp", { "webhook-timestamp": "hello" }, now, "invalid_signature"],
    ["an invalid signature", { "webhook-signature": "v1,dawfeoifkpqwoekfpqoekf" }, now, "invalid_signature"],
    ["a partial signature", { "webhook-signature": valid.slice(0, 8) }, now, "invalid_signature"],
    ["an empty v1 entry", { "webhook-signature": "v1," }, now, "invalid_signature"],
    ["an old timestamp", {}, now + 301, "expired"],
    ["a new timestamp", {}, now - 301, "expired"],
  ])("%s", async (_, change, clock, code) => {
    const headers = { ...headersAt(now, valid), ...change };
    const result = await verifyWebhook(definition, { headers, body: payload }, { secret, now: at(clock) });
    expect(result.error?.code).toBe(code);
  });

  it("verifies an empty payload", async () => {
    const signature = library.sign(id, new Date(now * 1000), "");
    expect(await verifyWebhook(definition, { headers: headersAt(now, signature), body: "" }, { secret, now: at(now) })).toEqual({ event: { name: "any", payload: "" } });
  });
});

describe("a custom HMAC header", () => {
  const scheme: SignatureScheme = { layout: "prefixed", header: "x-signature", prefix: "", encoding: "base64", algorithm: "sha512", signedContent: "{timestamp}:{id}:{body}", timestampHeader: "x-timestamp", idHeader: "x-id" };
  it("covers the configured content, with the algorithm and encoding it names", async () => {
    const signature = createHmac("sha512", "s3cret").update("1700000000:42:{}").digest("base64");
    const headers = { "x-signature": signature, "x-timestamp": "1700000000", "x-id": "42" };
    expect(await verifyWebhook(text(scheme), { headers, body: "{}" }, { secret: "s3cret", now: at(1_700_000_000) })).toEqual({ event: { name: "any", payload: "{}" } });
    expect(await signWebhook(scheme, "s3cret", "{}", { id: "42", timestamp: 1_700_000_000 })).toEqual(headers);
  });
});

describe("which webhook arrived", () => {
  const definition: WebhookDefinition = {
    name: "Repo Events",
    scheme: SIGNATURE_PRESETS.github,
    eventHeader: "x-event-name",
    webhooks: [
      { name: "issue-closed", event: ["issues"], body: { action: ["closed"], reason: ["completed"] }, optional: ["reason"], json: true },
      { name: "issue-opened", event: ["issues"], body: { action: ["opened"] }, json: true },
      { name: "push", event: ["push"], json: true },
    ],
  };
  const deliver = async (event: string | undefined, body: string) => {
    const signed = await signWebhook(definition.scheme, "k", body, { id: "1", timestamp: 0 });
    return verifyWebhook(definition, { headers: { ...signed, ...(event ? { "X-Event-Name": event } : {}) }, body }, { secret: "k" });
  };

  it.each([
    ["push", '{"ref":"refs/heads/main"}', "push"],
    ["issues", '{"action":"opened","issue":{}}', "issue-opened"],
    ["issues", '{"action":"closed","issue":{}}', "issue-closed"],
    ["issues", '{"action":"closed","reason":"completed"}', "issue-closed"],
  ])("%s with %s is %s", async (event, body, name) => {
    expect(await deliver(event, body)).toEqual({ event: { name, payload: JSON.parse(body) } });
  });

  it.each([
    ["an event header no webhook documents", "star", '{"action":"created"}'],
    ["an action no webhook of that event documents", "issues", '{"action":"reopened"}'],
    ["a value an optional marker does not allow", "issues", '{"action":"closed","reason":"duplicate"}'],
    ["no event header", undefined, '{"ref":"x"}'],
  ])("%s is unknown_event", async (_, event, body) => {
    expect((await deliver(event, body)).error?.code).toBe("unknown_event");
  });

  it("a signed body that is not JSON is invalid_payload; an unsigned one never gets that far", async () => {
    expect((await deliver("push", "{not json")).error?.code).toBe("invalid_payload");
    const unsigned = await verifyWebhook(definition, { headers: { "x-event-name": "push" }, body: "{not json" }, { secret: "k" });
    expect(unsigned.error?.code).toBe("missing_signature");
  });

  it("two webhooks that nothing tells apart are unknown_event, not a guess", async () => {
    const twins: WebhookDefinition = { ...definition, eventHeader: undefined, webhooks: [{ name: "a", json: true }, { name: "b", json: true }] };
    const signed = await signWebhook(twins.scheme, "k", "{}", { id: "1", timestamp: 0 });
    const result = await verifyWebhook(twins, { headers: signed, body: "{}" }, { secret: "k" });
    expect(result.error).toEqual({ code: "unknown_event", message: "the delivery matches 2 of Repo Events's webhooks equally" });
  });
});

describe("bounds", () => {
  const definition = text(SIGNATURE_PRESETS["standard-webhooks"]);
  const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  it("refuses a signature header of 10,000 entries as invalid_signature, unparsed", async () => {
    const entries = Array.from({ length: 10_000 }, () => "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=").join(" ");
    expect(entries.length).toBeGreaterThan(MAX_SIGNATURE_HEADER_LENGTH);
    const headers = { "webhook-id": "m", "webhook-timestamp": "1", "webhook-signature": entries };
    const result = await verifyWebhook(definition, { headers, body: "{}" }, { secret, now: at(1) });
    expect(result.error?.code).toBe("invalid_signature");
    expect(result.error?.message).toContain("longer than");
  });

  it("refuses a body over maxBodyBytes as payload_too_large, from bytes, a string and a streamed Request", async () => {
    const body = new Uint8Array(DEFAULT_MAX_WEBHOOK_BYTES + 1);
    const signed = await signWebhook(definition.scheme, secret, body, { id: "m", timestamp: 1 });
    const options = { secret, now: at(1) };
    expect((await verifyWebhook(definition, { headers: signed, body }, options)).error?.code).toBe("payload_too_large");
    expect((await verifyWebhook(definition, { headers: signed, body: "x".repeat(1025) }, { ...options, maxBodyBytes: 1024 })).error?.code).toBe("payload_too_large");
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(512)); // never ends: the reader must stop at the bound
      },
    });
    const request = new Request("https://example.test/hook", { method: "POST", headers: signed, body: stream, duplex: "half" } as RequestInit);
    expect((await verifyWebhook(definition, request, { ...options, maxBodyBytes: 4096 })).error?.code).toBe("payload_too_large");
  });

  it("never rejects, whatever it is given", async () => {
    const odd = [{ headers: { "webhook-signature": "v1,x", "webhook-id": "m", "webhook-timestamp": "1" }, body: 42 }, { headers: null, body: "" }, null];
    for (const input of odd) {
      const result = await verifyWebhook(definition, input as never, { secret });
      expect(result.error?.code).toMatch(/^(invalid_signature|invalid_payload|missing_signature)$/);
    }
  });
});

describe("tree-shaking", () => {
  const bundle = async (entry: string) => {
    const result = await build({
      stdin: { contents: entry, resolveDir: new URL("..", import.meta.url).pathname, loader: "ts" },
      bundle: true,
      write: false,
      format: "esm",
      platform: "neutral",
      external: ["openapi-fetch"],
    });
    return result.outputFiles[0]!.text;
  };

  it("an application that never verifies a webhook bundles none of this module", async () => {
    const client = await bundle('export { createApiClient } from "./templates/runtime/index.ts";');
    expect(client).toContain("function createApiClient");
    expect(client).not.toContain("webhooks.ts"); // esbuild heads each module it keeps with its path
    const verifier = await bundle('export { verifyWebhook } from "./templates/runtime/index.ts";');
    expect(verifier).toContain("crypto.subtle");
    expect(verifier).not.toContain("function createApiClient");
  });
});
