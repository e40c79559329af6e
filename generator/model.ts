/**
 * Stage 3, model: turn a validated spec into plain data the templates loop over: operations, their
 * success and error responses, scopes and the error-envelope mapping. No code strings are built here.
 */
import type { ApiConfig, ErrorEnvelope } from "./config.ts";
import { UserError } from "./errors.ts";
import { locate, type LoadedSpec } from "./load.ts";
import { STATUS_KEY } from "./validate.ts";
import { compareText } from "./order.ts";
import { parsePointer } from "./pointer.ts";
import { child, deref, isRef, type Located } from "./refs.ts";
import { apiTypeName, operationNames } from "./naming.ts";
import { forEachOperation, type HttpMethod } from "./walk.ts";

export interface ResponseModel {
  /** The key as written in the spec: "200", "4XX" or "default". */
  status: string;
  /** Numeric status when the key is one; undefined for ranges and default. */
  statusNumber?: number;
  description?: string;
  /** The media type whose body the client decodes, if the response has content. */
  mediaType?: string;
  /** True when that media type is JSON (application/json, application/problem+json, *+json). */
  json: boolean;
}

export interface ErrorMemberModel extends ResponseModel {
  /** Literal codes the spec pins for this response, or undefined when the code is any string. */
  codes?: string[];
  /** The response declares Retry-After or X-RateLimit-* headers. */
  rateLimited: boolean;
}

export interface OperationModel {
  operationId: string;
  /** The client method: the operationId when it is an identifier, else its camelCase form. */
  methodName: string;
  /** PascalCase operationId, the stem of `<TypeName>Error`. */
  typeName: string;
  method: HttpMethod;
  path: string;
  summary?: string;
  description?: string;
  deprecated: boolean;
  externalDocsUrl?: string;
  /** Scopes of the security requirement (union over the alternatives, in spec order). */
  scopes: string[];
  securitySchemes: string[];
  success: ResponseModel[];
  errors: ErrorMemberModel[];
}

export interface ApiModel {
  name: string;
  /** PascalCase name: `create<TypeName>Client`. */
  typeName: string;
  title: string;
  version: string;
  /** Spec path relative to the project root, for the header. */
  specFile: string;
  specHash: string;
  defaultBaseUrl: string;
  envelope: ErrorEnvelope;
  operations: OperationModel[];
}

