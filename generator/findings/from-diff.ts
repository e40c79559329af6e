/**
 * The contract diff's findings as `Finding`s: the one adapter between the diff's checks (which keep
 * their own shape) and the renderers. A message is cut into our words and the spec strings of its
 * arguments, so each format can quote them its own way.
 */
import type { Args, Finding as DiffFinding, Level as DiffLevel } from "../diff/core/types.ts";
import { ruleById } from "../diff/registry.ts";
import { code, quote, untrusted, type Finding, type Level, type Part, type Text } from "./finding.ts";

export const FROM_DIFF_LEVEL: Record<DiffLevel, Level> = { ERR: "error", WARN: "warning", INFO: "note" };
/** The diff keeps oasdiff's level names in everything it prints. */
export const DIFF_LEVEL_NAME: Record<Level, DiffLevel> = { error: "ERR", warning: "WARN", note: "INFO" };

export interface DiffData {
  /** `GET /cards/{id}`, "" for an API-wide change. */
  operation: string;
  /** JSON pointer into head (base for removals), `file#pointer` outside the root file. */
  location: string;
  api?: string;
  component?: string;
  /** The diff's own record, for positions (head file and pointer). */
  source: DiffFinding;
}

export type DiffEntry = Finding & { data: DiffData };

export function fromDiff(f: DiffFinding): DiffEntry {
  return {
    rule: f.id,
    level: FROM_DIFF_LEVEL[f.level],
    message: diffMessage(f),
    pointer: f.location,
    data: { operation: f.operation, location: f.location, ...(f.api !== undefined ? { api: f.api } : {}), ...(f.component !== undefined ? { component: f.component } : {}), source: f },
  };
}

const MARK = /\u0000(\d+)\u0000/;

/**
 * The rule's message with each argument as a quoted part. The message function runs once more with
 * markers for the arguments, and its output is cut at the markers; when that does not give back the
 * very message the check produced (a message that transforms an argument), the whole message is
 * quoted instead, which is always safe.
 */
export function diffMessage(f: DiffFinding): Text {
  const args: Args = f.args ?? {};
  const values = Object.values(args);
  const marked = Object.fromEntries(Object.entries(args).map(([key, value], i) => [key, value === "" ? "" : `\u0000${i}\u0000`]));
  let template: string;
  try {
    template = ruleById(f.id).message(marked);
  } catch {
    return untrusted(f.message);
  }
  const pieces = template.split(MARK);
  const parts: Part[] = [];
  for (let i = 0; i < pieces.length; i++) {
    if (i % 2 === 0) parts.push(pieces[i]!);
    else parts.push(...argumentParts(values[Number(pieces[i])]!));
  }
  const text = codeInBackticks(parts);
  return printed(text) === f.message ? text : untrusted(f.message);
}

/** A value the check already wrote as a list of code (`` `a`, `b` ``) becomes code parts; anything else one quoted part. */
function argumentParts(value: string): Part[] {
  if (!/^`[^`]*`(, `[^`]*`)*$/.test(value)) return [quote(value)];
  const items = value.slice(1, -1).split("`, `");
  return items.flatMap((item, i) => (i === 0 ? [code(item)] : [", ", code(item)]));
}

/** A quoted part between two backticks of the template is code: the backticks go, the part says so. */
function codeInBackticks(parts: Part[]): Part[] {
  const out: Part[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const before = out.at(-1);
    const after = parts[i + 1];
    if (typeof part !== "string" && !part.code && typeof before === "string" && before.endsWith("`") && typeof after === "string" && after.startsWith("`")) {
      out[out.length - 1] = before.slice(0, -1);
      out.push(code(part.quoted));
      parts[i + 1] = after.slice(1);
      continue;
    }
    out.push(part);
  }
  return out.filter((part) => part !== "");
}

/** The message as the diff prints it in plain text: code in backticks. */
function printed(text: Text): string {
  return text.map((part) => (typeof part === "string" ? part : part.code ? `\`${part.quoted}\`` : part.quoted)).join("");
}

