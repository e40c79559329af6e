/**
 * The code a report-mode `validators.ts` runs besides ajv's validators: the lookup of a response's
 * validator, the wording of its mismatches, ajv's run-time helpers and the formats that are functions
 * (ported from ajv-formats, MIT). Never imported by the generator: `validators-program.ts` reads this
 * file as text, puts ajv's code and the table of validators after it, and minifies the whole with
 * esbuild, which drops what that API's validators never call. Exported only for the tests; what it
 * finds in the generated file's scope is declared below.
 */

/** The table the generated file defines: per operation, per status key, per media type, a validator or null. */
declare const validators: Record<string, Record<string, Record<string, Validate | null>>>;
declare const RE2JS: { compile(source: string): { test(text: string): boolean }; translateRegExp(source: string): string };

export interface ResponseMismatch {
  pointer: string;
  expected: string;
  actual: string;
}
export type Validate = ((body: unknown) => boolean) & { errors?: AjvError[] | null };
export interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

const has = (record: object, key: string | number): boolean => Object.prototype.hasOwnProperty.call(record, key);

/** The call's deadline (`Date.now()` clock), while its validator runs: a pattern due past it ends the check. */
let deadline = Infinity;
const PAST_DEADLINE = Symbol("past the call's deadline");

/**
 * Compares a decoded response body with the spec's schema for its operation, status and media type.
 * `mediaType`: the response's, lower case, without parameters; absent means the JSON one. `until`
 * (`Date.now()` clock): patterns are not run past it, and the check then reports nothing. `event`:
 * the body is the data of a server-sent event of this name. Undefined when the spec documents no
 * JSON schema there.
 */
export function validateResponse(operationId: string, status: number, body: unknown, mediaType?: string, until?: number, event?: string): ResponseMismatch[] | undefined {
  if (!has(validators, operationId)) return undefined;
  const validate = validatorFor(validators[operationId]!, status, mediaType, event);
  if (!validate) return undefined;
  let valid: boolean;
  deadline = until ?? Infinity;
  try {
    valid = validate(body);
  } catch (err) {
    if (err === PAST_DEADLINE) return undefined;
    throw err;
  } finally {
    deadline = Infinity;
  }
  return valid ? undefined : mismatchesOf(validate.errors ?? [], body);
}

/**
 * The most specific documented status wins, even when it has nothing to check: "404", then "4XX",
 * then "default"; within it, the media type exactly, then `type/*`, then `*\/*`. Nothing is built
 * for a status or media type that is documented as it comes.
 */
export function validatorFor(byStatus: Record<string, Record<string, Validate | null>>, status: number, mediaType: string | undefined, event: string | undefined): Validate | null {
  let byType: Record<string, Validate | null> | undefined;
  if (has(byStatus, status)) byType = byStatus[status];
  else {
    const range = `${Math.floor(status / 100)}XX`;
    byType = has(byStatus, range) ? byStatus[range] : has(byStatus, "default") ? byStatus.default : undefined;
  }
  if (byType === undefined) return null;
  if (mediaType === undefined) {
    // The JSON one, else the first.
    let first: string | undefined;
    for (const type in byType) {
      if (type === "application/json" || type.endsWith("+json")) return byType[type]!;
      first ??= type;
    }
    return first === undefined ? null : byType[first]!;
  }
  // A named event's own schema first, where its data has one.
  if (event !== undefined && has(byType, `${mediaType}; event=${event}`)) return byType[`${mediaType}; event=${event}`]!;
  if (has(byType, mediaType)) return byType[mediaType]!;
  const anySubtype = `${mediaType.split("/")[0]}/*`;
  return has(byType, anySubtype) ? byType[anySubtype]! : has(byType, "*/*") ? byType["*/*"]! : null;
}

/** ajv's errors as mismatches: `if` left out (the failing branch's own errors follow), repeats of a pointer and expectation dropped. */
function mismatchesOf(errors: AjvError[], body: unknown): ResponseMismatch[] {
  const seen = new Set<string>();
  const mismatches: ResponseMismatch[] = [];
  for (const error of errors) {
    if (error.keyword === "if") continue;
    const mismatch = mismatchOf(error, body);
    const id = `${mismatch.pointer}\u0000${mismatch.expected}`;
    if (!seen.has(id)) mismatches.push(mismatch);
    seen.add(id);
  }
  return mismatches;
}

