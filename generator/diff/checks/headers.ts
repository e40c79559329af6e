/**
 * Response headers: added, removed, required flag, and their schema (shallow: type, enum, bounds).
 * Request headers are parameters (`in: header`), checked with the parameters.
 * @see https://spec.openapis.org/oas/v3.1.0#header-object
 */
import { compareText } from "../../order.ts";
import { child, deref, type Located } from "../../refs.ts";
import { at, record, reportShallow, type OperationContext } from "../context.ts";
import type { Rule } from "../types.ts";

export const headerRules: Rule[] = [
  { id: "response-header-added", level: "INFO", direction: "response", family: "headers", message: (a) => `added the response header \`${a.name}\` (${a.context})` },
  { id: "required-response-header-removed", level: "ERR", direction: "response", family: "headers", message: (a) => `removed the required response header \`${a.name}\` (${a.context})` },
  { id: "optional-response-header-removed", level: "WARN", direction: "response", family: "headers", message: (a) => `removed the optional response header \`${a.name}\` (${a.context})` },
  { id: "response-header-became-optional", level: "ERR", direction: "response", family: "headers", message: (a) => `the response header \`${a.name}\` became optional (${a.context})` },
  { id: "response-header-became-required", level: "INFO", direction: "response", family: "headers", message: (a) => `the response header \`${a.name}\` became required (${a.context})` },
];

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
    if (bs.value !== undefined && hs.value !== undefined) reportShallow(ctx, bs, hs, { subject: "response-header", where: hs, context, name: hh.name });
  }
}
