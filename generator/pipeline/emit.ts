/**
 * Stage 4, emit: openapi-typescript for `paths`/`components`/`operations`, the shared runtime, and
 * the templates for everything else (outputs.ts). Returns file contents keyed by file name; writes nothing.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative, sep } from "node:path";
import { UserError } from "../errors.ts";
import { contractgenVersion } from "../package-root.ts";
import type { RenderTemplate } from "./templates.ts";
import type { ApiModel } from "./model.ts";
import { withWebhooksTyped } from "./webhooks.ts";
import { createSchemaAliases, type SchemaAliases } from "./schema-aliases.ts";
import { withSharedCollators } from "./collation.ts";

export { renderFiles, renderOutputs, LAID_OUT_FILES } from "./outputs.ts";
export type { EmitOptions } from "./view.ts";

type OpenapiTypescript = Pick<
  typeof import("openapi-typescript"),
  "transformSchema" | "astToString" | "addJSDocComment" | "scanDiscriminators" | "resolveRef"
>;
let openapiTypescript: OpenapiTypescript | undefined;

/**
 * Loaded on first use, through its CommonJS build: importing it as ESM makes Node lex the 9 MB
 * `typescript` module for named exports, which costs more than half a second on every run. Only the
 * modules of the transform: the package's entry also loads all of @redocly/openapi-core, for the lint
 * and bundle steps this path skips.
 */
function loadOpenapiTypescript(): OpenapiTypescript {
  if (openapiTypescript) return openapiTypescript;
  const require = createRequire(import.meta.url);
  const ts = require("openapi-typescript/dist/lib/ts.cjs") as OpenapiTypescript;
  const utils = require("openapi-typescript/dist/lib/utils.cjs") as OpenapiTypescript;
  openapiTypescript = {
    transformSchema: require("openapi-typescript/dist/transform/index.cjs") as OpenapiTypescript["transformSchema"],
    astToString: ts.astToString,
    addJSDocComment: ts.addJSDocComment,
    scanDiscriminators: utils.scanDiscriminators,
    resolveRef: utils.resolveRef,
  };
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
    const ts = createRequire(import.meta.url)("typescript") as typeof import("typescript");
    const aliases = createSchemaAliases(ts, (schema, node) => ots.addJSDocComment(schema as never, node as never));
    const nodes = withSharedCollators(() => ots.transformSchema(bundledLike, transformContext(ots, bundledLike, aliases)));
    return ots.astToString([...nodes, ...aliases.declarations()]);
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
  aliases: SchemaAliases,
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
    postTransform: aliases.postTransform,
    propertiesRequiredByDefault: false,
    redoc: undefined as never, // read only by the lint and bundle steps this path skips
    silent: OPENAPI_TS_OPTIONS.silent,
    inject: undefined,
    transform: binaryAsBlob,
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

type Transform = NonNullable<Parameters<OpenapiTypescript["transformSchema"]>[1]["transform"]>;

/**
 * `format: binary` strings are bytes, as the runtime sends and reads them: `Blob` in a response,
 * `Blob | File` anywhere else (request bodies, multipart fields, shared components). openapi-typescript
 * alone types them `string`, which a `Blob` is not assignable to.
 */
const binaryAsBlob: Transform = (schema, options) => {
  if (schema.type !== "string" || schema.format !== "binary") return undefined;
  const { factory } = createRequire(import.meta.url)("typescript") as typeof import("typescript");
  const blob = factory.createTypeReferenceNode("Blob");
  if (/\/responses\//.test(options.path ?? "")) return blob;
  return factory.createUnionTypeNode([blob, factory.createTypeReferenceNode("File")]);
};

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

/** openapi-typescript's output behind our header, kept as it comes (formatting megabytes would cost seconds). */
export function renderSchemaFile(model: ApiModel, schemaSource: string, render: RenderTemplate): Map<string, string> {
  return new Map([["schema.ts", render("schema.ts", { specFile: model.specFile, schema: schemaSource })]]);
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

