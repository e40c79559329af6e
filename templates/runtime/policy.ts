/**
 * Secrets and URL policy: which base URLs a client may talk to, which values are secrets, and how
 * they are taken out of everything the client shows (errors, drift reports, its own rendering).
 */

/** Shorter values would redact ordinary words; a credential is never this short. */
const MIN_SECRET_LENGTH = 4;
/** Credential providers may hand out a new token per call: remember only the latest ones. */
const MAX_REMEMBERED_SECRETS = 64;
const REDACTED = "[redacted]";

export function isLoopbackHost(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Check a base URL (the constructor's or a per-call one) and return it without trailing slashes.
 * https only, plain http only for loopback unless the client opted in (`allowInsecureHttp`); no
 * user info, query or fragment. The messages never repeat what might be a secret (user info, query).
 */
export function checkBaseUrl(baseUrl: unknown, name: string, allowInsecureHttp = false): string {
  const refuse = (why: string) => new TypeError(`${name}: baseUrl ${why}`);
  if (typeof baseUrl !== "string" || baseUrl === "") {
    throw refuse("is required: the spec names no server, so pass options.baseUrl");
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw refuse("must be an absolute URL such as https://api.example.com");
  }
  if (url.username !== "" || url.password !== "") {
    throw refuse("must not contain user info (user:password@); pass credentials through the client's options");
  }
  if (baseUrl.includes("?") || baseUrl.includes("#")) {
    throw refuse(
      `must not contain a query or fragment (they would misroute every call), got ${url.origin}${url.pathname}`,
    );
  }
  const plain = url.protocol === "http:";
  if (url.protocol !== "https:" && !plain) throw refuse(`must use https, got ${url.origin}`);
  if (plain && !allowInsecureHttp && !isLoopbackHost(url.hostname)) {
    throw refuse(
      `must use https (plain http is allowed for localhost, 127.0.0.0/8 and [::1], or anywhere with allowInsecureHttp: true), got ${url.origin}`,
    );
  }
  return baseUrl.replace(/\/+$/, "");
}

/** The values of a `Cookie` header: secrets, like credentials. */
export function cookieValues(cookie: string): string[] {
  return cookie
    .split(";")
    .map((part) => part.slice(part.indexOf("=") + 1).trim())
    .filter((value) => value.length > 0);
}

type HeadersLike = Headers | readonly (readonly [string, unknown])[] | Readonly<Record<string, unknown>>;

/** `[name, value]` pairs of any headers shape openapi-fetch accepts; non-string values are skipped. */
export function headerPairs(headers: unknown): [string, string][] {
  if (headers === null || typeof headers !== "object") return [];
  const h = headers as HeadersLike;
  const pairs: [string, unknown][] = [];
  // forEach, not iteration: consumers compiled without the DOM.Iterable lib must still type-check.
  if (h instanceof Headers) h.forEach((value, name) => pairs.push([name, value]));
  else pairs.push(...(Array.isArray(h) ? (h as [string, unknown][]) : Object.entries(h)));
  return pairs.filter(
    (pair): pair is [string, string] =>
      Array.isArray(pair) && typeof pair[0] === "string" && typeof pair[1] === "string",
  );
}

/** Secrets carried by headers: cookie values, and the credential of an `Authorization` header. */
export function headerSecrets(headers: unknown): string[] {
  const secrets: string[] = [];
  for (const [name, value] of headerPairs(headers)) {
    const lower = name.toLowerCase();
    if (lower === "cookie") secrets.push(...cookieValues(value));
    else if (lower === "authorization") {
      secrets.push(value, value.slice(value.indexOf(" ") + 1));
    }
  }
  return secrets;
}

/** The secrets one client knows: its configured ones plus every credential its providers returned. */
export class SecretSet {
  private readonly values = new Set<string>();
  /** The values, longest first (so that a secret containing another is replaced whole); rebuilt after a change. */
  private sorted: string[] | undefined;

  get size(): number {
    return this.values.size;
  }

  add(...secrets: string[]): void {
    for (const secret of secrets) {
      if (secret.length < MIN_SECRET_LENGTH || this.values.has(secret)) continue;
      this.sorted = undefined;
      this.values.add(secret);
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret) this.values.add(encoded);
    }
    while (this.values.size > MAX_REMEMBERED_SECRETS) {
      this.values.delete(this.values.values().next().value!);
    }
  }

  private list(): string[] {
    return (this.sorted ??= [...this.values].sort((a, b) => b.length - a.length));
  }

  /** A redactor over these secrets, as they are when it is called. */
  readonly redact: Redact = (text) => redactText(text, this.list());

  /** A redactor over these secrets plus `extra` (a call's own cookies and headers). */
  redactor(extra: readonly string[] = []): Redact {
    const own = extra.filter((s) => s.length >= MIN_SECRET_LENGTH);
    if (own.length === 0) return this.redact;
    const all = [...this.list(), ...own].sort((a, b) => b.length - a.length);
    return (text) => redactText(text, all);
  }
}

export type Redact = (text: string) => string;

function redactText(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (result.includes(secret)) result = result.split(secret).join(REDACTED);
  }
  return result;
}

/**
 * A copy of `value` with every string in it redacted, keys included. Iterative, so a body nested
 * 20,000 levels deep cannot overflow the stack; a value seen twice is copied once (cycles stay cycles).
 */
export function redactDeep<T>(value: T, redact: Redact): T {
  if (typeof value === "string") return redact(value) as T;
  if (value === null || typeof value !== "object") return value;
  const copies = new Map<object, Record<string, unknown>>();
  const pending: [object, Record<string, unknown>][] = [];
  const copyOf = (item: unknown): unknown => {
    if (typeof item === "string") return redact(item);
    if (item === null || typeof item !== "object") return item;
    let copy = copies.get(item);
    if (!copy) {
      copy = (Array.isArray(item) ? [] : {}) as Record<string, unknown>;
      copies.set(item, copy);
      pending.push([item, copy]);
    }
    return copy;
  };
  const root = copyOf(value);
  while (pending.length > 0) {
    const [source, target] = pending.pop()!;
    for (const key of Object.keys(source)) {
      const item = copyOf((source as Record<string, unknown>)[key]);
      const name = Array.isArray(source) ? key : redact(key);
      // defineProperty: a "__proto__" key in a JSON body must stay a plain property.
      Object.defineProperty(target, name, {
        value: item,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return root as T;
}
