/**
 * The own changes of one schema: its keywords compared, its children not. Each change is a kind
 * (core vocabulary) with display arguments; the checks turn it into a rule id once the subject is known.
 * A change's meaning depends on the direction (widening a request is safe, widening a response is not),
 * so the checks read "generalized" and "specialized" by direction (a request has few specialized ids:
 * narrowing what it accepts is a plain type change there).
 */
import type { Args, Direction } from "./types.ts";
import type { BoundAction, BoundName, OwnKind } from "./kinds.ts";
import { BOUND_KEYWORDS, canonical, type BoundKeyword, type View } from "./view.ts";

export interface OwnChange {
  kind: OwnKind;
  args: Args;
}

const BOUND_NAMES: Record<BoundKeyword, BoundName> = {
  maximum: "max",
  minimum: "min",
  exclusiveMaximum: "exclusive-max",
  exclusiveMinimum: "exclusive-min",
  maxLength: "max-length",
  minLength: "min-length",
  maxItems: "max-items",
  minItems: "min-items",
  maxContains: "max-contains",
  minContains: "min-contains",
};

export function typeText(types: ReadonlySet<string> | undefined, format?: string): string {
  const list = types === undefined ? "any" : types.size === 0 ? "never" : [...types].sort().join("|");
  return format ? `${list} (${format})` : list;
}

/** Every value of `a` is allowed by `b` (undefined = any type; integer is a number). */
function typesWithin(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): boolean {
  if (b === undefined) return true;
  if (a === undefined) return false;
  for (const t of a) if (!b.has(t) && !(t === "integer" && b.has("number"))) return false;
  return true;
}

/** Formats whose values are all valid values of a wider one. */
const WIDER_FORMAT: Record<string, readonly string[]> = { int32: ["int64", "bigint"], int64: ["bigint"], float: ["double"], date: ["date-time"], time: ["date-time"] };

/** `from` accepts no value `to` rejects: dropping the format, or widening it (int32 -> int64). */
function formatWithin(from: string | undefined, to: string | undefined): boolean {
  if (to === undefined || from === to) return true;
  return from !== undefined && (WIDER_FORMAT[from] ?? []).includes(to);
}

function typeChange(base: View, head: View, direction: Direction): OwnChange | undefined {
  const args = { from: typeText(base.types, base.format), to: typeText(head.types, head.format) };
  const widened = typesWithin(base.types, head.types) && formatWithin(base.format, head.format);
  const narrowed = typesWithin(head.types, base.types) && formatWithin(head.format, base.format);
  if (widened && narrowed) return undefined;
  if (widened) return { kind: "type-generalized", args };
  if (narrowed) return { kind: "type-specialized", args };
  return { kind: "type-changed", args };
}

/** The inclusive bound of each exclusive one. */
const INCLUSIVE: Partial<Record<BoundKeyword, BoundKeyword>> = { exclusiveMaximum: "maximum", exclusiveMinimum: "minimum" };

/**
 * A bound that only became exclusive (or inclusive) at the same value, as 3.0's `exclusiveMinimum: true`
 * beside an unchanged `minimum` writes it: one change of the exclusive keyword, not also the inclusive one.
 */
function movedInclusive(base: View, head: View): Set<BoundKeyword> {
  const moved = new Set<BoundKeyword>();
  for (const [exclusive, inclusive] of Object.entries(INCLUSIVE) as [BoundKeyword, BoundKeyword][]) {
    const b = base.bounds;
    const h = head.bounds;
    if (b[inclusive] !== undefined && h[inclusive] === undefined && b[exclusive] === undefined && h[exclusive] === b[inclusive]) moved.add(inclusive);
    if (b[exclusive] !== undefined && h[exclusive] === undefined && b[inclusive] === undefined && h[inclusive] === b[exclusive]) moved.add(inclusive);
  }
  return moved;
}

function boundChanges(base: View, head: View): OwnChange[] {
  const out: OwnChange[] = [];
  const moved = movedInclusive(base, head);
  for (const keyword of BOUND_KEYWORDS) {
    const was = base.bounds[keyword];
    const now = head.bounds[keyword];
    if (was === now || moved.has(keyword)) continue;
    const action: BoundAction = was === undefined ? "set" : now === undefined ? "unset" : now > was ? "increased" : "decreased";
    out.push({ kind: `${BOUND_NAMES[keyword]}-${action}`, args: { keyword, from: String(was ?? ""), to: String(now ?? "") } });
  }
  return out;
}

