/**
 * OpenAPI 3.2 input. openapi-typescript and the rest of the pipeline read OpenAPI 3.1, so a 3.2
 * document is given to them as a 3.1 view, and what only 3.2 says is kept as facts for the client:
 * - `itemSchema` (one item of a sequential media type) becomes the media type's `schema`; for
 *   `text/event-stream` that is the schema of one event's `data` (its `contentSchema` when the data
 *   is a string of JSON), which is what a 3.0/3.1 spec's `schema` describes there;
 * - a `querystring` parameter of form content with an object schema becomes one `query` parameter
 *   per property (the same bytes on the wire); any other is left out of the view, with a notice;
 * - the `query` method and `additionalOperations` are left out of the view (openapi-fetch has no
 *   method for them), with a notice;
 * - tag `parent`/`kind` are kept as facts (the view keeps them too; nothing there reads them).
 * @see https://spec.openapis.org/oas/v3.2.0.html
 */
import { isJsonType } from "./media.ts";
import type { LoadedSpec, SourceFile } from "./load.ts";
import { sortedEntries } from "./order.ts";
import { child, deref, isRef, type Located } from "./refs.ts";
import { forEachOperation, HTTP_METHODS, isRecord } from "./walk.ts";
import { streamFormat as streamFormatOf, type StreamFormat } from "../../templates/runtime/media.ts";

/** `openapi` values the pipeline reads: 3.0, 3.1, and 3.2 through its 3.1 view. */
export function isSupportedOpenApiVersion(value: unknown): value is string {
  return typeof value === "string" && /^3\.[012](\.\d+)?/.test(value);
}

/** Where a parameter may be: 3.2 adds `querystring`, the whole query string as one parameter. */
export function parameterPlaces(root: unknown): readonly string[] {
  return isOpenApi32(root)
    ? ["query", "querystring", "header", "path", "cookie"]
    : ["query", "header", "path", "cookie"];
}

export function isOpenApi32(root: unknown): boolean {
  return isRecord(root) && typeof root.openapi === "string" && /^3\.2(\.\d+)?/.test(root.openapi);
}

/** One streamed response or request body: what its items are. */
export interface StreamFact {
  /** Where the media type object is. */
  at: { file: string; pointer: string };
  mediaType: string;
  format: StreamFormat | undefined;
  /** The schema of one item (for SSE: of one event's data), or undefined when the spec gives none. */
  item: { file: string; pointer: string } | undefined;
  /** Whether item data is JSON-parsed: false when it is declared a plain string. */
  json: boolean;
  /** SSE: events, by name, whose data is read otherwise than `json` says. */
  events?: Record<string, boolean>;
}

/**
 * Where the view keeps what its `schema` (the data of any event) cannot say of a 3.2 event stream:
 * how each event's data is read, and each named event's own data schema (a key no spec keyword uses).
 */
const EVENTS = "x-contractgen-events";

export interface Openapi32Facts {
  /** Every `itemSchema`, as the view reads it. */
  streams: StreamFact[];
  /** Operations the view leaves out: the `query` method and `additionalOperations`. */
  operations: {
    path: string;
    method: string;
    operationId: string | undefined;
    at: { file: string; pointer: string };
  }[];
  /** `in: querystring` parameters, and whether the view could expand them into query parameters. */
  querystrings: { name: string; mediaType: string; expanded: boolean; at: { file: string; pointer: string } }[];
  tags: { name: string; parent?: string; kind?: string }[];
  notices: string[];
}

/**
 * The 3.1 view of a 3.2 spec (every file copied, the loaded spec left as it was) and the 3.2 facts.
 * A spec that is not 3.2 is returned as it is, with no facts, unless a stream of it declares its
 * items strings of JSON (`jsonTextStreams`).
 */
