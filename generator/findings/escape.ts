/**
 * The escaping of each output context, in one place. Every string from a spec, a HAR file or a
 * config reaches the user through one of these functions:
 * - terminal text and CI logs: control characters (C0, DEL, C1, ESC, line and bidi controls) shown
 *   visibly (`\x1b`, `\n`), so nothing moves the cursor, recolours, or starts a new log line; a line
 *   that would start with `::` (a workflow command) is defused;
 * - markdown and HTML (PR comments): untrusted text only inside code spans, fenced longer than any
 *   backtick run, controls shown visibly, `|` escaped in table cells, so `<`, `>`, `@`, `<!--` and
 *   `</details>` stay text and one finding stays one table row;
 * - GitHub workflow commands: `%`, CR and LF escaped (and `:`, `,` in properties), as the runner decodes;
 * - json: C1, line and bidi controls written as `\u` escapes (the data is unchanged).
 */
import type { Text } from "./finding.ts";

/** Characters never written raw to a terminal, a log or a comment. */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function hex(c: string): string {
  const n = c.charCodeAt(0);
  return n < 0x100 ? `\\x${n.toString(16).padStart(2, "0")}` : `\\u${n.toString(16).padStart(4, "0")}`;
}

/** Every control character as a visible escape: `\x1b`, `\n`, `\u202e`. */
export function visible(value: string): string {
  return value.replace(CONTROLS, (c) => NAMED[c] ?? hex(c));
}

/** A line the GitHub runner would read as a workflow command starts with `::` after blanks. */
const COMMAND_START = /^(\s*)::/;

/**
 * One line of terminal or log output. Everything in it is shown visibly (our own words have no
 * controls, so they pass unchanged) and a leading `::` is defused, so no line carries a workflow
 * command that we did not write as one. Colour is added after, by colour.ts.
 */
export function terminalLine(line: string): string {
  return visible(line).replace(COMMAND_START, "$1\\x3a:");
}

/** Several lines of our own making (a stack trace), each made terminal-safe. */
export function terminalLines(text: string): string {
  return text.split("\n").map(terminalLine).join("\n");
}

/** Text for the terminal: quoted code in backticks, as the messages have always shown it. */
export function terminalText(text: Text): string {
  return text.map((part) => (typeof part === "string" ? visible(part) : part.code ? `\`${visible(part.quoted)}\`` : visible(part.quoted))).join("");
}

/** Any string for the terminal (a message whose parts are unknown, a file name). */
export function terminalString(value: string): string {
  return visible(value);
}

/**
 * A markdown code span holding `value` as literal text: fenced with one backtick more than its
 * longest backtick run, padded when it starts or ends with a backtick or a blank, controls visible.
 * Inside a code span, `<img onerror>`, `<!--`, `</details>` and `@org/team` are inert text.
 */
export function codeSpan(value: string): string {
  const text = visible(value);
  if (text === "") return "` `";
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = /^[`\s]|[`\s]$/.test(text) ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Markdown: our words as written, every quoted string in a code span. */
export function markdownText(text: Text): string {
  return text.map((part) => (typeof part === "string" ? part : codeSpan(part.quoted))).join("");
}

/**
 * A table cell: every `|` escaped (inside code spans too: tables split rows before code spans are
 * read), with the backslashes before it doubled so that the escape itself cannot be escaped.
 * Rendered markdown only (the output of `markdownText`/`codeSpan`), so no line break is left in it.
 */
export function tableCell(markdown: string): string {
  return markdown.replace(/(\\*)\|/g, (_m, slashes: string) => `${slashes}${slashes}\\|`).replace(/[\r\n]/g, " ");
}

/** A table row from rendered cells. */
export function tableRow(cells: readonly string[]): string {
  return `| ${cells.map(tableCell).join(" | ")} |`;
}

/** The message of a GitHub workflow command (`::error ...::message`). */
export function annotationData(value: string): string {
  // CR and LF stay as the runner's escapes (they become line breaks in the annotation); other controls are shown.
  const shown = value.replace(CONTROLS, (c) => (c === "\n" || c === "\r" ? c : NAMED[c] ?? hex(c)));
  return shown.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A property value of a GitHub workflow command (`file=`, `title=`). */
export function annotationProperty(value: string): string {
  return annotationData(value).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** JSON for tools and for `cat`: the same data, with the controls JSON.stringify leaves raw escaped. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
