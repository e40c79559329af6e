/**
 * Response body validators for APIs that set `validateResponses: "report"`: ajv (JSON Schema 2020-12)
 * compiles every documented JSON response schema here, at generation time, into standalone code, keyed
 * by status and media type, so the generated `validators.ts` needs neither ajv nor ajv-formats at run
 * time. ajv's few run-time helpers (string length in code points, deep equality) and the formats that
 * are functions are replaced by the copies in validators-support.ts; regular-expression formats ajv
 * inlines itself. A spec's `pattern` runs on re2js (linear time), the one import, only when used.
 * Shared schemas are compiled once, as functions the response validators call. A schema ajv cannot
 * compile is not checked, with one positioned warning (in `spec.warnings`).
 */
import { Ajv2020 } from "ajv/dist/2020.js";
// CommonJS: its function is `default` under Node's ESM interop and in its types (as for ajv-formats).
import standalone from "ajv/dist/standalone/index.js";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { relative } from "node:path";
import { _ } from "ajv";
import { UserError } from "../errors.ts";
import { locate, type LoadedSpec } from "../spec/load.ts";
import { documentsForAjv } from "../spec/json-schema.ts";
import { bodyRead, essence } from "../spec/media.ts";
import { eventSchemas } from "../spec/openapi32.ts";
import { compareText } from "../spec/order.ts";
import { linearRegExp } from "../spec/pattern.ts";
import { escapeSegment, parsePointer } from "../spec/pointer.ts";
import { child, deref, resolveRefOnce, type Located } from "../spec/refs.ts";
import { isRecord } from "../spec/walk.ts";
import type { ApiModel, OperationModel } from "./model.ts";
import { compactValidatorSource, uncompactedValidatorSource } from "./validators-code.ts";
import { FUNCTION_FORMATS, type FormatFlag, validatorsProgram, type ValidatorsTable } from "./validators-program.ts";
import { streamFormat } from "../../templates/runtime/media.ts";

/** The view templates/validators.ts.hbs renders. */
export interface ValidatorsView {
  specFile: string;
  /** An expression whose value is `validateResponse` (validators-program.ts), printed verbatim. */
  code: string;
  /** The names of the compiled validators, one per distinct response schema. */
  validatorNames: string[];
  /** The code runs a spec's `pattern`: the file imports re2js, which runs it in linear time. */
  usesPatterns: boolean;
  operations: ValidatorsTable[];
}

/** The generated file's own names for what replaces ajv's run-time modules (`code.formats` below too). */
const FORMATS_OBJECT = "contractgenFormats";
const RUNTIME_REPLACEMENTS: Record<string, string> = {
  'require("ajv/dist/runtime/ucs2length").default': "ucs2length",
  'require("ajv/dist/runtime/equal").default': "deepEqual",
};

/** Our ids: fixed characters only, since ajv prints a schema's `$id` inside a `/* ... *\/` comment. */
const ID_BASE = "https://contractgen.invalid/";
/** Where each document holds the entries this module compiles (a key no spec keyword uses). */
const ENTRIES = "x-contractgen-validators";

