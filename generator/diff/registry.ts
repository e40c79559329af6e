/**
 * The registry: every family of rules with the check that reports them, in the order the checks run.
 * Rules are data (`{ id, level, direction, family, message }`, `optional` for oasdiff's optional
 * checks); a check is a handler per scope: once per diff (`spec`), once per operation present on both
 * sides, paths then webhooks (`operation`), or once after all others, told whether they found a
 * breaking change (`after`). A family without a handler has its rules reported by another family's
 * check (schema rules by the body, parameter and header checks). `RuleId` is the union of the ids
 * written here, so a check that reports an id no rule declares does not compile.
 */
import { componentRules, diffComponents, diffVersion, versionRules } from "./checks/components.ts";
import { diffErrorCodes, errorCodeRules } from "./checks/error-codes.ts";
import { headerRules } from "./checks/headers.ts";
import { mediaTypeRules } from "./checks/media-types.ts";
import { diffParameters, parameterRules } from "./checks/parameters.ts";
import { diffEndpoints, diffOperation, pathRules } from "./checks/paths.ts";
import { propertyRules } from "./checks/properties.ts";
import { diffRequestBody, requestBodyRules } from "./checks/request-bodies.ts";
import { diffResponses, responseRules } from "./checks/responses.ts";
import type { SCHEMA_RULES } from "./checks/schema-rules.ts";
import { schemaRules } from "./checks/schemas.ts";
import { diffGlobalSecurity, diffSecurity, securityRules } from "./checks/security.ts";
import { diffWebhookPayload, diffWebhooks, webhookRules } from "./checks/webhooks.ts";
import type * as core from "./core/context.ts";
import type { Family, Rule } from "./rule.ts";

export type DiffContext = core.DiffContext<RuleId>;
export type OperationContext = core.OperationContext<RuleId>;

/** A family of rules and the handlers that report them. */
export interface Check {
  family: Family;
  rules: readonly Rule[];
  spec?: (ctx: DiffContext) => void;
  operation?: (op: OperationContext) => void;
  after?: (ctx: DiffContext, breaking: boolean) => void;
}

/** Every family, in the order its checks run. */
export const CHECKS = [
  { family: "security", rules: securityRules, spec: diffGlobalSecurity, operation: diffSecurity },
  { family: "components", rules: componentRules, spec: diffComponents },
  { family: "paths", rules: pathRules, spec: diffEndpoints, operation: diffOperation },
  { family: "parameters", rules: parameterRules, operation: diffParameters },
  { family: "request-bodies", rules: requestBodyRules, operation: diffRequestBody },
  { family: "webhooks", rules: webhookRules, spec: diffWebhooks, operation: diffWebhookPayload },
  { family: "responses", rules: responseRules, operation: diffResponses },
  { family: "headers", rules: headerRules },
  { family: "media-types", rules: mediaTypeRules },
  { family: "properties", rules: propertyRules },
  { family: "schemas", rules: schemaRules },
  { family: "error-codes", rules: errorCodeRules, spec: diffErrorCodes },
  { family: "versions", rules: versionRules, after: diffVersion },
] as const satisfies readonly Check[];

type Declared = Exclude<(typeof CHECKS)[number]["rules"], typeof schemaRules>[number]["id"];
export type RuleId = Declared | (typeof SCHEMA_RULES)[number]["id"];

export const RULES: readonly Rule[] = CHECKS.flatMap((c): readonly Rule[] => c.rules);

const BY_ID = new Map(RULES.map((rule) => [rule.id, rule]));

/** The rule with this id. An unknown id is a bug in a check, not a user error. */
export function ruleById(id: string): Rule {
  const rule = BY_ID.get(id);
  if (!rule) throw new Error(`contract diff: no rule with the id "${id}"`);
  return rule;
}

export function isRuleId(id: string): id is RuleId {
  return BY_ID.has(id);
}

/** oasdiff's optional checks: rules marked `optional`, reported at INFO unless `--include-checks` asks for them. */
export const OPTIONAL_RULES: readonly string[] = RULES.filter((r) => r.optional).map((r) => r.id);
