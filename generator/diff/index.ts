/** The contract diff, for the CLI, the tests and the benchmark. */
export { diffSpecs, emptySpec, type DiffOptions } from "./diff.ts";
export { RULES, ruleById, type RuleId } from "./registry.ts";
export type { Rule } from "./rule.ts";
export type { Change, DiffResult, Finding, Level } from "./core/types.ts";
