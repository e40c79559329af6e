/**
 * Stage 3, model: turn a validated spec into plain data the templates loop over: operations, their
 * names, security and responses, the API's security schemes and error envelope, and the warnings
 * about what the spec left out. No code strings and no documentation prose are built here: every
 * identifier comes from naming.ts, every other string is data for the templates' escaping helpers.
 */
import type { ApiConfig, ErrorEnvelope } from "../config/index.ts";
import { declaresPath, derefQuietly, inferEnvelope, isJsonMediaType, pinnedCodes } from "./envelope.ts";
import { bodyRead, essence, type BodyRead } from "../spec/media.ts";
import type { LoadedSpec } from "../spec/load.ts";
import { apiTypeName, IDENTIFIER, operationNames, pascalCase, synthesiseOperationId } from "./naming.ts";
import { compareText, sortedEntries } from "../spec/order.ts";
import { parsePointer } from "../spec/pointer.ts";
import { child, deref, isRef, type Located } from "../spec/refs.ts";
import { STATUS_KEY } from "./validate-operations.ts";
import { forEachOperation, isRecord, type HttpMethod } from "../spec/walk.ts";
import { operationIo, withIo, type OperationIo, type ResponseIo } from "./model-io.ts";

export { isJsonMediaType } from "./envelope.ts";

export interface ResponseModel {
  /** The key as written in the spec: "200", "4XX" or "default". */
  status: string;
  /** Numeric status when the key is one; undefined for ranges and default. */
  statusNumber?: number;
  description?: string;
  /** The media type `data` (or an error's `body`) is typed by by default: the JSON one if any, if the response has content. */
  mediaType?: string;
  /**
   * Every documented media type (lower case, without parameters, the first of duplicates kept),
   * the chosen `mediaType` first, then in text order, each with how the client reads it.
   */
  content: MediaModel[];
  /** True when that media type is JSON (application/json, application/problem+json, *+json). */
  json: boolean;
  /**
   * The component schema that body is, when its schema is exactly a `$ref` to one in the root
   * document: openapi-typescript types it `components["schemas"][name]`, which the generated
   * aliases then name directly (it reads better, and checks faster than the path through `operations`).
   */
  schemaName?: string;
  /** Documented response headers and whether the body streams (model-io.ts). */
  io?: ResponseIo;
}

/**
 * How an error response's body carries the envelope's code: `pinned` to the literal `codes` (const or
 * enum, numbers given as strings), `open` (any value), or `none` (no code in the envelope or the body).
 */
export type CodeKind = "pinned" | "open" | "none";

/** One documented media type of a response. */
export interface MediaModel {
  mediaType: string;
  /** The key as the spec writes it (openapi-typescript's types are keyed by it). */
  key: string;
  read: BodyRead;
  /** As `ResponseModel.schemaName`, for this media type. */
  schemaName?: string;
}

export interface ErrorMemberModel extends ResponseModel {
  codeKind: CodeKind;
  /** The pinned codes, only when codeKind is "pinned". */
  codes?: string[];
}

/** A security scheme as the runtime sends it. */
export type SecuritySchemeModel =
  | { type: "http"; scheme: "bearer" | "basic" }
  | { type: "apiKey"; in: "header" | "query" | "cookie"; name: string }
  | { type: "oauth2" }
  | { type: "openIdConnect" };

