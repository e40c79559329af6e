/**
 * The spec's documents as ajv compiles them (JSON Schema 2020-12), for the generated response
 * validators and for drift. Each file is copied with annotations and `x-` extensions dropped, and every
 * schema reachable from the given roots read as its author meant it:
 * - OpenAPI 3.0's `nullable` and boolean `exclusiveMinimum`/`exclusiveMaximum` in 2020-12 terms, in
 *   3.1 specs too (openapi-typescript types `nullable` whatever the version);
 * - a null schema (which validate.ts warned about) as `true`, any value;
 * - `writeOnly` properties no longer required (a response never carries them);
 * - a keyword whose value ajv cannot compile (`exclusiveMinimum: true` in a 2020-12 schema, an unknown
 *   type name, a pattern RE2 cannot run) dropped, with one positioned warning: that keyword is not
 *   checked, the rest of the schema is.
 */
import { UserError } from "../errors.ts";
import { locate, type LoadedSpec } from "./load.ts";
import { unsupportedPattern } from "./pattern.ts";
import { escapeSegment } from "./pointer.ts";
import { resolveRefOnce, type Located } from "./refs.ts";
import { isRecord } from "./walk.ts";

export interface AjvDocuments {
  /** Every loaded file, ready for `ajv.addSchema`, by absolute path. */
  documents: Map<string, unknown>;
  /** One per keyword dropped, at its position. */
  warnings: UserError[];
}

