/**
 * Stage 4, emit: openapi-typescript for `paths`/`components`/`operations`, and the templates for
 * everything else. Returns file contents keyed by file name; writes nothing.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type { createConfig } from "@redocly/openapi-core";
import { escapeDoc, type RenderTemplate } from "./templates.ts";
import type { ApiModel, OperationModel } from "./model.ts";

/** Templates that loop over the model: formatted by prettier after rendering. */
export const RENDERED_FILES = ["errors.ts", "operations.ts", "client.ts", "index.ts"] as const;

/**
 * Templates with no loops, kept prettier-clean in templates/ (a test checks it), so they skip the
 * format stage: formatting the runtime again for every API costs more than all the rest.
 */
export const STATIC_FILES = ["runtime.ts"] as const;

type OpenapiTypescript = typeof import("openapi-typescript");
let quietRedoclyConfig: Promise<Awaited<ReturnType<typeof createConfig>>> | undefined;
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
 * openapi-typescript over the already loaded and validated spec. A spec in one file goes straight to
 * its transform: its own entry point first lints and bundles the document with @redocly/openapi-core,
 * which re-walks every node (1.4 s of 3.3 s on a 4 MB spec) to do what load and validate have done.
 * A spec that `$ref`s other files still needs that bundling, so it takes the entry point.
 */
export async function emitSchemaTypes(specData: unknown, specPath: string, singleFile: boolean): Promise<string> {
  const ots = loadOpenapiTypescript();
  const schema = withBoundsInDescriptions(specData) as Parameters<OpenapiTypescript["transformSchema"]>[0];
  if (singleFile) {
    // The bundler always leaves a `components` object behind; give the transform the same document.
    const bundledLike = schema.components ? schema : { ...schema, components: {} };
    return ots.astToString(ots.transformSchema(bundledLike, transformContext(ots, bundledLike)));
  }
  quietRedoclyConfig ??= loadRedoclyCreateConfig()({ rules: {} }, { extends: [] });
  const nodes = await ots.default(schema, {
    // openapi-typescript takes this URL as the document's own location: relative $refs resolve from it.
    cwd: pathToFileURL(specPath),
    redocly: await quietRedoclyConfig,
    ...OPENAPI_TS_OPTIONS,
  });
  return ots.astToString(nodes);
}

/** The context openapi-typescript's entry point builds from its options: its defaults, and ours. */
function transformContext(ots: OpenapiTypescript, schema: Parameters<OpenapiTypescript["transformSchema"]>[0]): Parameters<OpenapiTypescript["transformSchema"]>[1] {
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
      return ots.resolveRef(schema, $ref, { silent: OPENAPI_TS_OPTIONS.silent });
    },
  };
}

function loadRedoclyCreateConfig(): typeof createConfig {
  return (createRequire(import.meta.url)("@redocly/openapi-core") as typeof import("@redocly/openapi-core")).createConfig;
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
    const bounds = BOUNDS.filter(([keyword]) => typeof record[keyword] === "number" || typeof record[keyword] === "string").map(
      ([keyword, label]) => `${label}: ${keyword === "pattern" ? `\`${String(record[keyword])}\`` : String(record[keyword])}`,
    );
    if (bounds.length > 0) {
      const description = typeof record.description === "string" && record.description.trim() !== "" ? `${record.description.trim()}\n\n` : "";
      (copy ??= { ...record }).description = `${description}${bounds.join(". ")}.`;
    }
  }
  return copy ?? node;
}

/** Our templates, rendered; prettier formats them next. */
export function renderFiles(model: ApiModel, render: RenderTemplate): Map<string, string> {
  const view = toView(model);
  return new Map(RENDERED_FILES.map((file) => [file, render(file, view)]));
}

/** Files that are not formatted: the static templates, and openapi-typescript's output behind our header, kept as it comes (formatting 3 MB would cost seconds). */
export function renderUnformattedFiles(model: ApiModel, schemaSource: string, render: RenderTemplate): Map<string, string> {
  const header = { specFile: model.specFile, specHash: model.specHash };
  return new Map([
    ...STATIC_FILES.map((file) => [file, render(file, header)] as [string, string]),
    ["schema.ts", render("schema.ts", { ...header, schema: schemaSource })],
  ]);
}

/** The template view: the model plus presentation details (doc lines, response kinds). */
export function toView(model: ApiModel) {
  return {
    ...model,
    operations: model.operations.map((operation) => ({
      ...operation,
      docLines: docLines(operation),
      successStatus: operation.success[0]?.statusNumber ?? operation.success[0]?.status,
      responses: [
        ...operation.success.map((r) => ({ status: r.status, kind: "success", json: r.json, codes: undefined })),
        ...operation.errors.map((r) => ({ status: r.status, kind: "error", json: r.json, codes: r.codes })),
      ],
    })),
  };
}

function docLines(operation: OperationModel): string[] {
  const lines: string[] = [];
  if (operation.summary) lines.push(operation.summary);
  if (operation.description && operation.description.trim() !== operation.summary?.trim()) {
    if (lines.length > 0) lines.push("");
    lines.push(...operation.description.trim().split("\n"));
  }
  if (lines.length > 0) lines.push("");
  lines.push(`\`${operation.method.toUpperCase()} ${operation.path}\``);
  lines.push(operation.scopes.length > 0 ? `Required scopes: ${operation.scopes.map((s) => `\`${s}\``).join(", ")}` : "Required scopes: none documented");
  if (operation.deprecated) lines.push("@deprecated");
  if (operation.externalDocsUrl) lines.push(`@see ${operation.externalDocsUrl}`);
  return lines.map((line) => escapeDoc(line.trimEnd()));
}
