/**
 * Stage 4, emit: openapi-typescript for `paths`/`components`/`operations`, and the templates for
 * everything else. Returns file contents keyed by file name; writes nothing.
 */
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";
import { createConfig } from "@redocly/openapi-core";
import openapiTS, { astToString } from "openapi-typescript";
import { escapeDoc, type RenderTemplate } from "./templates.ts";
import type { ApiModel, OperationModel } from "./model.ts";

export interface EmittedFiles {
  /** Rendered by our templates: formatted by prettier later. */
  rendered: Map<string, string>;
  /** openapi-typescript's output, kept as it comes (with our header). */
  verbatim: Map<string, string>;
}

/** The templates render in this order; the file names are the template names. */
export const RENDERED_FILES = ["runtime.ts", "errors.ts", "operations.ts", "client.ts", "index.ts"] as const;

let quietRedoclyConfig: Promise<Awaited<ReturnType<typeof createConfig>>> | undefined;

/** openapi-typescript over the already loaded and validated spec. Its own lint is off: validation already ran. */
export async function emitSchemaTypes(specData: unknown, specPath: string): Promise<string> {
  quietRedoclyConfig ??= createConfig({ rules: {} }, { extends: [] });
  const nodes = await openapiTS(specData as never, {
    cwd: pathToFileURL(dirname(specPath) + "/"),
    redocly: await quietRedoclyConfig,
    silent: true,
  });
  return astToString(nodes);
}

export function emitFiles(model: ApiModel, schemaSource: string, render: RenderTemplate): EmittedFiles {
  const view = toView(model);
  const rendered = new Map<string, string>();
  for (const file of RENDERED_FILES) rendered.set(file, render(`${file}`, view));
  const verbatim = new Map([["schema.ts", render("schema.ts", { ...view, schema: schemaSource })]]);
  return { rendered, verbatim };
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
