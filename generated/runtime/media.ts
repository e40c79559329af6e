/**
 * The contractgen 0.1.0 runtime, shared by every generated API folder beside it.
 * Do not edit: it is copied from contractgen's templates/runtime/ by `contractgen generate`.
 * It is type-checked where it is written, in contractgen (strict, with and without Node types),
 * so an application's tsc skips it; every export's type is written out, so none is inferred here.
 */
// @ts-nocheck

/**
 * Media types, the one place that says which are JSON, which are text, which are bytes and which
 * stream. Used both ways: to encode a request body (body.ts) and to decode a response body
 * (decode.ts, streams.ts); the generator reads the same answers, without the runtime's readers.
 */

const JSON_TYPE = /^\s*application\/([\w.-]+\+)?json\s*(;|$)/i;
/** Read as text: text/*, XML, YAML, form data, JavaScript, NDJSON and JSON itself (undocumented as such). */
const TEXT_TYPE =
  /^\s*(text\/|application\/(xml|javascript|ecmascript|x-www-form-urlencoded|x-ndjson|ndjson|jsonl|yaml|x-yaml|graphql|sql)\s*(;|$)|[\w.-]+\/[\w.-]+\+(xml|yaml|json)\s*(;|$)|application\/json\s*(;|$))/i;

export function isJsonContentType(contentType: string | null | undefined): boolean {
  return typeof contentType === "string" && JSON_TYPE.test(contentType);
}

/** Whether a body of this media type is text (a string), not bytes (a Blob). */
export function isTextMediaType(mediaType: string | null | undefined): boolean {
  return typeof mediaType === "string" && TEXT_TYPE.test(mediaType);
}

/** `type/subtype` in lower case, without parameters. */
export function essence(mediaType: string): string {
  const semicolon = mediaType.indexOf(";");
  return (semicolon === -1 ? mediaType : mediaType.slice(0, semicolon)).trim().toLowerCase();
}

/** How a streamed body is cut into items. */
export type StreamFormat = "sse" | "jsonl" | "json-seq";

const STREAM_TYPES: Readonly<Record<string, StreamFormat>> = {
  "text/event-stream": "sse",
  "application/jsonl": "jsonl",
  "application/x-ndjson": "jsonl",
  "application/x-jsonlines": "jsonl",
  "application/json-seq": "json-seq",
};

/** The stream format of a media type, or undefined for a body read whole. */
export function streamFormat(mediaType: string | null | undefined): StreamFormat | undefined {
  if (!mediaType) return undefined;
  return STREAM_TYPES[mediaType.split(";")[0]!.trim().toLowerCase()];
}
