/**
 * Infer an API's error envelope (where an error body keeps its code, message, request id and field
 * errors) from the schemas of the error responses its spec documents. Used when the config says
 * `errorEnvelope: "infer"`, the default for `--spec` runs.
 */
import { PROBLEM_DETAILS, type ErrorEnvelope } from "../config/index.ts";
import type { LoadedSpec } from "../spec/load.ts";
import { compareText, sortedEntries } from "../spec/order.ts";
import { child, deref, isRef, type Located } from "../spec/refs.ts";
import { forEachOperation, isRecord } from "../spec/walk.ts";

/** The envelope shapes recognised, most specific first (a tie in votes goes to the earlier one). */
export const ENVELOPE_KINDS = ["problem-details", "nested-error", "errors-list", "code-message", "message"] as const;
export type EnvelopeKind = (typeof ENVELOPE_KINDS)[number];

/**
 * Names an error body gives its machine-readable code, in preference order. `type` is read only inside
 * `{error: {...}}` (Anthropic's `error.type`): at the top level it is Problem Details' URI or a constant
 * like `"error"`. `status_code` is left out: where it appears (Blockfrost) it repeats the HTTP status.
 */
const CODE_PROPERTIES = ["code", "error_code", "errorCode"];
const NESTED_CODE_PROPERTIES = [...CODE_PROPERTIES, "type"];
/**
 * Names of the human message, tried in this order by the runtime: the long form before the short one
 * (Clerk's `long_message` says which parameter; `message` only "is invalid"), `title` last because it
 * names the kind of error rather than this occurrence.
 */
const MESSAGE_PROPERTIES = ["long_message", "message", "detail", "error_description", "error_message", "description", "title"];
/** Names of a field-error list, and what each item calls its message. */
const FIELD_ERROR_LISTS = ["errors", "details", "invalid_params", "invalid-params"];
const ITEM_MESSAGE_PROPERTIES = ["long_message", "message", "detail", "reason", "description"];
/** Where a field error names its field, by the property the item schema has (nested ones when declared). */
const FIELD_LOCATIONS: [path: string[], pointer: string][] = [
  [["pointer"], "/pointer"],
  [["source", "pointer"], "/source/pointer"],
  [["source", "parameter"], "/source/parameter"],
  [["field"], "/field"],
  [["param"], "/param"],
  [["name"], "/name"],
  [["target"], "/target"],
  [["path"], "/path"],
  [["meta", "param_name"], "/meta/param_name"],
];
const REQUEST_ID_PROPERTIES = ["requestId", "request_id", "traceId", "trace_id", "correlationId", "correlation_id"];
/** A vendor-prefixed request id (Clerk's `clerk_trace_id`), when none of the plain names is there. */
const PREFIXED_REQUEST_ID = /^[a-z0-9]+_(request|trace|correlation)_id$/i;
const REQUEST_ID_HEADERS = ["x-request-id", "request-id", "x-correlation-id", "x-trace-id", "x-amzn-requestid"];
/** A vendor-prefixed request id header (`x-github-request-id`), when none of the plain names is there. */
const PREFIXED_REQUEST_ID_HEADER = /^x-[a-z0-9]+-request-id$/;
/** What an `id` holding a code looks like: lower-case words, as DigitalOcean's "not_found" (not a uuid). */
const IDENTIFIER_LIKE = /^[a-z]+(?:[_.-][a-z]+)*$/;

/** The parts an envelope may have beyond its code and message; each is optional in a body. */
const EXTRAS = ["requestId", "requestIdHeader", "fieldErrors"] as const;

/**
 * The envelope the spec's error responses share. Every 4XX/5XX/default JSON response an operation
 * documents votes for the code and message its schema gives, weighed by the operations that use it
 * (a shared 404 used by seven operations outweighs one 422), and the heaviest wins. The request id
 * and field errors are then taken from any body read the same way (GitHub's 422 adds its `errors[]`
 * to the `{message}` its 404s have): a body without them simply yields none at run time. A spec whose
 * error bodies match none of the shapes keeps Problem Details, the runtime's default.
 */
