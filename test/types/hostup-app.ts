/**
 * Type-level tests, enforced by `tsc --noEmit` (test/typecheck.test.ts): application code over the
 * client and the standalone operation functions, plus `@ts-expect-error` lines that must keep failing to compile.
 */
import { expectTypeOf } from "vitest";
import {
  createHostupClient,
  createHostupCore,
  listSavedCards,
  orderStorageAddon,
  storeSavedCard,
  requiredScopes,
  type ListSavedCardsError,
  type OrderStorageAddonError,
} from "../../generated/hostup/index.js";

declare const process: { env: Record<string, string | undefined> };

export async function listCards(): Promise<string> {
  const client = createHostupClient({ apiKey: process.env.HOSTUP_API_KEY! });
  const { data, error } = await client.listSavedCards();
  if (error) {
    switch (error.code) {
      case "invalid_request":
        // narrowing on code exposes the member's fields
        expectTypeOf(error.status).toEqualTypeOf<400>();
        expectTypeOf(error.body.errors).toEqualTypeOf<{ pointer: string; detail: string; code: string }[] | undefined>();
        return error.fieldErrors.map((f) => `${f.location}: ${f.message}`).join(", ");
      case "unauthorized":
        expectTypeOf(error.status).toEqualTypeOf<401>();
        return "log in";
      case "forbidden":
        return "missing scope";
      case "not_found":
        return "gone";
      case "rate_limit_exceeded":
        expectTypeOf(error.retryAfter).toEqualTypeOf<number | undefined>();
        return `retry in ${error.retryAfter ?? "?"} s`;
      case "internal_error":
        return `server error ${error.requestId ?? ""}`;
      case "network_error":
      case "request_not_sent":
      case "timeout":
      case "aborted":
      case "card_number_not_allowed":
        expectTypeOf(error.status).toEqualTypeOf<undefined>();
        return error.message;
      case "invalid_response":
        expectTypeOf(error.status).toEqualTypeOf<number>();
        // an unknown code at a documented status keeps what the server said
        expectTypeOf(error.serverCode).toEqualTypeOf<string | undefined>();
        return error.message;
      case "response_too_large":
        return error.message;
      default: {
        const _exhaustive: never = error;
        return _exhaustive;
      }
    }
  }
  // data narrows to the saved-card array once error is ruled out
  expectTypeOf(data[0]?.last4).toEqualTypeOf<string | null | undefined>();
  const last4: string | null | undefined = data[0]?.last4;
  return last4 ?? "none";
}

export function impossibleCodes(error: ListSavedCardsError): void {
  // @ts-expect-error listSavedCards never returns "payment_required"
  if (error.code === "payment_required") return;
  if (error.code === "not_found") expectTypeOf(error.status).toEqualTypeOf<404>();
}

export async function requiredInputs(): Promise<void> {
  const client = createHostupClient({ apiKey: "k" });
  await client.orderStorageAddon({ params: { path: { accountId: "acct_1" } }, body: { addonId: "storage-10gb", paymentMethod: "card" } });
  await client.orderStorageAddon({ params: { path: { accountId: "acct_1" } }, body: { paymentMethod: "invoice" } });
  // @ts-expect-error the path parameter accountId is required
  await client.orderStorageAddon({ body: { addonId: "storage-10gb" } });
  // @ts-expect-error paymentMethod only accepts "card" | "invoice"
  await client.orderStorageAddon({ params: { path: { accountId: "acct_1" } }, body: { paymentMethod: "paypal" } });
  // @ts-expect-error paymentMethodToken is required in the body
  await client.storeSavedCard({ body: { last4: "4242" } });
  // @ts-expect-error the body is required
  await client.storeSavedCard();
  // @ts-expect-error makeDefault is rejected by the schema
  await client.storeSavedCard({ body: { paymentMethodToken: "pm_1", makeDefault: true } });
  await client.storeSavedCard({ body: { paymentMethodToken: "pm_1", expMonth: 12, expYear: 2028 } });
  // @ts-expect-error the path parameter id is required
  await client.deleteSavedCard({});
  await client.deleteSavedCard({ params: { path: { id: "card_1" } } });
  // the raw openapi-fetch client is there too
  const raw = await client.GET("/api/v2/billing/cards");
  expectTypeOf(raw.data).toEqualTypeOf<
    | { id: string; brand: string; last4: string | null; expMonth: number | null; expYear: number | null; cardholderName: string | null; isPrimary: boolean; addedAt: string | null }[]
    | undefined
  >();
}

