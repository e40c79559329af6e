/**
 * The spec's operations as the mock routes them, each with how it pages: read by the generator's own
 * model (pagination.ts, the config's `pagination` entries), so the mock pages exactly the operations
 * a generated client pages, the same way.
 */
import type { ApiConfig } from "../config/index.ts";
import { buildModel } from "../pipeline/model.ts";
import type { LoadedSpec } from "../spec/load.ts";
import { openapi31View } from "../spec/openapi32.ts";
import type { Paging } from "../../templates/runtime/pages.ts";

/** An operation of the spec, and how it pages when it does. */
export interface MockRoute {
  method: string;
  /** The path template as the spec writes it. */
  path: string;
  paging?: Paging;
}

export function mockRoutes(spec: LoadedSpec, api: ApiConfig): MockRoute[] {
  const model = buildModel(openapi31View(spec).spec, api, "");
  return model.operations.map(({ method, path, pagination }) => ({
    method,
    path,
    ...(pagination?.paging ? { paging: pagination.paging } : {}),
  }));
}

/**
 * The route of a request: the spec's path templates as patterns, a path without parameters before
 * one with (`/users/me` before `/users/{id}`), as Prism matches them.
 */
export function routeMatcher(routes: readonly MockRoute[]): (method: string, pathname: string) => MockRoute | undefined {
  const compiled = routes
    .map((route) => {
      const parts = route.path.split(/(\{[^}]*\})/);
      const source = parts.map((part) => (/^\{.*\}$/.test(part) ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("");
      return { route, pattern: new RegExp(`^${source}$`), params: parts.filter((p) => /^\{.*\}$/.test(p)).length };
    })
    .sort((a, b) => a.params - b.params);
  return (method, pathname) => {
    const lower = method.toLowerCase();
    return compiled.find(({ route, pattern }) => route.method === lower && pattern.test(pathname))?.route;
  };
}
