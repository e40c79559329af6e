/**
 * The outputs of `contractgen diff`: text, markdown (a pull-request comment, a shared-schema edit
 * once with the operations it reaches), json (one entry per operation, for tools), github
 * annotations, and a changelog grouped by operation.
 */
import { relative } from "node:path";
import { locate, type LoadedSpec } from "../spec/load.ts";
import { surfaceIsEmpty, type SurfaceDiff } from "./surface.ts";
import { LEVELS, type Change, type Finding, type Level } from "./core/types.ts";

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
}

function counts(findings: Finding[]): Record<Level, number> {
  const out: Record<Level, number> = { ERR: 0, WARN: 0, INFO: 0 };
  for (const f of findings) out[f.level]++;
  return out;
}

function summary(findings: Finding[]): string {
  const c = counts(findings);
  return LEVELS.map((l) => `${c[l]} ${l}`).join(", ");
}

function operationOf(f: Finding): string {
  return f.api ? `${f.api}: ${f.operation}` : f.operation;
}

export function formatJson(report: Report): string {
  const changes: (Change & { api?: string })[] = report.findings.map((f) => ({
    ...(f.api !== undefined ? { api: f.api } : {}),
    id: f.id,
    level: f.level,
    operation: f.operation,
    location: f.location,
    message: f.message,
  }));
  const out: Record<string, unknown> = { breaking: report.findings.some((f) => f.level === "ERR"), changes };
  if (report.surfaces.length > 0) out.surface = report.surfaces;
  return JSON.stringify(out, null, 2);
}

function surfaceLines(s: SurfaceDiff, bullet: string, code: (x: string) => string): string[] {
  const lines: string[] = [];
  const part = (title: string, d: { added: string[]; removed: string[] }) => {
    if (d.added.length > 0) lines.push(`${bullet}${title} added: ${d.added.map(code).join(", ")}`);
    if (d.removed.length > 0) lines.push(`${bullet}${title} removed: ${d.removed.map(code).join(", ")}`);
  };
  part("operations", s.operations);
  part("client methods", s.methods);
  part("error-union members", s.errors);
  part("exported types", s.types);
  for (const p of s.problems) lines.push(`${bullet}${p}`);
  return lines;
}

export function formatText(report: Report): string {
  const lines: string[] = [];
  for (const f of report.findings) {
    lines.push(`${f.level.padEnd(4)} ${operationOf(f)}: ${f.message} [${f.id}]`);
    lines.push(`     at ${f.location || "/"}`);
  }
  lines.push(report.findings.length === 0 ? "no contract changes" : `${report.findings.length} change(s): ${summary(report.findings)}`);
  for (const s of report.surfaces) {
    if (surfaceIsEmpty(s)) {
      lines.push(`generated client (${s.api}): no change to the exported API`);
      continue;
    }
    lines.push(`generated client (${s.api}):`);
    lines.push(...surfaceLines(s, "  ", (x) => x));
  }
  return lines.join("\n");
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** One change to a shared component, and every operation it reaches. */
export interface Group {
  first: Finding;
  operations: string[];
}

/**
 * Findings with the same rule at the same node of a shared component are one edit: grouped, in the
 * order of their first finding. Findings outside components stay one group each.
 */
export function groupFindings(findings: readonly Finding[]): Group[] {
  const groups = new Map<string, Group>();
  findings.forEach((f, i) => {
    const key = f.component !== undefined ? `${f.api ?? ""}\0${f.level}\0${f.id}\0${f.location}` : `#${i}`;
    const group = groups.get(key);
    if (group) group.operations.push(f.operation);
    else groups.set(key, { first: f, operations: [f.operation] });
  });
  return [...groups.values()];
}

function operationCell(g: Group): string {
  const api = g.first.api ? `${g.first.api}: ` : "";
  if (g.operations.length === 1) return cell(api + (g.first.operation || "(whole API)"));
  return `${cell(api)}\`${cell(g.first.component!)}\`, ${g.operations.length} operations:<br>${g.operations.map(cell).join("<br>")}`;
}

function table(findings: Finding[]): string[] {
  const lines = ["| Level | Operation | Change | Rule | Location |", "|---|---|---|---|---|"];
  for (const g of groupFindings(findings)) {
    const f = g.first;
    lines.push(`| ${f.level} | ${operationCell(g)} | ${cell(f.message)} | \`${f.id}\` | \`${cell(f.location || "/")}\` |`);
  }
  return lines;
}

export function formatMarkdown(report: Report): string {
  const breaking = report.findings.filter((f) => f.level === "ERR");
  const rest = report.findings.filter((f) => f.level !== "ERR");
  const c = counts(report.findings);
  const lines: string[] = ["## Contract diff", ""];
  lines.push(
    report.findings.length === 0
      ? "No contract changes."
      : `${c.ERR > 0 ? ":x:" : ":white_check_mark:"} **${c.ERR} breaking** (ERR), ${c.WARN} warning (WARN), ${c.INFO} info (INFO)`,
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
    if (surfaceIsEmpty(s)) lines.push(`- **${s.api}**: no change to the exported API`);
    else lines.push(`- **${s.api}**`, ...surfaceLines(s, "  - ", (x) => `\`${x}\``));
  }
  return lines;
}

const CHANGELOG_LEVEL: Record<Level, string> = { ERR: "**breaking**", WARN: "**warning**", INFO: "info" };

/** A markdown changelog, one section per operation (as oasdiff's changelog), API-wide changes first. */
export function formatChangelog(report: Report): string {
  const lines: string[] = ["# API changelog", ""];
  if (report.findings.length === 0) lines.push("No contract changes.");
  else lines.push(`${report.findings.length} change(s): ${summary(report.findings)}`);
  const sections = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const title = operationOf(f) || (f.api ? `${f.api}: API-wide` : "API-wide");
    sections.set(title, [...(sections.get(title) ?? []), f]);
  }
  for (const [title, findings] of sections) {
    lines.push("", `## ${title}`, "");
    for (const f of findings) lines.push(`- ${CHANGELOG_LEVEL[f.level]}: ${f.message} (\`${f.id}\`)`);
  }
  lines.push(...markdownSurfaces(report.surfaces));
  return lines.join("\n") + "\n";
}

/** GitHub workflow commands: data and property values are escaped as the runner expects. */
function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

const COMMAND: Record<Level, string> = { ERR: "error", WARN: "warning", INFO: "notice" };

/** Line in the head file: the node itself, or for a removal the nearest node that still exists in head. */
export function headPosition(head: LoadedSpec, f: Finding): { file: string; line: number } {
  // Same path in head (the usual case: git base, working-tree head), else the head's root file; locate()
  // falls back to the deepest node that exists, so a removal points at what contained it.
  const source = head.files.get(f.where.file) ?? head.root;
  return { file: source.path, line: locate(source, f.where.pointer).line };
}

export function formatGithub(report: Report): string {
  const lines: string[] = [];
  for (const f of report.findings) {
    const head = report.heads.get(f.api ?? "") ?? report.heads.get("");
    const props: string[] = [];
    if (head && head.root.text.trim() !== "{}") {
      const pos = headPosition(head, f);
      props.push(`file=${escapeProperty(relative(report.root ?? report.cwd, pos.file).split("\\").join("/"))}`, `line=${pos.line}`);
    }
    props.push(`title=${escapeProperty(`${f.id} (${operationOf(f)})`)}`);
    lines.push(`::${COMMAND[f.level]} ${props.join(",")}::${escapeData(`${operationOf(f)}: ${f.message}`)}`);
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
