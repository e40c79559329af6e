/**
 * User-facing failures. Anything a user can cause (bad YAML, a broken `$ref`, an unknown flag) is a
 * `UserError`: printed as one positioned message, never as a stack trace.
 */
import { isAbsolute, relative } from "node:path";

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

/** `file:line:col: error: message (at #/pointer)` followed by an indented hint. */
export function formatUserError(err: UserError, cwd = process.cwd()): string {
  const where = err.position
    ? `${relativeTo(cwd, err.position.file)}:${err.position.line}:${err.position.col}: `
    : "";
  const pointer = err.pointer !== undefined ? ` (at #${err.pointer})` : "";
  const hint = err.hint ? `\n  hint: ${relativePaths(cwd, err.hint)}` : "";
  return `${where}error: ${relativePaths(cwd, err.message)}${pointer}${hint}`;
}

export function formatUserFailure(err: UserError | UserErrors, cwd = process.cwd()): string {
  const errors = err instanceof UserErrors ? err.errors : [err];
  return errors.map((e) => formatUserError(e, cwd)).join("\n");
}

/** Relative to the current folder when inside it or a folder or two above it (`../../spec.yaml`), else absolute. */
function relativeTo(cwd: string, file: string): string {
  const path = relative(cwd, file);
  return path !== "" && !isAbsolute(path) && !path.startsWith("../../../") ? path : file;
}

/** Absolute paths inside the current folder, as messages name them, shown relative to it (as positions are). */
export function relativePaths(cwd: string, text: string): string {
  return cwd === "/" ? text : text.split(cwd + "/").join("");
}
