/**
 * Reporting schema comparisons: each finding of the core's schema differ gets its subject (the top
 * schema, or a property under it) and so its rule id from the schema table or the property rules.
 * A readOnly property is not part of a request and a writeOnly property not part of a response: their
 * changes take the read-only / write-only ids where oasdiff has them, and are dropped when they would
 * otherwise be reported as breaking.
 */
import type { OwnKind } from "../core/kinds.ts";
import type { FindingSet, SchemaFinding } from "../core/schema.ts";
import type { Args, Direction } from "../core/types.ts";
import type { Located } from "../../spec/refs.ts";
import type { OperationContext, RuleId } from "../registry.ts";
import { context, type Rule } from "../rule.ts";
import { propertyRuleId } from "./properties.ts";
import { SCHEMA_RULES, type Subject } from "./schema-rules.ts";

export const SUBJECTS: Record<Subject, { direction: Direction; noun: string }> = {
  "request-parameter": { direction: "request", noun: "request parameter" },
  "request-parameter-property": { direction: "request", noun: "property of the request parameter" },
  "request-header-property": { direction: "request", noun: "property of the request header" },
  "request-body": { direction: "request", noun: "request body" },
  "request-property": { direction: "request", noun: "request property" },
  "request-read-only-property": { direction: "request", noun: "read-only request property" },
  "response-body": { direction: "response", noun: "response body" },
  "response-mediatype": { direction: "response", noun: "response body" },
  "response-property": { direction: "response", noun: "response property" },
  "response-write-only-property": { direction: "response", noun: "write-only response property" },
  "response-header": { direction: "response", noun: "response header" },
};

const BOUND_TEXT: Record<string, string> = {
  max: "maximum",
  min: "minimum",
  "exclusive-max": "exclusiveMaximum",
  "exclusive-min": "exclusiveMinimum",
  "max-length": "maxLength",
  "min-length": "minLength",
  "max-items": "maxItems",
  "min-items": "minItems",
  "max-contains": "maxContains",
  "min-contains": "minContains",
};

const KEYWORD_TEXT: Record<string, string> = {
  "one-of": "oneOf alternative(s)",
  "any-of": "anyOf alternative(s)",
  "all-of": "allOf member(s)",
  if: "`if` sub-schema",
  then: "`then` sub-schema",
  else: "`else` sub-schema",
  contains: "`contains` sub-schema",
  "prefix-items": "prefixItems",
  "property-names": "`propertyNames` sub-schema",
  "pattern-property": "patternProperties",
  "dependent-required": "dependentRequired for",
  "dependent-schema": "dependentSchemas for",
  "unevaluated-items": "`unevaluatedItems` sub-schema",
  "unevaluated-properties": "`unevaluatedProperties` sub-schema",
  "content-schema": "`contentSchema`",
  const: "const",
  "default-value": "default value",
  discriminator: "discriminator",
};

