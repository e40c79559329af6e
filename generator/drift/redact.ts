/**
 * Secrets never reach a drift report. A first pass over the whole recording collects every value
 * that is a secret by kind (see secrets.ts): credential headers and the token after their scheme,
 * every cookie and `Set-Cookie` value, query, fragment and path parameters named or shaped like
 * credentials, secret-named body fields (request and response), values shaped like card numbers,
 * IBANs or JWTs, and the spec's apiKey schemes. The report then shows none of them anywhere: a token
 * the server echoes, or a cookie replayed in a later exchange, is scrubbed as well.
 */
import { isJsonMediaType } from "../pipeline/model.ts";
import type { LoadedSpec } from "../spec/load.ts";
import type { Exchange, NameValue, RecordedBody } from "./har.ts";
import { streamFormat } from "../../templates/runtime/media.ts";
import { splitStream } from "./streams.ts";
import { isSecretName, isSecretShape, isSecretUrlName, looksLikeToken, replaceSecretShapes } from "./secrets.ts";

export const REDACTED = "[redacted]";

/**
 * Values shorter than this are redacted where they stand (a `cvc` field, a `?code=` parameter) but
 * not searched for in other text: scrubbing every "4242" or "12" would shred the report.
 */
const MIN_SEARCHED = 6;
/** A whole shown value equal to a known secret is redacted from this length on. */
const MIN_EQUAL = 3;

export interface SecretNames {
  /** Lower-case header names. */
  headers: Set<string>;
  /** Lower-case query parameter names. */
  query: Set<string>;
}

/** The spec's apiKey security schemes: their header and query names are credentials too. */
export function secretNames(spec: LoadedSpec): SecretNames {
  const headers = new Set<string>();
  const query = new Set<string>();
  const schemes = ((spec.root.data as { components?: { securitySchemes?: Record<string, unknown> } }).components?.securitySchemes ?? {}) as Record<string, { type?: unknown; in?: unknown; name?: unknown }>;
  for (const scheme of Object.values(schemes)) {
    if (scheme?.type !== "apiKey" || typeof scheme.name !== "string") continue;
    if (scheme.in === "header") headers.add(scheme.name.toLowerCase());
    if (scheme.in === "query") query.add(scheme.name.toLowerCase());
    // in: cookie is covered: every cookie value is a secret.
  }
  return { headers, query };
}

export interface Scrubber {
  /** A request URL for the report: userinfo dropped, secret path segments and parameters redacted. */
  url(url: string): string;
  /** Any text with every known secret (also URL- and JSON-encoded) and every secret-shaped run redacted. */
  text(text: string): string;
  /** A body value for the report: secret-named fields, known secrets and secret shapes redacted at any depth. */
  value(value: unknown): unknown;
}

/**
 * The scrubber of one recording. `pathSecrets` gives, for an exchange, the values of path parameters
 * the spec names like credentials (`/invites/{token}`).
 */