export function inferEnvelope(spec: LoadedSpec): ErrorEnvelope {
  const readings: Reading[] = [];
  for (const { schema, response, weight } of errorBodies(spec)) {
    const classified = classifyErrorSchema(spec, schema, response.mediaType);
    if (!classified) continue;
    const header = requestIdHeader(response.headers);
    const envelope = header ? { ...classified.envelope, requestIdHeader: header } : classified.envelope;
    readings.push({ kind: classified.kind, envelope, weight });
  }
  const votes = new Map<string, Reading>();
  for (const { kind, envelope, weight } of readings) {
    const key = coreKey(envelope);
    const vote = votes.get(key) ?? { kind, envelope: coreOf(envelope), weight: 0 };
    vote.weight += weight;
    votes.set(key, vote);
  }
  const winner = [...votes.values()].sort(
    (a, b) => b.weight - a.weight || ENVELOPE_KINDS.indexOf(a.kind) - ENVELOPE_KINDS.indexOf(b.kind) || compareText(coreKey(a.envelope), coreKey(b.envelope)),
  )[0];
  if (!winner) return PROBLEM_DETAILS;
  const alike = readings.filter((r) => coreKey(r.envelope) === coreKey(winner.envelope));
  const envelope: ErrorEnvelope = { ...winner.envelope };
  for (const extra of EXTRAS) {
    const value = heaviestValue(alike, extra);
    if (value !== undefined) Object.assign(envelope, { [extra]: value });
  }
  return envelope;
}

interface Reading {
  kind: EnvelopeKind;
  envelope: ErrorEnvelope;
  weight: number;
}

const coreOf = ({ code, message }: ErrorEnvelope): ErrorEnvelope => (code === undefined ? { message } : { code, message });
const coreKey = (envelope: ErrorEnvelope) => JSON.stringify(coreOf(envelope));

/** The value of `extra` with the most weight behind it among the readings (ties: the first in text order). */
function heaviestValue(readings: Reading[], extra: (typeof EXTRAS)[number]): ErrorEnvelope[typeof extra] {
  const weights = new Map<string, { value: ErrorEnvelope[typeof extra]; weight: number }>();
  for (const { envelope, weight } of readings) {
    if (envelope[extra] === undefined) continue;
    const key = JSON.stringify(envelope[extra]);
    const entry = weights.get(key) ?? { value: envelope[extra], weight: 0 };
    entry.weight += weight;
    weights.set(key, entry);
  }
  return [...weights.entries()].sort(([ka, a], [kb, b]) => b.weight - a.weight || compareText(ka, kb))[0]?.[1].value;
}

interface ErrorBody {
  schema: Located;
  response: { mediaType: string; headers: Record<string, unknown> };
  /** How many operation responses reach this definition. */
  weight: number;
}

/** The JSON body schemas of every error response of every operation, and of components.responses. */
function errorBodies(spec: LoadedSpec): ErrorBody[] {
  // By response definition (file#pointer); undefined for a definition without a JSON body.
  const bodies = new Map<string, ErrorBody | undefined>();
  const visitResponse = (at: Located) => {
    const response = tryDeref(spec, at);
    if (!response || !isRecord(response.value)) return;
    const key = `${response.file}#${response.pointer}`;
    if (!bodies.has(key)) bodies.set(key, jsonBody(response));
    else if (bodies.get(key)) bodies.get(key)!.weight++;
  };
  forEachOperation(
    spec,
    ({ operation }) => {
      const responses = child(operation, "responses");
      for (const [status] of sortedEntries(isRecord(responses.value) ? responses.value : {})) {
        if (/^[45]/.test(status) || status === "default") visitResponse(child(responses, status));
      }
    },
    { onError: () => {} },
  );
  if (![...bodies.values()].some(Boolean)) {
    // A spec whose operations document no error bodies (or that has none) may still define them.
    const components = child(child({ value: spec.root.data, file: spec.rootPath, pointer: "" }, "components"), "responses");
    for (const [name] of sortedEntries(isRecord(components.value) ? components.value : {})) visitResponse(child(components, name));
  }
  return [...bodies.values()].filter((body): body is ErrorBody => body !== undefined);
}

/** The JSON body of one (dereferenced) response, or undefined when it has none. */
function jsonBody(response: Located): ErrorBody | undefined {
  const content = child(response, "content");
  if (!isRecord(content.value)) return undefined;
  const mediaType = Object.keys(content.value).sort(compareText).find(isJsonMediaType);
  if (!mediaType) return undefined;
  const schema = child(child(content, mediaType), "schema");
  if (schema.value === undefined) return undefined;
  const headers = isRecord(response.value) && isRecord(response.value.headers) ? response.value.headers : {};
  return { schema, response: { mediaType, headers }, weight: 1 };
}