function mismatchOf(error: AjvError, body: unknown): ResponseMismatch {
  const { keyword, params } = error;
  if (keyword === "required") return { pointer: `${error.instancePath}/${escapeSegment(String(params.missingProperty))}`, expected: "required property", actual: "missing" };
  if (keyword === "additionalProperties" || keyword === "unevaluatedProperties") {
    const pointer = `${error.instancePath}/${escapeSegment(String(params.additionalProperty ?? params.unevaluatedProperty))}`;
    return { pointer, expected: "no such property", actual: describe(valueAt(body, pointer)) };
  }
  const value = valueAt(body, error.instancePath);
  return { pointer: error.instancePath, expected: expectation(error), actual: keyword === "type" ? typeOf(value) : describe(value) };
}

const LIMITS: Record<string, string> = {
  maximum: "<=",
  minimum: ">=",
  exclusiveMaximum: "<",
  exclusiveMinimum: ">",
  maxLength: "at most {} characters",
  minLength: "at least {} characters",
  maxItems: "at most {} items",
  minItems: "at least {} items",
  maxProperties: "at most {} properties",
  minProperties: "at least {} properties",
  multipleOf: "a multiple of {}",
};

function expectation({ keyword, params }: AjvError): string {
  switch (keyword) {
    case "type":
      return Array.isArray(params.type) ? params.type.join(" | ") : String(params.type);
    case "enum":
      return `one of: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "const":
      return JSON.stringify(params.allowedValue);
    case "format":
      return `format ${String(params.format)}`;
    case "pattern":
      return `matching ${String(params.pattern)}`;
    case "false schema":
      return "nothing (the schema is false)";
    case "uniqueItems":
      return "unique items";
    case "oneOf":
      return "exactly one of the oneOf schemas";
    case "anyOf":
      return "one of the anyOf schemas";
    case "not":
      return "not the `not` schema";
  }
  const limit = LIMITS[keyword];
  if (limit === undefined) return keyword;
  const bound = String(params.limit ?? params.multipleOf);
  return limit.includes("{}") ? limit.replace("{}", bound) : `${limit} ${bound}`;
}

const MAX_SHOWN = 40;

/** A short description of a value: primitives as JSON (shortened), objects and arrays by kind. */
function describe(value: unknown): string {
  if (value === undefined) return "missing";
  if (value !== null && typeof value === "object") return typeOf(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

function typeOf(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number" && Number.isInteger(value)) return "integer";
  return typeof value;
}

function escapeSegment(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The value at a JSON pointer ajv reported (its segments are escaped with ~0 and ~1). */
function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const raw of pointer === "" ? [] : pointer.slice(1).split("/")) {
    const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object" || !has(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/** String length in code points, as JSON Schema counts it (ajv's ucs2length). */
export function ucs2length(text: string): number {
  let length = 0;
  for (let pos = 0; pos < text.length; length++) {
    const code = text.charCodeAt(pos++);
    if (code >= 0xd800 && code <= 0xdbff && pos < text.length && (text.charCodeAt(pos) & 0xfc00) === 0xdc00) pos++;
  }
  return length;
}

/** JSON equality, for enum, const and uniqueItems (ajv's fast-deep-equal, for JSON values). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return a !== a && b !== b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((item, i) => deepEqual(item, (b as unknown[])[i]));
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => has(b, key) && deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/**
 * A spec's `pattern`, run by RE2: time linear in the text whatever the pattern, so a body cannot stall
 * the event loop. Compiled on first use. Generation dropped, with a warning, what RE2 cannot run.
 */
export function linearPattern(source: string): { test(text: string): boolean } {
  let re: { test(text: string): boolean } | undefined;
  return {
    test(text: string): boolean {
      if (deadline !== Infinity && Date.now() > deadline) throw PAST_DEADLINE;
      try {
        re ??= RE2JS.compile(RE2JS.translateRegExp(source));
      } catch {
        re = { test: () => true };
      }
      return re.test(text);
    },
  };
}

/*
 * The date and time formats read character by character, with the verdicts of ajv-formats' regular
 * expressions (`\d` is an ASCII digit, `$` the end of the text): a body's timestamps are checked on
 * every response, and a regular expression's match costs several times more.
 */
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number the ASCII digits from `start` to `end` write, or -1 when one is not a digit (or is past the end). */
function digitsAt(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** RFC 3339 full-date from `at` to the end, leap years included (ajv-formats' `date`). */
function isDateAt(text: string, at: number, end: number): boolean {
  if (end - at !== 10 || text.charCodeAt(at + 4) !== 45 || text.charCodeAt(at + 7) !== 45) return false;
  const year = digitsAt(text, at, at + 4);
  const month = digitsAt(text, at + 5, at + 7);
  const day = digitsAt(text, at + 8, at + 10);
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS[month]!);
}

/** RFC 3339 time from `at`; `strictTimeZone`: the offset is required. Leap seconds only at 23:59 UTC (ajv-formats' `time`). */
function isTimeAt(text: string, at: number, strictTimeZone: boolean): boolean {
  const hr = digitsAt(text, at, at + 2);
  const min = digitsAt(text, at + 3, at + 5);
  let sec = digitsAt(text, at + 6, at + 8);
  if (hr < 0 || min < 0 || sec < 0 || text.charCodeAt(at + 2) !== 58 || text.charCodeAt(at + 5) !== 58) return false;
  let pos = at + 8;
  if (text.charCodeAt(pos) === 46) {
    let end = pos + 1;
    while (digitsAt(text, end, end + 1) >= 0) end++;
    if (end === pos + 1) return false;
    sec = +text.slice(at + 6, end); // as ajv-formats reads it: a long fraction may round up
    pos = end;
  }
  let tzSign = 1;
  let tzH = 0;
  let tzM = 0;
  let zoned = true;
  const zone = text.charCodeAt(pos);
  if (zone === 122 || zone === 90) pos++;
  else if (zone === 43 || zone === 45) {
    tzSign = zone === 45 ? -1 : 1;
    tzH = digitsAt(text, pos + 1, pos + 3);
    pos += 3;
    if (pos < text.length) {
      if (text.charCodeAt(pos) === 58) pos++;
      tzM = digitsAt(text, pos, pos + 2);
      pos += 2;
    }
    if (tzH < 0 || tzM < 0) return false;
  } else zoned = false;
  if (pos !== text.length || tzH > 23 || tzM > 59 || (strictTimeZone && !zoned)) return false;
  if (hr <= 23 && min <= 59 && sec < 60) return true;
  const utcMin = min - tzM * tzSign;
  const utcHr = hr - tzH * tzSign - (utcMin < 0 ? 1 : 0);
  return (utcHr === 23 || utcHr === -1) && (utcMin === 59 || utcMin === -1) && sec < 61;
}

export function isDate(text: string): boolean {
  return isDateAt(text, 0, text.length);
}

export function isTime(text: string, strictTimeZone: boolean): boolean {
  return isTimeAt(text, 0, strictTimeZone);
}

/**
 * ajv-formats splits at /t|\s/i and wants two parts. A date is 10 characters and a valid time holds
 * no separator, so the one separator is the 11th character.
 */
export function isDateTime(text: string, strictTimeZone: boolean): boolean {
  const separator = text.charCodeAt(10);
  return (separator === 116 || separator === 84 || /\s/.test(text.charAt(10))) && isDateAt(text, 0, 10) && isTimeAt(text, 11, strictTimeZone);
}

const NOT_URI_FRAGMENT = /\/|:/;
const URI = /^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)(?:\?(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?$/i;

export function isUri(text: string): boolean {
  return NOT_URI_FRAGMENT.test(text) && URI.test(text);
}

export function isRegex(text: string): boolean {
  if (/[^\\]\\Z/.test(text)) return false;
  try {
    new RegExp(text);
    return true;
  } catch {
    return false;
  }
}

const BYTE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/m;

export function isByte(text: string): boolean {
  return BYTE.test(text);
}
