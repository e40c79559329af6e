/**
 * The pages the mock makes of an example (generator/mock/paged.ts): each paging kind, walked by its
 * own continuation from the first request to the last page, as the runtime's pager would.
 */
import { describe, expect, it } from "vitest";
import { MAX_PAGE_SIZE, servedPage } from "../generator/mock/paged.ts";
import { nextLink, valueAt, type Paging } from "../templates/runtime/pages.ts";

const ORIGIN = "http://127.0.0.1:4010";
const at = (path: string) => new URL(path, ORIGIN);

describe("servedPage", () => {
  it.each<[string, { paging: Paging; example: unknown; requests: string[]; want: { ids: unknown[]; more: unknown }[] }]>([
    [
      "has_more and the last item's id",
      {
        paging: { kind: "cursor", cursorParam: "starting_after", cursor: ["data", -1, "id"], items: ["data"], hasMore: ["has_more"] },
        example: { data: [{ id: "a" }, { id: "b" }], has_more: false },
        requests: ["/c?limit=2", "/c?limit=2&starting_after=b", "/c?limit=2&starting_after=b-2"],
        want: [
          { ids: ["a", "b"], more: true },
          { ids: ["a-2", "b-2"], more: true },
          { ids: ["a-3"], more: false },
        ],
      },
    ],
    [
      "a next cursor field, numeric as in the example",
      {
        paging: { kind: "cursor", cursorParam: "cursor", cursor: ["meta", "next"], items: ["items"] },
        example: { items: [{ id: 1 }, { id: 2 }, { id: 3 }], meta: { next: 0 } },
        requests: ["/i", "/i?cursor=3", "/i?cursor=6"],
        want: [
          { ids: [1, 2, 3], more: 3 },
          { ids: [4, 5, 6], more: 6 },
          { ids: [7], more: null },
        ],
      },
    ],
    [
      "offset with a total, the size from the default limit",
      {
        paging: { kind: "offset", offsetParam: "offset", limitParam: "limit", defaultLimit: 2, items: ["rows"], total: ["total"] },
        example: { rows: [{ id: "r" }], total: 1 },
        requests: ["/r", "/r?offset=2", "/r?offset=4"],
        want: [
          { ids: ["r", "r-2"], more: 5 },
          { ids: ["r-3", "r-4"], more: 5 },
          { ids: ["r-5"], more: 5 },
        ],
      },
    ],
    [
      "page numbers from firstPage 0, with totalPages",
      {
        paging: { kind: "page", pageParam: "p", limitParam: "n", firstPage: 0, items: [], totalPages: ["pages"] },
        example: [{ id: "x" }, { id: "y" }],
        requests: ["/p?n=4", "/p?n=4&p=1", "/p?n=4&p=2"],
        want: [
          { ids: ["x", "y", "x-2", "y-2"], more: 3 },
          { ids: ["x-3", "y-3", "x-4", "y-4"], more: 3 },
          { ids: ["x-5", "y-5"], more: 3 },
        ],
      },
    ],
  ])("%s", (_, { paging, example, requests, want }) => {
    const got = requests.map((request) => {
      const { body } = servedPage(paging, example, at(request));
      const continuation = paging.kind === "cursor" ? (paging.hasMore ?? paging.cursor) : paging.kind === "offset" ? paging.total : paging.kind === "page" ? paging.totalPages : undefined;
      return { ids: (valueAt(body, paging.items ?? []) as { id: unknown }[]).map((item) => item.id), more: continuation && valueAt(body, continuation) };
    });
    expect(got).toEqual(want);
  });

  it("Link: rel=next on the request's own origin with its query kept, none on the last page", () => {
    const paging: Paging = { kind: "link", items: [] };
    const example = [{ id: 7, name: "seven" }, { id: 9, name: "nine" }];
    const pages = [];
    for (let url: string | undefined = `${ORIGIN}/repos?per_page=2&sort=name`; url; ) {
      const page = servedPage(paging, example, new URL(url));
      pages.push({ url, ids: (page.body as { id: number }[]).map((r) => r.id) });
      url = nextLink(page.link ?? null);
    }
    expect(pages).toEqual([
      { url: `${ORIGIN}/repos?per_page=2&sort=name`, ids: [7, 9] },
      { url: `${ORIGIN}/repos?per_page=2&sort=name&page=2`, ids: [10, 12] },
      { url: `${ORIGIN}/repos?per_page=2&sort=name&page=3`, ids: [13] },
    ]);
  });

  it("a next URL in the body, null on the last page", () => {
    const paging: Paging = { kind: "link", nextUrl: ["next"], items: ["data"] };
    const example = { data: [{ id: "a" }], next: null };
    expect(servedPage(paging, example, at("/l")).body).toEqual({ data: [{ id: "a" }], next: `${ORIGIN}/l?page=2` });
    expect(servedPage(paging, example, at("/l?page=3")).body).toEqual({ data: [{ id: "a-3" }], next: null });
  });

  it("the first page is the example, its continuation aside; the example is left as it was", () => {
    const example = { data: [{ id: "a", amount: 1 }], has_more: false, object: "list" };
    const paging: Paging = { kind: "cursor", cursorParam: "starting_after", cursor: ["data", -1, "id"], items: ["data"], hasMore: ["has_more"] };
    expect(servedPage(paging, example, at("/c")).body).toEqual({ ...example, has_more: true });
    expect(example.has_more).toBe(false);
  });

  it("a cursor the mock never gave is an empty last page", () => {
    const paging: Paging = { kind: "cursor", cursorParam: "after", cursor: ["items", -1, "id"], items: ["items"], hasMore: ["more"] };
    expect(servedPage(paging, { items: [{ id: "a" }], more: false }, at("/x?after=zzz")).body).toEqual({ items: [], more: false });
  });

  it("an example without items is served as the only page", () => {
    const paging: Paging = { kind: "cursor", cursorParam: "cursor", cursor: ["next"], items: ["items"], hasMore: ["more"] };
    expect(servedPage(paging, { items: [], next: "n", more: true }, at("/x")).body).toEqual({ items: [], next: null, more: false });
  });

  it("a page is never larger than the mock's bound, whatever the request asks", () => {
    const paging: Paging = { kind: "offset", offsetParam: "offset", limitParam: "limit", items: ["rows"] };
    const { body } = servedPage(paging, { rows: [{ id: 1 }] }, at("/r?limit=100000"));
    expect((body as { rows: unknown[] }).rows).toHaveLength(MAX_PAGE_SIZE);
  });
});