/**
 * The envelope one error schema has, or undefined when it has none of the known shapes:
 * - Problem Details (RFC 9457): `title`/`detail` with `type` or `status`, or any `application/problem+json` body;
 * - `{ error: { code?, message, details? } }`;
 * - `{ errors: [{ code?, message | detail }] }` without a message of its own (Clerk);
 * - `{ code, message }`, the code a string or a number (or a code-like `id`, or OAuth's `{error, error_description}`);
 * - `{ message }`.
 * Each may carry a request id and (but the errors list, whose items are the errors) a field-error list.
 */
export function classifyErrorSchema(spec: LoadedSpec, schema: Located, mediaType = "application/json"): { kind: EnvelopeKind; envelope: ErrorEnvelope } | undefined {
  const properties = propertiesOf(spec, schema);
  const has = (name: string) => properties.has(name);
  const requestId = requestIdProperty(properties);
  const shaped = (kind: EnvelopeKind, code: string | undefined, message: string[], fieldErrors = fieldErrorsIn(spec, properties, "")) => ({
    kind,
    envelope: {
      ...(code !== undefined ? { code } : {}),
      message,
      ...(requestId ? { requestId: `/${requestId}` } : {}),
      ...(fieldErrors ? { fieldErrors } : {}),
    },
  });

  if (mediaType.toLowerCase().startsWith("application/problem+") || ((has("title") || has("detail")) && (has("type") || has("status")))) {
    return shaped("problem-details", has("code") ? "/code" : undefined, ["/detail", "/title"]);
  }
  if (has("error")) {
    const inner = propertiesOf(spec, properties.get("error")!);
    const message = messagePointers(inner, "/error");
    if (message.length > 0) {
      const code = firstOf(inner, NESTED_CODE_PROPERTIES);
      return shaped("nested-error", code && `/error/${code}`, message, fieldErrorsIn(spec, inner, "/error"));
    }
  }
  const message = messagePointers(properties, "");
  // A list whose items carry the message is the error itself only when the body has no message of its
  // own; beside one (GitHub's 422 `{message, errors}`) it lists field errors.
  if (message.length === 0 && has("errors")) {
    const item = propertiesOf(spec, itemsOf(spec, properties.get("errors")!));
    const itemMessage = messagePointers(item, "/errors/0", ITEM_MESSAGE_PROPERTIES);
    if (itemMessage.length > 0) {
      const code = firstOf(item, CODE_PROPERTIES);
      return shaped("errors-list", code && `/errors/0/${code}`, itemMessage, fieldErrorsAt(spec, properties.get("errors")!, "/errors"));
    }
  }
  if (message.length === 0) return undefined;
  const code = codeProperty(spec, properties);
  return code ? shaped("code-message", `/${code}`, message) : shaped("message", undefined, message);
}

/** Pointers to the message properties a schema declares, in preference order. */
function messagePointers(properties: Map<string, Located>, prefix: string, names = MESSAGE_PROPERTIES): string[] {
  return names.filter((name) => properties.has(name)).map((name) => `${prefix}/${name}`);
}

const firstOf = (properties: Map<string, Located>, names: string[]) => names.find((name) => properties.has(name));

/**
 * The top-level code property: a code name; else OAuth's `error` (RFC 6749 pairs it with
 * `error_description`; elsewhere a string `error` is a reason phrase, as Blockfrost's "Not Found");
 * else an identifier-like `id` (DigitalOcean's `{id: "not_found", message}`).
 */
function codeProperty(spec: LoadedSpec, properties: Map<string, Located>): string | undefined {
  const named = firstOf(properties, CODE_PROPERTIES);
  if (named) return named;
  if (properties.has("error") && properties.has("error_description")) return "error";
  if (properties.has("id") && isIdentifierLike(tryDeref(spec, properties.get("id")!)?.value)) return "id";
  return undefined;
}

/**
 * Whether an `id` schema holds a code rather than an instance id: a string without a format (a uuid
 * is an instance), with enum, const or example values that all look like lower-case words. Without
 * any value there is nothing to tell the two apart, and it is not taken as a code.
 */
