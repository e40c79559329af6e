/**
 * The generator: load -> validate -> model -> emit -> format. One call per API; the caller writes.
 * All state lives in the arguments, so several APIs (or the tests) can run side by side.
 */
import { relative } from "node:path";
import type { ApiConfig, ResolvedConfig } from "./config.ts";
import { emitSchemaTypes, renderFiles, renderUnformattedFiles } from "./emit.ts";
import { createFormatter, type Formatter } from "./format.ts";
import { loadSpec, type LoadedSpec } from "./load.ts";
import { buildModel, type ApiModel } from "./model.ts";
import { loadTemplates, type RenderTemplate } from "./templates.ts";
import { validateSpec } from "./validate.ts";

export interface StageTimings {
  load: number;
  validate: number;
  model: number;
  render: number;
  /** openapi-typescript; overlaps `format`, which runs on a worker thread. */
  emit: number;
  format: number;
}

export interface GeneratedApi {
  api: ApiConfig;
  spec: LoadedSpec;
  model: ApiModel;
  files: Map<string, string>;
  timings: StageTimings;
}

export interface RunContext {
  root: string;
  render: RenderTemplate;
  formatter: Formatter;
}

/** Per-run state: templates compiled once, one formatter worker. Call `closeRunContext` when done. */
export function createRunContext(config: ResolvedConfig, formatter: Formatter = createFormatter()): RunContext {
  return { root: config.root, render: loadTemplates(config.templatesDir), formatter };
}

export async function closeRunContext(ctx: RunContext): Promise<void> {
  await ctx.formatter.close();
}

export async function generateApi(api: ApiConfig, ctx: RunContext): Promise<GeneratedApi> {
  const timings: StageTimings = { load: 0, validate: 0, model: 0, render: 0, emit: 0, format: 0 };
  const timed = async <T>(stage: keyof StageTimings, fn: () => T | Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      timings[stage] = performance.now() - start;
    }
  };
  ctx.formatter.warmUp();
  const spec = await timed("load", () => loadSpec(api.spec));
  await timed("validate", () => validateSpec(spec));
  const specFile = relative(ctx.root, spec.rootPath).split("\\").join("/");
  const model = await timed("model", () => buildModel(spec, api, specFile));
  // Render our templates first and format them on the worker while openapi-typescript runs here.
  const rendered = await timed("render", () => renderFiles(model, ctx.render));
  const formatting = timed("format", () => ctx.formatter.format(rendered));
  formatting.catch(() => undefined); // awaited below; keeps an emit failure from leaving it unhandled
  const schemaSource = await timed("emit", () => emitSchemaTypes(spec.root.data, spec.rootPath, spec.files.size === 1));
  const formatted = await formatting;
  const unformatted = renderUnformattedFiles(model, schemaSource, ctx.render);
  const files = new Map([...formatted, ...unformatted].sort(([a], [b]) => (a < b ? -1 : 1)));
  return { api, spec, model, files, timings };
}

/** Generate every API of a config, in config order. Any failure rejects before anything is written. */
export async function generateAll(config: ResolvedConfig, ctx?: RunContext): Promise<GeneratedApi[]> {
  const run = ctx ?? createRunContext(config);
  try {
    const results: GeneratedApi[] = [];
    for (const api of config.apis) results.push(await generateApi(api, run));
    return results;
  } finally {
    if (!ctx) await closeRunContext(run);
  }
}
