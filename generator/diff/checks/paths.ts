/**
 * Paths and operations: added, removed (with or without deprecation first, before or after the
 * sunset), deprecated (with the sunset policy), stability level, operationId and tags. A renamed
 * operationId is oasdiff's optional check (INFO): the wire contract is unchanged, and the renamed
 * client method is reported by the generated-client section.
 * @see https://spec.openapis.org/oas/v3.1.0#paths-object
 */
import { compareText } from "../../spec/order.ts";
import { child } from "../../spec/refs.ts";
import { at, record } from "../core/context.ts";
import { label, matchOperations, type Endpoint } from "../core/operations.ts";
import type { DiffContext, OperationContext, RuleId } from "../registry.ts";
import type { Rule } from "../rule.ts";
import { dateText, deprecationVerdict, removalVerdict, stabilityOf, stabilityRank, sunsetOf, daysUntil, deprecationDays } from "./lifecycle.ts";

export const pathRules = [
  { id: "endpoint-added", level: "INFO", family: "paths", message: () => "endpoint added" },
  { id: "api-removed-without-deprecation", level: "ERR", family: "paths", message: () => "endpoint removed without deprecation" },
  { id: "api-removed-with-deprecation", level: "INFO", family: "paths", message: () => "deprecated endpoint removed" },
  { id: "api-removed-before-sunset", level: "ERR", family: "paths", message: (a) => `endpoint removed before its sunset date ${a.date}` },
  { id: "api-path-removed-without-deprecation", level: "ERR", family: "paths", message: () => "path removed without deprecation" },
  { id: "api-path-removed-with-deprecation", level: "INFO", family: "paths", message: () => "deprecated path removed" },
  { id: "api-path-removed-before-sunset", level: "ERR", family: "paths", message: (a) => `path removed before its sunset date ${a.date}` },
  { id: "api-path-sunset-parse", level: "ERR", family: "paths", message: (a) => `the sunset date ${a.date} does not parse (RFC 3339 date expected)` },
  { id: "endpoint-deprecated", level: "INFO", family: "paths", message: () => "endpoint deprecated" },
  { id: "endpoint-deprecated-with-sunset", level: "INFO", family: "paths", message: (a) => `endpoint deprecated, sunset ${a.date}` },
  { id: "endpoint-reactivated", level: "INFO", family: "paths", message: () => "endpoint is no longer deprecated" },
  { id: "api-deprecated-sunset-missing", level: "ERR", family: "paths", message: (a) => `endpoint deprecated without a sunset date (the policy asks for ${a.days} days)` },
  { id: "api-deprecated-sunset-parse", level: "ERR", family: "paths", message: (a) => `the sunset date ${a.date} does not parse (RFC 3339 date expected)` },
  { id: "api-sunset-date-too-small", level: "ERR", family: "paths", message: (a) => `sunset date ${a.date} is too early: it must be at least ${a.days} days from now` },
  { id: "sunset-deleted", level: "ERR", family: "paths", message: () => "the sunset date was deleted from a deprecated endpoint" },
  { id: "api-sunset-date-changed-too-small", level: "ERR", family: "paths", message: (a) => `the sunset date moved earlier, from ${a.from} to ${a.to}, less than ${a.days} days from now` },
  { id: "api-invalid-stability-level", level: "ERR", family: "paths", message: (a) => `x-stability-level ${a.value} is not one of draft, alpha, beta, stable` },
  { id: "api-stability-decreased", level: "ERR", family: "paths", message: (a) => `endpoint stability decreased from ${a.from} to ${a.to}` },
  { id: "api-stability-increased", level: "INFO", family: "paths", message: (a) => `endpoint stability increased from ${a.from} to ${a.to}` },
  {
    id: "api-operation-id-removed",
    level: "INFO",
    family: "paths",
    optional: true,
    message: (a) => (a.to ? `operationId \`${a.from}\` renamed to \`${a.to}\`: the client method is renamed` : `operationId \`${a.from}\` removed: the client method is renamed`),
  },
  { id: "api-operation-id-added", level: "INFO", family: "paths", message: (a) => `operationId \`${a.to}\` added` },
  { id: "api-tag-added", level: "INFO", family: "paths", message: (a) => `tag \`${a.name}\` added` },
  { id: "api-tag-removed", level: "INFO", family: "paths", optional: true, message: (a) => `tag \`${a.name}\` removed` },
] as const satisfies readonly Rule[];

function removedId(pathGone: boolean, verdict: NonNullable<ReturnType<typeof removalVerdict>>): RuleId {
  switch (verdict) {
    case "sunset-parse":
      return "api-path-sunset-parse";
    case "before-sunset":
      return pathGone ? "api-path-removed-before-sunset" : "api-removed-before-sunset";
    case "with-deprecation":
      return pathGone ? "api-path-removed-with-deprecation" : "api-removed-with-deprecation";
    default:
      return pathGone ? "api-path-removed-without-deprecation" : "api-removed-without-deprecation";
  }
}

