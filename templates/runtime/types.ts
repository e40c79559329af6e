/**
 * What generated code hands the runtime (the API definition and its operation table) and what the
 * application hands the client (its options), plus the mapped type of the operation methods.
 */
import type { Client, MaybeOptionalInit, Middleware } from "openapi-fetch";
import type { CardNumberNotAllowedError, ContractMismatch, DriftReport, RateLimit, Result } from "./errors.js";
import type { HeaderSpecs } from "./headers.js";
import type { ItemCheck, Stream, StreamFormat, SseOptions } from "./streams.js";
import type { PagedMembers } from "./paged.js";

/** A credential value, or a provider (sync or async) asked before every attempt, so tokens can be refreshed. */
export type CredentialInput<T> = T | (() => T | undefined | Promise<T | undefined>);

/** Credentials of an http `basic` scheme. */
export interface BasicCredentials {
  username: string;
  password: string;
}

/** A security scheme of the spec, reduced to what decides what is sent. */
export type SecurityScheme =
  /** `bearer` and `basic` are understood; any other scheme sends `Authorization: <scheme> <credential>`. */
  | { readonly type: "http"; readonly scheme: string }
  | {
      readonly type: "apiKey";
      readonly in: "header" | "query" | "cookie";
      readonly name: string;
    }
  /** Both sent as bearer tokens. */
  | { readonly type: "oauth2" | "openIdConnect" };

/** How error bodies carry their fields, as JSON pointers (see the config's `errorEnvelope`). */
export interface ErrorEnvelope {
  /** Absent when the envelope has no code (`{message}`). The value may be a string or a number. */
  readonly code?: string;
  /** Tried in order; the first non-empty string wins. */
  readonly message: readonly string[];
  readonly requestId?: string;
  readonly requestIdHeader?: string;
  readonly fieldErrors?: {
    readonly items: string;
    readonly location: string;
    readonly code?: string;
    readonly message: string;
  };
}

/** How a body is read: parsed JSON, a string, or the bytes as a `Blob`. */
export type BodyRead = "json" | "text" | "blob";

export interface ResponseMeta {
  readonly kind: "success" | "error";
  /** The body is JSON: with no `content`, any JSON `Content-Type` (`application/json`, `+json`) is. */
  readonly json: boolean;
  /**
   * Every documented media type (lower case, without parameters) and how its body is read, which
   * the generator gives where the response documents anything but one JSON type. Without it and
   * without `json`, the response documents no body.
   */
  readonly content?: Readonly<Record<string, BodyRead>>;
  /** The codes the spec pins for this status; absent when the code is open. */
  readonly codes?: readonly (string | number)[];
  /** The documented headers, read into the result's (or the error's) `headers`. */
  readonly headers?: HeaderSpecs;
  /** A streamed success: `data` is an async iterable of its items (streams.ts). */
  readonly stream?: {
    readonly format: StreamFormat;
    readonly json: boolean;
    /** SSE: events, by name, whose data is read otherwise than `json` says. */
    readonly events?: Readonly<Record<string, boolean>>;
  };
}

/**
 * How a streamed body is read: streams.ts's `readStream`, passed only by the functions of operations
 * that stream. `checked`: the call, whose items are checked against the spec when it checks responses.
 */
export type StreamReader = (
  response: Response,
  format: StreamFormat,
  options: SseOptions,
  checked?: ItemCheck,
) => Stream<unknown>;

/** What a call of a streamed operation may set for its stream. */
export interface StreamCallOptions {
  /** End the stream when no byte arrives for this long. */
  idleTimeoutMs?: number;
  /** Opt-in (SSE): reopen a dropped stream with `Last-Event-ID`, after the server's `retry`. */
  reconnect?: boolean | { maxAttempts?: number; delayMs?: number };
}

/**
 * What a call needs of its operation: the metadata a generated operation function carries beside
 * it, so that a bundle holds only the operations it calls.
 */
export interface CallMeta {
  readonly operationId: string;
  /** Upper case. */
  readonly method: string;
  /** The spec's path template. */
  readonly path: string;
  /**
   * The documented media type of the request body, which the generator gives only where it is not
   * JSON. Without it a body is sent as JSON, unless the caller set a `Content-Type` or the body is
   * binary or form data (see body.ts).
   */
  readonly requestMediaType?: string;
  readonly responses: Readonly<Record<string, ResponseMeta>>;
}

