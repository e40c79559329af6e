/**
 * The shape of a CLI command, shared by cli.ts and commands that live in their own module (diff/,
 * drift/, mock.ts, init.ts), and the small helpers every command prints with.
 */
import { readFileSync } from "node:fs";
import { relative, sep } from "node:path";
import type { ParseArgsConfig } from "node:util";
import { paintDiagnostic, type Paint } from "../findings/colour.ts";
import { formatUserError, UserError, type SourcePosition } from "../errors.ts";
import { formatDiagnostic } from "../findings/diagnostic.ts";
import { untrusted, type Level } from "../findings/finding.ts";
import type { ResolvedConfig } from "../config/index.ts";
import type { Formatter } from "../pipeline/format.ts";
import type { GeneratedApi, Output } from "../pipeline/run.ts";
import { writeOutputs, type WriteResult } from "../pipeline/write.ts";

export type Env = Record<string, string | undefined>;

/** What a caller of `main` provides: tests pass the first three, bin.mjs the process's own. */
export interface Io {
  /** Results (stdout). */
  out: (line: string) => void;
  /** Errors (stderr). */
  err: (line: string) => void;
  cwd: string;
  env?: Env;
  /** Whether stdout / stderr are terminals: colour and progress lines only go to one. */
  tty?: { out: boolean; err: boolean };
  /** The script the user ran (process.argv[1]), to name commands in hints the way they were run. */
  script?: string;
}

/** What a command gets: the caller's Io with the verbosity options (-q, --verbose) applied. */
export interface CommandIo extends Io {
  env: Env;
  /** Warnings and notices (stderr); silenced by --quiet. */
  warn: (line: string) => void;
  /** Detail such as per-stage timings (stderr); printed only with --verbose. */
  verbose: (line: string) => void;
  /** Progress on long work (stderr), only on a terminal or with --verbose; silenced by --quiet. */
  progress: (line: string) => void;
  paint: { out: Paint; err: Paint };
  /** Aborted on Ctrl-C for an `interruptible` command (the others exit at once). */
  signal: AbortSignal;
  /**
   * Another contractgen command, spelled the way this one was run (`npx contractgen generate`), with
   * this run's -c (and, unless `only` is "config", its --spec/--out/--name).
   */
  hint: (command: string, only?: "config") => string;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface Command {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  /** Takes arguments that are not options (drift's HAR file): they reach `run` as `values.positionals`. */
  positionals?: boolean;
  /** Long-running (watch, a mock server): Ctrl-C aborts `io.signal` and the command ends itself. */
  interruptible?: boolean;
  /** Resolves to the exit code; throws UserError for anything the user can fix. */
  run(values: OptionValues, io: CommandIo): Promise<number>;
}

export function ms(value: number): string {
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

/**
 * Lets a SIGINT/SIGTERM that arrived while the pipeline ran (its handler exits without writing) be
 * handled before the synchronous write starts, not after it. Signals are read in the event loop's
 * poll phase; one setImmediate can resolve in the check phase of the turn we are already in, so the
 * second one guarantees that a poll phase runs in between.
 */
export function signalsHandled(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

export interface Invocation {
  env: Env;
  cwd: string;
  script?: string;
  /** The options the user gave that carry over to the suggested command (say `-c conf.json`). */
  carried: string[];
}

/**
 * How to run `command` the way the user ran this one: through the npm script that runs it when run
 * from one (`npm run generate`), `npx contractgen` when run by npx or from node_modules/.bin, the
 * script's own path when run as `node path/bin.mjs`.
 */
export function invocationFor(command: string, how: Invocation): string {
  const args = [command, ...how.carried].join(" ");
  const npmScript = how.env.npm_lifecycle_event && how.env.npm_lifecycle_event !== "npx" ? scriptRunning(command, how.env.npm_package_json) : undefined;
  if (npmScript) return npmScript === command ? `npm run ${command}` : `npm run ${npmScript}`;
  const script = how.script ?? "";
  if (how.env.npm_command === "exec" || script.includes(`${sep}node_modules${sep}`) || script === "") return `npx contractgen ${args}`;
  if (/contractgen$/.test(script)) return `contractgen ${args}`;
  return `node ${relative(how.cwd, script) || script} ${args}`;
}

/** The name of the package.json script that runs `contractgen <command>` (or `bin.mjs <command>`), if any. */
function scriptRunning(command: string, packageJson: string | undefined): string | undefined {
  if (!packageJson) return undefined;
  let scripts: Record<string, unknown> = {};
  try {
    scripts = (JSON.parse(readFileSync(packageJson, "utf8")) as { scripts?: Record<string, unknown> }).scripts ?? {};
  } catch {
    return undefined;
  }
  const runs = new RegExp(`(contractgen|bin\\.mjs)\\s+${command}(\\s|$)`);
  return Object.entries(scripts).find(([, text]) => typeof text === "string" && runs.test(text))?.[0];
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

/**
 * Print what the pipeline noticed but did not refuse (a synthesised operationId, a converted Swagger
 * 2.0 document, an undeclared path parameter typed `string`...), once per message, as warnings.
 */
export function printNotices(generated: readonly GeneratedApi[], io: CommandIo, limit = NOTICE_LIMIT): void {
  const lines = [...new Set(generated.flatMap((g) => noticesOf(g).map(({ level, notice }) => describeNotice(notice, level, io.cwd))))];
  for (const line of lines.slice(0, limit)) io.warn(paintDiagnostic(line, io.paint.err));
  if (lines.length <= limit) return;
  io.warn(`... and ${lines.length - limit} more warning(s) (--verbose prints them all)`);
  for (const line of lines.slice(limit)) io.verbose(paintDiagnostic(line, io.paint.err));
}

/** Enough warnings to act on; a large spec can have hundreds of the same kind. */
const NOTICE_LIMIT = 20;

/** Wherever a stage left its notices: the spec (load), the model, or the result itself. */
function noticesOf(g: GeneratedApi): { level: Level; notice: unknown }[] {
  const holders = [g, g.spec, g.model] as unknown as Record<string, unknown>[];
  const levels = { warnings: "warning", notices: "note" } as const;
  return holders.flatMap((holder) =>
    Object.entries(levels).flatMap(([key, level]) => (Array.isArray(holder?.[key]) ? (holder[key] as unknown[]).map((notice) => ({ level, notice })) : [])),
  );
}

/** A notice as a diagnostic line: a UserError, a positioned `{ message, position }`, or a plain string (all may quote the spec). */
function describeNotice(notice: unknown, level: Level, cwd: string): string {
  if (notice instanceof UserError) return formatUserError(notice, cwd, level);
  if (typeof notice === "string") return formatDiagnostic({ level, message: untrusted(notice) }, cwd);
  const { message, position } = (notice ?? {}) as { message?: unknown; position?: SourcePosition };
  return formatDiagnostic({ level, message: untrusted(typeof message === "string" ? message : JSON.stringify(notice)), ...(position ? { position } : {}) }, cwd);
}
