/**
 * The contractgen 0.1.0 runtime, shared by every generated API folder beside it.
 * Do not edit: it is copied from contractgen's templates/runtime/ by `contractgen generate`.
 * It is type-checked where it is written, in contractgen (strict, with and without Node types),
 * so an application's tsc skips it; every export's type is written out, so none is inferred here.
 */
// @ts-nocheck

/**
 * Pagination over any call that resolves to a result (`{ data }` or `{ error }`, with the raw
 * `response`): `pages` walks the pages one request at a time, `all` gathers their items. How the next
 * page is found is plain data (`Paging`) that the generator reads off the spec. Neither rejects.
 */

/** Where a value sits in a page body: property names and array indices, `-1` for the last element. */
export type PagePath = readonly (string | number)[];

/** How one operation pages, as the generator recognised it. */
export type Paging =
  /** RFC 8288 `Link: <url>; rel="next"` (or a URL at `nextUrl` in the body), never followed to another origin. */
  | { readonly kind: "link"; readonly items?: PagePath; readonly nextUrl?: PagePath }
  /** The value at `cursor` goes back as the query parameter `cursorParam`; `hasMore: false` ends. */
  | {
      readonly kind: "cursor";
      readonly cursorParam: string;
      readonly cursor: PagePath;
      readonly items?: PagePath;
      readonly hasMore?: PagePath;
    }
  /** `offsetParam` advances by the items received; ends on an empty or short page, or at `total`. */
  | {
      readonly kind: "offset";
      readonly offsetParam: string;
      readonly limitParam?: string;
      readonly defaultLimit?: number;
      readonly items: PagePath;
      readonly total?: PagePath;
    }
  /** `pageParam` counts up from `firstPage` (1); ends on an empty or short page, at `total` or `totalPages`. */
  | {
      readonly kind: "page";
      readonly pageParam: string;
      readonly limitParam?: string;
      readonly defaultLimit?: number;
      readonly firstPage?: number;
      readonly items: PagePath;
      readonly total?: PagePath;
      readonly totalPages?: PagePath;
    };

/** What a page call resolves to: the operation's own result. */
export type PageResult =
  | { data: unknown; error?: undefined; response: Response }
  | { data?: undefined; error: unknown; response: Response | undefined };

/** The init object of an operation call, as far as paging touches it. */
export interface PageInit {
  params?: { query?: object | undefined } & object;
  signal?: AbortSignal | null | undefined;
}

/** What the pager tells the call besides its init: the signal, and for `link` the exact URL the server gave. */
export interface PageContext {
  readonly signal?: AbortSignal;
  /** The next page's URL (same origin as the page that named it, the caller's query added where it lacked a key). */
  readonly url?: string;
}

export type PageCall<Init, R extends PageResult> = (init: Init, context: PageContext) => Promise<R>;

export interface PageOptions {
  /** Stop after this many pages. */
  maxPages?: number;
  signal?: AbortSignal;
  /** Start at this next link (a `PageStep`'s `url`) instead of the operation's path. */
  from?: string;
}

/** Where a walk would go next: the init of the next page's call, and for a link walk the server's URL. */
export interface PageStep<Init = PageInit | undefined> {
  readonly init: Init;
  readonly url?: string;
}

export interface AllOptions extends PageOptions {
  /** Stop once this many items are gathered (the last page's extra items are dropped). */
  maxItems?: number;
}

/**
 * Why a walk ended: the last page; `maxPages` or `maxItems`; an error result (yielded first);
 * a next link to another origin or one that cannot be checked (`link-refused`), or one already
 * visited (`repeated`); or a call that rejected, which a generated operation never does (`failed`).
 */
export type PageEnd = "last-page" | "max-pages" | "max-items" | "error" | "link-refused" | "repeated" | "failed";

export interface Pages<R> extends AsyncIterable<R> {
  /** Why the latest walk ended; `undefined` while it runs or when the loop left early. */
  readonly end: PageEnd | undefined;
  /** After a walk that ended at `maxPages`: the page after the last one fetched (an infinite query's next page param). */
  readonly next: PageStep | undefined;
}

type Elem<T> = T extends readonly (infer E)[] ? E : never;
/** The type at `P` inside `T`. */
export type AtPath<T, P> = P extends readonly []
  ? T
  : P extends readonly [infer Head, ...infer Rest]
    ? Head extends number
      ? AtPath<Elem<NonNullable<T>>, Rest>
      : Head extends keyof NonNullable<T>
        ? AtPath<NonNullable<T>[Head], Rest>
        : unknown
    : unknown;
/** The element type of the list at `P` of a page body (the body itself when the descriptor has no list). */
export type ItemOf<Data, P> = P extends PagePath ? Elem<AtPath<Data, P>> : Data;
export type DataOf<R> = R extends { data: infer D; error?: undefined } ? D : never;
export type ErrorOf<R> = R extends { error: infer E; data?: undefined } ? E : never;

export type AllResult<Item, Error> =
  | { data: Item[]; error?: undefined; end: PageEnd }
  | { data?: undefined; error: Error; items: Item[]; response: Response | undefined };

