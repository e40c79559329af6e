/**
 * Schema checks: type, nullability, numeric and length bounds, pattern and composition, for every
 * place a schema appears (parameter, body, property, header), plus the property checks of objects.
 * The same change has opposite meanings in a request and in a response, so levels depend on direction.
 * @see https://spec.openapis.org/oas/v3.1.0#schema-object
 */
import type { Args, Direction, Level, Rule } from "../types.ts";
import type { View } from "../view.ts";

/** Where a schema sits; it names the rule (`request-parameter-type-changed`). */
export type Subject = "request-parameter" | "request-body" | "request-property" | "response-body" | "response-property" | "response-header";

export const SUBJECTS: Record<Subject, { direction: Direction; noun: string; composition: boolean }> = {
  "request-parameter": { direction: "request", noun: "request parameter", composition: false },
  "request-body": { direction: "request", noun: "request body", composition: true },
  "request-property": { direction: "request", noun: "request property", composition: true },
  "response-body": { direction: "response", noun: "response body", composition: true },
  "response-property": { direction: "response", noun: "response property", composition: true },
  "response-header": { direction: "response", noun: "response header", composition: false },
};

/** A change to a schema's own keywords, before it is given a subject (and so a rule id). */
export interface SchemaChange {
  kind: string;
  args: Args;
}

/** `request parameter "q"` or `request body`, with the context (`response 200, application/json`) after. */
export function subjectText(subject: Subject, a: Args): string {
  return `${SUBJECTS[subject].noun}${a.name ? ` \`${a.name}\`` : ""}`;
}

export function context(a: Args): string {
  return a.context ? ` (${a.context})` : "";
}

const BOUNDS = [
  { kind: "max", keyword: "maximum", upper: true },
  { kind: "min", keyword: "minimum", upper: false },
  { kind: "max-length", keyword: "maxLength", upper: true },
  { kind: "min-length", keyword: "minLength", upper: false },
] as const;

type BoundAction = "increased" | "decreased" | "set" | "unset";

/** Tightening a bound rejects requests that passed and is safe for responses; loosening is the reverse. */
function boundLevel(direction: Direction, upper: boolean, action: BoundAction): Level {
  const tightens = action === "set" || (upper ? action === "decreased" : action === "increased");
  if (direction === "request") return tightens ? (action === "set" ? "WARN" : "ERR") : "INFO";
  return tightens ? "INFO" : "ERR";
}

interface KindSpec {
  kind: string;
  level: (direction: Direction) => Level;
  /** Only where `oneOf`/`anyOf` are compared (bodies and properties). */
  composition?: boolean;
  text: (subject: string, a: Args) => string;
}

const KINDS: KindSpec[] = [
  { kind: "type-changed", level: () => "ERR", text: (s, a) => `the type of the ${s} changed from ${a.from} to ${a.to}` },
  {
    kind: "type-generalized",
    level: (d) => (d === "request" ? "INFO" : "ERR"),
    text: (s, a) => `the type of the ${s} was generalized from ${a.from} to ${a.to}`,
  },
  { kind: "became-nullable", level: (d) => (d === "request" ? "INFO" : "ERR"), text: (s) => `the ${s} became nullable` },
  { kind: "became-not-nullable", level: (d) => (d === "request" ? "ERR" : "INFO"), text: (s) => `the ${s} is no longer nullable` },
  ...BOUNDS.flatMap((b) =>
    (["increased", "decreased", "set", "unset"] as const).map(
      (action): KindSpec => ({
        kind: `${b.kind}-${action}`,
        level: (d) => boundLevel(d, b.upper, action),
        text: (s, a) =>
          action === "set"
            ? `${b.keyword} of the ${s} was set to ${a.to}`
            : action === "unset"
              ? `${b.keyword} ${a.from} of the ${s} was removed`
              : `${b.keyword} of the ${s} ${action} from ${a.from} to ${a.to}`,
      }),
    ),
  ),
  { kind: "pattern-added", level: (d) => (d === "request" ? "ERR" : "INFO"), text: (s, a) => `the ${s} must now match the pattern ${a.to}` },
  { kind: "pattern-removed", level: (d) => (d === "request" ? "INFO" : "WARN"), text: (s, a) => `the pattern ${a.from} of the ${s} was removed` },
  { kind: "pattern-changed", level: () => "WARN", text: (s, a) => `the pattern of the ${s} changed from ${a.from} to ${a.to}` },
  ...(["one-of", "any-of"] as const).flatMap((k): KindSpec[] => [
    {
      kind: `${k}-added`,
      composition: true,
      level: (d) => (d === "request" ? "INFO" : "ERR"),
      text: (s, a) => `${a.count} ${k === "one-of" ? "oneOf" : "anyOf"} alternative(s) added to the ${s}`,
    },
    {
      kind: `${k}-removed`,
      composition: true,
      level: (d) => (d === "request" ? "ERR" : "INFO"),
      text: (s, a) => `${a.count} ${k === "one-of" ? "oneOf" : "anyOf"} alternative(s) removed from the ${s}`,
    },
  ]),
];

/** Response-only: narrowing a response type is safe. */
const SPECIALIZED: KindSpec = {
  kind: "type-specialized",
  level: () => "INFO",
  text: (s, a) => `the type of the ${s} was narrowed from ${a.from} to ${a.to}`,
};

function matrix(): Rule[] {
  const rules: Rule[] = [];
  for (const [subject, info] of Object.entries(SUBJECTS) as [Subject, (typeof SUBJECTS)[Subject]][]) {
    const kinds = info.direction === "response" ? [...KINDS, SPECIALIZED] : KINDS;
    for (const k of kinds) {
      if (k.composition && !info.composition) continue;
      rules.push({
        id: `${subject}-${k.kind}`,
        level: k.level(info.direction),
        direction: info.direction,
        family: "schemas",
        message: (a) => `${k.text(subjectText(subject, a), a)}${context(a)}`,
      });
    }
  }
  return rules;
}

/** Property checks of object schemas (ids as in oasdiff). */
const propertyRules: Rule[] = [
  { id: "new-required-request-property", level: "ERR", direction: "request", family: "schemas", message: (a) => `added the new required request property \`${a.name}\`${context(a)}` },
  { id: "new-optional-request-property", level: "INFO", direction: "request", family: "schemas", message: (a) => `added the new optional request property \`${a.name}\`${context(a)}` },
  { id: "request-property-removed", level: "WARN", direction: "request", family: "schemas", message: (a) => `removed the request property \`${a.name}\`${context(a)}` },
  { id: "request-property-became-required", level: "ERR", direction: "request", family: "schemas", message: (a) => `the request property \`${a.name}\` became required${context(a)}` },
  { id: "request-property-became-optional", level: "INFO", direction: "request", family: "schemas", message: (a) => `the request property \`${a.name}\` became optional${context(a)}` },
  { id: "response-required-property-added", level: "INFO", direction: "response", family: "schemas", message: (a) => `added the required property \`${a.name}\` to the response${context(a)}` },
  { id: "response-optional-property-added", level: "INFO", direction: "response", family: "schemas", message: (a) => `added the optional property \`${a.name}\` to the response${context(a)}` },
  { id: "response-required-property-removed", level: "ERR", direction: "response", family: "schemas", message: (a) => `removed the required property \`${a.name}\` from the response${context(a)}` },
  { id: "response-optional-property-removed", level: "WARN", direction: "response", family: "schemas", message: (a) => `removed the optional property \`${a.name}\` from the response${context(a)}` },
  { id: "response-property-became-optional", level: "ERR", direction: "response", family: "schemas", message: (a) => `the response property \`${a.name}\` became optional${context(a)}` },
  { id: "response-property-became-required", level: "INFO", direction: "response", family: "schemas", message: (a) => `the response property \`${a.name}\` became required${context(a)}` },
];

