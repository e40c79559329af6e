/**
 * Security requirements: the alternatives an operation accepts (its own `security`, else the root's)
 * and their scopes. Accepting another way in is safe; dropping one, or asking a token for more
 * scopes, breaks the callers who use it. (oasdiff reports all of these as INFO; for a generated
 * client they decide whether calls still succeed.)
 * @see https://spec.openapis.org/oas/v3.1.0#security-requirement-object
 */
import { compareText } from "../../order.ts";
import { child, type Located } from "../../refs.ts";
import { at, type OperationContext } from "../context.ts";
import type { Rule } from "../types.ts";

export const securityRules: Rule[] = [
  { id: "api-security-added", level: "INFO", direction: "request", family: "security", message: (a) => `the endpoint now also accepts ${a.requirement}` },
  { id: "api-security-removed", level: "ERR", direction: "request", family: "security", message: (a) => `the endpoint no longer accepts ${a.requirement}` },
  { id: "api-security-scope-added", level: "ERR", direction: "request", family: "security", message: (a) => `the security scheme \`${a.scheme}\` now requires the scope(s) ${a.scopes}` },
  { id: "api-security-scope-removed", level: "INFO", direction: "request", family: "security", message: (a) => `the security scheme \`${a.scheme}\` no longer requires the scope(s) ${a.scopes}` },
];

type Requirement = Map<string, string[]>;

/** The effective requirement alternatives, keyed by their sorted scheme names ("" = no authentication). */
function requirements(root: Located, op: Located): { where: Located; alternatives: Map<string, Requirement> } {
  const own = child(op, "security");
  const where = Array.isArray(own.value) ? own : child(root, "security");
  const list = Array.isArray(where.value) ? (where.value as unknown[]) : [];
  const alternatives = new Map<string, Requirement>();
  for (const item of list.length === 0 ? [{}] : list) {
    const req: Requirement = new Map();
    for (const [scheme, scopes] of Object.entries(item && typeof item === "object" ? item : {})) {
      req.set(scheme, Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === "string") : []);
    }
    alternatives.set([...req.keys()].sort(compareText).join(" + "), req);
  }
  return { where: Array.isArray(where.value) ? where : op, alternatives };
}

function describe(key: string): string {
  return key === "" ? "unauthenticated calls" : `\`${key}\``;
}

function quote(list: string[]): string {
  return list.map((s) => `\`${s}\``).join(", ");
}

export function diffSecurity(ctx: OperationContext): void {
  const b = requirements({ value: ctx.base.root.data, file: ctx.base.rootPath, pointer: "" }, ctx.baseOp);
  const h = requirements({ value: ctx.head.root.data, file: ctx.head.rootPath, pointer: "" }, ctx.headOp);
  const anonymous = h.alternatives.has("");
  for (const key of [...new Set([...b.alternatives.keys(), ...h.alternatives.keys()])].sort(compareText)) {
    const br = b.alternatives.get(key);
    const hr = h.alternatives.get(key);
    if (!br) {
      ctx.report(ctx.operation, "api-security-added", at("head", h.where), { requirement: describe(key) });
    } else if (!hr) {
      // An endpoint that now accepts anyone still accepts the old credentials.
      if (!anonymous) ctx.report(ctx.operation, "api-security-removed", at("head", h.where), { requirement: describe(key) });
    } else {
      for (const [scheme, scopes] of [...hr].sort(([x], [y]) => compareText(x, y))) {
        const was = new Set(br.get(scheme) ?? []);
        const now = new Set(scopes);
        const added = scopes.filter((s) => !was.has(s)).sort(compareText);
        const removed = [...was].filter((s) => !now.has(s)).sort(compareText);
        if (added.length > 0) ctx.report(ctx.operation, "api-security-scope-added", at("head", h.where), { scheme, scopes: quote(added) });
        if (removed.length > 0) ctx.report(ctx.operation, "api-security-scope-removed", at("head", h.where), { scheme, scopes: quote(removed) });
      }
    }
  }
}