/** One entry of a generated `operations.ts`: a call's metadata and what documents it. */
export interface OperationMeta extends CallMeta {
  /** The client method: the operationId, camel-cased when it is not an identifier. */
  readonly methodName: string;
  readonly summary: string | undefined;
  readonly scopes: readonly string[];
  /**
   * Alternatives (any one suffices) of scheme-name lists (all needed). `[]`: no security at all;
   * an empty inner list among the alternatives: anonymous access is allowed.
   */
  readonly security: Security;
  readonly successStatus: number | string | undefined;
}

/** A security requirement: alternatives (any one suffices) of scheme-name lists (all needed). */
export type Security = readonly (readonly string[])[];

/** A call's init, as far as the runtime reads it. */
export interface CallInit {
  signal?: AbortSignal | null;
  body?: unknown;
  baseUrl?: unknown;
  headers?: unknown;
  params?: { header?: unknown; query?: unknown; path?: unknown; cookie?: unknown };
  parseAs?: unknown;
  middleware?: unknown;
  /** The success media type asked for, sent as the `Accept` header (operations that document several). */
  accept?: unknown;
  /** Read by operations whose success streams. */
  stream?: StreamCallOptions;
}

/** `init` with its body encoded for `operation`, or why it cannot be (body.ts). */
export type BodyEncoder = (operation: CallMeta, init: CallInit, baseHeaders: unknown) => CallInit | string;

/** What a request must not carry (the card-number guard): the error to return instead of sending it. */
export type RequestGuard = (init: CallInit, label: string) => CardNumberNotAllowedError | undefined;

/** Compares a decoded body with the spec's schema; generated only for APIs that turn it on. */
export type ResponseValidator = (
  operationId: string,
  status: number,
  body: unknown,
  mediaType?: string,
  /** The `Date.now()` past which the check ends and reports nothing. */
  deadline?: number,
  /** The body is the data of a server-sent event of this name. */
  event?: string,
) => readonly ContractMismatch[] | undefined;

/**
 * Where each operation's credentials go: the requirement most operations share, and the
 * operations (`"GET /path"`) whose own differs.
 */
export interface SecurityPlan {
  readonly default: Security;
  readonly except?: Readonly<Record<string, Security>>;
}

/** Everything the runtime knows about one API, from its generated `core.ts`. */
export interface ApiDefinition {
  /** Shown in error messages and in `String(client)`. */
  readonly name: string;
  /** The spec's server; "" when the spec names none (then `baseUrl` is required). */
  readonly defaultBaseUrl: string;
  readonly errorEnvelope: ErrorEnvelope;
  readonly securitySchemes: Readonly<Record<string, SecurityScheme>>;
  /** Absent: no operation sends credentials. */
  readonly security?: SecurityPlan;
  /** Present only for APIs that switch a guard on in the config. */
  readonly guard?: RequestGuard;
  /** Present only for APIs that switch `validateResponses` on in the config. */
  readonly validateResponse?: ResponseValidator | undefined;
}

export interface RetryOptions {
  /** Retries after the first attempt, 0 to 10. Default 2. */
  maxRetries?: number;
  /** First backoff step; attempt n waits a random time up to `baseDelayMs * 2^n`. Default 500. */
  baseDelayMs?: number;
  /** Never wait longer than this; a longer `Retry-After` returns the 429 at once. Default 60000. */
  maxDelayMs?: number;
}

export interface ClientOptions<Credentials extends object = Record<never, never>> {
  /**
   * Defaults to the spec's server. https only (plain http for loopback, or anywhere with
   * `allowInsecureHttp`), no user info, query or fragment.
   */
  baseUrl?: string;
  /**
   * Allow plain http to any host (a `http://api:8080` inside a private network), for `baseUrl`, per-call
   * base URLs and same-origin redirects. Credentials then cross the network unencrypted. Default false.
   */
  allowInsecureHttp?: boolean;
  /** Credentials keyed by the spec's security scheme names. Never included in errors or logs. */
  credentials?: Credentials;
  /** The credential of every bearer, oauth2, openIdConnect and apiKey scheme `credentials` leaves unset. */
  apiKey?: CredentialInput<string>;
  /**
   * A fetch implementation (defaults to `globalThis.fetch`, looked up at each call). It is given a
   * Request whose `signal` carries the timeout and the caller's abort: honour it.
   */
  fetch?: (input: Request) => Promise<Response>;
  /** Headers sent with every request. Cookie values here are treated as secrets. */
  headers?: Record<string, string>;
  /** Per-attempt timeout in milliseconds, body included: 1 to 2147483647. Default 30000. */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** Called for every 429 the client sees, before it decides whether to retry. Exceptions it throws are ignored. */
  onRateLimit?: (info: RateLimit & { attempt: number; willRetry: boolean }) => void;
  /** Further openapi-fetch middleware, registered after auth. They see every attempt of a retried call. */
  middleware?: Middleware[];
  /** Larger response bodies give `response_too_large` without being read further. Default 10 MiB. */
  maxResponseBytes?: number;
  /** Called for every response that differs from the spec. Exceptions it throws are ignored. */
  onContractDrift?: (report: DriftReport) => void;
}

