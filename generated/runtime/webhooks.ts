/**
 * The contractgen 0.1.0 runtime, shared by every generated API folder beside it.
 * Do not edit: it is copied from contractgen's templates/runtime/ by `contractgen generate`.
 * It is type-checked where it is written, in contractgen (strict, with and without Node types),
 * so an application's tsc skips it; every export's type is written out, so none is inferred here.
 */
// @ts-nocheck

/**
 * Webhook deliveries: check the signature over the raw body (HMAC through WebCrypto, so it runs in
 * Node 20, Deno and browsers), the timestamp window, then tell which of the spec's webhooks arrived.
 * Nothing else in the runtime imports this module: an application that never verifies a webhook
 * does not bundle it.
 */
import { readAtMost } from "./bytes.js";

/** What `verify<Api>Webhook` resolves to when the delivery is refused. */
export type WebhookErrorCode =
  "missing_signature" | "invalid_signature" | "expired" | "payload_too_large" | "invalid_payload" | "unknown_event";

/** Says what failed, never the secret, the signature or the body. */
export interface WebhookError {
  code: WebhookErrorCode;
  message: string;
}

export type WebhookResult<Event> = { event: Event; error?: undefined } | { event?: undefined; error: WebhookError };

/** Header values as Node's `IncomingMessage.headers` holds them, or as a plain record. */
export type HeaderRecord = Record<string, string | readonly string[] | undefined>;

/** A fetch `Request`, or the headers and the raw body exactly as received (never re-serialised JSON). */
export type WebhookInput = Request | { headers: Headers | HeaderRecord; body: string | Uint8Array };

export interface VerifyWebhookOptions {
  /** The endpoint's signing secret. */
  secret: string;
  /** How far a signed timestamp may be from now, in seconds (schemes without a timestamp ignore it). */
  toleranceSeconds?: number;
  /** Bodies larger than this are refused unread (default 10 MiB). */
  maxBodyBytes?: number;
  /** The clock, in milliseconds since the epoch (tests). */
  now?: () => number;
}

/**
 * How a signature travels, as the generator expands the config's scheme:
 * - `prefixed`: one header `<prefix><signature>`;
 * - `keyed`: one header `t=<timestamp>,v1=<sig>,v1=<sig>` (the timestamp and the signatures keyed);
 * - `versioned`: one header of space-separated `v1,<sig>` entries, the id and timestamp in headers of their own.
 * `signedContent` is what the HMAC covers, over `{body}`, `{timestamp}` and `{id}`.
 */
export type SignatureScheme =
  | (SchemeBase & { layout: "prefixed"; prefix: string; timestampHeader?: string; idHeader?: string })
  | (SchemeBase & { layout: "keyed"; timestampKey: string; signatureKey: string; idHeader?: string })
  | (SchemeBase & { layout: "versioned"; version: string; timestampHeader?: string; idHeader?: string });

interface SchemeBase {
  /** The signature header, lower case. */
  header: string;
  encoding: "hex" | "base64";
  algorithm: "sha256" | "sha512";
  signedContent: string;
  /** How the secret becomes the HMAC key: its UTF-8 bytes, or base64 (after `secretPrefix`, if it starts with it). */
  secret?: { encoding: "utf8" | "base64"; prefix?: string };
}

/** One webhook of the spec and what tells it apart: its event header's values and its body's enum fields. */
export interface WebhookEntry {
  name: string;
  /** Values of the definition's `eventHeader` this webhook is sent with. */
  event?: readonly string[];
  /** Top-level body fields and the values this webhook's schema allows them. */
  body?: Readonly<Record<string, readonly string[]>>;
  /** Those of `body`'s fields the schema does not require: a delivery without one still matches. */
  optional?: readonly string[];
  /** The body is JSON (else the payload is the body's text). */
  json: boolean;
}

export interface WebhookDefinition {
  /** The API, for messages. */
  name: string;
  scheme: SignatureScheme;
  toleranceSeconds?: number;
  /** The header (lower case) whose value names the event, when the spec documents one. */
  eventHeader?: string;
  webhooks: readonly WebhookEntry[];
}

export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;
export const DEFAULT_MAX_WEBHOOK_BYTES = 10_485_760; // 10 MiB
/** Longer signature, id or timestamp headers are refused before they are parsed. */
export const MAX_SIGNATURE_HEADER_LENGTH = 8192;

