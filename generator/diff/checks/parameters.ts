/**
 * Parameters (path, query, header, cookie): added (to the operation or to the whole path), removed
 * (with the deprecation policy), required flag, moved to another location, deprecated, and their
 * schema through the schema rules. A form-exploded query parameter that becomes an array of its old
 * type still accepts `?q=a`: its type is generalized, not changed.
 * @see https://spec.openapis.org/oas/v3.1.0#parameter-object
 */
import { child } from "../../spec/refs.ts";
import { at, record } from "../core/context.ts";
import { matchParameters, parameters, type Param } from "../core/parameters.ts";
import { typeText } from "../core/own-changes.ts";
import { viewOf } from "../core/view.ts";
import type { OperationContext, RuleId } from "../registry.ts";
import type { Rule } from "../rule.ts";
import { dateText, daysUntil, deprecationDays, deprecationVerdict, removalVerdict, stabilityOf, sunsetOf } from "./lifecycle.ts";
import { reportSchema } from "./schemas.ts";

const param = (a: { in?: string; name?: string }) => `${a.in} request parameter \`${a.name}\``;

export const parameterRules = [
  { id: "new-required-request-parameter", level: "ERR", direction: "request", family: "parameters", message: (a) => `added the new required ${param(a)}` },
  { id: "new-optional-request-parameter", level: "INFO", direction: "request", family: "parameters", message: (a) => `added the new optional ${param(a)}` },
  { id: "new-request-path-parameter", level: "ERR", direction: "request", family: "parameters", message: (a) => `added the new path request parameter \`${a.name}\`` },
  { id: "new-required-request-default-parameter-to-existing-path", level: "ERR", direction: "request", family: "parameters", message: (a) => `added the new required ${param(a)} to every operation of the path` },
  { id: "new-optional-request-default-parameter-to-existing-path", level: "INFO", direction: "request", family: "parameters", message: (a) => `added the new optional ${param(a)} to every operation of the path` },
  { id: "request-parameter-removed", level: "WARN", direction: "request", family: "parameters", message: (a) => `removed the ${param(a)}` },
  { id: "request-parameter-removed-with-deprecation", level: "INFO", direction: "request", family: "parameters", message: (a) => `removed the deprecated ${param(a)}` },
  { id: "request-parameter-removed-before-sunset", level: "ERR", direction: "request", family: "parameters", message: (a) => `removed the ${param(a)} before its sunset date ${a.date}` },
  { id: "request-parameter-sunset-parse", level: "ERR", direction: "request", family: "parameters", message: (a) => `the sunset date ${a.date} of the ${param(a)} does not parse` },
  { id: "request-parameter-became-required", level: "ERR", direction: "request", family: "parameters", message: (a) => `the ${param(a)} became required` },
  { id: "request-parameter-became-optional", level: "INFO", direction: "request", family: "parameters", message: (a) => `the ${param(a)} became optional` },
  { id: "request-parameter-location-changed", level: "ERR", direction: "request", family: "parameters", message: (a) => `the request parameter \`${a.name}\` moved from ${a.from} to ${a.to}` },
  { id: "request-parameter-deprecated", level: "INFO", direction: "request", family: "parameters", message: (a) => `the ${param(a)} was deprecated` },
  { id: "request-parameter-deprecated-sunset-missing", level: "ERR", direction: "request", family: "parameters", message: (a) => `the ${param(a)} was deprecated without a sunset date (the policy asks for ${a.days} days)` },
  { id: "request-parameter-sunset-date-too-small", level: "ERR", direction: "request", family: "parameters", message: (a) => `the sunset date ${a.date} of the ${param(a)} is too early: at least ${a.days} days from now` },
  { id: "request-parameter-reactivated", level: "INFO", direction: "request", family: "parameters", message: (a) => `the ${param(a)} is no longer deprecated` },
  { id: "request-parameter-sunset-deleted", level: "ERR", direction: "request", family: "parameters", message: (a) => `the sunset date of the deprecated ${param(a)} was deleted` },
  { id: "request-parameter-sunset-date-changed-too-small", level: "ERR", direction: "request", family: "parameters", message: (a) => `the sunset date of the ${param(a)} moved earlier, from ${a.from} to ${a.to}` },
] as const satisfies readonly Rule[];

function addedId(ctx: OperationContext, h: Param): RuleId {
  if (h.in === "path") return "new-request-path-parameter";
  const onPath = h.entry.file === ctx.headPathItem.file && h.entry.pointer.startsWith(`${ctx.headPathItem.pointer}/parameters/`);
  if (onPath) return h.required ? "new-required-request-default-parameter-to-existing-path" : "new-optional-request-default-parameter-to-existing-path";
  return h.required ? "new-required-request-parameter" : "new-optional-request-parameter";
}

const REMOVED_IDS = {
  "without-deprecation": "request-parameter-removed",
  "with-deprecation": "request-parameter-removed-with-deprecation",
  "before-sunset": "request-parameter-removed-before-sunset",
  "sunset-parse": "request-parameter-sunset-parse",
} as const satisfies Record<string, RuleId>;

