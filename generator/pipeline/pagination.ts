/**
 * Which operations page, and how, read off the spec without extensions: an RFC 8288 `Link` header,
 * `has_more` + a list + `starting_after` (last item's id), a next-cursor field paired with a query
 * parameter, offset/limit, page/per_page. `x-speakeasy-pagination` and a per-operation config entry
 * win over what is recognised. A shape that could be read two ways is left out with a note, never
 * guessed. The result is plain data: the runtime's `Paging` plus where it came from.
 */
import type { LoadedSpec } from "../spec/load.ts";
import { child, type Located } from "../spec/refs.ts";
import type { PaginationConfig } from "../config/index.ts";
import { follow } from "./headers.ts";
import { fromConfig, fromSpeakeasy } from "./pagination-declared.ts";
import { isRecord, type OperationVisit } from "../spec/walk.ts";
import type { PagePath, Paging } from "../../templates/runtime/pages.ts";

export type PagingSource =
  "config" | "x-speakeasy-pagination" | "link-header" | "has-more" | "next-cursor" | "offset-limit" | "page-number";

export interface PaginationFinding {
  /** Absent when the operation looks paged but was left out; `note` says why. */
  paging?: Paging;
  source?: PagingSource;
  /** The schema of one item, for typing and for the mock. */
  itemSchema?: { file: string; pointer: string };
  note?: string;
}

/**
 * How an operation pages, or `undefined` when nothing about it pages. `entry` is the config's entry
 * for this operation: `false` switches paging off, an object replaces recognition.
 */
export function recognizePagination(
  spec: LoadedSpec,
  visit: OperationVisit,
  entry?: PaginationConfig | false,
): PaginationFinding | undefined {
  if (entry === false) return undefined;
  const shape = operationShape(spec, visit);
  if (entry) return fromConfig(entry, shape.query);
  const extension = isRecord(visit.operation.value) ? visit.operation.value["x-speakeasy-pagination"] : undefined;
  if (extension !== undefined) return fromSpeakeasy(extension);
  if (visit.method !== "get")
    return shape.linkHeader
      ? { note: `documents a Link header on ${visit.method.toUpperCase()}, which is not re-sent to page` }
      : undefined;
  return recognise(shape);
}

/** What recognition reads of one operation. */
interface OperationShape {
  spec: LoadedSpec;
  /** Query parameters by name. */
  query: Map<string, Located>;
  /** The success body's schema (JSON), `$ref` followed. */
  body: Located | undefined;
  linkHeader: boolean;
}

function operationShape(spec: LoadedSpec, visit: OperationVisit): OperationShape {
  const query = new Map<string, Located>();
  for (const holder of [visit.pathItem, visit.operation]) {
    const list = child(holder, "parameters");
    if (!Array.isArray(list.value)) continue;
    list.value.forEach((_, i) => {
      const param = follow(spec, child(list, i));
      if (isRecord(param.value) && param.value.in === "query" && typeof param.value.name === "string")
        query.set(param.value.name, param);
    });
  }
  const success = successResponse(spec, visit.operation);
  const headers = success ? follow(spec, child(success, "headers")).value : undefined;
  const linkHeader = isRecord(headers) && Object.keys(headers).some((h) => h.toLowerCase() === "link");
  return { spec, query, body: success ? jsonSchema(spec, success) : undefined, linkHeader };
}

/** The lowest documented 2xx response, `$ref` followed. */
function successResponse(spec: LoadedSpec, operation: Located): Located | undefined {
  const responses = child(operation, "responses");
  if (!isRecord(responses.value)) return undefined;
  const status = Object.keys(responses.value)
    .filter((s) => /^2(\d\d|XX)$/.test(s))
    .sort()[0];
  return status === undefined ? undefined : follow(spec, child(responses, status));
}

function jsonSchema(spec: LoadedSpec, response: Located): Located | undefined {
  const content = child(response, "content");
  if (!isRecord(content.value)) return undefined;
  const type = Object.keys(content.value).find((t) => /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(t));
  if (type === undefined) return undefined;
  const schema = follow(spec, child(child(content, type), "schema"));
  return schema.value === undefined ? undefined : schema;
}

