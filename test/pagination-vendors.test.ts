/**
 * Recognition measured on two real specs: GitHub's (RFC 8288 `Link` headers, page/per_page) and
 * Stripe's (`has_more` lists with `starting_after`, search results with `next_page`).
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadSpec, type LoadedSpec } from "../generator/spec/load.ts";
import { child, deref } from "../generator/spec/refs.ts";
import { forEachOperation, isRecord } from "../generator/spec/walk.ts";
import { recognizePagination, type PaginationFinding } from "../generator/pipeline/pagination.ts";

const GITHUB = createRequire(import.meta.url).resolve("@octokit/openapi/generated/api.github.com.json");
const STRIPE = fileURLToPath(new URL("../../shared/specs/stripe-spec3.yaml", import.meta.url));

interface Counted {
  operationId: string;
  /** What the spec documents, read independently of recognition. */
  documentsLink: boolean;
  documentsHasMore: boolean;
  finding: PaginationFinding | undefined;
}

function survey(spec: LoadedSpec): Counted[] {
  const counted: Counted[] = [];
  forEachOperation(spec, (visit) => {
    let documentsLink = false;
    let documentsHasMore = false;
    const responses = child(visit.operation, "responses");
    for (const status of Object.keys(isRecord(responses.value) ? responses.value : {})) {
      const response = deref(spec, child(responses, status));
      const headers = child(response, "headers").value;
      if (isRecord(headers) && Object.keys(headers).some((h) => h.toLowerCase() === "link")) documentsLink = true;
      const body = child(child(child(response, "content"), "application/json"), "schema");
      if (body.value !== undefined) {
        const resolved = deref(spec, body).value;
        if (isRecord(resolved) && isRecord(resolved.properties) && "has_more" in resolved.properties)
          documentsHasMore = true;
      }
    }
    const operationId = String((visit.operation.value as { operationId?: unknown }).operationId);
    counted.push({ operationId, documentsLink, documentsHasMore, finding: recognizePagination(spec, visit) });
  });
  return counted;
}

describe("pagination recognition on vendor specs", () => {
  it("GitHub: pages on at least 200 of the operations documenting Link", () => {
    const counted = survey(loadSpec(GITHUB));
    const link = counted.filter((c) => c.documentsLink);
    const paged = link.filter((c) => c.finding?.paging);
    const listed = paged.filter((c) => c.finding?.paging?.items);
    expect(link.length).toBeGreaterThanOrEqual(209);
    expect(paged.length).toBeGreaterThanOrEqual(200);
    expect(listed.length).toBeGreaterThanOrEqual(198);
    // Every one left out says why.
    for (const c of link.filter((c) => !c.finding?.paging)) expect(c.finding?.note, c.operationId).toMatch(/Link/);
    expect(counted.find((c) => c.operationId === "repos/list-for-org")?.finding?.paging).toEqual({
      kind: "link",
      items: [],
    });
    expect(counted.find((c) => c.operationId === "actions/list-workflow-runs")?.finding?.paging).toEqual({
      kind: "link",
      items: ["workflow_runs"],
    });
  }, 60_000);

  it("Stripe: pages on at least 100 of its has_more lists", () => {
    const counted = survey(loadSpec(STRIPE));
    const lists = counted.filter((c) => c.documentsHasMore);
    const paged = lists.filter((c) => c.finding?.paging?.items);
    expect(lists.length).toBeGreaterThanOrEqual(109);
    expect(paged.length).toBeGreaterThanOrEqual(107);
    expect(counted.find((c) => c.operationId === "GetCustomers")?.finding?.paging).toEqual({
      kind: "cursor",
      cursorParam: "starting_after",
      cursor: ["data", -1, "id"],
      items: ["data"],
      hasMore: ["has_more"],
    });
    expect(counted.find((c) => c.operationId === "GetCustomersSearch")?.finding?.paging).toMatchObject({
      kind: "cursor",
      cursorParam: "page",
      cursor: ["next_page"],
    });
    // Nothing that is not a has_more list is taken for one (a resource nesting a list is not paged).
    expect(counted.filter((c) => c.finding?.paging && !c.documentsHasMore)).toEqual([]);
  }, 60_000);
});
