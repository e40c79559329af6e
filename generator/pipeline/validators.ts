/**
 * Response body validators for APIs that set `validateResponses: "report"`: ajv (JSON Schema 2020-12)
 * compiles every documented JSON response schema here, at generation time, into standalone code, so
 * the generated `validators.ts` needs neither ajv nor ajv-formats at run time. ajv's few run-time
 * helpers (string length in code points, deep equality) and the formats that are functions are
 * replaced by small copies the template writes out; regular-expression formats ajv inlines itself.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
// CommonJS: its function is `default` under Node's ESM interop and in its types (as for ajv-formats).
import standalone from "ajv/dist/standalone/index.js";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { relative } from "node:path";
import { _ } from "ajv";
import { UserError } from "../errors.ts";
import { locate, type LoadedSpec } from "../spec/load.ts";
import type { ApiModel, OperationModel, ResponseModel } from "./model.ts";
import { escapeSegment, parsePointer } from "../spec/pointer.ts";
import { child, deref, type Located } from "../spec/refs.ts";

/** The view templates/validators.ts.hbs renders. */
export interface ValidatorsView {
  specFile: string;
  /** ajv's standalone module: one exported function per distinct response schema (printed verbatim). */
  ajvCode: string;
  /** The function-valued formats the code uses; the template writes out only these. */
  formats: Record<FormatFlag, boolean>;
  /** `deepEqual`/`ucs2length` are written out only when ajv's code calls them. */
  usesDeepEqual: boolean;
  usesUcs2length: boolean;
  /** Any of date, time, date-time, iso-time, iso-date-time: their shared helpers are written out. */
  usesDateFormats: boolean;
  operations: {
    operationId: string;
    /** Every documented status key; `validator` is "" when it has no JSON body schema to check. */
    responses: { status: string; validator: string }[];
  }[];
}

/** The formats ajv-formats implements as functions, by the flag the template tests. */
const FUNCTION_FORMATS = {
  date: "date",
  time: "time",
  "date-time": "dateTime",
  "iso-time": "isoTime",
  "iso-date-time": "isoDateTime",
  uri: "uri",
  regex: "regex",
  byte: "byte",
  int32: "int32",
  int64: "int64",
  float: "float",
  double: "double",
} as const;
type FormatFlag = (typeof FUNCTION_FORMATS)[keyof typeof FUNCTION_FORMATS];

/** The generated file's own names for what replaces ajv's run-time modules (`code.formats` below too). */
const FORMATS_OBJECT = "contractgenFormats";
const RUNTIME_REPLACEMENTS: Record<string, string> = {
  'require("ajv/dist/runtime/ucs2length").default': "ucs2length",
  'require("ajv/dist/runtime/equal").default': "deepEqual",
};