/** `compact: false` keeps ajv's code as ajv prints it (the bench compares the two). */
export function buildValidatorsView(spec: LoadedSpec, model: ApiModel, options: { compact?: boolean } = {}): ValidatorsView {
  const bodies = model.operations.map((operation) => ({ operation, responses: documentedBodies(spec, operation) }));
  const roots = bodies.flatMap(({ responses }) => responses.flatMap((r) => r.mediaTypes.flatMap((m) => (m.schema ? [m.schema] : []))));
  const { documents, warnings } = documentsForAjv(spec, roots);
  // One entry per distinct schema, written into the document that holds it: its `$ref`s then resolve
  // through that document's cache, shared with every other use, so each schema is compiled once.
  const entries = new Map<string, { name: string; schema: Located; keyRef: string }>();
  const entryOf = new Map<Located, string>();
  for (const schema of roots) {
    const target = finalTarget(spec, schema);
    const key = `${target.file}#${target.pointer}`;
    let entry = entries.get(key);
    const document = documents.get(target.file);
    if (!entry && isRecord(document)) {
      const name = `validator${entries.size}`;
      const holder = (document[ENTRIES] ??= {}) as Record<string, unknown>;
      holder[name] = { allOf: [{ $ref: `#${uriFragment(target.pointer)}` }] };
      entry = { name, schema, keyRef: `${fileId(spec, target.file)}#/${ENTRIES}/${name}` };
      entries.set(key, entry);
    }
    if (entry) entryOf.set(schema, entry.name);
  }
  for (const document of documents.values()) mergeUnions(document);
  const ajv = createStandaloneAjv(keywordsUsed(documents));
  for (const [path, document] of [...documents].sort(([a], [b]) => compareText(a, b))) {
    try {
      ajv.addSchema(withId(document, fileId(spec, path)), fileId(spec, path), undefined, false);
    } catch (err) {
      // Two schemas with one `$id`, say: the schemas in this file are then not checked.
      warnings.push(unchecked(spec, { value: document, file: path, pointer: "" }, firstLine((err as Error).message), "the schemas of this file cannot be compiled"));
    }
  }
  const compiled = new Set<string>();
  for (const { name, schema, keyRef } of entries.values()) {
    const failure = compile(ajv, keyRef);
    if (failure) warnings.push(unchecked(spec, schema, failure));
    else compiled.add(name);
  }
  const validatorOf = (schema: Located | undefined): string => {
    const name = schema && entryOf.get(schema);
    return name !== undefined && compiled.has(name) ? name : "";
  };
  const operations = bodies.map(({ operation, responses }) => ({
    operationId: operation.operationId,
    responses: responses.map(({ status, mediaTypes }) => ({
      status,
      mediaTypes: mediaTypes.map(({ mediaType, schema }) => ({ mediaType, validator: validatorOf(schema) })),
    })),
  }));
  spec.warnings = [...(spec.warnings ?? []), ...warnings];
  const refs = Object.fromEntries([...entries.values()].filter(({ name }) => compiled.has(name)).map(({ name, keyRef }) => [name, keyRef]));
  const module = compiled.size === 0 ? undefined : standaloneCode(ajv, refs);
  const validators = module === undefined ? { code: "", exported: new Map<string, string>() } : options.compact === false ? uncompactedValidatorSource(module) : compactValidatorSource(module);
  const formats = usedFormats(validators.code);
  const usesPatterns = new RegExp(`\\b${PATTERN_FUNCTION}\\b`).test(validators.code);
  if (usesPatterns) spec.notices.push(`${model.specFile}: the response validators run the spec's patterns on re2js (linear time): add re2js to your app's dependencies`);
  return {
    specFile: model.specFile,
    code: validatorsProgram(validators, formats, operations),
    validatorNames: Object.keys(refs),
    usesPatterns,
    operations,
  };
}

/** Keywords whose support costs code in every function (evaluated-property tracking, a dynamic scope): on only when used. */
function keywordsUsed(documents: Map<string, unknown>): { unevaluated: boolean; dynamicRef: boolean } {
  const text = [...documents.values()].map((document) => JSON.stringify(document)).join("\n");
  return {
    unevaluated: /"unevaluated(Properties|Items)":/.test(text),
    dynamicRef: /"\$(dynamicRef|dynamicAnchor|recursiveRef|recursiveAnchor)":/.test(text),
  };
}

/** Values that are data, not schemas: never rewritten. */
const DATA = new Set(["enum", "const", "required", "dependentRequired"]);

/**
 * Unions that say one thing in many words, said in one: an `anyOf` (or a `oneOf` of disjoint types)
 * whose every branch is only a `type` becomes one `type` list (OpenAPI 3.1's nullable idiom), and one
 * whose every branch is only a `const` or an `enum` (of distinct values, for `oneOf`) becomes one
 * `enum` (an enum with a description per value). The same values pass; a mismatch is one error
 * ("string | null", "one of: ...") instead of one per branch plus the union's, and ajv's code for it
 * is a fraction of the size.
 */
