/**
 * What can change about one schema, in the core's own words. A kind is not a rule id: the checks give
 * it a subject (request body, response property, ...) and so an id of the registry. Kinds are data
 * (this file imports nothing) so that the core never depends on the rule files.
 */

const BOUNDS = ["max", "min", "exclusive-max", "exclusive-min", "max-length", "min-length", "max-items", "min-items", "max-contains", "min-contains"] as const;
const BOUND_ACTIONS = ["increased", "decreased", "set", "unset"] as const;
export type BoundName = (typeof BOUNDS)[number];
export type BoundAction = (typeof BOUND_ACTIONS)[number];

const PRESENCE = [
  "one-of",
  "any-of",
  "all-of",
  "discriminator",
  "if",
  "then",
  "else",
  "contains",
  "prefix-items",
  "property-names",
  "pattern-property",
  "dependent-required",
  "dependent-schema",
  "unevaluated-items",
  "unevaluated-properties",
  "content-schema",
  "const",
  "default-value",
] as const;
export type PresenceName = (typeof PRESENCE)[number];

/** A change to a schema's own keywords (no property added or removed). */
export type OwnKind =
  | "type-changed"
  | "type-generalized"
  | "type-specialized"
  | "type-compatible"
  | "list-of-types-widened"
  | "list-of-types-narrowed"
  | "became-nullable"
  | "became-not-nullable"
  | `${BoundName}-${BoundAction}`
  | "pattern-added"
  | "pattern-removed"
  | "pattern-changed"
  | "pattern-generalized"
  | "enum-value-added"
  | "enum-value-removed"
  | "became-enum"
  | "enum-removed"
  | "x-extensible-enum-value-removed"
  | `${PresenceName}-added`
  | `${PresenceName}-removed`
  | "const-changed"
  | "default-value-changed"
  | "dependent-required-changed"
  | "discriminator-property-name-changed"
  | "discriminator-mapping-added"
  | "discriminator-mapping-deleted"
  | "discriminator-mapping-changed"
  | "content-media-type-changed"
  | "content-encoding-changed"
  | "wrapped-in-one-of"
  | "deprecated"
  | "reactivated"
  | "stability-decreased"
  | "stability-increased";

/** A property of an object schema added, removed, or its flags changed: reported about the property. */
export type PropertyKind =
  | "property-added"
  | "property-removed"
  | "property-became-required"
  | "property-became-optional"
  | "property-became-read-only"
  | "property-became-not-read-only"
  | "property-became-write-only"
  | "property-became-not-write-only";

export type SchemaKind = OwnKind | PropertyKind;