/** Our ids: fixed characters only, since ajv prints a schema's `$id` inside a `/* ... *\/` comment. */
const ID_BASE = "https://contractgen.invalid/";
const SAFE_ID = /^[A-Za-z0-9\-._~:/?#[\]@$&+,;=%]*$/;

export function buildValidatorsView(spec: LoadedSpec, model: ApiModel): ValidatorsView {
  const ajv = createStandaloneAjv(keywordsUsed(spec));
  const openapi30 = String((spec.root.data as { openapi?: unknown }).openapi ?? "").startsWith("3.0");
  for (const [path, file] of [...spec.files].sort(([a], [b]) => (a < b ? -1 : 1)))
    ajv.addSchema(forValidation(file.data, openapi30, { spec, file: path, pointer: "" }) as object, fileId(spec, path));

  const exportNames = new Map<string, string>(); // schema ref -> exported validator
  const operations = model.operations.map((operation) => ({
    operationId: operation.operationId,
    responses: [...operation.success, ...operation.errors].map((response) => {
      const schema = responseSchema(spec, operation, response);
      if (!schema) return { status: response.status, validator: "" };
      const ref = `${fileId(spec, schema.file)}#${uriFragment(schema.pointer)}`;
      let name = exportNames.get(ref);
      if (!name) {
        name = `responseValidator${exportNames.size}`;
        compile(ajv, spec, schema, ref, name);
        exportNames.set(ref, name);
      }
      return { status: response.status, validator: name };
    }),
  }));
  const refs = Object.fromEntries([...exportNames.values()].map((name) => [name, idOf(name)]));
  const code = exportNames.size === 0 ? "" : withoutRuntimeImports(standalone.default(ajv, refs));
  const formats = usedFormats(code);
  return {
    specFile: model.specFile,
    ajvCode: code,
    formats,
    usesDeepEqual: /\bdeepEqual\b/.test(code),
    usesUcs2length: /\bucs2length\b/.test(code),
    usesDateFormats: ["date", "time", "dateTime", "isoTime", "isoDateTime"].some((flag) => formats[flag as FormatFlag]),
    operations,
  };
}

/** Keywords whose support costs every call (evaluated-property tracking, a dynamic scope): on only when used. */
function keywordsUsed(spec: LoadedSpec): { unevaluated: boolean; dynamicRef: boolean } {
  const text = [...spec.files.values()].map((file) => JSON.stringify(file.data)).join("\n");
  return {
    unevaluated: /"unevaluated(Properties|Items)":/.test(text),
    dynamicRef: /"\$(dynamicRef|dynamicAnchor|recursiveRef|recursiveAnchor)":/.test(text),
  };
}

function createStandaloneAjv(keywords: { unevaluated: boolean; dynamicRef: boolean }): Ajv2020 {
  const ajv = new Ajv2020({
    ...keywords,
    strict: false,
    allErrors: true,
    inlineRefs: false,
    logger: false,
    // The template words mismatches from keyword and params; ajv's messages would only add bytes.
    messages: false,
    code: { source: true, esm: true, lines: false, optimize: true, formats: _`contractgenFormats` },
  });
  // ajv-formats' full formats: regular expressions are inlined by ajv; function formats are called
  // as `contractgenFormats[name].validate(value)`, which the template defines.
  for (const [name, format] of Object.entries(fullFormats)) {
    if (format instanceof RegExp || format === true) ajv.addFormat(name, format);
    else if (name in FUNCTION_FORMATS)
      ajv.addFormat(name, typeof format === "function" ? { validate: format } : (format as never));
  }
  return ajv;
}

function compile(ajv: Ajv2020, spec: LoadedSpec, schema: Located, ref: string, name: string): void {
  try {
    ajv.compile({ $id: idOf(name), $ref: ref });
  } catch (err) {
    // A schema ajv cannot compile (a regex JavaScript refuses, a dangling $ref) is the spec's problem.
    throw new UserError({
      kind: "spec",
      message: `validateResponses: cannot compile this response schema: ${(err as Error).message}`,
      position: locate(spec.files.get(schema.file)!, schema.pointer),
      pointer: schema.pointer,
      hint: 'fix the schema, or set validateResponses: "off" for this API',
    });
  }
}

function idOf(name: string): string {
  return `${ID_BASE}validators/${name}`;
}

/** The schema of a documented JSON response, as the client decodes it; undefined when there is none. */
function responseSchema(spec: LoadedSpec, operation: OperationModel, response: ResponseModel): Located | undefined {
  if (!response.json || !response.mediaType) return undefined;
  const root: Located = { value: spec.root.data, file: spec.rootPath, pointer: "" };
  const pathItem = deref(spec, child(child(root, "paths"), operation.path));
  const op = deref(spec, child(pathItem, operation.method));
  const documented = deref(spec, child(child(op, "responses"), response.status));
  const schema = child(child(child(documented, "content"), response.mediaType), "schema");
  return schema.value === undefined ? undefined : schema;
}

/** A spec file's id: its path under the ref root, so relative `$ref`s between files resolve as written. */
function fileId(spec: LoadedSpec, path: string): string {
  const rel = relative(spec.refRoot, path).split(/[\\/]/);
  const segments = rel[0] === ".." ? relative(spec.rootPath, path).split(/[\\/]/) : rel;
  return ID_BASE + segments.map(encodeIdSegment).join("/");
}

function encodeIdSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A JSON pointer as a URI fragment: each segment percent-encoded (`{id}` in a path key ...). */
function uriFragment(pointer: string): string {
  return parsePointer(pointer)
    .map((s) => "/" + encodeIdSegment(escapeSegment(s)))
    .join("");
}

/** Annotations: no effect on validation, only bytes (and spec prose) in the generated code. */
const ANNOTATIONS = new Set(["description", "title", "summary", "example", "examples", "default", "$comment", "externalDocs", "xml", "deprecated", "readOnly", "writeOnly", "discriminator"]);
/** Values that are data, never schemas: copied as they are. */
const DATA_KEYWORDS = new Set(["enum", "const", "required", "dependentRequired"]);
/** Objects whose keys are names (properties, components, media types), not keywords: every key kept. */
const NAME_MAPS = new Set([
  "properties",
  "patternProperties",
  "$defs",
  "definitions",
  "dependentSchemas",
  "paths",
  "webhooks",
  "schemas",
  "responses",
  "parameters",
  "requestBodies",
  "headers",
  "content",
  "callbacks",
  "pathItems",
]);

interface Where {
  spec: LoadedSpec;
  file: string;
  pointer: string;
}

/**
 * A copy of a spec document ready for ajv: annotations and `x-` extensions dropped, OpenAPI 3.0's
 * `nullable` and boolean `exclusiveMinimum`/`exclusiveMaximum` written as 2020-12 says them, and
 * `writeOnly` properties no longer required (a response never carries them).
 */
export function forValidation(node: unknown, openapi30: boolean, where: Where): unknown {
  if (Array.isArray(node)) return node.map((item, i) => forValidation(item, openapi30, at(where, i)));
  if (node === null || typeof node !== "object") return node;
  const record = node as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (ANNOTATIONS.has(key) || key.startsWith("x-")) continue;
    if (key === "$id" && (typeof value !== "string" || !SAFE_ID.test(value))) {
      throw new UserError({
        kind: "spec",
        message: `validateResponses: a schema $id must be a plain URI, got ${JSON.stringify(value)}`,
        position: locate(where.spec.files.get(where.file)!, `${where.pointer}/$id`),
        pointer: `${where.pointer}/$id`,
      });
    }
    copy[key] = DATA_KEYWORDS.has(key)
      ? value
      : NAME_MAPS.has(key) && isRecord(value)
        ? Object.fromEntries(Object.entries(value).map(([name, v]) => [name, forValidation(v, openapi30, at(at(where, key), name))]))
        : forValidation(value, openapi30, at(where, key));
  }
  withoutWriteOnlyRequired(record, copy);
  return openapi30 ? asJsonSchema(copy) : copy;
}

