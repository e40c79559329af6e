/**
 * Auth from the spec's security schemes, as openapi-fetch middleware. Each operation's
 * requirements (alternatives of scheme lists) decide what is sent: the first alternative whose
 * credentials are all at hand, nothing for an operation without security, and never over a header
 * the caller set. Credential providers are asked before every attempt, so a retry after a token
 * refresh carries the new token.
 */
import type { Middleware } from "openapi-fetch";
import type { SecretSet } from "./policy.js";
import type {
  BasicCredentials,
  ClientOptions,
  CredentialInput,
  Security,
  SecurityPlan,
  SecurityScheme,
} from "./types.js";

type Credential = string | BasicCredentials;
/** One alternative's schemes, each with the credential it will send. */
type Chosen = readonly (readonly [SecurityScheme, Credential])[];
/** A scheme of an alternative with where its credential comes from. */
type Need = readonly [SecurityScheme, CredentialInput<Credential> | undefined];

export interface AuthSetup {
  apiName: string;
  securitySchemes: Readonly<Record<string, SecurityScheme>>;
  security: SecurityPlan;
  options: ClientOptions<object>;
  secrets: SecretSet;
}

/** The key an operation's own requirement is found by: `"GET /path/{id}"`. */
export const operationKey = (method: string, path: string): string => `${method.toUpperCase()} ${path}`;

/** The alternatives of one requirement, each with where its credentials come from. */
type AuthPlan = readonly (readonly Need[])[];

/**
 * The auth middleware: before every attempt, the credentials of the operation's requirement (found
 * by method and path template), in the request as openapi-fetch built it.
 */
export function createAuth(setup: AuthSetup): Middleware {
  const inputs = checkCredentials(setup);
  const plans = new Map<Security, AuthPlan>();
  const planOf = (security: Security): AuthPlan => {
    let plan = plans.get(security);
    if (!plan) {
      plan = security.map((names) =>
        names.map((name): Need => {
          const scheme = ownValue(setup.securitySchemes, name) ?? { type: "http", scheme: "unknown" };
          return [scheme, credentialFor(name, scheme, inputs, setup.options)];
        }),
      );
      plans.set(security, plan);
    }
    return plan;
  };
  const { secrets, security } = setup;
  return {
    onRequest({ request, schemaPath }) {
      const own = security.except?.[operationKey(request.method, schemaPath)];
      const plan = planOf(own ?? security.default);
      if (plan.length === 0) return undefined;
      const chosen = choose(plan, secrets);
      return chosen instanceof Promise ? chosen.then((c) => apply(request, c)) : apply(request, chosen);
    },
  };
}

/** `credentials` must only name schemes of the spec, and static values must have the right shape. */
export function checkCredentials(
  setup: Pick<AuthSetup, "apiName" | "securitySchemes" | "options" | "secrets">,
): Record<string, unknown> {
  const { apiName, securitySchemes, options, secrets } = setup;
  const given = options.credentials ?? {};
  if (typeof given !== "object" || given === null) {
    throw new TypeError(`${apiName}: credentials must be an object`);
  }
  const inputs = given as Record<string, unknown>;
  for (const [name, input] of Object.entries(inputs)) {
    const scheme = ownValue(securitySchemes, name);
    if (!scheme) {
      const known = Object.keys(securitySchemes).join(", ") || "none";
      throw new TypeError(`${apiName}: credentials.${name} names no security scheme of this API (known: ${known})`);
    }
    checkStatic(`credentials.${name}`, scheme, input, apiName);
    remember(secrets, input);
  }
  if (options.apiKey !== undefined) {
    checkStatic("apiKey", { type: "oauth2" }, options.apiKey, apiName);
    remember(secrets, options.apiKey);
  }
  return inputs;
}

function checkStatic(label: string, scheme: SecurityScheme, input: unknown, apiName: string): void {
  if (input === undefined || typeof input === "function") return;
  if (!isCredential(scheme, input)) {
    const shape = isBasic(scheme) ? "{ username, password } strings" : "a non-empty string";
    throw new TypeError(`${apiName}: ${label} must be ${shape}, or a function returning one`);
  }
}

const isBasic = (scheme: SecurityScheme) => scheme.type === "http" && scheme.scheme.toLowerCase() === "basic";