function mergeUnions(node: unknown): void {
  if (Array.isArray(node)) for (const item of node) mergeUnions(item);
  if (!isRecord(node)) return;
  for (const [key, value] of Object.entries(node)) if (!DATA.has(key)) mergeUnions(value);
  for (const keyword of ["anyOf", "oneOf"] as const) {
    const types = node.type === undefined ? typeUnion(node[keyword], keyword === "oneOf") : undefined;
    if (types) node.type = types.length === 1 ? types[0] : types;
    const values = node.enum === undefined && node.const === undefined && !types ? valueUnion(node[keyword], keyword === "oneOf") : undefined;
    if (values) node.enum = values;
    if (types || values) delete node[keyword];
  }
}

function valueUnion(branches: unknown, distinct: boolean): unknown[] | undefined {
  if (!Array.isArray(branches) || branches.length === 0) return undefined;
  const values = new Map<string, unknown>();
  for (const branch of branches) {
    if (!isRecord(branch) || Object.keys(branch).length !== 1) return undefined;
    const own = "const" in branch ? [branch.const] : Array.isArray(branch.enum) ? branch.enum : undefined;
    if (!own) return undefined;
    for (const value of own) {
      const key = JSON.stringify(value);
      if (distinct && values.has(key)) return undefined;
      values.set(key, value);
    }
  }
  return [...values.values()];
}

function typeUnion(branches: unknown, disjoint: boolean): string[] | undefined {
  if (!Array.isArray(branches) || branches.length === 0) return undefined;
  const types: string[] = [];
  for (const branch of branches) {
    if (!isRecord(branch) || Object.keys(branch).length !== 1) return undefined;
    const own = typeof branch.type === "string" ? [branch.type] : branch.type;
    if (!Array.isArray(own) || own.length === 0 || !own.every((type) => typeof type === "string")) return undefined;
    for (const type of own as string[]) {
      if (disjoint && (types.includes(type) || (type === "integer" && types.includes("number")) || (type === "number" && types.includes("integer")))) return undefined;
      if (!types.includes(type)) types.push(type);
    }
  }
  return types;
}

/** What the generated file calls to build a pattern (the template defines it over re2js). */
const PATTERN_FUNCTION = "linearPattern";

export function createStandaloneAjv(keywords: { unevaluated: boolean; dynamicRef: boolean }): Ajv2020 {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    logger: false,
    validateSchema: false,
    // One function per shared schema, called wherever it is used, instead of a copy at each use.
    inlineRefs: false,
    // validators-support.ts words mismatches from keyword and params; ajv's messages would only add bytes.
    messages: false,
    // Up to 16 required names checked one by one (a property read each, what a typical body pays
    // for); a longer list in a loop over it, whose keyed reads cost more but whose code is smaller.
    loopRequired: 17,
    // An enum's values in a loop (one `includes` for a primitive value, after compaction).
    loopEnum: 2,
    code: {
      source: true,
      esm: true,
      lines: false,
      optimize: true,
      formats: _`contractgenFormats`,
      // Unsupported patterns were dropped (with a warning) before ajv sees the schemas.
      regExp: linearRegExp(() => undefined, PATTERN_FUNCTION),
    },
  });
  // Ajv2020 always turns both on, and each costs code in every validator; the spec's documents say whether they are needed.
  Object.assign(ajv.opts, keywords);
  // ajv-formats' full formats: regular expressions are inlined by ajv; function formats are called
  // as `contractgenFormats[name].validate(value)`, which validators-program.ts defines.
  for (const [name, format] of Object.entries(fullFormats)) {
    if (format instanceof RegExp || format === true) ajv.addFormat(name, format);
    else if (name in FUNCTION_FORMATS)
      ajv.addFormat(name, typeof format === "function" ? { validate: format } : (format as never));
  }
  return ajv;
}