function patternChange(base: View, head: View): OwnChange | undefined {
  if (base.pattern === head.pattern) return undefined;
  const args = { from: `\`${base.pattern ?? ""}\``, to: `\`${head.pattern ?? ""}\`` };
  if (base.pattern === undefined) return { kind: "pattern-added", args };
  if (head.pattern === undefined) return { kind: "pattern-removed", args };
  return { kind: head.pattern === ".*" ? "pattern-generalized" : "pattern-changed", args };
}

export function valueList(values: readonly unknown[]): string {
  return values.map((v) => `\`${typeof v === "string" ? v : canonical(v)}\``).join(", ");
}

function setDelta(base: readonly unknown[], head: readonly unknown[]): { added: unknown[]; removed: unknown[] } {
  const was = new Set(base.map(canonical));
  const now = new Set(head.map(canonical));
  return { added: head.filter((v) => !was.has(canonical(v))), removed: base.filter((v) => !now.has(canonical(v))) };
}

export function enumChanges(base: View, head: View): OwnChange[] {
  if (base.enum === undefined && head.enum === undefined) return [];
  if (base.enum === undefined) return [{ kind: "became-enum", args: { values: valueList(head.enum!) } }];
  if (head.enum === undefined) return [{ kind: "enum-removed", args: { values: valueList(base.enum) } }];
  const { added, removed } = setDelta(base.enum, head.enum);
  const changes: OwnChange[] = [];
  if (added.length > 0) changes.push({ kind: "enum-value-added", args: { values: valueList(added) } });
  if (removed.length > 0) changes.push({ kind: "enum-value-removed", args: { values: valueList(removed) } });
  return changes;
}

/** Added, removed or changed: `const`, `default`, and any other single value. */
function valueChange(name: "const" | "default-value", was: { has: boolean; value: unknown }, now: { has: boolean; value: unknown }): OwnChange | undefined {
  const args = { from: was.has ? valueList([was.value]) : "", to: now.has ? valueList([now.value]) : "" };
  if (!was.has && !now.has) return undefined;
  if (!was.has) return { kind: `${name}-added`, args };
  if (!now.has) return { kind: `${name}-removed`, args };
  return canonical(was.value) === canonical(now.value) ? undefined : { kind: `${name}-changed`, args };
}

function discriminatorChanges(base: View, head: View): OwnChange[] {
  const b = base.discriminator;
  const h = head.discriminator;
  if (!b && !h) return [];
  if (!b) return [{ kind: "discriminator-added", args: { to: `\`${h!.propertyName ?? ""}\`` } }];
  if (!h) return [{ kind: "discriminator-removed", args: { from: `\`${b.propertyName ?? ""}\`` } }];
  const out: OwnChange[] = [];
  if (b.propertyName !== h.propertyName) out.push({ kind: "discriminator-property-name-changed", args: { from: `\`${b.propertyName ?? ""}\``, to: `\`${h.propertyName ?? ""}\`` } });
  const added = [...h.mapping.keys()].filter((k) => !b.mapping.has(k));
  const deleted = [...b.mapping.keys()].filter((k) => !h.mapping.has(k));
  const changed = [...h.mapping.keys()].filter((k) => b.mapping.has(k) && b.mapping.get(k) !== h.mapping.get(k));
  if (added.length > 0) out.push({ kind: "discriminator-mapping-added", args: { values: valueList(added) } });
  if (deleted.length > 0) out.push({ kind: "discriminator-mapping-deleted", args: { values: valueList(deleted) } });
  if (changed.length > 0) out.push({ kind: "discriminator-mapping-changed", args: { values: valueList(changed) } });
  return out;
}

const SUBSCHEMA_KINDS = {
  if: "if",
  then: "then",
  else: "else",
  contains: "contains",
  propertyNames: "property-names",
  unevaluatedItems: "unevaluated-items",
  unevaluatedProperties: "unevaluated-properties",
  contentSchema: "content-schema",
} as const;