/** An object schema's properties, `allOf` members included, each `$ref` followed. */
function propertiesOf(spec: LoadedSpec, schema: Located, depth = 0): Map<string, Located> {
  const found = new Map<string, Located>();
  if (!isRecord(schema.value) || depth > 8) return found;
  const properties = child(schema, "properties");
  if (isRecord(properties.value))
    for (const name of Object.keys(properties.value)) found.set(name, follow(spec, child(properties, name)));
  const allOf = child(schema, "allOf");
  if (Array.isArray(allOf.value))
    allOf.value.forEach((_, i) => {
      for (const [name, value] of propertiesOf(spec, follow(spec, child(allOf, i)), depth + 1))
        if (!found.has(name)) found.set(name, value);
    });
  return found;
}

function typeIs(schema: Located, type: string): boolean {
  if (!isRecord(schema.value)) return false;
  const t = schema.value.type;
  return (
    t === type ||
    (Array.isArray(t) && t.includes(type)) ||
    (type === "array" && t === undefined && schema.value.items !== undefined)
  );
}

/** Every branch of an `anyOf`/`oneOf`, or the schema itself. */
function branches(spec: LoadedSpec, schema: Located): Located[] {
  for (const key of ["anyOf", "oneOf"]) {
    const list = child(schema, key);
    if (Array.isArray(list.value)) return list.value.map((_, i) => follow(spec, child(list, i)));
  }
  return [schema];
}

/** Names compared without case, `_` or `-`. */
export const norm = (name: string) => name.toLowerCase().replace(/[_-]/g, "");
/** Names under which an object holds a page's list, preferred in this order when there are several lists. */
const LIST_NAMES = ["data", "items", "results", "entries", "records", "values", "nodes", "elements"];

type List = { path: PagePath; item?: Located } | { ambiguous: string };

/** The list of a page body: the body itself, or its one array property (or the one with a list's name). */
function findList(spec: LoadedSpec, body: Located): List | undefined {
  const all = branches(spec, body);
  if (all.every((b) => typeIs(b, "array")))
    return { path: [], ...(all.length === 1 ? { item: follow(spec, child(body, "items")) } : {}) };
  if (all.length > 1) return undefined;
  const arrays = [...propertiesOf(spec, body)].filter(([, schema]) => typeIs(schema, "array"));
  if (arrays.length === 0) return undefined;
  const named = arrays.filter(([name]) => LIST_NAMES.includes(norm(name)));
  const chosen = arrays.length === 1 ? arrays : named.length === 1 ? named : [];
  if (chosen.length !== 1) return { ambiguous: `its body holds several lists (${arrays.map(([n]) => n).join(", ")})` };
  const [name, schema] = chosen[0]!;
  return { path: [name], item: follow(spec, child(schema, "items")) };
}

interface Field {
  path: string[];
  /** The normalised name. */
  name: string;
  schema: Located;
}

/** The body's properties and those one object below them (`meta.next_cursor`), each once. */
function fieldsOf(spec: LoadedSpec, body: Located): Field[] {
  const fields: Field[] = [];
  for (const [name, schema] of propertiesOf(spec, body)) {
    fields.push({ path: [name], name: norm(name), schema });
    if (typeIs(schema, "object") || (isRecord(schema.value) && schema.value.properties))
      for (const [inner, innerSchema] of propertiesOf(spec, schema))
        fields.push({ path: [name, inner], name: norm(inner), schema: innerSchema });
  }
  return fields;
}

function fieldsNamed(fields: readonly Field[], names: readonly string[], type?: string): Field[] {
  return fields.filter((f) => names.includes(f.name) && (type === undefined || typeIs(f.schema, type)));
}

const HAS_MORE = ["hasmore", "hasnext", "hasnextpage", "more"];
const TOTAL = ["total", "totalcount", "totalresults", "totalitems", "totalentries", "totalrecords"];
const TOTAL_PAGES = ["totalpages", "pagecount", "pages", "lastpage", "numpages"];
export const LIMIT_PARAMS = ["limit", "perpage", "pagesize", "size", "count", "maxresults", "pagelimit"];
/** A next-cursor field (normalised name) and the query parameters (normalised) it is sent back as. */
const CURSOR_PAIRS: Readonly<Record<string, readonly string[]>> = {
  nextcursor: ["cursor", "after", "pagecursor", "startingafter"],
  nextpagetoken: ["pagetoken", "nextpagetoken"],
  nexttoken: ["nexttoken", "token", "pagetoken"],
  nextpage: ["page", "pagetoken"],
  nextmarker: ["marker"],
  nextkey: ["startkey", "key"],
  continuationtoken: ["continuationtoken"],
  endcursor: ["after"],
  cursor: ["cursor"],
  next: ["cursor", "after", "pagetoken", "token"],
};

