/**
 * Pages, headers and streams through a GENERATED client (test/fixtures/pages/kinds.yaml, compared
 * with test/fixtures/pages/expected/kinds: refresh with `npx vitest run -u` and review), over a
 * loopback server: each paging kind walks three pages, stops at maxItems, ends on an error on page
 * 2 and on an abort; documented headers are typed and parsed; SSE and JSON lines yield typed items.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { QueryClient, type InfiniteData } from "@tanstack/query-core";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { apiConfig, resolvedConfig } from "../generator/config/index.ts";
import { closeRunContext, createRunContext, generateApi } from "../generator/pipeline/run.ts";
import type * as Kinds from "./fixtures/pages/expected/kinds/index.ts";
import type * as Chat from "./fixtures/pages/expected/chat/index.ts";

const fixtures = fileURLToPath(new URL("./fixtures/pages/", import.meta.url));
const root = fileURLToPath(new URL("..", import.meta.url));

let server: http.Server;
let base: string;
let kinds: typeof Kinds;
/** The request (1-based, per path) that fails; 0: none. */
let failOn = 0;
const counts = new Map<string, number>();
const seen: string[] = [];

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i + 1}` }));
const REPOS = Array.from({ length: 6 }, (_, i) => ({ id: i + 1, full_name: `o/r${i + 1}` }));
const CHARGES = ids("ch_", 6).map((c, i) => ({ ...c, amount: 100 * (i + 1) }));
const ITEMS = ids("it_", 6);
const ROWS = ids("row_", 5);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function answer(url: URL, res: http.ServerResponse): void | Promise<void> {
  const q = url.searchParams;
  const count = (counts.get(url.pathname.split("/").at(-1)!) ?? 0) + 1;
  counts.set(url.pathname.split("/").at(-1)!, count);
  seen.push(`${url.pathname}${url.search}`);
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    void res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
  if (failOn === count) {
    if (url.pathname.endsWith("/repos")) return json(404, { code: "not_found", detail: "gone" }, { "x-ratelimit-remaining": "7" });
    return json(500, { code: "boom", detail: "page two failed" });
  }
  if (url.pathname.endsWith("/repos")) {
    const page = Number(q.get("page") ?? 1);
    const size = Number(q.get("per_page") ?? 2);
    const next = q.get("evil") ? "http://evil.test/repos?page=2" : `${base}/user/7/repos?page=${page + 1}&per_page=${size}`;
    const link: Record<string, string> = page * size < REPOS.length ? { link: `<${next}>; rel="next", <${base}/repos?page=1>; rel="first"` } : {};
    return json(200, REPOS.slice((page - 1) * size, page * size), { ...link, "x-ratelimit-remaining": String(60 - count) });
  }
  if (url.pathname === "/charges") {
    const after = q.get("starting_after");
    const start = after ? CHARGES.findIndex((c) => c.id === after) + 1 : 0;
    const data = CHARGES.slice(start, start + Number(q.get("limit") ?? 2));
    return json(200, { object: "list", data, has_more: start + data.length < CHARGES.length });
  }
  if (url.pathname === "/items") {
    const start = Number(q.get("cursor") ?? 0);
    const next = start + 2 < ITEMS.length ? String(start + 2) : null;
    return json(200, { items: ITEMS.slice(start, start + 2), next_cursor: next });
  }
  if (url.pathname === "/rows") {
    const offset = Number(q.get("offset") ?? 0);
    return json(200, { rows: ROWS.slice(offset, offset + Number(q.get("limit") ?? 2)) });
  }
  if (url.pathname === "/numbered") {
    const page = Number(q.get("page") ?? 1);
    const size = Number(q.get("per_page") ?? 2);
    return json(200, { results: ROWS.slice((page - 1) * size, page * size) });
  }
  if (url.pathname === "/events") return events(res, q.get("drop") !== null);
  if (url.pathname === "/chat") {
    res.writeHead(200, { "content-type": "text/event-stream" });
    return void res.end('event: delta\ndata: {"text":"Hel"}\n\nevent: delta\ndata: {"text":"lo"}\n\nevent: done\ndata: {"reason":"stop"}\n\n');
  }
  if (url.pathname === "/logs") {
    res.writeHead(200, { "content-type": "application/jsonl" });
    res.write('{"level":"info","message":"a"}\n{"level":"warn",');
    return sleep(20).then(() => void res.end('"message":"b"}\n'));
  }
  res.writeHead(404).end();
}

/** Three events over several TCP writes: a line split mid-field, a UTF-8 character split mid-byte, a comment. */
async function events(res: http.ServerResponse, drop: boolean): Promise<void> {
  res.writeHead(200, { "content-type": "text/event-stream" });
  res.write(': hello\n\nevent: tick\nid: 1\ndata: {"n"');
  await sleep(15);
  res.write(':1}\n\n');
  const euro = Buffer.from('data: {"n":2,"note":"\u20ac"}\n\n');
  res.write(euro.subarray(0, 20));
  await sleep(15);
  res.write(euro.subarray(20));
  await sleep(15);
  if (drop) return void res.socket?.destroy();
  res.end('data: {"n":3}\n\n');
}

it.each([
  ["kinds", "kinds.yaml"],
  ["chat", "openapi32.yaml"],
])("%s generates its expected files", async (name, spec) => {
  const ctx = createRunContext(resolvedConfig(fixtures, [], { runtimeOutput: `${root}templates/runtime` }));
  try {
    const api = apiConfig({ name, spec: `${fixtures}${spec}`, output: `${fixtures}expected/${name}`, tanstackQuery: true });
    const generated = await generateApi(api, ctx);
    for (const [file, content] of generated.files) await expect(content).toMatchFileSnapshot(`${fixtures}expected/${name}/${file}`);
  } finally {
    await closeRunContext(ctx);
  }
});

beforeAll(async () => {
  server = http.createServer((req, res) => void answer(new URL(req.url!, base), res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const fresh = () => {
  failOn = 0;
  counts.clear();
  seen.length = 0;
  return kinds.createKindsClient({ baseUrl: base, retry: { maxRetries: 0 } });
};

/** Each kind, walked through the generated client's methods and the standalone functions. */
const walks = {
  link: { all: (c: Kinds.KindsClient, o = {}) => c.listRepos.all({ params: { query: { per_page: 2 } } }, o), pages: (c: Kinds.KindsClient, o = {}) => c.listRepos.pages({ params: { query: { per_page: 2 } } }, o) },
  "has-more": { all: (c: Kinds.KindsClient, o = {}) => kinds.listChargesAll(c, { params: { query: { limit: 2 } } }, o), pages: (c: Kinds.KindsClient, o = {}) => kinds.listChargesPages(c, { params: { query: { limit: 2 } } }, o) },
  cursor: { all: (c: Kinds.KindsClient, o = {}) => c.listItems.all(undefined, o), pages: (c: Kinds.KindsClient, o = {}) => c.listItems.pages(undefined, o) },
  offset: { all: (c: Kinds.KindsClient, o = {}) => kinds.listRowsAll(c, { params: { query: { limit: 2 } } }, o), pages: (c: Kinds.KindsClient, o = {}) => kinds.listRowsPages(c, { params: { query: { limit: 2 } } }, o) },
  page: { all: (c: Kinds.KindsClient, o = {}) => c.listNumbered.all({ params: { query: { per_page: 2 } } }, o), pages: (c: Kinds.KindsClient, o = {}) => c.listNumbered.pages({ params: { query: { per_page: 2 } } }, o) },
};
const expectedIds = { link: [1, 2, 3, 4, 5, 6], "has-more": CHARGES.map((c) => c.id), cursor: ITEMS.map((i) => i.id), offset: ROWS.map((r) => r.id), page: ROWS.map((r) => r.id) };

describe("generated pages and all", () => {
  beforeAll(async () => {
    kinds ??= await import("./fixtures/pages/expected/kinds/index.ts");
  });

  for (const [kind, walk] of Object.entries(walks)) {
    it(`${kind}: walks three pages, every item once`, async () => {
      const client = fresh();
      const pageCount = { n: 0 };
      const walked = walk.pages(client);
      for await (const page of walked) {
        expect(page.error).toBeUndefined();
        pageCount.n++;
      }
      expect(pageCount.n).toBe(3);
      expect(walked.end).toBe("last-page");
      const gathered = await walk.all(fresh());
      expect(gathered.error).toBeUndefined();
      expect(gathered.data!.map((item: { id: unknown }) => item.id)).toEqual(expectedIds[kind as keyof typeof expectedIds]);
    });

    it(`${kind}: maxItems stops without fetching a page it does not need`, async () => {
      const client = fresh();
      const gathered = await walk.all(client, { maxItems: 3 });
      expect(gathered.data).toHaveLength(3);
      expect(seen).toHaveLength(2);
    });

    it(`${kind}: an error on page 2 ends the walk with the items of page 1`, async () => {
      const client = fresh();
      failOn = 2;
      const gathered = await walk.all(client);
      if (!gathered.error) throw new Error("expected the error of page 2");
      expect(gathered.items).toHaveLength(2);
      expect(seen).toHaveLength(2);
    });

    it(`${kind}: an abort after page 1 yields the aborted error and ends`, async () => {
      const client = fresh();
      const controller = new AbortController();
      const results = [];
      for await (const page of walk.pages(client, { signal: controller.signal })) {
        results.push(page);
        controller.abort();
      }
      expect(results).toHaveLength(2);
      expect(results[1]!.error).toMatchObject({ code: "aborted" });
    });
  }

  it("link: the server's next URL is followed exactly, the caller's query kept", async () => {
    const client = fresh();
    await client.listRepos.all({ params: { query: { per_page: 2 } } });
    expect(seen).toEqual(["/repos?per_page=2", "/user/7/repos?page=2&per_page=2", "/user/7/repos?page=3&per_page=2"]);
  });

  it("link: a next link to another origin is never requested", async () => {
    const client = fresh();
    const walked = client.listRepos.pages({ params: { query: { per_page: 2, evil: "1" } as { per_page: number } } });
    const results = [];
    for await (const page of walked) results.push(page);
    expect(results).toHaveLength(1);
    expect(walked.end).toBe("link-refused");
    expect(seen).toHaveLength(1);
  });

  it("all's items are typed as the page list's elements", () => {
    type ChargesAll = Awaited<ReturnType<typeof kinds.listChargesAll>>;
    expectTypeOf<NonNullable<ChargesAll["data"]>[number]>().toEqualTypeOf<Kinds.components["schemas"]["Charge"]>();
    type ReposAll = Awaited<ReturnType<Kinds.KindsClient["listRepos"]["all"]>>;
    expectTypeOf<NonNullable<ReposAll["data"]>[number]>().toEqualTypeOf<Kinds.components["schemas"]["Repo"]>();
  });
});

describe("generated headers", () => {
  beforeAll(async () => {
    kinds ??= await import("./fixtures/pages/expected/kinds/index.ts");
  });

  it("a success carries its documented headers, parsed and typed", async () => {
    const result = await fresh().listRepos({ params: { query: { per_page: 2 } } });
    if (result.error) throw new Error(result.error.message);
    expectTypeOf(result.headers.link).toEqualTypeOf<string | undefined>();
    expectTypeOf(result.headers["x-ratelimit-remaining"]).toEqualTypeOf<number | undefined>();
    expect(result.headers["x-ratelimit-remaining"]).toBe(59);
    expect(result.headers.link).toMatch(/rel="next"/);
    // @ts-expect-error a header the spec does not document is no key of `headers`
    void result.headers["x-undocumented"];
    expect(result.response.headers.get("x-ratelimit-remaining")).toBe("59");
  });

  it("a documented error carries its own headers", async () => {
    const client = fresh();
    failOn = 1;
    const result = await client.listRepos();
    if (!result.error?.documented) throw new Error("expected the documented 404");
    expectTypeOf(result.error.headers["x-ratelimit-remaining"]).toEqualTypeOf<number | undefined>();
    expect(result.error).toMatchObject({ status: 404, headers: { "x-ratelimit-remaining": 7 } });
  });

  it("an operation documenting no headers has none", async () => {
    const result = await fresh().listItems();
    if (result.error) throw new Error(result.error.message);
    // @ts-expect-error no headers are documented, so the result has none
    void result.headers;
    expect("headers" in result).toBe(false);
  });
});

describe("generated streams", () => {
  beforeAll(async () => {
    kinds ??= await import("./fixtures/pages/expected/kinds/index.ts");
  });

  it("SSE split across TCP writes yields typed events", async () => {
    const { data: events, error } = await fresh().watchEvents();
    if (error) throw new Error(error.message);
    expectTypeOf(events).toEqualTypeOf<Kinds.KindsOperations["watchEvents"]["data"]>();
    const got = [];
    for await (const event of events) {
      expectTypeOf(event.data.n).toEqualTypeOf<number>();
      got.push(event);
    }
    expect(got).toEqual([
      { event: "tick", id: "1", data: { n: 1 } },
      { data: { n: 2, note: "\u20ac" } },
      { data: { n: 3 } },
    ]);
    expect(events.end).toEqual({ reason: "done" });
  });

  it("JSON lines yield typed items", async () => {
    const { data: lines, error } = await fresh().tailLogs();
    if (error) throw new Error(error.message);
    const got = [];
    for await (const line of lines) {
      expectTypeOf(line.message).toEqualTypeOf<string>();
      got.push(line);
    }
    expect(got).toEqual([{ level: "info", message: "a" }, { level: "warn", message: "b" }]);
  });

  it("a dropped stream ends quietly, and says so after the loop", async () => {
    const client = fresh();
    const { data: events } = await client.watchEvents({ params: { query: { drop: "1" } as never } });
    const got = [];
    for await (const event of events!) got.push(event.data.n);
    expect(got).toEqual([1, 2]);
    expect(events!.end?.reason).toBe("dropped");
  });

  it("the attempt timeout covers the headers only: a stream may outlive it", async () => {
    const client = kinds.createKindsClient({ baseUrl: base, timeoutMs: 20, retry: { maxRetries: 0 } });
    const { data: events, error } = await client.watchEvents();
    if (error) throw new Error(error.message);
    const got = [];
    for await (const event of events) got.push(event.data.n);
    expect(got).toEqual([1, 2, 3]);
  });
});

describe("generated infinite query options", () => {
  beforeAll(async () => {
    kinds ??= await import("./fixtures/pages/expected/kinds/index.ts");
  });

  it("fetchInfiniteQuery walks three pages of a link walk, typed as the call's data", async () => {
    const client = fresh();
    const queries = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const options = kinds.listReposInfiniteQueryOptions(client, { params: { query: { per_page: 2 } } });
    const data = await queries.fetchInfiniteQuery({ ...options, pages: 3 });
    expectTypeOf(data).toEqualTypeOf<InfiniteData<Kinds.ListReposData, Kinds.KindsPageParam<"listRepos">>>();
    expect(data.pages.flat().map((repo) => repo.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seen).toEqual(["/repos?per_page=2", "/user/7/repos?page=2&per_page=2", "/user/7/repos?page=3&per_page=2"]);
    expect(options.getNextPageParam(data.pages[2]!, data.pages, data.pageParams[2]!, data.pageParams)).toBeUndefined();
    queries.clear();
  });

  it("a cursor walk's page params are the next inits; the key differs from the plain query's", async () => {
    const client = fresh();
    const queries = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const options = kinds.listChargesInfiniteQueryOptions(client, { params: { query: { limit: 2 } } });
    expect(options.queryKey).not.toEqual(kinds.listChargesQueryOptions(client, { params: { query: { limit: 2 } } }).queryKey);
    const data = await queries.fetchInfiniteQuery({ ...options, pages: 3 });
    expect(data.pageParams.map((p) => p.init?.params?.query)).toEqual([
      { limit: 2 },
      { limit: 2, starting_after: "ch_2" },
      { limit: 2, starting_after: "ch_4" },
    ]);
    expect(data.pages.flatMap((page) => page.data.map((c) => c.id))).toEqual(CHARGES.map((c) => c.id));
    queries.clear();
  });

  it("a failing page rejects with the operation's typed error", async () => {
    const client = fresh();
    failOn = 1;
    const queries = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const failed = await queries.fetchInfiniteQuery(kinds.listChargesInfiniteQueryOptions(client)).catch((error: unknown) => error);
    expect(failed).toMatchObject({ documented: true, status: 500 });
    queries.clear();
  });
});

describe("a generated OpenAPI 3.2 client", () => {
  let chat: typeof Chat;
  beforeAll(async () => {
    chat = await import("./fixtures/pages/expected/chat/index.ts");
  });

  it("streams the events itemSchema describes, data typed by its contentSchema", async () => {
    failOn = 0;
    const client = chat.createChatClient({ baseUrl: base, retry: { maxRetries: 0 } });
    const { data: events, error } = await client.streamChat({ body: { prompt: "hi" } });
    if (error) throw new Error(error.message);
    let text = "";
    for await (const event of events) {
      expectTypeOf(event.data).toEqualTypeOf<Chat.components["schemas"]["Delta"] | Chat.components["schemas"]["Done"]>();
      if (event.event === "delta" && "text" in event.data) text += event.data.text;
    }
    expect(text).toBe("Hello");
    expect(events.end).toEqual({ reason: "done" });
  });

  it("a form querystring is typed as query parameters, and JSON lines stream", async () => {
    counts.clear();
    seen.length = 0;
    const client = chat.createChatClient({ baseUrl: base, retry: { maxRetries: 0 } });
    const { data: lines } = await client.tailLogs({ params: { query: { level: "warn" } } });
    const got = [];
    for await (const line of lines!) got.push(line.message);
    expect(got).toEqual(["a", "b"]);
    expect(seen).toEqual(["/logs?level=warn"]);
  });
});