export interface OperationModel {
  /** The spec's operationId, or the one synthesised from method and path when it has none. */
  operationId: string;
  /**
   * The operationId exactly as the spec writes it; absent when the spec has none (openapi-typescript
   * then puts the operation's types under `paths[path][method]` instead of `operations[id]`).
   */
  specOperationId?: string;
  /**
   * openapi-typescript cannot take this operation's operationId: an earlier operation has it too (it
   * would be declared twice in `operations`), or it has a "#" or "%" (which it misreads). Emit
   * drops it from this operation, whose types then live under `paths`.
   */
  typedUnderPaths: boolean;
  /** The client method, an identifier (naming.ts); unique in the API. */
  methodName: string;
  /** The stem of `<TypeName>Error` and `<TypeName>Data`, an identifier; unique in the API. */
  typeName: string;
  method: HttpMethod;
  path: string;
  summary?: string;
  description?: string;
  deprecated: boolean;
  externalDocs?: { url: string; description?: string };
  /** OAuth scopes over every alternative of the security requirement, in spec order; [] when the spec gives none. */
  scopes: string[];
  /**
   * The security requirement: alternatives (any one will do) of scheme names (all needed), the
   * operation's own or else the spec's root one. `[]`: no security; an inner `[]`: anonymous allowed.
   */
  security: string[][];
  /** Path template parameters that no parameter declares: generated as `string` (a warning says so). */
  undeclaredPathParams: string[];
  /**
   * The request body's media type when it is not JSON (the runtime sends JSON unless told); a JSON
   * one where the body offers it beside others, as for responses.
   */
  requestMediaType?: string;
  success: ResponseModel[];
  errors: ErrorMemberModel[];
  /** How the operation pages, or why it was left out (model-io.ts). */
  pagination?: OperationIo["pagination"];
}

export interface ApiModel {
  name: string;
  /** PascalCase name, an identifier: `create<TypeName>Client`. */
  typeName: string;
  title: string;
  version: string;
  /** Spec path relative to the project root, for the header. */
  specFile: string;
  defaultBaseUrl: string;
  /** The configured envelope, or the one inferred from the spec's error schemas. */
  envelope: ErrorEnvelope;
  /** The schemes of components.securitySchemes the runtime can send, by the spec's names. */
  securitySchemes: Record<string, SecuritySchemeModel>;
  /** Sorted by operationId; empty for a spec without operations (types only, no client). */
  operations: OperationModel[];
  /** What the spec left out or got wrong and generation worked around, one sentence each, for the CLI. */
  warnings: string[];
}

/** What a caller needs of the model beyond names, security and responses. */
export interface ModelOptions {
  /**
   * Paging, documented headers and streamed successes (model-io.ts), which only the generated code
   * reads; false leaves them out (the contract diff's client section compares names and errors only).
   * Default true.
   */
  io?: boolean;
}

export function buildModel(spec: LoadedSpec, api: ApiConfig, specFile: string, options: ModelOptions = {}): ApiModel {
  const root: Located = { value: spec.root.data, file: spec.rootPath, pointer: "" };
  const info = isRecord(child(root, "info").value) ? (child(root, "info").value as Record<string, unknown>) : {};
  const servers = child(root, "servers").value;
  const firstServer =
    Array.isArray(servers) && isRecord(servers[0]) && typeof servers[0].url === "string" ? servers[0].url : "";
  const rootSecurity = child(root, "security").value;
  const envelope = api.errorEnvelope === "infer" ? inferEnvelope(spec) : api.errorEnvelope;
  const warnings: string[] = [];
  const securitySchemes = securitySchemesOf(spec, warnings);

  const drafts: Draft[] = [];
  forEachOperation(spec, (visit) => {
    const { path, method, pathItem, operation } = visit;
    const op = operation as Located<Record<string, unknown>>;
    const draft = buildOperation(spec, op, pathItem, method, path, rootSecurity, envelope, warnings);
    const withOperationIo = options.io === false ? draft : withIo(draft, (mediaTypeOf) => operationIo(spec, visit, draft.specOperationId ?? draft.operationId, api.pagination, mediaTypeOf));
    drafts.push({ ...withOperationIo, label: `${method.toUpperCase()} ${path}` });
  });
  const operations = withUntypableIdsMarked(nameOperations(drafts, warnings), warnings);
  for (const operation of operations) {
    for (const scheme of new Set(operation.security.flat())) {
      if (!schemeDeclared(spec, scheme)) {
        warnings.push(
          `${operation.method.toUpperCase()} ${operation.path}: security scheme "${scheme}" is not defined in components.securitySchemes; no credential is sent for it`,
        );
      }
    }
  }

  return {
    name: api.name,
    typeName: apiTypeName(api.name),
    title: typeof info.title === "string" ? info.title : api.name,
    version: typeof info.version === "string" ? info.version : "",
    specFile,
    defaultBaseUrl: firstServer.replace(/\/+$/, ""),
    envelope,
    securitySchemes,
    operations: operations.sort((a, b) => compareText(a.operationId, b.operationId)),
    warnings: [...new Set(warnings)],
  };
}

