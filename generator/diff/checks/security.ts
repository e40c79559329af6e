/**
 * Security: the requirements an operation lists (its own `security`), the spec's global `security`,
 * and the security schemes of `components`. A requirement in head that base did not have was added;
 * one base had that head lacks was removed. An empty requirement (`{}`, anonymous) is not a scheme.
 * Levels are oasdiff's (INFO).
 * @see https://spec.openapis.org/oas/v3.1.0#security-requirement-object
 */
import { compareText, sortedEntries } from "../../spec/order.ts";
import { child, type Located } from "../../spec/refs.ts";
import { at, record, rootOf } from "../core/context.ts";
import type { DiffContext, OperationContext, RuleId } from "../registry.ts";
import type { Rule } from "../rule.ts";

export const GLOBAL = "";

export const securityRules = [
  { id: "api-security-added", level: "INFO", direction: "request", family: "security", message: (a) => `the endpoint now accepts the security requirement ${a.requirement}` },
  { id: "api-security-removed", level: "INFO", direction: "request", family: "security", message: (a) => `the endpoint no longer lists the security requirement ${a.requirement}` },
  { id: "api-security-scope-added", level: "INFO", direction: "request", family: "security", message: (a) => `the security scheme \`${a.scheme}\` now requires the scope(s) ${a.scopes}` },
  { id: "api-security-scope-removed", level: "INFO", direction: "request", family: "security", message: (a) => `the security scheme \`${a.scheme}\` no longer requires the scope(s) ${a.scopes}` },
  { id: "api-global-security-added", level: "INFO", family: "security", message: (a) => `the global security requirement ${a.requirement} was added` },
  { id: "api-global-security-removed", level: "INFO", family: "security", message: (a) => `the global security requirement ${a.requirement} was removed` },
  { id: "api-global-security-scope-added", level: "INFO", family: "security", message: (a) => `the global security scheme \`${a.scheme}\` now requires the scope(s) ${a.scopes}` },
  { id: "api-global-security-scope-removed", level: "INFO", family: "security", message: (a) => `the global security scheme \`${a.scheme}\` no longer requires the scope(s) ${a.scopes}` },
  { id: "api-security-component-added", level: "INFO", family: "security", message: (a) => `the security scheme \`${a.name}\` was added` },
  { id: "api-security-component-removed", level: "INFO", family: "security", message: (a) => `the security scheme \`${a.name}\` was removed` },
  { id: "api-security-component-type-changed", level: "INFO", family: "security", message: (a) => `the type of the security scheme \`${a.name}\` changed from ${a.from} to ${a.to}` },
  { id: "api-security-component-oauth-url-changed", level: "INFO", family: "security", message: (a) => `the OAuth authorization URL of \`${a.name}\` changed from ${a.from} to ${a.to}` },
  { id: "api-security-component-oauth-token-url-changed", level: "INFO", family: "security", message: (a) => `the OAuth token URL of \`${a.name}\` changed from ${a.from} to ${a.to}` },
  { id: "api-security-component-oauth-scope-added", level: "INFO", family: "security", message: (a) => `the OAuth scope(s) ${a.scopes} were added to \`${a.name}\`` },
  { id: "api-security-component-oauth-scope-removed", level: "INFO", family: "security", message: (a) => `the OAuth scope(s) ${a.scopes} were removed from \`${a.name}\`` },
  { id: "api-security-component-oauth-scope-changed", level: "INFO", family: "security", element: "description", message: (a) => `the description of the OAuth scope(s) ${a.scopes} of \`${a.name}\` changed` },
] as const satisfies readonly Rule[];

type Requirement = Map<string, string[]>;

/** The requirements of a `security` list, keyed by their sorted scheme names; anonymous (`{}`) left out. */
function requirements(list: Located): Map<string, Requirement> {
  const out = new Map<string, Requirement>();
  for (const item of Array.isArray(list.value) ? (list.value as unknown[]) : []) {
    const req: Requirement = new Map();
    for (const [scheme, scopes] of Object.entries(item && typeof item === "object" ? item : {})) {
      req.set(scheme, Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === "string") : []);
    }
    if (req.size > 0) out.set([...req.keys()].sort(compareText).join(" + "), req);
  }
  return out;
}

function quote(list: string[]): string {
  return list.map((s) => `\`${s}\``).join(", ");
}

interface SecurityIds {
  added: RuleId;
  removed: RuleId;
  scopeAdded: RuleId;
  scopeRemoved: RuleId;
}

const OPERATION_IDS: SecurityIds = { added: "api-security-added", removed: "api-security-removed", scopeAdded: "api-security-scope-added", scopeRemoved: "api-security-scope-removed" };
const GLOBAL_IDS: SecurityIds = { added: "api-global-security-added", removed: "api-global-security-removed", scopeAdded: "api-global-security-scope-added", scopeRemoved: "api-global-security-scope-removed" };

