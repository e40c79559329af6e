/**
 * A schema as the diff sees it: `$ref`s followed, `allOf` flattened, the 3.0 and 3.1 spellings of
 * nullability, exclusive bounds and implicit types normalised, so that style changes compare equal.
 * `pattern: ''` is no pattern (it matches everything).
 */
import type { LoadedSpec } from "../../spec/load.ts";
import { child, isRef, type Located } from "../../spec/refs.ts";
import { isRecord } from "../../spec/walk.ts";
import { deref } from "./deref.ts";

/** Numeric keywords compared by value: bounds on numbers, strings, arrays and `contains`. */
export const BOUND_KEYWORDS = [
  "maximum",
  "minimum",
  "exclusiveMaximum",
  "exclusiveMinimum",
  "maxLength",
  "minLength",
  "maxItems",
  "minItems",
  "maxContains",
  "minContains",
] as const;
export type BoundKeyword = (typeof BOUND_KEYWORDS)[number];

/** Sub-schema keywords of JSON Schema 2020-12 whose presence is compared (added or removed). */
export const SUBSCHEMA_KEYWORDS = ["if", "then", "else", "contains", "propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentSchema"] as const;
export type SubschemaKeyword = (typeof SUBSCHEMA_KEYWORDS)[number];

export interface Discriminator {
  propertyName?: string;
  mapping: ReadonlyMap<string, string>;
}

export interface View {
  /** The deref'd node the view was built from: findings about the schema itself point here. */
  node: Located;
  /** Allowed types, `null` excluded; `undefined` means any type. `integer` is a subtype of `number`. */
  types?: ReadonlySet<string>;
  nullable: boolean;
  format?: string;
  /** Allowed values, `null` excluded (it sets `nullable`). */
  enum?: readonly unknown[];
  /** `const`, when present (`hasConst` tells a `const: null` from none). */
  hasConst: boolean;
  const?: unknown;
  hasDefault: boolean;
  default?: unknown;
  extensibleEnum?: readonly unknown[];
  bounds: Readonly<Partial<Record<BoundKeyword, number>>>;
  pattern?: string;
  properties: ReadonlyMap<string, Located>;
  required: ReadonlySet<string>;
  items?: Located;
  additionalProperties?: Located;
  oneOf: readonly Located[];
  anyOf: readonly Located[];
  /** The `allOf` members as written (the view itself is already merged with them). */
  allOf: readonly Located[];
  discriminator?: Discriminator;
  subschemas: Readonly<Partial<Record<SubschemaKeyword, Located>>>;
  not?: Located;
  prefixItems: readonly Located[];
  patternProperties: ReadonlyMap<string, Located>;
  dependentRequired: ReadonlyMap<string, readonly string[]>;
  dependentSchemas: ReadonlyMap<string, Located>;
  contentMediaType?: string;
  contentEncoding?: string;
  readOnly: boolean;
  writeOnly: boolean;
  deprecated: boolean;
  /** `x-stability-level` (draft, alpha, beta, stable). */
  stability?: string;
  /** `x-sunset`, as written. */
  sunset?: string;
}

type Json = Record<string, unknown>;

/** A `null` alternative of `anyOf`/`oneOf`: `{type: "null"}` or `{enum: [null]}`. */
export function isNullSchema(spec: LoadedSpec, node: Located): boolean {
  const value = deref(spec, node).value;
  if (!isRecord(value)) return false;
  if (value.type === "null") return true;
  return Array.isArray(value.enum) && value.enum.length === 1 && value.enum[0] === null;
}

