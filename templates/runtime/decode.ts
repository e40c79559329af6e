/**
 * Turn what openapi-fetch fetched (a success body as text or bytes, or an error body it parsed) into
 * a typed result. Bodies are read by the documented media type the response's `Content-Type` names:
 * parsed JSON, text, or a `Blob`.
 *
 * - A 2xx is always `data`, never an error. A 2xx the spec does not document, a `Content-Type` it does
 *   not document, or an empty or unparsable JSON body gives what the server sent (parsed JSON, text,
 *   a Blob, or undefined) and is reported to `onContractDrift` with its reason.
 * - A documented error in any of its documented media types is `documented: true`, its body kept
 *   (parsed JSON, or the text). Anything else is `invalid_response`, keeping all that was parsed.
 *
 * A 204 has no body by definition (RFC 9110): openapi-fetch does not read one, so its `data` is
 * undefined.
 */
import type { ContractMismatch, DriftReport, InvalidResponseError, InvalidResponseReason, Result } from "./errors.js";
import { readEnvelope, type EnvelopeFields } from "./envelope.js";
import { reportDrift, type DriftHook } from "./drift.js";
import { redactDeep, type Redact } from "./policy.js";
import { essence, isJsonContentType, isTextMediaType } from "./media.js";
import { parseRateLimit } from "./rate-limit.js";
import type { Fetched } from "./retry.js";
import type { BodyRead, CallMeta, ErrorEnvelope, ResponseMeta, ResponseValidator, StreamReader } from "./types.js";
import { parseHeaders } from "./headers.js";
import type { SseOptions } from "./streams.js";

export interface DecodeContext {
  envelope: ErrorEnvelope;
  /** Undefined when the client knows no secret. */
  redact: Redact | undefined;
  validate: ResponseValidator | undefined;
  /** How long a response check may run (the client's `timeoutMs`): past it, the check ends and reports nothing. */
  validationBudgetMs?: number;
  onDrift: DriftHook | undefined;
}

/** A success, with its documented headers parsed when the spec documents some. */
function success(data: unknown, response: Response, meta?: ResponseMeta): Result<unknown, unknown> {
  if (!meta?.headers) return { data, response };
  return { data, response, headers: parseHeaders(response.headers, meta.headers) } as Result<unknown, unknown>;
}

/** How a streamed success is read: the reader its operation's function passed, and the call's options. */
export interface StreamDecode {
  read: StreamReader;
  options: SseOptions;
}
const failure = (error: unknown, response: Response): Result<unknown, unknown> => ({ error, response });

/** Server text quoted in messages is cut to this length. */
const MAX_QUOTED = 200;
const UTF8 = new TextDecoder();

export function findMeta(operation: CallMeta, status: number): ResponseMeta | undefined {
  const { responses } = operation;
  return responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
}

/**
 * Turn one response into the call's result. Where a body is read by its media type (`readBody`) and
 * where a result is put together (`success`, `failure`) are one place each, so that other readings
 * (streams) and typed response headers have a place to land.
 */
export function decode(
  operation: CallMeta,
  fetched: Fetched,
  context: DecodeContext,
  stream?: StreamDecode,
): Result<unknown, unknown> {
  const { response } = fetched;
  const meta = findMeta(operation, response.status);
  // A streamed success is handed on unread: `data` iterates its items as they arrive.
  if (response.ok && meta?.kind === "success" && meta.stream && stream) {
    const { format, json, events } = meta.stream;
    const options: SseOptions = { ...stream.options, json, ...(events ? { events } : {}) };
    return success(stream.read(response, format, options, { operation, context }), response, meta);
  }
  if (response.ok)
    return decodeSuccess(operation, fetched.data, meta?.kind === "success" ? meta : undefined, response, context);
  return decodeFailure(operation, fetched.error, meta, response, context);
}

/**
 * How a documented response reads a body of this `Content-Type`: its entry in `content` (exact, then
 * `type/*`, then `*\/*`), or JSON for a JSON type where the one documented type is JSON. `null`: the
 * response documents no body; undefined: it documents others.
 */
export function documentedRead(meta: ResponseMeta, contentType: string | null): BodyRead | null | undefined {
  const { content } = meta;
  if (content) {
    const type = contentType === null ? "" : essence(contentType);
    return content[type] ?? content[`${type.slice(0, type.indexOf("/") + 1)}*`] ?? content["*/*"];
  }
  if (!meta.json) return null;
  return isJsonContentType(contentType) ? "json" : undefined;
}

