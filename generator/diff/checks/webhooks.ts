/**
 * Webhooks: added and removed by name (3.1's `webhooks` or the `x-webhooks` of 3.0 specs), and the
 * payload as its receiver reads it. oasdiff checks a webhook's operation as any other, so its request
 * body gets the request ids (a body that became required is `request-body-became-required`); those run
 * here too. But the receiver is the one reading the payload, as a caller reads a response: a property
 * that stops arriving, may be missing, may be null or takes a new enum value breaks a receiver while
 * the request ids call it safe. Those changes are named for the receiver's side (`webhook-payload-*`).
 * @see https://spec.openapis.org/oas/v3.1.0#oasWebhooks
 */
import { compareText } from "../../spec/order.ts";
import { child, type Located } from "../../spec/refs.ts";
import { at, record, rootOf } from "../core/context.ts";
import { deref } from "../core/deref.ts";
import type { DiffContext, OperationContext, RuleId } from "../registry.ts";
import { context, type Rule } from "../rule.ts";
import { diffMediaTypes } from "./media-types.ts";
import { reportSchema } from "./schemas.ts";
import { GLOBAL } from "./security.ts";

const prop = (a: { name?: string }) => (a.name ? ` \`${a.name}\`` : "");

export const webhookRules = [
  { id: "webhook-added", level: "INFO", family: "webhooks", message: (a) => `webhook \`${a.name}\` added` },
  { id: "webhook-removed", level: "ERR", family: "webhooks", message: (a) => `webhook \`${a.name}\` removed: receivers stop getting its events` },
  {
    id: "webhook-payload-property-removed",
    level: "ERR",
    direction: "response",
    family: "webhooks",
    message: (a) => `the required payload property${prop(a)} is no longer sent: receivers reading it break${context(a)}`,
  },
  {
    id: "webhook-payload-property-became-optional",
    level: "ERR",
    direction: "response",
    family: "webhooks",
    message: (a) => `the payload property${prop(a)} became optional: receivers reading it may get nothing${context(a)}`,
  },
  { id: "webhook-payload-became-nullable", level: "ERR", direction: "response", family: "webhooks", message: (a) => `the payload${a.name ? ` property${prop(a)}` : ""} may now be null${context(a)}` },
  {
    id: "webhook-payload-enum-value-added",
    level: "WARN",
    direction: "response",
    family: "webhooks",
    message: (a) => `the payload${a.name ? ` property${prop(a)}` : ""} may now be ${a.values}: receivers switching over its values do not handle it${context(a)}`,
  },
] as const satisfies readonly Rule[];

/** The response-side id of a payload change, and the receiver's id for it. */
const RECEIVER: Partial<Record<RuleId, RuleId>> = {
  "response-required-property-removed": "webhook-payload-property-removed",
  "response-property-became-optional": "webhook-payload-property-became-optional",
  "response-body-became-nullable": "webhook-payload-became-nullable",
  "response-property-became-nullable": "webhook-payload-became-nullable",
  "response-body-enum-value-added": "webhook-payload-enum-value-added",
  "response-property-enum-value-added": "webhook-payload-enum-value-added",
};

function names(ctx: DiffContext, side: "base" | "head"): Map<string, Located> {
  const out = new Map<string, Located>();
  for (const section of ["x-webhooks", "webhooks"]) {
    const list = child(rootOf(ctx[side]), section);
    for (const name of Object.keys(record(list))) out.set(name, child(list, name));
  }
  return out;
}

/** Webhooks added or removed, by name. */
export function diffWebhooks(ctx: DiffContext): void {
  const b = names(ctx, "base");
  const h = names(ctx, "head");
  for (const name of [...new Set([...b.keys(), ...h.keys()])].sort(compareText)) {
    if (!b.has(name)) ctx.report(GLOBAL, "webhook-added", at("head", h.get(name)!), { name });
    else if (!h.has(name)) ctx.report(GLOBAL, "webhook-removed", at("base", b.get(name)!), { name });
  }
}

/** The payload of a webhook present on both sides, read as the receiver reads it. */
export function diffWebhookPayload(ctx: OperationContext): void {
  if (ctx.webhook === undefined) return;
  const bEntry = child(ctx.baseOp, "requestBody");
  const hEntry = child(ctx.headOp, "requestBody");
  if (bEntry.value === undefined || hEntry.value === undefined) return;
  const b = deref(ctx.base, bEntry);
  const h = deref(ctx.head, hEntry);
  if (ctx.schemas.unchanged(b, h)) return;
  const receiver: OperationContext = {
    ...ctx,
    report(operation, id, where, args) {
      const mapped = RECEIVER[id];
      if (mapped) ctx.report(operation, mapped, where, args);
    },
  };
  diffMediaTypes(receiver, b, h, "request", "webhook payload", (mediaType, bm, hm) => {
    const bs = child(bm, "schema");
    const hs = child(hm, "schema");
    if (bs.value === undefined || hs.value === undefined) return;
    reportSchema(receiver, ctx.schemas.compare(bs, hs, "response"), { subject: "response-body", head: hs, context: `webhook payload, ${mediaType}`, mediaType });
  });
}