class Refusal {
  constructor(readonly error: WebhookError) {}
}
const refuse = (code: WebhookErrorCode, message: string): never => {
  throw new Refusal({ code, message });
};

/**
 * Verify a delivery and name its event. Resolves to `{ event }` or `{ error }`; never rejects. The
 * signature is checked before the body is parsed, so nothing unsigned is ever read as JSON.
 */
export async function verifyWebhook<Event>(
  definition: WebhookDefinition,
  input: WebhookInput,
  options: VerifyWebhookOptions,
): Promise<WebhookResult<Event>> {
  try {
    const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_WEBHOOK_BYTES;
    const header = headerReader(input.headers);
    const signed = readSignatureHeaders(definition.scheme, header);
    const body = isRequest(input) ? await readBody(input, maxBytes) : bodyBytes(input.body, maxBytes);
    await checkSignature(definition.scheme, options.secret, signed, body);
    checkTimestamp(signed.timestamp, options, definition);
    return { event: identify(definition, header, body) as Event };
  } catch (err) {
    if (err instanceof Refusal) return { error: err.error };
    return {
      error: {
        code: "invalid_signature",
        message: `${definition.name}: the delivery could not be verified (${errorName(err)})`,
      },
    };
  }
}

/**
 * The headers that sign `body` under `scheme` (what a sender adds), for tests and `contractgen webhook send`.
 * `timestamp` is in seconds.
 */
export async function signWebhook(
  scheme: SignatureScheme,
  secret: string,
  body: string | Uint8Array,
  delivery: { id: string; timestamp: number },
): Promise<Record<string, string>> {
  const bytes = typeof body === "string" ? encoder.encode(body) : body;
  const timestamp = String(Math.floor(delivery.timestamp));
  const mac = encode(
    await hmac(scheme, secret, signedContent(scheme.signedContent, bytes, timestamp, delivery.id)),
    scheme.encoding,
  );
  const headers: Record<string, string> = {};
  if (scheme.layout === "prefixed") headers[scheme.header] = `${scheme.prefix}${mac}`;
  if (scheme.layout === "keyed")
    headers[scheme.header] = `${scheme.timestampKey}=${timestamp},${scheme.signatureKey}=${mac}`;
  if (scheme.layout === "versioned") headers[scheme.header] = `${scheme.version},${mac}`;
  if (scheme.layout !== "keyed" && scheme.timestampHeader) headers[scheme.timestampHeader] = timestamp;
  if (scheme.idHeader) headers[scheme.idHeader] = delivery.id;
  return headers;
}

type HeaderGet = (name: string) => string | undefined;

/** Duck-typed, not `instanceof`: a framework may hand over a Request or Headers of another fetch implementation. */
const isRequest = (input: WebhookInput): input is Request => typeof (input as Request).arrayBuffer === "function";
const isHeaders = (headers: Headers | HeaderRecord): headers is Headers => typeof headers.get === "function";

function headerReader(headers: Headers | HeaderRecord): HeaderGet {
  if (isHeaders(headers)) return (name) => headers.get(name) ?? undefined;
  const lower = new Map<string, string>();
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    lower.set(key.toLowerCase(), typeof value === "string" ? value : value.join(", "));
  }
  return (name) => lower.get(name);
}

interface SignedHeaders {
  signatures: string[];
  timestamp?: string;
  id?: string;
}

function boundedHeader(get: HeaderGet, name: string, what: string): string | undefined {
  const value = get(name);
  if (value !== undefined && value.length > MAX_SIGNATURE_HEADER_LENGTH)
    refuse("invalid_signature", `the ${what} header is longer than ${MAX_SIGNATURE_HEADER_LENGTH} characters`);
  return value;
}

