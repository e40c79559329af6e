/**
 * A spec's `pattern` (and `patternProperties` keys) run by RE2 (re2js): matching takes time linear in
 * the input whatever the pattern, so a pattern such as `^(a+)+$` cannot stall a validator on a long
 * string. What RE2 cannot express (lookaround, backreferences) is never run with backtracking instead:
 * such a pattern is not checked, and the caller says so.
 */
import { RE2JS } from "re2js";

/** What ajv needs of a regular expression (its `code.regExp` option): `test`, and a key for its cache. */
export interface LinearPattern {
  test(text: string): boolean;
  toString(): string;
}

/** The RE2 program of a JSON Schema (ECMA-262) pattern, or why RE2 cannot run it. */
export function compilePattern(source: string): { pattern: LinearPattern } | { error: string } {
  try {
    const re = RE2JS.compile(RE2JS.translateRegExp(source));
    return { pattern: { test: (text) => re.test(text), toString: () => source } };
  } catch (err) {
    return { error: (err as Error).message.replace(/^error parsing regexp: /, "") };
  }
}

/** Why RE2 cannot run `source`, or undefined when it can. */
export function unsupportedPattern(source: string): string | undefined {
  const compiled = compilePattern(source);
  return "error" in compiled ? compiled.error : undefined;
}

/** A pattern that matches everything: what an unsupported one becomes, so that it checks nothing. */
const UNCHECKED: LinearPattern = { test: () => true, toString: () => "(?:)" };

/**
 * ajv's `code.regExp` engine over RE2. `onUnsupported` hears each pattern RE2 cannot express, which
 * then matches everything. `code` is what ajv's standalone output calls for a pattern.
 */
export function linearRegExp(onUnsupported: (source: string, reason: string) => void, code = "linearPattern") {
  const regExp = (source: string): LinearPattern => {
    const compiled = compilePattern(source);
    if ("pattern" in compiled) return compiled.pattern;
    onUnsupported(source, compiled.error);
    return UNCHECKED;
  };
  return Object.assign(regExp, { code });
}