export function createScrubber(names: SecretNames, exchanges: readonly Exchange[], pathSecrets: (exchange: Exchange) => string[] = () => []): Scrubber {
  const found = new Set<string>();
  for (const exchange of exchanges) {
    for (const value of exchangeSecrets(exchange, names)) found.add(value);
    for (const value of pathSecrets(exchange)) found.add(value);
  }
  const known = new Set([...found].filter((v) => v.length >= MIN_EQUAL));
  const searched = searchPattern([...found].filter((v) => v.length >= MIN_SEARCHED));
  const text = (input: string): string => replaceSecretShapes(searched ? input.replace(searched, REDACTED) : input, REDACTED);
  const isSecretValue = (v: string): boolean => known.has(v) || isSecretShape(v);
  const value = (input: unknown): unknown => {
    if (typeof input === "string") return isSecretValue(input) ? REDACTED : text(input);
    if (typeof input === "number") return isSecretValue(String(input)) ? REDACTED : input;
    if (Array.isArray(input)) return input.map(value);
    if (input === null || typeof input !== "object") return input;
    return Object.fromEntries(Object.entries(input).map(([k, v]) => [text(k), isSecretName(k) ? REDACTED : value(v)]));
  };
  const url = (input: string): string => {
    const parsed = new URL(input);
    const path = parsed.pathname
      .split("/")
      .map((segment) => {
        const decoded = safeDecode(segment);
        return isSecretValue(decoded) || looksLikeToken(decoded) ? REDACTED : segment;
      })
      .join("/");
    const query = redactParams(parsed.search.slice(1), (name, v) => names.query.has(name.toLowerCase()) || isSecretUrlName(name) || isSecretValue(v) || looksLikeToken(v));
    const hash = redactParams(parsed.hash.slice(1), (name, v) => isSecretUrlName(name) || isSecretValue(v) || looksLikeToken(v));
    return text(`${parsed.protocol}//${parsed.host}${path}${query ? `?${query}` : ""}${hash ? `#${hash}` : ""}`);
  };
  return { url, text, value };
}

/** True when a JSON pointer goes through a secret-named field. */
export function isSecretPointer(pointer: string): boolean {
  return pointer.split("/").some((segment) => segment !== "" && isSecretName(segment));
}

/** Every secret value one exchange carries, in its URL, headers, cookies and bodies. */
function exchangeSecrets(exchange: Exchange, names: SecretNames): string[] {
  const values: string[] = [...urlSecrets(exchange.url, names)];
  for (const header of [...exchange.requestHeaders, ...exchange.responseHeaders]) values.push(...headerSecrets(header, names));
  // A redirect carries credentials in its URL as a request does (`Location: /callback?code=...`).
  for (const header of exchange.responseHeaders) {
    if (header.name.toLowerCase() === "location" && URL.canParse(header.value, exchange.url)) values.push(...urlSecrets(new URL(header.value, exchange.url).href, names));
  }
  for (const cookie of exchange.cookies) values.push(...cookieValue(cookie.value));
  for (const body of [exchange.requestBody, exchange.responseBody]) if (body) values.push(...bodySecrets(body));
  return values.filter((v) => v !== "");
}

function headerSecrets(header: NameValue, names: SecretNames): string[] {
  const name = header.name.toLowerCase();
  if (name === "cookie") return header.value.split(";").flatMap((pair) => cookieValue(pair.split("=").slice(1).join("=")));
  // One Set-Cookie per header, or several joined by newlines: the value is what comes before the first `;`.
  if (name === "set-cookie") return header.value.split("\n").flatMap((line) => cookieValue(line.split(";")[0]!.split("=").slice(1).join("=")));
  if (!names.headers.has(name) && !isSecretUrlName(name)) return [];
  const values = [header.value];
  const scheme = /^\s*([A-Za-z][\w-]*)\s+(\S+)\s*$/.exec(header.value);
  if (scheme) {
    values.push(scheme[2]!);
    if (scheme[1]!.toLowerCase() === "basic") {
      const decoded = Buffer.from(scheme[2]!, "base64").toString("utf8");
      values.push(decoded, decoded.split(":").slice(1).join(":"));
    }
  }
  return values;
}

/**
 * A cookie's value, unless it is a plain word or a small number (`theme=dark`, `consent=1`, a
 * `deleted` that clears a cookie): scrubbing those everywhere would shred the report, and they are
 * preferences, not credentials.
 */
function cookieValue(raw: string): string[] {
  const value = raw.trim();
  return /^(?:[A-Za-z]{1,11}|\d{1,5})$/.test(value) ? [] : [value];
}

function urlSecrets(url: string, names: SecretNames): string[] {
  const parsed = new URL(url);
  const values = [safeDecode(parsed.password)];
  const segments = parsed.pathname.split("/").map(safeDecode);
  segments.forEach((segment, i) => {
    // `/password-reset/k3y9...`: what follows a credential-named segment is one when it carries a digit.
    const afterSecretName = i > 0 && isSecretUrlName(segments[i - 1]!) && segment.length >= 8 && /\d/.test(segment);
    if (afterSecretName || looksLikeToken(segment) || isSecretShape(segment)) values.push(segment);
  });
  for (const params of [parsed.searchParams, new URLSearchParams(parsed.hash.slice(1))]) {
    for (const [name, value] of params) {
      if (names.query.has(name.toLowerCase()) || isSecretUrlName(name) || looksLikeToken(value) || isSecretShape(value)) values.push(value);
    }
  }
  return values;
}

/** Secret-named fields' values and secret-shaped values of a JSON or form body, or of each item of a stream. */
function bodySecrets(body: RecordedBody): string[] {
  if (body.text === undefined || body.text === "") return [];
  if (body.mediaType === "application/x-www-form-urlencoded") {
    return [...new URLSearchParams(body.text)].flatMap(([name, value]) => (isSecretName(name) || isSecretShape(value) ? [value] : []));
  }
  const format = streamFormat(body.mediaType);
  if (format) return splitStream(format, body.text).flatMap((item) => jsonTextSecrets(item.text));
  return isJsonMediaType(body.mediaType) ? jsonTextSecrets(body.text) : [];
}

function jsonTextSecrets(text: string): string[] {
  try {
    return jsonSecrets(JSON.parse(text) as unknown, false);
  } catch {
    // Cut off or broken JSON is shown in the report as it is: its `"name": "value"` pairs still count.
    return [...text.matchAll(/"([^"\\]{1,64})"\s*:\s*"([^"\\]{1,1024})"/g)].flatMap(([, name, value]) => (isSecretName(name!) || isSecretShape(value!) ? [value!] : []));
  }
}

function jsonSecrets(value: unknown, underSecretName: boolean): string[] {
  if (typeof value === "string") return underSecretName || isSecretShape(value) ? [value] : [];
  if (typeof value === "number") return underSecretName || isSecretShape(String(value)) ? [String(value)] : [];
  if (Array.isArray(value)) return value.flatMap((v) => jsonSecrets(v, underSecretName));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => jsonSecrets(v, underSecretName || isSecretName(k)));
}

/** `a=1&b=2` with the values `secret(name, value)` accepts replaced; the rest kept as written. */
function redactParams(raw: string, secret: (name: string, value: string) => boolean): string {
  if (raw === "") return "";
  return raw
    .split("&")
    .map((pair) => {
      const at = pair.indexOf("=");
      const name = at < 0 ? pair : pair.slice(0, at);
      const value = at < 0 ? "" : pair.slice(at + 1);
      return secret(formDecode(name), formDecode(value)) && at >= 0 ? `${name}=${REDACTED}` : pair;
    })
    .join("&");
}

/** One pattern matching every searched secret as written, URL-encoded and JSON-escaped, longest first. */
function searchPattern(secrets: string[]): RegExp | undefined {
  const forms = new Set<string>();
  for (const secret of secrets) {
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(encodeURI(secret));
    forms.add(new URLSearchParams({ v: secret }).toString().slice(2));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  if (forms.size === 0) return undefined;
  const alternatives = [...forms].sort((a, b) => b.length - a.length).map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(alternatives.join("|"), "g");
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function formDecode(text: string): string {
  return safeDecode(text.replace(/\+/g, " "));
}