/** JSON Schema 2020-12 keywords: a sub-schema or a keyed constraint that appears or goes. */
function keywordPresence(base: View, head: View): OwnChange[] {
  const out: OwnChange[] = [];
  for (const [keyword, name] of Object.entries(SUBSCHEMA_KINDS) as [keyof typeof SUBSCHEMA_KINDS, (typeof SUBSCHEMA_KINDS)[keyof typeof SUBSCHEMA_KINDS]][]) {
    const was = base.subschemas[keyword] !== undefined;
    const now = head.subschemas[keyword] !== undefined;
    if (was !== now) out.push({ kind: now ? `${name}-added` : `${name}-removed`, args: { keyword } });
  }
  if (head.prefixItems.length > base.prefixItems.length) out.push({ kind: "prefix-items-added", args: { count: String(head.prefixItems.length - base.prefixItems.length) } });
  if (head.prefixItems.length < base.prefixItems.length) out.push({ kind: "prefix-items-removed", args: { count: String(base.prefixItems.length - head.prefixItems.length) } });
  const keys = (name: "pattern-property" | "dependent-schema" | "dependent-required", b: ReadonlyMap<string, unknown>, h: ReadonlyMap<string, unknown>) => {
    const added = [...h.keys()].filter((k) => !b.has(k));
    const removed = [...b.keys()].filter((k) => !h.has(k));
    if (added.length > 0) out.push({ kind: `${name}-added`, args: { values: valueList(added) } });
    if (removed.length > 0) out.push({ kind: `${name}-removed`, args: { values: valueList(removed) } });
  };
  keys("pattern-property", base.patternProperties, head.patternProperties);
  keys("dependent-schema", base.dependentSchemas, head.dependentSchemas);
  keys("dependent-required", base.dependentRequired, head.dependentRequired);
  const changed = [...head.dependentRequired.keys()].filter((k) => base.dependentRequired.has(k) && canonical(base.dependentRequired.get(k)) !== canonical(head.dependentRequired.get(k)));
  if (changed.length > 0) out.push({ kind: "dependent-required-changed", args: { values: valueList(changed) } });
  if (base.contentMediaType !== head.contentMediaType) out.push({ kind: "content-media-type-changed", args: { from: base.contentMediaType ?? "none", to: head.contentMediaType ?? "none" } });
  if (base.contentEncoding !== head.contentEncoding) out.push({ kind: "content-encoding-changed", args: { from: base.contentEncoding ?? "none", to: head.contentEncoding ?? "none" } });
  return out;
}

const STABILITY = ["draft", "alpha", "beta", "stable"];

/** Lifecycle of a schema: deprecated, reactivated, stability level. */
function lifecycle(base: View, head: View): OwnChange[] {
  const out: OwnChange[] = [];
  if (!base.deprecated && head.deprecated) out.push({ kind: "deprecated", args: { to: head.sunset ?? "" } });
  if (base.deprecated && !head.deprecated) out.push({ kind: "reactivated", args: {} });
  // No level is stable (oasdiff's reading); an unknown level is not compared.
  const was = STABILITY.indexOf(base.stability ?? "stable");
  const now = STABILITY.indexOf(head.stability ?? "stable");
  if (was !== -1 && now !== -1 && was !== now) out.push({ kind: now < was ? "stability-decreased" : "stability-increased", args: { from: base.stability!, to: head.stability! } });
  return out;
}

/** Every own change between two views of the same schema, in a fixed order. */
export function ownChanges(base: View, head: View, direction: Direction): OwnChange[] {
  const changes: OwnChange[] = [];
  const type = typeChange(base, head, direction);
  if (type) changes.push(type);
  if (base.nullable !== head.nullable) changes.push({ kind: head.nullable ? "became-nullable" : "became-not-nullable", args: {} });
  changes.push(...boundChanges(base, head));
  const pattern = patternChange(base, head);
  if (pattern) changes.push(pattern);
  changes.push(...enumChanges(base, head));
  if (base.extensibleEnum && head.extensibleEnum) {
    const { removed } = setDelta(base.extensibleEnum, head.extensibleEnum);
    if (removed.length > 0) changes.push({ kind: "x-extensible-enum-value-removed", args: { values: valueList(removed) } });
  }
  for (const change of [
    valueChange("const", { has: base.hasConst, value: base.const }, { has: head.hasConst, value: head.const }),
    valueChange("default-value", { has: base.hasDefault, value: base.default }, { has: head.hasDefault, value: head.default }),
  ]) {
    if (change) changes.push(change);
  }
  changes.push(...discriminatorChanges(base, head), ...keywordPresence(base, head), ...lifecycle(base, head));
  return changes;
}
