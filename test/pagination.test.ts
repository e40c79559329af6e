import { describe, expect, it } from "vitest";
import { loadSpec } from "../generator/spec/load.ts";
import { parseSourceFile } from "../generator/spec/parse.ts";
import { forEachOperation, type OperationVisit } from "../generator/spec/walk.ts";
import {
  describePagination,
  recognizePagination,
  type PaginationFinding,
} from "../generator/pipeline/pagination.ts";
import { jsonPathToPagePath, pagePath } from "../generator/pipeline/pagination-declared.ts";
import type { PaginationConfig } from "../generator/config/index.ts";
import type { Paging } from "../templates/runtime/pages.ts";

type Operation = Record<string, unknown>;

/** One operation `GET /things` in an in-memory spec, recognised. */
function recognise(
  operation: Operation,
  options: { entry?: PaginationConfig | false; schemas?: object; method?: string } = {},
): PaginationFinding | undefined {
  const path = "/virtual/spec.json";
  const text = JSON.stringify({
    openapi: "3.1.0",
    info: { title: "T", version: "1" },
    paths: { "/things": { [options.method ?? "get"]: { operationId: "listThings", ...operation } } },
    components: { schemas: options.schemas ?? {} },
  });
  const spec = loadSpec(path, () => parseSourceFile(path, text));
  let visit: OperationVisit | undefined;
  forEachOperation(spec, (v) => (visit = v));
  return recognizePagination(spec, visit!, options.entry);
}

const query = (name: string, schema: object = { type: "string" }) => ({ name, in: "query", schema });
const ok = (schema: object, headers?: object) => ({
  responses: {
    "200": { description: "ok", ...(headers ? { headers } : {}), content: { "application/json": { schema } } },
  },
});
const thing = { type: "object", properties: { id: { type: "string" }, name: { type: "string" } } };
/** Stripe's lists: the last item's id goes back as `starting_after` until `has_more` is false. */
const STRIPE_STYLE: Paging = {
  kind: "cursor",
  cursorParam: "starting_after",
  cursor: ["data", -1, "id"],
  items: ["data"],
  hasMore: ["has_more"],
};
const listOf = (props: Record<string, object>) => ({ type: "object", properties: props });

