/**
 * Parameter matching (path, query, header, cookie): path-item and operation parameters merged, path
 * parameters matched by position (renaming `{id}` to `{cardId}` is no change), header names without case.
 * @see https://spec.openapis.org/oas/v3.1.0#parameter-object
 */
import type { LoadedSpec } from "../../spec/load.ts";
import { compareText } from "../../spec/order.ts";
import { child, type Located } from "../../spec/refs.ts";
import { deref } from "./deref.ts";
import { record } from "./context.ts";

export interface Param {
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

export function parameters(spec: LoadedSpec, path: string, pathItem: Located, op: Located): Map<string, Param> {
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

export interface ParameterMatch {
  removed: Param[];
  added: Param[];
  /** Same name, another location: `[base, head]`. */
  moved: [Param, Param][];
  both: [Param, Param][];
}

export function matchParameters(base: Map<string, Param>, head: Map<string, Param>): ParameterMatch {
  const out: ParameterMatch = { removed: [], added: [], moved: [], both: [] };
  const keys = [...new Set([...base.keys(), ...head.keys()])].sort(compareText);
  const movedTo = new Set<string>();
  for (const key of keys) {
    const b = base.get(key);
    if (!b || head.has(key)) continue;
    const target = [...head.values()].find((p) => p.name === b.name && p.in !== b.in && !base.has(p.key) && !movedTo.has(p.key));
    if (target) {
      movedTo.add(target.key);
      out.moved.push([b, target]);
    } else out.removed.push(b);
  }
  for (const key of keys) {
    const b = base.get(key);
    const h = head.get(key);
    if (!h) continue;
    if (!b) {
      if (!movedTo.has(key)) out.added.push(h);
    } else out.both.push([b, h]);
  }
  return out;
}