/** Annotations: no effect on validation, only bytes (and spec prose) in generated code. */
const ANNOTATIONS = new Set(["description", "title", "summary", "example", "examples", "default", "$comment", "externalDocs", "xml", "deprecated", "readOnly", "writeOnly", "discriminator"]);
/** Values that are data, never schemas: copied as they are. */
const DATA_KEYWORDS = new Set(["enum", "const", "required", "dependentRequired"]);
/** Keywords whose value maps names to schemas. */
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);
/** Keywords whose value is one schema. */
const SCHEMA_SLOTS = new Set(["items", "additionalProperties", "unevaluatedProperties", "unevaluatedItems", "additionalItems", "contains", "not", "if", "then", "else", "propertyNames", "contentSchema"]);
/** Keywords whose value is a list of schemas. */
const SCHEMA_LISTS = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);
/** Objects of an OpenAPI document whose keys are names, not keywords: every key kept. */
const NAME_MAPS = new Set([...SCHEMA_MAPS, "paths", "webhooks", "schemas", "responses", "parameters", "requestBodies", "headers", "content", "callbacks", "pathItems"]);
const TYPES = new Set(["string", "number", "integer", "boolean", "object", "array", "null"]);
const NUMBERS = new Set(["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]);
const COUNTS = new Set(["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties", "minContains", "maxContains"]);
/** `$id`s made of these characters only: ajv prints a schema's `$id` inside a `/* ... *\/` comment. */
const SAFE_ID = /^[A-Za-z0-9\-._~:/?#[\]@$&+,;=%]*$/;

/** The documents of `spec` for ajv, every schema reachable from `roots` (media type schemas) read as above. */
export function documentsForAjv(spec: LoadedSpec, roots: readonly Located[]): AjvDocuments {
  const schemas = reachableSchemas(spec, roots);
  const warnings: UserError[] = [];
  const documents = new Map<string, unknown>();
  for (const [path, file] of spec.files) {
    const copy = (node: unknown, pointer: string, isName: boolean): unknown => {
      if (Array.isArray(node)) return node.map((item, i) => copy(item, `${pointer}/${i}`, false));
      const schema = schemas.has(`${path}#${pointer}`);
      if (schema && node === null) return true;
      if (!isRecord(node)) return node;
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(node)) {
        const at = `${pointer}/${escapeSegment(key)}`;
        // Extensions are no schema keywords; contractgen's own (a 3.2 view's) may hold schemas.
        if (!isName && (ANNOTATIONS.has(key) || (key.startsWith("x-") && !key.startsWith("x-contractgen-")))) continue;
        if (!isName && key === "$id" && invalidKeyword(key, value) !== undefined) {
          warnings.push(dropped(spec, path, at, key, invalidKeyword(key, value)!));
          continue;
        }
        if (schema) {
          const problem = invalidKeyword(key, value);
          if (problem === null) continue; // a null the validate stage already warned about
          if (problem !== undefined) {
            warnings.push(dropped(spec, path, at, key, problem));
            continue;
          }
        }
        out[key] = !isName && DATA_KEYWORDS.has(key) ? value : copy(value, at, !isName && NAME_MAPS.has(key) && isRecord(value));
      }
      if (!schema) return out;
      if (isRecord(out.patternProperties)) out.patternProperties = withSupportedPatterns(out.patternProperties, (name, reason) => warnings.push(dropped(spec, path, `${pointer}/patternProperties/${escapeSegment(name)}`, `patternProperties ${JSON.stringify(name)}`, reason)));
      if (Array.isArray(out.items)) [out.prefixItems, out.items] = [out.items, out.additionalItems ?? true]; // draft 4-7 tuples
      withoutWriteOnlyRequired(node, out);
      return inJsonSchemaTerms(out);
    };
    documents.set(path, copy(file.data, "", false));
  }
  return { documents, warnings };
}

/**
 * `file#pointer` of every schema reachable from `roots`, `$ref`s followed (each target once), walked
 * with a work list: a chain of thousands of schemas must not exhaust the stack.
 */
function reachableSchemas(spec: LoadedSpec, roots: readonly Located[]): Set<string> {
  const seen = new Set<string>();
  const pending = [...roots];
  for (let node = pending.pop(); node; node = pending.pop()) {
    const key = `${node.file}#${node.pointer}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const value = node.value;
    if (!isRecord(value)) continue;
    const at = (k: string | number, v: unknown): Located => ({ value: v, file: node!.file, pointer: `${node!.pointer}/${escapeSegment(k)}` });
    if (typeof value.$ref === "string") {
      try {
        pending.push(resolveRefOnce(spec, value.$ref, { file: node.file, pointer: `${node.pointer}/$ref` }));
      } catch {
        // validate.ts refused broken refs; a ref into data it left alone is not a schema to walk
      }
    }
    for (const [k, v] of Object.entries(value)) {
      if (SCHEMA_SLOTS.has(k) && !Array.isArray(v)) pending.push(at(k, v));
      else if ((SCHEMA_LISTS.has(k) || k === "items") && Array.isArray(v)) v.forEach((item, i) => pending.push({ ...at(k, v), value: item, pointer: `${at(k, v).pointer}/${i}` }));
      else if (SCHEMA_MAPS.has(k) && isRecord(v)) for (const [name, s] of Object.entries(v)) pending.push({ value: s, file: node.file, pointer: `${at(k, v).pointer}/${escapeSegment(name)}` });
    }
  }
  return seen;
}

/**
 * Why ajv cannot compile this keyword's value: a sentence, null for a null the validate stage
 * already reported (the keyword is dropped quietly), undefined when it can.
 */
export function invalidKeyword(key: string, value: unknown): string | null | undefined {
  const got = () => `got ${JSON.stringify(value) ?? String(value)}`.slice(0, 80);
  if (key === "type") {
    const names = Array.isArray(value) ? value : [value];
    return names.length > 0 && names.every((t) => typeof t === "string" && TYPES.has(t)) ? undefined : `must name JSON types, ${got()}`;
  }
  if (NUMBERS.has(key)) {
    if (typeof value === "boolean" && key.startsWith("exclusive")) return undefined; // OpenAPI 3.0's form, read below
    return typeof value === "number" && Number.isFinite(value) && (key !== "multipleOf" || value > 0) ? undefined : `must be a number, ${got()}`;
  }
  if (COUNTS.has(key)) return Number.isInteger(value) && (value as number) >= 0 ? undefined : `must be a whole number, ${got()}`;
  if (key === "uniqueItems" || key === "nullable") return typeof value === "boolean" ? undefined : `must be true or false, ${got()}`;
  if (key === "required") return Array.isArray(value) && value.every((r) => typeof r === "string") ? undefined : `must list property names, ${got()}`;
  if (key === "enum") return Array.isArray(value) && value.length > 0 ? undefined : `must be a non-empty list, ${got()}`;
  if (key === "format" || key === "$ref") return typeof value === "string" ? undefined : `must be text, ${got()}`;
  if (key === "$id") return typeof value === "string" && SAFE_ID.test(value) ? undefined : `must be a plain URI, ${got()}`;
  if (key === "pattern") {
    if (typeof value !== "string") return `must be text, ${got()}`;
    return patternProblem(value);
  }
  if (SCHEMA_MAPS.has(key)) return value === null ? null : isRecord(value) ? undefined : `must map names to schemas, ${got()}`;
  if (SCHEMA_LISTS.has(key)) return Array.isArray(value) && value.length > 0 ? undefined : `must be a non-empty list of schemas, ${got()}`;
  if (key === "items") return value === null || isRecord(value) || typeof value === "boolean" || Array.isArray(value) ? undefined : `must be a schema, ${got()}`;
  if (SCHEMA_SLOTS.has(key)) return value === null || isRecord(value) || typeof value === "boolean" ? undefined : `must be a schema, ${got()}`;
  return undefined;
}

function dropped(spec: LoadedSpec, file: string, pointer: string, what: string, problem: string): UserError {
  return new UserError({
    kind: "spec",
    message: `\`${what}\` ${problem}; it is not checked against responses or recorded traffic`,
    position: locate(spec.files.get(file)!, pointer),
    pointer,
  });
}

/** Why a pattern is not run: not a regular expression at all, or one RE2 cannot run in linear time. */
function patternProblem(source: string): string | undefined {
  const reason = unsupportedPattern(source);
  if (reason === undefined) return undefined;
  try {
    new RegExp(source, "u"); // compiled only, never run
  } catch (err) {
    return `is not a regular expression (${(err as Error).message})`;
  }
  return `cannot run in linear time (${reason})`;
}

function withSupportedPatterns(map: Record<string, unknown>, warn: (name: string, reason: string) => void): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(map)) {
    const problem = patternProblem(name);
    if (problem === undefined) kept[name] = schema;
    else warn(name, problem);
  }
  return kept;
}

