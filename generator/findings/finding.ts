/**
 * One finding shape for every command that reports: the diff, drift, lint and generate's warnings.
 * A message is `Text`: our own words as plain strings, and every string read from a spec, a HAR file
 * or a config as `Quoted`, which only a renderer (escape.ts and the renderers beside it) turns into
 * output, with the escaping of the context it lands in.
 */

/** A string from outside: a spec, a recording, a config. `code` renders it as code (backticks). */
export interface Quoted {
  readonly quoted: string;
  readonly code?: boolean;
}

export type Part = string | Quoted;
export type Text = readonly Part[];

/** Untrusted text, shown as prose. */
export function quote(value: string): Quoted {
  return { quoted: value };
}

/** Untrusted text, shown as code (a name, a path, a pointer). */
export function code(value: string): Quoted {
  return { quoted: value, code: true };
}

/** A whole message of unknown make-up (an error's message may hold spec strings anywhere). */
export function untrusted(message: string): Text {
  return [quote(message)];
}

/** The text of a message with nothing escaped: for comparing, counting and json, never for printing. */
export function rawText(text: Text): string {
  return text.map((part) => (typeof part === "string" ? part : part.quoted)).join("");
}

/**
 * One level vocabulary. Commands keep the names their users know: the diff prints ERR/WARN/INFO
 * (oasdiff's), lint and generate error/warning/notice, drift error/warn (LEVEL_NAMES).
 */
export type Level = "error" | "warning" | "note";

export const LEVELS: readonly Level[] = ["error", "warning", "note"];

export const LEVEL_RANK: Record<Level, number> = { error: 3, warning: 2, note: 1 };

export interface Position {
  file: string;
  line: number;
  col: number;
}

export interface Finding {
  rule: string;
  level: Level;
  message: Text;
  /** Where in a source file, when known. */
  position?: Position;
  /** The node's JSON pointer (a spec node, or a place in a recorded body). */
  pointer?: string;
  /** What to do about it: our words, but it may name spec strings. */
  hint?: Text;
  /** Structured detail for the json format and for grouping (operation, component, exchange...). */
  data?: Readonly<Record<string, unknown>>;
}

export function countByLevel(findings: readonly { level: Level }[]): Record<Level, number> {
  const out: Record<Level, number> = { error: 0, warning: 0, note: 0 };
  for (const f of findings) out[f.level]++;
  return out;
}
