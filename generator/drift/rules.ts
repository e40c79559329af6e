/** Every drift check is a named rule: one id, a level, the side of the exchange it looks at, a message. */

export type Level = "error" | "warn";

export interface DriftRule {
  id: string;
  level: Level;
  direction: "request" | "response";
  /** What the rule found, in a few words: the start of every finding's message. */
  summary: string;
}

export const RULES = [
  { id: "undocumented-operation", level: "error", direction: "request", summary: "no operation of the spec has this method and path" },
  { id: "undocumented-status", level: "error", direction: "response", summary: "the operation does not document this status" },
  { id: "undocumented-code", level: "error", direction: "response", summary: "the response's error code is not documented for this status" },
  { id: "missing-response-header", level: "error", direction: "response", summary: "a header the spec requires in this response is missing" },
  { id: "response-header-mismatch", level: "error", direction: "response", summary: "a documented response header does not read as its schema says" },
  { id: "undocumented-content-type", level: "error", direction: "response", summary: "the response's content type is not documented for this status" },
  { id: "missing-body", level: "error", direction: "response", summary: "the response has no body, but the spec documents one" },
  { id: "unparsable-body", level: "error", direction: "response", summary: "the response body is not valid JSON" },
  { id: "response-body-mismatch", level: "error", direction: "response", summary: "the response body does not match the schema" },
  { id: "unparsable-stream-item", level: "error", direction: "response", summary: "a stream item is not valid JSON" },
  { id: "stream-item-mismatch", level: "error", direction: "response", summary: "a stream item does not match the schema of one item" },
  { id: "request-content-type", level: "warn", direction: "request", summary: "the request's content type is not documented" },
  { id: "request-body-mismatch", level: "warn", direction: "request", summary: "the request body does not match the schema" },
] as const satisfies readonly DriftRule[];

export type RuleId = (typeof RULES)[number]["id"];

export function ruleById(id: RuleId): DriftRule {
  return RULES.find((rule) => rule.id === id)!;
}
