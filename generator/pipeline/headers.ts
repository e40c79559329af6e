/**
 * The documented headers of each response, as data the runtime reads them by (`HeaderKind`, see
 * templates/runtime/headers.ts): lower-case names, the kind from the header's schema (`style: simple`
 * is the only style a header has), or JSON for a header described by `content`.
 * @see https://spec.openapis.org/oas/v3.1.0#header-object
 */
import type { LoadedSpec } from "../spec/load.ts";
import { sortedEntries } from "../spec/order.ts";
import { child, deref, type Located } from "../spec/refs.ts";
import { isRecord } from "../spec/walk.ts";
import type { HeaderKind, HeaderSpecs } from "../../templates/runtime/headers.ts";

export interface DocumentedHeader {
  /** Lower case: HTTP header names are case-insensitive, and results are keyed this way. */
  name: string;
  kind: HeaderKind;
  required: boolean;
  /** Where the header object is, for messages and drift. */
  at: { file: string; pointer: string };
}

/** Headers a response documents, by status key (`200`, `4XX`, `default`); responses without any are left out. */
export type OperationHeaders = Record<string, DocumentedHeader[]>;

/** The documented headers of every response of an operation. */
export function operationHeaders(spec: LoadedSpec, operation: Located): OperationHeaders {
  const found: OperationHeaders = {};
  const responses = child(operation, "responses");
  if (!isRecord(responses.value)) return found;
  for (const [status] of sortedEntries(responses.value)) {
    if (status.startsWith("x-")) continue;
    const headers = responseHeaders(spec, follow(spec, child(responses, status)));
    if (headers.length > 0) found[status] = headers;
  }
  return found;
}

/** The documented headers of one response (`$ref` followed), sorted by name. */
export function responseHeaders(spec: LoadedSpec, response: Located): DocumentedHeader[] {
  const headers = follow(spec, child(response, "headers"));
  if (!isRecord(headers.value)) return [];
  const byName = new Map<string, DocumentedHeader>();
  for (const [name] of sortedEntries(headers.value)) {
    const lower = name.toLowerCase();
    // The spec says a Content-Type header definition is ignored: the media type says it.
    if (lower === "content-type") continue;
    const header = follow(spec, child(headers, name));
    if (!isRecord(header.value)) continue;
    byName.set(lower, {
      name: lower,
      kind: headerKind(spec, header),
      required: header.value.required === true,
      at: { file: header.file, pointer: header.pointer },
    });
  }
  return [...byName.values()];
}

/** What the runtime needs of a response's headers: kind by lower-case name. */
export function headerSpecs(headers: readonly DocumentedHeader[]): HeaderSpecs {
  return Object.fromEntries(headers.map((h) => [h.name, h.kind]));
}

/** How a header is read, from its schema; anything the runtime cannot convert stays a string. */
export function headerKind(spec: LoadedSpec, header: Located): HeaderKind {
  if (!isRecord(header.value)) return "string";
  if (header.value.schema === undefined && isRecord(header.value.content)) {
    const type = Object.keys(header.value.content)[0] ?? "";
    return /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(type) ? "json" : "string";
  }
  const schema = follow(spec, child(header, "schema"));
  const type = typeOf(spec, schema);
  if (type === "array") {
    const item = typeOf(spec, follow(spec, child(schema, "items")));
    return item === "number" || item === "integer" || item === "boolean" ? `${item}[]` : "string[]";
  }
  if (type === "object") return header.value.explode === true ? "object=" : "object";
  return type === "number" || type === "integer" || type === "boolean" ? type : "string";
}

/** A schema's one type, `null` aside (`type: [integer, "null"]` is integer); through a lone allOf member too. */
function typeOf(spec: LoadedSpec, schema: Located, depth = 0): string | undefined {
  if (!isRecord(schema.value) || depth > 8) return undefined;
  const type = schema.value.type;
  const types = (Array.isArray(type) ? type : [type]).filter((t) => typeof t === "string" && t !== "null");
  if (types.length === 1) return types[0] as string;
  if (types.length > 1) return undefined;
  const allOf = child(schema, "allOf");
  if (Array.isArray(allOf.value) && allOf.value.length === 1)
    return typeOf(spec, follow(spec, child(allOf, 0)), depth + 1);
  return undefined;
}

/** A node with its `$ref`s followed; one that does not resolve reads as absent (validate reports it). */
export function follow(spec: LoadedSpec, node: Located): Located {
  try {
    return deref(spec, node);
  } catch {
    return { ...node, value: undefined };
  }
}
