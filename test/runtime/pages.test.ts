/**
 * The pager over a loopback server, one scenario per recognition kind: a three-page walk, `maxItems`,
 * an error on page 2, an abort. The call is written by hand here, as an operation function would be.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import {
  all,
  nextLink,
  pages,
  valueAt,
  type PageContext,
  type Pages,
  type Paging,
} from "../../templates/runtime/pages.ts";

interface Item {
  id: string;
  n: number;
}
const ITEMS: Item[] = Array.from({ length: 7 }, (_, i) => ({ id: `it_${i + 1}`, n: i + 1 }));

let server: http.Server;
let base: string;
/** Every request the server saw: path and query. */
const seen: URL[] = [];

/** Pages of ITEMS by each kind's convention. `fail=N` answers the Nth request 500; `hold=N` never answers it. */
function answer(url: URL, res: http.ServerResponse): void {
  const q = url.searchParams;
  const count = seen.filter((u) => u.pathname === url.pathname && u.searchParams.get("run") === q.get("run")).length;
  if (q.get("fail") === String(count))
    return void res.writeHead(500, { "content-type": "application/json" }).end('{"message":"boom"}');
  if (q.get("hold") === String(count)) return; // answered never: the abort ends it
  const json = (body: unknown, headers: Record<string, string> = {}) =>
    void res.writeHead(200, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
  switch (url.pathname) {
    case "/link": {
      const size = Number(q.get("per_page") ?? 3);
      const page = Number(q.get("page") ?? 1);
      const slice = ITEMS.slice((page - 1) * size, page * size);
      const next = new URL(url);
      next.searchParams.set("page", String(page + 1));
      if (q.get("elsewhere")) next.hostname = "localhost"; // another origin
      next.searchParams.delete("filter"); // the caller's query is added back by the pager
      const links = [`<${next.href}>; rel="next"`, `<${url.origin}/link?page=1>; rel="first"`];
      return json(slice, page * size < ITEMS.length ? { link: links.join(", ") } : {});
    }
    case "/cursor": {
      const after = q.get("starting_after");
      const start = after ? ITEMS.findIndex((i) => i.id === after) + 1 : 0;
      const limit = Number(q.get("limit") ?? 3);
      return json({ object: "list", data: ITEMS.slice(start, start + limit), has_more: start + limit < ITEMS.length });
    }
    case "/next": {
      const start = Number(q.get("cursor") ?? 0);
      const end = start + 3;
      return json({ items: ITEMS.slice(start, end), meta: { next_cursor: end < ITEMS.length ? String(end) : null } });
    }
    case "/offset": {
      const offset = Number(q.get("offset") ?? 0);
      return json({ records: ITEMS.slice(offset, offset + Number(q.get("limit") ?? 100)), total: ITEMS.length });
    }
    case "/page": {
      const size = Number(q.get("per_page") ?? 3);
      const page = Number(q.get("page") ?? 1);
      return json(ITEMS.slice((page - 1) * size, page * size));
    }
  }
  res.writeHead(404).end();
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url!, base);
    seen.push(url);
    answer(url, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

type Init = { params?: { query?: Record<string, unknown> }; signal?: AbortSignal | null };
type Failure = { code: "aborted" | "network_error" } | { code: "http"; status: number };
type Result<T> =
  | { data: T; error?: undefined; response: Response }
  | { data?: undefined; error: Failure; response: Response | undefined };

/** What an operation function does, reduced: build the URL (or take the pager's), fetch, decode, never reject. */
function operation<T>(path: string) {
  return async (init: Init | undefined, context: PageContext): Promise<Result<T>> => {
    const url = new URL(context.url ?? `${base}${path}`);
    if (!context.url)
      for (const [key, value] of Object.entries(init?.params?.query ?? {}))
        if (value !== undefined) url.searchParams.set(key, String(value));
    let response: Response;
    try {
      response = await fetch(url, { signal: context.signal ?? init?.signal ?? null });
    } catch (err) {
      return {
        error: { code: (err as Error).name === "AbortError" ? "aborted" : "network_error" },
        response: undefined,
      };
    }
    if (!response.ok) return { error: { code: "http", status: response.status }, response };
    return { data: (await response.json()) as T, response };
  };
}

const requestsOf = (run: string) => seen.filter((u) => u.searchParams.get("run") === run);

const KINDS: [string, string, Paging, Record<string, unknown>][] = [
  ["link", "/link", { kind: "link", items: [] }, { per_page: 3, filter: "x" }],
  [
    "cursor (has_more)",
    "/cursor",
    {
      kind: "cursor",
      cursorParam: "starting_after",
      cursor: ["data", -1, "id"],
      items: ["data"],
      hasMore: ["has_more"],
    },
    { limit: 3, filter: "x" },
  ],
  [
    "next cursor",
    "/next",
    { kind: "cursor", cursorParam: "cursor", cursor: ["meta", "next_cursor"], items: ["items"] },
    { filter: "x" },
  ],
  [
    "offset",
    "/offset",
    { kind: "offset", offsetParam: "offset", limitParam: "limit", items: ["records"], total: ["total"] },
    { limit: 3, filter: "x" },
  ],
  [
    "page",
    "/page",
    { kind: "page", pageParam: "page", limitParam: "per_page", items: [] },
    { per_page: 3, filter: "x" },
  ],
];

describe.each(KINDS)("pages: %s", (kind, path, paging, query) => {
  const call = operation<unknown>(path);
  const run = (name: string) => `${kind}-${name}`;

  it("walks three pages, one request per page, as the loop asks, keeping the caller's query", async () => {
    const walk = pages(call, paging, { params: { query: { ...query, run: run("walk") } } });
    const iterator = walk[Symbol.asyncIterator]();
    expect(requestsOf(run("walk"))).toHaveLength(0); // nothing before the loop asks
    const first = await iterator.next();
    expect(requestsOf(run("walk"))).toHaveLength(1);
    const results = [first.value!];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) results.push(next.value);
    expect(results.map((r) => r.error)).toEqual([undefined, undefined, undefined]);
    expect(requestsOf(run("walk"))).toHaveLength(3);
    for (const url of requestsOf(run("walk"))) expect(url.searchParams.get("filter")).toBe("x");
    expect(walk.end).toBe("last-page");
    const gathered = await all(call, paging, { params: { query: { ...query, run: run("all") } } });
    expect(gathered).toEqual({ data: ITEMS, end: "last-page" });
  });

  it("stops at maxItems without fetching a page it does not need", async () => {
    const gathered = await all(call, paging, { params: { query: { ...query, run: run("max") } } }, { maxItems: 4 });
    expect(gathered).toEqual({ data: ITEMS.slice(0, 4), end: "max-items" });
    expect(requestsOf(run("max"))).toHaveLength(2);
    const capped = pages(call, paging, { params: { query: { ...query, run: run("maxpages") } } }, { maxPages: 2 });
    let count = 0;
    for await (const _ of capped) count++;
    expect([count, capped.end, requestsOf(run("maxpages")).length]).toEqual([2, "max-pages", 2]);
  });

  it("yields the error of page 2 and ends; all keeps the items before it", async () => {
    const results = [];
    const walk = pages(call, paging, { params: { query: { ...query, run: run("fail"), fail: 2 } } });
    for await (const result of walk) results.push(result);
    expect(results.map((r) => r.error)).toEqual([undefined, { code: "http", status: 500 }]);
    expect(walk.end).toBe("error");
    const gathered = await all(call, paging, { params: { query: { ...query, run: run("fail-all"), fail: 2 } } });
    expect(gathered).toMatchObject({ error: { code: "http", status: 500 }, items: ITEMS.slice(0, 3) });
    expect(gathered.error && gathered.response?.status).toBe(500);
  });

  it("ends with the aborted result when the signal fires mid-walk", async () => {
    const controller = new AbortController();
    const walk = pages(
      call,
      paging,
      { params: { query: { ...query, run: run("abort"), hold: 2 } } },
      { signal: controller.signal },
    );
    const results = [];
    for await (const result of walk) {
      results.push(result);
      setTimeout(() => controller.abort(), 20);
    }
    expect(results.map((r) => r.error)).toEqual([undefined, { code: "aborted" }]);
    expect(walk.end).toBe("error");
    const gathered = await all(
      call,
      paging,
      { params: { query: { ...query, run: run("abort-all") } } },
      { signal: AbortSignal.abort() },
    );
    expect(gathered).toEqual({ error: { code: "aborted" }, items: [], response: undefined });
  });
});

describe("pages: link following", () => {
  it("never follows a link to another origin", async () => {
    const walk = pages(
      operation<Item[]>("/link"),
      { kind: "link", items: [] },
      { params: { query: { per_page: 3, elsewhere: 1, run: "elsewhere" } } },
    );
    let count = 0;
    for await (const _ of walk) count++;
    expect([count, walk.end]).toEqual([1, "link-refused"]);
    expect(requestsOf("elsewhere")).toHaveLength(1);
  });

  it("hands the call the server's URL with the caller's query added", async () => {
    const urls: (string | undefined)[] = [];
    const call = operation<Item[]>("/link");
    await all(
      (init, context) => (urls.push(context.url), call(init, context)),
      { kind: "link", items: [] },
      { params: { query: { per_page: 3, filter: "x y", run: "urls" } } },
    );
    expect(urls[0]).toBeUndefined();
    expect(urls.slice(1).map((u) => new URL(u!).searchParams.toString())).toEqual([
      "per_page=3&run=urls&page=2&filter=x+y",
      "per_page=3&run=urls&page=3&filter=x+y",
    ]);
  });

  it("stops on a link it already followed", async () => {
    const response = new Response("[]", { headers: { link: '<http://127.0.0.1/x?page=2>; rel="next"' } });
    Object.defineProperty(response, "url", { value: "http://127.0.0.1/x" });
    const walk = pages(async () => ({ data: [1], response }), { kind: "link", items: [] }, undefined);
    let count = 0;
    for await (const _ of walk) count++;
    expect([count, walk.end]).toEqual([2, "repeated"]);
  });

  it("walks a query that JSON cannot write out (a BigInt) without rejecting", async () => {
    const gathered = await all(
      operation<Item[]>("/page"),
      { kind: "page", pageParam: "page", limitParam: "per_page", items: [] },
      {
        params: { query: { per_page: 3, big: 10n, run: "bigint" } },
      },
    );
    expect(gathered).toEqual({ data: ITEMS, end: "last-page" });
  });

  it("ends quietly when a call rejects (an operation function never does)", async () => {
    const walk = pages(() => Promise.reject(new Error("bug")), { kind: "link" });
    for await (const _ of walk) throw new Error("nothing is yielded");
    expect(walk.end).toBe("failed");
  });
});

describe("nextLink", () => {
  it.each([
    [
      '<https://api.example.test/r?page=2>; rel="next", <https://api.example.test/r?page=5>; rel="last"',
      "https://api.example.test/r?page=2",
    ],
    ['<https://a.test/?page=5>; rel="last", <https://a.test/?page=2>; rel=next', "https://a.test/?page=2"],
    ['<https://a.test/?p=1>; rel="prev next"', "https://a.test/?p=1"],
    ['<https://a.test/?q=a,b>; title="a, b; c"; rel="next"', "https://a.test/?q=a,b"],
    ['<https://a.test/?page=1>; rel="prev"', undefined],
    ["garbage", undefined],
    [null, undefined],
  ])("%s", (header, want) => expect(nextLink(header)).toBe(want));
});

describe("valueAt", () => {
  it("reads properties and indices, -1 the last", () => {
    expect(valueAt({ data: [{ id: "a" }, { id: "b" }] }, ["data", -1, "id"])).toBe("b");
    expect(valueAt({ data: [] }, ["data", -1, "id"])).toBeUndefined();
    expect(valueAt({ data: null }, ["data", "x"])).toBeUndefined();
    expect(valueAt({}, ["toString"])).toBeUndefined();
  });
});

describe("types", () => {
  it("all's items are typed from the page body and the descriptor's items path", async () => {
    const listed = await all(
      operation<{ data: Item[]; has_more: boolean }>("/cursor"),
      {
        kind: "cursor",
        cursorParam: "starting_after",
        cursor: ["data", -1, "id"],
        items: ["data"],
        hasMore: ["has_more"],
      },
      { params: { query: { limit: 3, run: "types" } } },
    );
    expectTypeOf(listed.data).toEqualTypeOf<Item[] | undefined>();
    if (listed.error) expectTypeOf(listed.error).toEqualTypeOf<Failure>();
    const union = await all(
      operation<Item[] | string[]>("/page"),
      { kind: "page", pageParam: "page", items: [] },
      { params: { query: { per_page: 3, run: "types" } } },
    );
    expectTypeOf(union.data).toEqualTypeOf<(Item | string)[] | undefined>();
    // A descriptor without a list gathers whole page bodies.
    const bodies = await all(
      operation<Item[]>("/link"),
      { kind: "link" },
      { params: { query: { per_page: 7, run: "types" } } },
    );
    expectTypeOf(bodies.data).toEqualTypeOf<Item[][] | undefined>();
    expect(bodies.data).toEqual([ITEMS]);
    expect(listed.data).toEqual(ITEMS);
    expectTypeOf(pages(operation<Item[]>("/link"), { kind: "link" })).toEqualTypeOf<Pages<Result<Item[]>>>();
  });
});
