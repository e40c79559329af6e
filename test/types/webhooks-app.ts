/**
 * Type-level tests of the generated webhooks.ts (the goldens of test/webhooks-generated.test.ts),
 * enforced by `tsc --noEmit`: narrowing on `name` types the payload, and `@ts-expect-error` lines that
 * must keep failing to compile.
 */
import { expectTypeOf } from "vitest";
import { verifyBillingWebhook, type BillingWebhookEvent } from "../fixtures/webhooks/expected/billing/index.js";
import { verifyRepoWebhook, type RepoWebhookEvent } from "../fixtures/webhooks/expected/repo/index.js";
import type { UnsignedWebhookEvent } from "../fixtures/webhooks/expected/unsigned/index.js";

export function describeInvoice(event: BillingWebhookEvent): string {
  switch (event.name) {
    case "invoice.paid":
      expectTypeOf(event.payload.data.amount).toEqualTypeOf<number>();
      // @ts-expect-error only the failed payment carries a reason
      void event.payload.data.reason;
      return `${event.payload.data.id} paid`;
    case "invoice.payment_failed":
      expectTypeOf(event.payload.data.reason).toEqualTypeOf<"card_declined" | "expired_card">();
      return `${event.payload.data.id} failed: ${event.payload.data.reason}`;
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

export async function handle(request: Request): Promise<number> {
  const { event, error } = await verifyRepoWebhook(request, { secret: "s" });
  if (error) {
    expectTypeOf(error.code).toEqualTypeOf<"missing_signature" | "invalid_signature" | "expired" | "payload_too_large" | "invalid_payload" | "unknown_event">();
    return error.code === "expired" ? 408 : 401;
  }
  expectTypeOf(event).toEqualTypeOf<RepoWebhookEvent>();
  if (event.name === "issue-opened") expectTypeOf(event.payload.action).toEqualTypeOf<"opened">();
  if (event.name === "issue-closed") expectTypeOf(event.payload.reason).toEqualTypeOf<"completed" | "not_planned" | undefined>();
  if (event.name === "push") expectTypeOf(event.payload.ref).toEqualTypeOf<string>();
  // @ts-expect-error not a webhook of this spec
  if (event.name === "star") return 0;
  return 200;
}

export async function fromNode(headers: Record<string, string | string[] | undefined>, body: Uint8Array): Promise<void> {
  const { event } = await verifyBillingWebhook({ headers, body }, { secret: "s", toleranceSeconds: 60 });
  expectTypeOf(event).toEqualTypeOf<BillingWebhookEvent | undefined>();
  // @ts-expect-error the body must be the raw text or bytes, never a parsed object
  await verifyBillingWebhook({ headers, body: { type: "invoice.paid" } }, { secret: "s" });
  // @ts-expect-error a secret is required
  await verifyBillingWebhook({ headers, body }, {});
}

expectTypeOf<UnsignedWebhookEvent["name"]>().toEqualTypeOf<"issue-closed" | "issue-opened" | "push">();