/** The value at `path` in `value`, or undefined. */
export function valueAt(value: unknown, path: PagePath): unknown {
  let current = value;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === "number") current = current.at(segment);
    else if (
      current !== null &&
      typeof current === "object" &&
      typeof segment === "string" &&
      Object.hasOwn(current, segment)
    )
      current = (current as Record<string, unknown>)[segment];
    else return undefined;
  }
  return current;
}

/** The items of a page: the list at `items` (none when it is not a list), or the body itself when there is no path. */
export function itemsOf(data: unknown, items: PagePath | undefined): unknown[] {
  if (items === undefined) return [data];
  const list = valueAt(data, items);
  return Array.isArray(list) ? list : [];
}

/** The pages of a call, fetched one at a time as the loop asks for them. */
export function pages<Init extends PageInit | undefined, R extends PageResult>(
  call: PageCall<Init, R>,
  paging: Paging,
  init?: Init,
  options: PageOptions = {},
): Pages<R> {
  let end: PageEnd | undefined;
  let following: PageStep | undefined;
  const maxPages = bound(options.maxPages);
  async function* walk(): AsyncGenerator<R, void, undefined> {
    end = undefined;
    following = undefined;
    const seen = new Set<string>();
    let request: PageRequest = {
      init: withSignal(init, options.signal),
      ...(options.from !== undefined ? { url: options.from } : {}),
    };
    if (maxPages === 0) {
      end = "max-pages";
      return;
    }
    for (let page = 1; ; page++) {
      let result: R;
      try {
        result = await call(request.init as Init, contextOf(request, options.signal));
      } catch {
        end = "failed";
        return;
      }
      yield result;
      if (result.error !== undefined || result.response === undefined) {
        end = "error";
        return;
      }
      const next = nextRequest(paging, request.init, result.data, result.response);
      if (typeof next === "string") {
        end = next;
        return;
      }
      const key = keyOf(next);
      if (key !== undefined && seen.has(key)) {
        end = "repeated";
        return;
      }
      if (key !== undefined) seen.add(key);
      if (maxPages !== undefined && page >= maxPages) {
        end = "max-pages";
        following = { init: withoutSignal(next.init), ...(next.url !== undefined ? { url: next.url } : {}) };
        return;
      }
      request = next;
    }
  }
  return {
    [Symbol.asyncIterator]: walk,
    get end() {
      return end;
    },
    get next() {
      return following;
    },
  };
}

/** Every item of every page, or the first error with the items gathered before it. */
export async function all<Init extends PageInit | undefined, R extends PageResult, const P extends Paging>(
  call: PageCall<Init, R>,
  paging: P,
  init?: Init,
  options: AllOptions = {},
): Promise<AllResult<ItemOf<DataOf<R>, P["items"]>, ErrorOf<R>>> {
  type Item = ItemOf<DataOf<R>, P["items"]>;
  const maxItems = bound(options.maxItems);
  const items: Item[] = [];
  if (maxItems === 0) return { data: items, end: "max-items" };
  const walk = pages(call, paging, init, options);
  for await (const result of walk) {
    if (result.error !== undefined || result.response === undefined)
      return { error: result.error as ErrorOf<R>, items, response: result.response };
    for (const item of itemsOf(result.data, paging.items) as Item[]) items.push(item); // no spread: pages may be long
    if (maxItems !== undefined && items.length >= maxItems) {
      items.length = maxItems;
      return { data: items, end: "max-items" };
    }
  }
  return { data: items, end: walk.end ?? "last-page" };
}

interface PageRequest {
  init: PageInit | undefined;
  url?: string;
}

/** What identifies a page request, to notice a walk coming back on itself; undefined when its query cannot be written out. */
function keyOf(request: PageRequest): string | undefined {
  try {
    return request.url ?? JSON.stringify(request.init?.params?.query ?? null);
  } catch {
    return undefined; // a BigInt or a cycle in the caller's query
  }
}

function contextOf(request: PageRequest, signal: AbortSignal | undefined): PageContext {
  return { ...(signal ? { signal } : {}), ...(request.url !== undefined ? { url: request.url } : {}) };
}

function withSignal(init: PageInit | undefined, signal: AbortSignal | undefined): PageInit | undefined {
  return signal ? { ...init, signal } : init;
}

/** An init without the walk's signal: a page step outlives the walk that found it. */
function withoutSignal(init: PageInit | undefined): PageInit | undefined {
  if (!init || !("signal" in init)) return init;
  const { signal: _signal, ...rest } = init;
  return rest;
}

function queryOf(init: PageInit | undefined): Record<string, unknown> {
  return { ...(init?.params?.query as Record<string, unknown> | undefined) };
}

function withQuery(init: PageInit | undefined, query: Record<string, unknown>): PageInit {
  return { ...init, params: { ...init?.params, query } };
}

