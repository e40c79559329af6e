/**
 * Operation matching: the operations of both sides by method and path, with path parameter names
 * ignored (`/cards/{id}` and `/cards/{cardId}` are the same endpoint). Webhooks match by name, from
 * 3.1's `webhooks` or the `x-webhooks` of 3.0 specs alike.
 * @see https://spec.openapis.org/oas/v3.1.0#paths-object
 */
import type { LoadedSpec } from "../../spec/load.ts";
import { compareText } from "../../spec/order.ts";
import type { Located } from "../../spec/refs.ts";
import { forEachOperation } from "../../spec/walk.ts";

export function pathKey(path: string): string {
  return path.replace(/\{[^}]*\}/g, "{}");
}

export function label(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}

export interface Endpoint {
  path: string;
  method: string;
  pathItem: Located;
  op: Located;
}

/** Where operations are listed: `paths`, or the webhooks under either of their names. */
const SECTIONS = { paths: ["paths"], webhooks: ["x-webhooks", "webhooks"] } as const;

function endpoints(spec: LoadedSpec, section: "paths" | "webhooks", keyOf: (path: string) => string): { byKey: Map<string, Endpoint>; pathKeys: Set<string> } {
  const byKey = new Map<string, Endpoint>();
  const pathKeys = new Set<string>();
  for (const name of SECTIONS[section]) {
    forEachOperation(spec, ({ path, method, pathItem, operation }) => byKey.set(`${method} ${keyOf(path)}`, { path, method, pathItem, op: operation }), {
      section: name,
      onPathItem: (path) => pathKeys.add(keyOf(path)),
    });
  }
  return { byKey, pathKeys };
}

export interface OperationMatch {
  added: Endpoint[];
  /** `pathGone`: the whole path is gone from head, not only this method. */
  removed: (Endpoint & { pathGone: boolean })[];
  both: [Endpoint, Endpoint][];
}

/** Match the operations of `paths` (or `webhooks`) of both sides, in a stable order. */
export function matchOperations(base: LoadedSpec, head: LoadedSpec, section: "paths" | "webhooks" = "paths"): OperationMatch {
  const keyOf = section === "paths" ? pathKey : (name: string) => name;
  const b = endpoints(base, section, keyOf);
  const h = endpoints(head, section, keyOf);
  const out: OperationMatch = { added: [], removed: [], both: [] };
  for (const key of [...new Set([...b.byKey.keys(), ...h.byKey.keys()])].sort(compareText)) {
    const be = b.byKey.get(key);
    const he = h.byKey.get(key);
    if (!be) out.added.push(he!);
    else if (!he) out.removed.push({ ...be, pathGone: !h.pathKeys.has(keyOf(be.path)) });
    else out.both.push([be, he]);
  }
  return out;
}