function isIdentifierLike(schema: unknown): boolean {
  if (!isRecord(schema) || schema.type !== "string" || schema.format !== undefined) return false;
  const samples = [
    ...(Array.isArray(schema.enum) ? schema.enum : []),
    ...("const" in schema ? [schema.const] : []),
    ...(schema.example !== undefined ? [schema.example] : []),
    ...(Array.isArray(schema.examples) ? schema.examples : []),
  ];
  return samples.length > 0 && samples.every((s) => typeof s === "string" && IDENTIFIER_LIKE.test(s));
}

function requestIdProperty(properties: Map<string, Located>): string | undefined {
  return firstOf(properties, REQUEST_ID_PROPERTIES) ?? [...properties.keys()].sort(compareText).find((name) => PREFIXED_REQUEST_ID.test(name));
}

/** The first field-error list (FIELD_ERROR_LISTS) of a body that maps to field errors. */
function fieldErrorsIn(spec: LoadedSpec, properties: Map<string, Located>, prefix: string): ErrorEnvelope["fieldErrors"] {
  for (const name of FIELD_ERROR_LISTS) {
    const list = properties.get(name);
    const mapped = list && fieldErrorsAt(spec, list, `${prefix}/${name}`);
    if (mapped) return mapped;
  }
  return undefined;
}

/** A field-error mapping for the array at `items`, when its item schema says where the field is. */
function fieldErrorsAt(spec: LoadedSpec, array: Located, items: string): ErrorEnvelope["fieldErrors"] {
  const item = propertiesOf(spec, itemsOf(spec, array));
  const location = FIELD_LOCATIONS.find(([path]) => declares(spec, item, path));
  if (!location) return undefined;
  // A field error without a code is common (`{field, message}`): the code is then left out, not guessed.
  const code = firstOf(item, CODE_PROPERTIES);
  const message = firstOf(item, ITEM_MESSAGE_PROPERTIES) ?? "message";
  return { items, location: location[1], ...(code ? { code: `/${code}` } : {}), message: `/${message}` };
}

/** Whether the properties declare the nested property path (`["source", "pointer"]`). */
function declares(spec: LoadedSpec, properties: Map<string, Located>, [head, ...rest]: string[]): boolean {
  const property = properties.get(head!);
  if (!property) return false;
  return rest.length === 0 || declares(spec, propertiesOf(spec, property), rest);
}

/** The `items` schema of an array schema (through a `$ref` to the array). */
const itemsOf = (spec: LoadedSpec, array: Located): Located => child(tryDeref(spec, array) ?? array, "items");

/**
 * The properties a schema declares, through `$ref`s and `allOf` (and `properties: { $ref }`), by name.
 * Bounded by the refs already seen, so recursive schemas end.
 */
export function propertiesOf(spec: LoadedSpec, schema: Located, seen = new Set<string>()): Map<string, Located> {
  const found = new Map<string, Located>();
  const node = tryDeref(spec, schema);
  if (!node || !isRecord(node.value)) return found;
  const key = `${node.file}#${node.pointer}`;
  if (seen.has(key)) return found;
  seen.add(key);
  const properties = tryDeref(spec, child(node, "properties"));
  if (properties && isRecord(properties.value)) for (const name of Object.keys(properties.value)) found.set(name, child(properties, name));
  const allOf = child(node, "allOf");
  if (Array.isArray(allOf.value)) {
    allOf.value.forEach((_, i) => {
      for (const [name, at] of propertiesOf(spec, child(allOf, i), seen)) if (!found.has(name)) found.set(name, at);
    });
  }
  return found;
}

function requestIdHeader(headers: Record<string, unknown>): string | undefined {
  const names = Object.keys(headers).map((h) => h.toLowerCase()).sort(compareText);
  return REQUEST_ID_HEADERS.find((h) => names.includes(h)) ?? names.find((h) => PREFIXED_REQUEST_ID_HEADER.test(h));
}

/** application/json, application/problem+json, any +json type, or the any-type wildcard (JSON included). */
export function isJsonMediaType(mediaType: string): boolean {
  const type = mediaType.split(";")[0]!.trim().toLowerCase();
  return type === "application/json" || type.endsWith("+json") || type === "*/*";
}