/** A positive number from the caller's query or the descriptor's default, else undefined. */
function limitOf(
  query: Record<string, unknown>,
  param: string | undefined,
  fallback: number | undefined,
): number | undefined {
  const n = param === undefined ? undefined : Number(query[param]);
  if (n !== undefined && Number.isFinite(n) && n > 0) return n;
  return fallback;
}

function numberAt(data: unknown, path: PagePath | undefined): number | undefined {
  if (path === undefined) return undefined;
  const value = valueAt(data, path);
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** The request for the page after this one, or why there is none. */
function nextRequest(
  paging: Paging,
  init: PageInit | undefined,
  data: unknown,
  response: Response,
): PageRequest | PageEnd {
  const query = queryOf(init);
  switch (paging.kind) {
    case "link": {
      const href = paging.nextUrl ? valueAt(data, paging.nextUrl) : nextLink(response.headers.get("link"));
      if (typeof href !== "string" || href === "") return "last-page";
      return followLink(href, response.url, init, query);
    }
    case "cursor": {
      if (paging.hasMore && valueAt(data, paging.hasMore) === false) return "last-page";
      const cursor = valueAt(data, paging.cursor);
      if ((typeof cursor !== "string" && typeof cursor !== "number") || cursor === "") return "last-page";
      return { init: withQuery(init, { ...query, [paging.cursorParam]: cursor }) };
    }
    case "offset": {
      const received = itemsOf(data, paging.items).length;
      const limit = limitOf(query, paging.limitParam, paging.defaultLimit);
      const offset = Number(query[paging.offsetParam] ?? 0) || 0;
      const next = offset + received;
      const total = numberAt(data, paging.total);
      if (received === 0 || (limit !== undefined && received < limit) || (total !== undefined && next >= total))
        return "last-page";
      return { init: withQuery(init, { ...query, [paging.offsetParam]: next }) };
    }
    case "page": {
      const received = itemsOf(data, paging.items).length;
      const limit = limitOf(query, paging.limitParam, paging.defaultLimit);
      const first = paging.firstPage ?? 1;
      const page = Number(query[paging.pageParam] ?? first) || first;
      const total = numberAt(data, paging.total);
      const totalPages = numberAt(data, paging.totalPages);
      if (
        received === 0 ||
        (limit !== undefined && received < limit) ||
        (totalPages !== undefined && page - first + 1 >= totalPages) ||
        (total !== undefined && limit !== undefined && (page - first + 1) * limit >= total)
      )
        return "last-page";
      return { init: withQuery(init, { ...query, [paging.pageParam]: page + 1 }) };
    }
  }
}

/**
 * The next page of a `link` walk: the server's URL when it has the origin of the page that named it
 * (a relative one resolved against that page), with the caller's query added for keys it lacks; the
 * same query goes into the init, for a call that builds its URL from the operation's path.
 */
function followLink(
  href: string,
  pageUrl: string,
  init: PageInit | undefined,
  query: Record<string, unknown>,
): PageRequest | PageEnd {
  let base: URL;
  let next: URL;
  try {
    base = new URL(pageUrl);
    next = new URL(href, base);
  } catch {
    return "link-refused"; // without the page's own URL, the link's origin cannot be checked
  }
  if (next.origin !== base.origin) return "link-refused";
  const merged: Record<string, unknown> = { ...query };
  const linked = new Set<string>();
  next.searchParams.forEach((_, key) => linked.add(key)); // forEach: no DOM.Iterable needed
  for (const key of linked) {
    const values = next.searchParams.getAll(key);
    merged[key] = values.length === 1 ? values[0] : values;
  }
  for (const [key, value] of Object.entries(query)) {
    if (linked.has(key) || value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) next.searchParams.append(key, String(item));
  }
  next.hash = "";
  return { init: withQuery(init, merged), url: next.href };
}

/**
 * The target of the first link whose `rel` includes `next` in an RFC 8288 `Link` header. Link values
 * are `<uri>` then `;`-separated parameters whose values may be quoted strings holding `,` or `;`.
 */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  const link = /\s*<([^>]*)>((?:\s*;\s*[^\s;,=]+(?:\s*=\s*(?:"(?:[^"\\]|\\.)*"|[^;,]*))?)*)\s*(?:,|$)/gy;
  const param = /;\s*([^\s;,=]+)(?:\s*=\s*("(?:[^"\\]|\\.)*"|[^;,]*))?/g;
  for (let match = link.exec(header); match; match = link.exec(header)) {
    for (const [, name, raw] of match[2]!.matchAll(param)) {
      if (name!.toLowerCase() !== "rel" || raw === undefined) continue;
      const value = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, "$1") : raw.trim();
      if (value.toLowerCase().split(/\s+/).includes("next")) return match[1];
    }
    if (link.lastIndex >= header.length) break;
  }
  return undefined;
}

/** A bound from the caller: whole, at least 0 (anything else, NaN included, is 0); `Infinity` or absent is no bound. */
function bound(value: number | undefined): number | undefined {
  if (value === undefined || value === Infinity) return undefined;
  return value >= 1 ? Math.floor(value) : 0;
}
