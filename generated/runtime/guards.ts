/**
 * The contractgen 0.1.0 runtime, shared by every generated API folder beside it.
 * Do not edit: it is copied from contractgen's templates/runtime/ by `contractgen generate`.
 * It is type-checked where it is written, in contractgen (strict, with and without Node types),
 * so an application's tsc skips it; every export's type is written out, so none is inferred here.
 */
// @ts-nocheck

/**
 * The card-number guard (enabled per API through `definition.guards.cardNumber`): refuses a
 * request that carries what looks like a raw payment card number, before anything is sent.
 * A number counts when its card-brand IIN prefix, its length and its Luhn check digit all agree,
 * so order ids, millisecond timestamps and snowflake ids pass. It looks at JSON strings and
 * numbers, digits embedded in text, object keys, pre-serialised string bodies and the query, path
 * and header parameters. Walks are iterative with cycle detection; the number is never reported.
 */
import type { CardNumberNotAllowedError } from "./errors.js";
import { headerPairs } from "./policy.js";

/** IIN ranges (prefixes of equal length, inclusive) and the lengths each brand issues. */
const BRANDS: readonly (readonly [from: string, to: string, lengths: readonly number[]])[] = [
  ["4", "4", [13, 16, 19]], // Visa
  ["51", "55", [16]], // Mastercard
  ["2221", "2720", [16]], // Mastercard 2-series
  ["34", "34", [15]], // American Express
  ["37", "37", [15]],
  ["6011", "6011", [16, 17, 18, 19]], // Discover
  ["644", "649", [16, 17, 18, 19]],
  ["65", "65", [16, 17, 18, 19]],
  ["62", "62", [16, 17, 18, 19]], // UnionPay
  ["300", "305", [14, 16, 17, 18, 19]], // Diners Club
  ["36", "36", [14, 16, 17, 18, 19]],
  ["38", "39", [14, 16, 17, 18, 19]],
  ["3528", "3589", [16, 17, 18, 19]], // JCB
  ["2200", "2204", [16, 17, 18, 19]], // Mir
  ["50", "50", [13, 16, 17, 18, 19]], // Maestro
  ["56", "58", [13, 16, 17, 18, 19]],
  ["60", "60", [16]], // RuPay
  ["81", "82", [16]],
];

/** Runs of digits, single spaces or dashes allowed between them, not glued to a word. */
const DIGIT_RUN = /(?<![\w])\d(?:[ -]?\d)*(?![\w])/g;

export function isCardNumber(digits: string): boolean {
  const length = digits.length;
  if (length < 13 || length > 19) return false;
  const brand = BRANDS.some(([from, to, lengths]) => {
    const prefix = digits.slice(0, from.length);
    return prefix >= from && prefix <= to && lengths.includes(length);
  });
  return brand && luhn(digits);
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Whether a text holds a card number: a whole digit run, or one of its unseparated groups. */
export function containsCardNumber(text: string): boolean {
  if (text.length < 13) return false;
  for (const [run] of text.matchAll(DIGIT_RUN)) {
    if (run.length < 13) continue;
    if (isCardNumber(run.replace(/[ -]/g, ""))) return true;
    if (/[ -]/.test(run) && run.split(/[ -]/).some(isCardNumber)) return true;
  }
  return false;
}

function scalarHasCard(value: unknown): boolean {
  if (typeof value === "string") return containsCardNumber(value);
  if (typeof value === "bigint") return isCardNumber(value.toString());
  // A JSON number: only whole numbers print as their digits.
  if (typeof value === "number") return Number.isInteger(value) && isCardNumber(String(Math.abs(value)));
  return false;
}

const escapeSegment = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");

/**
 * JSON pointer of the first value (or property name: then the pointer of its object) holding a
 * card number, or undefined. Iterative; a value seen twice is walked once.
 */
export function findCardNumber(value: unknown, pointer = ""): string | undefined {
  const seen = new Set<object>();
  const pending: [unknown, string][] = [[value, pointer]];
  while (pending.length > 0) {
    const [node, at] = pending.pop()!;
    if (node === null || typeof node !== "object") {
      if (scalarHasCard(node)) return at;
      continue;
    }
    if (seen.has(node)) continue;
    seen.add(node);
    const entries = entriesOf(node);
    // Reversed onto the stack, so the first entry is looked at first.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, item] = entries[i]!;
      if (!Array.isArray(node) && containsCardNumber(key)) return at;
      pending.push([item, `${at}/${escapeSegment(key)}`]);
    }
  }
  return undefined;
}

/** Entries through `forEach`, not iteration: consumers compiled without the DOM.Iterable lib must still type-check. */
function entriesOf(node: object): [string, unknown][] {
  const entries: [string, unknown][] = [];
  if (node instanceof URLSearchParams || node instanceof Headers) node.forEach((v, k) => entries.push([k, v]));
  else if (typeof FormData !== "undefined" && node instanceof FormData)
    node.forEach((v, k) => entries.push([k, typeof v === "string" ? v : ""]));
  else return Object.entries(node);
  return entries;
}

interface RequestParts {
  body?: unknown;
  headers?: unknown;
  params?: {
    query?: unknown;
    path?: unknown;
    header?: unknown;
    cookie?: unknown;
  };
}

/** The first part of a request holding a card number, as the error to return instead of sending it. */
export function refuseCardNumber(init: RequestParts | undefined, label: string): CardNumberNotAllowedError | undefined {
  if (!init) return undefined;
  const params = init.params ?? {};
  const parts: [CardNumberNotAllowedError["in"], unknown][] = [
    ["body", init.body],
    ["query", params.query],
    ["path", params.path],
    ["header", params.header],
    ["header", Object.fromEntries(headerPairs(init.headers))],
    ["cookie", params.cookie],
  ];
  for (const [part, value] of parts) {
    if (value === undefined) continue;
    const location = findCardNumber(value);
    if (location === undefined) continue;
    return {
      documented: false,
      status: undefined,
      code: "card_number_not_allowed",
      in: part,
      location,
      message: `${label}: the request ${part} contains what looks like a raw card number at ${location || "/"}; send a payment method token instead. Nothing was sent.`,
      fieldErrors: [],
    };
  }
  return undefined;
}
