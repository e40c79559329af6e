/**
 * The contractgen 0.1.0 runtime, shared by every generated API folder beside it.
 * Do not edit: it is copied from contractgen's templates/runtime/ by `contractgen generate`.
 * It is type-checked where it is written, in contractgen (strict, with and without Node types),
 * so an application's tsc skips it; every export's type is written out, so none is inferred here.
 */
// @ts-nocheck

/**
 * The public error and result types every generated client shares, plus the one class the runtime
 * throws (only from the raw openapi-fetch methods). Generated `errors.ts` files re-export these and
 * build one union per operation from them.
 */

/** A field-level validation error, whatever the API's envelope calls it. */
export interface FieldError {
  /** Where the problem is: a JSON pointer (Problem Details `errors[].pointer`) or a field name. */
  location: string;
  /**
   * The item's code as a string; "" when the item has none, `undefined` when the API's field errors
   * carry no code (the envelope names no `fieldErrors.code`).
   */
  code: string | undefined;
  message: string;
}

/** Rate-limit headers of a response, parsed. */
export interface RateLimit {
  /** Seconds to wait, from `Retry-After` (seconds or an HTTP date). */
  retryAfter?: number;
  limit?: number;
  remaining?: number;
  reset?: number;
}

/**
 * A documented error response, decoded. `body` is the parsed body as the spec types it; `code` is
 * the envelope's code as a string (a numeric code stringified), `undefined` when there is none.
 */
export interface DocumentedError<Status extends number, Code extends string | undefined, Body, Headers = undefined> {
  /** True: a response the spec documents. Check it to set transport failures aside, then switch on `status` or `code`. */
  readonly documented: true;
  readonly status: Status;
  readonly code: Code;
  /** A human message (Problem Details `detail`, or the envelope's message). */
  readonly message: string;
  /** The server's request id, when the API sends one. */
  readonly requestId?: string;
  readonly fieldErrors: readonly FieldError[];
  /** Seconds the server asked us to wait (`Retry-After`), on rate-limited responses. */
  readonly retryAfter?: number;
  readonly rateLimit?: RateLimit;
  readonly body: Body;
  /** The documented response headers by lower-case name, parsed (headers.ts); absent when none are documented. */
  readonly headers: Headers;
}

interface TransportBase {
  /** False: no response, or one the spec does not document. */
  readonly documented: false;
  readonly message: string;
  readonly requestId?: string;
  readonly fieldErrors: readonly FieldError[];
}

/** The connection failed (refused, reset, DNS): the request may or may not have reached the server. No HTTP status. */
export interface NetworkError extends TransportBase {
  readonly status: undefined;
  readonly code: "network_error";
}

/**
 * The client refused the request before sending anything: a body the media type cannot carry (or
 * that cannot be serialised), a per-call `baseUrl` the URL policy refuses, a credential provider that
 * threw, a request the platform's `Request` refuses. Never retried: sending again cannot help.
 */
export interface RequestNotSentError extends TransportBase {
  readonly status: undefined;
  readonly code: "request_not_sent";
}

/** An attempt took longer than `timeoutMs`. */
export interface TimeoutError extends TransportBase {
  readonly status: undefined;
  readonly code: "timeout";
  readonly timeoutMs: number;
}

/** The caller's `AbortSignal` fired. */
export interface AbortedError extends TransportBase {
  readonly status: undefined;
  readonly code: "aborted";
}

/** Why a response is `invalid_response`. */
export type InvalidResponseReason =
  "undocumented_status" | "undocumented_code" | "unexpected_content_type" | "unparsable_body" | "redirect";

/**
 * The server answered with something the spec does not document. Nothing it said is lost: the
 * status, the envelope's code and message (when the body has them), the request id, the field
 * errors and the body are all kept, so one `case "invalid_response"` can handle it generically.
 */
export interface InvalidResponseError extends TransportBase {
  readonly status: number;
  readonly code: "invalid_response";
  readonly reason: InvalidResponseReason;
  /** The envelope's code as the server sent it (stringified), when the body has one. */
  readonly serverCode?: string;
  /** The envelope's message, when the body has one. */
  readonly serverMessage?: string;
  readonly contentType?: string;
  /** The body as received: parsed JSON when it parsed, text otherwise. */
  readonly body: unknown;
}