/** Every (normalised) query parameter name a pager could set. */
const PAGING_PARAMS = [
  ...new Set([...Object.values(CURSOR_PAIRS).flat(), "startingafter", "offset", "skip", "page", "pagenumber"]),
];

function paramNamed(shape: OperationShape, names: readonly string[]): string[] {
  return [...shape.query.keys()].filter((name) => names.includes(norm(name)));
}

function isIntegerParam(param: Located | undefined): boolean {
  const schema = param && isRecord(param.value) ? param.value.schema : undefined;
  return isRecord(schema) && (schema.type === "integer" || schema.type === "number");
}

function numberKeyword(param: Located | undefined, key: "default" | "minimum"): number | undefined {
  const schema = param && isRecord(param.value) ? param.value.schema : undefined;
  const value = isRecord(schema) ? schema[key] : undefined;
  return typeof value === "number" && Number.isInteger(value) ? value : undefined;
}

function pointerOf(item: Located | undefined): PaginationFinding["itemSchema"] {
  return item && item.value !== undefined ? { file: item.file, pointer: item.pointer } : undefined;
}

/** Recognition without extensions, in order: Link header, has_more + starting_after, next cursor, offset, page. */
function recognise(shape: OperationShape): PaginationFinding | undefined {
  const { spec, body } = shape;
  // Most operations take no parameter a pager could set and have no next-page field: left alone.
  if (!shape.linkHeader && paramNamed(shape, PAGING_PARAMS).length === 0) {
    const names = body ? [...propertiesOf(spec, body).keys()].map(norm) : [];
    if (!names.some((name) => HAS_MORE.includes(name) || name in CURSOR_PAIRS)) return undefined;
  }
  const list = body ? findList(spec, body) : undefined;
  const ambiguous = list && "ambiguous" in list ? list.ambiguous : undefined;
  const found = list && !("ambiguous" in list) ? list : undefined;
  const items = found ? { items: found.path } : {};
  const itemSchema = pointerOf(found?.item);
  const typed = (paging: Paging, source: PagingSource): PaginationFinding => ({
    paging,
    source,
    ...(itemSchema ? { itemSchema } : {}),
  });

  if (shape.linkHeader) {
    if (found) return typed({ kind: "link", ...items }, "link-header");
    const paged = paramNamed(shape, ["page", "perpage", "cursor", "before", "after"]).length > 0;
    // Pages are there to follow, but their items are not one list: `pages` only.
    return paged || ambiguous
      ? {
          paging: { kind: "link" },
          source: "link-header",
          note: `follows Link; no \`all\`: ${ambiguous ?? "its body is not a list"}`,
        }
      : { note: `documents a Link header, but takes no paging parameter and its body is not a list` };
  }
  // A body without one top-level list is a resource, whatever lists and flags it nests.
  if (!body || !list) return undefined;
  const fields = fieldsOf(spec, body);
  // A has-more flag sits beside the list; one nested deeper belongs to an embedded list.
  const hasMore = fieldsNamed(fields, HAS_MORE, "boolean").filter((f) => f.path.length === 1);
  const cursors = Object.keys(CURSOR_PAIRS).flatMap((field) =>
    fieldsNamed(fields, [field])
      .filter(({ schema }) => typeIs(schema, "string") || typeIs(schema, "integer"))
      .flatMap(({ path, schema }) =>
        isRecord(schema.value) && /^uri/.test(String(schema.value.format ?? ""))
          ? [{ path, param: undefined as string | undefined, url: true }]
          : paramNamed(shape, CURSOR_PAIRS[field]!).map((param) => ({ path, param, url: false })),
      ),
  );
  const startingAfter = paramNamed(shape, ["startingafter"]);

  if (hasMore.length > 0 || cursors.length > 0 || startingAfter.length > 0) {
    if (ambiguous)
      return hasMore.length + startingAfter.length > 0 || cursors.some((c) => c.path.length === 1)
        ? { note: `pages by cursor, but ${ambiguous}` }
        : undefined;
    const hasMorePath = hasMore.length === 1 ? { hasMore: hasMore[0]!.path } : {};
    const distinct = new Map(cursors.map((c) => [`${c.path.join("/")}>${c.param ?? "url"}`, c]));
    if (distinct.size === 1) {
      const [c] = distinct.values();
      if (c!.url) return typed({ kind: "link", nextUrl: c!.path, ...items }, "next-cursor");
      return typed(
        { kind: "cursor", cursorParam: c!.param!, cursor: c!.path, ...items, ...hasMorePath },
        hasMore.length ? "has-more" : "next-cursor",
      );
    }
    if (distinct.size > 1)
      return {
        note: `several next-cursor fields or parameters could pair (${[...distinct.values()].map((c) => `${c.path.join(".")} -> ${c.param ?? "url"}`).join(", ")})`,
      };
    if (startingAfter.length === 1 && hasMore.length === 1 && found) {
      if (!itemsHaveId(spec, found.item))
        return { note: "has_more and starting_after, but its items have no `id` to continue from" };
      return typed(
        { kind: "cursor", cursorParam: startingAfter[0]!, cursor: [...found.path, -1, "id"], ...items, ...hasMorePath },
        "has-more",
      );
    }
    if (
      hasMore.length > 0 &&
      cursors.length === 0 &&
      startingAfter.length === 0 &&
      shape.query.size > 0 &&
      !offsetOrPage(shape)
    )
      return { note: "has a has-more flag but no parameter to ask for the next page" };
  }
  return offsetOrPage(shape) && found ? offsetOrPageFinding(shape, fields, found, typed) : undefined;
}

