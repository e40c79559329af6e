/**
 * The contractgen 0.1.0 runtime, shared by every generated API folder beside it.
 * Do not edit: it is copied from contractgen's templates/runtime/ by `contractgen generate`.
 * It is type-checked where it is written, in contractgen (strict, with and without Node types),
 * so an application's tsc skips it; every export's type is written out, so none is inferred here.
 */
// @ts-nocheck

/**
 * Auth from the spec's security schemes, as openapi-fetch middleware. Each operation's
 * requirements (alternatives of scheme lists) decide what is sent: the first alternative whose
 * credentials are all at hand, nothing for an operation without security, and never over a header
 * the caller set. Credential providers are asked before every attempt, so a retry after a token
 * refresh carries the new token.
 */
import type { Middleware } from "openapi-fetch";
import type { SecretSet } from "./policy.js";
import { PendingRequest, type OutgoingRequest } from "./transport.js";
import type { BasicCredentials, ClientOptions, CredentialInput, OperationMeta, SecurityScheme } from "./types.js";

type Credential = string | BasicCredentials;
/** One alternative's schemes, each with the credential it will send. */
type Chosen = readonly (readonly [SecurityScheme, Credential])[];
/** A scheme of an alternative with where its credential comes from. */
type Need = readonly [SecurityScheme, CredentialInput<Credential> | undefined];

interface AuthSetup {
  apiName: string;
  securitySchemes: Readonly<Record<string, SecurityScheme>>;
  operations: readonly OperationMeta[];
  options: ClientOptions<object>;
  secrets: SecretSet;
}

/** The key openapi-fetch's middleware can find an operation by. */
export const operationKey = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

/** The alternatives of one operation, each with where its credentials come from. */
export type AuthPlan = readonly (readonly Need[])[];

export interface Auth {
  /** The plan of an operation, or undefined when it sends no credentials. */
  planFor(method: string, path: string): AuthPlan | undefined;
  /** Add `plan`'s credentials to `request`: a new Request (query keys), or undefined when it was changed in place. */
  authorize<R extends OutgoingRequest>(plan: AuthPlan, request: R): R | undefined | Promise<R | undefined>;
  /** The same as openapi-fetch middleware, for clients whose own middleware must see the credentials. */
  middleware: Middleware;
}

/** Undefined when no operation sends credentials. */
export function createAuth(setup: AuthSetup): Auth | undefined {
  const inputs = checkCredentials(setup);
  const plans = new Map<string, AuthPlan>();
  for (const operation of setup.operations) {
    const alternatives = operation.security.map((names) =>
      names.map((name): Need => {
        const scheme = setup.securitySchemes[name] ?? {
          type: "http",
          scheme: "unknown",
        };
        return [scheme, credentialFor(name, scheme, inputs, setup.options)];
      }),
    );
    if (alternatives.length > 0) plans.set(operationKey(operation.method, operation.path), alternatives);
  }
  if (plans.size === 0) return undefined;
  const { secrets } = setup;
  const planFor = (method: string, path: string) => plans.get(operationKey(method, path));
  const authorize = <R extends OutgoingRequest>(plan: AuthPlan, request: R) => {
    const chosen = choose(plan, secrets);
    return chosen instanceof Promise ? chosen.then((c) => apply(request, c)) : apply(request, chosen);
  };
  return {
    planFor,
    authorize,
    middleware: {
      onRequest({ request, schemaPath }) {
        const plan = planFor(request.method, schemaPath);
        return plan ? authorize(plan, request) : undefined;
      },
    },
  };
}

/** `credentials` must only name schemes of the spec, and static values must have the right shape. */
function checkCredentials(setup: AuthSetup): Record<string, unknown> {
  const { apiName, securitySchemes, options, secrets } = setup;
  const given = options.credentials ?? {};
  if (typeof given !== "object" || given === null) {
    throw new TypeError(`${apiName}: credentials must be an object`);
  }
  const inputs = given as Record<string, unknown>;
  for (const [name, input] of Object.entries(inputs)) {
    const scheme = securitySchemes[name];
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
  const own = inputs[name] as CredentialInput<Credential> | undefined;
  if (own !== undefined) return own;
  return isBasic(scheme) ? undefined : options.apiKey;
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

function apply<R extends OutgoingRequest>(request: R, chosen: Chosen): R | undefined {
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
  return (request instanceof PendingRequest ? request.to(url) : new Request(url, request as Request)) as R;
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