export function openapi31View(spec: LoadedSpec): { spec: LoadedSpec; facts: Openapi32Facts | undefined } {
  if (!isOpenApi32(spec.root.data)) return { spec: withParsedStreamItems(spec), facts: undefined };
  const view = viewOf(spec);
  const facts: Openapi32Facts = { streams: [], operations: [], querystrings: [], tags: [], notices: [] };
  const root = view.root.data as Record<string, unknown>;
  root.openapi = "3.1.1";
  const rootNode: Located = { value: root, file: view.rootPath, pointer: "" };
  const seen = new Set<string>();
  const visitPathItem = (path: string, at: Located) => {
    const item = follow(view, at);
    const key = `${item.file}#${item.pointer}`;
    if (!isRecord(item.value) || seen.has(key)) return;
    seen.add(key);
    parameters(view, child(item, "parameters"), facts);
    const extra = isRecord(item.value.additionalOperations)
      ? sortedEntries(item.value.additionalOperations).map(([m]) => m)
      : [];
    for (const method of [...HTTP_METHODS, "query"])
      if (item.value[method] !== undefined) operation(view, path, method, child(item, method), facts);
    for (const method of extra)
      operation(view, path, method, child(child(item, "additionalOperations"), method), facts);
    for (const method of ["query", ...(extra.length ? ["additionalOperations"] : [])]) delete item.value[method];
  };
  for (const section of ["paths", "webhooks"]) {
    const map = child(rootNode, section);
    if (isRecord(map.value))
      for (const [path] of sortedEntries(map.value)) if (!path.startsWith("x-")) visitPathItem(path, child(map, path));
  }
  const pathItems = child(child(rootNode, "components"), "pathItems");
  if (isRecord(pathItems.value))
    for (const [name] of sortedEntries(pathItems.value))
      visitPathItem(`#/components/pathItems/${name}`, child(pathItems, name));
  // Components no operation reaches are still emitted as types.
  for (const section of ["responses", "requestBodies"]) {
    const map = child(child(rootNode, "components"), section);
    if (isRecord(map.value))
      for (const [name] of sortedEntries(map.value))
        contentOf(view, child(follow(view, child(map, name)), "content"), facts);
  }
  if (Array.isArray(root.tags))
    for (const tag of root.tags)
      if (isRecord(tag) && typeof tag.name === "string")
        facts.tags.push({
          name: tag.name,
          ...(typeof tag.parent === "string" ? { parent: tag.parent } : {}),
          ...(typeof tag.kind === "string" ? { kind: tag.kind } : {}),
        });
  view.notices.push(...facts.notices);
  return { spec: view, facts };
}

/** Every file copied, so that a view can change them; the loaded spec is left as it was. */
function viewOf(spec: LoadedSpec): LoadedSpec {
  const files = new Map<string, SourceFile>();
  for (const [path, file] of spec.files) files.set(path, copyOf(file));
  return { ...spec, files, root: files.get(spec.rootPath)!, notices: [...spec.notices] };
}

/**
 * A 3.0/3.1 spec whose streamed successes declare an item (an SSE event's data) a string of JSON
 * (`type: string`, `contentMediaType: application/json`): the client parses each one, so the view
 * gives that media type the item's `contentSchema`, or any JSON without one, as a 3.2 view does. The
 * types, the response checks and the mock then describe the parsed value, not the string.
 */
function withParsedStreamItems(spec: LoadedSpec): LoadedSpec {
  // Most specs never say `contentMediaType`: they are not walked at all.
  if (![...spec.files.values()].some((file) => file.text.includes("contentMediaType"))) return spec;
  if (jsonTextStreams(spec).length === 0) return spec;
  const view = viewOf(spec);
  for (const { media, item } of jsonTextStreams(view)) (media.value as Record<string, unknown>).schema = item;
  return view;
}

/** Each streamed success's media type whose item is a string of JSON, with the schema of the parsed item. */
function jsonTextStreams(spec: LoadedSpec): { media: Located; item: unknown }[] {
  const found: { media: Located; item: unknown }[] = [];
  const visit = ({ operation }: { operation: Located }) => {
    for (const { media } of successStreamMedia(spec, operation)) {
      const item = follow(spec, child(media, "schema"));
      const v = item.value;
      if (!isRecord(media.value) || !isRecord(v) || v.type !== "string" || !isJsonType(v.contentMediaType)) continue;
      // A contentSchema's own $refs are relative to its file: moved into another, they would not resolve.
      if (v.contentSchema !== undefined && item.file !== media.file) continue;
      found.push({ media, item: v.contentSchema === undefined ? {} : structuredClone(v.contentSchema) });
    }
  };
  forEachOperation(spec, visit, { onError: () => undefined });
  return found;
}

