/**
 * Responses: status codes added and removed (a removed success status breaks callers), then per
 * response its headers and, per media type, its schema in the response direction.
 * @see https://spec.openapis.org/oas/v3.1.0#responses-object
 */
import { compareText } from "../../spec/order.ts";
import { child } from "../../spec/refs.ts";
import { deref } from "../core/deref.ts";
import { at, record } from "../core/context.ts";
import type { OperationContext, RuleId } from "../registry.ts";
import type { Rule } from "../rule.ts";
import { diffHeaders } from "./headers.ts";
import { diffMediaTypes } from "./media-types.ts";
import { reportSchema } from "./schemas.ts";

export const responseRules = [
  { id: "response-success-status-added", level: "INFO", direction: "response", family: "responses", message: (a) => `added the success response with the status ${a.status}` },
  { id: "response-success-status-removed", level: "ERR", direction: "response", family: "responses", message: (a) => `removed the success response with the status ${a.status}` },
  { id: "response-non-success-status-added", level: "INFO", direction: "response", family: "responses", message: (a) => `added the non-success response with the status ${a.status}` },
  { id: "response-non-success-status-removed", level: "INFO", direction: "response", family: "responses", optional: true, message: (a) => `removed the non-success response with the status ${a.status}` },
] as const satisfies readonly Rule[];

const STATUS_IDS = {
  success: { added: "response-success-status-added", removed: "response-success-status-removed" },
  "non-success": { added: "response-non-success-status-added", removed: "response-non-success-status-removed" },
} as const satisfies Record<string, Record<"added" | "removed", RuleId>>;

function isSuccess(status: string): boolean {
  return /^2/.test(status);
}

export function diffResponses(ctx: OperationContext): void {
  const bList = child(ctx.baseOp, "responses");
  const hList = child(ctx.headOp, "responses");
  const b = record(bList);
  const h = record(hList);
  const statuses = [...new Set([...Object.keys(b), ...Object.keys(h)])].sort(compareText);
  for (const status of statuses) {
    const ids = STATUS_IDS[isSuccess(status) ? "success" : "non-success"];
    if (!Object.hasOwn(b, status)) {
      ctx.report(ctx.operation, ids.added, at("head", child(hList, status)), { status });
      continue;
    }
    if (!Object.hasOwn(h, status)) {
      ctx.report(ctx.operation, ids.removed, at("base", child(bList, status)), { status });
      continue;
    }
    const br = deref(ctx.base, child(bList, status));
    const hr = deref(ctx.head, child(hList, status));
    // Unchanged headers, media types and schemas: nothing below would be reported.
    if (ctx.schemas.unchanged(br, hr)) continue;
    const context = `response ${status}`;
    diffHeaders(ctx, br, hr, context);
    diffMediaTypes(ctx, br, hr, "response", context, (mediaType, bm, hm) => {
      const bs = child(bm, "schema");
      const hs = child(hm, "schema");
      if (bs.value === undefined || hs.value === undefined) return;
      reportSchema(ctx, ctx.schemas.compare(bs, hs, "response"), { subject: "response-body", head: hs, context: `${context}, ${mediaType}`, mediaType });
    });
  }
}