function at(where: Where, key: string | number): Where {
  return { ...where, pointer: `${where.pointer}/${escapeSegment(key)}` };
}

function withoutWriteOnlyRequired(original: Record<string, unknown>, copy: Record<string, unknown>): void {
  if (!Array.isArray(original.required) || !isRecord(original.properties)) return;
  const properties = original.properties;
  copy.required = original.required.filter(
    (name) => !(typeof name === "string" && isRecord(properties[name]) && properties[name].writeOnly === true),
  );
}

/** OpenAPI 3.0's schema dialect in 2020-12 terms. */
function asJsonSchema(schema: Record<string, unknown>): Record<string, unknown> {
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

/** ajv's code with its run-time `require`s replaced by the template's own functions; anything else is refused. */
function withoutRuntimeImports(code: string): string {
  let replaced = code;
  for (const [from, to] of Object.entries(RUNTIME_REPLACEMENTS)) replaced = replaced.split(from).join(to);
  const left = /require\("([^"]*)"\)/.exec(replaced);
  if (left) {
    throw new UserError({
      kind: "usage",
      message: `validateResponses: the response schemas need ${left[1]} at run time, which generated validators do not ship`,
      hint: 'set validateResponses: "off" for this API, or drop the keyword that needs it (such as $async)',
    });
  }
  // Ajv's own prologue; an ES module is strict anyway.
  return replaced.replace(/^"use strict";/, "");
}

/** Which function formats ajv's code reads from the formats object. */
function usedFormats(code: string): Record<FormatFlag, boolean> {
  const used = Object.fromEntries(Object.values(FUNCTION_FORMATS).map((flag) => [flag, false])) as Record<FormatFlag, boolean>;
  const reference = new RegExp(`${FORMATS_OBJECT}(?:\\.([A-Za-z_$][\\w$]*)|\\["([^"]+)"\\])`, "g");
  for (const match of code.matchAll(reference)) {
    const name = (match[1] ?? match[2]) as keyof typeof FUNCTION_FORMATS;
    used[FUNCTION_FORMATS[name]] = true;
  }
  return used;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
