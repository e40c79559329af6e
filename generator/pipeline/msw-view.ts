/**
 * The view templates/msw.ts.hbs renders into `<api>/msw.ts` (opt-in, config `mswHandlers`): msw@2
 * handlers answering each operation with its success example, from generator/msw.ts's model.
 */
import type { LoadedSpec } from "../spec/load.ts";
import type { ApiModel } from "./model.ts";
import { buildMswModel, type MswHandlerModel } from "./msw.ts";

export interface MswView {
  specFile: string;
  title: string;
  /** `<api camel>Handlers`, an identifier. */
  functionName: string;
  defaultBaseUrl: string;
  handlers: MswHandlerView[];
}

export interface MswHandlerView {
  operationId: string;
  /** A method of msw's `http` namespace. */
  method: string;
  /** MSW path syntax (`/cards/:id`), appended to the base URL. */
  path: string;
  status: number;
  /** "" when the answer has no body. */
  contentType: string;
  /** False: the answer is an empty body (the spec documents none, or gives no example). */
  hasExample: boolean;
  example: unknown;
}

/** The methods msw's `http` namespace has (TRACE has none: such operations get no handler). */
const MSW_METHODS = new Set(["get", "post", "put", "patch", "delete", "head", "options"]);

export function buildMswView(spec: LoadedSpec, model: ApiModel): MswView {
  const msw = buildMswModel(spec);
  return {
    specFile: model.specFile,
    title: model.title,
    functionName: `${model.typeName[0]!.toLowerCase()}${model.typeName.slice(1)}Handlers`,
    defaultBaseUrl: msw.defaultBaseUrl,
    handlers: literalPathsFirst(msw.handlers.filter((h) => MSW_METHODS.has(h.method))).map(handlerView),
  };
}

function handlerView(handler: MswHandlerModel): MswHandlerView {
  const hasExample = handler.contentType !== undefined && handler.example !== undefined;
  return {
    operationId: handler.operationId,
    method: handler.method,
    path: handler.path,
    status: handler.status,
    contentType: hasExample ? handler.contentType! : "",
    hasExample,
    example: hasExample ? handler.example : null,
  };
}

/**
 * MSW answers with the first handler that matches, so `/cards/mine` must come before `/cards/:id`:
 * paths compared segment by segment, a literal before a parameter (then shorter first, then model order).
 */
export function literalPathsFirst<T extends { path: string }>(handlers: readonly T[]): T[] {
  const rank = (path: string) => path.split("/").map((segment) => (segment.startsWith(":") ? 1 : 0));
  const compare = (a: number[], b: number[]): number => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return a.length - b.length;
  };
  return handlers
    .map((handler, index) => ({ handler, index, rank: rank(handler.path) }))
    .sort((a, b) => compare(a.rank, b.rank) || a.index - b.index)
    .map(({ handler }) => handler);
}
