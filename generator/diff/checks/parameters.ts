/**
 * Parameters (path, query, header, cookie): added, removed, required flag, moved to another location,
 * deprecated, and their schema (type, enum, bounds, pattern) through the schema and enum checks.
 * Path parameters are matched by position, so renaming `{id}` to `{cardId}` is no change.
 * @see https://spec.openapis.org/oas/v3.1.0#parameter-object
 */
import { compareText } from "../../order.ts";
import { child, deref, type Located } from "../../refs.ts";
import { at, record, reportShallow, type OperationContext } from "../context.ts";
import type { LoadedSpec } from "../../load.ts";
import type { Rule } from "../types.ts";

export const parameterRules: Rule[] = [
  { id: "new-required-request-parameter", level: "ERR", direction: "request", family: "parameters", message: (a) => `added the new required ${a.in} request parameter \`${a.name}\`` },
  { id: "new-optional-request-parameter", level: "INFO", direction: "request", family: "parameters", message: (a) => `added the new optional ${a.in} request parameter \`${a.name}\`` },
  { id: "request-parameter-removed", level: "WARN", direction: "request", family: "parameters", message: (a) => `removed the ${a.in} request parameter \`${a.name}\`` },
  { id: "request-parameter-became-required", level: "ERR", direction: "request", family: "parameters", message: (a) => `the ${a.in} request parameter \`${a.name}\` became required` },
  { id: "request-parameter-became-optional", level: "INFO", direction: "request", family: "parameters", message: (a) => `the ${a.in} request parameter \`${a.name}\` became optional` },
  { id: "request-parameter-location-changed", level: "ERR", direction: "request", family: "parameters", message: (a) => `the request parameter \`${a.name}\` moved from ${a.from} to ${a.to}` },
  { id: "request-parameter-deprecated", level: "INFO", direction: "request", family: "parameters", message: (a) => `the ${a.in} request parameter \`${a.name}\` was deprecated` },
  { id: "request-parameter-reactivated", level: "INFO", direction: "request", family: "parameters", message: (a) => `the ${a.in} request parameter \`${a.name}\` is no longer deprecated` },
];

interface Param {
  key: string;
  name: string;
  in: string;
  /** The entry in the `parameters` list (where findings point). */
  entry: Located;
  /** The parameter object, `$ref` followed. */
  node: Located;
  required: boolean;
  deprecated: boolean;
  schema?: Located;
}

function parameters(spec: LoadedSpec, path: string, pathItem: Located, op: Located): Map<string, Param> {
  const out = new Map<string, Param>();
  const pathNames = [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!);
  for (const owner of [pathItem, op]) {
    const list = child(owner, "parameters");
    if (!Array.isArray(list.value)) continue;
    list.value.forEach((_, i) => {
      const entry = child(list, i);
      const node = deref(spec, entry);
      const p = record(node);
      if (typeof p.name !== "string" || typeof p.in !== "string") return;
      const position = pathNames.indexOf(p.name);
      const key = p.in === "path" ? `path:#${position === -1 ? p.name : position}` : `${p.in}:${p.in === "header" ? p.name.toLowerCase() : p.name}`;
      let schema: Located | undefined = p.schema !== undefined ? child(node, "schema") : undefined;
      if (!schema && p.content && typeof p.content === "object") {
        const [mediaType] = Object.keys(p.content as object).sort(compareText);
        if (mediaType !== undefined) schema = child(child(child(node, "content"), mediaType), "schema");
      }
      out.set(key, { key, name: p.name, in: p.in, entry, node, required: p.in === "path" || p.required === true, deprecated: p.deprecated === true, schema });
    });
  }
  return out;
}

function pathOf(ctx: OperationContext, side: "base" | "head"): string {
  const pointer = (side === "base" ? ctx.basePathItem : ctx.headPathItem).pointer;
  // The path item may sit behind a $ref; the operation label always holds the head path.
  const fromLabel = ctx.operation.slice(ctx.operation.indexOf(" ") + 1);
  return pointer.startsWith("/paths/") ? pointer.slice("/paths/".length).replace(/~1/g, "/").replace(/~0/g, "~") : fromLabel;
}

export function diffParameters(ctx: OperationContext): void {
  const base = parameters(ctx.base, pathOf(ctx, "base"), ctx.basePathItem, ctx.baseOp);
  const head = parameters(ctx.head, pathOf(ctx, "head"), ctx.headPathItem, ctx.headOp);
  const keys = [...new Set([...base.keys(), ...head.keys()])].sort(compareText);
  const moved = new Set<string>();
  for (const key of keys) {
    const b = base.get(key);
    const h = head.get(key);
    if (b && !h) {
      const target = [...head.values()].find((p) => p.name === b.name && p.in !== b.in && !base.has(p.key));
      if (target) {
        moved.add(target.key);
        ctx.report(ctx.operation, "request-parameter-location-changed", at("head", target.entry), { name: b.name, from: b.in, to: target.in });
      } else {
        ctx.report(ctx.operation, "request-parameter-removed", at("base", b.entry), { name: b.name, in: b.in });
      }
    }
  }
  for (const key of keys) {
    const b = base.get(key);
    const h = head.get(key);
    if (!h) continue;
    const args = { name: h.name, in: h.in };
    if (!b) {
      if (!moved.has(key)) ctx.report(ctx.operation, h.required ? "new-required-request-parameter" : "new-optional-request-parameter", at("head", h.entry), args);
      continue;
    }
    if (b.required !== h.required) ctx.report(ctx.operation, h.required ? "request-parameter-became-required" : "request-parameter-became-optional", at("head", h.entry), args);
    if (b.deprecated !== h.deprecated) ctx.report(ctx.operation, h.deprecated ? "request-parameter-deprecated" : "request-parameter-reactivated", at("head", h.entry), args);
    if (b.schema && h.schema) {
      reportShallow(ctx, b.schema, h.schema, { subject: "request-parameter", where: h.schema, context: `${h.in} parameter`, name: h.name });
    }
  }
}
