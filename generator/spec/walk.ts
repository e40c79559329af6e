/**
 * The one walk over a spec's operations (paths x methods) and the one "is a plain object" test.
 * Every stage that visits operations goes through here, so they all see the same operations in the
 * same order: paths sorted by the ordering helper, methods in HTTP_METHODS order.
 */
import type { LoadedSpec } from "./load.ts";
import { sortedEntries } from "./order.ts";
import { child, deref, type Located } from "./refs.ts";

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** A plain mapping: an object that is neither null nor an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export interface OperationVisit {
  /** The path template as written, for example "/pets/{id}". */
  path: string;
  method: HttpMethod;
  /** The path item, `$ref` followed: its value may still be anything when the spec is not validated. */
  pathItem: Located;
  /** The operation, `$ref` followed: its value may still be anything when the spec is not validated. */
  operation: Located;
}

export interface WalkOptions {
  /** Where the path items are: "paths" (default), "webhooks" (3.1) or "x-webhooks" (the 3.0 extension). */
  section?: "paths" | "webhooks" | "x-webhooks";
  /** Called instead of throwing when a path item or operation `$ref` does not resolve; the walk skips it. */
  onError?: (err: unknown, at: Located) => void;
  /** Called for every path item (`$ref` followed, whatever its value) before its operations. */
  onPathItem?: (path: string, pathItem: Located) => void;
}

/**
 * Calls `visit` for every operation of `spec` (an OpenAPI document as loaded), in a stable order.
 * A path item that is not a mapping is skipped (validate.ts reports it).
 */
export function forEachOperation(spec: LoadedSpec, visit: (operation: OperationVisit) => void, options: WalkOptions = {}): void {
  const root: Located = {
    value: spec.root.data,
    file: spec.rootPath,
    pointer: "",
  };
  const paths = child(root, options.section ?? "paths");
  if (!isRecord(paths.value)) return;
  const follow = (node: Located): Located | undefined => {
    if (!options.onError) return deref(spec, node);
    try {
      return deref(spec, node);
    } catch (err) {
      options.onError(err, node);
      return undefined;
    }
  };
  for (const [path] of sortedEntries(paths.value)) {
    if (path.startsWith("x-")) continue;
    const pathItem = follow(child(paths, path));
    if (!pathItem) continue;
    options.onPathItem?.(path, pathItem);
    if (!isRecord(pathItem.value)) continue;
    for (const method of HTTP_METHODS) {
      const at = child(pathItem, method);
      if (at.value === undefined) continue;
      const operation = follow(at);
      if (operation) visit({ path, method, pathItem, operation });
    }
  }
}