/** The message of a schema rule: what happened (by kind) to what (by subject). */
function kindText(kind: OwnKind, s: string, a: Args): string {
  const bound = /^(.*)-(increased|decreased|set|unset)$/.exec(kind);
  if (bound && BOUND_TEXT[bound[1]!]) {
    const keyword = BOUND_TEXT[bound[1]!];
    if (bound[2] === "set") return `${keyword} of the ${s} was set to ${a.to}`;
    if (bound[2] === "unset") return `${keyword} ${a.from} of the ${s} was removed`;
    return `${keyword} of the ${s} ${bound[2]} from ${a.from} to ${a.to}`;
  }
  switch (kind) {
    case "type-changed":
      return `the type of the ${s} changed from ${a.from} to ${a.to}`;
    case "type-generalized":
      return `the type of the ${s} was generalized from ${a.from} to ${a.to}`;
    case "type-specialized":
      return `the type of the ${s} was narrowed from ${a.from} to ${a.to}`;
    case "type-compatible":
      return `the type of the ${s} changed from ${a.from} to ${a.to}, which reads the same in a loosely typed body`;
    case "list-of-types-widened":
      return `the types of the ${s} were widened with ${a.values}`;
    case "list-of-types-narrowed":
      return `the types of the ${s} were narrowed by removing ${a.values}`;
    case "became-nullable":
      return `the ${s} became nullable`;
    case "became-not-nullable":
      return `the ${s} is no longer nullable`;
    case "pattern-added":
      return `the ${s} must now match the pattern ${a.to}`;
    case "pattern-removed":
      return `the pattern ${a.from} of the ${s} was removed`;
    case "pattern-changed":
      return `the pattern of the ${s} changed from ${a.from} to ${a.to}`;
    case "pattern-generalized":
      return `the pattern of the ${s} was generalized from ${a.from} to ${a.to}`;
    case "enum-value-added":
      return `added the enum value(s) ${a.values} to the ${s}`;
    case "enum-value-removed":
      return `removed the enum value(s) ${a.values} from the ${s}`;
    case "became-enum":
      return `the ${s} became an enum of ${a.values}`;
    case "enum-removed":
      return `the ${s} is no longer restricted to the values ${a.values}`;
    case "x-extensible-enum-value-removed":
      return `removed the x-extensible-enum value(s) ${a.values} from the ${s}`;
    case "const-changed":
    case "default-value-changed":
      return `the ${KEYWORD_TEXT[kind.replace(/-changed$/, "")]} of the ${s} changed from ${a.from} to ${a.to}`;
    case "dependent-required-changed":
      return `dependentRequired of the ${s} changed for ${a.values}`;
    case "discriminator-property-name-changed":
      return `the discriminator property of the ${s} changed from ${a.from} to ${a.to}`;
    case "discriminator-mapping-added":
      return `discriminator mapping(s) ${a.values} added to the ${s}`;
    case "discriminator-mapping-deleted":
      return `discriminator mapping(s) ${a.values} removed from the ${s}`;
    case "discriminator-mapping-changed":
      return `discriminator mapping(s) ${a.values} of the ${s} now point elsewhere`;
    case "content-media-type-changed":
      return `contentMediaType of the ${s} changed from ${a.from} to ${a.to}`;
    case "content-encoding-changed":
      return `contentEncoding of the ${s} changed from ${a.from} to ${a.to}`;
    case "wrapped-in-one-of":
      return `the ${s} was wrapped in a oneOf of ${a.count} alternatives`;
    case "deprecated":
      return a.to ? `the ${s} was deprecated, sunset ${a.to}` : `the ${s} was deprecated`;
    case "reactivated":
      return `the ${s} is no longer deprecated`;
    case "stability-decreased":
      return `the stability of the ${s} decreased from ${a.from} to ${a.to}`;
    case "stability-increased":
      return `the stability of the ${s} increased from ${a.from} to ${a.to}`;
  }
  const presence = /^(.*)-(added|removed)$/.exec(kind);
  const what = presence ? KEYWORD_TEXT[presence[1]!] : undefined;
  if (presence && what) {
    const detail = a.values ?? a.count ?? a.to ?? "";
    return presence[2] === "added" ? `${what} ${detail} added to the ${s}`.replace(/ {2,}/g, " ") : `${what} ${detail || a.from || ""} removed from the ${s}`.replace(/ {2,}/g, " ");
  }
  return `${kind} of the ${s}`;
}