function reportRemoved(ctx: DiffContext, b: Endpoint & { pathGone: boolean }): void {
  const op = record(b.op);
  const stability = stabilityOf(op);
  // A draft or alpha endpoint carries no promise; removing it with its path breaks nobody it promised.
  if (b.pathGone && (stability === "draft" || stability === "alpha")) return;
  const verdict = removalVerdict(op, ctx.settings);
  if (!verdict) return;
  const sunset = op["x-sunset"];
  ctx.report(label(b.method, b.path), removedId(b.pathGone, verdict), at("base", b.op), { date: String(sunset ?? "") });
}

/** Operations added to or removed from `paths` (the webhooks family reports webhooks added or removed). */
export function diffEndpoints(ctx: DiffContext): void {
  const match = matchOperations(ctx.base, ctx.head);
  for (const h of match.added) ctx.report(label(h.method, h.path), "endpoint-added", at("head", h.op));
  for (const b of match.removed) reportRemoved(ctx, b);
}

const DEPRECATION_IDS = {
  deprecated: "endpoint-deprecated",
  "with-sunset": "endpoint-deprecated-with-sunset",
  "sunset-missing": "api-deprecated-sunset-missing",
  "sunset-parse": "api-deprecated-sunset-parse",
  "sunset-too-small": "api-sunset-date-too-small",
} as const satisfies Record<string, RuleId>;

function diffDeprecation(ctx: OperationContext, b: Record<string, unknown>, h: Record<string, unknown>): void {
  const stability = stabilityOf(h);
  const days = String(stability === "invalid" ? 0 : deprecationDays(ctx.settings, stability));
  const sunset = sunsetOf(h);
  const date = sunset instanceof Date ? dateText(sunset) : String(h["x-sunset"] ?? "");
  const where = at("head", child(ctx.headOp, "deprecated"));
  if (b.deprecated !== true && h.deprecated === true) {
    const verdict = deprecationVerdict(h, ctx.settings);
    if (verdict) ctx.report(ctx.operation, DEPRECATION_IDS[verdict], where, { date, days });
  }
  if (b.deprecated === true && h.deprecated !== true) ctx.report(ctx.operation, "endpoint-reactivated", at("head", ctx.headOp));
  if (b.deprecated !== true || h.deprecated !== true) return;
  const was = sunsetOf(b);
  if (was !== undefined && sunset === undefined) ctx.report(ctx.operation, "sunset-deleted", at("head", ctx.headOp));
  else if (was instanceof Date && sunset instanceof Date && sunset < was && stability !== "invalid" && daysUntil(sunset, ctx.settings) < deprecationDays(ctx.settings, stability)) {
    ctx.report(ctx.operation, "api-sunset-date-changed-too-small", at("head", child(ctx.headOp, "x-sunset")), { from: dateText(was), to: date, days });
  } else if ((was === "invalid" || sunset === "invalid") && b["x-sunset"] !== h["x-sunset"]) {
    ctx.report(ctx.operation, "api-path-sunset-parse", at("head", child(ctx.headOp, "x-sunset")), { date });
  }
}

function diffStability(ctx: OperationContext, b: Record<string, unknown>, h: Record<string, unknown>): void {
  const was = stabilityOf(b);
  const now = stabilityOf(h);
  if (was === "invalid") ctx.report(ctx.operation, "api-invalid-stability-level", at("base", child(ctx.baseOp, "x-stability-level")), { value: `\`${String(b["x-stability-level"])}\`` });
  if (now === "invalid") ctx.report(ctx.operation, "api-invalid-stability-level", at("head", child(ctx.headOp, "x-stability-level")), { value: `\`${String(h["x-stability-level"])}\`` });
  if (was === "invalid" || now === "invalid" || was === now) return;
  const id = stabilityRank(now) < stabilityRank(was) ? "api-stability-decreased" : "api-stability-increased";
  ctx.report(ctx.operation, id, at("head", child(ctx.headOp, "x-stability-level")), { from: was, to: now });
}

function tags(op: Record<string, unknown>): string[] {
  return Array.isArray(op.tags) ? op.tags.filter((t): t is string => typeof t === "string") : [];
}

/** One operation on both sides: deprecation, stability, operationId, tags. */
export function diffOperation(ctx: OperationContext): void {
  const b = record(ctx.baseOp);
  const h = record(ctx.headOp);
  diffDeprecation(ctx, b, h);
  diffStability(ctx, b, h);
  const from = typeof b.operationId === "string" ? b.operationId : "";
  const to = typeof h.operationId === "string" ? h.operationId : "";
  if (from !== to) {
    if (from === "") ctx.report(ctx.operation, "api-operation-id-added", at("head", child(ctx.headOp, "operationId")), { to });
    else ctx.report(ctx.operation, "api-operation-id-removed", at(to ? "head" : "base", child(to ? ctx.headOp : ctx.baseOp, "operationId")), { from, to });
  }
  const was = tags(b);
  const now = tags(h);
  for (const name of now.filter((t) => !was.includes(t)).sort(compareText)) ctx.report(ctx.operation, "api-tag-added", at("head", child(ctx.headOp, "tags")), { name });
  for (const name of was.filter((t) => !now.includes(t)).sort(compareText)) ctx.report(ctx.operation, "api-tag-removed", at("base", child(ctx.baseOp, "tags")), { name });
}
