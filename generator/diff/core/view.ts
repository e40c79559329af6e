/**
 * A schema as the diff sees it: `$ref`s followed, `allOf` flattened, the 3.0 and 3.1 spellings of
 * nullability and implicit types normalised, so that style changes compare equal.
 */
import type { LoadedSpec } from "../load.ts";
import { child, deref, isRef, type Located } from "../refs.ts";

export interface View {
  /** The deref'd node the view was built from: findings about the schema itself point here. */
  node: Located;
  /** Allowed types, `null` excluded; `undefined` means any type. `integer` is a subtype of `number`. */
  types?: ReadonlySet<string>;
  nullable: boolean;
  format?: string;
  /** Allowed values, `null` excluded (it sets `nullable`); `const` is a one-value enum. */
  enum?: readonly unknown[];
  maximum?: number;
  minimum?: number;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  properties: ReadonlyMap<string, Located>;
  required: ReadonlySet<string>;
  items?: Located;
  additionalProperties?: Located;
  oneOf: readonly Located[];
  anyOf: readonly Located[];
  readOnly: boolean;
  writeOnly: boolean;
  deprecated: boolean;
}

type Record_ = Record<string, unknown>;

function isObject(value: unknown): value is Record_ {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isNullSchema(spec: LoadedSpec, node: Located): boolean {
  const value = deref(spec, node).value;
  if (!isObject(value)) return false;
  if (value.type === "null") return true;
  return Array.isArray(value.enum) && value.enum.length === 1 && value.enum[0] === null;
}

function number(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** Build the view of a schema node (a `$ref` or an inline schema). */
export function viewOf(spec: LoadedSpec, schema: Located, seen: ReadonlySet<string> = new Set()): View {
  const node = deref(spec, schema);
  const key = `${node.file}#${node.pointer}`;
  const value = isObject(node.value) ? node.value : {};
  const empty: View = {
    node,
    nullable: false,
    properties: new Map(),
    required: new Set(),
    oneOf: [],
    anyOf: [],
    readOnly: false,
    writeOnly: false,
    deprecated: false,
  };
  if (seen.has(key)) return empty;
  const inner = new Set(seen).add(key);

  let types: Set<string> | undefined;
  let nullable = value.nullable === true;
  const rawTypes = Array.isArray(value.type) ? value.type : typeof value.type === "string" ? [value.type] : undefined;
  if (rawTypes) {
    types = new Set(rawTypes.filter((t): t is string => typeof t === "string" && t !== "null"));
    if (rawTypes.includes("null")) nullable = true;
  }
  let enumValues: unknown[] | undefined;
  if (Object.hasOwn(value, "const")) enumValues = [value.const];
  else if (Array.isArray(value.enum)) enumValues = value.enum;
  if (enumValues?.includes(null)) {
    nullable = true;
    enumValues = enumValues.filter((v) => v !== null);
  }

  const properties = new Map<string, Located>();
  if (isObject(value.properties)) {
    const props = child(node, "properties");
    for (const name of Object.keys(value.properties)) properties.set(name, child(props, name));
  }
  const required = new Set<string>(Array.isArray(value.required) ? value.required.filter((r): r is string => typeof r === "string") : []);

  let view: View = {
    node,
    types,
    nullable,
    format: typeof value.format === "string" ? value.format : undefined,
    enum: enumValues,
    maximum: number(value.maximum),
    minimum: number(value.minimum),
    maxLength: number(value.maxLength),
    minLength: number(value.minLength),
    pattern: typeof value.pattern === "string" ? value.pattern : undefined,
    properties,
    required,
    items: value.items !== undefined && !Array.isArray(value.items) ? child(node, "items") : undefined,
    additionalProperties: isObject(value.additionalProperties) ? child(node, "additionalProperties") : undefined,
    oneOf: [],
    anyOf: [],
    readOnly: value.readOnly === true,
    writeOnly: value.writeOnly === true,
    deprecated: value.deprecated === true,
  };

  if (Array.isArray(value.allOf)) {
    const list = child(node, "allOf");
    for (let i = 0; i < value.allOf.length; i++) view = merge(view, viewOf(spec, child(list, i), inner));
  }
  for (const keyword of ["oneOf", "anyOf"] as const) {
    const members = value[keyword];
    if (!Array.isArray(members)) continue;
    const list = child(node, keyword);
    const located = members.map((_, i) => child(list, i));
    const nonNull = located.filter((m) => !isNullSchema(spec, m));
    if (nonNull.length < located.length) view = { ...view, nullable: true };
    const bare = view.types === undefined && view.properties.size === 0 && view.items === undefined && view.enum === undefined;
    if (nonNull.length === 1 && bare) {
      // `anyOf: [X, {type: "null"}]` is X made nullable: the same contract as `X` plus `nullable: true`.
      const only = viewOf(spec, nonNull[0]!, inner);
      view = { ...merge(view, only), nullable: true };
    } else {
      view = { ...view, [keyword]: nonNull };
    }
  }

  if (view.types === undefined) {
    if (view.properties.size > 0 || view.additionalProperties !== undefined) view = { ...view, types: new Set(["object"]) };
    else if (view.items !== undefined) view = { ...view, types: new Set(["array"]) };
  }
  return view;
}

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
    maximum: into.maximum ?? member.maximum,
    minimum: into.minimum ?? member.minimum,
    maxLength: into.maxLength ?? member.maxLength,
    minLength: into.minLength ?? member.minLength,
    pattern: into.pattern ?? member.pattern,
    properties,
    required: new Set([...into.required, ...member.required]),
    items: into.items ?? member.items,
    additionalProperties: into.additionalProperties ?? member.additionalProperties,
    oneOf: into.oneOf.length > 0 ? into.oneOf : member.oneOf,
    anyOf: into.anyOf.length > 0 ? into.anyOf : member.anyOf,
    readOnly: into.readOnly || member.readOnly,
    writeOnly: into.writeOnly || member.writeOnly,
    deprecated: into.deprecated || member.deprecated,
  };
}

/** Stable text of a JSON value with sorted keys, for comparing enum values. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

export { isRef };