/** The candidate signatures, timestamp and id, as the scheme lays them out; nothing decoded yet. */
function readSignatureHeaders(scheme: SignatureScheme, get: HeaderGet): SignedHeaders {
  const value = boundedHeader(get, scheme.header, "signature")?.trim();
  if (!value) return refuse("missing_signature", `no ${scheme.header} header`);
  const timestampHeader = scheme.layout === "keyed" ? undefined : scheme.timestampHeader;
  const timestamp = timestampHeader ? boundedHeader(get, timestampHeader, "timestamp")?.trim() : undefined;
  const id = scheme.idHeader ? boundedHeader(get, scheme.idHeader, "id")?.trim() : undefined;
  if (timestampHeader && !timestamp) refuse("missing_signature", `no ${timestampHeader} header`);
  if (scheme.idHeader && !id) refuse("missing_signature", `no ${scheme.idHeader} header`);
  if (scheme.layout === "prefixed") {
    if (!value.startsWith(scheme.prefix))
      refuse("invalid_signature", `the ${scheme.header} header does not start with the expected prefix`);
    return { signatures: [value.slice(scheme.prefix.length)], timestamp, id };
  }
  if (scheme.layout === "keyed") {
    const signatures: string[] = [];
    let keyedTimestamp: string | undefined;
    for (const part of value.split(",")) {
      const eq = part.indexOf("=");
      const key = part.slice(0, eq).trim();
      if (key === scheme.timestampKey) keyedTimestamp = part.slice(eq + 1).trim();
      else if (key === scheme.signatureKey) signatures.push(part.slice(eq + 1).trim());
    }
    if (keyedTimestamp === undefined) refuse("invalid_signature", `the ${scheme.header} header has no timestamp`);
    if (signatures.length === 0)
      refuse("invalid_signature", `the ${scheme.header} header has no ${scheme.signatureKey} signature`);
    return { signatures, timestamp: keyedTimestamp, id };
  }
  const prefix = `${scheme.version},`;
  const signatures = value
    .split(" ")
    .filter((entry) => entry.startsWith(prefix))
    .map((entry) => entry.slice(prefix.length));
  if (signatures.length === 0)
    refuse("invalid_signature", `the ${scheme.header} header has no ${scheme.version} signature`);
  return { signatures, timestamp, id };
}

const encoder = /* @__PURE__ */ new TextEncoder();

function bodyBytes(body: string | Uint8Array, maxBytes: number): Uint8Array {
  // A UTF-8 string is at least as many bytes as UTF-16 units: refuse before encoding a huge one.
  if (typeof body === "string" && body.length > maxBytes) tooLarge(maxBytes);
  const bytes = typeof body === "string" ? encoder.encode(body) : body;
  if (!(bytes instanceof Uint8Array))
    return refuse("invalid_payload", "the body must be a string or a Uint8Array of the raw bytes received");
  if (bytes.byteLength > maxBytes) tooLarge(maxBytes);
  return bytes;
}

const tooLarge = (maxBytes: number): never => refuse("payload_too_large", `the body is larger than ${maxBytes} bytes`);

/** The request's body, read no further than `maxBytes`. */
async function readBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) tooLarge(maxBytes);
  if (!request.body) return new Uint8Array(0);
  return (await readAtMost(request.body, maxBytes)) ?? tooLarge(maxBytes);
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/** The bytes the HMAC covers: the template with `{body}`, `{timestamp}` and `{id}` filled in. */
function signedContent(
  template: string,
  body: Uint8Array,
  timestamp: string | undefined,
  id: string | undefined,
): Uint8Array<ArrayBuffer> {
  const parts = template.split(/(\{body\}|\{timestamp\}|\{id\})/).map((part) => {
    if (part === "{body}") return body;
    if (part === "{timestamp}") return encoder.encode(timestamp ?? "");
    if (part === "{id}") return encoder.encode(id ?? "");
    return encoder.encode(part);
  });
  return concat(
    parts,
    parts.reduce((sum, part) => sum + part.byteLength, 0),
  );
}

async function hmac(scheme: SignatureScheme, secret: string, content: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    "raw",
    secretKey(scheme, secret),
    { name: "HMAC", hash: scheme.algorithm === "sha512" ? "SHA-512" : "SHA-256" },
    false,
    ["sign"],
  );
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, content));
}

function secretKey(scheme: SignatureScheme, secret: string): Uint8Array<ArrayBuffer> {
  if (typeof secret !== "string" || secret === "")
    return refuse("invalid_signature", "no secret given: nothing can be verified");
  if (scheme.secret?.encoding !== "base64") return encoder.encode(secret);
  const prefix = scheme.secret.prefix ?? "";
  const decoded = decode(secret.startsWith(prefix) ? secret.slice(prefix.length) : secret, "base64");
  return decoded ?? refuse("invalid_signature", "the secret is not valid base64");
}

