/**
 * A page of a paginated operation as the mock serves it, built from the example Prism answered with
 * (the first page): the example's items repeated into a short collection (two full pages and a short
 * third), each copy's `id` (and the field a cursor is read from) made unique, and the continuation
 * the operation's `Paging` reads: a `Link` rel="next" on the mock's own origin, a next cursor, a
 * has-more flag, a total. The position in the collection is read back from the request's query, so
 * the mock keeps no state between requests.
 */
import { LIMIT_PARAMS, norm } from "../pipeline/pagination.ts";
import { isRecord } from "../spec/walk.ts";
import { valueAt, type PagePath, type Paging } from "../../templates/runtime/pages.ts";

/** Largest page the mock serves, whatever the request asks for. */
export const MAX_PAGE_SIZE = 100;
/** The query parameter a `Link` the mock writes carries the page number in. */
export const LINK_PAGE_PARAM = "page";

export interface ServedPage {
  body: unknown;
  /** The `Link` header to send; `undefined` on the last page (none is sent). */
  link?: string;
}

/** The page `url` asks for (`url` on the mock's own origin) of an operation paging as `paging`, whose first page is `example`. */
export function servedPage(paging: Paging, example: unknown, url: URL): ServedPage {
  const found = paging.items === undefined ? undefined : valueAt(example, paging.items);
  if (paging.items !== undefined && (!Array.isArray(found) || found.length === 0)) return lastPage(paging, example);
  const list = found as unknown[] | undefined;
  const source = list ?? [example];
  const size = Math.min(requestedSize(paging, url) ?? source.length, MAX_PAGE_SIZE);
  // Without a list, every page is the example itself: three of them.
  const total = list ? 2 * size + Math.max(1, Math.floor(size / 2)) : 3 * size;
  const item = itemMaker(source, uniqueFields(paging));
  const start = Math.min(position(paging, url, size, total, item) ?? total, total);
  const end = Math.min(start + size, total);
  const more = end < total;
  let body = structuredClone(example);
  if (paging.items !== undefined) body = setAt(body, paging.items, range(start, end).map(item));
  return continued(paging, body, url, { start, end, size, total, more }, example);
}

interface Window {
  start: number;
  end: number;
  size: number;
  total: number;
  more: boolean;
}

/** `body` with the continuation of `paging` written in. */
function continued(paging: Paging, body: unknown, url: URL, w: Window, example: unknown): ServedPage {
  switch (paging.kind) {
    case "link": {
      const next = w.more ? pageUrl(url, Math.floor(w.end / w.size) + 1) : undefined;
      if (paging.nextUrl) return { body: setAt(body, paging.nextUrl, next ?? null) };
      return next ? { body, link: `<${next}>; rel="next"` } : { body };
    }
    case "cursor": {
      if (paging.hasMore) body = setAt(body, paging.hasMore, w.more);
      if (throughItems(paging) === undefined) {
        const token = typeof valueAt(example, paging.cursor) === "number" ? w.end : String(w.end);
        body = setAt(body, paging.cursor, w.more ? token : null);
      }
      return { body };
    }
    case "offset":
      return { body: paging.total ? setAt(body, paging.total, w.total) : body };
    case "page": {
      if (paging.total) body = setAt(body, paging.total, w.total);
      if (paging.totalPages) body = setAt(body, paging.totalPages, Math.ceil(w.total / w.size));
      return { body };
    }
  }
}

/** The example as a last page: its continuation says there is nothing after it. */
function lastPage(paging: Paging, example: unknown): ServedPage {
  const body = structuredClone(example);
  if (paging.kind === "link") return { body: paging.nextUrl ? setAt(body, paging.nextUrl, null) : body };
  if (paging.kind === "cursor") {
    const ended = paging.hasMore ? setAt(body, paging.hasMore, false) : body;
    return { body: throughItems(paging) === undefined ? setAt(ended, paging.cursor, null) : ended };
  }
  return { body };
}