/** The response body was larger than `maxResponseBytes`; it was not read further. Never retried. */
export interface ResponseTooLargeError extends TransportBase {
  readonly status: number;
  readonly code: "response_too_large";
  readonly maxResponseBytes: number;
}

/** Failures every operation can have, whatever its spec says. */
export type TransportError =
  NetworkError | RequestNotSentError | TimeoutError | AbortedError | InvalidResponseError | ResponseTooLargeError;

/**
 * A request contained what looks like a raw card number; nothing was sent. Only APIs that enable
 * the card-number guard have this member in their unions.
 */
export interface CardNumberNotAllowedError extends TransportBase {
  readonly status: undefined;
  readonly code: "card_number_not_allowed";
  /** Which part of the request holds it. */
  readonly in: "body" | "query" | "path" | "header" | "cookie";
  /** JSON pointer inside that part (`/name` for a parameter). Never the number itself. */
  readonly location: string;
}

/** What the runtime can give instead of a response. */
export type RuntimeError = TransportError | CardNumberNotAllowedError;

/** One view common to every API's errors. */
export interface ApiError {
  documented: boolean;
  status: number | undefined;
  /** The error's code; `undefined` for a documented error whose body has none. */
  code: string | undefined;
  message: string;
  requestId?: string;
  /** For `invalid_response`: the code the server sent. */
  serverCode?: string;
  fieldErrors: FieldError[];
}

interface AnyError {
  readonly documented: boolean;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly message: string;
  readonly requestId?: string;
  readonly serverCode?: string;
  readonly fieldErrors: readonly FieldError[];
}

/** Reduce any error member, documented or transport, to the common view. */
export function toApiError(error: AnyError): ApiError {
  return {
    documented: error.documented,
    status: error.status,
    code: error.code,
    message: error.message,
    ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
    ...(error.serverCode !== undefined ? { serverCode: error.serverCode } : {}),
    fieldErrors: error.fieldErrors.map((f) => ({ ...f })),
  };
}

/**
 * What an operation method resolves to: data, or a typed error. Never a rejection. A success of an
 * operation documenting response headers carries them, parsed, as `headers`.
 */
export type Result<Data, Error, Headers = undefined> =
  | ({ data: Data; error?: never; response: Response } & HeadersMember<Headers>)
  | { data?: never; error: Error; response: Response | undefined };

type HeadersMember<Headers> = [Headers] extends [undefined] ? unknown : { headers: Headers };

/**
 * What the raw openapi-fetch methods (`client.GET(...)`, ...) reject with when no usable response
 * could be had, or a card number was refused. `error` is the typed member the operation methods
 * would have returned. Its message never holds a secret.
 */
export class ClientRequestError extends Error {
  override readonly name = "ClientRequestError";
  readonly code: RuntimeError["code"];
  constructor(readonly error: RuntimeError) {
    super(error.message);
    this.code = error.code;
  }
}

/** One place where a response body differs from the spec's schema. */
export interface ContractMismatch {
  /** JSON pointer into the body. */
  pointer: string;
  /** What the spec expects there, in words ("string", "one of: a, b", "required property"). */
  expected: string;
  /** What the body has there, briefly (a type, or a short redacted value). */
  actual: string;
}

/** A response that differs from the spec, as given to `onContractDrift`. Secrets are redacted. */
export interface DriftReport {
  operationId: string;
  /** Upper case, as sent. */
  method: string;
  /** The spec's path template. */
  path: string;
  status: number;
  contentType: string | undefined;
  /**
   * Set when the response is `invalid_response`, or (`unparsable_item`) when an item of a stream is
   * not the JSON it is declared as; the stream ends there.
   */
  reason?: InvalidResponseReason | "unparsable_item";
  /** An error code the spec does not document for this status. */
  undocumentedCode?: string;
  /** Which item of a streamed success departs: its position from 1 and, for SSE, the event's name and id. */
  item?: { index: number; event?: string; id?: string };
  mismatches: ContractMismatch[];
}