function number(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** 3.1 numeric `exclusiveMaximum: 5`; 3.0 `maximum: 5, exclusiveMaximum: true` is the same bound. */
function bounds(value: Json): Partial<Record<BoundKeyword, number>> {
  const out: Partial<Record<BoundKeyword, number>> = {};
  for (const keyword of BOUND_KEYWORDS) {
    const n = number(value[keyword]);
    if (n !== undefined) out[keyword] = n;
  }
  for (const [exclusive, inclusive] of [
    ["exclusiveMaximum", "maximum"],
    ["exclusiveMinimum", "minimum"],
  ] as const) {
    if (value[exclusive] === true && out[inclusive] !== undefined) {
      out[exclusive] = out[inclusive];
      delete out[inclusive];
    }
  }
  return out;
}

function located(node: Located, keyword: string, value: unknown): Located[] {
  if (!Array.isArray(value)) return [];
  const list = child(node, keyword);
  return value.map((_, i) => child(list, i));
}

function keyed(node: Located, keyword: string, value: unknown): Map<string, Located> {
  const out = new Map<string, Located>();
  if (!isRecord(value)) return out;
  const parent = child(node, keyword);
  for (const key of Object.keys(value)) out.set(key, child(parent, key));
  return out;
}

function discriminatorOf(value: unknown): Discriminator | undefined {
  if (!isRecord(value)) return undefined;
  const mapping = new Map<string, string>();
  if (isRecord(value.mapping)) for (const [k, v] of Object.entries(value.mapping)) if (typeof v === "string") mapping.set(k, v);
  return { propertyName: text(value.propertyName), mapping };
}

function emptyView(node: Located): View {
  return {
    node,
    nullable: false,
    hasConst: false,
    hasDefault: false,
    bounds: {},
    properties: new Map(),
    required: new Set(),
    oneOf: [],
    anyOf: [],
    allOf: [],
    subschemas: {},
    prefixItems: [],
    patternProperties: new Map(),
    dependentRequired: new Map(),
    dependentSchemas: new Map(),
    readOnly: false,
    writeOnly: false,
    deprecated: false,
  };
}

/** The keywords of one schema object, `allOf` and `oneOf`/`anyOf` not yet applied. */
function ownView(node: Located, value: Json): View {
  let types: Set<string> | undefined;
  let nullable = value.nullable === true;
  const rawTypes = Array.isArray(value.type) ? value.type : typeof value.type === "string" ? [value.type] : undefined;
  if (rawTypes) {
    types = new Set(rawTypes.filter((t): t is string => typeof t === "string" && t !== "null"));
    if (rawTypes.includes("null")) nullable = true;
  }
  let enumValues: unknown[] | undefined = Array.isArray(value.enum) ? value.enum : undefined;
  if (enumValues?.includes(null)) {
    nullable = true;
    enumValues = enumValues.filter((v) => v !== null);
  }
  const subschemas: Partial<Record<SubschemaKeyword, Located>> = {};
  for (const keyword of SUBSCHEMA_KEYWORDS) {
    const v = value[keyword];
    if (isRecord(v) || typeof v === "boolean") subschemas[keyword] = child(node, keyword);
  }
  const dependentRequired = new Map<string, string[]>();
  if (isRecord(value.dependentRequired)) {
    for (const [k, v] of Object.entries(value.dependentRequired)) if (Array.isArray(v)) dependentRequired.set(k, v.filter((x): x is string => typeof x === "string"));
  }
  const pattern = text(value.pattern);
  // Every field written out: spreading a base object here made each view ten times slower to build.
  return {
    node,
    types,
    nullable,
    format: text(value.format),
    enum: enumValues,
    hasConst: Object.hasOwn(value, "const"),
    const: value.const,
    hasDefault: Object.hasOwn(value, "default"),
    default: value.default,
    extensibleEnum: Array.isArray(value["x-extensible-enum"]) ? value["x-extensible-enum"] : undefined,
    bounds: bounds(value),
    pattern: pattern === "" ? undefined : pattern,
    properties: keyed(node, "properties", value.properties),
    required: new Set(Array.isArray(value.required) ? value.required.filter((r): r is string => typeof r === "string") : []),
    items: isRecord(value.items) ? child(node, "items") : undefined,
    additionalProperties: isRecord(value.additionalProperties) ? child(node, "additionalProperties") : undefined,
    allOf: located(node, "allOf", value.allOf),
    discriminator: discriminatorOf(value.discriminator),
    subschemas,
    not: isRecord(value.not) ? child(node, "not") : undefined,
    prefixItems: located(node, "prefixItems", value.prefixItems),
    patternProperties: keyed(node, "patternProperties", value.patternProperties),
    dependentRequired,
    dependentSchemas: keyed(node, "dependentSchemas", value.dependentSchemas),
    oneOf: [],
    anyOf: [],
    contentMediaType: text(value.contentMediaType),
    contentEncoding: text(value.contentEncoding),
    readOnly: value.readOnly === true,
    writeOnly: value.writeOnly === true,
    deprecated: value.deprecated === true,
    stability: text(value["x-stability-level"]),
    sunset: text(value["x-sunset"]),
  };
}

const VIEWS = new WeakMap<LoadedSpec, Map<string, View>>();
const NOTHING_SEEN: ReadonlySet<string> = new Set();

/**
 * Build the view of a schema node (a `$ref` or an inline schema). Views are cached per spec (specs are
 * never modified), so each schema is viewed once however many operations reach it; `seen` only cuts an
 * `allOf` cycle, whose truncated view is not cached.
 */
export function viewOf(spec: LoadedSpec, schema: Located, seen: ReadonlySet<string> = NOTHING_SEEN): View {
  const node = deref(spec, schema);
  const key = `${node.file}#${node.pointer}`;
  if (seen.has(key)) return emptyView(node);
  let cache = VIEWS.get(spec);
  if (!cache) VIEWS.set(spec, (cache = new Map()));
  const hit = cache.get(key);
  if (hit) return hit;
  const view = buildView(spec, node, key, seen);
  cache.set(key, view);
  return view;
}

function buildView(spec: LoadedSpec, node: Located, key: string, seen: ReadonlySet<string>): View {
  if (!isRecord(node.value)) return emptyView(node);
  const inner = new Set(seen).add(key);
  const value = node.value;
  let view: Mutable<View> = ownView(node, value);
  for (const member of view.allOf) view = merge(view, viewOf(spec, member, inner));

  // The view was built here and is not shared yet: set fields in place (a copy per keyword was the cost).
  for (const keyword of ["oneOf", "anyOf"] as const) {
    const members = located(node, keyword, value[keyword]);
    if (members.length === 0) continue;
    const nonNull = members.filter((m) => !isNullSchema(spec, m));
    if (nonNull.length < members.length) view.nullable = true;
    const bare = view.types === undefined && view.properties.size === 0 && view.items === undefined && view.enum === undefined;
    if (nonNull.length === 1 && bare) {
      // `anyOf: [X, {type: "null"}]` is X made nullable: the same contract as `X` plus `nullable: true`.
      view = merge(view, viewOf(spec, nonNull[0]!, inner));
      view.nullable = true;
    } else {
      view[keyword] = nonNull;
    }
  }

  if (view.types === undefined) {
    if (view.properties.size > 0 || view.additionalProperties !== undefined) view.types = new Set(["object"]);
    else if (view.items !== undefined) view.types = new Set(["array"]);
  }
  return view;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** `allOf` member into the view: the view's own keywords win, properties and required add up. */
function merge(into: View, member: View): View {
  const properties = new Map(into.properties);
  for (const [name, node] of member.properties) if (!properties.has(name)) properties.set(name, node);
  return {
    node: into.node,
    types: into.types ?? member.types,
    nullable: into.nullable || (member.nullable && into.types === undefined),
    format: into.format ?? member.format,
    enum: into.enum ?? member.enum,
    hasConst: into.hasConst || member.hasConst,
    const: into.hasConst ? into.const : member.const,
    hasDefault: into.hasDefault || member.hasDefault,
    default: into.hasDefault ? into.default : member.default,
    extensibleEnum: into.extensibleEnum ?? member.extensibleEnum,
    bounds: { ...member.bounds, ...into.bounds },
    pattern: into.pattern ?? member.pattern,
    properties,
    required: new Set([...into.required, ...member.required]),
    items: into.items ?? member.items,
    additionalProperties: into.additionalProperties ?? member.additionalProperties,
    oneOf: into.oneOf.length > 0 ? into.oneOf : member.oneOf,
    anyOf: into.anyOf.length > 0 ? into.anyOf : member.anyOf,
    allOf: into.allOf,
    discriminator: into.discriminator ?? member.discriminator,
    subschemas: { ...member.subschemas, ...into.subschemas },
    not: into.not ?? member.not,
    prefixItems: into.prefixItems.length > 0 ? into.prefixItems : member.prefixItems,
    patternProperties: new Map([...member.patternProperties, ...into.patternProperties]),
    dependentRequired: new Map([...member.dependentRequired, ...into.dependentRequired]),
    dependentSchemas: new Map([...member.dependentSchemas, ...into.dependentSchemas]),
    contentMediaType: into.contentMediaType ?? member.contentMediaType,
    contentEncoding: into.contentEncoding ?? member.contentEncoding,
    readOnly: into.readOnly || member.readOnly,
    writeOnly: into.writeOnly || member.writeOnly,
    deprecated: into.deprecated || member.deprecated,
    stability: into.stability ?? member.stability,
    sunset: into.sunset ?? member.sunset,
  };
}

/** Stable text of a JSON value with sorted keys, for comparing enum values. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

export { isRef };
