/**
 * The template view: the model plus presentation details (response kinds, credential docs, import
 * paths, the names generated code binds, and where lines break: view-layout.ts).
 */
import type { BodyRead } from "../spec/media.ts";
import { isJsonMediaType, type ApiModel, type ResponseModel } from "./model.ts";
import type { Paging } from "../../templates/runtime/pages.ts";
import type { HeaderSpecs } from "../../templates/runtime/headers.ts";
import { jsonLiteral, stringLiteral } from "./templates.ts";
import { fits, isBareKey, printLiteral } from "./layout.ts";
import { aliasText, bodyType, bodyTypeParts, clientLayout, definitionLiterals, errorsLayout, functionLayout, importLayout, operationsLayout, pagerText } from "./view-layout.ts";

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
    anyStreams: operations.some((operation) => operation.streams),
    anySse: operations.some((operation) => operation.success.some((r) => r.stream === "sse")),
    anyHeaders: operations.some((operation) => operation.headersType !== ""),
    pagedMethods: operations.flatMap((operation) =>
      operation.pager
        ? [
            {
              methodName: operation.methodName,
              // The pair as prettier prints it inside the object literal (four spaces in, a comma after).
              names: printLiteral([operation.pager.pagesName, operation.pager.allName], {
                indent: 4,
                column: 4 + operation.methodName.length + 2,
                trail: 1,
              }),
            },
          ]
        : [],
    ),
    // functions.ts's local `Operation` type, as its template prints it.
    functionTypeOneLine: fits(
      `type Operation<Id extends keyof ${model.typeName}Operations> = OperationFunction<${model.typeName}Core, paths, ${model.typeName}Operations[Id]>;`,
    ),
    credentials,
    hasBasicAuth: credentials.some((c) => c.basic),
    // errors.ts's import of the runtime.
    errorImports: (() => {
      const specifiers = [
        ...(options.guards.cardNumber === true ? ["CardNumberNotAllowedError"] : []),
        ...(operations.some((operation) => operation.errors.length > 0) ? ["DocumentedError"] : []),
        ...(operations.some((operation) => operation.errors.some((e) => e.headersType !== "")) ? ["DocumentedHeaders"] : []),
        "TransportError",
      ];
      const from = stringLiteral(`${options.runtimeImport}${options.importExtension}`);
      return { specifiers, oneLine: fits(`import type { ${specifiers.join(", ")} } from ${from};`) };
    })(),
    // client.ts's import of the runtime.
    clientImports: importLayout(
      [
        "withOperations",
        "type OperationMethods",
        ...(operations.some((operation) => operation.headersType !== "") ? ["type DocumentedHeaders"] : []),
        ...(operations.some((operation) => operation.success.some((r) => r.stream === "sse")) ? ["type ServerSentEvent"] : []),
        ...(operations.some((operation) => operation.streams) ? ["type Stream"] : []),
      ],
      `${options.runtimeImport}${options.importExtension}`,
    ),
    // functions.ts's import of the runtime.
    functionImports: importLayout(
      [
        names.callImport,
        ...(operations.some((operation) => operation.takesBody) ? [names.encodeImport] : []),
        ...(operations.some((operation) => operation.streams) ? [names.readImport] : []),
        ...(operations.some((operation) => operation.pager) ? [names.allImport, names.pagesImport, "type AllFunction"] : []),
        "type OperationFunction",
        ...(operations.some((operation) => operation.pager) ? ["type PagesFunction"] : []),
      ],
      `${options.runtimeImport}${options.importExtension}`,
    ),
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
      // operations.ts's interface writes only its `accept` types with schema.ts's.
      table: ["components", "operations", "paths"].filter((root) =>
        operations.some((operation) => operation.accept.some((a) => a.type.includes(`${root}[`))),
      ),
    },
    hasDocumentedErrors: operations.some((operation) => operation.errors.length > 0),
    errorHeaders: operations.some((operation) => operation.errors.some((e) => e.headersType !== "")),
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
      if (response.hasHeaders) used.add(operation.specOperationId ? "operations" : "paths");
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
  const layout = functionLayout(view, names, functionType);
  const pager = view.paging ? pagerView(view.methodName, view.paging, names.taken) : undefined;
  // A page call: the operation's own arguments, then the page's context (the next link, for a link walk).
  const pageArgs = [layout.metaName, "page", layout.takesBody ? names.encode : "undefined", view.streams ? names.read : "undefined", "context"];
  const { errorLayout, memberLayouts } = errorsLayout(view, cardNumberGuard);
  const { responseLayouts, ...entryLayout } = operationsLayout(view);
  return {
    ...view,
    cardNumberGuard,
    ...clientLayout(view),
    ...layout,
    // A lone streamed success too long for one line breaks inside `Stream<...>`, as prettier breaks a generic.
    dataAlias:
      view.success.length === 1 && view.success[0]!.stream !== ""
        ? aliasText(`${view.typeName}Data`, view.success[0]!.bodyType)
        : "",
    headersAlias: view.headersType ? aliasText(`${view.typeName}Headers`, view.headersType) : "",
    pager: pager && {
      ...pager,
      pagingLiteral: printLiteral(view.paging, { indent: 0, column: `const ${pager.pagingName} = `.length, trail: " as const;".length }),
      pagesText: pagerText(pager.pagesName, "PagesOf", view.methodName, names.pages, [names.call, "core", ...pageArgs], pager.pagingName),
      allText: pagerText(pager.allName, "AllOf", view.methodName, names.all, [names.call, "core", ...pageArgs], pager.pagingName),
    },
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


/** What response-type.hbs prints for a success body. */
function streamItemType(view: { specOperationId: string; path: string; method: string }, r: { status: string; mediaType: string; schemaName: string }): string {
  if (r.schemaName) return `components["schemas"][${stringLiteral(r.schemaName)}]`;
  const root = view.specOperationId
    ? `operations[${stringLiteral(view.specOperationId)}]`
    : `paths[${stringLiteral(view.path)}][${stringLiteral(view.method)}]`;
  return `${root}["responses"][${stringLiteral(r.status)}]["content"][${stringLiteral(r.mediaType)}]`;
}

/** What a streamed success's body type is wrapped in: its items, each an event for SSE. */
function streamWrap(format: string | undefined) {
  if (format === undefined) return { streamOpen: "", streamClose: "" };
  return format === "sse" ? { streamOpen: "Stream<ServerSentEvent<", streamClose: ">>" } : { streamOpen: "Stream<", streamClose: ">" };
}

/** The type of a response's `headers`, from openapi-typescript's `headers` of that response. */
function headersType(operation: ApiModel["operations"][number], status: string): string {
  const root = operation.specOperationId
    ? `operations[${stringLiteral(operation.specOperationId)}]`
    : `paths[${stringLiteral(operation.path)}][${stringLiteral(operation.method)}]`;
  return `DocumentedHeaders<${root}["responses"][${stringLiteral(status)}]["headers"]>`;
}

/**
 * The documented headers of every success, merged: whichever success comes, the result's
 * `headers` holds every name (undefined where that response lacks it), as its type says.
 */
function successHeaders(operation: ApiModel["operations"][number]) {
  const documented = operation.success.filter((r) => r.io?.headers);
  const specs: HeaderSpecs = Object.assign({}, ...documented.map((r) => r.io!.headers));
  return {
    specs: documented.length > 0 ? specs : undefined,
    type: documented.map((r) => headersType(operation, r.status)).join(" & "),
  };
}

function operationView(operation: ApiModel["operations"][number]) {
  const typeRoot = { specOperationId: operation.specOperationId ?? "", path: operation.path, method: operation.method };
  const headers = successHeaders(operation);
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
      // A streamed success is an async iterable of its items (each an event for SSE).
      bodyType: r.io?.stream
        ? `${streamWrap(r.io.stream.format).streamOpen}${streamItemType(typeRoot, { status: r.status, mediaType: r.mediaType ?? "", schemaName: r.schemaName ?? "" })}${streamWrap(r.io.stream.format).streamClose}`
        : bodyType(typeRoot, r.status, r.content.slice(0, 1)),
      stream: r.io?.stream?.format ?? "",
      hasHeaders: r.io?.headers !== undefined,
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
      hasHeaders: r.io?.headers !== undefined,
      headersType: r.io?.headers ? headersType(operation, r.status) : "",
    })),
    accept: acceptTable(typeRoot, operation.success),
    headersType: headers.type,
    successStatus: operation.success[0]?.statusNumber ?? operation.success[0]?.status ?? "",
    // The runtime reads and sends JSON unless told otherwise: a media type is printed only where it is not JSON.
    requestMediaType: operation.requestMediaType ?? "",
    paging: operation.pagination?.paging,
    streams: operation.success.some((r) => r.io?.stream !== undefined),
    responses: [
      ...operation.success.map((r) => ({
        status: r.status,
        kind: "success",
        json: r.json,
        content: contentMeta(r),
        codes: [] as string[],
        ...r.io,
        ...(headers.specs ? { headers: headers.specs } : {}),
      })),
      ...operation.errors.map((r) => ({
        status: r.status,
        kind: "error",
        json: r.json,
        content: contentMeta(r),
        codes: r.codes ?? [],
        ...r.io,
      })),
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

/**
 * A paged operation's bindings in functions.ts (`<method>Paging`, `<method>Pages`, `<method>All`,
 * clear of every other name there) and its page descriptor, as a literal and as the type of where
 * its items sit.
 */
function pagerView(methodName: string, paging: Paging, taken: ReadonlySet<string>) {
  const items = paging.items;
  return {
    pagingName: freeName(`${methodName}Paging`, taken),
    pagesName: freeName(`${methodName}Pages`, taken),
    allName: freeName(`${methodName}All`, taken),
    pagingLiteral: jsonLiteral(paging),
    itemsType: items === undefined ? "undefined" : `readonly [${items.map((s) => (typeof s === "number" ? String(s) : stringLiteral(s))).join(", ")}]`,
  };
}

/** Names functions.ts binds beside the operation functions (which are method names). */
export interface BindingNames {
  call: string;
  encode: string;
  /** The import specifiers of the two: `callOperation`, or `callOperation as callOperation_`. */
  callImport: string;
  encodeImport: string;
  read: string;
  readImport: string;
  /** The runtime's pagers, and their import specifiers. */
  pages: string;
  all: string;
  pagesImport: string;
  allImport: string;
  /** Every name above and every method name: what a paged operation's own bindings must avoid. */
  taken: ReadonlySet<string>;
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
  const read = freeName("readStream", taken);
  const pages = freeName("pages", taken);
  const all = freeName("all", taken);
  const specifier = (imported: string, local: string) => (imported === local ? local : `${imported} as ${local}`);
  return {
    call,
    encode,
    callImport: specifier("callOperation", call),
    encodeImport: specifier("encodeRequestBody", encode),
    read,
    readImport: specifier("readStream", read),
    pages,
    all,
    pagesImport: specifier("pages", pages),
    allImport: specifier("all", all),
    taken: new Set([...taken, call, encode, read, pages, all]),
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
