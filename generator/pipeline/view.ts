/**
 * The template view: the model plus presentation details (response kinds, credential docs, import
 * paths, the names generated code binds, and where lines break: view-layout.ts).
 */
import type { BodyRead } from "./media.ts";
import { isJsonMediaType, type ApiModel, type ResponseModel } from "./model.ts";
import { fits, isBareKey } from "./layout.ts";
import { bodyType, bodyTypeParts, clientLayout, definitionLiterals, errorsLayout, functionLayout, importLayout, operationsLayout } from "./view-layout.ts";

/** Where generated files import from, and how. */
export interface EmitOptions {
  /** The runtime's index, relative to the API folder, without extension: "../runtime/index". */
  runtimeImport: string;
  importExtension: ".js" | ".ts";
  guards: Record<string, boolean>;
  /** The client passes the generated `validators.ts` to the runtime, which reports drift. */
  validateResponses: boolean;
  /** The spec documents webhooks (the types-only index says so). */
  hasWebhooks?: boolean;
}


type SecurityScheme = {
  type: string;
  scheme?: string;
  in?: string;
  name?: string;
};

/** The template view: the model plus presentation details (response kinds, credential docs, import paths). */
export function toView(model: ApiModel, options: EmitOptions) {
  const names = bindingNames(model.operations.map((o) => o.methodName));
  const operations = model.operations.map((operation) =>
    withLayout(operation, options.guards.cardNumber === true, names, "Operation"),
  );
  const securitySchemes = ((model as { securitySchemes?: Record<string, SecurityScheme> }).securitySchemes ??
    {}) as Record<string, SecurityScheme>;
  const credentials = Object.entries(securitySchemes)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, scheme]) => ({
      name,
      basic: scheme.type === "http" && scheme.scheme === "basic",
      apiKey: scheme.type === "apiKey",
      in: scheme.in ?? "header",
      paramName: scheme.name ?? "",
      bareKey: isBareKey(name),
    }));
  const envelope = model.envelope;
  return {
    typeName: model.typeName,
    clientName: `${model.typeName}Client`,
    title: model.title,
    version: model.version,
    specFile: model.specFile,
    defaultBaseUrl: model.defaultBaseUrl,
    envelope,
    securitySchemes,
    guards: { cardNumber: options.guards.cardNumber === true },
    // The definition's literals, laid out as prettier prints them (strings and keys escaped by the printer).
    definitionLiterals: definitionLiterals({
      errorEnvelope: envelope,
      securitySchemes,
      security: securityPlan(model.operations),
    }),
    hasSecurityPlan: securityPlan(model.operations) !== undefined,
    // Bindings of functions.ts besides the operation functions, clear of every method name.
    names,
    anyTakesBody: operations.some((operation) => operation.takesBody),
    // functions.ts's local `Operation` type, as its template prints it.
    functionTypeOneLine: fits(
      `type Operation<Id extends keyof ${model.typeName}Operations> = OperationFunction<${model.typeName}Core, paths, ${model.typeName}Operations[Id]>;`,
    ),
    credentials,
    hasBasicAuth: credentials.some((c) => c.basic),
    // core.ts's import of the runtime.
    coreImports: importLayout(
      [
        "createCore",
        ...(options.guards.cardNumber === true ? ["refuseCardNumber"] : []),
        "type ApiCore",
        "type ApiDefinition",
        "type ClientOptions",
        ...(credentials.length > 0 ? ["type CredentialInput"] : []),
        ...(credentials.some((c) => c.basic) ? ["type BasicCredentials"] : []),
      ],
      `${options.runtimeImport}${options.importExtension}`,
    ),
    hasCodes: envelope.code !== undefined,
    runtimeImport: options.runtimeImport,
    validateResponses: options.validateResponses,
    importExtension: options.importExtension,
    hasWebhooks: options.hasWebhooks === true,
    // What client.ts and errors.ts import from schema.ts: only what they use (a consumer's noUnusedLocals).
    schemaImports: {
      client: schemaTypesUsed(operations, "success", ["paths"]), // BaseClient<paths>
      errors: schemaTypesUsed(operations, "errors"),
    },
    hasDocumentedErrors: operations.some((operation) => operation.errors.length > 0),
    operations,
  };
}

