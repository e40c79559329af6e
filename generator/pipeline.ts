/**
 * The generator: load -> validate -> model -> emit -> format. One call per API; the caller writes.
 * All state lives in the arguments, so several APIs (or the tests) can run side by side.
 */
import { relative } from "node:path";
import type { ApiConfig, ResolvedConfig } from "./config.ts";
import { emitFiles, emitSchemaTypes } from "./emit.ts";
import { formatFiles } from "./format.ts";
import { loadSpec, type LoadedSpec } from "./load.ts";
import { buildModel, type ApiModel } from "./model.ts";
import { loadTemplates, type RenderTemplate } from "./templates.ts";
import { validateSpec } from "./validate.ts";

export interface StageTimings {
  load: number;
  validate: number;
  model: number;
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
}

export function createRunContext(config: ResolvedConfig): RunContext {
  return { root: config.root, render: loadTemplates(config.templatesDir) };
}

export async function generateApi(api: ApiConfig, ctx: RunContext): Promise<GeneratedApi> {
  const timings: StageTimings = { load: 0, validate: 0, model: 0, emit: 0, format: 0 };
  const timed = async <T>(stage: keyof StageTimings, fn: () => T | Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      timings[stage] = performance.now() - start;
    }
  };
  const spec = await timed("load", () => loadSpec(api.spec));
  await timed("validate", () => validateSpec(spec));
  const specFile = relative(ctx.root, spec.rootPath).split("\\").join("/");
  const model = await timed("model", () => buildModel(spec, api, specFile));
  const emitted = await timed("emit", async () => emitFiles(model, await emitSchemaTypes(spec.root.data, spec.rootPath), ctx.render));
  const formatted = await timed("format", () => formatFiles(emitted.rendered));
  const files = new Map([...formatted, ...emitted.verbatim].sort(([a], [b]) => (a < b ? -1 : 1)));
  return { api, spec, model, files, timings };
}

/** Generate every API of a config, in config order. Any failure rejects before anything is written. */
export async function generateAll(config: ResolvedConfig, ctx = createRunContext(config)): Promise<GeneratedApi[]> {
  const results: GeneratedApi[] = [];
  for (const api of config.apis) results.push(await generateApi(api, ctx));
  return results;
}
