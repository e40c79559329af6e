/**
 * Each item of a recorded stream against the schema of one item, read as the client types it:
 * - OpenAPI 3.2's `itemSchema` of `text/event-stream` describes one whole event, `{ event, data, id,
 *   retry }`. Its `data` is the text sent, unless the schema declares `data` as no string (then it is
 *   JSON, as the client parses it). A string `data` with a JSON `contentMediaType` and a
 *   `contentSchema` is also parsed and checked against that `contentSchema`, in every `oneOf`/`anyOf`
 *   branch the event matches.
 * - A media type's `schema` of `text/event-stream` describes one event's data (OpenAI's style, and
 *   3.0/3.1's only way): JSON-parsed unless the schema is a string.
 * - JSON lines and JSON text sequences: each record is JSON, checked against `itemSchema` or `schema`.
 * Pointers are into the event (`/data/...`) for SSE, into the record otherwise.
 * @see https://spec.openapis.org/oas/v3.2.0.html#server-sent-event-streams
 */
import { isJsonType } from "../spec/media.ts";
import type { StreamFormat } from "../../templates/runtime/media.ts";
import type { LoadedSpec } from "../spec/load.ts";
import { child, deref, type Located } from "../spec/refs.ts";
import { isRecord } from "../spec/walk.ts";
import type { SchemaChecker, SchemaMismatch } from "./schema.ts";
import { splitStream, type StreamItem } from "./streams.ts";

export type ItemProblem =
  /** The item departs from `schema`; the mismatch's pointer is into the item. */
  | { item: StreamItem; schema: Located; mismatch: SchemaMismatch }
  /** The item's text is not JSON where `schema` says JSON. */
  | { item: StreamItem; schema: Located; unparsable: true };

/** Where one item of a stream media type is described, and how. */
interface ItemSchema {
  schema: Located;
  /** SSE: the schema describes the whole event (`itemSchema`), or only its data (`schema`). */
  whole: boolean;
}

/** Every problem of every item of `body`, in stream order; none when the media type documents no item schema. */
export function streamProblems(spec: LoadedSpec, check: SchemaChecker, media: Located, format: StreamFormat, body: string): ItemProblem[] {
  const described = itemSchemaOf(media, format);
  if (!described) return [];
  const problems: ItemProblem[] = [];
  for (const item of splitStream(format, body)) {
    if (format !== "sse") problems.push(...checkJson(check, described.schema, item, item.text, ""));
    else if (described.whole) problems.push(...checkEvent(spec, check, described.schema, item));
    else problems.push(...checkData(spec, check, described.schema, item));
  }
  return problems;
}

function itemSchemaOf(media: Located, format: StreamFormat): ItemSchema | undefined {
  if (!isRecord(media.value)) return undefined;
  if (media.value.itemSchema !== undefined) return { schema: child(media, "itemSchema"), whole: format === "sse" };
  if (media.value.schema !== undefined) return { schema: child(media, "schema"), whole: false };
  return undefined;
}

/** `text` parsed and checked against `schema`, each mismatch's pointer under `prefix`. */
function checkJson(check: SchemaChecker, schema: Located, item: StreamItem, text: string, prefix: string): ItemProblem[] {
  const parsed = parseJson(text);
  if (!parsed) return [{ item, schema, unparsable: true }];
  return under(prefix, check(schema, parsed.value)).map((mismatch) => ({ item, schema, mismatch }));
}

/** One event's data against the media type's `schema`, as the client reads it. */
function checkData(spec: LoadedSpec, check: SchemaChecker, schema: Located, item: StreamItem): ItemProblem[] {
  const node = follow(spec, schema);
  if (!isRecord(node.value) || node.value.type !== "string") return checkJson(check, schema, item, item.text, "/data");
  const direct: ItemProblem[] = under("/data", check(schema, item.text)).map((mismatch) => ({ item, schema, mismatch }));
  const content = jsonContent(node);
  if (!content) return direct;
  return [...direct, ...(content.schema ? checkJson(check, content.schema, item, item.text, "/data") : parseJson(item.text) ? [] : [{ item, schema, unparsable: true as const }])];
}

