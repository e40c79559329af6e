/**
 * Request bodies by media type. openapi-fetch serialises every body as JSON with a JSON
 * `Content-Type` (FormData aside); this sends each as its media type says: the caller's own
 * `Content-Type` when it set one, else the operation's documented `requestMediaType`, else what the
 * body is (URLSearchParams, FormData, Blob, bytes, stream), else JSON.
 *
 * - JSON: `JSON.stringify` (bytes, Blobs and streams as they are), with the documented JSON type.
 * - `application/x-www-form-urlencoded`: URLSearchParams or a string as given; an object's entries
 *   (arrays repeated, null and undefined left out, nested objects as JSON).
 * - `multipart/form-data`: FormData as given, or built from an object's entries the same way
 *   (Blobs as files); no `Content-Type` is set, so that fetch adds the boundary.
 * - Anything else (text, binary): strings, Blobs, ArrayBuffers, typed arrays and streams as they
 *   are; for text types, numbers and booleans as their text. Any other body is refused before
 *   sending (the caller gets `network_error` "the request could not be built").
 */
import { essence, isJsonContentType, isTextMediaType } from "./media.js";
import { headerPairs } from "./policy.js";
import { isStream } from "./transport.js";
import type { BodyEncoder, CallInit } from "./types.js";

export interface EncodedBody {
  body: unknown;
  /** The `Content-Type` to send; undefined when the caller set one or fetch must (multipart). */
  contentType: string | undefined;
  /** A stream body needs `duplex: "half"` (Node's fetch). */
  stream: boolean;
}

const OCTET_STREAM = "application/octet-stream";

const isFormData = (body: object): boolean => typeof FormData !== "undefined" && body instanceof FormData;

/** A body fetch takes as it is: bytes, Blob, stream. */
function isRaw(body: unknown): boolean {
  if (body === null || typeof body !== "object") return false;
  return (
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) ||
    (typeof Blob !== "undefined" && body instanceof Blob) ||
    isStream(body)
  );
}

/** Whether a body needs more than openapi-fetch's JSON: one whose media type it says itself. */
export function isSpecialBody(body: unknown): boolean {
  return inferred(body) !== undefined;
}

/** The media type a body is, when it is not plain data. */
function inferred(body: unknown): string | undefined {
  if (body instanceof URLSearchParams) return "application/x-www-form-urlencoded";
  if (typeof body !== "object" || body === null) return undefined;
  if (isFormData(body)) return "multipart/form-data";
  if (typeof Blob !== "undefined" && body instanceof Blob) return body.type || OCTET_STREAM;
  return isRaw(body) ? OCTET_STREAM : undefined;
}

/**
 * `body` encoded for `given` (the caller's Content-Type), else `documented`, else what it is.
 * Undefined when openapi-fetch's own JSON serialisation is right. Throws a TypeError for a body
 * its media type cannot carry.
 */
export function encodeBody(
  body: unknown,
  documented: string | undefined,
  given: string | undefined,
): EncodedBody | undefined {
  const mediaType = given ?? documented ?? inferred(body);
  if (mediaType === undefined) return undefined;
  const kind = essence(mediaType);
  const stream = typeof body === "object" && body !== null && isStream(body);
  const contentType = given === undefined && kind !== "multipart/form-data" ? mediaType : undefined;
  if (isJsonContentType(mediaType)) {
    if (given === undefined && kind === "application/json" && !isRaw(body)) return undefined;
    return { body: isRaw(body) ? body : JSON.stringify(body), contentType, stream };
  }
  if (kind === "application/x-www-form-urlencoded") {
    const encoded =
      body instanceof URLSearchParams || typeof body === "string"
        ? body
        : fromEntries(body, new URLSearchParams(), kind);
    return { body: encoded, contentType, stream: false };
  }
  if (kind === "multipart/form-data") {
    const encoded =
      typeof body === "object" && body !== null && isFormData(body) ? body : fromEntries(body, new FormData(), kind);
    return { body: encoded, contentType, stream: false };
  }
  if (typeof body === "string" || isRaw(body) || body instanceof URLSearchParams) return { body, contentType, stream };
  if (
    isTextMediaType(mediaType) &&
    (typeof body === "number" || typeof body === "boolean" || typeof body === "bigint")
  ) {
    return { body: String(body), contentType, stream: false };
  }
  throw new TypeError(
    `a ${kind} body must be a string, Blob, ArrayBuffer, typed array or ReadableStream, got ${body === null ? "null" : typeof body}`,
  );
}

/** An object's entries as form fields: arrays repeated, null and undefined left out, nested objects as JSON. */
function fromEntries<T extends URLSearchParams | FormData>(body: unknown, form: T, kind: string): T {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new TypeError(
      `a ${kind} body must be an object of fields, got ${body === null ? "null" : Array.isArray(body) ? "an array" : typeof body}`,
    );
  }
  for (const [name, value] of Object.entries(body)) {
    for (const item of Array.isArray(value) ? (value as unknown[]) : [value]) {
      if (item === undefined || item === null) continue;
      if (form instanceof URLSearchParams || !(typeof Blob !== "undefined" && item instanceof Blob)) {
        form.append(name, typeof item === "object" ? JSON.stringify(item) : String(item));
      } else {
        (form as FormData).append(name, item);
      }
    }
  }
  return form;
}

const passThrough = (body: unknown) => body;

/**
 * The body encoder of operations that take a body (generated code puts it in their metadata, so
 * that a bundle calling none of them leaves this module out): `init` with its body encoded per its
 * media type, or why it cannot be.
 */
export const encodeRequestBody: BodyEncoder = (operation, init, baseHeaders) => {
  const body = init.body;
  const given = contentTypeIn(init.params?.header) ?? contentTypeIn(init.headers) ?? contentTypeIn(baseHeaders);
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
