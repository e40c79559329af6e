/**
 * Body checks against the spec's own schemas: every spec file is registered with ajv under its file
 * URL, so a schema is checked in place and its `$ref`s (also across files) resolve as the spec wrote them.
 */
import type { ErrorObject, ValidateFunction } from "ajv";
import { pathToFileURL } from "node:url";
import { UserError } from "../errors.ts";
import { locate, type LoadedSpec } from "../spec/load.ts";
import { escapeSegment, getAtPointer, parsePointer } from "../spec/pointer.ts";
import type { Located } from "../spec/refs.ts";
import { createAjv } from "./ajv.ts";

export interface SchemaMismatch {
  /** JSON pointer into the body. */
  pointer: string;
  expected: string;
  /** The value found there (JSON, shortened), or "missing". */
  actual: string;
  /** The offending value itself, for callers that redact or compare it. */
  value: unknown;
}

export type SchemaChecker = (schema: Located, value: unknown) => SchemaMismatch[];

export function createSchemaChecker(spec: LoadedSpec): SchemaChecker {
  const ajv = createAjv();
  for (const [path, file] of spec.files) ajv.addSchema(file.data as object, pathToFileURL(path).href);
  const compiled = new Map<string, ValidateFunction>();
  const compile = (ref: string, schema: Located): ValidateFunction => {
    try {
      return ajv.compile({ $ref: ref });
    } catch (err) {
      // A schema ajv cannot compile (a bad regex, a dangling $ref) is the spec's problem, not drift.
      throw new UserError({ kind: "spec", message: `cannot check bodies against this schema: ${(err as Error).message}`, position: locate(spec.files.get(schema.file)!, schema.pointer), pointer: schema.pointer });
    }
  };
  return (schema, value) => {
    const ref = `${pathToFileURL(schema.file).href}#${uriFragment(schema.pointer)}`;
    let validate = compiled.get(ref);
    if (!validate) compiled.set(ref, (validate = compile(ref, schema)));
    if (validate(value)) return [];
    return dedupe((validate.errors ?? []).filter((e) => !isWrapper(e)).map((e) => mismatch(e, value)));
  };
}

/** A JSON pointer as a URI fragment: each segment percent-encoded (`{id}` in a path key, spaces ...). */
function uriFragment(pointer: string): string {
  return parsePointer(pointer)
    .map((s) => "/" + encodeURIComponent(escapeSegment(s)))
    .join("");
}

/** `if` only says which branch failed; that branch's own errors are listed beside it. */
function isWrapper(error: ErrorObject): boolean {
  return error.keyword === "if";
}

function mismatch(error: ErrorObject, body: unknown): SchemaMismatch {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "required") {
    return { pointer: `${error.instancePath}/${escapeSegment(String(params.missingProperty))}`, expected: "a required property", actual: "missing", value: undefined };
  }
  if (error.keyword === "additionalProperties" || error.keyword === "unevaluatedProperties") {
    const pointer = `${error.instancePath}/${escapeSegment(String(params.additionalProperty ?? params.unevaluatedProperty))}`;
    const value = getAtPointer(body, parsePointer(pointer)).value;
    return { pointer, expected: "no such property", actual: show(value), value };
  }
  const value = getAtPointer(body, parsePointer(error.instancePath)).value;
  if (error.keyword === "false schema") {
    return { pointer: error.instancePath, expected: "no such property (the schema is `false`)", actual: show(value), value };
  }
  return { pointer: error.instancePath, expected: expectation(error), actual: show(value), value };
}

function expectation(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "type":
      return `type ${Array.isArray(params.type) ? params.type.join(" | ") : String(params.type)}`;
    case "enum":
      return `one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "const":
      return `${JSON.stringify(params.allowedValue)}`;
    case "format":
      return `format ${String(params.format)}`;
    default:
      // ajv's own wording, e.g. "must be <= 12", "must match exactly one schema in oneOf".
      return error.message ?? error.keyword;
  }
}

const MAX_SHOWN = 80;

export function show(value: unknown): string {
  if (value === undefined) return "missing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

function dedupe(mismatches: SchemaMismatch[]): SchemaMismatch[] {
  const seen = new Set<string>();
  return mismatches.filter((m) => {
    const key = `${m.pointer}\u0000${m.expected}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