/** An optional init object stays optional; a required one (path params, body) is required. */
export type InitArgs<Init> = undefined extends Init ? [init?: Init] : [init: Init];

export type BaseClient<Paths extends {}> = Client<Paths, `${string}/${string}`>;

/**
 * One method per entry of an operations table (`{ path, method, data, error }`): openapi-fetch's
 * init object in, a `Result` out. A mapped type, so each method's types are worked out only where
 * a program uses it, and each method keeps its entry's documentation.
 */
export type OperationMethods<Paths, Operations> = {
  [Id in keyof Operations]: OperationMethod<Paths, Operations[Id]>;
};

/** The init of an operation table entry's call: openapi-fetch's, optional when nothing in it is required. */
export type OperationInit<Paths, Operation> = Operation extends {
  path: infer Path extends keyof Paths;
  method: infer Method;
}
  ? Method extends keyof Paths[Path]
    ? InitArgs<WithStreamInit<MaybeOptionalInit<Paths[Path], Method>, Operation>>
    : never
  : never;

/** An entry marked `stream: true` (its success streams) takes the call's stream options; an optional init stays optional. */
type WithStreamInit<Init, Operation> = Operation extends { stream: true }
  ? Init extends object
    ? Init & { stream?: StreamCallOptions }
    : Init
  : Init;

/** What a call of an operation table entry resolves to; an entry's `headers` types the success's. */
export type OperationResult<Operation> = Operation extends { data: infer Data; error: infer Error }
  ? Promise<Result<Data, Error, Operation extends { headers: infer Headers } ? Headers : undefined>>
  : never;

/**
 * The success media types of an entry that documents several (`accept: { [mediaType]: Data }`): the
 * caller picks one with `init.accept`, sent as the `Accept` header, and `data` is typed for it.
 */
export type AcceptTable<Operation> = Operation extends { accept: infer Table extends object } ? Table : never;

/** The call's init with `accept` beside openapi-fetch's keys, optional where the init is. */
export type AcceptInit<Paths, Operation, Media> =
  OperationInit<Paths, Operation> extends [infer Init]
    ? [init: Init & { accept?: Media }]
    : OperationInit<Paths, Operation> extends [init?: infer Init]
      ? [init?: NonNullable<Init> & { accept?: Media }]
      : never;

/** What a call resolves to when the caller chose `Media` (none: the entry's default `data`). */
export type AcceptResult<Operation, Media> = Operation extends { data: infer Data; error: infer Error }
  ? Promise<
      Result<[Media] extends [never] ? Data : AcceptTable<Operation>[Media & keyof AcceptTable<Operation>], Error>
    >
  : never;

type OperationMethod<Paths, Operation> = ([AcceptTable<Operation>] extends [never]
  ? (...init: OperationInit<Paths, Operation>) => OperationResult<Operation>
  : <Media extends keyof AcceptTable<Operation> & string = never>(
      ...init: AcceptInit<Paths, Operation, Media>
    ) => AcceptResult<Operation, Media>) &
  PagedMembers<Paths, Operation>;

/** A standalone operation function: the core (or a client, which is one) first, then the call's init. */
export type OperationFunction<Core, Paths, Operation> = [AcceptTable<Operation>] extends [never]
  ? (core: Core, ...init: OperationInit<Paths, Operation>) => OperationResult<Operation>
  : <Media extends keyof AcceptTable<Operation> & string = never>(
      core: Core,
      ...init: AcceptInit<Paths, Operation, Media>
    ) => AcceptResult<Operation, Media>;