/** `deref`, or undefined when the chain is broken (validate.ts reports that; inference just skips it). */
function tryDeref(spec: LoadedSpec, node: Located): Located | undefined {
  try {
    return deref(spec, node);
  } catch {
    return undefined;
  }
}

/**
 * The literal codes a schema pins at `segments` (through `properties`, `items`, `allOf`, `oneOf`/`anyOf`),
 * as strings (a numeric code 10003 is "10003", as the runtime gives it), or undefined when any branch
 * leaves the code open. Cycles end the search (as "open").
 */
export function pinnedCodes(
  spec: LoadedSpec,
  schema: Located,
  segments: string[],
  seen = new Set<string>(),
): string[] | undefined {
  if (schema.value === undefined || schema.value === null || typeof schema.value !== "object") return undefined;
  if (isRef(schema.value)) {
    const key = `${schema.file}#${schema.pointer}`;
    if (seen.has(key)) return undefined;
    return pinnedCodes(spec, deref(spec, schema), segments, new Set(seen).add(key));
  }
  const node = schema.value as Record<string, unknown>;
  if (segments.length === 0) {
    if (isCode(node.const)) return [String(node.const)];
    if (Array.isArray(node.enum) && node.enum.length > 0 && node.enum.every(isCode)) return node.enum.map(String);
    // allOf members may pin it even if this level does not.
  }
  const found: string[][] = [];
  if (Array.isArray(node.allOf)) {
    node.allOf.forEach((_, i) => {
      const codes = pinnedCodes(spec, child(child(schema, "allOf"), i), segments, seen);
      if (codes) found.push(codes);
    });
  }
  if (segments.length > 0) {
    const [head, ...rest] = segments;
    const property =
      /^\d+$/.test(head!) && node.items !== undefined
        ? child(schema, "items")
        : child(derefQuietly(spec, child(schema, "properties")), head!);
    if (property.value !== undefined) {
      const codes = pinnedCodes(spec, property, rest, seen);
      if (codes) found.push(codes);
    }
  }
  for (const keyword of ["oneOf", "anyOf"] as const) {
    const branches = node[keyword];
    if (!Array.isArray(branches) || branches.length === 0) continue;
    const union: string[] = [];
    for (let i = 0; i < branches.length; i++) {
      const codes = pinnedCodes(spec, child(child(schema, keyword), i), segments, seen);
      if (!codes) return found.length > 0 ? intersectAll(found) : undefined;
      for (const c of codes) if (!union.includes(c)) union.push(c);
    }
    found.push(union);
  }
  return found.length > 0 ? intersectAll(found) : undefined;
}

/**
 * Whether the schema declares anything at `segments` (a property, through the same keywords as
 * pinnedCodes): a body with an open code has one there; a body without has none.
 */
export function declaresPath(spec: LoadedSpec, schema: Located, segments: string[], seen = new Set<string>()): boolean {
  if (!isRecord(schema.value)) return false;
  if (isRef(schema.value)) {
    const key = `${schema.file}#${schema.pointer}`;
    return !seen.has(key) && declaresPath(spec, derefQuietly(spec, schema), segments, new Set(seen).add(key));
  }
  if (segments.length === 0) return true;
  const node = schema.value;
  const [head, ...rest] = segments;
  const next =
    /^\d+$/.test(head!) && node.items !== undefined
      ? child(schema, "items")
      : child(derefQuietly(spec, child(schema, "properties")), head!);
  if (next.value !== undefined && declaresPath(spec, next, rest, seen)) return true;
  return (["allOf", "oneOf", "anyOf"] as const).some(
    (keyword) =>
      Array.isArray(node[keyword]) &&
      node[keyword].some((_, i) => declaresPath(spec, child(child(schema, keyword), i), segments, seen)),
  );
}

function isCode(value: unknown): value is string | number {
  return typeof value === "string" || (typeof value === "number" && Number.isFinite(value));
}

/** `deref`, or the node with no value when its chain is broken (validate.ts has reported that). */
export function derefQuietly(spec: LoadedSpec, node: Located): Located {
  try {
    return deref(spec, node);
  } catch {
    return { ...node, value: undefined };
  }
}

function intersectAll(sets: string[][]): string[] | undefined {
  const [first, ...rest] = sets;
  const result = first!.filter((c) => rest.every((set) => set.includes(c)));
  return result.length > 0 ? result : undefined;
}
