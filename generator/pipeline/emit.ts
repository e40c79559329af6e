/**
 * Stage 4, emit: openapi-typescript for `paths`/`components`/`operations`, and the templates for
 * everything else. Returns file contents keyed by file name; writes nothing.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative, sep } from "node:path";
import { UserError } from "../errors.ts";
import type { ApiConfig } from "../config/index.ts";
import type { LoadedSpec } from "../spec/load.ts";
import { buildMswView } from "./msw-view.ts";
import { contractgenVersion } from "../package-root.ts";
import { buildValidatorsView } from "./validators.ts";
import type { RenderTemplate } from "./templates.ts";
import type { ApiModel } from "./model.ts";
import { isBareKey } from "./layout.ts";
import { buildWebhooksModel, buildWebhooksView, withWebhooksTyped } from "./webhooks.ts";
import { clientLayout, definitionLiterals, errorsLayout, operationsLayout } from "./view-layout.ts";

/** Templates that loop over the model: formatted by prettier after rendering. */
export const RENDERED_FILES = ["errors.ts", "operations.ts", "client.ts", "index.ts"] as const;

type OpenapiTypescript = typeof import("openapi-typescript");
let openapiTypescript: OpenapiTypescript | undefined;

/**
 * Loaded on first use, through its CommonJS build: importing it as ESM makes Node lex the 9 MB
 * `typescript` module for named exports, which costs more than half a second on every run.
 */
function loadOpenapiTypescript(): OpenapiTypescript {
  openapiTypescript ??= createRequire(import.meta.url)("openapi-typescript") as OpenapiTypescript;
  return openapiTypescript;
}

/** The options we give openapi-typescript, on both paths below. */
const OPENAPI_TS_OPTIONS = {
  // Sorted like everything else we emit: moving a block in the spec must not reorder the output.
  alphabetize: true,
  silent: true,
} as const;

/**
 * openapi-typescript's transform over the loaded, validated and bundled spec (one document: `bundleSpec`
 * served every file from what load read, so nothing here touches the disk). Its own entry point would
 * lint and bundle the document again with @redocly/openapi-core, re-walking every node to do what
 * load and validate have done. `withoutOperationIds` lists operations whose operationId repeats an
 * earlier one: openapi-typescript would declare it twice in `operations`, so they are typed under
 * `paths` instead. A failure of openapi-typescript itself is a spec error, positioned at the spec.
 */
export function emitSchemaTypes(
  document: unknown,
  specPath: string,
  withoutOperationIds: readonly { path: string; method: string }[] = [],
): string {
  const ots = loadOpenapiTypescript();
  const schema = withBoundsInDescriptions(withWebhooksTyped(stripOperationIds(document, withoutOperationIds))) as Parameters<
    OpenapiTypescript["transformSchema"]
  >[0];
  // The bundler always leaves a `components` object behind; give the transform the same document.
  const bundledLike = schema.components ? schema : { ...schema, components: {} };
  try {
    return ots.astToString(ots.transformSchema(bundledLike, transformContext(ots, bundledLike)));
  } catch (err) {
    throw new UserError({
      kind: "spec",
      message: `openapi-typescript cannot type this spec: ${String((err as Error)?.message ?? err).split("\n")[0]}`,
      position: { file: specPath, line: 1, col: 1 },
      hint: "openapi-typescript alone fails the same way; the message names what it tripped on",
    });
  }
}

/** A copy of the document without the listed operations' operationIds (only the objects on the way are copied). */
function stripOperationIds(document: unknown, operations: readonly { path: string; method: string }[]): unknown {
  if (operations.length === 0) return document;
  const root = { ...(document as Record<string, unknown>) };
  const paths = { ...(root.paths as Record<string, Record<string, unknown>>) };
  for (const { path, method } of operations) {
    const { operationId: _dropped, ...operation } = paths[path]![method] as Record<string, unknown>;
    paths[path] = { ...paths[path], [method]: operation };
  }
  root.paths = paths;
  return root;
}

/** The context openapi-typescript's entry point builds from its options: its defaults, and ours. */
function transformContext(
  ots: OpenapiTypescript,
  schema: Parameters<OpenapiTypescript["transformSchema"]>[0],
): Parameters<OpenapiTypescript["transformSchema"]>[1] {
  return {
    additionalProperties: false,
    alphabetize: OPENAPI_TS_OPTIONS.alphabetize,
    arrayLength: false,
    defaultNonNullable: true,
    discriminators: ots.scanDiscriminators(schema, OPENAPI_TS_OPTIONS),
    emptyObjectsUnknown: false,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: false,
    immutable: false,
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    redoc: undefined as never, // read only by the lint and bundle steps this path skips
    silent: OPENAPI_TS_OPTIONS.silent,
    inject: undefined,
    transform: undefined,
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    resolve($ref) {
      return ots.resolveRef(schema, $ref, {
        silent: OPENAPI_TS_OPTIONS.silent,
      });
    },
  };
}

