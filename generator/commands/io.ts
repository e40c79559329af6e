/**
 * The shape of a CLI command and of the IO it gets (shared by cli.ts and every module in commands/),
 * and the small helpers every command prints with.
 */
import { relative } from "node:path";
import type { ParseArgsConfig } from "node:util";
import { paintDiagnostic, type Paint } from "../findings/colour.ts";
import type { GeneratedApi } from "../pipeline/run.ts";
import { formatDiagnostic } from "../findings/diagnostic.ts";
import type { Finding } from "../findings/finding.ts";
import { specFindings, type SpecNotices } from "../findings/from-generation.ts";

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
 * Print what the pipeline noticed but did not refuse (a synthesised operationId, a converted Swagger
 * 2.0 document, an undeclared path parameter typed `string`...), once per message.
 */
export function printNotices(generated: readonly Pick<GeneratedApi, "findings">[], io: CommandIo, limit = NOTICE_LIMIT): void {
  const lines = [...new Set(generated.flatMap((g) => g.findings.map((f) => asDiagnostic(f, io.cwd))))];
  for (const line of lines.slice(0, limit)) io.warn(paintDiagnostic(line, io.paint.err));
  if (lines.length <= limit) return;
  io.warn(`... and ${lines.length - limit} more warning(s) (--verbose prints them all)`);
  for (const line of lines.slice(limit)) io.verbose(paintDiagnostic(line, io.paint.err));
}

/** What loading and checking a spec noticed (a schema left unchecked, a pattern RE2 cannot run), for commands that read a spec without generating. */
export function printSpecWarnings(spec: SpecNotices, io: Pick<CommandIo, "warn" | "cwd" | "paint">): void {
  const warnings = specFindings({ warnings: spec.warnings });
  for (const line of new Set(warnings.map((f) => asDiagnostic(f, io.cwd)))) io.warn(paintDiagnostic(line, io.paint.err));
}

/** A finding as generate prints it: the rule id is for the json formats, not for these lines. */
function asDiagnostic({ rule: _rule, data: _data, ...diagnostic }: Finding, cwd: string): string {
  return formatDiagnostic(diagnostic, cwd);
}

/** Enough warnings to act on; a large spec can have hundreds of the same kind. */
const NOTICE_LIMIT = 20;
