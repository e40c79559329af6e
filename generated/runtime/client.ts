/**
 * The contractgen 0.1.0 runtime, shared by every generated API folder beside it.
 * Do not edit: it is copied from contractgen's templates/runtime/ by `contractgen generate`.
 * It is type-checked where it is written, in contractgen (strict, with and without Node types),
 * so an application's tsc skips it; every export's type is written out, so none is inferred here.
 */
// @ts-nocheck

/**
 * `createApiClient`: what every generated `create<Api>Client` returns. openapi-fetch underneath,
 * auth as its first middleware, the caller's middleware after it, a retry loop around it and a
 * decoder behind it. Operation methods never reject; the raw `GET`/`POST`/... methods keep
 * openapi-fetch's contract (they reject with `ClientRequestError` when there is no response).
 */
import createClient, { type Middleware } from "openapi-fetch";
import { createAuth, type AuthPlan } from "./auth.js";
import { encodeBody, isSpecialBody } from "./body.js";
import { decode, type DecodeContext } from "./decode.js";
import { ClientRequestError, type Result, type RuntimeError } from "./errors.js";
import { refuseCardNumber } from "./guards.js";
import { resolveSettings } from "./options.js";
import { isTextMediaType } from "./media.js";
import { checkBaseUrl, headerPairs, headerSecrets, redactDeep, SecretSet, type Redact } from "./policy.js";
import { createRetrier, notSentError, type Fetched } from "./retry.js";
import { createTransport, PendingRequest, type OutgoingRequest } from "./transport.js";
import type { ApiDefinition, ClientOptions, OperationMeta } from "./types.js";

const RAW_METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

interface CallInit {
  signal?: AbortSignal | null;
  body?: unknown;
  baseUrl?: unknown;
  headers?: unknown;
  params?: { header?: unknown };
  parseAs?: unknown;
}

type AttemptFetch = (request: OutgoingRequest) => Promise<Response>;

/** Init keys a pending request (transport.ts) is known to carry right; any other sends a real Request. */
const PENDING_KEYS = new Set([
  "params",
  "body",
  "headers",
  "signal",
  "baseUrl",
  "parseAs",
  "querySerializer",
  "bodySerializer",
  "pathSerializer",
  "duplex",
]);

/** openapi-fetch's request, untyped: resolving its generic signature for a path known only at run time is costly to type-check. */
type RawRequest = (method: string, url: string, init: object) => Promise<Fetched>;

