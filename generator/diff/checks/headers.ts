/**
 * Response headers: added, removed, required flag, and their schema (own keywords: type, enum, bounds).
 * Request headers are parameters (`in: header`), checked with the parameters.
 * @see https://spec.openapis.org/oas/v3.1.0#header-object
 */
import { compareText } from "../../spec/order.ts";
import { child, type Located } from "../../spec/refs.ts";
import { deref } from "../core/deref.ts";
import { at, record } from "../core/context.ts";
import type { OperationContext } from "../registry.ts";
import type { Rule } from "../rule.ts";
import { reportSchema } from "./schemas.ts";

export const headerRules = [
  { id: "response-header-added", level: "INFO", direction: "response", family: "headers", message: (a) => `added the response header \`${a.name}\` (${a.context})` },
  { id: "required-response-header-removed", level: "ERR", direction: "response", family: "headers", message: (a) => `removed the required response header \`${a.name}\` (${a.context})` },
  { id: "optional-response-header-removed", level: "WARN", direction: "response", family: "headers", message: (a) => `removed the optional response header \`${a.name}\` (${a.context})` },
  { id: "response-header-became-optional", level: "ERR", direction: "response", family: "headers", message: (a) => `the response header \`${a.name}\` became optional (${a.context})` },
  { id: "response-header-became-required", level: "INFO", direction: "response", family: "headers", message: (a) => `the response header \`${a.name}\` became required (${a.context})` },
] as const satisfies readonly Rule[];

function headers(owner: Located): Map<string, { name: string; entry: Located }> {
  const list = child(owner, "headers");
  const out = new Map<string, { name: string; entry: Located }>();
  for (const name of Object.keys(record(list))) {
    if (name.toLowerCase() === "content-type") continue;
    out.set(name.toLowerCase(), { name, entry: child(list, name) });
  }
  return out;
}

export function diffHeaders(ctx: OperationContext, base: Located, head: Located, context: string): void {
  const b = headers(base);
  const h = headers(head);
  for (const key of [...new Set([...b.keys(), ...h.keys()])].sort(compareText)) {
    const bh = b.get(key);
    const hh = h.get(key);
    if (!bh) {
      ctx.report(ctx.operation, "response-header-added", at("head", hh!.entry), { name: hh!.name, context });
      continue;
    }
    const bNode = deref(ctx.base, bh.entry);
    const wasRequired = record(bNode).required === true;
    if (!hh) {
      ctx.report(ctx.operation, wasRequired ? "required-response-header-removed" : "optional-response-header-removed", at("base", bh.entry), { name: bh.name, context });
      continue;
    }
    const hNode = deref(ctx.head, hh.entry);
    const isRequired = record(hNode).required === true;
    if (wasRequired !== isRequired) {
      ctx.report(ctx.operation, isRequired ? "response-header-became-required" : "response-header-became-optional", at("head", hh.entry), { name: hh.name, context });
    }
    const bs = child(bNode, "schema");
    const hs = child(hNode, "schema");
    if (bs.value !== undefined && hs.value !== undefined) reportSchema(ctx, ctx.schemas.compare(bs, hs, "response"), { subject: "response-header", head: hs, context, name: hh.name });
  }
}