/** One whole event against 3.2's `itemSchema`, then its data against each `contentSchema` that applies. */
function checkEvent(spec: LoadedSpec, check: SchemaChecker, schema: Located, item: StreamItem): ItemProblem[] {
  let data: unknown = item.text;
  if (!dataIsText(spec, schema)) {
    const parsed = parseJson(item.text);
    if (!parsed) return [{ item, schema, unparsable: true }];
    data = parsed.value;
  }
  const event = {
    ...(item.event !== undefined ? { event: item.event } : {}),
    data,
    ...(item.id !== undefined ? { id: item.id } : {}),
    ...(item.retry !== undefined ? { retry: item.retry } : {}),
  };
  const problems: ItemProblem[] = check(schema, event).map((mismatch) => ({ item, schema, mismatch }));
  if (typeof data !== "string") return problems;
  const contents = contentSchemas(spec, check, schema, event, 0);
  if (contents.length === 0) return problems;
  const parsed = parseJson(data);
  if (!parsed) return [...problems, { item, schema: contents[0]!, unparsable: true }];
  for (const content of contents) problems.push(...under("/data", check(content, parsed.value)).map((mismatch) => ({ item, schema: content, mismatch })));
  return problems;
}

/** Deep enough for any event schema a person writes; a cycle of `$ref`s stops here. */
const MAX_DEPTH = 16;

/** The `data` schemas of an event schema: its own and those of its `allOf`/`oneOf`/`anyOf` branches. */
function dataSchemas(spec: LoadedSpec, schema: Located, depth: number): Located[] {
  const node = follow(spec, schema);
  if (!isRecord(node.value) || depth > MAX_DEPTH) return [];
  const data = child(child(node, "properties"), "data");
  const own = data.value === undefined ? [] : [follow(spec, data)];
  return [...own, ...branches(node, ["allOf", "oneOf", "anyOf"]).flatMap((b) => dataSchemas(spec, b, depth + 1))];
}

/**
 * Whether the event's data is the text as sent: some `data` schema says string or names a content
 * type. Otherwise it is JSON, as the client parses it (also when no `data` schema is given).
 */
function dataIsText(spec: LoadedSpec, schema: Located): boolean {
  return dataSchemas(spec, schema, 0).some((d) => isRecord(d.value) && (d.value.type === "string" || d.value.contentMediaType !== undefined || d.value.contentSchema !== undefined));
}

/** The `contentSchema`s of JSON `data` in `schema` and in every branch the event matches (each `allOf` branch, a matching `oneOf`/`anyOf` one). */
function contentSchemas(spec: LoadedSpec, check: SchemaChecker, schema: Located, event: unknown, depth: number): Located[] {
  const node = follow(spec, schema);
  if (!isRecord(node.value) || depth > MAX_DEPTH) return [];
  const found: Located[] = [];
  const data = follow(spec, child(child(node, "properties"), "data"));
  const content = jsonContent(data);
  if (content?.schema) found.push(content.schema);
  for (const branch of branches(node, ["allOf"])) found.push(...contentSchemas(spec, check, branch, event, depth + 1));
  for (const branch of branches(node, ["oneOf", "anyOf"])) if (check(branch, event).length === 0) found.push(...contentSchemas(spec, check, branch, event, depth + 1));
  return found;
}

function branches(node: Located, keys: readonly string[]): Located[] {
  return keys.flatMap((key) => {
    const list = child(node, key);
    return Array.isArray(list.value) ? list.value.map((_, i) => child(list, i)) : [];
  });
}

/** A string schema whose content is JSON: parsed by the client, and checked against its `contentSchema` when it has one. */
function jsonContent(schema: Located): { schema: Located | undefined } | undefined {
  if (!isRecord(schema.value) || !isJsonType(schema.value.contentMediaType)) return undefined;
  return { schema: schema.value.contentSchema === undefined ? undefined : child(schema, "contentSchema") };
}

function under(prefix: string, mismatches: SchemaMismatch[]): SchemaMismatch[] {
  return prefix === "" ? mismatches : mismatches.map((m) => ({ ...m, pointer: `${prefix}${m.pointer}` }));
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** `deref`, or the node itself when its chain is broken (validate.ts reports that). */
function follow(spec: LoadedSpec, node: Located): Located {
  if (node.value === undefined) return node;
  try {
    return deref(spec, node);
  } catch {
    return node;
  }
}
