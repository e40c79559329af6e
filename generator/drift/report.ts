/** A drift report as text (terminal), markdown (a pull-request comment or an issue) or json (tools). */
import { codeSpan, markdownText, safeJson, tableRow, terminalLine, terminalText } from "../findings/escape.ts";
import { quote, rawText, type Finding, type Level, type Part, type Text } from "../findings/finding.ts";
import { compareText } from "../spec/order.ts";
import type { DriftFinding, SchemaPlace, StreamItemRef } from "./check.ts";
import { ruleById } from "./rules.ts";

export const FORMATS = ["text", "markdown", "json"] as const;
export type Format = (typeof FORMATS)[number];

export interface DriftReport {
  api: string;
  /** The HAR file as the user named it. */
  file: string;
  entries: number;
  matched: number;
  /** Requests to other hosts, outside the base path, or CORS preflights. */
  ignored: number;
  /** Exchanges per operationId that the recording exercised. */
  operations: Record<string, number>;
  findings: DriftFinding[];
}

/** Entry order first (the order of the recording), then stream item, rule, pointer: the same report every run. */
export function compareFindings(a: DriftFinding, b: DriftFinding): number {
  return a.entry - b.entry || (a.item?.index ?? 0) - (b.item?.index ?? 0) || compareText(a.rule, b.rule) || compareText(a.pointer ?? "", b.pointer ?? "") || compareText(a.expected ?? "", b.expected ?? "");
}

export function render(format: Format, report: DriftReport): string {
  if (format === "json") return safeJson(report);
  return format === "markdown" ? markdown(report) : text(report);
}

const FROM_DRIFT_LEVEL: Record<DriftFinding["level"], Level> = { error: "error", warn: "warning" };

/** A drift finding as a `Finding`: the rule's summary, then where and what, every recorded value quoted. */
export function fromDrift(f: DriftFinding): Finding {
  return { rule: f.rule, level: FROM_DRIFT_LEVEL[f.level], message: [ruleById(f.rule).summary, ...detail(f)], ...(f.pointer !== undefined ? { pointer: f.pointer } : {}), data: { entry: f.entry } };
}

/** The report's first line: the API and file are the user's own, the counts ours. */
function headline(report: DriftReport): Text {
  const drift = report.findings.length === 0 ? "no drift" : `${report.findings.length} finding(s) in ${new Set(report.findings.map((f) => f.entry)).size} exchange(s)`;
  return [quote(report.api), ": ", quote(report.file), `: ${report.entries} entries, ${report.matched} matched an operation, ${report.ignored} ignored; ${drift}`];
}

/** ": item N (event E, id I), at /pointer, expected X, actual Y, schema F:L:C", whichever of them the finding has. */
function detail(finding: DriftFinding): Part[] {
  const parts: Part[][] = [];
  if (finding.item) parts.push(itemLabel(finding.item));
  if (finding.pointer !== undefined) parts.push(finding.pointer === "" ? [finding.item ? "at (item)" : "at (body)"] : ["at ", quote(finding.pointer)]);
  if (finding.expected !== undefined) parts.push(["expected ", quote(finding.expected)]);
  if (finding.actual !== undefined) parts.push(["actual ", quote(finding.actual)]);
  if (finding.schema) parts.push(["schema ", quote(schemaLabel(finding.schema))]);
  return parts.length === 0 ? [] : [": ", ...parts.flatMap((p, i) => (i === 0 ? p : [", ", ...p]))];
}

/** "item 3 (event delta, id 7)": the SSE event's name and id are the server's. */
function itemLabel(item: StreamItemRef): Part[] {
  const fields: Part[][] = [];
  if (item.event !== undefined) fields.push(["event ", quote(item.event)]);
  if (item.id !== undefined) fields.push(["id ", quote(item.id)]);
  return [`item ${item.index}`, ...(fields.length > 0 ? [" (", ...fields.flatMap((f, i) => (i === 0 ? f : [", ", ...f])), ")"] : [])];
}

function schemaLabel(place: SchemaPlace): string {
  return `${place.file}:${place.line}:${place.col}`;
}

function exchangeLabel(finding: DriftFinding): Text {
  const status = finding.status !== undefined ? ` -> ${finding.status}` : "";
  return [`#${finding.entry} `, quote(finding.method), " ", quote(finding.url), status, ...(finding.operationId ? [" (", quote(finding.operationId), ")"] : [])];
}

function text(report: DriftReport): string {
  const lines = [terminalText(headline(report))];
  let last: number | undefined;
  for (const finding of report.findings) {
    if (finding.entry !== last) lines.push(terminalText(exchangeLabel(finding)));
    last = finding.entry;
    lines.push(`  ${finding.level} ${finding.rule}: ${terminalText(fromDrift(finding).message)}`);
  }
  return lines.map(terminalLine).join("\n");
}

function cell(value: string | number | undefined): string {
  return value === undefined || value === "" ? "" : codeSpan(String(value));
}

/** The pointer, after the stream item it is in. */
function pointerCell(f: DriftFinding): string | undefined {
  if (!f.item) return f.pointer;
  return `${rawText(itemLabel(f.item))}${f.pointer !== undefined ? ` ${f.pointer || "(item)"}` : ""}`;
}

/** What was expected, and where the schema that expects it is written. */
function expectedCell(f: DriftFinding): string | undefined {
  return f.schema ? `${f.expected ?? ""} (schema ${schemaLabel(f.schema)})` : f.expected;
}

function markdown(report: DriftReport): string {
  const lines = [`### Contract drift: ${markdownText([quote(report.api)])}`, "", markdownText(headline(report))];
  if (report.findings.length > 0) {
    lines.push("", "| # | Request | Operation | Status | Level | Rule | Pointer | Expected | Actual |", "|---|---|---|---|---|---|---|---|---|");
    for (const f of report.findings) {
      lines.push(tableRow([String(f.entry), cell(`${f.method} ${f.url}`), cell(f.operationId), String(f.status ?? ""), f.level, f.rule, cell(pointerCell(f)), cell(expectedCell(f)), cell(f.actual)]));
    }
  }
  return lines.join("\n");
}
