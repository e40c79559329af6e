/**
 * The registry: every rule of every family, looked up by id. `RuleId` is the union of the ids written
 * in the rule files, so a check that reports an id no rule declares does not compile.
 */
import { componentRules } from "./checks/components.ts";
import { errorCodeRules } from "./checks/error-codes.ts";
import { headerRules } from "./checks/headers.ts";
import { mediaTypeRules } from "./checks/media-types.ts";
import { parameterRules } from "./checks/parameters.ts";
import { pathRules } from "./checks/paths.ts";
import { propertyRules } from "./checks/properties.ts";
import { requestBodyRules } from "./checks/request-bodies.ts";
import { responseRules } from "./checks/responses.ts";
import type { SCHEMA_RULES } from "./checks/schema-rules.ts";
import { schemaRules } from "./checks/schemas.ts";
import { securityRules } from "./checks/security.ts";
import type * as core from "./core/context.ts";
import type { Rule } from "./rule.ts";

const DECLARED = [
  ...pathRules,
  ...parameterRules,
  ...requestBodyRules,
  ...responseRules,
  ...headerRules,
  ...mediaTypeRules,
  ...securityRules,
  ...propertyRules,
  ...componentRules,
  ...errorCodeRules,
] as const;

export type RuleId = (typeof DECLARED)[number]["id"] | (typeof SCHEMA_RULES)[number]["id"];

export type DiffContext = core.DiffContext<RuleId>;
export type OperationContext = core.OperationContext<RuleId>;

export const RULES: readonly Rule[] = [...DECLARED, ...schemaRules];

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