/**
 * The schema.ts types the bodies of `which` responses are written with, read from the same view
 * fields errors.ts.hbs and client.ts.hbs print from (`bodyType`), in a fixed order.
 */
function schemaTypesUsed(operations: ReturnType<typeof operationView>[], which: "success" | "errors", always: string[] = []): string[] {
  const used = new Set(always);
  for (const operation of operations) {
    for (const response of operation[which]) {
      for (const root of ["components", "operations", "paths"]) {
        if (response.bodyType.includes(`${root}[`)) used.add(root);
      }
    }
  }
  return ["components", "operations", "paths"].filter((name) => used.has(name));
}

/** An operation's view, with the layout flags of the templates that print it (view-layout.ts). */
function withLayout(
  operation: ApiModel["operations"][number],
  cardNumberGuard: boolean,
  names: BindingNames,
  functionType: string,
) {
  const view = operationView(operation);
  const { errorLayout, memberLayouts } = errorsLayout(view, cardNumberGuard);
  const { responseLayouts, ...entryLayout } = operationsLayout(view);
  return {
    ...view,
    cardNumberGuard,
    ...clientLayout(view),
    ...functionLayout(view, names, functionType),
    errorLayout,
    errors: view.errors.map((member, i) => ({ ...member, ...memberLayouts[i]! })),
    ...entryLayout,
    responses: view.responses.map((response, i) => ({ ...response, ...responseLayouts[i]! })),
  };
}

/** Without the whitespace and line breaks at its end (the comment helper turns a line break into a space). */
const trimLineEnd = (text: string) => text.replace(/[\s\u0085]+$/, "");

/**
 * Where the successes document more than one media type: each, with `data`'s type when the caller
 * asks for it (over every success status; a bodiless one adds `undefined`). Empty otherwise.
 */
function acceptTable(root: Parameters<typeof bodyType>[0], success: readonly ResponseModel[]): { mediaType: string; type: string }[] {
  const mediaTypes = [...new Set(success.flatMap((r) => r.content.map((m) => m.mediaType)))];
  if (mediaTypes.length < 2) return [];
  return mediaTypes.map((mediaType) => {
    const parts = success.flatMap((r) => {
      const media = r.content.find((m) => m.mediaType === mediaType);
      return media ? bodyTypeParts(root, r.status, [media]) : r.content.length === 0 ? ["undefined"] : [];
    });
    return { mediaType, type: [...new Set(parts)].join(" | ") };
  });
}

/** A status key as part of an identifier: "404", "4XX", "Default" (validate.ts admits no other keys; anything else is dropped). */
const statusName = (status: string) => (status === "default" ? "Default" : status.toUpperCase().replace(/[^0-9A-Z]/g, ""));

function operationView(operation: ApiModel["operations"][number]) {
  const typeRoot = { specOperationId: operation.specOperationId ?? "", path: operation.path, method: operation.method };
  const description = operation.description?.trim() ?? "";
  const descriptionDiffers = description !== "" && description !== operation.summary?.trim();
  return {
    operationId: operation.operationId,
    methodName: operation.methodName,
    typeName: operation.typeName,
    method: operation.method,
    path: operation.path,
    summary: operation.summary ?? "",
    // prettier trims the end of a JSDoc line; the doc partial prints these, already trimmed.
    docSummary: trimLineEnd(operation.summary ?? ""),
    description,
    descriptionDiffers,
    hasProse: Boolean(operation.summary) || descriptionDiffers,
    scopes: operation.scopes,
    deprecated: operation.deprecated,
    externalDocsUrl: operation.externalDocs?.url ?? "",
    docExternalDocsUrl: trimLineEnd(operation.externalDocs?.url ?? ""),
    specOperationId: operation.specOperationId ?? "",
    security: operation.security,
    // `data` is typed by the default media type (the JSON one, first); an error's body by every one.
    success: operation.success.map((r) => ({
      status: r.status,
      bodyType: bodyType(typeRoot, r.status, r.content.slice(0, 1)),
    })),
    errors: operation.errors.map((r) => ({
      status: r.status,
      statusNumber: r.statusNumber ?? 0,
      description: r.description ?? "",
      bodyType: bodyType(typeRoot, r.status, r.content),
      bodyParts: bodyTypeParts(typeRoot, r.status, r.content),
      // Named in errors.ts, so that tsc's messages and editors can name it.
      bodyAlias: r.content.length > 0 ? `${operation.typeName}${statusName(r.status)}Body` : "",
      codes: r.codes ?? [],
      openCode: r.codeKind === "open",
      // The code is read from JSON bodies only: one in another documented media type has none.
      codeMayBeAbsent: (r.codes ?? []).length > 0 && r.content.some((m) => m.read !== "json"),
    })),
    accept: acceptTable(typeRoot, operation.success),
    successStatus: operation.success[0]?.statusNumber ?? operation.success[0]?.status ?? "",
    // The runtime reads and sends JSON unless told otherwise: a media type is printed only where it is not JSON.
    requestMediaType: operation.requestMediaType ?? "",
    responses: [
      ...operation.success.map((r) => ({ status: r.status, kind: "success", json: r.json, content: contentMeta(r), codes: [] as string[] })),
      ...operation.errors.map((r) => ({ status: r.status, kind: "error", json: r.json, content: contentMeta(r), codes: r.codes ?? [] })),
    ],
  };
}

