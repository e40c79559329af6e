/**
 * The outputs of `contractgen diff`: text (a summary, then the breaking changes by operation), markdown
 * (a pull-request comment, a shared-schema edit once with the operations it reaches), json (one entry
 * per operation, for tools), github annotations, and a changelog grouped by operation. Every spec
 * string goes through the findings renderers (generator/findings), never into the output raw.
 */
import { relative } from "node:path";
import { locate, type LoadedSpec } from "../spec/load.ts";
import { codeSpan, markdownText, safeJson, tableRow, terminalLine, terminalText } from "../findings/escape.ts";
import { code, countByLevel, LEVEL_RANK, quote, type Level as FindingLevel, type Text } from "../findings/finding.ts";
import { DIFF_LEVEL_NAME, FROM_DIFF_LEVEL, fromDiff, type DiffEntry } from "../findings/from-diff.ts";
import { annotationLine } from "../findings/github.ts";
import { surfaceIsEmpty, type SurfaceDiff } from "./surface.ts";
import type { Change, Finding, Level } from "./core/types.ts";

export type Format = "text" | "markdown" | "json" | "github" | "changelog";
export const FORMATS: readonly Format[] = ["text", "markdown", "json", "github", "changelog"];

export interface Report {
  findings: Finding[];
  /** Head spec of each API, for positions (key: API name, or "" for a single pair). */
  heads: ReadonlyMap<string, LoadedSpec>;
  surfaces: SurfaceDiff[];
  cwd: string;
  /** Annotation paths are relative to it: the repository root, as GitHub expects (default: cwd). */
  root?: string;
  /** The least level listed (the summary counts every level); default: everything. */
  level?: Level;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** `15 breaking, 760 warnings, 789 notes`. */
export function summaryLine(findings: readonly Finding[]): string {
  if (findings.length === 0) return "no contract changes";
  const c = countByLevel(findings.map((f) => ({ level: FROM_DIFF_LEVEL[f.level] })));
  return `${c.error} breaking, ${plural(c.warning, "warning")}, ${plural(c.note, "note")}`;
}

/** The findings at or above the report's level. */
function atLevel(report: Report): Finding[] {
  const least = LEVEL_RANK[FROM_DIFF_LEVEL[report.level ?? "INFO"]];
  return report.findings.filter((f) => LEVEL_RANK[FROM_DIFF_LEVEL[f.level]] >= least);
}

/** The findings at or above the report's level, as entries for the renderers. */
function listed(report: Report): DiffEntry[] {
  return atLevel(report).map(fromDiff);
}

/** `api: GET /cards` as text parts: the API name is the config's, the operation the spec's. */
function operationOf(e: DiffEntry): Text {
  const op = e.data.operation;
  return [...(e.data.api ? [code(e.data.api), ": "] : []), ...(op ? [code(op)] : [])];
}

export function formatJson(report: Report): string {
  // The findings' own messages: the renderers' parts (fromDiff) are for the formats that quote.
  const changes: (Change & { api?: string })[] = atLevel(report).map((f) => ({
    ...(f.api !== undefined ? { api: f.api } : {}),
    id: f.id,
    level: f.level,
    operation: f.operation,
    location: f.location,
    message: f.message,
  }));
  const out: Record<string, unknown> = { breaking: report.findings.some((f) => f.level === "ERR"), changes };
  if (report.surfaces.length > 0) out.surface = report.surfaces;
  return safeJson(out);
}

/** The generated-client section's lines, each name rendered by `name` (plain or as a code span). */
function surfaceLines(s: SurfaceDiff, bullet: string, name: (x: string) => string): string[] {
  const lines: string[] = [];
  const part = (title: string, d: { added: string[]; removed: string[] }) => {
    if (d.added.length > 0) lines.push(`${bullet}${title} added: ${d.added.map(name).join(", ")}`);
    if (d.removed.length > 0) lines.push(`${bullet}${title} removed: ${d.removed.map(name).join(", ")}`);
  };
  part("operations", s.operations);
  part("client methods", s.methods);
  part("error-union members", s.errors);
  part("exported types", s.types);
  for (const p of s.problems) lines.push(`${bullet}${name(p)}`);
  return lines;
}

const SECTION: Record<FindingLevel, string> = { error: "Breaking changes", warning: "Warnings", note: "Notes" };

/** Findings of one level, under a heading per operation, in report order. */
function textSection(level: FindingLevel, entries: readonly DiffEntry[]): string[] {
  const mine = entries.filter((e) => e.level === level);
  if (mine.length === 0) return [];
  const lines = ["", `${SECTION[level]} (${mine.length}):`];
  const byOperation = new Map<string, DiffEntry[]>();
  for (const e of mine) {
    const key = terminalText([...(e.data.api ? [quote(e.data.api), ": "] : []), quote(e.data.operation || "API-wide")]);
    byOperation.set(key, [...(byOperation.get(key) ?? []), e]);
  }
  for (const [operation, group] of byOperation) {
    lines.push(operation);
    for (const e of group) {
      lines.push(`  ${DIFF_LEVEL_NAME[e.level].padEnd(4)} ${terminalText(e.message)} [${e.rule}]`);
      lines.push(`       at ${terminalText([quote(e.data.location || "/")])}`);
    }
  }
  return lines;
}

/**
 * For people: the summary, then the breaking changes by operation, then (down to `level`) warnings
 * and notes, and what was left out and how to see it.
 */
export function formatText(report: Report): string {
  const entries = listed(report);
  const lines = [summaryLine(report.findings)];
  for (const level of ["error", "warning", "note"] as const) lines.push(...textSection(level, entries));
  const hidden = report.findings.length - entries.length;
  if (hidden > 0) {
    const c = countByLevel(report.findings.map((f) => ({ level: FROM_DIFF_LEVEL[f.level] })));
    const warningsHidden = report.level === "ERR" && c.warning > 0;
    const left = [...(warningsHidden ? [plural(c.warning, "warning")] : []), ...(c.note > 0 ? [plural(c.note, "note")] : [])].join(" and ");
    lines.push("", `${left} not shown: ${warningsHidden ? "--level WARN adds the warnings, --all shows everything" : "--all shows them"}`);
  }
  for (const s of report.surfaces) {
    lines.push("");
    if (surfaceIsEmpty(s)) {
      lines.push(`generated client (${s.api}): no change to the exported API`);
      continue;
    }
    lines.push(`generated client (${s.api}):`);
    lines.push(...surfaceLines(s, "  ", (x) => x));
  }
  return lines.map(terminalLine).join("\n");
}

/** One change to a shared component, and every operation it reaches. */
export interface Group {
  first: DiffEntry;
  operations: DiffEntry[];
}

/**
 * Findings with the same rule at the same node of a shared component are one edit: grouped, in the
 * order of their first finding. Findings outside components stay one group each.
 */
export function groupFindings(entries: readonly DiffEntry[]): Group[] {
  const groups = new Map<string, Group>();
  entries.forEach((e, i) => {
    const key = e.data.component !== undefined ? `${e.data.api ?? ""}\0${e.level}\0${e.rule}\0${e.data.location}` : `#${i}`;
    const group = groups.get(key);
    if (group) group.operations.push(e);
    else groups.set(key, { first: e, operations: [e] });
  });
  return [...groups.values()];
}

function operationCell(g: Group): string {
  const api = g.first.data.api ? `${codeSpan(g.first.data.api)}: ` : "";
  if (g.operations.length === 1) return api + (g.first.data.operation ? codeSpan(g.first.data.operation) : "(whole API)");
  return `${api}${codeSpan(g.first.data.component!)}, ${g.operations.length} operations:<br>${g.operations.map((e) => codeSpan(e.data.operation)).join("<br>")}`;
}

function table(entries: readonly DiffEntry[]): string[] {
  const lines = ["| Level | Operation | Change | Rule | Location |", "|---|---|---|---|---|"];
  for (const g of groupFindings(entries)) {
    const e = g.first;
    lines.push(tableRow([DIFF_LEVEL_NAME[e.level], operationCell(g), markdownText(e.message), codeSpan(e.rule), codeSpan(e.data.location || "/")]));
  }
  return lines;
}

export function formatMarkdown(report: Report): string {
  const entries = listed(report);
  const breaking = entries.filter((e) => e.level === "error");
  const rest = entries.filter((e) => e.level !== "error");
  const c = countByLevel(report.findings.map((f) => ({ level: FROM_DIFF_LEVEL[f.level] })));
  const lines: string[] = ["## Contract diff", ""];
  lines.push(
    report.findings.length === 0
      ? "No contract changes."
      : `${c.error > 0 ? ":x:" : ":white_check_mark:"} **${c.error} breaking** (ERR), ${c.warning} warning (WARN), ${c.note} info (INFO)`,
  );
  if (breaking.length > 0) lines.push("", "### Breaking changes", "", ...table(breaking));
  if (rest.length > 0) lines.push("", `<details><summary>Other changes (${rest.length})</summary>`, "", ...table(rest), "", "</details>");
  lines.push(...markdownSurfaces(report.surfaces));
  return lines.join("\n") + "\n";
}

function markdownSurfaces(surfaces: readonly SurfaceDiff[]): string[] {
  if (surfaces.length === 0) return [];
  const lines = ["", "### Generated client", ""];
  for (const s of surfaces) {
    if (surfaceIsEmpty(s)) lines.push(`- **${codeSpan(s.api)}**: no change to the exported API`);
    else lines.push(`- **${codeSpan(s.api)}**`, ...surfaceLines(s, "  - ", codeSpan));
  }
  return lines;
}

const CHANGELOG_LEVEL: Record<FindingLevel, string> = { error: "**breaking**", warning: "**warning**", note: "info" };

/** A markdown changelog, one section per operation (as oasdiff's changelog), API-wide changes first. */
export function formatChangelog(report: Report): string {
  const entries = listed(report);
  const lines: string[] = ["# API changelog", ""];
  if (report.findings.length === 0) lines.push("No contract changes.");
  else lines.push(`${report.findings.length} change(s): ${(["ERR", "WARN", "INFO"] as const).map((l) => `${report.findings.filter((f) => f.level === l).length} ${l}`).join(", ")}`);
  const sections = new Map<string, DiffEntry[]>();
  for (const e of entries) {
    const title = e.data.operation ? markdownText(operationOf(e)) : e.data.api ? `${codeSpan(e.data.api)}: API-wide` : "API-wide";
    sections.set(title, [...(sections.get(title) ?? []), e]);
  }
  for (const [title, group] of sections) {
    lines.push("", `## ${title}`, "");
    for (const e of group) lines.push(`- ${CHANGELOG_LEVEL[e.level]}: ${markdownText(e.message)} (${codeSpan(e.rule)})`);
  }
  lines.push(...markdownSurfaces(report.surfaces));
  return lines.join("\n") + "\n";
}

/** Line in the head file: the node itself, or for a removal the nearest node that still exists in head. */
export function headPosition(head: LoadedSpec, f: Finding): { file: string; line: number } {
  // Same path in head (the usual case: git base, working-tree head), else the head's root file; locate()
  // falls back to the deepest node that exists, so a removal points at what contained it.
  const source = head.files.get(f.where.file) ?? head.root;
  return { file: source.path, line: locate(source, f.where.pointer).line };
}

export function formatGithub(report: Report): string {
  const lines: string[] = [];
  for (const e of listed(report)) {
    const f = e.data.source;
    const head = report.heads.get(f.api ?? "") ?? report.heads.get("");
    const operation = f.api ? `${f.api}: ${f.operation}` : f.operation;
    const pos = head && head.root.text.trim() !== "{}" ? headPosition(head, f) : undefined;
    lines.push(
      annotationLine({
        level: e.level,
        ...(pos ? { file: relative(report.root ?? report.cwd, pos.file).split("\\").join("/"), line: pos.line } : {}),
        title: `${f.id} (${operation})`,
        message: `${operation}: ${f.message}`,
      }),
    );
  }
  return lines.join("\n");
}

export function render(format: Format, report: Report): string {
  switch (format) {
    case "json":
      return formatJson(report);
    case "markdown":
      return formatMarkdown(report);
    case "github":
      return formatGithub(report);
    case "changelog":
      return formatChangelog(report);
    default:
      return formatText(report);
  }
}
