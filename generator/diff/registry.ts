/** The registry: every rule of every family, looked up by id. */
import { enumRules } from "./checks/enums.ts";
import { headerRules } from "./checks/headers.ts";
import { mediaTypeRules } from "./checks/media-types.ts";
import { parameterRules } from "./checks/parameters.ts";
import { pathRules } from "./checks/paths.ts";
import { requestBodyRules } from "./checks/request-bodies.ts";
import { responseRules } from "./checks/responses.ts";
import { schemaRules } from "./checks/schemas.ts";
import { securityRules } from "./checks/security.ts";
import type { Rule } from "./types.ts";

export const RULES: readonly Rule[] = [
  ...pathRules,
  ...parameterRules,
  ...requestBodyRules,
  ...responseRules,
  ...headerRules,
  ...mediaTypeRules,
  ...securityRules,
  ...enumRules,
  ...schemaRules,
];

const BY_ID = new Map(RULES.map((rule) => [rule.id, rule]));

/** The rule with this id. An unknown id is a bug in a check, not a user error. */
export function ruleById(id: string): Rule {
  const rule = BY_ID.get(id);
  if (!rule) throw new Error(`contract diff: no rule with the id "${id}"`);
  return rule;
}
