/**
 * The contractgen 0.1.0 runtime, shared by every generated API folder beside it.
 * Do not edit: it is copied from contractgen's templates/runtime/ by `contractgen generate`.
 * It is type-checked where it is written, in contractgen (strict, with and without Node types),
 * so an application's tsc skips it; every export's type is written out, so none is inferred here.
 */
// @ts-nocheck

/**
 * Turn what openapi-fetch fetched (a success body as text, or an error body it parsed) into a
 * typed result. Documented responses become `data` or a `documented: true` error; anything else
 * is `invalid_response`, keeping all that was parsed. Responses that differ from the spec are
 * reported to `onContractDrift`.
 *
 * A 204 has no body by definition (RFC 9110): openapi-fetch does not read one. So "204 with a
 * body" yields `{ data: undefined }` when the operation documents a 204 or a bodiless 2XX, and
 * `invalid_response` when it documents only a JSON success.
 */
import type { ContractMismatch, InvalidResponseError, InvalidResponseReason, Result } from "./errors.js";
import { readEnvelope, type EnvelopeFields } from "./envelope.js";
import { reportDrift, type DriftHook } from "./drift.js";
import { redactDeep, type Redact } from "./policy.js";
import { essence, isJsonContentType, isTextMediaType } from "./media.js";
import { parseRateLimit } from "./rate-limit.js";
import type { Fetched } from "./retry.js";
import type { CallMeta, ErrorEnvelope, ResponseMeta, ResponseValidator, StreamReader } from "./types.js";
import { parseHeaders } from "./headers.js";
import type { SseOptions } from "./streams.js";

export interface DecodeContext {
  envelope: ErrorEnvelope;
  /** Undefined when the client knows no secret. */
  redact: Redact | undefined;
  validate: ResponseValidator | undefined;
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
 * Turn one response into the call's result. Where a body is read by its media type (`otherBody`,
 * `parseStrictly`) and where a result is put together (`success`, `failure`) are one place each, so
 * that per-media-type decoding and typed response headers have a place to land.
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
    return success(
      stream.read(response, meta.stream.format, { ...stream.options, json: meta.stream.json }),
      response,
      meta,
    );
  }
  // The common case first, allocating nothing but the result.
  if (response.ok && meta?.kind === "success" && !meta.json) {
    return success(otherBody(fetched.data, meta, response), response, meta);
  }
  // An operation with a binary success reads bodies as bytes (see client.ts): all else is text.
  if (fetched.data instanceof ArrayBuffer) fetched = { ...fetched, data: UTF8.decode(fetched.data) };
  if (response.ok && meta?.kind === "success") {
    const raw = fetched.data;
    if (typeof raw === "string" && raw !== "" && isJsonContentType(response.headers.get("Content-Type"))) {
      let data: unknown;
      try {
        data = JSON.parse(raw);
      } catch {
        return decodeOtherwise(operation, fetched, meta, context);
      }
      if (context.validate && context.onDrift) validate(operation, response, data, context);
      return success(data, response, meta);
    }
  }
  return decodeOtherwise(operation, fetched, meta, context);
}

/**
 * A documented non-JSON success body: text for a text media type, else a Blob (what openapi-fetch's
 * `parseAs: "blob"` gives). The documented media type decides, else the response's `Content-Type`;
 * an empty body is undefined.
 */
function otherBody(data: unknown, meta: ResponseMeta, response: Response): unknown {
  if (data === "" || data === undefined || data === null) return undefined;
  if (!(data instanceof ArrayBuffer)) return data;
  if (data.byteLength === 0) return undefined;
  const contentType = response.headers.get("Content-Type");
  if (isTextMediaType(meta.mediaType ?? contentType)) return UTF8.decode(data);
  return new Blob([data], { type: contentType ?? meta.mediaType ?? "" });
}

