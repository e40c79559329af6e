/**
 * The contractgen 0.1.0 runtime, shared by every generated API folder beside it.
 * Do not edit: it is copied from contractgen's templates/runtime/ by `contractgen generate`.
 * It is type-checked where it is written, in contractgen (strict, with and without Node types),
 * so an application's tsc skips it; every export's type is written out, so none is inferred here.
 */
// @ts-nocheck

/**
 * Typed response headers: each documented header of a response, read by what its schema says
 * (numbers, booleans, `style: simple` lists and objects, JSON content), keyed by its lower-case name,
 * `undefined` when absent or when the value is not what the schema says.
 */

/** How one documented header is read; the generator derives it from the header's schema. */
export type HeaderKind =
  | "string"
  | "number"
  | "integer"
  | "boolean"
  | "json"
  | "string[]"
  | "number[]"
  | "integer[]"
  | "boolean[]"
  /** `style: simple` object: `k,v,k,v`; `object=` is the exploded form `k=v,k=v`. Values stay strings. */
  | "object"
  | "object=";

/** A response's documented headers by lower-case name. */
export type HeaderSpecs = Readonly<Record<string, HeaderKind>>;

/**
 * The type of a response's `headers`, from openapi-typescript's `headers` of that response: the
 * documented names in lower case, each possibly undefined, without the open index signature.
 */
export type DocumentedHeaders<H> = {
  [K in keyof H as string extends K ? never : Lowercase<K & string>]: H[K] | undefined;
};

/** Every documented header of `specs` read from `headers`. */
export function parseHeaders(headers: Headers, specs: HeaderSpecs): Record<string, unknown> {
  const parsed: Record<string, unknown> = {};
  for (const name of Object.keys(specs)) parsed[name] = parseHeader(headers.get(name), specs[name]!);
  return parsed;
}

/** One header value (as `Headers.get` joins repeated fields: with ", "), or undefined. */
export function parseHeader(value: string | null, kind: HeaderKind): unknown {
  if (value === null) return undefined;
  switch (kind) {
    case "string":
      return value;
    case "number":
    case "integer":
    case "boolean":
      return scalar(value.trim(), kind);
    case "json":
      try {
        return JSON.parse(value) as unknown;
      } catch {
        return undefined;
      }
    case "object":
    case "object=":
      return simpleObject(value, kind === "object=");
    default: {
      const item = kind.slice(0, -2) as "string" | "number" | "integer" | "boolean";
      const parts = value.trim() === "" ? [] : value.split(",").map((part) => part.trim());
      const list = parts.map((part) => scalar(part, item));
      return list.includes(undefined) ? undefined : list;
    }
  }
}

function scalar(
  value: string,
  kind: "string" | "number" | "integer" | "boolean",
): string | number | boolean | undefined {
  if (kind === "string") return value;
  if (kind === "boolean") {
    const lower = value.toLowerCase();
    return lower === "true" ? true : lower === "false" ? false : undefined;
  }
  // Number("") is 0 and Number(" 0x10 ") is 16: only decimal notation is a number here.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isFinite(n) && (kind === "number" || Number.isInteger(n)) ? n : undefined;
}

function simpleObject(value: string, exploded: boolean): Record<string, string> | undefined {
  const parts = value.split(",").map((part) => part.trim());
  const entries: [string, string][] = [];
  if (exploded) {
    for (const part of parts) {
      const eq = part.indexOf("=");
      if (eq <= 0) return undefined;
      entries.push([part.slice(0, eq), part.slice(eq + 1)]);
    }
  } else {
    if (parts.length % 2 !== 0) return undefined;
    for (let i = 0; i < parts.length; i += 2) entries.push([parts[i]!, parts[i + 1]!]);
  }
  // fromEntries defines each key as an own property: a key "__proto__" stays data.
  return Object.fromEntries(entries);
}
