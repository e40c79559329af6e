/**
 * The mock's server in front of Prism, through a GENERATED client (test/fixtures/mock/pages.yaml,
 * compared with test/fixtures/mock/expected/mocked: refresh with `npx vitest run -u` and review):
 * every paging kind the generator recognises, declared ones included, walks three pages of the
 * example's items and stops; streamed successes arrive in several writes and yield typed, complete
 * items, an OpenAPI 3.2 `itemSchema` stream among them; what is neither passes through as Prism
 * answers it.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { apiConfig, resolvedConfig, type ApiConfig } from "../generator/config/index.ts";
import { startMock, type RunningMock } from "../generator/mock/index.ts";
import { closeRunContext, createRunContext, generateApi } from "../generator/pipeline/run.ts";
import { loadSpec } from "../generator/spec/load.ts";
import { readStream } from "../templates/runtime/streams.ts";
import type * as Mocked from "./fixtures/mock/expected/mocked/index.ts";

const fixtures = fileURLToPath(new URL("./fixtures/mock/", import.meta.url));
const root = fileURLToPath(new URL("..", import.meta.url));
const api: ApiConfig = apiConfig({
  name: "mocked",
  spec: `${fixtures}pages.yaml`,
  output: `${fixtures}expected/mocked`,
  pagination: { listThings: { kind: "cursor", cursorParam: "from", cursorPath: "/meta/continue", itemsPath: "/things" } },
});

it("the fixture generates its expected client", async () => {
  const ctx = createRunContext(resolvedConfig(fixtures, [], { runtimeOutput: `${root}templates/runtime` }));
  try {
    const generated = await generateApi(api, ctx);
    for (const [file, content] of generated.files) await expect(content).toMatchFileSnapshot(`${fixtures}expected/mocked/${file}`);
  } finally {
    await closeRunContext(ctx);
  }
});

let mock: RunningMock;
let mocked: typeof Mocked;
const client = () => mocked.createMockedClient({ baseUrl: mock.url, retry: { maxRetries: 0 } });

beforeAll(async () => {
  mocked = await import("./fixtures/mock/expected/mocked/index.ts");
  mock = await startMock(loadSpec(api.spec), { port: 0, api, writeGapMs: 5 });
}, 60_000);
afterAll(() => mock?.stop());

type Walk = (c: Mocked.MockedClient) => AsyncIterable<{ error?: unknown; data?: unknown }> & { end: unknown };
type Gather = (c: Mocked.MockedClient) => Promise<{ data?: unknown[]; error?: unknown }>;

/** Each kind: its walk, its gathering, and the ids of the items the mock makes of the example. */
const kinds: [string, Walk, Gather, (string | number)[]][] = [
  ["Link rel=next", (c) => c.listRepos.pages({ params: { query: { per_page: 2 } } }), (c) => c.listRepos.all({ params: { query: { per_page: 2 } } }), [1, 2, 3, 4, 5]],
  ["has_more + starting_after", (c) => c.listCharges.pages({ params: { query: { limit: 2 } } }), (c) => c.listCharges.all({ params: { query: { limit: 2 } } }), ["ch_a", "ch_b", "ch_a-2", "ch_b-2", "ch_a-3"]],
  ["next cursor + query parameter", (c) => c.listItems.pages({ params: { query: { page_size: 2 } } }), (c) => c.listItems.all({ params: { query: { page_size: 2 } } }), ["it_a", "it_b", "it_a-2", "it_b-2", "it_a-3"]],
  ["offset/limit with a total (the limit's default)", (c) => c.listRows.pages(), (c) => c.listRows.all(), ["row_a", "row_a-2", "row_a-3", "row_a-4", "row_a-5"]],
  ["page/per_page, short last page", (c) => c.listNumbered.pages({ params: { query: { per_page: 2 } } }), (c) => c.listNumbered.all({ params: { query: { per_page: 2 } } }), ["n_a", "n_b", "n_c", "n_a-2", "n_b-2"]],
  ["next URL in the body (the example's length)", (c) => c.listLinks.pages(), (c) => c.listLinks.all(), ["l_a", "l_b", "l_a-2", "l_b-2", "l_a-3"]],
  ["x-speakeasy-pagination", (c) => c.listEntries.pages({ params: { query: { size: 2 } } }), (c) => c.listEntries.all({ params: { query: { size: 2 } } }), ["e_a", "e_b", "e_a-2", "e_b-2", "e_a-3"]],
  ["a config entry", (c) => c.listThings.pages(), (c) => c.listThings.all(), ["t_a", "t_b", "t_a-2", "t_b-2", "t_a-3"]],
];

