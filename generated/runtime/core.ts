/**
 * The contractgen 0.1.0 runtime, shared by every generated API folder beside it.
 * Do not edit: it is copied from contractgen's templates/runtime/ by `contractgen generate`.
 * It is type-checked where it is written, in contractgen (strict, with and without Node types),
 * so an application's tsc skips it; every export's type is written out, so none is inferred here.
 */
// @ts-nocheck

/**
 * `createCore`: what every generated `create<Api>Core` returns, and what every operation function
 * takes first. It is openapi-fetch's client (its raw `GET`/`POST`/... methods go through the same
 * checks, timeout and retries: raw.ts) with auth as its first middleware, and the state a call
 * needs under the `CORE` key. It holds no operation: a bundle keeps only the ones it calls.
 */
import createClient from "openapi-fetch";
import { checkCredentials, createAuth } from "./auth.js";
import type { DecodeContext } from "./decode.js";
import type { RuntimeError } from "./errors.js";
import { resolveSettings } from "./options.js";
import { checkBaseUrl, headerSecrets, redactDeep, SecretSet, type Redact } from "./policy.js";
import { wrapRawMethods } from "./raw.js";
import { createRetrier, notSentError, type Fetched, type Failure } from "./retry.js";
import { createTransport } from "./transport.js";
import type { ApiDefinition, BaseClient, CallInit, ClientOptions } from "./types.js";

/** The key of a core's own state: a symbol, so that no path or operation name can shadow it. */
export const CORE: unique symbol = Symbol("contractgen.core");

/** openapi-fetch's request, untyped: resolving its generic signature for a path known only at run time is costly to type-check. */
export type RawRequest = (method: string, url: string, init: object) => Promise<Fetched>;

/** What a call needs of its core. */
export interface CoreState {
  readonly name: string;
  readonly baseUrl: string;
  /** The client's own headers (a call's body encoding reads their `Content-Type`). */
  readonly headers: unknown;
  /** openapi-fetch's own `request`, before raw.ts wraps the raw methods. */
  readonly request: RawRequest;
  /** What stops a call before anything is sent: a bad per-call `baseUrl`, a guard. */
  refuse(init: CallInit | undefined, label: string): RuntimeError | undefined;
  /** Run `run` (openapi-fetch, once per attempt, given the attempt's init keys) under the retry policy. */
  send(
    method: string,
    label: string,
    init: CallInit | undefined,
    run: (init: object) => Promise<Fetched>,
  ): Promise<Fetched | Failure>;
  /** `error` without a secret of the client's or of the call's. */
  redactError<E>(error: E, init: CallInit | undefined): E;
  /** How to decode a call's response. */
  decodeContext(init: CallInit | undefined): DecodeContext;
}

/** A core as operation functions see it. */
export interface Core {
  readonly [CORE]: CoreState;
}

/** A core as applications see it: openapi-fetch's client over the API's paths, plus the state. */
export type ApiCore<Paths extends {}> = BaseClient<Paths> & Core;

export function createCore<C extends Core>(
  options: ClientOptions<object> | undefined = {},
  definition: ApiDefinition,
): C {
  const { name } = definition;
  if (options === null || typeof options !== "object") {
    throw new TypeError(`${name}: options must be an object`);
  }
  const settings = resolveSettings(options, name);
  const insecure = options.allowInsecureHttp === true;
  const baseUrl = checkBaseUrl(options.baseUrl ?? definition.defaultBaseUrl, name, insecure);
  const secrets = new SecretSet();
  secrets.add(...headerSecrets(options.headers));
  const setup = { apiName: name, securitySchemes: definition.securitySchemes, options, secrets };
  // Untyped inside the runtime (it only forwards calls); typed once, by the generated code.
  // Redirects are the transport's, never fetch's own.
  const client = createClient({
    baseUrl,
    ...(options.headers ? { headers: options.headers } : {}),
    redirect: "manual",
  });
  // Auth first, so that the caller's middleware sees the request as it will be sent. Retries
  // happen around openapi-fetch: every attempt goes through all middleware again, auth included.
  if (definition.security) client.use(createAuth({ ...setup, security: definition.security }));
  else checkCredentials(setup);
  if (options.middleware && options.middleware.length > 0) client.use(...options.middleware);

  const withRetries = createRetrier(
    settings,
    createTransport(settings.maxResponseBytes, options.fetch, insecure),
    options.onRateLimit,
  );
  const guard = definition.guard;

  /** The redactor for one call: the client's secrets plus the call's own cookies and credentials. */
  const redactorFor = (init: CallInit | undefined): Redact | undefined => {
    if (init?.headers || init?.params?.header) {
      const extra = [...headerSecrets(init.headers), ...headerSecrets(init.params?.header)];
      if (extra.length > 0) return secrets.redactor(extra);
    }
    return secrets.size > 0 ? secrets.redact : undefined;
  };
  /** One decode context for the client's own secrets, one for none; a call's own secrets make a third. */
  const plainContext: DecodeContext = {
    envelope: definition.errorEnvelope,
    redact: undefined,
    validate: definition.validateResponse,
    validationBudgetMs: settings.timeoutMs,
    onDrift: options.onContractDrift,
  };
  const secretContext: DecodeContext = { ...plainContext, redact: secrets.redact };

  const state: CoreState = {
    name,
    baseUrl,
    headers: options.headers,
    request: client.request as unknown as RawRequest,
    refuse(init, label) {
      if (init?.baseUrl !== undefined) {
        try {
          checkBaseUrl(init.baseUrl, name, insecure);
        } catch (err) {
          return notSentError(label, (err as Error).message);
        }
      }
      return guard && init ? guard(init, label) : undefined;
    },
    // Each attempt's fetch puts it under its own signal (the caller's abort and the attempt's
    // timeout), so the Request openapi-fetch builds carries none; redirects stay manual.
    send(method, label, init, run) {
      // One init for every attempt of the call: openapi-fetch copies what it reads before any await.
      const each: Record<string, unknown> = { ...init, signal: undefined, redirect: "manual" };
      return withRetries(method, label, init?.signal, init?.parseAs === "stream", (fetch) => {
        each.fetch = fetch;
        return run(each);
      });
    },
    redactError(error, init) {
      const redact = redactorFor(init);
      return redact ? redactDeep(error, redact) : error;
    },
    decodeContext(init) {
      const redact = redactorFor(init);
      if (redact === undefined) return plainContext;
      return redact === secrets.redact ? secretContext : { ...plainContext, redact };
    },
  };
  wrapRawMethods(client, state);
  const describe = () => `[${name} ${baseUrl}]`;
  Object.defineProperties(client, {
    [CORE]: { value: state, enumerable: false },
    toString: { value: describe, enumerable: false },
    toJSON: { value: describe, enumerable: false },
    [Symbol.for("nodejs.util.inspect.custom")]: { value: describe, enumerable: false },
  });
  return client as unknown as C;
}