function isCredential(scheme: SecurityScheme, value: unknown): value is Credential {
  if (isBasic(scheme)) {
    const basic = value as BasicCredentials | null;
    return (
      typeof basic === "object" &&
      basic !== null &&
      typeof basic.username === "string" &&
      typeof basic.password === "string"
    );
  }
  return typeof value === "string" && value !== "";
}

/** `apiKey` stands in for every token-like scheme that `credentials` leaves unset. */
function credentialFor(
  name: string,
  scheme: SecurityScheme,
  inputs: Record<string, unknown>,
  options: ClientOptions<object>,
): CredentialInput<Credential> | undefined {
  const own = ownValue(inputs, name) as CredentialInput<Credential> | undefined;
  if (own !== undefined) return own;
  return isBasic(scheme) ? undefined : options.apiKey;
}

/**
 * `record[name]` when `record` itself has it: a scheme named like an `Object.prototype` member
 * (`toString`) must not read the prototype's function.
 */
function ownValue<T>(record: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}

function remember(secrets: SecretSet, value: unknown): void {
  if (typeof value === "string") secrets.add(value);
  else if (value !== null && typeof value === "object") {
    const { username, password } = value as BasicCredentials;
    if (typeof password === "string") {
      secrets.add(password, basicToken({ username, password }));
    }
  }
}

/**
 * The first alternative whose credentials are all available; [] when none is (an anonymous
 * alternative, or nothing to send: the server's 401 then says so). Synchronous unless a provider is asked.
 */
function choose(plan: AuthPlan, secrets: SecretSet): Chosen | Promise<Chosen> {
  for (let i = 0; i < plan.length; i++) {
    const needs = plan[i]!;
    if (needs.some(([, input]) => typeof input === "function")) {
      return chooseAsync(plan.slice(i), secrets);
    }
    if (needs.every(([scheme, input]) => isCredential(scheme, input))) {
      return needs as Chosen;
    }
  }
  return [];
}

async function chooseAsync(plan: AuthPlan, secrets: SecretSet): Promise<Chosen> {
  for (const needs of plan) {
    const chosen: (readonly [SecurityScheme, Credential])[] = [];
    for (const [scheme, input] of needs) {
      const value: unknown = typeof input === "function" ? await input() : input;
      if (!isCredential(scheme, value)) break;
      remember(secrets, value);
      chosen.push([scheme, value]);
    }
    if (chosen.length === needs.length) return chosen;
  }
  return [];
}

/** `request` with the chosen credentials: changed in place (headers), or a new Request (query keys). */
function apply(request: Request, chosen: Chosen): Request | undefined {
  let url: URL | undefined;
  for (const [scheme, credential] of chosen) {
    if (scheme.type === "apiKey" && scheme.in === "query") {
      url ??= new URL(request.url);
      if (!url.searchParams.has(scheme.name)) url.searchParams.set(scheme.name, credential as string);
    } else if (scheme.type === "apiKey" && scheme.in === "cookie") {
      addCookie(request.headers, scheme.name, credential as string);
    } else {
      const [name, value] = header(scheme, credential);
      if (!request.headers.has(name)) request.headers.set(name, value);
    }
  }
  if (!url) return undefined;
  return new Request(url, request);
}

function header(scheme: SecurityScheme, credential: Credential): [string, string] {
  if (scheme.type === "apiKey") return [scheme.name, credential as string];
  if (typeof credential !== "string") return ["Authorization", `Basic ${basicToken(credential)}`];
  const kind = scheme.type === "http" && scheme.scheme.toLowerCase() !== "bearer" ? scheme.scheme : "Bearer";
  return ["Authorization", `${kind} ${credential}`];
}

function addCookie(headers: Headers, name: string, value: string): void {
  const existing = headers.get("Cookie");
  if (!existing) return headers.set("Cookie", `${name}=${value}`);
  const names = existing.split(";").map((part) => part.split("=")[0]!.trim());
  if (!names.includes(name)) headers.set("Cookie", `${existing}; ${name}=${value}`);
}

/** RFC 7617: base64 of UTF-8 `username:password`. */
export function basicToken({ username, password }: BasicCredentials): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