function copyOf(file: SourceFile): SourceFile {
  const data = structuredClone(file.data);
  return {
    path: file.path,
    text: file.text,
    data,
    get document() {
      return file.document;
    },
    get lineCounter() {
      return file.lineCounter;
    },
  };
}

function follow(spec: LoadedSpec, node: Located): Located {
  try {
    return deref(spec, node);
  } catch {
    return { ...node, value: undefined }; // validate reports it
  }
}

function operation(spec: LoadedSpec, path: string, method: string, at: Located, facts: Openapi32Facts): void {
  const op = follow(spec, at);
  if (!isRecord(op.value)) return;
  parameters(spec, child(op, "parameters"), facts);
  contentOf(spec, child(follow(spec, child(op, "requestBody")), "content"), facts);
  const responses = child(op, "responses");
  if (isRecord(responses.value))
    for (const [status] of sortedEntries(responses.value))
      contentOf(spec, child(follow(spec, child(responses, status)), "content"), facts);
  if (!HTTP_METHODS.includes(method as (typeof HTTP_METHODS)[number])) {
    const operationId = typeof op.value.operationId === "string" ? op.value.operationId : undefined;
    facts.operations.push({ path, method, operationId, at: { file: op.file, pointer: op.pointer } });
    facts.notices.push(
      `${method.toUpperCase()} ${path}${operationId ? ` (${operationId})` : ""}: left out of the typed client; openapi-fetch has no ${method.toUpperCase()} method`,
    );
  }
}

/** `in: querystring` parameters of a list: expanded into query parameters, or left out. */
function parameters(spec: LoadedSpec, list: Located, facts: Openapi32Facts): void {
  if (!Array.isArray(list.value)) return;
  const out: unknown[] = [];
  list.value.forEach((entry, i) => {
    const param = follow(spec, child(list, i));
    if (!isRecord(param.value) || param.value.in !== "querystring") return void out.push(entry);
    const name = String(param.value.name ?? "");
    const content = isRecord(param.value.content) ? param.value.content : {};
    const [mediaType = ""] = Object.keys(content);
    const expanded = formFields(spec, mediaType, child(child(child(param, "content"), mediaType), "schema"));
    facts.querystrings.push({
      name,
      mediaType,
      expanded: expanded !== undefined,
      at: { file: param.file, pointer: param.pointer },
    });
    if (expanded) out.push(...expanded);
    else
      facts.notices.push(
        `querystring parameter ${JSON.stringify(name)} (${mediaType || "no content"}) at ${param.pointer}: left out of the typed client; only a form-encoded object can be typed as query parameters`,
      );
  });
  list.value.splice(0, list.value.length, ...out);
}

/** The query parameters a form-encoded object schema stands for, one per property. */
function formFields(spec: LoadedSpec, mediaType: string, schema: Located): Record<string, unknown>[] | undefined {
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(mediaType)) return undefined;
  const object = follow(spec, schema);
  if (!isRecord(object.value) || !isRecord(object.value.properties)) return undefined;
  const required = Array.isArray(object.value.required) ? object.value.required : [];
  return sortedEntries(object.value.properties).map(([name, property]) => ({
    name,
    in: "query",
    ...(required.includes(name) ? { required: true } : {}),
    // A $ref inside a schema from another file would resolve against the wrong file: inlined when it is one.
    schema:
      isRef(property) && object.file !== schema.file
        ? follow(spec, child(child(object, "properties"), name)).value
        : property,
    style: "form",
    explode: true,
  }));
}