/** Every outcome but a well-formed documented success: documented errors and `invalid_response`. */
function decodeOtherwise(
  operation: CallMeta,
  fetched: Fetched,
  meta: ResponseMeta | undefined,
  context: DecodeContext,
): Result<unknown, unknown> {
  const { response } = fetched;
  const raw = response.ok ? fetched.data : fetched.error;
  const contentType = response.headers.get("Content-Type");
  const invalid = (reason: InvalidResponseReason, body: unknown, detail = "") =>
    invalidResponse(operation, response, context, reason, body, detail);

  if (!meta || (meta.kind === "success") !== response.ok) {
    const redirect = response.status >= 300 && response.status < 400;
    const reason = redirect && response.headers.has("Location") ? "redirect" : "undocumented_status";
    return invalid(reason, parseLoosely(raw, response.ok, contentType));
  }
  let body: unknown = undefined;
  if (meta.json) {
    if (!isJsonContentType(contentType)) return invalid("unexpected_content_type", raw);
    const parsed = parseStrictly(raw, response.ok);
    if (!parsed.ok) return invalid("unparsable_body", raw);
    body = parsed.value;
  }
  if (meta.kind === "success") {
    if (context.validate && context.onDrift) validate(operation, response, body, context);
    return success(body, response, meta);
  }
  const fields = readEnvelope(body, response.headers, context.envelope);
  const pinned = meta.codes;
  if (pinned && pinned.length > 0) {
    const code = fields.code;
    if (code === undefined || !pinned.some((c) => String(c) === code)) {
      const detail = code === undefined ? "" : ` "${quote(code)}"`;
      return invalid("undocumented_code", body, detail);
    }
  }
  if (context.validate && context.onDrift) validate(operation, response, body, context);
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
    body: meta.json ? body : raw === "" ? undefined : raw,
    ...(meta.headers ? { headers: parseHeaders(response.headers, meta.headers) } : {}),
  };
  return failure(redacted(error, context), response);
}

const defaultMessage = (operation: CallMeta, status: number, fields: EnvelopeFields) =>
  `${operation.operationId}: HTTP ${status}${fields.code !== undefined ? ` ${fields.code}` : ""}`;

type Parsed = { ok: true; value: unknown } | { ok: false };

/** A documented JSON body: text to parse (success) or what openapi-fetch parsed (errors; text means it failed). */
function parseStrictly(raw: unknown, ok: boolean): Parsed {
  if (raw === undefined || raw === "") return { ok: false };
  if (!ok) return typeof raw === "string" ? { ok: false } : { ok: true, value: raw };
  try {
    return { ok: true, value: JSON.parse(raw as string) };
  } catch {
    return { ok: false };
  }
}

/** An undocumented body: parsed JSON when it is JSON, the text otherwise. */
function parseLoosely(raw: unknown, ok: boolean, contentType: string | null): unknown {
  if (raw === "") return undefined;
  if (!ok || typeof raw !== "string" || !isJsonContentType(contentType)) return raw;
  const parsed = parseStrictly(raw, true);
  return parsed.ok ? parsed.value : raw;
}

const WHY: Record<InvalidResponseReason, string> = {
  undocumented_status: "the status is not documented for this operation",
  undocumented_code: "the error code is not documented for this status",
  unexpected_content_type: "the content type is not the documented JSON",
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

function validate(operation: CallMeta, response: Response, body: unknown, context: DecodeContext): void {
  let mismatches: readonly ContractMismatch[] | undefined;
  try {
    const contentType = response.headers.get("Content-Type");
    const mediaType = contentType === null ? undefined : essence(contentType);
    mismatches = context.validate!(operation.operationId, response.status, body, mediaType);
  } catch {
    return; // a failing validator must not turn a response into a failure
  }
  if (!mismatches || mismatches.length === 0) return;
  reportDrift(context.onDrift!, context.redact, operation, response, {
    mismatches: mismatches.map((m) => ({
      pointer: String(m.pointer),
      expected: String(m.expected),
      actual: String(m.actual),
    })),
  });
}
