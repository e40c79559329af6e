/**
 * Contract tests: every operation of both APIs is called through the generated client against
 * Stoplight Prism serving (and validating) the spec on 127.0.0.1. Prism's `Prefer: code=N` header
 * selects each documented response; each must decode into the right union member.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAetherClient, operationTable as aetherOperations } from "../generated/aether/index.ts";
import { createHostupClient, operationTable as hostupOperations } from "../generated/hostup/index.ts";
import type { OperationMeta } from "../generated/runtime/index.ts";
import { startPrism, type PrismServer } from "./support/prism.ts";

type AnyClient = Record<string, (init?: object) => Promise<{ data?: unknown; error?: any; response?: Response }>>;

/** Valid inputs per operation: what the documents' examples use. */
const hostupInputs: Record<string, object> = {
  listSavedCards: {},
  storeSavedCard: { body: { paymentMethodToken: "pm_01hxa3b4c5d6e7f8g9h0j1k2m3", last4: "4242", expMonth: 12, expYear: 2028, brand: "visa" } },
  deleteSavedCard: { params: { path: { id: "card_01hxa3b4c5d6e7f8g9h0j1k2m3" } } },
  listBillingActivity: {},
  listSharedHostingAccounts: {},
  getSharedHostingAccount: { params: { path: { accountId: "acct_01hxa3b4c5d6e7f8g9h0j1k2m3" } } },
  renameSharedHostingAccount: { params: { path: { accountId: "acct_01hxa3b4c5d6e7f8g9h0j1k2m3" } }, body: {} },
  listStorageAddons: { params: { path: { accountId: "acct_01hxa3b4c5d6e7f8g9h0j1k2m3" } } },
  orderStorageAddon: { params: { path: { accountId: "acct_01hxa3b4c5d6e7f8g9h0j1k2m3" } }, body: { addonId: "storage-10gb", paymentMethod: "card" } },
};
const aetherInputs: Record<string, object> = {
  attachPaymentMethod: { params: { path: { orgID: "2489e9ad-2ee2-8e00-8ec9-32d5f69181c0" } }, body: { stripe_pm_id: "pm_123", is_default: true } },
};

function cases(table: Readonly<Record<string, OperationMeta>>) {
  return Object.entries(table).flatMap(([operationId, meta]) =>
    Object.entries(meta.responses).map(([status, response]) => ({ operationId, status, ...response })),
  );
}

describe.each([
  { api: "hostup", spec: "spec/hostup.yaml", table: hostupOperations, inputs: hostupInputs, create: createHostupClient, requestId: "req_01hxa3b4c5d6e7f8g9h0j1k2m3" },
  { api: "aether", spec: "spec/aether.yaml", table: aetherOperations, inputs: aetherInputs, create: createAetherClient, requestId: undefined },
])("$api against Prism", ({ spec, table, inputs, create, requestId }) => {
  let prism: PrismServer;
  let client: AnyClient;
  beforeAll(async () => {
    prism = await startPrism(spec);
    client = create({ apiKey: "test-key-not-secret", baseUrl: prism.baseUrl, retry: { maxRetries: 0 } }) as unknown as AnyClient;
  });
  afterAll(async () => {
    await prism?.stop();
  });

  it("every operation has inputs in this test", () => {
    expect(Object.keys(inputs).sort()).toEqual(Object.keys(table).sort());
  });

  it.each(cases(table))("$operationId answers $status", async ({ operationId, status, kind, codes }) => {
    const code = status.replace(/XX$/, "00");
    const result = await client[operationId]!({ ...inputs[operationId], headers: { Prefer: `code=${code}` } });
    expect(result.response?.status).toBe(Number(code));
    if (kind === "success") {
      expect(result.error).toBeUndefined();
      return;
    }
    expect(result.data).toBeUndefined();
    expect(result.error).toMatchObject({ status: Number(code) });
    if (codes) expect(codes).toContain(result.error.code);
    else expect(typeof result.error.code).toBe("string");
    expect(result.error.code).not.toBe("invalid_response");
    expect(result.error.documented).toBe(true);
    expect(result.error.message.length).toBeGreaterThan(0);
    expect(result.error.requestId).toBe(requestId);
    expect(result.error.body).toBeTypeOf("object");
  });
});

describe("decoded success bodies", () => {
  let prism: PrismServer;
  beforeAll(async () => {
    prism = await startPrism("spec/hostup.yaml");
  });
  afterAll(async () => {
    await prism?.stop();
  });

  it("listSavedCards returns the documented example array", async () => {
    const client = createHostupClient({ apiKey: "k", baseUrl: prism.baseUrl });
    const { data, error } = await client.listSavedCards();
    expect(error).toBeUndefined();
    expect(data).toEqual([
      {
        id: "card_01hxa3b4c5d6e7f8g9h0j1k2m3",
        brand: "visa",
        last4: "4242",
        expMonth: 12,
        expYear: 2028,
        cardholderName: "Example Customer",
        isPrimary: true,
        addedAt: "2026-04-27T12:00:00.000Z",
      },
    ]);
  });

  it("orderStorageAddon returns invoice and order ids; invalid_request carries field errors", async () => {
    const client = createHostupClient({ apiKey: "k", baseUrl: prism.baseUrl });
    const ok = await client.orderStorageAddon({ params: { path: { accountId: "acct_1" } }, body: { addonId: "storage-10gb" } });
    expect(ok.data).toMatchObject({ invoiceId: expect.any(String), orderId: expect.any(String) });
    const bad = await client.orderStorageAddon({ params: { path: { accountId: "acct_1" } }, body: { addonId: "storage-10gb" }, headers: { Prefer: "code=400" } });
    expect(bad.error?.code).toBe("invalid_request");
    if (bad.error?.code === "invalid_request") {
      expect(bad.error.fieldErrors).toEqual([{ location: "/items/0/domainName", code: "invalid_request", message: "`domainName` is required." }]);
    }
  });

  it("a request Prism rejects as invalid (paymentMethod outside its enum) decodes as the documented 400", async () => {
    const client = createHostupClient({ apiKey: "k", baseUrl: prism.baseUrl });
    const result = await client.orderStorageAddon({ params: { path: { accountId: "acct_1" } }, body: { paymentMethod: "paypal" as "card" } });
    expect(result.error).toMatchObject({ code: "invalid_request", status: 400 });
  });
});
