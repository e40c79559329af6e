/**
 * The one table of deliberate differences from oasdiff (generator/diff/oasdiff-rules.json): ids at
 * another level, and ids not implemented, each with its reason. The registry test fails when an
 * oasdiff id is neither implemented at oasdiff's level nor listed here.
 */
import type { Level } from "./core/types.ts";

export type Difference = { kind: "level"; level: Level; reason: string } | { kind: "not-implemented"; reason: string };

const CLIENT_BREAKS = "the generated client's calls break";

export const DIFFERENCES: Readonly<Record<string, Difference>> = {
  "api-operation-id-removed": { kind: "level", level: "ERR", reason: `a renamed or removed operationId renames the generated client method: ${CLIENT_BREAKS} at compile time` },
  "api-security-scope-added": { kind: "level", level: "ERR", reason: `a token issued for the old scopes is refused: ${CLIENT_BREAKS} at run time` },
  "response-body-any-of-added": { kind: "level", level: "ERR", reason: "a new anyOf alternative widens the response union the generated types promise (oasdiff already says ERR for oneOf)" },
  "response-property-any-of-added": { kind: "level", level: "ERR", reason: "as response-body-any-of-added, one level down" },
  "response-property-pattern-changed": { kind: "level", level: "WARN", reason: "values the old pattern rejected may now arrive; callers validating or parsing them may break" },
  "response-property-pattern-removed": { kind: "level", level: "WARN", reason: "as response-property-pattern-changed: the response is no longer constrained" },
  "request-body-type-compatible": { kind: "not-implemented", reason: "XML and other loosely typed bodies: the generated client only sends JSON, so a type swap there is reported as a plain type change" },
  "request-property-type-compatible": { kind: "not-implemented", reason: "as request-body-type-compatible" },
  "response-body-type-compatible": { kind: "not-implemented", reason: "as request-body-type-compatible: the generated client only decodes JSON" },
  "response-property-type-compatible": { kind: "not-implemented", reason: "as response-body-type-compatible" },
  "response-header-type-compatible": { kind: "not-implemented", reason: "header values are strings on the wire; contractgen reports the schema's type change as written" },
  "request-body-all-of-added-annotation-only": { kind: "not-implemented", reason: "an allOf member holding only annotations is not compared (no contract in it): nothing is reported" },
  "request-body-all-of-removed-annotation-only": { kind: "not-implemented", reason: "as request-body-all-of-added-annotation-only" },
  "request-property-all-of-added-annotation-only": { kind: "not-implemented", reason: "as request-body-all-of-added-annotation-only" },
  "request-property-all-of-removed-annotation-only": { kind: "not-implemented", reason: "as request-body-all-of-added-annotation-only" },
  "response-body-all-of-added-annotation-only": { kind: "not-implemented", reason: "as request-body-all-of-added-annotation-only" },
  "response-body-all-of-removed-annotation-only": { kind: "not-implemented", reason: "as request-body-all-of-added-annotation-only" },
  "response-property-all-of-added-annotation-only": { kind: "not-implemented", reason: "as request-body-all-of-added-annotation-only" },
  "response-property-all-of-removed-annotation-only": { kind: "not-implemented", reason: "as request-body-all-of-added-annotation-only" },
  "request-property-deprecated-with-sunset": { kind: "not-implemented", reason: "property sunset dates: a deprecated property is reported as request-property-deprecated, its x-sunset is not judged yet" },
  "request-property-deprecated-sunset-missing": { kind: "not-implemented", reason: "as request-property-deprecated-with-sunset" },
  "request-property-deprecated-sunset-invalid": { kind: "not-implemented", reason: "as request-property-deprecated-with-sunset" },
  "request-property-sunset-date-too-small": { kind: "not-implemented", reason: "as request-property-deprecated-with-sunset" },
  "response-property-deprecated-with-sunset": { kind: "not-implemented", reason: "as request-property-deprecated-with-sunset" },
  "response-property-deprecated-sunset-missing": { kind: "not-implemented", reason: "as request-property-deprecated-with-sunset" },
  "response-property-deprecated-sunset-invalid": { kind: "not-implemented", reason: "as request-property-deprecated-with-sunset" },
  "response-property-sunset-date-too-small": { kind: "not-implemented", reason: "as request-property-deprecated-with-sunset" },
};