describe("recognizePagination", () => {
  const cases: [string, { given: Operation; schemas?: object; want: Partial<PaginationFinding> | undefined }][] = [
    [
      "Link header with a list body",
      {
        given: {
          parameters: [query("per_page", { type: "integer" }), query("page", { type: "integer" })],
          ...ok({ type: "array", items: thing }, { Link: { schema: { type: "string" } } }),
        },
        want: { paging: { kind: "link", items: [] }, source: "link-header" },
      },
    ],
    [
      "Link header with the list in one property",
      {
        given: {
          parameters: [query("page", { type: "integer" })],
          ...ok(listOf({ total_count: { type: "integer" }, runs: { type: "array", items: thing } }), {
            link: { schema: { type: "string" } },
          }),
        },
        want: { paging: { kind: "link", items: ["runs"] }, source: "link-header" },
      },
    ],
    [
      "Link header on a body with two lists: pages only, with a note",
      {
        given: {
          parameters: [query("page", { type: "integer" })],
          ...ok(listOf({ users: { type: "array", items: thing }, teams: { type: "array", items: thing } }), {
            Link: { schema: { type: "string" } },
          }),
        },
        want: {
          paging: { kind: "link" },
          source: "link-header",
          note: "follows Link; no `all`: its body holds several lists (users, teams)",
        },
      },
    ],
    [
      "Link header on a single resource without paging parameters: left out",
      {
        given: { ...ok(thing, { Link: { schema: { type: "string" } } }) },
        want: { note: "documents a Link header, but takes no paging parameter and its body is not a list" },
      },
    ],
    [
      "has_more + data + starting_after: the last item's id",
      {
        given: {
          parameters: [query("limit", { type: "integer" }), query("starting_after"), query("ending_before")],
          ...ok(
            listOf({
              data: { type: "array", items: { $ref: "#/components/schemas/Thing" } },
              has_more: { type: "boolean" },
              object: { type: "string" },
            }),
          ),
        },
        schemas: { Thing: thing },
        want: {
          paging: STRIPE_STYLE,
          source: "has-more",
          itemSchema: { file: "/virtual/spec.json", pointer: "/components/schemas/Thing" },
        },
      },
    ],
    [
      "has_more + starting_after over items without an id: left out",
      {
        given: {
          parameters: [query("starting_after")],
          ...ok(
            listOf({
              data: { type: "array", items: { type: "object", properties: { name: { type: "string" } } } },
              has_more: { type: "boolean" },
            }),
          ),
        },
        want: { note: "has_more and starting_after, but its items have no `id` to continue from" },
      },
    ],
    [
      "a next_page token paired with ?page (Stripe's search)",
      {
        given: {
          parameters: [query("page"), query("limit", { type: "integer" })],
          ...ok(
            listOf({
              data: { type: "array", items: thing },
              has_more: { type: "boolean" },
              next_page: { type: ["string", "null"] },
              total_count: { type: "integer" },
            }),
          ),
        },
        want: {
          paging: {
            kind: "cursor",
            cursorParam: "page",
            cursor: ["next_page"],
            items: ["data"],
            hasMore: ["has_more"],
          },
          source: "has-more",
        },
      },
    ],
    [
      "a nested nextCursor paired with ?cursor",
      {
        given: {
          parameters: [query("cursor"), query("limit", { type: "integer" })],
          ...ok(
            listOf({
              items: { type: "array", items: thing },
              meta: { type: "object", properties: { nextCursor: { type: "string" } } },
            }),
          ),
        },
        want: {
          paging: { kind: "cursor", cursorParam: "cursor", cursor: ["meta", "nextCursor"], items: ["items"] },
          source: "next-cursor",
        },
      },
    ],
    [
      "nextPageToken paired with ?pageToken",
      {
        given: {
          parameters: [query("pageToken"), query("pageSize", { type: "integer" })],
          ...ok(listOf({ results: { type: "array", items: thing }, nextPageToken: { type: "string" } })),
        },
        want: {
          paging: { kind: "cursor", cursorParam: "pageToken", cursor: ["nextPageToken"], items: ["results"] },
          source: "next-cursor",
        },
      },
    ],
    [
      "two cursor fields that both pair: left out",
      {
        given: {
          parameters: [query("cursor")],
          ...ok(
            listOf({
              data: { type: "array", items: thing },
              next_cursor: { type: "string" },
              cursor: { type: "string" },
            }),
          ),
        },
        want: { note: "several next-cursor fields or parameters could pair (next_cursor -> cursor, cursor -> cursor)" },
      },
    ],
    [
      "a next URL in the body",
      {
        given: {
          parameters: [query("limit", { type: "integer" })],
          ...ok(
            listOf({ results: { type: "array", items: thing }, next: { type: ["string", "null"], format: "uri" } }),
          ),
        },
        want: { paging: { kind: "link", nextUrl: ["next"], items: ["results"] }, source: "next-cursor" },
      },
    ],
    [
      "offset/limit with a total",
      {
        given: {
          parameters: [query("offset", { type: "integer" }), query("limit", { type: "integer", default: 50 })],
          ...ok(listOf({ records: { type: "array", items: thing }, total: { type: "integer" } })),
        },
        want: {
          paging: {
            kind: "offset",
            offsetParam: "offset",
            limitParam: "limit",
            defaultLimit: 50,
            items: ["records"],
            total: ["total"],
          },
          source: "offset-limit",
        },
      },
    ],
    [
      "page/per_page with total pages, pages from 0",
      {
        given: {
          parameters: [query("page", { type: "integer", minimum: 0 }), query("per_page", { type: "integer" })],
          ...ok(
            listOf({
              data: { type: "array", items: thing },
              meta: { type: "object", properties: { total_pages: { type: "integer" } } },
            }),
          ),
        },
        want: {
          paging: {
            kind: "page",
            pageParam: "page",
            limitParam: "per_page",
            firstPage: 0,
            items: ["data"],
            totalPages: ["meta", "total_pages"],
          },
          source: "page-number",
        },
      },
    ],
    [
      "page with two size parameters: left out",
      {
        given: {
          parameters: [
            query("page", { type: "integer" }),
            query("per_page", { type: "integer" }),
            query("limit", { type: "integer" }),
          ],
          ...ok({ type: "array", items: thing }),
        },
        want: { note: "pages, but several parameters could be its size (per_page, limit)" },
      },
    ],
    [
      "a list without any paging parameter: not paged",
      { given: { parameters: [query("q")], ...ok({ type: "array", items: thing }) }, want: undefined },
    ],
    [
      "a resource that embeds a Stripe-style list: not paged",
      {
        given: {
          parameters: [query("expand")],
          ...ok(
            listOf({
              id: { type: "string" },
              tags: { type: "array", items: { type: "string" } },
              lines: listOf({ data: { type: "array", items: thing }, has_more: { type: "boolean" } }),
            }),
          ),
        },
        want: undefined,
      },
    ],
  ];
  it.each(cases)("%s", (_, { given, schemas, want }) => {
    const found = recognise(given, { schemas });
    if (want === undefined) expect(found).toBeUndefined();
    else {
      // The item schema's pointer is checked where a case names it, and below.
      const { itemSchema, ...rest } = found ?? {};
      expect(want.itemSchema ? found : rest).toEqual(want);
      if (want.paging?.items) expect(itemSchema).toBeDefined();
    }
  });

  it("gives the item schema of an inline list", () => {
    const found = recognise({
      parameters: [query("page", { type: "integer" })],
      ...ok({ type: "array", items: thing }, { Link: {} }),
    });
    expect(found?.itemSchema).toEqual({
      file: "/virtual/spec.json",
      pointer: "/paths/~1things/get/responses/200/content/application~1json/schema/items",
    });
  });

  it("leaves a Link header on a POST out, with a note", () => {
    const found = recognise(
      { parameters: [query("page", { type: "integer" })], ...ok({ type: "array", items: thing }, { Link: {} }) },
      { method: "post" },
    );
    expect(found).toEqual({ note: "documents a Link header on POST, which is not re-sent to page" });
  });
});

