/**
 * Secrets never reach a drift report. Two layers: names that carry credentials (standard headers,
 * cookies, the spec's apiKey schemes, secret-looking body fields) are redacted wherever they appear,
 * and every credential value found in a recorded request is scrubbed from any text of the report, so
 * a server that echoes a token back does not leak it either.
 */
import type { LoadedSpec } from "../spec/load.ts";

export const REDACTED = "[redacted]";

export interface SecretNames {
  /** Lower-case header names. */
  headers: Set<string>;
  /** Query parameter names (as the spec spells them, compared case-insensitively). */
  query: Set<string>;
}

const STANDARD_HEADERS = ["authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key", "x-auth-token"];
const STANDARD_QUERY = ["api_key", "apikey", "access_token", "token", "key"];
/** Body fields whose values are credentials, whatever the spec calls them. */
const SECRET_FIELD = /pass(word)?|secret|token|api[-_]?key|authorization|cookie|session|credential|private[-_]?key/i;

/** Credential names: the standard ones plus every apiKey security scheme of the spec. */
export function secretNames(spec: LoadedSpec): SecretNames {
  const headers = new Set(STANDARD_HEADERS);
  const query = new Set(STANDARD_QUERY);
  const schemes = ((spec.root.data as { components?: { securitySchemes?: Record<string, unknown> } }).components?.securitySchemes ?? {}) as Record<string, { type?: unknown; in?: unknown; name?: unknown }>;
  for (const scheme of Object.values(schemes)) {
    if (scheme?.type !== "apiKey" || typeof scheme.name !== "string") continue;
    if (scheme.in === "header") headers.add(scheme.name.toLowerCase());
    if (scheme.in === "query") query.add(scheme.name.toLowerCase());
    // in: cookie is covered: the whole Cookie header is a secret.
  }
  return { headers, query };
}

export interface NameValue {
  name: string;
  value: string;
}

/**
 * Every credential value in a recorded request: secret headers (and the token after "Bearer "),
 * each cookie's value, secret query parameters. Short values are left out: scrubbing "1" would
 * shred the report.
 */
export function credentialValues(names: SecretNames, headers: NameValue[], url: string): string[] {
  const values: string[] = [];
  for (const header of headers) {
    const name = header.name.toLowerCase();
    if (!names.headers.has(name)) continue;
    values.push(header.value);
    const scheme = /^\s*[A-Za-z]+\s+(.+)$/.exec(header.value);
    if (scheme && (name === "authorization" || name === "proxy-authorization")) values.push(scheme[1]!);
    if (name === "cookie" || name === "set-cookie") values.push(...cookieValues(header.value));
  }
  for (const [name, value] of new URL(url).searchParams) if (names.query.has(name.toLowerCase())) values.push(value);
  return [...new Set(values.filter((v) => v.length >= 6))].sort((a, b) => b.length - a.length);
}

function cookieValues(header: string): string[] {
  return header
    .split(";")
    .map((part) => part.split("=").slice(1).join("=").trim())
    .filter(Boolean);
}

/** The URL with secret query parameters redacted and any user:password dropped. */
export function redactUrl(url: string, names: SecretNames): string {
  const parsed = new URL(url);
  parsed.username = "";
  parsed.password = "";
  for (const name of [...parsed.searchParams.keys()]) if (names.query.has(name.toLowerCase())) parsed.searchParams.set(name, REDACTED);
  return parsed.href.replace(/%5Bredacted%5D/g, REDACTED);
}

/** A body value with every secret-looking field's value replaced. */
export function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_FIELD.test(k) ? REDACTED : redactValue(v)]));
}

/** True when a JSON pointer goes through a secret-looking field. */
export function isSecretPointer(pointer: string): boolean {
  return pointer.split("/").some((segment) => SECRET_FIELD.test(segment));
}

/** `text` with every credential value replaced. */
export function scrub(text: string, credentials: readonly string[]): string {
  let result = text;
  for (const secret of credentials) result = result.split(secret).join(REDACTED);
  return result;
}
