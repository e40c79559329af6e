/** Drift from recorded traffic, for the CLI and the tests. */
export { checkExchange, type DriftFinding } from "./check.ts";
export { driftCommand, driftReport, type DriftOptions } from "./command.ts";
export { parseHar, readHar, type Exchange } from "./har.ts";
export { render, type DriftReport, type Format } from "./report.ts";
export { RULES, ruleById, type RuleId } from "./rules.ts";
