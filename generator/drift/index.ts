/** Drift from recorded traffic: the command, the checks, the report. */
export { checkExchange, type DriftFinding } from "./check.ts";
export { driftCommand, driftReport, type DriftOptions } from "./command.ts";
export { parseHar, readHar, type Exchange } from "./har.ts";
export { render, type DriftReport, type Format } from "./report.ts";
export { RULES, ruleById, type RuleId } from "./rules.ts";
