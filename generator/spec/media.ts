/**
 * How the client reads a documented body of each media type, decided once, at generation, from the
 * media type and its schema. The runtime reads by this table (`ResponseMeta.content`) and the types
 * are written from it, so `data` is typed as what comes back.
 */
import type { LoadedSpec } from "./load.ts";
import { deref, type Located } from "./refs.ts";
import { isRecord } from "./walk.ts";

/** Parsed JSON, a string, or the bytes as a `Blob`. */
export type BodyRead = "json" | "text" | "blob";

const JSON_TYPE = /^application\/(json|[^/]*\+json)$/;
/** Text whatever the schema says: text/*, XML, YAML, forms, multipart, JavaScript, JSON lines and sequences, event streams. */
const TEXTUAL =
  /^(text\/|application\/(xml|javascript|ecmascript|x-www-form-urlencoded|x-ndjson|ndjson|jsonl|x-jsonlines|json-seq|yaml|x-yaml|graphql|sql)$|multipart\/|.*\+(xml|yaml)$)/;
/** Bytes whatever the schema says. */
const BINARY = /^(image|audio|video|font)\/|^application\/(octet-stream|pdf|zip|gzip|x-tar|wasm)$/;

/** Whether a media type (parameters and case aside) is JSON: `application/json` or any `+json` (envelope.ts's isJsonMediaType also takes `*\/*`). */
export function isJsonType(mediaType: unknown): boolean {
  return typeof mediaType === "string" && JSON_TYPE.test(essence(mediaType));
}

/** `type/subtype` in lower case, without parameters. */
export function essence(mediaType: string): string {
  return mediaType.split(";")[0]!.trim().toLowerCase();
}

/**
 * JSON for `application/json` and any `+json`; text for textual types; bytes for binary ones. Any
 * other type (a vendor's `application/vnd.x.object`, `application/text`, `*\/*`) is read as its schema
 * says: a string schema is text (bytes with `format: binary`), any other schema JSON, none bytes.
 */
export function bodyRead(spec: LoadedSpec, mediaType: string, schema: Located): BodyRead {
  const type = essence(mediaType);
  if (JSON_TYPE.test(type)) return "json";
  if (TEXTUAL.test(type)) return "text";
  if (BINARY.test(type)) return "blob";
  const target = derefQuietly(spec, schema);
  if (!isRecord(target)) return target === true ? "json" : "blob";
  if (target.type === "string") return target.format === "binary" ? "blob" : "text";
  return "json";
}

function derefQuietly(spec: LoadedSpec, schema: Located): unknown {
  if (schema.value === undefined || schema.value === null) return undefined;
  try {
    return deref(spec, schema).value;
  } catch {
    return undefined;
  }
}
