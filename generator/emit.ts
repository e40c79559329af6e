/**
 * Stage 4, emit: openapi-typescript for `paths`/`components`/`operations`, and the templates for
 * everything else. Returns file contents keyed by file name; writes nothing.
 */
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";
import type { createConfig } from "@redocly/openapi-core";
import { escapeDoc, type RenderTemplate } from "./templates.ts";
import type { ApiModel, OperationModel } from "./model.ts";

/** Templates that loop over the model: formatted by prettier after rendering. */
export const RENDERED_FILES = ["runtime.ts", "errors.ts", "operations.ts", "client.ts", "index.ts"] as const;

/**
 * Templates with no loops, kept prettier-clean in templates/ (a test checks it), so they skip the
 * format stage: formatting the runtime again for every API costs more than all the rest.
 */
export const STATIC_FILES: readonly string[] = [];

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

/** openapi-typescript over the already loaded and validated spec. Its own lint is off: validation already ran. */
export async function emitSchemaTypes(specData: unknown, specPath: string): Promise<string> {
  const { default: openapiTS, astToString, createConfig } = { ...loadOpenapiTypescript(), createConfig: loadRedoclyCreateConfig() };
  quietRedoclyConfig ??= createConfig({ rules: {} }, { extends: [] });
  const nodes = await openapiTS(specData as never, {
    cwd: pathToFileURL(dirname(specPath) + "/"),
    redocly: await quietRedoclyConfig,
    silent: true,
  });
  return astToString(nodes);
}

function loadRedoclyCreateConfig(): typeof createConfig {
  return (createRequire(import.meta.url)("@redocly/openapi-core") as typeof import("@redocly/openapi-core")).createConfig;
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
