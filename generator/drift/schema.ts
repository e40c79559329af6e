/**
 * Body checks against the spec's own schemas: every spec file is registered with ajv under its file
 * URL, so a schema is checked in place and its `$ref`s (also across files) resolve as the spec wrote them.
 * The schemas are read as the response validators read them (spec/json-schema.ts); a schema ajv cannot
 * compile checks nothing, with one positioned warning in `spec.warnings`, and drift goes on.
 */
import type { ErrorObject, ValidateFunction } from "ajv";
import { pathToFileURL } from "node:url";
import { UserError } from "../errors.ts";
import { documentsForAjv } from "../spec/json-schema.ts";
import { locate, type LoadedSpec } from "../spec/load.ts";
import { escapeSegment, getAtPointer, parsePointer } from "../spec/pointer.ts";
import { child, deref, type Located } from "../spec/refs.ts";
import { forEachOperation, isRecord } from "../spec/walk.ts";
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
  const { documents, warnings } = documentsForAjv(spec, bodySchemas(spec));
  const warn = (at: Located, message: string) =>
    warnings.push(new UserError({ kind: "spec", message, position: locate(spec.files.get(at.file)!, at.pointer), pointer: at.pointer }));
  // Unsupported patterns were dropped above, with a warning each; this hears only those ajv meets elsewhere.
  const ajv = createAjv();
  for (const [path, document] of documents) {
    const id = pathToFileURL(path).href;
    try {
      ajv.addSchema(isRecord(document) && document.$id === undefined ? { $id: id, ...document } : (document as object), id, undefined, false);
    } catch (err) {
      warn({ value: document, file: path, pointer: "" }, `the schemas of this file cannot be compiled (${firstLine(err)}); bodies are not checked against them`);
    }
  }
  spec.warnings = [...(spec.warnings ?? []), ...warnings];
  const compiled = new Map<string, ValidateFunction | null>();
  const compile = (ref: string, schema: Located): ValidateFunction | null => {
    try {
      return ajv.compile({ $ref: ref });
    } catch (err) {
      // A schema ajv cannot compile is the spec's problem, not drift: said once, then not checked.
      (spec.warnings ??= []).push(
        new UserError({ kind: "spec", message: `cannot check bodies against this schema (${err instanceof RangeError ? "it nests too deeply" : firstLine(err)}); they are not checked`, position: locate(spec.files.get(schema.file)!, schema.pointer), pointer: schema.pointer }),
      );
      return null;
    }
  };
  return (schema, value) => {
    const ref = `${pathToFileURL(schema.file).href}#${uriFragment(schema.pointer)}`;
    let validate = compiled.get(ref);
    if (validate === undefined) compiled.set(ref, (validate = compile(ref, schema)));
    if (!validate || validate(value)) return [];
    return dedupe((validate.errors ?? []).filter((e) => !isWrapper(e)).map((e) => mismatch(e, value)));
  };
}

/** Every media type schema and item schema of every operation's request body and responses: what drift checks bodies against. */
function bodySchemas(spec: LoadedSpec): Located[] {
  const roots: Located[] = [];
  const follow = (node: Located): Located | undefined => {
    try {
      return deref(spec, node);
    } catch {
      return undefined;
    }
  };
  const contentOf = (holder: Located | undefined) => {
    const content = holder && child(holder, "content");
    if (!content || !isRecord(content.value)) return;
    for (const mediaType of Object.keys(content.value)) {
      const media = follow(child(content, mediaType));
      if (!media || !isRecord(media.value)) continue;
      // OpenAPI 3.2's `itemSchema`: one item of a stream.
      for (const key of ["schema", "itemSchema"]) if (media.value[key] !== undefined) roots.push(child(media, key));
    }
  };
  forEachOperation(
    spec,
    ({ operation }) => {
      if (!isRecord(operation.value)) return;
      if (operation.value.requestBody !== undefined) contentOf(follow(child(operation, "requestBody")));
      const responses = child(operation, "responses");
      if (isRecord(responses.value)) for (const status of Object.keys(responses.value)) contentOf(follow(child(responses, status)));
    },
    { onError: () => undefined },
  );
  return roots;
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split("\n")[0]!.slice(0, 200);
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
