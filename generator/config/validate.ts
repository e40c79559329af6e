/**
 * The config checked against schema.json (through the validator compile-validator.mjs builds from
 * it), and the first problem told as one positioned line: which key, what it must be (the schema's
 * `errorMessage`, which editors show too), and for a misspelt key or value what was meant.
 */
import type { SourcePosition } from "../errors.ts";
import { UserError } from "../errors.ts";
import { parsePointer, toPointer } from "../spec/pointer.ts";
import { validate, type SchemaError } from "./schema-validator.mjs";

/** Where a JSON pointer into the config is, in its file. */
export type Locate = (pointer: string) => SourcePosition;

/** Throws a usage error for the first problem of `data` against schema.json; returns when it fits. */
export function checkConfigShape(data: unknown, locate: Locate): void {
  if (validate(data)) return;
  const problem = firstProblem(validate.errors ?? [], locate);
  const pointer = problem.keyword === "additionalProperties" ? toPointer([...parsePointer(problem.instancePath), String(problem.params.additionalProperty)]) : problem.instancePath;
  const { message, hint } = describe(problem, validate.errors ?? []);
  throw new UserError({ kind: "usage", message, hint, position: locate(pointer), ...(pointer === "" ? {} : { pointer }) });
}

/** Keywords that say an object is the right kind but holds the wrong keys: the most telling. */
const KEY_KEYWORDS = new Set(["additionalProperties", "required"]);
/** Keywords a failed `anyOf` branch reports when the value is simply another kind of value. */
const MISMATCH_KEYWORDS = new Set(["type", "enum", "const"]);

/**
 * The error to show. Inside a failed `anyOf` (a value that may be a name or an object) only the
 * branch the value was meant for speaks: the deepest error under it, a wrong key before a wrong kind;
 * when the value fits no branch at all, the `anyOf`'s own message. Of what is left, the first in the file.
 */
function firstProblem(errors: readonly SchemaError[], locate: Locate): SchemaError {
  const under = (e: SchemaError, path: string) => e.instancePath === path || e.instancePath.startsWith(`${path}/`);
  const alternatives = errors.filter((e) => e.keyword === "anyOf");
  const outermost = alternatives.filter((a) => !alternatives.some((b) => b !== a && under(a, b.instancePath)));
  const inAlternative = (e: SchemaError) => outermost.some((a) => under(e, a.instancePath));
  const chosen = errors.filter((e) => e.keyword !== "anyOf" && !inAlternative(e));
  for (const alternative of outermost) {
    const inside = errors.filter((e) => e.keyword !== "anyOf" && under(e, alternative.instancePath));
    const depth = (e: SchemaError) => parsePointer(e.instancePath).length;
    const deepest = Math.max(...inside.map(depth));
    const candidates = inside.filter((e) => depth(e) === deepest);
    // At an alternative's own value, a wrong kind only says which branch the value was not meant for.
    const innermost = alternatives.find((a) => depth(a) === deepest && under(a, alternative.instancePath)) ?? alternative;
    const telling = deepest > depth(innermost) ? candidates : candidates.filter((e) => !MISMATCH_KEYWORDS.has(e.keyword));
    chosen.push(telling.find((e) => KEY_KEYWORDS.has(e.keyword)) ?? telling[0] ?? innermost);
  }
  const order = (e: SchemaError) => locate(e.instancePath);
  return chosen.sort((a, b) => order(a).line - order(b).line || order(a).col - order(b).col)[0] ?? errors[0]!;
}

function describe(error: SchemaError, errors: readonly SchemaError[]): { message: string; hint?: string } {
  const segments = parsePointer(error.instancePath);
  const name = label(segments);
  const schema = error.parentSchema ?? {};
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String(error.params.additionalProperty);
      return { message: `unknown config key ${JSON.stringify(key)}`, hint: unknownKeyHint(key, segments, schema) };
    }
    case "required": {
      const whose = segments.length === 0 ? "the config" : typeof schema.title === "string" ? schema.title : name;
      return { message: `${whose} is missing ${JSON.stringify(error.params.missingProperty)}` };
    }
    default: {
      const must = typeof schema.errorMessage === "string" ? schema.errorMessage : defaultMessage(error);
      const got = describeValue(error.data);
      // An `anyOf`'s names are those of its branch that lists names.
      const lists = error.keyword === "anyOf" ? errors.filter((e) => e.keyword === "enum" && e.instancePath === error.instancePath) : [error];
      const allowed = lists.flatMap((e) => (Array.isArray(e.params.allowedValues) ? (e.params.allowedValues as unknown[]) : [])).filter((v): v is string => typeof v === "string");
      const meant = typeof error.data === "string" ? closest(error.data, allowed) : undefined;
      return { message: `${name} ${must}${got ? `, got ${got}` : ""}`, ...(meant ? { hint: `did you mean ${JSON.stringify(meant)}?` } : {}) };
    }
  }
}

/** `apis[0].errorEnvelope.code` reads as `errorEnvelope.code`: the position already says which API. */
function label(segments: readonly string[]): string {
  if (segments.length === 0) return "config";
  const own = segments[0] === "apis" && segments.length > 2 ? segments.slice(2) : segments;
  return own.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? `${i === 0 ? "" : "."}${s}` : `[${JSON.stringify(s)}]`)).join("");
}

function unknownKeyHint(key: string, segments: readonly string[], schema: Record<string, unknown>): string {
  const keys = Object.keys((schema.properties ?? {}) as object).filter((k) => k !== "$schema");
  if (segments.length === 0 && API_ENTRY_KEYS.includes(key)) return `${JSON.stringify(key)} belongs in each entry of "apis"`;
  const meant = closest(key, keys);
  if (meant) return `did you mean ${JSON.stringify(meant)}?`;
  const where = segments.length === 0 ? "the config" : segments.length === 2 && segments[0] === "apis" ? "an API entry" : label(segments);
  return `${where} takes ${keys.join(", ")}`;
}

/** Keys only an API entry takes: at the top level they are misplaced rather than misspelt. */
const API_ENTRY_KEYS = ["name", "spec", "output", "errorEnvelope", "webhooks", "pagination"];

function defaultMessage(error: SchemaError): string {
  const p = error.params;
  switch (error.keyword) {
    case "type":
      return `must be ${{ string: "a string", boolean: "true or false", number: "a number", integer: "a whole number", object: "an object", array: "a list" }[String(p.type)] ?? String(p.type)}`;
    case "enum":
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "const":
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case "minItems":
      return `must have at least ${String(p.limit)} item(s)`;
    default:
      return error.message ?? "is not valid";
  }
}

/** A short scalar as written, to show what was given; nothing for objects, lists and long text. */
function describeValue(value: unknown): string | undefined {
  if (typeof value === "string") return value.length <= 60 ? JSON.stringify(value) : undefined;
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  return undefined;
}

/** The candidate `word` most likely meant: same letters in another case, one containing the other, or a few edits away. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const scored = candidates
    .map((candidate) => {
      const other = candidate.toLowerCase();
      if (other === lower) return { candidate, score: 0 };
      if (lower.length >= 4 && (other.includes(lower) || lower.includes(other))) return { candidate, score: 1 };
      const distance = editDistance(lower, other);
      const allowed = word.length < 3 ? 0 : Math.max(1, Math.floor(Math.max(word.length, candidate.length) / 4));
      return { candidate, score: distance <= allowed ? 1 + distance : Infinity };
    })
    .filter((s) => s.score < Infinity)
    .sort((a, b) => a.score - b.score);
  return scored[0]?.candidate;
}

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}