/** Compile one exported validator; ajv's reason when it cannot (the schema is then not checked). */
function compile(ajv: Ajv2020, keyRef: string): string | undefined {
  try {
    return ajv.getSchema(keyRef) ? undefined : "its $ref does not resolve";
  } catch (err) {
    return err instanceof RangeError ? "it nests too deeply" : firstLine((err as Error).message);
  }
}

/** The schema a media type's schema stands for: `$ref`s that are the whole schema followed. */
function finalTarget(spec: LoadedSpec, schema: Located): Located {
  let node = schema;
  for (let hops = 0; hops < 100 && isRecord(node.value) && Object.keys(node.value).length === 1 && typeof node.value.$ref === "string"; hops++) {
    try {
      node = resolveRefOnce(spec, node.value.$ref, { file: node.file, pointer: `${node.pointer}/$ref` });
    } catch {
      break;
    }
  }
  return node;
}

function unchecked(spec: LoadedSpec, schema: Located, reason: string, what = "this response schema cannot be compiled"): UserError {
  return new UserError({
    kind: "spec",
    message: `validateResponses: ${what} (${reason}); responses here are not checked`,
    position: locate(spec.files.get(schema.file)!, schema.pointer),
    pointer: schema.pointer,
  });
}

function firstLine(text: string): string {
  return text.split("\n")[0]!.slice(0, 200);
}

interface DocumentedBody {
  status: string;
  mediaTypes: { mediaType: string; schema?: Located }[];
}

/**
 * Every documented status of an operation, each with every documented media type (lower case, no
 * parameters, sorted, the first of duplicates kept) and, where the client decodes that body as JSON,
 * its schema. A streamed success (SSE, JSON lines, JSON text sequence) is checked item by item: its
 * schema is that of one item (for SSE, of one event's data, as the client gives it), whatever the
 * item is read as; a stream media type of an error is no item, and is not checked. A 3.2 event stream
 * whose events' data differ by name also has one entry per named event, `<type>; event=<name>`.
 */
function documentedBodies(spec: LoadedSpec, operation: OperationModel): DocumentedBody[] {
  const root: Located = { value: spec.root.data, file: spec.rootPath, pointer: "" };
  const pathItem = deref(spec, child(child(root, "paths"), operation.path));
  const op = deref(spec, child(pathItem, operation.method));
  return [...operation.success, ...operation.errors].map(({ status }) => {
    const content = child(deref(spec, child(child(op, "responses"), status)), "content");
    const byType = new Map<string, Located | undefined>();
    for (const key of Object.keys(isRecord(content.value) ? content.value : {}).sort(compareText)) {
      const mediaType = essence(key);
      if (byType.has(mediaType)) continue;
      const media = deref(spec, child(content, key));
      const schema = child(media, "schema");
      const stream = streamFormat(mediaType) !== undefined;
      const checked = stream ? /^2(\d\d|XX)$/.test(status) : bodyRead(spec, mediaType, schema) === "json";
      byType.set(mediaType, schema.value !== undefined && checked ? schema : undefined);
      // A named event's data is checked against its own schema, not the union of every event's.
      if (stream && checked) for (const [name, own] of eventSchemas(media)) byType.set(`${mediaType}; event=${name}`, own);
    }
    return { status, mediaTypes: [...byType].map(([mediaType, schema]) => ({ mediaType, ...(schema ? { schema } : {}) })) };
  });
}

/**
 * The document with its file's id written in, when it has none: ajv resolves a `$ref` to a whole
 * document that has no `$id` against the referring document, not the one it is in.
 */
function withId(document: unknown, id: string): object {
  return isRecord(document) && document.$id === undefined ? { $id: id, ...document } : (document as object);
}

/** A spec file's id: its path under the ref root, so relative `$ref`s between files resolve as written. */function fileId(spec: LoadedSpec, path: string): string {
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

/**
 * ajv's standalone module exporting `refs` (name -> schema ref), with its run-time `require`s replaced
 * by the template's own functions; anything else is refused.
 */
export function standaloneCode(ajv: Ajv2020, refs: Record<string, string>): string {
  let replaced = standalone.default(ajv, refs);
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