export function orderErrors(error: OrderStorageAddonError): number | undefined {
  if (error.code === "invalid_request") return error.body.status;
  return error.status;
}

export function scopes(): void {
  expectTypeOf(requiredScopes("storeSavedCard")).toEqualTypeOf<readonly ["write:payment_methods"]>();
  // @ts-expect-error not an operation of this API
  requiredScopes("attachPaymentMethod");
}

// The operation tables are declared `Readonly<Record<OperationId, OperationMeta>>`, and their files
// carry @ts-nocheck (an application's tsc need not check the literal): typecheck.test.ts and
// corpus-compile.test.ts check every generated table's literal against that type.
import type { OperationMeta } from "../../generated/runtime/index.js";
import { operationTable as hostupTable, type OperationId as HostupOperationId } from "../../generated/hostup/index.js";
import { operationTable as aetherTable } from "../../generated/aether/index.js";
export function operationTables(): void {
  expectTypeOf(hostupTable).toEqualTypeOf<Readonly<Record<HostupOperationId, OperationMeta>>>();
  expectTypeOf<keyof typeof aetherTable>().toEqualTypeOf<"attachPaymentMethod">();
  expectTypeOf<HostupOperationId>().toEqualTypeOf<
    | "deleteSavedCard"
    | "getSharedHostingAccount"
    | "listBillingActivity"
    | "listSavedCards"
    | "listSharedHostingAccounts"
    | "listStorageAddons"
    | "orderStorageAddon"
    | "renameSharedHostingAccount"
    | "storeSavedCard"
  >();
}

// A body whose schema is a `$ref` to a component is named by that component (readable, and quicker
// to check than the path through `operations`): the type is the same one.
import type { operations as HostupOperations, StoreSavedCardData, OrderStorageAddonData } from "../../generated/hostup/index.js";
import type { AttachPaymentMethodError } from "../../generated/aether/index.js";
import type { operations as AetherOperations } from "../../generated/aether/index.js";
export function componentNamedBodies(): void {
  expectTypeOf<StoreSavedCardData>().toEqualTypeOf<HostupOperations["storeSavedCard"]["responses"]["201"]["content"]["application/json"]>();
  expectTypeOf<OrderStorageAddonData>().toEqualTypeOf<HostupOperations["orderStorageAddon"]["responses"]["201"]["content"]["application/json"]>();
  expectTypeOf<Extract<AttachPaymentMethodError, { status: 422 }>["body"]>().toEqualTypeOf<
    AetherOperations["attachPaymentMethod"]["responses"]["422"]["content"]["application/json"]
  >();
}

/** The standalone operation functions: the same types as the client's methods, a core (or a client) first. */
export async function standaloneFunctions(): Promise<void> {
  const core = createHostupCore({ apiKey: "k" });
  const { data, error } = await listSavedCards(core);
  if (error) expectTypeOf(error).toEqualTypeOf<ListSavedCardsError>();
  else expectTypeOf(data[0]?.last4).toEqualTypeOf<string | null | undefined>();
  const order = await orderStorageAddon(core, { params: { path: { accountId: "acct_1" } }, body: { addonId: "storage-10gb" } });
  if (order.error) expectTypeOf(order.error).toEqualTypeOf<OrderStorageAddonError>();
  // @ts-expect-error the path parameter accountId is required
  await orderStorageAddon(core, { body: { addonId: "storage-10gb" } });
  // @ts-expect-error the body is required
  await storeSavedCard(core);
  // @ts-expect-error a core has no operation methods
  await core.listSavedCards();
  // a client is a core: the functions take it too
  const client = createHostupClient({ apiKey: "k" });
  expectTypeOf(await listSavedCards(client)).toEqualTypeOf<Awaited<ReturnType<typeof client.listSavedCards>>>();
  // and the core keeps openapi-fetch's raw methods
  const raw = await core.GET("/api/v2/billing/cards");
  expectTypeOf(raw.response).toEqualTypeOf<Response>();
}
