/**
 * A list of findings in each format, for a command whose report is just that list (lint): text as
 * diagnostics, json for tools, github annotations, a markdown table. The diff and drift lay out their
 * own reports from the same pieces (escape.ts, github.ts).
 */
import { relative } from "node:path";
import { diagnosticLines } from "./diagnostic.ts";
import { codeSpan, markdownText, safeJson, tableRow } from "./escape.ts";
import { rawText, type Finding } from "./finding.ts";
import { annotationLine } from "./github.ts";

export const LIST_FORMATS = ["text", "json", "github", "markdown"] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

export interface ListOptions {
  cwd: string;
  /** Annotation paths are relative to it (the repository root); default cwd. */
  root?: string;
}

function path(from: string, file: string): string {
  return relative(from, file).split("\\").join("/") || file;
}

/** `file:line:col` and the pointer, each a code span. */
function where(f: Finding, cwd: string): string {
  const at = f.position ? [codeSpan(`${path(cwd, f.position.file)}:${f.position.line}:${f.position.col}`)] : [];
  return [...at, ...(f.pointer !== undefined ? [codeSpan(`#${f.pointer}`)] : [])].join(" ");
}

export function renderFindings(format: ListFormat, findings: readonly Finding[], options: ListOptions): string {
  switch (format) {
    case "json":
      return safeJson(
        findings.map((f) => ({
          rule: f.rule,
          level: f.level,
          message: rawText(f.message),
          ...(f.position ? { file: path(options.cwd, f.position.file), line: f.position.line, col: f.position.col } : {}),
          ...(f.pointer !== undefined ? { pointer: f.pointer } : {}),
          ...(f.hint ? { hint: rawText(f.hint) } : {}),
        })),
      );
    case "github":
      return findings
        .map((f) =>
          annotationLine({
            level: f.level,
            ...(f.position ? { file: path(options.root ?? options.cwd, f.position.file), line: f.position.line } : {}),
            title: f.rule,
            message: rawText(f.message) + (f.pointer !== undefined ? ` (at #${f.pointer})` : "") + (f.hint ? `; ${rawText(f.hint)}` : ""),
          }),
        )
        .join("\n");
    case "markdown":
      return ["| Level | Rule | Message | Where |", "|---|---|---|---|", ...findings.map((f) => tableRow([f.level, codeSpan(f.rule), markdownText(f.message), where(f, options.cwd)]))].join("\n");
    default:
      return findings.flatMap((f) => diagnosticLines(f, options.cwd)).join("\n");
  }
}