export function createApiClient<Client>(
  options: ClientOptions<object> | undefined = {},
  definition: ApiDefinition,
  operationTable: Readonly<Record<string, OperationMeta>>,
): Client {
  const { name } = definition;
  if (options === null || typeof options !== "object") {
    throw new TypeError(`${name}: options must be an object`);
  }
  const settings = resolveSettings(options, name);
  const baseUrl = checkBaseUrl(options.baseUrl ?? definition.defaultBaseUrl, name);
  const operations = Object.values(operationTable);
  const secrets = new SecretSet();
  secrets.add(...headerSecrets(options.headers));
  const auth = createAuth({
    apiName: name,
    securitySchemes: definition.securitySchemes ?? {},
    operations,
    options,
    secrets,
  });

  // Untyped inside the runtime (it only forwards calls); typed once, at the return. Checking
  // openapi-fetch's client type over a type parameter costs every consumer ~18k instantiations.
  // Redirects are the transport's (never fetch's own), and without middleware of the caller's
  // openapi-fetch builds pending requests (transport.ts); both set once here, not per attempt.
  const middleware = options.middleware ?? [];
  const client = createClient({
    baseUrl,
    ...(options.headers ? { headers: options.headers } : {}),
    redirect: "manual",
    ...(middleware.length === 0 ? { Request: PendingRequest as unknown as typeof Request } : {}),
  });
  // Auth first, so that the caller's middleware sees the request as it will be sent. Retries
  // happen around openapi-fetch: every attempt goes through all middleware again, auth included.
  // Without middleware of the caller's, credentials are added by the attempt's fetch instead, just
  // before the request goes out: the same request, without openapi-fetch's middleware pass.
  // `direct`: no middleware at all, so auth is the attempt's fetch's and requests may be pending.
  // Middleware added later through `client.use` turns it off for good, auth becoming the first middleware.
  const pendingDefault = middleware.length === 0;
  let direct = pendingDefault;
  if (auth && !direct) client.use(auth.middleware);
  if (middleware.length > 0) client.use(...middleware);
  const use = client.use.bind(client);
  (client as { use: (...m: Middleware[]) => void }).use = (...added) => {
    if (direct && added.some(Boolean)) {
      direct = false;
      if (auth) use(auth.middleware);
    }
    use(...added);
  };
  const authInFetch = auth !== undefined;
  const planFor = (method: string, path: string) => (authInFetch ? auth.planFor(method, path) : undefined);
  /**
   * A call's init as each attempt of it starts from: the caller's signal and redirect mode taken
   * out (each attempt's own signal follows the caller's; redirects are the transport's), and a real
   * Request where a pending one will not do (init keys it does not know, a call's own middleware).
   */
  const attemptBase = (init: CallInit | undefined): object | undefined => {
    if (!init) return direct || !pendingDefault ? undefined : { Request: globalThis.Request };
    let unusual = false;
    let own = false;
    for (const key in init) {
      if (!PENDING_KEYS.has(key)) unusual = true;
      if (key === "signal" || key === "redirect") own = true;
    }
    const real = pendingDefault && (unusual || !direct); // the client's default is a pending request
    if (!own && !real) return init;
    return {
      ...init,
      ...(own ? { signal: undefined, redirect: "manual" } : {}),
      ...(real ? { Request: globalThis.Request } : {}),
    };
  };
  /**
   * A call's own openapi-fetch `middleware` must see the credentials too: auth runs as the first of
   * them (and not in the attempt's fetch). Undefined when the call has none.
   */
  const callMiddleware = (init: CallInit | undefined): CallInit | undefined => {
    const own = (init as { middleware?: unknown } | undefined)?.middleware;
    if (!auth || !direct || !Array.isArray(own) || own.length === 0) return undefined;
    return { ...init, middleware: [auth.middleware, ...own] } as CallInit;
  };
  /** The attempt's fetch, preceded by the credentials of `plan`. */
  const authorized =
    (plan: AuthPlan, fetch: AttemptFetch): AttemptFetch =>
    (request) => {
      const changed = auth!.authorize(plan, request);
      return changed instanceof Promise ? changed.then((r) => fetch(r ?? request)) : fetch(changed ?? request);
    };

  const withRetries = createRetrier(
    settings,
    createTransport(settings.maxResponseBytes, options.fetch),
    options.onRateLimit,
  );
  const guardCards = definition.guards?.cardNumber === true;
  const request = client.request as unknown as RawRequest;

  /** The redactor for one call: the client's secrets plus the call's own cookies and credentials. */
  const redactorFor = (init: CallInit | undefined): Redact | undefined => {
    if (init?.headers || init?.params?.header) {
      const extra = [...headerSecrets(init.headers), ...headerSecrets(init.params?.header)];
      if (extra.length > 0) return secrets.redactor(extra);
    }
    return secrets.size > 0 ? secrets.redact : undefined;
  };
  const redactError = (error: RuntimeError, init: CallInit | undefined) => {
    const redact = redactorFor(init);
    return redact ? redactDeep(error, redact) : error;
  };

  /** How to decode: one context for the client's own secrets, one for none; a call's own secrets make a third. */
  const plainContext: DecodeContext = {
    envelope: definition.errorEnvelope,
    redact: undefined,
    validate: definition.validateResponse,
    onDrift: options.onContractDrift,
  };
  const secretContext: DecodeContext = { ...plainContext, redact: secrets.redact };

  /** What stops a call before anything is sent: a bad per-call baseUrl, a card number. */
  const refuse = (init: CallInit | undefined, label: string): RuntimeError | undefined => {
    if (init?.baseUrl !== undefined) {
      try {
        checkBaseUrl(init.baseUrl, name);
      } catch (err) {
        return notSentError(label, (err as Error).message);
      }
    }
    return guardCards ? refuseCardNumber(init, label) : undefined;
  };

  // The caller's signal is not given to openapi-fetch: each attempt's own signal follows it.
  const send = (
    method: string,
    label: string,
    init: CallInit | undefined,
    plan: AuthPlan | undefined,
    run: (init: object) => Promise<Fetched>,
  ) => {
    const withOwn = callMiddleware(init);
    if (withOwn) [init, plan] = [withOwn, undefined];
    const base = attemptBase(init);
    return withRetries(method, label, init?.signal, init?.parseAs === "stream", (fetch) =>
      run({ ...base, fetch: plan && direct ? authorized(plan, fetch) : fetch }),
    );
  };

  const baseContentType = contentTypeIn(options.headers);
  /** `init` with its body encoded per its media type (body.ts), or why it cannot be. */
  const withBody = (operation: OperationMeta, init: CallInit): CallInit | string => {
    const body = init.body;
    const given = contentTypeIn(init.params?.header) ?? contentTypeIn(init.headers) ?? baseContentType;
    if (operation.requestMediaType === undefined && given === undefined && !isSpecialBody(body)) return init;
    let encoded;
    try {
      encoded = encodeBody(body, operation.requestMediaType, given);
    } catch (err) {
      return err instanceof Error ? err.message : "the body cannot be encoded";
    }
    if (!encoded) return init;
    return {
      ...init,
      body: encoded.body,
      bodySerializer: passThrough,
      ...(encoded.contentType !== undefined ? { headers: withContentType(init.headers, encoded.contentType) } : {}),
      ...(encoded.stream ? { duplex: "half" } : {}),
    } as CallInit;
  };

  /** What each operation method needs, worked out once. */
  interface Prepared {
    operation: OperationMeta;
    parseAs: "text" | "arrayBuffer";
    plan: AuthPlan | undefined;
    /** openapi-fetch's method for the operation's HTTP method. */
    run: (url: string, init: object) => Promise<Fetched>;
  }

  async function call(prepared: Prepared, given: CallInit | undefined): Promise<Result<unknown, unknown>> {
    const { operation, parseAs, run } = prepared;
    const label = operation.operationId;
    const refused = refuse(given, label);
    if (refused) return { error: redactError(refused, given), response: undefined };
    const init = given?.body !== undefined ? withBody(operation, given) : given;
    if (typeof init === "string") return { error: redactError(notSentError(label, init), given), response: undefined };
    const outcome = await send(operation.method, label, init, prepared.plan, (rest) =>
      run(operation.path, { ...rest, parseAs }),
    );
    if (!("response" in outcome)) return { error: redactError(outcome, init), response: undefined };
    const redact = redactorFor(given);
    const context =
      redact === undefined ? plainContext : redact === secrets.redact ? secretContext : { ...plainContext, redact };
    return decode(operation, outcome, context);
  }

  // The raw openapi-fetch methods get the same checks, timeout and retries.
  const methods = client as unknown as Record<string, (...args: unknown[]) => Promise<Fetched>>;
  const rawCall = async (
    method: string,
    url: unknown,
    init: CallInit | undefined,
    run: (init: object) => Promise<Fetched>,
  ) => {
    const label = `${method} ${String(url)}`;
    const refused = refuse(init, label);
    if (refused) throw new ClientRequestError(redactError(refused, init));
    const outcome = await send(method, label, init, planFor(method, String(url)), run);
    if ("response" in outcome) return outcome;
    throw new ClientRequestError(redactError(outcome, init));
  };
  const originals: Record<string, (url: string, init: object) => Promise<Fetched>> = {};
  for (const method of RAW_METHODS) {
    const original = methods[method]!;
    originals[method] = original;
    methods[method] = (url, init) => rawCall(method, url, init as CallInit, (rest) => original(url, rest));
  }
  methods.request = (method, url, init) => {
    const upper = String(method).toUpperCase();
    return rawCall(upper, url, init as CallInit, (rest) => request(upper, String(url), rest));
  };

  const describe = () => `[${name} ${baseUrl}]`;
  Object.defineProperties(client, {
    toString: { value: describe, enumerable: false },
    toJSON: { value: describe, enumerable: false },
    [Symbol.for("nodejs.util.inspect.custom")]: {
      value: describe,
      enumerable: false,
    },
  });
  const operationMethods = Object.fromEntries(
    operations.map((operation) => {
      const { method, path } = operation;
      const prepared: Prepared = {
        operation,
        parseAs: readsBytes(operation) ? "arrayBuffer" : "text",
        plan: planFor(method, path),
        run: originals[method] ?? ((url, init) => request(method, url, init)),
      };
      return [operation.methodName, (init?: CallInit) => call(prepared, init)];
    }),
  );
  return Object.assign(client, operationMethods) as unknown as Client;
}

const passThrough = (body: unknown) => body;

/** Whether a success body may be binary: one is documented without JSON or a text media type. */
function readsBytes(operation: OperationMeta): boolean {
  return Object.values(operation.responses).some(
    (meta) => meta.kind === "success" && !meta.json && !isTextMediaType(meta.mediaType),
  );
}

/** The `Content-Type` among headers of any shape openapi-fetch accepts (the last one wins). */
function contentTypeIn(headers: unknown): string | undefined {
  if (headers === undefined || headers === null) return undefined;
  let found: string | undefined;
  for (const [name, value] of headerPairs(headers)) if (name.toLowerCase() === "content-type") found = value;
  return found;
}

/** `headers` (any shape) with a `Content-Type` the caller did not set. */
function withContentType(headers: unknown, contentType: string): object {
  if (headers === undefined || headers === null || typeof headers !== "object") return { "Content-Type": contentType };
  if (headers instanceof Headers || Array.isArray(headers)) {
    const copy = new Headers(headers as HeadersInit);
    if (!copy.has("Content-Type")) copy.set("Content-Type", contentType);
    return copy;
  }
  return { "Content-Type": contentType, ...headers };
}
