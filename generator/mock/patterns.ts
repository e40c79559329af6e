/**
 * The spec's `pattern`s as the mock runs them: with RE2 (re2js, linear time; see prism-preload.cjs).
 * A pattern RE2 cannot express (a backreference, a lookaround) is not checked by the mock, and the
 * user is told where it is.
 */
import { RE2JS } from "re2js";
import { escapeSegment } from "../spec/pointer.ts";

export interface SkippedPattern {
  /** JSON pointer to the `pattern` in the bundled document. */
  pointer: string;
  pattern: string;
}

/** Every `pattern` keyword of the document (a string beside schema keywords) that RE2 refuses. */
export function unexpressiblePatterns(document: unknown): SkippedPattern[] {
  const skipped: SkippedPattern[] = [];
  const visit = (node: unknown, pointer: string): void => {
    if (Array.isArray(node)) return node.forEach((item, i) => visit(item, `${pointer}/${i}`));
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      const at = `${pointer}/${escapeSegment(key)}`;
      if (key === "pattern" && typeof value === "string" && !compiles(value)) skipped.push({ pointer: at, pattern: value });
      else visit(value, at);
    }
  };
  visit(document, "");
  return skipped;
}

function compiles(pattern: string): boolean {
  try {
    RE2JS.compile(RE2JS.translateRegExp(pattern));
    return true;
  } catch {
    return false;
  }
}
