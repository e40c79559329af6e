/**
 * The contractgen 0.1.0 runtime, shared by every generated API folder beside it.
 * Do not edit: it is copied from contractgen's templates/runtime/ by `contractgen generate`.
 * It is type-checked where it is written, in contractgen (strict, with and without Node types),
 * so an application's tsc skips it; every export's type is written out, so none is inferred here.
 */
// @ts-nocheck

/**
 * Reading an error body through the API's envelope (JSON pointers): code, message, request id and
 * field errors. Tolerant of anything: a missing field, a number where a string was expected, an
 * object whose `toString` is not a function. Nothing here throws or recurses.
 */
import type { FieldError } from "./errors.js";
import type { ErrorEnvelope } from "./types.js";

/** More field errors than this are dropped: a hostile body must not cost unbounded work. */
const MAX_FIELD_ERRORS = 1000;

export interface EnvelopeFields {
  code?: string;
  message?: string;
  requestId?: string;
  fieldErrors: FieldError[];
}

const hasOwn = (value: object, key: string) => Object.prototype.hasOwnProperty.call(value, key);

/** Value at a JSON pointer (RFC 6901), own properties only, or undefined. */
export function at(value: unknown, pointer: string): unknown {
  if (pointer === "") return value;
  let node = value;
  let start = 1;
  while (start <= pointer.length) {
    const end = pointer.indexOf("/", start);
    const stop = end === -1 ? pointer.length : end;
    const segment = pointer.slice(start, stop).replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object" || !hasOwn(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
    start = stop + 1;
  }
  return node;
}

/** A scalar as text (numbers and booleans stringified); anything else is not text. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return undefined;
}

const nonEmpty = (text: string | undefined) => (text === undefined || text === "" ? undefined : text);

export function readEnvelope(body: unknown, headers: Headers, envelope: ErrorEnvelope): EnvelopeFields {
  const fields: EnvelopeFields = { fieldErrors: fieldErrorsOf(body, envelope) };
  const code = envelope.code ? nonEmpty(textOf(at(body, envelope.code))) : undefined;
  if (code !== undefined) fields.code = code;
  for (const pointer of envelope.message) {
    const message = at(body, pointer);
    if (typeof message === "string" && message !== "") {
      fields.message = message;
      break;
    }
  }
  const requestId = requestIdOf(body, headers, envelope);
  if (requestId !== undefined) fields.requestId = requestId;
  return fields;
}

export function requestIdOf(body: unknown, headers: Headers, envelope: ErrorEnvelope): string | undefined {
  const fromBody = envelope.requestId ? nonEmpty(textOf(at(body, envelope.requestId))) : undefined;
  if (fromBody !== undefined) return fromBody;
  return (envelope.requestIdHeader && headers.get(envelope.requestIdHeader)) || undefined;
}

function fieldErrorsOf(body: unknown, envelope: ErrorEnvelope): FieldError[] {
  const spec = envelope.fieldErrors;
  const items = spec ? at(body, spec.items) : undefined;
  if (!spec || !Array.isArray(items)) return [];
  const text = (item: unknown, pointer: string) => textOf(at(item, pointer)) ?? "";
  const code = spec.code;
  // Without a code pointer the envelope's field errors have no code at all: undefined, not "".
  return items.slice(0, MAX_FIELD_ERRORS).map((item: unknown) => ({
    location: text(item, spec.location),
    code: code === undefined ? undefined : text(item, code),
    message: text(item, spec.message),
  }));
}
