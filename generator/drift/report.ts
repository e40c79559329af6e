/** A drift report as text (terminal), markdown (a pull-request comment or an issue) or json (tools). */
import { compareText } from "../spec/order.ts";
import type { DriftFinding } from "./check.ts";
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

/** Entry order first (the order of the recording), then rule, then pointer: the same report every run. */
export function compareFindings(a: DriftFinding, b: DriftFinding): number {
  return a.entry - b.entry || compareText(a.rule, b.rule) || compareText(a.pointer ?? "", b.pointer ?? "") || compareText(a.expected ?? "", b.expected ?? "");
}

export function render(format: Format, report: DriftReport): string {
  if (format === "json") return JSON.stringify(report, null, 2);
  return format === "markdown" ? markdown(report) : text(report);
}

function headline(report: DriftReport): string {
  const drift = report.findings.length === 0 ? "no drift" : `${report.findings.length} finding(s) in ${new Set(report.findings.map((f) => f.entry)).size} exchange(s)`;
  return `${report.api}: ${report.file}: ${report.entries} entries, ${report.matched} matched an operation, ${report.ignored} ignored; ${drift}`;
}

/** "expected X, actual Y" with the rule's summary when a finding has no detail of its own. */
function detail(finding: DriftFinding): string {
  const parts = [finding.pointer !== undefined ? `at ${finding.pointer === "" ? "(body)" : finding.pointer}` : "", finding.expected !== undefined ? `expected ${finding.expected}` : "", finding.actual !== undefined ? `actual ${finding.actual}` : ""].filter(Boolean);
  return parts.join(", ");
}

function exchangeLabel(finding: DriftFinding): string {
  const status = finding.status !== undefined ? ` -> ${finding.status}` : "";
  return `#${finding.entry} ${finding.method} ${finding.url}${status}${finding.operationId ? ` (${finding.operationId})` : ""}`;
}

function text(report: DriftReport): string {
  const lines = [headline(report)];
  let last: number | undefined;
  for (const finding of report.findings) {
    if (finding.entry !== last) lines.push(exchangeLabel(finding));
    last = finding.entry;
    lines.push(`  ${finding.level} ${finding.rule}: ${ruleById(finding.rule).summary}${detail(finding) ? `: ${detail(finding)}` : ""}`);
  }
  return lines.join("\n");
}

function cell(value: string | number | undefined): string {
  return value === undefined || value === "" ? "" : `\`${String(value).replace(/\|/g, "\\|").replace(/`/g, "'")}\``;
}

function markdown(report: DriftReport): string {
  const lines = [`### Contract drift: ${report.api}`, "", headline(report)];
  if (report.findings.length > 0) {
    lines.push("", "| # | Request | Operation | Status | Level | Rule | Pointer | Expected | Actual |", "|---|---|---|---|---|---|---|---|---|");
    for (const f of report.findings) {
      lines.push(`| ${f.entry} | ${cell(`${f.method} ${f.url}`)} | ${cell(f.operationId)} | ${f.status ?? ""} | ${f.level} | ${f.rule} | ${cell(f.pointer)} | ${cell(f.expected)} | ${cell(f.actual)} |`);
    }
  }
  return lines.join("\n");
}
