/**
 * One generation run for generate, check and watch: every API of a config and the shared runtime,
 * in memory, then written, each folder in one swap.
 */
import type { ResolvedConfig } from "../config/index.ts";
import type { Formatter } from "../pipeline/format.ts";
import type { GeneratedApi, Output } from "../pipeline/run.ts";
import { writeOutputs, type WriteResult } from "../pipeline/write.ts";

/**
 * Lets a SIGINT/SIGTERM that arrived while the pipeline ran (its handler exits without writing) be
 * handled before the synchronous write starts, not after it. Signals are read in the event loop's
 * poll phase; one setImmediate can resolve in the check phase of the turn we are already in, so the
 * second one guarantees that a poll phase runs in between.
 */
export function signalsHandled(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

export interface GenerationRun {
  generated: GeneratedApi[];
  /** Every folder the run writes (each API's, and the shared runtime's) with its files. */
  outputs: Output[];
  /** The config and spec files: the writer never writes into the folders holding them. */
  inputFiles: string[];
}

/**
 * Generate every API of `config` and the shared runtime, in memory; `formatter` stays open when given
 * (watch). One API at a time, so that `progress` can say how far a long run has got.
 */
export async function generateOutputs(config: ResolvedConfig, formatter?: Formatter, progress: (line: string) => void = () => {}): Promise<GenerationRun> {
  // Imported here, not at the top: diff, drift, lint and the others never load the templates,
  // handlebars, ajv or openapi-typescript, and start that much sooner.
  const { closeRunContext, createRunContext, generateAll, generateRuntime, outputsOf } = await import("../pipeline/run.ts");
  const ctx = createRunContext(config, formatter);
  try {
    const generated: GeneratedApi[] = [];
    for (const [index, api] of config.apis.entries()) {
      progress(`${api.name}: generating (${index + 1}/${config.apis.length})...`);
      generated.push(...(await generateAll({ ...config, apis: [api] }, ctx)));
    }
    const inputFiles = [...(config.file ? [config.file] : []), ...generated.flatMap((g) => [...g.spec.files.keys()])];
    return { generated, outputs: outputsOf(generated, generateRuntime(ctx)), inputFiles };
  } finally {
    if (!formatter) await closeRunContext(ctx);
  }
}

export function writeGenerated(run: GenerationRun): WriteResult[] {
  return writeOutputs(run.outputs, { inputFiles: run.inputFiles });
}