/** An operation before its names are settled: `names` is what the spec asks for, when it asks for a usable one. */
interface Draft extends Omit<OperationModel, "methodName" | "typeName"> {
  label: string;
  /** True when the spec's operationId is both names verbatim (`create`: create(), CreateError): such names are settled first. */
  verbatim: boolean;
}

/**
 * Settle every operation's methodName and typeName so that no two operations share either. Names the
 * spec gives verbatim (an operationId such as `create`, which is its method name as it stands and its
 * type name with the first letter raised) are settled first, then derived ones (`create__`, camel-cased
 * or synthesised), each group in walk order (paths sorted, methods in HTTP order). An operation whose
 * method or type name is taken gets the lowest numeric suffix 2, 3, ... free for both (`create__2` /
 * `Create2Error`), as @hey-api/openapi-ts numbers its duplicates, and a warning naming both operations.
 */
function nameOperations(drafts: Draft[], warnings: string[]): OperationModel[] {
  const methodOwners = new Map<string, Draft>();
  const typeOwners = new Map<string, Draft>();
  const ordered = [...drafts.filter((d) => d.verbatim), ...drafts.filter((d) => !d.verbatim)];
  const named = new Map<Draft, OperationModel>();
  for (const draft of ordered) {
    const { label, verbatim, ...operation } = draft;
    const names = operationNames(draft.operationId)!;
    let { methodName, typeName } = names;
    if (names.renamedFrom !== undefined) {
      warnings.push(`${label}: ${names.renamedFrom} is reserved (a keyword, a client member or a member every object has); the method is named ${methodName}()`);
    }
    const owner = methodOwners.get(methodName) ?? typeOwners.get(typeName);
    if (owner) {
      const clash = methodOwners.has(methodName) ? `${methodName}()` : `${typeName}Error`;
      const suffix = freeSuffix((n) => methodOwners.has(`${methodName}${n}`) || typeOwners.has(`${typeName}${n}`));
      methodName += suffix;
      typeName += suffix;
      warnings.push(
        `operations ${owner.label} ("${owner.operationId}") and ${label} ("${draft.operationId}") both become ${clash}; ${label} is named ${methodName}() / ${typeName}Error`,
      );
    }
    methodOwners.set(methodName, draft);
    typeOwners.set(typeName, draft);
    named.set(draft, { ...operation, methodName, typeName });
  }
  return drafts.map((d) => named.get(d)!);
}