/** Each media type of a `content` map that has an `itemSchema`: its `schema` in the view, and a fact. */
function contentOf(spec: LoadedSpec, content: Located, facts: Openapi32Facts): void {
  if (!isRecord(content.value)) return;
  for (const [mediaType] of sortedEntries(content.value)) {
    const media = follow(spec, child(content, mediaType));
    if (!isRecord(media.value) || media.value.itemSchema === undefined) continue;
    const format = streamFormatOf(mediaType);
    const item = child(media, "itemSchema");
    const { schema, json, events, schemas } = format === "sse" ? eventData(spec, item) : { schema: item, json: true };
    if (media.value.schema === undefined) media.value.schema = schema?.value ?? {};
    // The view's schema is the data's, which cannot say how each event is read: `successStreams` reads this.
    if (format === "sse")
      media.value[EVENTS] = { json, ...(events ? { events } : {}), ...(schemas ? { schemas } : {}) };
    delete media.value.itemSchema;
    facts.streams.push({
      at: { file: media.file, pointer: media.pointer },
      mediaType,
      format,
      item: schema ? { file: schema.file, pointer: schema.pointer } : undefined,
      json,
      ...(events ? { events } : {}),
    });
  }
}

/** How an SSE event's data is read: JSON-parsed or not, for every event, or by event name. */
interface EventData {
  schema: Located | undefined;
  /** For an event `events` does not name (or when it is absent). */
  json: boolean;
  /** Named events (a branch's `event` const) whose reading differs from `json`. */
  events?: Record<string, boolean>;
  /** Named events' own data schemas, where the branches' differ. */
  schemas?: Record<string, unknown>;
}

/**
 * What an SSE event's data is: the `data` property of the event schema, its `contentSchema` when it
 * is a string of JSON. A `oneOf`/`anyOf` gives the union of its branches, each read with the outer
 * `data` schema under its own (the specification's example adds `contentMediaType` in a branch and
 * `type: string` outside). Where branches read data differently, each branch's `event` const says
 * which reading its events get; an event no branch names is parsed only if the outer data says JSON
 * (with no outer data: only if every branch does).
 */
function eventData(spec: LoadedSpec, event: Located, outer?: Located, depth = 0): EventData {
  const node = follow(spec, event);
  const data = dataUnder(spec, outer, child(child(node, "properties"), "data"));
  const branches = ["oneOf", "anyOf"].flatMap((key) => {
    const list = child(node, key);
    return Array.isArray(list.value) ? list.value.map((_, i) => child(list, i)) : [];
  });
  if (branches.length === 0 || depth > MAX_DEPTH) return dataOf(spec, data);
  const parts = branches.map((branch) => ({
    ...eventData(spec, branch, data, depth + 1),
    name: eventName(spec, branch),
  }));
  const json = data ? dataOf(spec, data).json : parts.every((p) => p.json);
  const events: Record<string, boolean> = {};
  for (const part of parts) {
    for (const [name, parsed] of Object.entries(part.events ?? {})) events[name] ??= parsed;
    if (part.name !== undefined) events[part.name] ??= part.json;
  }
  for (const [name, parsed] of Object.entries(events)) if (parsed === json) delete events[name];
  const distinct = new Map<string, unknown>();
  const named: Record<string, unknown> = {};
  for (const part of parts) {
    const value = part.schema?.value ?? {};
    distinct.set(JSON.stringify(value), value);
    for (const [name, schema] of Object.entries(part.schemas ?? {})) named[name] ??= schema;
    if (part.name !== undefined) named[part.name] ??= value;
  }
  const values = [...distinct.values()];
  return {
    schema: { ...node, value: values.length === 1 ? values[0] : { anyOf: values } },
    json,
    ...(Object.keys(events).length > 0 ? { events } : {}),
    ...(values.length > 1 && Object.keys(named).length > 0 ? { schemas: named } : {}),
  };
}

/** Deep enough for any event schema a person writes; a cycle of `$ref`s stops here. */
const MAX_DEPTH = 16;