const RATE_LIMIT_HEADERS = new Set(["retry-after", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"]);

export function buildModel(spec: LoadedSpec, api: ApiConfig, specFile: string): ApiModel {
  const root: Located = { value: spec.root.data, file: spec.rootPath, pointer: "" };
  const info = (child(root, "info").value ?? {}) as Record<string, unknown>;
  const servers = child(root, "servers").value;
  const firstServer = Array.isArray(servers) && servers[0] && typeof servers[0].url === "string" ? (servers[0].url as string) : "";
  const rootSecurity = child(root, "security").value;

  const operations: OperationModel[] = [];
  const typeNames = new Map<string, string>();
  forEachOperation(spec, ({ path, method, operation: at }) => {
    const op = at as Located<Record<string, unknown>>;
    const operation = buildOperation(spec, op, method, path, rootSecurity, api.errorEnvelope);
    const clash = typeNames.get(operation.typeName) ?? typeNames.get(`method:${operation.methodName}`);
    if (clash) {
      throw new UserError({
        kind: "spec",
        message: `operationIds "${clash}" and "${operation.operationId}" both become ${operation.typeName}Error / ${operation.methodName}()`,
        position: locate(spec.files.get(op.file)!, op.pointer + "/operationId"),
        pointer: op.pointer + "/operationId",
        hint: "rename one of them so that they differ in more than the case of the first letter",
      });
    }
    typeNames.set(operation.typeName, operation.operationId);
    typeNames.set(`method:${operation.methodName}`, operation.operationId);
    operations.push(operation);
  });

  return {
    name: api.name,
    typeName: apiTypeName(api.name),
    title: typeof info.title === "string" ? info.title : api.name,
    version: typeof info.version === "string" ? info.version : "",
    specFile,
    specHash: spec.hash,
    defaultBaseUrl: firstServer.replace(/\/+$/, ""),
    envelope: api.errorEnvelope,
    operations: operations.sort((a, b) => compareText(a.operationId, b.operationId)),
  };
}

function buildOperation(
  spec: LoadedSpec,
  op: Located<Record<string, unknown>>,
  method: HttpMethod,
  path: string,
  rootSecurity: unknown,
  envelope: ErrorEnvelope,
): OperationModel {
  const value = op.value;
  const security = (Array.isArray(value.security) ? value.security : Array.isArray(rootSecurity) ? rootSecurity : []) as unknown[];
  const scopes: string[] = [];
  const securitySchemes: string[] = [];
  for (const requirement of security) {
    if (requirement === null || typeof requirement !== "object") continue;
    for (const [scheme, list] of Object.entries(requirement as Record<string, unknown>)) {
      if (!securitySchemes.includes(scheme)) securitySchemes.push(scheme);
      if (Array.isArray(list)) for (const scope of list) if (typeof scope === "string" && !scopes.includes(scope)) scopes.push(scope);
    }
  }

  const success: ResponseModel[] = [];
  const errors: ErrorMemberModel[] = [];
  const responses = child(op, "responses");
  const statuses = Object.keys((responses.value ?? {}) as Record<string, unknown>).sort(compareStatus);
  for (const status of statuses) {
    if (status.startsWith("x-")) continue;
    const response = deref<Record<string, unknown>>(spec, child(responses, status));
    const base = responseModel(spec, response, status);
    if (/^2/.test(status)) {
      success.push(base);
    } else if (STATUS_KEY.test(status)) {
      errors.push({
        ...base,
        codes: base.mediaType ? pinnedCodes(spec, child(child(child(response, "content"), base.mediaType), "schema"), parsePointer(envelope.code)) : undefined,
        rateLimited: Object.keys((response.value?.headers ?? {}) as object).some((h) => RATE_LIMIT_HEADERS.has(h.toLowerCase())),
      });
    }
  }

  const externalDocs = value.externalDocs as { url?: unknown } | undefined;
  const operationId = value.operationId as string;
  return {
    operationId,
    ...operationNames(operationId)!,
    method,
    path,
    summary: typeof value.summary === "string" ? value.summary : undefined,
    description: typeof value.description === "string" ? value.description : undefined,
    deprecated: value.deprecated === true,
    externalDocsUrl: typeof externalDocs?.url === "string" ? externalDocs.url : undefined,
    scopes,
    securitySchemes,
    success,
    errors,
  };
}

function responseModel(spec: LoadedSpec, response: Located<Record<string, unknown>>, status: string): ResponseModel {
  const content = (response.value?.content ?? {}) as Record<string, unknown>;
  const mediaTypes = Object.keys(content);
  const mediaType = mediaTypes.find(isJsonMediaType) ?? [...mediaTypes].sort(compareText)[0];
  const statusNumber = /^\d{3}$/.test(status) ? Number(status) : undefined;
  return {
    status,
    ...(statusNumber !== undefined ? { statusNumber } : {}),
    ...(typeof response.value?.description === "string" ? { description: response.value.description } : {}),
    ...(mediaType !== undefined ? { mediaType } : {}),
    json: mediaType !== undefined && isJsonMediaType(mediaType),
  };
}

/** Exact statuses in numeric order, then ranges ("4XX" after 499), then `default`. */
export function compareStatus(a: string, b: string): number {
  const rank = (s: string) => (/^\d{3}$/.test(s) ? Number(s) : /^\dXX$/i.test(s) ? Number(s[0]) * 100 + 99.5 : 1000);
  return rank(a) - rank(b) || compareText(a, b);
}

export function isJsonMediaType(mediaType: string): boolean {
  const type = mediaType.split(";")[0]!.trim().toLowerCase();
  return type === "application/json" || type.endsWith("+json") || type === "*/*";
}

/**
 * The literal codes a schema pins at `segments` (through `properties`, `allOf`, `oneOf`/`anyOf`), or
 * undefined when any branch leaves the code open. Cycles end the search (as "open").
 */
export function pinnedCodes(spec: LoadedSpec, schema: Located, segments: string[], seen = new Set<string>()): string[] | undefined {
  if (schema.value === undefined || schema.value === null || typeof schema.value !== "object") return undefined;
  if (isRef(schema.value)) {
    const key = `${schema.file}#${schema.pointer}`;
    if (seen.has(key)) return undefined;
    return pinnedCodes(spec, deref(spec, schema), segments, new Set(seen).add(key));
  }
  const node = schema.value as Record<string, unknown>;
  if (segments.length === 0) {
    if (typeof node.const === "string") return [node.const];
    if (Array.isArray(node.enum) && node.enum.length > 0 && node.enum.every((v) => typeof v === "string")) return [...(node.enum as string[])];
    // allOf members may pin it even if this level does not.
  }
  const found: string[][] = [];
  if (Array.isArray(node.allOf)) {
    node.allOf.forEach((_, i) => {
      const codes = pinnedCodes(spec, child(child(schema, "allOf"), i), segments, seen);
      if (codes) found.push(codes);
    });
  }
  if (segments.length > 0) {
    const [head, ...rest] = segments;
    const property = child(child(schema, "properties"), head!);
    if (property.value !== undefined) {
      const codes = pinnedCodes(spec, property, rest, seen);
      if (codes) found.push(codes);
    }
  }
  for (const keyword of ["oneOf", "anyOf"] as const) {
    const branches = node[keyword];
    if (!Array.isArray(branches) || branches.length === 0) continue;
    const union: string[] = [];
    for (let i = 0; i < branches.length; i++) {
      const codes = pinnedCodes(spec, child(child(schema, keyword), i), segments, seen);
      if (!codes) return found.length > 0 ? intersectAll(found) : undefined;
      for (const c of codes) if (!union.includes(c)) union.push(c);
    }
    found.push(union);
  }
  return found.length > 0 ? intersectAll(found) : undefined;
}

function intersectAll(sets: string[][]): string[] | undefined {
  const [first, ...rest] = sets;
  const result = first!.filter((c) => rest.every((set) => set.includes(c)));
  return result.length > 0 ? result : undefined;
}
