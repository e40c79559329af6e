/**
 * Layout as prettier would print it (printWidth and trailing commas from format.ts), for the text our
 * templates emit: does a line fit, is a key printed bare, how a type union after `=` breaks, and
 * JSON values as prettier-shaped literals. The templates keep all the text; this module only decides
 * where lines break (and prints literals, escaping every string and key as templates.ts does).
 * The formatter skips prettier for files laid out this way (see `isLaidOutForPrettier` in format.ts).
 */
import { PRETTIER_OPTIONS } from "./format.ts";
import { propertyKey, stringLiteral } from "./templates.ts";

export const PRINT_WIDTH = PRETTIER_OPTIONS.printWidth;

/** Widths here are string lengths: the formatter only trusts them for ASCII text. */
export const fits = (...parts: (string | number)[]): boolean =>
  parts.reduce<number>((width, part) => width + (typeof part === "number" ? part : part.length), 0) <= PRINT_WIDTH;

const ASCII_IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** prettier (quoteProps "as-needed") unquotes a key that is an identifier name; "__proto__" stays computed. */
export const isBareKey = (key: string): boolean => ASCII_IDENTIFIER.test(key) && key !== "__proto__";

export const printKey = (key: string): string => (isBareKey(key) ? key : propertyKey(key));

/**
 * How `<head> <members joined by " | ">;` is laid out: on one line when it fits, else broken after
 * `=` with the whole union on the next line (a single member goes there even when it is still too
 * long: it cannot break), else one `| member` per line.
 */
export type UnionLayout = "line" | "afterEquals" | "broken";

export function unionLayout(head: string, members: readonly string[]): UnionLayout {
  const union = members.join(" | ");
  if (fits(head, " ", union, ";")) return "line";
  if (members.length === 1 || fits(2, union, ";")) return "afterEquals";
  return "broken";
}

/**
 * A JSON value as prettier prints an object or array literal that starts at `column` and is followed
 * by `trail` more characters on its line: flat when it fits, else one entry per line (indented two
 * more than `indent`, trailing commas), each entry laid out the same way. An array whose elements are
 * all objects (or all arrays) of more than one entry always breaks, as prettier breaks it. (prettier
 * fills a broken array of numbers instead, line by line: not needed here, so not done.)
 */
export function printLiteral(value: unknown, options: { indent: number; column: number; trail: number }): string {
  const flat = flatLiteral(value);
  if (!isContainer(value) || entriesOf(value).length === 0) return flat;
  if (!forcedBreak(value) && fits(options.column, flat, options.trail)) return flat;
  const inner = options.indent + 2;
  const lines = entriesOf(value).map(([key, item]) => {
    const prefix = key === undefined ? "" : `${printKey(key)}: `;
    return `${" ".repeat(inner)}${prefix}${printLiteral(item, { indent: inner, column: inner + prefix.length, trail: 1 })},`;
  });
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  return `${open}\n${lines.join("\n")}\n${" ".repeat(options.indent)}${close}`;
}

type Container = unknown[] | Record<string, unknown>;
const isContainer = (value: unknown): value is Container => typeof value === "object" && value !== null;

function entriesOf(value: Container): [key: string | undefined, item: unknown][] {
  return Array.isArray(value)
    ? value.map((item) => [undefined, item])
    : Object.entries(value).filter(([, item]) => item !== undefined);
}

function flatLiteral(value: unknown): string {
  if (typeof value === "string") return stringLiteral(value);
  if (!isContainer(value)) return JSON.stringify(value ?? null) ?? "null";
  const items = entriesOf(value).map(
    ([key, item]) => (key === undefined ? "" : `${printKey(key)}: `) + flatLiteral(item),
  );
  if (Array.isArray(value)) return `[${items.join(", ")}]`;
  return items.length === 0 ? "{}" : `{ ${items.join(", ")} }`;
}

function forcedBreak(value: Container): boolean {
  if (!Array.isArray(value) || value.length < 2) return false;
  const kind = (item: unknown) => (Array.isArray(item) ? "array" : isContainer(item) ? "object" : "other");
  const first = kind(value[0]);
  return first !== "other" && value.every((item) => kind(item) === first && entriesOf(item as Container).length > 1);
}