function subjectText(subject: Subject, a: Args): string {
  return `${SUBJECTS[subject].noun}${a.name ? ` \`${a.name}\`` : ""}`;
}

export const schemaRules: Rule[] = SCHEMA_RULES.map((r) => ({
  id: r.id,
  level: r.level,
  direction: SUBJECTS[r.subject].direction,
  family: "schemas",
  ...("optional" in r && r.optional ? { optional: true as const } : {}),
  message: (a: Args) => `${kindText(r.kind, subjectText(r.subject, a), a)}${context(a)}`,
}));

type SchemaRuleId = (typeof SCHEMA_RULES)[number]["id"];
const BY_SUBJECT_KIND = new Map<string, (typeof SCHEMA_RULES)[number]>(SCHEMA_RULES.map((r) => [`${r.subject} ${r.kind}`, r]));

/** The schema rule for a kind at a subject, if there is one (the response body's enum removal is oasdiff's `mediatype` id). */
export function schemaRule(subject: Subject, kind: OwnKind): { id: SchemaRuleId; level: string } | undefined {
  const rule = BY_SUBJECT_KIND.get(`${subject} ${kind}`) ?? (subject === "response-body" ? BY_SUBJECT_KIND.get(`response-mediatype ${kind}`) : undefined);
  // Narrowing what a request accepts is a type change wherever oasdiff has no "specialized" id for it.
  if (!rule && kind === "type-specialized" && SUBJECTS[subject].direction === "request") return BY_SUBJECT_KIND.get(`${subject} type-changed`);
  return rule;
}

/** The subject of a change below the top schema. */
const NESTED: Record<"request-parameter" | "request-body" | "response-body" | "response-header", Subject | undefined> = {
  "request-parameter": "request-parameter-property",
  "request-body": "request-property",
  "response-body": "response-property",
  "response-header": undefined,
};

export type TopSubject = keyof typeof NESTED;

export interface Top {
  subject: TopSubject;
  head: Located;
  context: string;
  name?: string;
  /** `in` of a parameter: header parameters have their own property ids. */
  in?: string;
  /** The media type of a body: in one that is not JSON, any value reads as a string. */
  mediaType?: string;
}

/** JSON tells `1` from `"1"`; XML, forms and text do not. */
function looselyTyped(mediaType: string | undefined): boolean {
  return mediaType !== undefined && !/^application\/(?:[\w.+-]*\+)?json(?:\s*;|$)/i.test(mediaType);
}

const bareType = (text: string | undefined) => text?.replace(/ \(.*\)$/, "");

/**
 * A type change read as oasdiff reads it where the wire blurs types: in a loosely typed body a change to
 * string (request) or from string (response) is compatible; in a parameter's object property (whose
 * serialisation is unknown) a change to anything but string breaks either way, so it is a specialisation.
 */
function typeKind(top: Top, subject: Subject, kind: OwnKind, a: Args): OwnKind {
  if (kind !== "type-changed") return kind;
  const direction = SUBJECTS[subject].direction;
  if (looselyTyped(top.mediaType) && bareType(direction === "request" ? a.to : a.from) === "string") return "type-compatible";
  if (subject === "request-parameter-property" && bareType(a.to) !== "string") return "type-specialized";
  return kind;
}

/** The id of an own change below the top, honouring readOnly (requests) and writeOnly (responses). */
function nestedRuleId(top: Top, f: SchemaFinding & { kind: OwnKind }): RuleId | undefined {
  const nested = top.in === "header" && f.kind === "became-enum" ? "request-header-property" : NESTED[top.subject];
  if (!nested) return undefined;
  const direction = SUBJECTS[nested].direction;
  const hidden = direction === "request" ? f.flags.readOnly : f.flags.writeOnly;
  const plain = schemaRule(nested, typeKind(top, nested, f.kind, f.args));
  if (!hidden) return plain?.id;
  const variant = schemaRule(direction === "request" ? "request-read-only-property" : "response-write-only-property", f.kind);
  if (variant) return variant.id;
  // Not sent (readOnly in a request) or not received (writeOnly in a response): only a safe change is worth a line.
  return plain && (plain.level === "INFO" || direction === "response") ? plain.id : undefined;
}

/**
 * Report the findings of a schema comparison. Own changes at the top schema get the top subject
 * (`request-body-type-changed`); deeper ones are about properties (`request-property-type-changed`).
 */
export function reportSchema(ctx: OperationContext, set: FindingSet, top: Top): void {
  const node = ctx.schemas.headNode(top.head);
  for (const f of set.values()) {
    const args: Args = { ...f.args, context: top.context };
    if (!f.own) {
      const id = propertyRuleId(top, f);
      if (id) ctx.report(ctx.operation, id, f.where, args);
      continue;
    }
    const isTop = f.where.side === "head" && f.where.file === node.file && f.where.pointer === node.pointer;
    const kind = f.kind as OwnKind;
    const id = isTop ? schemaRule(top.subject, typeKind(top, top.subject, kind, f.args))?.id : nestedRuleId(top, { ...f, kind });
    if (id) ctx.report(ctx.operation, id, f.where, isTop ? { ...args, name: top.name ?? "" } : args);
  }
}