/** How to read a body the spec does not describe: by its own `Content-Type` (none: as text). */
const readByContentType = (contentType: string | null): BodyRead =>
  isJsonContentType(contentType) ? "json" : contentType === null || isTextMediaType(contentType) ? "text" : "blob";

/** The one documented media type's reading, for a body labelled otherwise: `data` stays of its type. */
function soleRead(meta: ResponseMeta | undefined): BodyRead | undefined {
  const reads = meta?.content ? Object.values(meta.content) : [];
  return reads.length === 1 ? reads[0] : meta?.json ? "json" : undefined;
}

function decodeSuccess(
  operation: CallMeta,
  fetched: unknown,
  meta: ResponseMeta | undefined,
  response: Response,
  context: DecodeContext,
): Result<unknown, unknown> {
  const contentType = response.headers.get("Content-Type");
  const read = meta ? documentedRead(meta, contentType) : undefined;
  // An operation that may answer bytes has every success fetched as bytes: JSON is still JSON.
  const raw = read === "json" && fetched instanceof ArrayBuffer ? UTF8.decode(fetched) : fetched;
  // The common case first: a documented JSON body that parses, allocating nothing but the result.
  if (read === "json" && typeof raw === "string" && raw !== "") {
    const parsed = parseJson(raw);
    if (parsed.ok) {
      if (context.validate && context.onDrift) validate(operation, response, parsed.value, context);
      return success(parsed.value, response, meta);
    }
  }
  const empty = raw === undefined || raw === "" || (raw instanceof ArrayBuffer && raw.byteLength === 0);
  if (read === null && empty) return success(undefined, response, meta);
  // Only text and bytes of a documented type are read as they come; anything else departs from the spec.
  const departure: InvalidResponseReason | undefined = !meta
    ? "undocumented_status"
    : read === "json" || (read === undefined && empty)
      ? "unparsable_body"
      : read === undefined || read === null
        ? "unexpected_content_type"
        : undefined;
  const data =
    empty && read !== "text" && read !== "blob"
      ? undefined
      : readBody(raw, read ?? soleRead(meta) ?? readByContentType(contentType), contentType);
  if (departure && context.onDrift) {
    reportDrift(context.onDrift, context.redact, operation, response, { reason: departure, mismatches: [] });
  }
  return success(data, response, meta);
}

/**
 * A body as `read` says: parsed JSON (the text when it does not parse), text, or a Blob of the exact
 * bytes typed with the response's `Content-Type`.
 */
function readBody(raw: unknown, read: BodyRead, contentType: string | null): unknown {
  if (read === "blob") {
    const bytes = raw instanceof ArrayBuffer ? raw : typeof raw === "string" ? raw : "";
    return new Blob([bytes], { type: contentType ?? "" });
  }
  const text = raw instanceof ArrayBuffer ? UTF8.decode(raw) : raw === undefined ? "" : raw;
  if (read === "text") return typeof text === "string" ? text : JSON.stringify(text);
  if (typeof text !== "string") return text; // an error body openapi-fetch parsed
  const parsed = parseJson(text);
  return parsed.ok ? parsed.value : text === "" ? undefined : text;
}

/** Documented errors, and `invalid_response` for everything else that is not a 2xx. */
function decodeFailure(
  operation: CallMeta,
  raw: unknown,
  meta: ResponseMeta | undefined,
  response: Response,
  context: DecodeContext,
): Result<unknown, unknown> {
  const contentType = response.headers.get("Content-Type");
  const invalid = (reason: InvalidResponseReason, body: unknown, detail = "") =>
    invalidResponse(operation, response, context, reason, body, detail);

  if (!meta || meta.kind === "success") {
    const redirect = response.status >= 300 && response.status < 400;
    const reason = redirect && response.headers.has("Location") ? "redirect" : "undocumented_status";
    return invalid(reason, raw === "" ? undefined : raw);
  }
  const read = documentedRead(meta, contentType);
  let body: unknown = undefined;
  if (read === undefined) return invalid("unexpected_content_type", raw);
  if (read === "json") {
    if (raw === undefined || raw === "" || typeof raw === "string") return invalid("unparsable_body", raw);
    body = raw;
  } else if (read !== null && raw !== undefined && raw !== "") {
    body = readBody(raw, read, contentType);
  }
  // The envelope is read from JSON bodies only; a text body's request id may still be in a header.
  const fields = readEnvelope(read === "json" ? body : undefined, response.headers, context.envelope);
  const pinned = meta.codes;
  if (read === "json" && pinned && pinned.length > 0) {
    const code = fields.code;
    if (code === undefined || !pinned.some((c) => String(c) === code)) {
      const detail = code === undefined ? "" : ` "${quote(code)}"`;
      return invalid("undocumented_code", body, detail);
    }
  }
  if (context.validate && context.onDrift && read === "json") validate(operation, response, body, context);
  const status = response.status;
  const limits = status === 429 ? parseRateLimit(response.headers) : undefined;
  const error = {
    documented: true,
    status,
    code: fields.code,
    message: fields.message ?? defaultMessage(operation, status, fields),
    ...(fields.requestId !== undefined ? { requestId: fields.requestId } : {}),
    fieldErrors: fields.fieldErrors,
    ...(limits ? { rateLimit: limits } : {}),
    ...(limits?.retryAfter !== undefined ? { retryAfter: limits.retryAfter } : {}),
    body: read === null ? (raw === "" ? undefined : raw) : body,
    ...(meta.headers ? { headers: parseHeaders(response.headers, meta.headers) } : {}),
  };
  return failure(redacted(error, context), response);
}