/** Where the page starts in the collection, or `undefined` for a cursor the mock never gave. */
function position(paging: Paging, url: URL, size: number, total: number, item: (i: number) => unknown): number | undefined {
  const query = url.searchParams;
  switch (paging.kind) {
    case "link": {
      // A URL the mock wrote names its page; the caller's first request names none.
      const page = wholeNumber(query.get(LINK_PAGE_PARAM)) ?? 1;
      return Math.max(0, page - 1) * size;
    }
    case "cursor": {
      const cursor = query.get(paging.cursorParam);
      if (cursor === null || cursor === "") return 0;
      const tail = throughItems(paging);
      if (tail === undefined) return wholeNumber(cursor);
      for (let i = 0; i < total; i++) if (String(valueAt(item(i), tail)) === cursor) return i + 1;
      return undefined;
    }
    case "offset":
      return wholeNumber(query.get(paging.offsetParam)) ?? 0;
    case "page": {
      const first = paging.firstPage ?? 1;
      const page = wholeNumber(query.get(paging.pageParam)) ?? first;
      return Math.max(0, page - first) * size;
    }
  }
}

/** The page size the request asks for: its limit parameter, else the operation's default. */
function requestedSize(paging: Paging, url: URL): number | undefined {
  const declared = "limitParam" in paging ? paging.limitParam : undefined;
  const name = declared ?? [...url.searchParams.keys()].find((key) => LIMIT_PARAMS.includes(norm(key)));
  const asked = name === undefined ? undefined : wholeNumber(url.searchParams.get(name));
  if (asked !== undefined && asked > 0) return asked;
  return "defaultLimit" in paging && paging.defaultLimit !== undefined && paging.defaultLimit > 0 ? paging.defaultLimit : undefined;
}

/** For a cursor read off the last item (`data[-1].id`): the path inside an item (`["id"]`). */
function throughItems(paging: Paging & { kind: "cursor" }): PagePath | undefined {
  const items = paging.items ?? [];
  const prefix = paging.cursor.slice(0, items.length);
  if (paging.cursor.length <= items.length + 1 || prefix.some((s, i) => s !== items[i])) return undefined;
  return typeof paging.cursor[items.length] === "number" ? paging.cursor.slice(items.length + 1) : undefined;
}

/** The item fields made unique in each copy: `id`, and the one a cursor is read from. */
function uniqueFields(paging: Paging): string[] {
  const tail = paging.kind === "cursor" ? throughItems(paging) : undefined;
  const field = tail?.length === 1 && typeof tail[0] === "string" ? tail[0] : undefined;
  return [...new Set(["id", ...(field ? [field] : [])])];
}

/** Item `i` of the collection: the example's items in turn, copies after the first with unique fields. */
function itemMaker(source: readonly unknown[], fields: readonly string[]): (i: number) => unknown {
  const spans = new Map(fields.map((field) => [field, numericSpan(source, field)]));
  return (i) => {
    const original = source[i % source.length];
    const copy = Math.floor(i / source.length);
    if (copy === 0 || !isRecord(original)) return original;
    const made = structuredClone(original);
    for (const field of fields) {
      const value = made[field];
      if (typeof value === "string") made[field] = `${value}-${copy + 1}`;
      else if (typeof value === "number") made[field] = value + copy * spans.get(field)!;
    }
    return made;
  };
}

/** How far numeric values of `field` spread: copies shifted by it never meet the originals. */
function numericSpan(source: readonly unknown[], field: string): number {
  const numbers = source.map((item) => (isRecord(item) ? item[field] : undefined)).filter((v): v is number => typeof v === "number");
  return numbers.length === 0 ? 1 : Math.max(...numbers) - Math.min(...numbers) + 1;
}

/** `url` with its page number set, every other query parameter kept. */
function pageUrl(url: URL, page: number): string {
  const next = new URL(url);
  next.searchParams.set(LINK_PAGE_PARAM, String(page));
  return next.href;
}

/** `value` with `path` set to `to`, objects made on the way where missing; the root replaced for an empty path. */
function setAt(value: unknown, path: PagePath, to: unknown): unknown {
  if (path.length === 0) return to;
  const root = isRecord(value) || Array.isArray(value) ? value : {};
  let holder: Record<string | number, unknown> | unknown[] = root;
  path.forEach((segment, i) => {
    const last = i === path.length - 1;
    const key = Array.isArray(holder) && typeof segment === "number" && segment < 0 ? holder.length + segment : segment;
    const h = holder as Record<string | number, unknown>;
    if (last) h[key] = to;
    else {
      if (!isRecord(h[key]) && !Array.isArray(h[key])) h[key] = {};
      holder = h[key] as Record<string, unknown>;
    }
  });
  return root;
}

function wholeNumber(text: string | null): number | undefined {
  if (text === null || !/^\d{1,9}$/.test(text)) return undefined;
  return Number(text);
}

function range(start: number, end: number): number[] {
  return Array.from({ length: Math.max(0, end - start) }, (_, i) => start + i);
}