const BOUNDS: [keyword: string, label: string][] = [
  ["minimum", "Minimum"],
  ["exclusiveMinimum", "Exclusive minimum"],
  ["maximum", "Maximum"],
  ["exclusiveMaximum", "Exclusive maximum"],
  ["minLength", "Min length"],
  ["maxLength", "Max length"],
  ["pattern", "Pattern"],
  ["minItems", "Min items"],
  ["maxItems", "Max items"],
];
const NOT_SCHEMAS = new Set(["example", "examples", "enum", "const", "default"]);

/**
 * openapi-typescript's JSDoc carries description, format and examples but not bounds. Add them to
 * the description of every schema that has some, copying only the objects on the way to a change
 * (the loaded spec is shared with the other stages and is never mutated).
 */
export function withBoundsInDescriptions(node: unknown): unknown {
  if (Array.isArray(node)) {
    let copy: unknown[] | undefined;
    node.forEach((item, i) => {
      const next = withBoundsInDescriptions(item);
      if (next !== item) (copy ??= [...node])[i] = next;
    });
    return copy ?? node;
  }
  if (node === null || typeof node !== "object") return node;
  const record = node as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key in record) {
    if (NOT_SCHEMAS.has(key)) continue;
    const next = withBoundsInDescriptions(record[key]);
    if (next !== record[key]) (copy ??= { ...record })[key] = next;
  }
  if ("type" in record && !("$ref" in record)) {
    const bounds = BOUNDS.filter(
      ([keyword]) => typeof record[keyword] === "number" || typeof record[keyword] === "string",
    ).map(
      ([keyword, label]) =>
        `${label}: ${keyword === "pattern" ? `\`${String(record[keyword])}\`` : String(record[keyword])}`,
    );
    if (bounds.length > 0) {
      const description =
        typeof record.description === "string" && record.description.trim() !== ""
          ? `${record.description.trim()}\n\n`
          : "";
      (copy ??= { ...record }).description = `${description}${bounds.join(". ")}.`;
    }
  }
  return copy ?? node;
}

/** Our templates, rendered; prettier formats them next. A spec without operations gets only its types. */
export function renderFiles(model: ApiModel, render: RenderTemplate, options: EmitOptions): Map<string, string> {
  const view = toView(model, options);
  if (model.operations.length === 0) return new Map([["index.ts", render("types-index.ts", view)]]);
  return new Map(RENDERED_FILES.map((file) => [file, render(file, view)]));
}

/**
 * The files an API switches on in the config: `msw.ts` (MSW handlers from the spec's examples, which
 * prettier formats) and `validators.ts` (ajv's standalone validators, kept as ajv prints them, like
 * schema.ts). None for a spec without operations: there is no client to test or to check.
 */
export function renderOptionalFiles(
  spec: LoadedSpec,
  model: ApiModel,
  api: Pick<ApiConfig, "mswHandlers" | "validateResponses" | "webhooks">,
  render: RenderTemplate,
  options: Pick<EmitOptions, "runtimeImport" | "importExtension">,
): { formatted: Map<string, string>; unformatted: Map<string, string> } {
  const formatted = new Map<string, string>();
  const unformatted = new Map<string, string>();
  const webhooks = buildWebhooksModel(spec);
  if (webhooks) formatted.set("webhooks.ts", render("webhooks.ts", { ...buildWebhooksView(webhooks, { ...model, config: api.webhooks }), ...options }));
  if (model.operations.length === 0) return { formatted, unformatted };
  if (api.mswHandlers) formatted.set("msw.ts", render("msw.ts", buildMswView(spec, model)));
  if (api.validateResponses === "report")
    unformatted.set("validators.ts", render("validators.ts", buildValidatorsView(spec, model)));
  return { formatted, unformatted };
}

/** openapi-typescript's output behind our header, kept as it comes (formatting megabytes would cost seconds). */
export function renderSchemaFile(model: ApiModel, schemaSource: string, render: RenderTemplate): Map<string, string> {
  return new Map([["schema.ts", render("schema.ts", { specFile: model.specFile, schema: schemaSource })]]);
}

/** Where generated files import from, and how. */
export interface EmitOptions {
  /** The runtime's index, relative to the API folder, without extension: "../runtime/index". */
  runtimeImport: string;
  importExtension: ".js" | ".ts";
  guards: Record<string, boolean>;
  /** The client passes the generated `validators.ts` to the runtime, which reports drift. */
  validateResponses: boolean;
  /** The spec documents webhooks: the index exports `webhooks.ts`. */
  hasWebhooks?: boolean;
}

/** The runtime import of an API folder: the relative path to the shared runtime's index. */
export function runtimeImportFor(apiOutput: string, runtimeOutput: string): string {
  const path = relative(apiOutput, join(runtimeOutput, "index")).split(sep).join("/");
  return path.startsWith(".") ? path : `./${path}`;
}

/**
 * The shared runtime: templates/runtime/*.ts as they are, behind a header naming the contractgen
 * version. With `.ts` imports, its own `./x.js` specifiers become `./x.ts`.
 */
export function renderRuntimeFiles(
  templatesDir: string,
  render: RenderTemplate,
  importExtension: ".js" | ".ts",
): Map<string, string> {
  const dir = join(templatesDir, "runtime");
  const header = render("runtime-header", { version: contractgenVersion() });
  const files = new Map<string, string>();
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith(".ts") || file.endsWith(".test.ts")) continue;
    let source = readFileSync(join(dir, file), "utf8");
    if (importExtension === ".ts")
      source = source.replace(
        RELATIVE_JS_IMPORT,
        (_, quote: string, stem: string) => `from ${quote}${stem}.ts${quote}`,
      );
    files.set(file, `${header}\n${source}`);
  }
  return files;
}

/** `from "../name.js"` in our own runtime sources (never a spec string). */
const RELATIVE_JS_IMPORT = /from (["'])(\.\.?\/[^"']+)\.js\1/g;

type SecurityScheme = {
  type: string;
  scheme?: string;
  in?: string;
  name?: string;
};

/** The template view: the model plus presentation details (response kinds, credential docs, import paths). */
export function toView(model: ApiModel, options: EmitOptions) {
  const operations = model.operations.map((operation) => withLayout(operation, options.guards.cardNumber === true));
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
      guards: { cardNumber: options.guards.cardNumber === true },
    }),
    credentials,
    hasBasicAuth: credentials.some((c) => c.basic),
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
 * fields response-type.hbs and operation-types.hbs print from, in a fixed order.
 */
function schemaTypesUsed(operations: ReturnType<typeof operationView>[], which: "success" | "errors", always: string[] = []): string[] {
  const used = new Set(always);
  for (const operation of operations) {
    for (const response of operation[which]) {
      if (response.mediaType) used.add(response.schemaName ? "components" : operation.specOperationId ? "operations" : "paths");
    }
  }
  return ["components", "operations", "paths"].filter((name) => used.has(name));
}

/** An operation's view, with the layout flags of the templates that print it (view-layout.ts). */
function withLayout(operation: ApiModel["operations"][number], cardNumberGuard: boolean) {
  const view = operationView(operation);
  const { errorLayout, memberLayouts } = errorsLayout(view, cardNumberGuard);
  const { responseLayouts, ...entryLayout } = operationsLayout(view);
  return {
    ...view,
    cardNumberGuard,
    ...clientLayout(view),
    errorLayout,
    errors: view.errors.map((member, i) => ({ ...member, ...memberLayouts[i]! })),
    ...entryLayout,
    responses: view.responses.map((response, i) => ({ ...response, ...responseLayouts[i]! })),
  };
}

/** Without the whitespace and line breaks at its end (the comment helper turns a line break into a space). */
const trimLineEnd = (text: string) => text.replace(/[\s\u0085]+$/, "");

function operationView(operation: ApiModel["operations"][number]) {
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
    success: operation.success.map((r) => ({
      status: r.status,
      mediaType: r.mediaType ?? "",
      schemaName: r.schemaName ?? "",
    })),
    errors: operation.errors.map((r) => ({
      status: r.status,
      statusNumber: r.statusNumber ?? 0,
      description: r.description ?? "",
      mediaType: r.mediaType ?? "",
      schemaName: r.schemaName ?? "",
      codes: r.codes ?? [],
      openCode: r.codeKind === "open",
    })),
    successStatus: operation.success[0]?.statusNumber ?? operation.success[0]?.status ?? "",
    // The runtime reads and sends JSON unless told otherwise: a media type is printed only where it is not JSON.
    requestMediaType: operation.requestMediaType ?? "",
    responses: [
      ...operation.success.map((r) => ({
        status: r.status,
        kind: "success",
        json: r.json,
        mediaType: r.json ? "" : (r.mediaType ?? ""),
        codes: [] as string[],
      })),
      ...operation.errors.map((r) => ({
        status: r.status,
        kind: "error",
        json: r.json,
        mediaType: r.json ? "" : (r.mediaType ?? ""),
        codes: r.codes ?? [],
      })),
    ],
  };
}