function itemsHaveId(spec: LoadedSpec, item: Located | undefined): boolean {
  if (!item || item.value === undefined) return false;
  return branches(spec, item).every((b) => propertiesOf(spec, b).has("id"));
}

function offsetOrPage(shape: OperationShape): boolean {
  return (
    paramNamed(shape, ["offset", "skip"]).length === 1 ||
    paramNamed(shape, ["page", "pagenumber"]).some((p) => isIntegerParam(shape.query.get(p)))
  );
}

function offsetOrPageFinding(
  shape: OperationShape,
  fields: readonly Field[],
  found: { path: PagePath },
  typed: (paging: Paging, source: PagingSource) => PaginationFinding,
): PaginationFinding | undefined {
  const limits = paramNamed(shape, LIMIT_PARAMS);
  if (limits.length > 1) return { note: `pages, but several parameters could be its size (${limits.join(", ")})` };
  const limitParam = limits[0];
  const defaultLimit = numberKeyword(limitParam ? shape.query.get(limitParam) : undefined, "default");
  const size = { ...(limitParam ? { limitParam } : {}), ...(defaultLimit !== undefined ? { defaultLimit } : {}) };
  const single = (names: readonly string[]) => {
    const named = fieldsNamed(fields, names, "integer");
    return named.length === 1 ? named[0]!.path : undefined;
  };
  const total = single(TOTAL);
  const totals = total ? { total } : {};
  const offset = paramNamed(shape, ["offset", "skip"]);
  if (offset.length === 1)
    return typed({ kind: "offset", offsetParam: offset[0]!, ...size, items: found.path, ...totals }, "offset-limit");
  const page = paramNamed(shape, ["page", "pagenumber"]).filter((p) => isIntegerParam(shape.query.get(p)));
  if (page.length !== 1) return undefined;
  const pageParam = shape.query.get(page[0]!);
  const firstPage = numberKeyword(pageParam, "minimum") ?? numberKeyword(pageParam, "default") ?? 1;
  const totalPages = single(TOTAL_PAGES);
  return typed(
    {
      kind: "page",
      pageParam: page[0]!,
      ...size,
      ...(firstPage !== 1 ? { firstPage } : {}),
      items: found.path,
      ...totals,
      ...(totalPages ? { totalPages } : {}),
    },
    "page-number",
  );
}

/** One line for `generate --verbose`: how an operation pages, or why it was left out. */
export function describePagination(operationId: string, finding: PaginationFinding): string {
  if (!finding.paging) return `${operationId}: not paged: ${finding.note}`;
  const p = finding.paging;
  const at = (path: PagePath | undefined) =>
    path === undefined ? "-" : path.length === 0 ? "the body" : path.join(".");
  const how =
    p.kind === "link"
      ? p.nextUrl
        ? `next URL at ${at(p.nextUrl)}`
        : "Link rel=next"
      : p.kind === "cursor"
        ? `${at(p.cursor)} -> ?${p.cursorParam}${p.hasMore ? `, until ${at(p.hasMore)} is false` : ""}`
        : p.kind === "offset"
          ? `?${p.offsetParam}${p.limitParam ? `/?${p.limitParam}` : ""}`
          : `?${p.pageParam}${p.limitParam ? `/?${p.limitParam}` : ""}`;
  return `${operationId}: ${p.kind} (${finding.source}): ${how}; items at ${at(p.items)}${finding.note ? ` (${finding.note})` : ""}`;
}