const DEPRECATED_IDS = {
  deprecated: "request-parameter-deprecated",
  "with-sunset": "request-parameter-deprecated",
  "sunset-missing": "request-parameter-deprecated-sunset-missing",
  "sunset-parse": "request-parameter-sunset-parse",
  "sunset-too-small": "request-parameter-sunset-date-too-small",
} as const satisfies Record<string, RuleId>;

function diffDeprecation(ctx: OperationContext, b: Param, h: Param): void {
  const bn = record(b.node);
  const hn = record(h.node);
  const sunset = sunsetOf(hn);
  const stability = stabilityOf(record(ctx.headOp));
  const days = stability === "invalid" ? 0 : deprecationDays(ctx.settings, stability);
  const args = { name: h.name, in: h.in, date: sunset instanceof Date ? dateText(sunset) : String(hn["x-sunset"] ?? ""), days: String(days) };
  if (!b.deprecated && h.deprecated) {
    // The operation's stability decides the policy; the parameter's own sunset is checked against it.
    const verdict = deprecationVerdict({ ...hn, "x-stability-level": record(ctx.headOp)["x-stability-level"] }, ctx.settings);
    if (verdict) ctx.report(ctx.operation, DEPRECATED_IDS[verdict], at("head", h.entry), args);
  }
  if (b.deprecated && !h.deprecated) ctx.report(ctx.operation, "request-parameter-reactivated", at("head", h.entry), args);
  if (!b.deprecated || !h.deprecated) return;
  const was = sunsetOf(bn);
  if (was !== undefined && sunset === undefined) ctx.report(ctx.operation, "request-parameter-sunset-deleted", at("head", h.entry), args);
  else if (was instanceof Date && sunset instanceof Date && sunset < was && daysUntil(sunset, ctx.settings) < days) {
    ctx.report(ctx.operation, "request-parameter-sunset-date-changed-too-small", at("head", h.entry), { ...args, from: dateText(was), to: dateText(sunset) });
  }
}

/** `?q=a` is still valid when `q` becomes a form-exploded array of the same type. */
function explodedToArray(ctx: OperationContext, b: Param, h: Param): boolean {
  if (!b.schema || !h.schema || (h.in !== "query" && h.in !== "cookie")) return false;
  const hn = record(h.node);
  if ((hn.style !== undefined && hn.style !== "form") || hn.explode === false) return false;
  const bv = viewOf(ctx.base, b.schema);
  const hv = viewOf(ctx.head, h.schema);
  if (!bv.types || bv.types.has("array") || !hv.types || hv.types.size !== 1 || !hv.types.has("array") || !hv.items) return false;
  const items = viewOf(ctx.head, hv.items).types;
  // A query string is text: string items take every scalar value the parameter took.
  if (items?.size === 1 && items.has("string")) return true;
  return items !== undefined && [...bv.types].every((t) => items.has(t) || (t === "integer" && items.has("number")));
}

export function diffParameters(ctx: OperationContext): void {
  const base = parameters(ctx.base, ctx.basePath, ctx.basePathItem, ctx.baseOp);
  const head = parameters(ctx.head, ctx.headPath, ctx.headPathItem, ctx.headOp);
  const match = matchParameters(base, head);
  for (const [b, h] of match.moved) ctx.report(ctx.operation, "request-parameter-location-changed", at("head", h.entry), { name: b.name, from: b.in, to: h.in });
  for (const b of match.removed) {
    const verdict = removalVerdict(record(b.node), ctx.settings);
    if (verdict) ctx.report(ctx.operation, REMOVED_IDS[verdict], at("base", b.entry), { name: b.name, in: b.in, date: String(record(b.node)["x-sunset"] ?? "") });
  }
  for (const h of match.added) ctx.report(ctx.operation, addedId(ctx, h), at("head", h.entry), { name: h.name, in: h.in });
  for (const [b, h] of match.both) {
    const args = { name: h.name, in: h.in };
    if (b.required !== h.required) ctx.report(ctx.operation, h.required ? "request-parameter-became-required" : "request-parameter-became-optional", at("head", h.entry), args);
    diffDeprecation(ctx, b, h);
    if (!b.schema || !h.schema) continue;
    // An unchanged schema is no change, exploded to an array or not.
    if (ctx.schemas.unchanged(b.schema, h.schema)) continue;
    const top = { subject: "request-parameter", context: `${h.in} parameter`, name: h.name, in: h.in } as const;
    if (explodedToArray(ctx, b, h)) {
      // Each old value is still one valid item, unless the items are constrained in other ways: then the
      // type change itself breaks (oasdiff reports it so, and nothing about the items).
      const from = typeText(viewOf(ctx.base, b.schema).types);
      const items = child(ctx.schemas.headNode(h.schema), "items");
      const constrained = [...ctx.schemas.compare(b.schema, items, "request").values()].some((f) => !/^(type|list-of-types)-/.test(f.kind));
      const id = constrained ? "request-parameter-type-changed" : "request-parameter-type-generalized";
      ctx.report(ctx.operation, id, at("head", h.schema), { ...args, from, to: `array of ${typeText(viewOf(ctx.head, items).types)}`, context: top.context });
      continue;
    }
    reportSchema(ctx, ctx.schemas.compare(b.schema, h.schema, "request"), { ...top, head: h.schema });
  }
}