/** Operations in walk order, those whose operationId openapi-typescript cannot take marked (see `typedUnderPaths`). */
function withUntypableIdsMarked(operations: OperationModel[], warnings: string[]): OperationModel[] {
  const holders = new Map<string, OperationModel>();
  return operations.map((operation) => {
    const id = operation.specOperationId;
    if (id === undefined) return operation;
    const label = `${operation.method.toUpperCase()} ${operation.path}`;
    const first = holders.get(id);
    if (first) {
      warnings.push(
        `operationId ${JSON.stringify(id)} is given to ${first.method.toUpperCase()} ${first.path} and to ${label}; the second is typed under paths and named ${operation.methodName}()`,
      );
    } else if (/[#%]/.test(id)) {
      // openapi-typescript reads the id as part of a URI: it turns "#" into "/", decodes "%41" in one place but not the other, and throws on a bare "%".
      warnings.push(
        `${label}: operationId ${JSON.stringify(id)} has a "#" or "%", which openapi-typescript misreads; it is typed under paths`,
      );
    } else {
      holders.set(id, operation);
      return operation;
    }
    const { specOperationId: _untypable, ...rest } = operation;
    return { ...rest, typedUnderPaths: true };
  });
}

/** The lowest numeric suffix 2, 3, ... that `taken` says is free. */
function freeSuffix(taken: (suffix: number) => boolean): number {
  let n = 2;
  while (taken(n)) n++;
  return n;
}

function buildOperation(
  spec: LoadedSpec,
  op: Located<Record<string, unknown>>,
  pathItem: Located,
  method: HttpMethod,
  path: string,
  rootSecurity: unknown,
  envelope: ErrorEnvelope,
  warnings: string[],
): Omit<Draft, "label"> {
  const value = op.value;
  const label = `${method.toUpperCase()} ${path}`;
  const security = securityOf(
    Array.isArray(value.security) ? value.security : Array.isArray(rootSecurity) ? rootSecurity : [],
  );
  const scopes = scopesOf(
    Array.isArray(value.security) ? value.security : Array.isArray(rootSecurity) ? rootSecurity : [],
  );

  const specOperationId = typeof value.operationId === "string" ? value.operationId : undefined;
  let operationId = specOperationId ?? synthesiseOperationId(method, path);
  if (specOperationId === undefined) {
    warnings.push(`${label} has no operationId; it is named ${operationId}`);
  } else if (!operationNames(specOperationId)) {
    operationId = synthesiseOperationId(method, path);
    warnings.push(
      `${label}: operationId ${JSON.stringify(specOperationId)} has no letter or digit to name a method after; it is named ${operationId}`,
    );
  }

  const undeclaredPathParams = undeclaredParams(spec, path, pathItem, op);
  for (const name of undeclaredPathParams)
    warnings.push(`${label}: path parameter {${name}} is not declared; it is typed string`);

  const success: ResponseModel[] = [];
  const errors: ErrorMemberModel[] = [];
  const responses = child(op, "responses");
  if (responses.value === undefined) warnings.push(`${label} documents no responses; its success type is unknown`);
  const statuses = Object.keys(isRecord(responses.value) ? responses.value : {}).sort(compareStatus);
  for (const status of statuses) {
    if (!STATUS_KEY.test(status)) continue; // x- extensions (validate.ts refused anything else)
    const response = deref<Record<string, unknown>>(spec, child(responses, status));
    const base = responseModel(spec, response, status);
    if (status.startsWith("2")) success.push(base);
    else errors.push({ ...base, ...codeOf(spec, response, base, envelope) });
  }

  const requestMediaType = chosenMediaType(derefQuietly(spec, child(op, "requestBody")).value);
  const externalDocs =
    isRecord(value.externalDocs) && typeof value.externalDocs.url === "string" ? value.externalDocs : undefined;
  return {
    operationId,
    ...(specOperationId !== undefined ? { specOperationId } : {}),
    typedUnderPaths: false,
    verbatim:
      specOperationId === operationId &&
      IDENTIFIER.test(operationId) &&
      pascalCase(operationId) === operationId[0]!.toUpperCase() + operationId.slice(1),
    method,
    path,
    ...(typeof value.summary === "string" ? { summary: value.summary } : {}),
    ...(typeof value.description === "string" ? { description: value.description } : {}),
    deprecated: value.deprecated === true,
    ...(externalDocs
      ? {
          externalDocs: {
            url: externalDocs.url as string,
            ...(typeof externalDocs.description === "string" ? { description: externalDocs.description } : {}),
          },
        }
      : {}),
    scopes,
    security,
    undeclaredPathParams,
    ...(requestMediaType !== undefined && !isJsonMediaType(requestMediaType) ? { requestMediaType } : {}),
    success,
    errors,
  };
}

/** Security requirement objects as alternatives of scheme names; `{}` is the anonymous alternative `[]`. */
function securityOf(requirements: unknown[]): string[][] {
  return requirements.filter(isRecord).map((requirement) => Object.keys(requirement));
}

function scopesOf(requirements: unknown[]): string[] {
  const scopes: string[] = [];
  for (const requirement of requirements.filter(isRecord)) {
    for (const list of Object.values(requirement)) {
      if (Array.isArray(list))
        for (const scope of list) if (typeof scope === "string" && !scopes.includes(scope)) scopes.push(scope);
    }
  }
  return scopes;
}

/**
 * components.securitySchemes in the runtime's shapes. A scheme the runtime cannot send (http digest,
 * mutualTLS...) is left out, with a warning.
 */
function securitySchemesOf(spec: LoadedSpec, warnings: string[]): Record<string, SecuritySchemeModel> {
  const schemes = child(
    child({ value: spec.root.data, file: spec.rootPath, pointer: "" }, "components"),
    "securitySchemes",
  );
  const result: Record<string, SecuritySchemeModel> = {};
  for (const [name] of sortedEntries(isRecord(schemes.value) ? schemes.value : {})) {
    const scheme = derefQuietly(spec, child(schemes, name)).value;
    const shape = isRecord(scheme) ? runtimeScheme(scheme) : undefined;
    if (shape) result[name] = shape;
    else
      warnings.push(
        `security scheme "${name}" (${describeScheme(scheme)}) is not one the client can send; operations that need it get no credential for it`,
      );
  }
  return result;
}

function runtimeScheme(scheme: Record<string, unknown>): SecuritySchemeModel | undefined {
  const httpScheme = typeof scheme.scheme === "string" ? scheme.scheme.toLowerCase() : undefined;
  if (scheme.type === "http" && (httpScheme === "bearer" || httpScheme === "basic"))
    return { type: "http", scheme: httpScheme };
  if (
    scheme.type === "apiKey" &&
    typeof scheme.name === "string" &&
    (scheme.in === "header" || scheme.in === "query" || scheme.in === "cookie")
  ) {
    return { type: "apiKey", in: scheme.in, name: scheme.name };
  }
  if (scheme.type === "oauth2") return { type: "oauth2" };
  if (scheme.type === "openIdConnect") return { type: "openIdConnect" };
  return undefined;
}

function describeScheme(scheme: unknown): string {
  if (!isRecord(scheme)) return "not a mapping";
  return [scheme.type, scheme.scheme ?? scheme.in].filter((v) => typeof v === "string").join(" ") || "no type";
}

function schemeDeclared(spec: LoadedSpec, name: string): boolean {
  const schemes = child(
    child({ value: spec.root.data, file: spec.rootPath, pointer: "" }, "components"),
    "securitySchemes",
  ).value;
  return isRecord(schemes) && name in schemes;
}

/** Names in `{...}` of the path template that neither the path item nor the operation declares `in: path`. */
function undeclaredParams(spec: LoadedSpec, path: string, pathItem: Located, op: Located): string[] {
  const declared = new Set<string>();
  for (const parameters of [child(pathItem, "parameters"), child(op, "parameters")]) {
    if (!Array.isArray(parameters.value)) continue;
    parameters.value.forEach((_, i) => {
      const param = derefQuietly(spec, child(parameters, i)).value;
      if (isRecord(param) && param.in === "path" && typeof param.name === "string") declared.add(param.name);
    });
  }
  const template = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  return [...new Set(template)].filter((name) => !declared.has(name));
}

/**
 * The media type the client reads or sends of a Response or Request Body Object's `content`: a JSON
 * one if there is one, else the first in text order.
 * @see https://spec.openapis.org/oas/v3.1.0#media-type-object
 */
export function chosenMediaType(bodyOrResponse: unknown): string | undefined {
  const content = isRecord(bodyOrResponse) && isRecord(bodyOrResponse.content) ? bodyOrResponse.content : {};
  const mediaTypes = Object.keys(content).sort(compareText);
  return mediaTypes.find(isJsonMediaType) ?? mediaTypes[0];
}

function responseModel(spec: LoadedSpec, response: Located<Record<string, unknown>>, status: string): ResponseModel {
  const mediaType = chosenMediaType(response.value);
  const statusNumber = /^\d{3}$/.test(status) ? Number(status) : undefined;
  const content = contentOf(spec, response, mediaType);
  const schemaName = content[0]?.schemaName;
  return {
    status,
    ...(statusNumber !== undefined ? { statusNumber } : {}),
    ...(typeof response.value?.description === "string" ? { description: response.value.description } : {}),
    ...(mediaType !== undefined ? { mediaType } : {}),
    json: content[0]?.read === "json",
    ...(schemaName !== undefined ? { schemaName } : {}),
    content,
  };
}

/** Every documented media type of a response, `chosen` first (see `ResponseModel.content`). */
function contentOf(spec: LoadedSpec, response: Located, chosen: string | undefined): MediaModel[] {
  const content = child(response, "content");
  const keys = Object.keys(isRecord(content.value) ? content.value : {}).sort(compareText);
  if (chosen !== undefined) keys.unshift(...keys.splice(keys.indexOf(chosen), 1));
  const seen = new Set<string>();
  const media: MediaModel[] = [];
  for (const key of keys) {
    const mediaType = essence(key);
    if (seen.has(mediaType)) continue;
    seen.add(mediaType);
    const schema = child(derefQuietly(spec, child(content, key)), "schema");
    const schemaName = componentSchemaName(spec, schema);
    media.push({ mediaType, key, read: bodyRead(spec, key, schema), ...(schemaName !== undefined ? { schemaName } : {}) });
  }
  return media;
}

/**
 * `Name` when `schema` is `{ $ref: "#/components/schemas/Name" }` and nothing else, written in the
 * root document (a ref in another file names that file's components) and naming a schema there.
 * @see https://spec.openapis.org/oas/v3.1.0#components-object
 */
export function componentSchemaName(spec: LoadedSpec, schema: Located): string | undefined {
  const { value } = schema;
  if (!isRef(value) || Object.keys(value).length !== 1 || schema.file !== spec.rootPath || !value.$ref.startsWith("#/")) return undefined;
  const segments = parsePointer(value.$ref.slice(1));
  if (segments.length !== 3 || segments[0] !== "components" || segments[1] !== "schemas") return undefined;
  const root = spec.root.data as { components?: { schemas?: unknown } } | undefined;
  const schemas = root?.components?.schemas;
  return isRecord(schemas) && Object.hasOwn(schemas, segments[2]!) ? segments[2] : undefined;
}

/** How an error response carries the envelope's code (see CodeKind). */
function codeOf(
  spec: LoadedSpec,
  response: Located,
  base: ResponseModel,
  envelope: ErrorEnvelope,
): Pick<ErrorMemberModel, "codeKind" | "codes"> {
  if (envelope.code === undefined || !base.json || base.mediaType === undefined) return { codeKind: "none" };
  const schema = child(child(child(response, "content"), base.mediaType), "schema");
  const segments = parsePointer(envelope.code);
  const codes = pinnedCodes(spec, schema, segments);
  if (codes) return { codeKind: "pinned", codes };
  return { codeKind: declaresPath(spec, schema, segments) ? "open" : "none" };
}

/** Exact statuses in numeric order, then ranges ("4XX" after 499), then `default`. */
export function compareStatus(a: string, b: string): number {
  const rank = (s: string) => (/^\d{3}$/.test(s) ? Number(s) : /^\dXX$/i.test(s) ? Number(s[0]) * 100 + 99.5 : 1000);
  return rank(a) - rank(b) || compareText(a, b);
}
