/**
 * Every deliberate difference from oasdiff, with its reason, in one place (the README quotes it).
 * `oasdiff-rules.json` is oasdiff's own rule list as data (ids, levels, directions, checks); this file
 * says where contractgen departs from it: ids at another level, ids not implemented, and ids
 * contractgen adds. The registry test fails when a difference is not listed here, or is listed but
 * not real.
 */
import type { Level } from "./core/types.ts";

export interface LevelDifference {
  ids: readonly string[];
  level: Level;
  reason: string;
}

export interface Omission {
  ids: readonly string[];
  reason: string;
}

/** Ids contractgen has and oasdiff does not: matched by pattern, or marked `project` in the schema table. */
export interface Addition {
  ids: RegExp | "schema-table";
  reason: string;
}

export const LEVEL_DIFFERENCES: readonly LevelDifference[] = [
  {
    ids: ["response-body-any-of-added", "response-property-any-of-added"],
    level: "ERR",
    reason: "a new anyOf alternative widens the response union the generated types promise (oasdiff already says ERR for oneOf)",
  },
  {
    ids: ["response-property-pattern-changed", "response-property-pattern-removed"],
    level: "WARN",
    reason: "values the old pattern rejected may now arrive; callers validating or parsing them may break",
  },
];

const ANNOTATION_ONLY = [
  "request-body-all-of-added-annotation-only",
  "request-body-all-of-removed-annotation-only",
  "request-property-all-of-added-annotation-only",
  "request-property-all-of-removed-annotation-only",
  "response-body-all-of-added-annotation-only",
  "response-body-all-of-removed-annotation-only",
  "response-property-all-of-added-annotation-only",
  "response-property-all-of-removed-annotation-only",
];

const PROPERTY_SUNSET = [
  "request-property-deprecated-with-sunset",
  "request-property-deprecated-sunset-missing",
  "request-property-deprecated-sunset-invalid",
  "request-property-sunset-date-too-small",
  "response-property-deprecated-with-sunset",
  "response-property-deprecated-sunset-missing",
  "response-property-deprecated-sunset-invalid",
  "response-property-sunset-date-too-small",
];

export const OMISSIONS: readonly Omission[] = [
  {
    ids: ["response-header-type-compatible"],
    reason: "a response header's type change is reported as written (response-header-type-changed, -generalized, -specialized); header values are text, which callers parse themselves",
  },
  {
    ids: ANNOTATION_ONLY,
    reason: "an allOf member holding only annotations (a description, an example) carries no contract: adding or removing one is not reported",
  },
  {
    ids: PROPERTY_SUNSET,
    reason: "property sunset dates: a deprecated property is reported as request-property-deprecated / response-property-deprecated, its x-sunset is not judged",
  },
];

export const ADDITIONS: readonly Addition[] = [
  {
    ids: /^response-error-(code|status)-(added|removed)$/,
    reason: "error codes and statuses, read from the error unions the generated client declares: a new one breaks exhaustive `switch`es on `error.code` or `error.status` (WARN)",
  },
  {
    ids: /^webhook-payload-/,
    reason:
      "the receiver reads a webhook's payload as a caller reads a response: a property that stops arriving, may be missing, may be null or takes a new enum value breaks the receiver, where oasdiff's request ids call it safe",
  },
  {
    ids: /^request-parameter-location-changed$/,
    reason: "a parameter that moved (query to header, say) under the same name: oasdiff reports a removal and an addition, contractgen names the move once (ERR: calls send it in the old place)",
  },
  {
    ids: /^response-header-became-required$/,
    reason: "the reverse of oasdiff's response-header-became-optional, so that the pair reads both ways (INFO: callers get what they may already read)",
  },
  {
    ids: "schema-table",
    reason:
      "schema changes oasdiff names at some subjects only (bounds set or unset, enums added or dropped, patterns on responses and headers): contractgen names each at every subject, judged by direction (a tighter request or a looser response breaks)",
  },
];

const LEVEL_BY_ID = new Map(LEVEL_DIFFERENCES.flatMap((d) => d.ids.map((id) => [id, d] as const)));
const OMITTED = new Set(OMISSIONS.flatMap((d) => d.ids));

/** The level contractgen gives an oasdiff id when it differs from oasdiff's, with the reason. */
export function levelDifference(id: string): LevelDifference | undefined {
  return LEVEL_BY_ID.get(id);
}

export function isOmitted(id: string): boolean {
  return OMITTED.has(id);
}

/** Why contractgen has an id oasdiff does not (`schemaProject`: the schema table marks it its own). */
export function additionOf(id: string, schemaProject: boolean): Addition | undefined {
  return ADDITIONS.find((a) => (a.ids === "schema-table" ? schemaProject : a.ids.test(id)));
}