function compareLists(ctx: DiffContext, operation: string, base: Located, head: Located, ids: SecurityIds): void {
  const b = requirements(base);
  const h = requirements(head);
  const where = at("head", Array.isArray(head.value) ? head : base);
  for (const key of [...new Set([...b.keys(), ...h.keys()])].sort(compareText)) {
    const br = b.get(key);
    const hr = h.get(key);
    if (!br) ctx.report(operation, ids.added, at("head", head), { requirement: `\`${key}\`` });
    else if (!hr) ctx.report(operation, ids.removed, at("base", base), { requirement: `\`${key}\`` });
    else {
      for (const [scheme, scopes] of [...hr].sort(([x], [y]) => compareText(x, y))) {
        const was = new Set(br.get(scheme) ?? []);
        const now = new Set(scopes);
        const added = scopes.filter((s) => !was.has(s)).sort(compareText);
        const removed = [...was].filter((s) => !now.has(s)).sort(compareText);
        if (added.length > 0) ctx.report(operation, ids.scopeAdded, where, { scheme, scopes: quote(added) });
        if (removed.length > 0) ctx.report(operation, ids.scopeRemoved, where, { scheme, scopes: quote(removed) });
      }
    }
  }
}

/** The operation's own `security` list (the global one is compared once, by `diffGlobalSecurity`). */
export function diffSecurity(ctx: OperationContext): void {
  compareLists(ctx, ctx.operation, child(ctx.baseOp, "security"), child(ctx.headOp, "security"), OPERATION_IDS);
}

function flowUrls(scheme: Record<string, unknown>, key: "authorizationUrl" | "tokenUrl"): string {
  return sortedEntries(record({ value: scheme.flows, file: "", pointer: "" }))
    .map(([flow, value]) => `${flow}:${String(record({ value, file: "", pointer: "" })[key] ?? "")}`)
    .join(", ");
}

function flowScopes(scheme: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [, flow] of sortedEntries(record({ value: scheme.flows, file: "", pointer: "" }))) {
    const scopes = record({ value: record({ value: flow, file: "", pointer: "" }).scopes, file: "", pointer: "" });
    for (const [name, description] of Object.entries(scopes)) out.set(name, String(description ?? ""));
  }
  return out;
}

function diffSchemes(ctx: DiffContext): void {
  const bList = child(child(rootOf(ctx.base), "components"), "securitySchemes");
  const hList = child(child(rootOf(ctx.head), "components"), "securitySchemes");
  const b = record(bList);
  const h = record(hList);
  for (const name of [...new Set([...Object.keys(b), ...Object.keys(h)])].sort(compareText)) {
    if (!Object.hasOwn(b, name)) {
      ctx.report(GLOBAL, "api-security-component-added", at("head", child(hList, name)), { name });
      continue;
    }
    if (!Object.hasOwn(h, name)) {
      ctx.report(GLOBAL, "api-security-component-removed", at("base", child(bList, name)), { name });
      continue;
    }
    const bs = record(child(bList, name));
    const hs = record(child(hList, name));
    const where = at("head", child(hList, name));
    if (bs.type !== hs.type) ctx.report(GLOBAL, "api-security-component-type-changed", where, { name, from: String(bs.type), to: String(hs.type) });
    if (bs.type !== "oauth2" || hs.type !== "oauth2") continue;
    for (const [key, id] of [
      ["authorizationUrl", "api-security-component-oauth-url-changed"],
      ["tokenUrl", "api-security-component-oauth-token-url-changed"],
    ] as const) {
      const from = flowUrls(bs, key);
      const to = flowUrls(hs, key);
      if (from !== to) ctx.report(GLOBAL, id, where, { name, from, to });
    }
    const was = flowScopes(bs);
    const now = flowScopes(hs);
    const added = [...now.keys()].filter((s) => !was.has(s)).sort(compareText);
    const removed = [...was.keys()].filter((s) => !now.has(s)).sort(compareText);
    const changed = [...now.keys()].filter((s) => was.has(s) && was.get(s) !== now.get(s)).sort(compareText);
    if (added.length > 0) ctx.report(GLOBAL, "api-security-component-oauth-scope-added", where, { name, scopes: quote(added) });
    if (removed.length > 0) ctx.report(GLOBAL, "api-security-component-oauth-scope-removed", where, { name, scopes: quote(removed) });
    if (changed.length > 0) ctx.report(GLOBAL, "api-security-component-oauth-scope-changed", where, { name, scopes: quote(changed) });
  }
}

/** The spec's global `security` and its security schemes. */
export function diffGlobalSecurity(ctx: DiffContext): void {
  compareLists(ctx, GLOBAL, child(rootOf(ctx.base), "security"), child(rootOf(ctx.head), "security"), GLOBAL_IDS);
  diffSchemes(ctx);
}
