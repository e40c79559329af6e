/**
 * Which operation of the spec a recorded request was: method + path template, under one of the
 * spec's servers (host and base path) or an explicit base URL.
 */
import type { LoadedSpec } from "../spec/load.ts";
import type { Located } from "../spec/refs.ts";
import { forEachOperation, isRecord } from "../spec/walk.ts";

export interface SpecOperation {
  /** operationId, or "METHOD /path" when the spec gives none. */
  id: string;
  method: string;
  /** The path template as written, for example "/api/v2/billing/cards/{id}". */
  path: string;
  operation: Located<Record<string, unknown>>;
}

/** Where the API lives: a host to match (undefined: any host) and a base path to strip. */
export interface ServerBase {
  origin?: string;
  basePath: string;
}

export type MatchResult =
  | { kind: "matched"; operation: SpecOperation; pathParams: Record<string, string> }
  /** The request went to the API, but no operation has this method and path. */
  | { kind: "unknown"; path: string }
  /** The request went somewhere else (another host, outside the base path, a CORS preflight). */
  | { kind: "ignored"; reason: string };

interface Route {
  operation: SpecOperation;
  pattern: RegExp;
  params: string[];
  /** Literal characters in the template: the more, the more specific ("/cards/mine" beats "/cards/{id}"). */
  literalLength: number;
}

export function specOperations(spec: LoadedSpec): SpecOperation[] {
  const operations: SpecOperation[] = [];
  forEachOperation(spec, ({ path, method, operation }) => {
    if (!isRecord(operation.value)) return;
    const op = operation as Located<Record<string, unknown>>;
    const id = typeof op.value.operationId === "string" ? op.value.operationId : `${method.toUpperCase()} ${path}`;
    operations.push({ id, method: method.toUpperCase(), path, operation: op });
  });
  return operations;
}

/** The spec's servers as bases; `baseUrl` (for a recording made against another host) replaces them. */
export function serverBases(spec: LoadedSpec, baseUrl?: string): ServerBase[] {
  if (baseUrl !== undefined) return [baseFromUrl(baseUrl)];
  const servers = (spec.root.data as { servers?: unknown }).servers;
  const urls = Array.isArray(servers) ? servers.map((s) => (s as { url?: unknown })?.url).filter((u): u is string => typeof u === "string") : [];
  return urls.length === 0 ? [{ basePath: "" }] : urls.map((url) => baseFromUrl(withDefaultVariables(spec, url)));
}

function baseFromUrl(url: string): ServerBase {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    const parsed = new URL(url);
    return { origin: parsed.origin, basePath: trimSlash(parsed.pathname) };
  }
  return { basePath: trimSlash(url) };
}

/** `https://{region}.example.com` with the variable's default, as the generated client does. */
function withDefaultVariables(spec: LoadedSpec, url: string): string {
  const servers = (spec.root.data as { servers?: { url?: string; variables?: Record<string, { default?: string }> }[] }).servers ?? [];
  const variables = servers.find((s) => s.url === url)?.variables ?? {};
  return url.replace(/\{([^}]+)\}/g, (whole, name: string) => variables[name]?.default ?? whole);
}

function trimSlash(path: string): string {
  return path.replace(/\/+$/, "");
}

export function createMatcher(operations: SpecOperation[], bases: ServerBase[]): (method: string, url: string) => MatchResult {
  const routes = operations.map(route).sort((a, b) => b.literalLength - a.literalLength || a.params.length - b.params.length);
  const methodsByPath = new Set(operations.map((op) => `${op.method} ${op.path}`));
  return (method, url) => {
    const parsed = new URL(url);
    const base = bases.find((b) => (b.origin === undefined || b.origin === parsed.origin) && isUnder(parsed.pathname, b.basePath));
    if (!base) return { kind: "ignored", reason: "not a request to the API's server" };
    const path = parsed.pathname.slice(base.basePath.length) || "/";
    const upper = method.toUpperCase();
    const samePath = routes.filter((r) => r.pattern.test(path));
    const found = samePath.find((r) => r.operation.method === upper);
    if (found) return { kind: "matched", operation: found.operation, pathParams: paramsOf(found, path) };
    // A browser's CORS preflight is not a call the spec describes.
    if (upper === "OPTIONS" && !samePath.some((r) => methodsByPath.has(`OPTIONS ${r.operation.path}`))) return { kind: "ignored", reason: "CORS preflight" };
    return { kind: "unknown", path };
  };
}

function isUnder(pathname: string, basePath: string): boolean {
  return basePath === "" || pathname === basePath || pathname.startsWith(`${basePath}/`);
}

function route(operation: SpecOperation): Route {
  const params: string[] = [];
  let literalLength = 0;
  const source = operation.path
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const param = /^\{([^}]+)\}$/.exec(part);
      if (param) {
        params.push(param[1]!);
        return "([^/]+)";
      }
      literalLength += part.length;
      return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("");
  return { operation, pattern: new RegExp(`^${source}/?$`), params, literalLength };
}

function paramsOf(found: Route, path: string): Record<string, string> {
  const values = found.pattern.exec(path)!.slice(1);
  return Object.fromEntries(found.params.map((name, i) => [name, safeDecode(values[i]!)]));
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