describe("config entries", () => {
  const given = {
    parameters: [query("after"), query("take", { type: "integer" })],
    ...ok(listOf({ rows: { type: "array", items: thing }, last: { type: "string" } })),
  };

  it("replace recognition", () => {
    expect(
      recognise(given, {
        entry: { kind: "cursor", cursorParam: "after", cursorPath: "/last", itemsPath: "/rows", limitParam: "take" },
      }),
    ).toEqual({
      paging: { kind: "cursor", cursorParam: "after", cursor: ["last"], items: ["rows"] },
      source: "config",
    });
  });

  it("false switches a recognised operation off", () => {
    const linked = {
      parameters: [query("page", { type: "integer" })],
      ...ok({ type: "array", items: thing }, { Link: {} }),
    };
    expect(recognise(linked)?.paging).toBeDefined();
    expect(recognise(linked, { entry: false })).toBeUndefined();
  });

  it.each([
    [{ kind: "cursor", cursorParam: "after" }, "config: a cursor entry needs cursorPath"],
    [{ kind: "offset", offsetParam: "skip", itemsPath: "/rows" }, "config: the operation has no query parameter skip"],
    [{ kind: "pages" }, 'config: unknown pagination kind "pages"'],
  ] as [PaginationConfig, string][])("says what is wrong with %j", (entry, note) => {
    expect(recognise(given, { entry })).toEqual({ note });
  });
});

describe("x-speakeasy-pagination", () => {
  const body = ok(listOf({ data: listOf({ resultArray: { type: "array", items: thing } }), next: { type: "string" } }));
  it.each([
    [
      {
        type: "offsetLimit",
        inputs: [
          { name: "page", in: "parameters", type: "page" },
          { name: "limit", in: "parameters", type: "limit" },
        ],
        outputs: { results: "$.data.resultArray" },
      },
      { kind: "page", pageParam: "page", limitParam: "limit", items: ["data", "resultArray"] },
    ],
    [
      {
        type: "offsetLimit",
        inputs: [{ name: "offset", in: "parameters", type: "offset" }],
        outputs: { results: "$.data.resultArray" },
      },
      { kind: "offset", offsetParam: "offset", items: ["data", "resultArray"] },
    ],
    [
      {
        type: "cursor",
        inputs: [{ name: "since", in: "parameters", type: "cursor" }],
        outputs: { nextCursor: "$.data.resultArray[-1].created_at", results: "$.data.resultArray" },
      },
      {
        kind: "cursor",
        cursorParam: "since",
        cursor: ["data", "resultArray", -1, "created_at"],
        items: ["data", "resultArray"],
      },
    ],
    [
      { type: "url", outputs: { nextUrl: "$.next" } },
      { kind: "link", nextUrl: ["next"] },
    ],
  ])("reads %j", (extension, paging) => {
    expect(
      recognise({
        parameters: [
          query("page", { type: "integer" }),
          query("limit", { type: "integer" }),
          query("offset", { type: "integer" }),
          query("since"),
        ],
        ...body,
        "x-speakeasy-pagination": extension,
      }),
    ).toEqual({
      paging,
      source: "x-speakeasy-pagination",
    });
  });

  it("refuses a request-body input with a note", () => {
    const found = recognise({
      ...body,
      "x-speakeasy-pagination": {
        type: "cursor",
        inputs: [{ name: "since", in: "requestBody", type: "cursor" }],
        outputs: { nextCursor: "$.next" },
      },
    });
    expect(found).toEqual({
      note: 'x-speakeasy-pagination: input "since" is in "requestBody"; only parameters are supported',
    });
  });
});

describe("paths", () => {
  it.each([
    ["$.data.resultArray[-1].created_at", ["data", "resultArray", -1, "created_at"]],
    ['$["a b"][0]', ["a b", 0]],
    ["$", []],
    ["data.x", undefined],
    ["$..x", undefined],
  ])("JSONPath %s", (path, want) => expect(jsonPathToPagePath(path)).toEqual(want));

  it.each([
    ["/data/-1/id", ["data", -1, "id"]],
    ["", []],
    ["/a~1b", ["a/b"]],
  ])("JSON pointer %j", (pointer, want) => expect(pagePath(pointer)).toEqual(want));
});

describe("describePagination", () => {
  it("says how an operation pages, or why it does not", () => {
    expect(
      describePagination("listCharges", {
        paging: STRIPE_STYLE,
        source: "has-more",
      }),
    ).toBe("listCharges: cursor (has-more): data.-1.id -> ?starting_after, until has_more is false; items at data");
    expect(describePagination("getThing", { note: "its body is not a list" })).toBe(
      "getThing: not paged: its body is not a list",
    );
  });
});