const defaultMessage = (operation: CallMeta, status: number, fields: EnvelopeFields) =>
  `${operation.operationId}: HTTP ${status}${fields.code !== undefined ? ` ${fields.code}` : ""}`;

type Parsed = { ok: true; value: unknown } | { ok: false };

function parseJson(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

const WHY: Record<InvalidResponseReason, string> = {
  undocumented_status: "the status is not documented for this operation",
  undocumented_code: "the error code is not documented for this status",
  unexpected_content_type: "the content type is not one the spec documents for this status",
  unparsable_body: "the body is not the documented JSON (empty, truncated or not JSON)",
  redirect:
    "a redirect that was not followed (another origin, plain http, too many hops, or a 301/302 that would turn this request into a GET)",
};

function invalidResponse(
  operation: CallMeta,
  response: Response,
  context: DecodeContext,
  reason: InvalidResponseReason,
  body: unknown,
  detail: string,
): Result<unknown, unknown> {
  const status = response.status;
  const contentType = response.headers.get("Content-Type");
  const fields = readEnvelope(body, response.headers, context.envelope);
  const error: InvalidResponseError = {
    documented: false,
    status,
    code: "invalid_response",
    reason,
    message: `${operation.operationId}: ${WHY[reason]}${detail} (HTTP ${status})`,
    ...(fields.code !== undefined ? { serverCode: fields.code } : {}),
    ...(fields.message !== undefined ? { serverMessage: fields.message } : {}),
    ...(fields.requestId !== undefined ? { requestId: fields.requestId } : {}),
    fieldErrors: fields.fieldErrors,
    ...(contentType !== null ? { contentType } : {}),
    body,
  };
  if (context.onDrift) {
    reportDrift(context.onDrift, context.redact, operation, response, {
      reason,
      ...(reason === "undocumented_code" && fields.code !== undefined ? { undocumentedCode: fields.code } : {}),
      mismatches: [],
    });
  }
  return failure(redacted(error, context), response);
}

/** Errors are built from what the server sent, which may echo our credentials: redact them all. */
function redacted<T>(error: T, context: DecodeContext): T {
  return context.redact ? redactDeep(error, context.redact) : error;
}

function quote(text: string): string {
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}...` : text;
}

/**
 * A body (or, `within` a stream, one item, whose value is at `prefix` in it) checked against the spec;
 * what departs is reported. Only when `context` has a validator and a drift hook.
 */
export function validate(
  operation: CallMeta,
  response: Response,
  body: unknown,
  context: DecodeContext,
  within?: { item: NonNullable<DriftReport["item"]>; prefix: string },
): void {
  let mismatches: readonly ContractMismatch[] | undefined;
  try {
    const contentType = response.headers.get("Content-Type");
    const mediaType = contentType === null ? undefined : essence(contentType);
    const deadline = Date.now() + (context.validationBudgetMs ?? Infinity);
    // The SSE event's name, undefined for a body (the validator treats it as absent).
    mismatches = context.validate!(
      operation.operationId,
      response.status,
      body,
      mediaType,
      deadline,
      within?.item.event,
    );
  } catch {
    return; // a failing validator must not turn a response into a failure
  }
  if (!mismatches || mismatches.length === 0) return;
  reportDrift(context.onDrift!, context.redact, operation, response, {
    ...(within ? { item: within.item } : {}),
    mismatches: mismatches.map((m) => ({
      pointer: (within?.prefix ?? "") + String(m.pointer),
      expected: String(m.expected),
      actual: String(m.actual),
    })),
  });
}
