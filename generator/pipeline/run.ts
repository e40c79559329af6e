/**
 * The generator: load -> validate -> model -> emit -> format. One call per API; the caller writes.
 * All state lives in the arguments, so several APIs (or the tests) can run side by side.
 */
import { relative, sep } from "node:path";
import type { ApiConfig, ImportExtension, ResolvedConfig } from "../config/index.ts";
import { emitSchemaTypes, renderRuntimeFiles, renderSchemaFile, runtimeImportFor } from "./emit.ts";
import { renderOutputs } from "./outputs.ts";
import { createFormatter, type Formatter } from "./format.ts";
import { loadSpec, type LoadedSpec } from "../spec/load.ts";
import { openapi31View } from "../spec/openapi32.ts";
import { bundleSpec } from "../spec/refs.ts";
import { buildModel, type ApiModel } from "./model.ts";
import { loadTemplates, type RenderTemplate } from "./templates.ts";
import { validateSpec } from "./validate.ts";
import { webhookSection } from "./webhooks.ts";
import { generationFindings } from "../findings/from-generation.ts";
import type { Finding } from "../findings/finding.ts";

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
  /** What the stages noticed but did not refuse, for the command to print. */
  findings: Finding[];
  timings: StageTimings;
}

export interface RunContext {
  root: string;
  templatesDir: string;
  runtimeOutput: string;
  importExtension: ImportExtension;
  render: RenderTemplate;
  formatter: Formatter;
}

/** A folder to write and the files it must hold (names relative to it, `/`-separated). */
export interface Output {
  dir: string;
  files: Map<string, string>;
}

/** Per-run state: templates compiled once, one formatter worker. Call `closeRunContext` when done. */
export function createRunContext(
  config: Pick<ResolvedConfig, "root" | "templatesDir" | "runtimeOutput" | "importExtension">,
  formatter: Formatter = createFormatter(),
): RunContext {
  return {
    root: config.root,
    templatesDir: config.templatesDir,
    runtimeOutput: config.runtimeOutput,
    importExtension: config.importExtension,
    render: loadTemplates(config.templatesDir),
    formatter,
  };
}

export async function closeRunContext(ctx: RunContext): Promise<void> {
  await ctx.formatter.close();
}

export async function generateApi(api: ApiConfig, ctx: RunContext): Promise<GeneratedApi> {
  const timings: StageTimings = {
    load: 0,
    validate: 0,
    model: 0,
    render: 0,
    emit: 0,
    format: 0,
  };
  const timed = async <T>(stage: keyof StageTimings, fn: () => T | Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      timings[stage] = performance.now() - start;
    }
  };
  const loaded = await timed("load", () => loadSpec(api.spec, { refRoot: api.refRoot }));
  await timed("validate", () => validateSpec(loaded));
  // Validate reads a 3.2 document as written; everything after reads its 3.1 view.
  const { spec } = openapi31View(loaded);
  const specFile = relative(ctx.root, spec.rootPath).split("\\").join("/");
  const model = await timed("model", () => buildModel(spec, api, specFile));
  // Render our templates first and format them on the worker while openapi-typescript runs here.
  const emitOptions = {
    runtimeImport: runtimeImportFor(api.output, ctx.runtimeOutput),
    importExtension: ctx.importExtension,
    guards: api.guards,
    validateResponses: api.validateResponses === "report" && model.operations.length > 0,
    hasWebhooks: webhookSection(spec.root.data) !== undefined,
  };
  const outputs = await timed("render", () => renderOutputs({ model, options: emitOptions, spec, api }, ctx.render));
  const toFormat = outputs.filter((o) => o.format !== "verbatim");
  const laidOut = new Set(toFormat.filter((o) => o.format === "laid-out").map((o) => o.file));
  const formatting = timed("format", () =>
    ctx.formatter.format(new Map(toFormat.map((o) => [o.file, o.text])), laidOut),
  );
  formatting.catch(() => undefined); // awaited below; keeps an emit failure from leaving it unhandled
  const schemaSource = await timed("emit", async () =>
    emitSchemaTypes(
      await bundleSpec(spec),
      spec.rootPath,
      model.operations.filter((o) => o.typedUnderPaths),
    ),
  );
  const formatted = await formatting;
  const verbatim = outputs.filter((o) => o.format === "verbatim").map((o): [string, string] => [o.file, o.text]);
  const unformatted = new Map([...renderSchemaFile(model, schemaSource, ctx.render), ...verbatim]);
  const files = new Map([...formatted, ...unformatted].sort(([a], [b]) => (a < b ? -1 : 1)));
  return { api, spec, model, files, findings: generationFindings(spec, model), timings };
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

/** The shared runtime's files, once per run whatever the number of APIs. */
export function generateRuntime(ctx: RunContext): Output {
  return {
    dir: ctx.runtimeOutput,
    files: renderRuntimeFiles(ctx.templatesDir, ctx.render, ctx.importExtension),
  };
}

/**
 * Everything a run writes: each API folder, and the runtime folder. A runtime inside an API folder
 * (an ad hoc `--out DIR` run puts it in DIR/runtime) travels with that folder, so one swap writes both.
 */
export function outputsOf(generated: GeneratedApi[], runtime: Output): Output[] {
  const outputs = generated.map((g) => ({
    dir: g.api.output,
    files: new Map(g.files),
  }));
  const host = outputs.find((o) => runtime.dir.startsWith(o.dir + sep));
  if (!host) return [...outputs, runtime];
  const prefix = relative(host.dir, runtime.dir).split(sep).join("/");
  for (const [name, text] of runtime.files) host.files.set(`${prefix}/${name}`, text);
  return outputs;
}
