/**
 * Request bodies: added, removed, required flag; per media type the schema goes to the schema rules
 * in the request direction (a new required property breaks callers, a removed one does not).
 * @see https://spec.openapis.org/oas/v3.1.0#request-body-object
 */
import { child } from "../../spec/refs.ts";
import { deref } from "../core/deref.ts";
import { at, record } from "../core/context.ts";
import type { OperationContext } from "../registry.ts";
import type { Rule } from "../rule.ts";
import { diffMediaTypes } from "./media-types.ts";
import { reportSchema } from "./schemas.ts";

export const requestBodyRules = [
  { id: "request-body-added-required", level: "ERR", direction: "request", family: "request-bodies", message: () => "added a required request body" },
  { id: "request-body-added-optional", level: "INFO", direction: "request", family: "request-bodies", message: () => "added an optional request body" },
  { id: "request-body-removed", level: "ERR", direction: "request", family: "request-bodies", message: () => "removed the request body" },
  { id: "request-body-became-required", level: "ERR", direction: "request", family: "request-bodies", message: () => "the request body became required" },
  { id: "request-body-became-optional", level: "INFO", direction: "request", family: "request-bodies", message: () => "the request body became optional" },
] as const satisfies readonly Rule[];

export function diffRequestBody(ctx: OperationContext): void {
  const bEntry = child(ctx.baseOp, "requestBody");
  const hEntry = child(ctx.headOp, "requestBody");
  if (bEntry.value === undefined && hEntry.value === undefined) return;
  if (bEntry.value === undefined) {
    const required = record(deref(ctx.head, hEntry)).required === true;
    ctx.report(ctx.operation, required ? "request-body-added-required" : "request-body-added-optional", at("head", hEntry));
    return;
  }
  if (hEntry.value === undefined) {
    ctx.report(ctx.operation, "request-body-removed", at("base", bEntry));
    return;
  }
  const b = deref(ctx.base, bEntry);
  const h = deref(ctx.head, hEntry);
  // Unchanged flag, media types and schemas: nothing below would be reported.
  if (ctx.schemas.unchanged(b, h)) return;
  const wasRequired = record(b).required === true;
  const isRequired = record(h).required === true;
  if (wasRequired !== isRequired) ctx.report(ctx.operation, isRequired ? "request-body-became-required" : "request-body-became-optional", at("head", hEntry));
  diffMediaTypes(ctx, b, h, "request", "request body", (mediaType, bm, hm) => {
    const bs = child(bm, "schema");
    const hs = child(hm, "schema");
    if (bs.value === undefined || hs.value === undefined) return;
    reportSchema(ctx, ctx.schemas.compare(bs, hs, "request"), { subject: "request-body", head: hs, context: `request body, ${mediaType}`, mediaType });
  });
}
