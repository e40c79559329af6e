/**
 * Paging declared rather than recognised: a per-operation entry of `contractgen.config.json`
 * (`pagination.<operationId>`) and Speakeasy's `x-speakeasy-pagination` extension, both read into
 * the runtime's `Paging`. What cannot be read says why in a note.
 * @see https://www.speakeasy.com/docs/customize-sdks/pagination
 */
import { parsePointer } from "../spec/pointer.ts";
import { isRecord } from "../spec/walk.ts";
import type { PagePath, Paging } from "../../templates/runtime/pages.ts";
import type { PaginationConfig } from "../config/index.ts";
import type { PaginationFinding } from "./pagination.ts";

/** A JSON pointer of the config as a page path: integer segments (`-1` among them) index arrays. */
export function pagePath(pointer: string): PagePath {
  return parsePointer(pointer).map((s) => (/^-?\d+$/.test(s) ? Number(s) : s));
}

export function fromConfig(entry: PaginationConfig, query: ReadonlyMap<string, unknown>): PaginationFinding {
  const items = entry.itemsPath !== undefined ? { items: pagePath(entry.itemsPath) } : {};
  const missing = (keys: (keyof PaginationConfig)[]) => keys.filter((k) => typeof entry[k] !== "string");
  const need = {
    link: [],
    cursor: ["cursorParam", "cursorPath"],
    offset: ["offsetParam", "itemsPath"],
    page: ["pageParam", "itemsPath"],
  }[entry.kind] as (keyof PaginationConfig)[] | undefined;
  if (!need) return { note: `config: unknown pagination kind ${JSON.stringify(entry.kind)}` };
  const absent = missing(need);
  if (absent.length > 0) return { note: `config: a ${entry.kind} entry needs ${absent.join(" and ")}` };
  const unknown = [entry.cursorParam, entry.offsetParam, entry.pageParam, entry.limitParam].filter(
    (p) => p !== undefined && !query.has(p),
  );
  if (unknown.length > 0) return { note: `config: the operation has no query parameter ${unknown.join(", ")}` };
  const limit = entry.limitParam ? { limitParam: entry.limitParam } : {};
  const paging: Paging =
    entry.kind === "link"
      ? { kind: "link", ...items }
      : entry.kind === "cursor"
        ? {
            kind: "cursor",
            cursorParam: entry.cursorParam!,
            cursor: pagePath(entry.cursorPath!),
            ...items,
            ...(entry.hasMorePath ? { hasMore: pagePath(entry.hasMorePath) } : {}),
          }
        : entry.kind === "offset"
          ? { kind: "offset", offsetParam: entry.offsetParam!, ...limit, items: items.items! }
          : { kind: "page", pageParam: entry.pageParam!, ...limit, items: items.items! };
  return { paging, source: "config" };
}

/** The subset of JSONPath Speakeasy's extension uses: `$.a.b[-1].c`, `$["a"]`, `$[0]`. */
export function jsonPathToPagePath(path: string): PagePath | undefined {
  if (!path.startsWith("$")) return undefined;
  const segments: (string | number)[] = [];
  const token = /\.([A-Za-z_$][\w$-]*)|\[(-?\d+)\]|\[(?:"([^"]*)"|'([^']*)')\]/y;
  token.lastIndex = 1;
  while (token.lastIndex < path.length) {
    const m = token.exec(path);
    if (!m) return undefined;
    segments.push(m[2] !== undefined ? Number(m[2]) : (m[1] ?? m[3] ?? m[4])!);
  }
  return segments;
}

export function fromSpeakeasy(extension: unknown): PaginationFinding {
  const bad = (why: string): PaginationFinding => ({ note: `x-speakeasy-pagination: ${why}` });
  if (!isRecord(extension)) return bad("not a mapping");
  const inputs = Array.isArray(extension.inputs) ? extension.inputs.filter(isRecord) : [];
  const outputs = isRecord(extension.outputs) ? extension.outputs : {};
  const input = (type: string) => inputs.find((i) => i.type === type);
  for (const i of inputs)
    if (i.in !== "parameters")
      return bad(`input ${JSON.stringify(i.name)} is in ${JSON.stringify(i.in)}; only parameters are supported`);
  const path = (key: string) => (typeof outputs[key] === "string" ? jsonPathToPagePath(outputs[key]) : undefined);
  for (const key of Object.keys(outputs))
    if (!path(key)) return bad(`outputs.${key} is not a JSONPath of the form $.a.b[-1].c`);
  const items = path("results");
  const itemsOf = items ? { items } : {};
  const limit = input("limit");
  const limitParam = typeof limit?.name === "string" ? { limitParam: limit.name } : {};
  switch (extension.type) {
    case "url": {
      const nextUrl = path("nextUrl");
      return nextUrl
        ? { paging: { kind: "link", nextUrl, ...itemsOf }, source: "x-speakeasy-pagination" }
        : bad("type url needs outputs.nextUrl");
    }
    case "cursor": {
      const cursor = path("nextCursor");
      const name = input("cursor")?.name;
      if (!cursor || typeof name !== "string")
        return bad("type cursor needs an input of type cursor and outputs.nextCursor");
      return { paging: { kind: "cursor", cursorParam: name, cursor, ...itemsOf }, source: "x-speakeasy-pagination" };
    }
    case "offsetLimit": {
      if (!items) return bad("type offsetLimit needs outputs.results");
      const offset = input("offset")?.name;
      const page = input("page")?.name;
      const numPages = path("numPages");
      if (typeof offset === "string")
        return {
          paging: { kind: "offset", offsetParam: offset, ...limitParam, items },
          source: "x-speakeasy-pagination",
        };
      if (typeof page === "string")
        return {
          paging: {
            kind: "page",
            pageParam: page,
            ...limitParam,
            items,
            ...(numPages ? { totalPages: numPages } : {}),
          },
          source: "x-speakeasy-pagination",
        };
      return bad("type offsetLimit needs an input of type offset or page");
    }
    default:
      return bad(`unknown type ${JSON.stringify(extension.type)}`);
  }
}
