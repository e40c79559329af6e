/**
 * Findings as compiler-style diagnostics, the text that `generate`, `check`, `lint` and every error
 * line print: `file:line:col: warning: message (at #/pointer)` and an indented hint. Terminal-safe
 * (escape.ts): a spec string cannot add a line, a colour or a workflow command.
 */
import { isAbsolute, relative } from "node:path";
import { terminalLine, terminalText } from "./escape.ts";
import { untrusted, type Finding, type Level, type Text } from "./finding.ts";

/** The word each level prints as in a diagnostic (colour.ts colours these words). */
export const DIAGNOSTIC_LEVEL: Record<Level, string> = { error: "error", warning: "warning", note: "notice" };

/** A finding as a diagnostic prints it: the rule, when given, follows the message as `[rule]`, before the pointer. */
export type Diagnostic = Omit<Finding, "rule" | "data"> & { rule?: string };

/** The lines of one diagnostic, paths relative to `cwd` where that reads better. */
export function diagnosticLines(d: Diagnostic, cwd: string): string[] {
  const where = d.position ? `${relativeTo(cwd, d.position.file)}:${d.position.line}:${d.position.col}: ` : "";
  const pointer = d.pointer !== undefined ? ` (at #${d.pointer})` : "";
  const rule = d.rule !== undefined ? ` [${d.rule}]` : "";
  const lines = [terminalLine(`${where}${DIAGNOSTIC_LEVEL[d.level]}: ${relativeText(cwd, d.message)}${rule}${terminalText(untrusted(pointer))}`)];
  if (d.hint) lines.push(terminalLine(`  hint: ${relativeText(cwd, d.hint)}`));
  return lines;
}

export function formatDiagnostic(d: Diagnostic, cwd: string): string {
  return diagnosticLines(d, cwd).join("\n");
}

function relativeText(cwd: string, text: Text): string {
  return terminalText(text.map((part) => (typeof part === "string" ? relativePaths(cwd, part) : { ...part, quoted: relativePaths(cwd, part.quoted) })));
}

/** Relative to the current folder when inside it or a folder or two above it (`../../spec.yaml`), else absolute. */
export function relativeTo(cwd: string, file: string): string {
  const path = relative(cwd, file);
  return path !== "" && !isAbsolute(path) && !path.startsWith("../../../") ? path : file;
}

/** Absolute paths inside the current folder, as messages name them, shown relative to it (as positions are). */
export function relativePaths(cwd: string, text: string): string {
  return cwd === "/" ? text : text.split(cwd + "/").join("");
}