/** A branch's `data` schema read under the outer one: the outer's keywords, the branch's winning. */
function dataUnder(spec: LoadedSpec, outer: Located | undefined, own: Located): Located | undefined {
  if (own.value === undefined) return outer;
  if (!outer) return own;
  const resolved = follow(spec, own);
  const above = follow(spec, outer);
  if (!isRecord(above.value) || !isRecord(resolved.value)) return own;
  return { ...resolved, value: { ...above.value, ...resolved.value } };
}

/** The data schema as read: the `contentSchema` of a string of JSON, else the schema itself. */
function dataOf(spec: LoadedSpec, data: Located | undefined): EventData {
  if (data === undefined) return { schema: undefined, json: true };
  const resolved = follow(spec, data);
  const v = resolved.value;
  if (isRecord(v) && (v.type === "string" || v.contentMediaType !== undefined)) {
    if (!isJsonType(v.contentMediaType)) return { schema: data, json: false };
    // Parsed, so no longer the string the schema describes: any JSON, unless a contentSchema says which.
    const content = child(resolved, "contentSchema");
    return { schema: content.value !== undefined ? content : { ...resolved, value: {} }, json: true };
  }
  return { schema: data, json: true };
}

/** The one event name a branch allows (`event: { const }` or a one-value `enum`), if it names one. */
function eventName(spec: LoadedSpec, branch: Located): string | undefined {
  const event = follow(spec, child(child(follow(spec, branch), "properties"), "event")).value;
  if (!isRecord(event)) return undefined;
  const value = Array.isArray(event.enum) && event.enum.length === 1 ? event.enum[0] : event.const;
  return typeof value === "string" ? value : undefined;
}

/** A 3.2 event stream's named events whose data has its own schema, each where the view holds it. */
export function eventSchemas(media: Located): [name: string, schema: Located][] {
  const schemas = child(child(media, EVENTS), "schemas");
  return isRecord(schemas.value) ? sortedEntries(schemas.value).map(([name]) => [name, child(schemas, name)]) : [];
}

/**
 * The streamed successes of an operation in a 3.0/3.1 spec (or a 3.2 view): each 2xx media type
 * of a stream format, with its `schema` as one item (for SSE, one event's data, as OpenAI's spec
 * writes it). Data is JSON-parsed unless the item is declared a string.
 */
export function successStreams(spec: LoadedSpec, operation: Located): (StreamFact & { status: string })[] {
  return successStreamMedia(spec, operation).map(({ status, mediaType, format, media }) => {
    const schema = child(media, "schema");
    const resolved = follow(spec, schema).value;
    const kept = isRecord(media.value) ? media.value[EVENTS] : undefined;
    const read =
      isRecord(kept) && typeof kept.json === "boolean"
        ? { json: kept.json, ...(isRecord(kept.events) ? { events: kept.events as Record<string, boolean> } : {}) }
        : undefined;
    return {
      status,
      at: { file: media.file, pointer: media.pointer },
      mediaType,
      format,
      item: schema.value !== undefined ? { file: schema.file, pointer: schema.pointer } : undefined,
      json: !(isRecord(resolved) && resolved.type === "string") || isJsonType(resolved.contentMediaType),
      ...read,
    };
  });
}

/** Each 2xx media type of the operation in a stream format, `$ref`s followed, in status then media type order. */
function successStreamMedia(
  spec: LoadedSpec,
  operation: Located,
): { status: string; mediaType: string; format: StreamFormat; media: Located }[] {
  const found: { status: string; mediaType: string; format: StreamFormat; media: Located }[] = [];
  const responses = child(operation, "responses");
  if (!isRecord(responses.value)) return found;
  for (const [status] of sortedEntries(responses.value)) {
    if (!/^2(\d\d|XX)$/.test(status)) continue;
    const content = child(follow(spec, child(responses, status)), "content");
    if (!isRecord(content.value)) continue;
    for (const [mediaType] of sortedEntries(content.value)) {
      const format = streamFormatOf(mediaType);
      if (format) found.push({ status, mediaType, format, media: follow(spec, child(content, mediaType)) });
    }
  }
  return found;
}
