/**
 * User-facing failures. Anything a user can cause (bad YAML, a broken `$ref`, an unknown flag) is a
 * `UserError`: printed as one positioned message, never as a stack trace.
 */
import { formatDiagnostic, relativePaths, type Diagnostic } from "./findings/diagnostic.ts";
import { untrusted, type Level } from "./findings/finding.ts";

export { relativePaths };

export type ErrorKind = "spec" | "usage" | "io";

export interface SourcePosition {
  file: string;
  line: number;
  col: number;
}

export interface UserErrorInit {
  kind: ErrorKind;
  message: string;
  position?: SourcePosition;
  /** JSON pointer of the offending node inside `position.file`. */
  pointer?: string;
  hint?: string;
}

export class UserError extends Error {
  readonly kind: ErrorKind;
  readonly position?: SourcePosition;
  readonly pointer?: string;
  readonly hint?: string;

  constructor(init: UserErrorInit) {
    super(init.message);
    this.name = "UserError";
    this.kind = init.kind;
    this.position = init.position;
    this.pointer = init.pointer;
    this.hint = init.hint;
  }

  /** Exit code convention: 2 for usage errors, 1 for everything else a user can fix in a file. */
  get exitCode(): number {
    return this.kind === "usage" ? 2 : 1;
  }
}

/** Several problems found in one pass (for example every broken `$ref` of a spec). */
export class UserErrors extends Error {
  constructor(readonly errors: UserError[]) {
    super(errors.map((e) => e.message).join("\n"));
    this.name = "UserErrors";
  }

  get exitCode(): number {
    return Math.max(...this.errors.map((e) => e.exitCode));
  }
}

export function isUserFailure(err: unknown): err is UserError | UserErrors {
  return err instanceof UserError || err instanceof UserErrors;
}

/**
 * `file:line:col: error: message (at #/pointer)` followed by an indented hint, terminal-safe: the
 * message may quote the spec. `level` prints the same problem as a warning or notice (lint, notices).
 */
export function formatUserError(err: UserError, cwd = process.cwd(), level: Level = "error"): string {
  return formatDiagnostic(userDiagnostic(err, level), cwd);
}

/** The error as a diagnostic: its message and hint are of unknown make-up, so wholly untrusted. */
export function userDiagnostic(err: UserError, level: Level = "error"): Diagnostic {
  return {
    level,
    message: untrusted(err.message),
    ...(err.position ? { position: err.position } : {}),
    ...(err.pointer !== undefined ? { pointer: err.pointer } : {}),
    ...(err.hint ? { hint: untrusted(err.hint) } : {}),
  };
}

export function formatUserFailure(err: UserError | UserErrors, cwd = process.cwd()): string {
  const errors = err instanceof UserErrors ? err.errors : [err];
  return errors.map((e) => formatUserError(e, cwd)).join("\n");
}
