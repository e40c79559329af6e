/**
 * Paths and operations: added, removed (with or without deprecation first), deprecated, and
 * operationId renames (which rename the generated client method).
 * @see https://spec.openapis.org/oas/v3.1.0#paths-object
 */
import { compareText, sortedEntries } from "../../order.ts";
import { child, deref, type Located } from "../../refs.ts";
import { at, record, type DiffContext, type OperationContext } from "../context.ts";
import type { Rule } from "../types.ts";

export const pathRules: Rule[] = [
  { id: "endpoint-added", level: "INFO", family: "paths", message: () => "endpoint added" },
  { id: "api-removed-without-deprecation", level: "ERR", family: "paths", message: () => "endpoint removed without deprecation" },
  { id: "api-removed-with-deprecation", level: "INFO", family: "paths", message: () => "deprecated endpoint removed" },
  { id: "api-path-removed-without-deprecation", level: "ERR", family: "paths", message: () => "path removed without deprecation" },
  { id: "api-path-removed-with-deprecation", level: "INFO", family: "paths", message: () => "deprecated path removed" },
  { id: "endpoint-deprecated", level: "INFO", family: "paths", message: () => "endpoint deprecated" },
  { id: "endpoint-reactivated", level: "INFO", family: "paths", message: () => "endpoint is no longer deprecated" },
  {
    id: "api-operation-id-removed",
    level: "ERR",
    family: "paths",
    message: (a) => (a.to ? `operationId \`${a.from}\` renamed to \`${a.to}\`: the client method is renamed` : `operationId \`${a.from}\` removed: the client method is renamed`),
  },
  { id: "api-operation-id-added", level: "INFO", family: "paths", message: (a) => `operationId \`${a.to}\` added` },
];

export const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** `/cards/{id}` and `/cards/{cardId}` are the same endpoint: parameter names do not matter. */
export function pathKey(path: string): string {
  return path.replace(/\{[^}]*\}/g, "{}");
}

interface Endpoint {
  path: string;
  method: string;
  pathItem: Located;
  op: Located;
}

function endpoints(ctx: DiffContext, side: "base" | "head"): { byKey: Map<string, Endpoint>; pathKeys: Set<string> } {
  const spec = side === "base" ? ctx.base : ctx.head;
  const root: Located = { value: spec.root.data, file: spec.rootPath, pointer: "" };
  const paths = child(root, "paths");
  const byKey = new Map<string, Endpoint>();
  const pathKeys = new Set<string>();
  for (const [path] of sortedEntries(record(paths))) {
    const pathItem = deref(spec, child(paths, path));
    pathKeys.add(pathKey(path));
    for (const method of METHODS) {
      const op = child(pathItem, method);
      if (op.value === undefined) continue;
      byKey.set(`${method} ${pathKey(path)}`, { path, method, pathItem, op: deref(spec, op) });
    }
  }
  return { byKey, pathKeys };
}

export function label(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}

/** Match the operations of both sides; report added and removed ones, call `each` for the rest. */
export function diffPaths(ctx: DiffContext, each: (op: OperationContext) => void): void {
  const base = endpoints(ctx, "base");
  const head = endpoints(ctx, "head");
  const keys = [...new Set([...base.byKey.keys(), ...head.byKey.keys()])].sort(compareText);
  for (const key of keys) {
    const b = base.byKey.get(key);
    const h = head.byKey.get(key);
    if (!b) {
      ctx.report(label(h!.method, h!.path), "endpoint-added", at("head", h!.op));
      continue;
    }
    if (!h) {
      const deprecated = record(b.op).deprecated === true;
      const pathGone = !head.pathKeys.has(pathKey(b.path));
      const id = pathGone
        ? deprecated
          ? "api-path-removed-with-deprecation"
          : "api-path-removed-without-deprecation"
        : deprecated
          ? "api-removed-with-deprecation"
          : "api-removed-without-deprecation";
      ctx.report(label(b.method, b.path), id, at("base", b.op));
      continue;
    }
    const op: OperationContext = { ...ctx, operation: label(h.method, h.path), baseOp: b.op, headOp: h.op, basePathItem: b.pathItem, headPathItem: h.pathItem };
    diffOperation(op);
    each(op);
  }
}

function diffOperation(ctx: OperationContext): void {
  const b = record(ctx.baseOp);
  const h = record(ctx.headOp);
  const wasDeprecated = b.deprecated === true;
  const isDeprecated = h.deprecated === true;
  if (!wasDeprecated && isDeprecated) ctx.report(ctx.operation, "endpoint-deprecated", at("head", child(ctx.headOp, "deprecated")));
  if (wasDeprecated && !isDeprecated) ctx.report(ctx.operation, "endpoint-reactivated", at("head", ctx.headOp));
  const from = typeof b.operationId === "string" ? b.operationId : "";
  const to = typeof h.operationId === "string" ? h.operationId : "";
  if (from !== to) {
    if (from === "") ctx.report(ctx.operation, "api-operation-id-added", at("head", child(ctx.headOp, "operationId")), { to });
    else ctx.report(ctx.operation, "api-operation-id-removed", at(to ? "head" : "base", child(to ? ctx.headOp : ctx.baseOp, "operationId")), { from, to });
  }
}
