/**
 * The MSW view model (generator/msw.ts) for the project specs: one handler per operation with MSW's
 * path syntax, the documented success status and the spec's example; and the model really drives
 * msw@2 handlers that answer fetch with those examples.
 */
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSpec } from "../generator/spec/load.ts";
import { buildMswModel, mswPath, type MswHandlerModel } from "../generator/pipeline/msw.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const hostupSpec = loadSpec(`${root}spec/hostup.yaml`);
const hostup = hostupSpec.root.data as any;
const model = buildMswModel(hostupSpec);
const byId = (id: string) => model.handlers.find((h) => h.operationId === id)!;

describe("the MSW model for spec/hostup.yaml", () => {
  it("has one handler per operation, with MSW paths and the documented success status", () => {
    expect(model.defaultBaseUrl).toBe("https://cloud.hostup.se");
    expect(model.handlers.map((h) => [h.operationId, h.method, h.path, h.status])).toEqual([
      ["listBillingActivity", "get", "/api/v2/billing/activity", 200],
      ["listSavedCards", "get", "/api/v2/billing/cards", 200],
      ["storeSavedCard", "post", "/api/v2/billing/cards", 201],
      ["deleteSavedCard", "delete", "/api/v2/billing/cards/:id", 204],
      ["listSharedHostingAccounts", "get", "/api/v2/shared-hosting", 200],
      ["getSharedHostingAccount", "get", "/api/v2/shared-hosting/:accountId", 200],
      ["renameSharedHostingAccount", "patch", "/api/v2/shared-hosting/:accountId", 200],
      ["listStorageAddons", "get", "/api/v2/shared-hosting/:accountId/addons/storage", 200],
      ["orderStorageAddon", "post", "/api/v2/shared-hosting/:accountId/addons/storage", 201],
    ]);
  });

  it("takes the examples from the spec; builds one from schema examples; leaves open bodies without one", () => {
    expect(byId("listSavedCards").example).toEqual(hostup.paths["/api/v2/billing/cards"].get.responses["200"].content["application/json"].examples.savedCards.value);
    expect(JSON.parse(byId("storeSavedCard").exampleJson!)).toEqual(hostup.paths["/api/v2/billing/cards"].post.responses["201"].content["application/json"].examples.savedCard.value);
    expect(byId("listSharedHostingAccounts").example).toEqual({ data: [{ id: "acct_01hxa3b4c5d6e7f8g9h0j1k2m3" }] });
    const open = byId("getSharedHostingAccount");
    expect([open.contentType, "example" in open, "exampleJson" in open]).toEqual(["application/json", false, false]);
    const deleted = byId("deleteSavedCard");
    expect([deleted.statusKey, "contentType" in deleted, "example" in deleted]).toEqual(["2XX", false, false]);
  });

  it("lists the error responses with their examples, for tests that override a handler", () => {
    const responses = byId("listSavedCards").responses;
    expect(responses.map((r) => r.status)).toEqual([200, 400, 401, 403, 404, 429, 500]);
    expect(responses.find((r) => r.status === 404)).toMatchObject({ contentType: "application/problem+json", example: { code: "not_found", status: 404 } });
  });

  it("turns every path parameter into an MSW parameter", () => {
    expect(mswPath("/orgs/{org-id}/cards/{id}.json")).toBe("/orgs/:org_id/cards/:id.json");
    for (const h of model.handlers) expect(h.path).not.toMatch(/[{}]/);
  });

  it("builds the Aether handler with 200, the first documented success (D1)", () => {
    const [attach] = buildMswModel(loadSpec(`${root}spec/aether.yaml`)).handlers;
    expect(attach).toMatchObject({ operationId: "attachPaymentMethod", method: "post", path: "/api/v1/organizations/:orgID/billing/payment-methods", status: 200 });
    expect(attach!.responses.map((r) => r.status)).toEqual([200, 201, 400, 401, 422]);
  });
});

/** What the lead's template renders, written out by hand: the model is enough to build real handlers. */
function handler(h: MswHandlerModel) {
  return http[h.method as "get"](`${model.defaultBaseUrl}${h.path}`, () =>
    h.exampleJson === undefined ? new HttpResponse(null, { status: h.status }) : HttpResponse.json(JSON.parse(h.exampleJson), { status: h.status, headers: { "content-type": h.contentType! } }),
  );
}

describe("the model drives msw@2 handlers", () => {
  const server = setupServer(...model.handlers.map(handler));
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterAll(() => server.close());

  it("answers fetch with the documented status and example", async () => {
    const cards = await fetch("https://cloud.hostup.se/api/v2/billing/cards");
    expect(cards.status).toBe(200);
    expect(await cards.json()).toEqual(byId("listSavedCards").example);

    const order = await fetch("https://cloud.hostup.se/api/v2/shared-hosting/acct_1/addons/storage", { method: "POST", body: "{}" });
    expect(order.status).toBe(201);
    expect((await order.json()).invoiceId).toBe("inv_01hxa3b4c5d6e7f8g9h0j1k2m3");

    const deleted = await fetch("https://cloud.hostup.se/api/v2/billing/cards/card_1", { method: "DELETE" });
    expect(deleted.status).toBe(204);
  });
});