async function checkSignature(
  scheme: SignatureScheme,
  secret: string,
  signed: SignedHeaders,
  body: Uint8Array,
): Promise<void> {
  const expected = await hmac(scheme, secret, signedContent(scheme.signedContent, body, signed.timestamp, signed.id));
  const length = encodedLength(expected.byteLength, scheme.encoding);
  let match = false;
  for (const candidate of signed.signatures) {
    // The length is public (the algorithm fixes it); only the bytes are compared in constant time.
    if (candidate.length !== length) continue;
    const bytes = decode(candidate, scheme.encoding);
    if (bytes && constantTimeEqual(bytes, expected)) match = true;
  }
  if (!match) refuse("invalid_signature", `no signature in the ${scheme.header} header matches the body`);
}

function checkTimestamp(
  timestamp: string | undefined,
  options: VerifyWebhookOptions,
  definition: WebhookDefinition,
): void {
  if (timestamp === undefined) return;
  if (!/^\d{1,15}$/.test(timestamp)) refuse("invalid_signature", "the signed timestamp is not a number of seconds");
  const tolerance = options.toleranceSeconds ?? definition.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS;
  const now = (options.now ?? Date.now)() / 1000;
  if (Math.abs(now - Number(timestamp)) > tolerance)
    refuse("expired", `the delivery's timestamp is more than ${tolerance} s from now`);
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  let diff = 0;
  for (let i = 0; i < a.byteLength; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

const encodedLength = (bytes: number, encoding: "hex" | "base64"): number =>
  encoding === "hex" ? bytes * 2 : Math.ceil(bytes / 3) * 4;

const HEX = /^[0-9a-fA-F]*$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decode(text: string, encoding: "hex" | "base64"): Uint8Array<ArrayBuffer> | undefined {
  if (encoding === "hex") {
    if (text.length % 2 !== 0 || !HEX.test(text)) return undefined;
    const out = new Uint8Array(text.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
    return out;
  }
  if (text.length % 4 !== 0 || !BASE64.test(text)) return undefined;
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

function encode(bytes: Uint8Array, encoding: "hex" | "base64"): string {
  if (encoding === "hex") return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return btoa(String.fromCharCode(...bytes));
}

/** Which webhook arrived: the payload parsed, then matched on the event header and the body's enum fields. */
function identify(
  definition: WebhookDefinition,
  header: HeaderGet,
  body: Uint8Array,
): { name: string; payload: unknown } {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(body);
  let payload: unknown = text;
  const json = definition.webhooks.some((webhook) => webhook.json);
  if (json) {
    try {
      payload = JSON.parse(text);
    } catch {
      return refuse("invalid_payload", "the body is not JSON");
    }
  }
  const eventValue = definition.eventHeader ? header(definition.eventHeader) : undefined;
  const field = (name: string): unknown =>
    payload !== null && typeof payload === "object" && Object.hasOwn(payload, name)
      ? (payload as Record<string, unknown>)[name]
      : undefined;
  let best: WebhookEntry[] = [];
  let bestScore = -1;
  for (const webhook of definition.webhooks) {
    const score = matchScore(webhook, eventValue, field);
    if (score > bestScore) [best, bestScore] = [[webhook], score];
    else if (score === bestScore) best.push(webhook);
  }
  const describe =
    eventValue !== undefined && definition.eventHeader
      ? ` (${definition.eventHeader}: ${JSON.stringify(eventValue.slice(0, 100))})`
      : "";
  if (best.length === 0 || bestScore < 0)
    return refuse("unknown_event", `the delivery matches none of ${definition.name}'s webhooks${describe}`);
  if (best.length > 1)
    return refuse(
      "unknown_event",
      `the delivery matches ${best.length} of ${definition.name}'s webhooks equally${describe}`,
    );
  return { name: best[0]!.name, payload };
}

/** How many of the webhook's markers the delivery matches; -1 when one contradicts it. */
function matchScore(webhook: WebhookEntry, eventValue: string | undefined, field: (name: string) => unknown): number {
  let score = 0;
  if (webhook.event) {
    if (eventValue === undefined || !webhook.event.includes(eventValue)) return -1;
    score++;
  }
  for (const [name, values] of Object.entries(webhook.body ?? {})) {
    const value = field(name);
    if (value === undefined && webhook.optional?.includes(name)) continue;
    if (typeof value !== "string" || !values.includes(value)) return -1;
    score++;
  }
  return score;
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}