describe("paginated lists", () => {
  it.each(kinds)("%s: pages() walks three pages and stops, all() gathers every item once", async (_, walk, gather, ids) => {
    const walked = walk(client());
    let pages = 0;
    for await (const page of walked) {
      expect(page.error).toBeUndefined();
      pages++;
    }
    expect({ pages, end: walked.end }).toEqual({ pages: 3, end: "last-page" });
    const gathered = await gather(client());
    expect(gathered.error).toBeUndefined();
    expect(gathered.data!.map((item) => (item as { id: string | number }).id)).toEqual(ids);
  });

  it("the first page is the example; the next link is on the mock's own origin, the caller's query kept", async () => {
    const first = await client().listRepos({ params: { query: { per_page: 2 } } });
    if (first.error) throw new Error(first.error.message);
    expect(first.data).toEqual([{ id: 1, full_name: "octo/one" }, { id: 2, full_name: "octo/two" }]);
    expect(first.headers.link).toBe(`<${mock.url}/repos?per_page=2&page=2>; rel="next"`);
    const last = await client().listRepos({ params: { query: { per_page: 2, page: 3 } } });
    expect(last.response?.headers.get("link")).toBeNull();
  });

  it("all() is typed as the list's items", () => {
    type Charges = Awaited<ReturnType<Mocked.MockedClient["listCharges"]["all"]>>;
    expectTypeOf<NonNullable<Charges["data"]>[number]>().toEqualTypeOf<Mocked.components["schemas"]["Charge"]>();
  });

  it("a request the contract refuses is Prism's answer, not a page", async () => {
    const refused = await fetch(`${mock.url}/charges?limit=many`);
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ status: 422 });
  });
});

/** The chunks a response body arrives in. */
async function chunksOf(path: string): Promise<number> {
  const response = await fetch(`${mock.url}${path}`);
  const reader = response.body!.getReader();
  let chunks = 0;
  while (!(await reader.read()).done) chunks++;
  return chunks;
}

describe("streamed successes", () => {
  it("SSE from a list of events yields typed, complete events, sent in several writes", async () => {
    const { data: events, error } = await client().watchEvents();
    if (error) throw new Error(error.message);
    const got = [];
    for await (const event of events) {
      expectTypeOf(event.data.n).toEqualTypeOf<number>();
      got.push(event);
    }
    expect(got).toEqual([
      { event: "tick", id: "1", data: { n: 1, note: "\u20ac" } },
      { data: { n: 2 } },
      { data: { n: 3 }, retry: 1000 },
    ]);
    expect(events.end).toEqual({ reason: "done" });
    expect(await chunksOf("/events")).toBeGreaterThanOrEqual(3);
  });

  it("SSE from an example in SSE form is sent as written: multi-line data joined, comments skipped", async () => {
    const { data: notes, error } = await client().watchNotes();
    if (error) throw new Error(error.message);
    const got = [];
    for await (const note of notes) {
      expectTypeOf(note.data).toEqualTypeOf<string>();
      got.push(note);
    }
    expect(got).toEqual([{ event: "note", data: "first line\nsecond line" }, { data: "bye" }]);
  });

  it.each([
    ["application/jsonl", (c: Mocked.MockedClient) => c.tailLogs(), ["a", "b", "c"]],
    ["application/x-ndjson (a named example)", (c: Mocked.MockedClient) => c.tailNdjson(), ["x", "y"]],
  ])("%s yields one typed item per line", async (_, call, messages) => {
    const { data: lines, error } = await call(client());
    if (error) throw new Error(error.message);
    const got = [];
    for await (const line of lines) {
      expectTypeOf(line.message).toEqualTypeOf<string>();
      got.push(line.message);
    }
    expect(got).toEqual(messages);
    expect(lines.end).toEqual({ reason: "done" });
  });

  it("application/json-seq yields each record", async () => {
    const { data: records, error } = await client().readRecords();
    if (error) throw new Error(error.message);
    const got = [];
    for await (const record of records) {
      expectTypeOf(record.n).toEqualTypeOf<number>();
      got.push(record.n);
    }
    expect(got).toEqual([1, 2]);
    expect(await chunksOf("/records")).toBeGreaterThanOrEqual(2);
  });
});

describe("an OpenAPI 3.2 stream", () => {
  it("serves an itemSchema stream's dataValue events, after Prism has checked the request", async () => {
    const chat = await startMock(loadSpec(`${fixtures}openapi32.yaml`), { port: 0, writeGapMs: 5 });
    try {
      const post = (body: unknown) => fetch(`${chat.url}/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      const events = [];
      for await (const event of readStream(await post({ prompt: "hi" }), "sse")) events.push(event);
      expect(events).toEqual([
        { event: "delta", data: { text: "Hel" } },
        { event: "delta", data: { text: "lo" } },
        { event: "done", data: { reason: "stop" } },
      ]);
      const refused = await post({});
      expect(refused.status).toBe(422);
      await refused.arrayBuffer();
    } finally {
      await chat.stop();
    }
  }, 60_000);
});