function withoutWriteOnlyRequired(original: Record<string, unknown>, copy: Record<string, unknown>): void {
  if (!Array.isArray(copy.required) || !isRecord(original.properties)) return;
  const properties = original.properties;
  copy.required = copy.required.filter((name) => !(typeof name === "string" && isRecord(properties[name]) && properties[name].writeOnly === true));
}

/** OpenAPI 3.0's schema idioms in 2020-12 terms. */
function inJsonSchemaTerms(schema: Record<string, unknown>): Record<string, unknown> {
  for (const [flag, bound] of [
    ["exclusiveMinimum", "minimum"],
    ["exclusiveMaximum", "maximum"],
  ] as const) {
    if (typeof schema[flag] !== "boolean") continue;
    if (schema[flag] === true && typeof schema[bound] === "number") {
      schema[flag] = schema[bound];
      delete schema[bound];
    } else delete schema[flag];
  }
  if (!("nullable" in schema)) return schema;
  const { nullable, ...rest } = schema;
  if (nullable !== true) return rest;
  if (Array.isArray(rest.enum) && !rest.enum.includes(null)) rest.enum = [...rest.enum, null];
  if (typeof rest.type === "string") return { ...rest, type: [rest.type, "null"] };
  if (Array.isArray(rest.type)) return rest.type.includes("null") ? rest : { ...rest, type: [...rest.type, "null"] };
  return { anyOf: [rest, { type: "null" }] };
}