export const schemaRules: Rule[] = [...matrix(), ...propertyRules];

/** Property kinds, by direction and what happened: the rule id is fixed (it has no subject). */
export const PROPERTY_RULE = {
  request: { addedRequired: "new-required-request-property", addedOptional: "new-optional-request-property", removedRequired: "request-property-removed", removedOptional: "request-property-removed", becameRequired: "request-property-became-required", becameOptional: "request-property-became-optional" },
  response: { addedRequired: "response-required-property-added", addedOptional: "response-optional-property-added", removedRequired: "response-required-property-removed", removedOptional: "response-optional-property-removed", becameRequired: "response-property-became-required", becameOptional: "response-property-became-optional" },
} as const;

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

/** Type, format, nullability, bounds and pattern of one schema (not its children). */
export function ownChanges(base: View, head: View, direction: Direction): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const baseWithin = typesWithin(base.types, head.types);
  const headWithin = typesWithin(head.types, base.types);
  const from = typeText(base.types, base.format);
  const to = typeText(head.types, head.format);
  if (!(baseWithin && headWithin)) {
    if (baseWithin) changes.push({ kind: direction === "request" ? "type-generalized" : "type-generalized", args: { from, to } });
    else if (headWithin && direction === "response") changes.push({ kind: "type-specialized", args: { from, to } });
    else changes.push({ kind: "type-changed", args: { from, to } });
  } else if (base.format !== undefined && head.format !== undefined && base.format !== head.format) {
    changes.push({ kind: "type-changed", args: { from, to } });
  }
  if (base.nullable !== head.nullable) changes.push({ kind: head.nullable ? "became-nullable" : "became-not-nullable", args: {} });
  for (const b of BOUNDS) {
    const was = base[b.keyword];
    const now = head[b.keyword];
    if (was === now) continue;
    const action: BoundAction = was === undefined ? "set" : now === undefined ? "unset" : now > was ? "increased" : "decreased";
    changes.push({ kind: `${b.kind}-${action}`, args: { from: String(was ?? ""), to: String(now ?? "") } });
  }
  if (base.pattern !== head.pattern) {
    const kind = base.pattern === undefined ? "pattern-added" : head.pattern === undefined ? "pattern-removed" : "pattern-changed";
    changes.push({ kind, args: { from: `\`${base.pattern ?? ""}\``, to: `\`${head.pattern ?? ""}\`` } });
  }
  return changes;
}
