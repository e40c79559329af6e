/** The contract diff, for the CLI, the tests and the benchmark. */
export { diffSpecs, emptySpec } from "./diff.ts";
export { RULES, ruleById } from "./registry.ts";
export type { Change, DiffOptions, DiffResult, Finding, Level, Rule } from "./types.ts";