/**
 * A response's `content` in the operation metadata: every media type and how it is read, or undefined
 * where `json` says it all (one JSON media type, or no body).
 */
function contentMeta(response: ResponseModel): Record<string, BodyRead> | undefined {
  const { content } = response;
  if (content.length === 0 || (content.length === 1 && content[0]!.read === "json" && isJsonMediaType(content[0]!.mediaType))) return undefined;
  return Object.fromEntries(content.map((m) => [m.mediaType, m.read]));
}

/** Names functions.ts binds beside the operation functions (which are method names). */
export interface BindingNames {
  call: string;
  encode: string;
  /** The import specifiers of the two: `callOperation`, or `callOperation as callOperation_`. */
  callImport: string;
  encodeImport: string;
  /** The stem of each operation's metadata constant: `<methodName><suffix>`. */
  metaSuffix: string;
}

/** `base`, or `base_`, `base__`..., whichever no operation function is named. */
function freeName(base: string, taken: ReadonlySet<string>): string {
  let name = base;
  while (taken.has(name)) name += "_";
  return name;
}

function bindingNames(methodNames: readonly string[]): BindingNames {
  const taken = new Set(methodNames);
  let metaSuffix = "Operation";
  // No `<methodName><suffix>` may be another operation's function or an import.
  while (methodNames.some((m) => taken.has(`${m}${metaSuffix}`))) metaSuffix += "_";
  const call = freeName("callOperation", taken);
  const encode = freeName("encodeRequestBody", taken);
  const specifier = (imported: string, local: string) => (imported === local ? local : `${imported} as ${local}`);
  return {
    call,
    encode,
    callImport: specifier("callOperation", call),
    encodeImport: specifier("encodeRequestBody", encode),
    metaSuffix,
  };
}

type Operation = ApiModel["operations"][number];
const securityKey = (security: string[][]) => JSON.stringify(security);

/**
 * Where credentials go, as the runtime's `SecurityPlan`: the requirement most operations share (the
 * first such in operation order on a tie) and the operations whose own differs, keyed `"GET /path"`.
 * Undefined when no operation sends credentials.
 */
export function securityPlan(operations: readonly Operation[]): { default: string[][]; except?: Record<string, string[][]> } | undefined {
  if (!operations.some((o) => o.security.some((alternative) => alternative.length > 0))) return undefined;
  const counts = new Map<string, number>();
  for (const o of operations) counts.set(securityKey(o.security), (counts.get(securityKey(o.security)) ?? 0) + 1);
  let best = operations[0]!.security;
  for (const o of operations) {
    if (counts.get(securityKey(o.security))! > counts.get(securityKey(best))!) best = o.security;
  }
  const except: Record<string, string[][]> = {};
  for (const o of operations) {
    if (securityKey(o.security) !== securityKey(best)) except[`${o.method.toUpperCase()} ${o.path}`] = o.security;
  }
  return Object.keys(except).length > 0 ? { default: best, except } : { default: best };
}
