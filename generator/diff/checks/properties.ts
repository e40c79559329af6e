/**
 * Properties of object schemas: added, removed, required or optional, readOnly or writeOnly. In a
 * request a readOnly property is not sent (its arrival or removal is nobody's concern); in a response a
 * writeOnly property is not received (oasdiff's write-only ids, all safe). A required request property
 * with a default is still required: the default is the server's fallback, not the caller's.
 */
import type { PropertyKind } from "../core/kinds.ts";
import type { SchemaFinding } from "../core/schema.ts";
import type { RuleId } from "../registry.ts";
import { context, type Rule } from "../rule.ts";
import type { Top } from "./schemas.ts";

const prop = (a: { name?: string }) => `\`${a.name ?? ""}\``;

export const propertyRules = [
  // Request bodies.
  { id: "new-required-request-property", level: "ERR", direction: "request", family: "properties", message: (a) => `added the new required request property ${prop(a)}${context(a)}` },
  { id: "new-required-request-property-with-default", level: "ERR", direction: "request", family: "properties", message: (a) => `added the new required request property ${prop(a)} with a default value${context(a)}` },
  { id: "new-optional-request-property", level: "INFO", direction: "request", family: "properties", message: (a) => `added the new optional request property ${prop(a)}${context(a)}` },
  { id: "request-property-removed", level: "WARN", direction: "request", family: "properties", message: (a) => `removed the request property ${prop(a)}${context(a)}` },
  { id: "request-property-became-required", level: "ERR", direction: "request", family: "properties", message: (a) => `the request property ${prop(a)} became required${context(a)}` },
  { id: "request-property-became-required-with-default", level: "ERR", direction: "request", family: "properties", message: (a) => `the request property ${prop(a)} with a default value became required${context(a)}` },
  { id: "request-property-became-optional", level: "INFO", direction: "request", family: "properties", message: (a) => `the request property ${prop(a)} became optional${context(a)}` },
  { id: "request-required-property-became-read-only", level: "INFO", direction: "request", family: "properties", message: (a) => `the required request property ${prop(a)} became read-only${context(a)}` },
  { id: "request-required-property-became-not-read-only", level: "INFO", direction: "request", family: "properties", message: (a) => `the required request property ${prop(a)} is no longer read-only${context(a)}` },
  { id: "request-required-property-became-write-only", level: "INFO", direction: "request", family: "properties", message: (a) => `the required request property ${prop(a)} became write-only${context(a)}` },
  { id: "request-required-property-became-not-write-only", level: "INFO", direction: "request", family: "properties", message: (a) => `the required request property ${prop(a)} is no longer write-only${context(a)}` },
  { id: "request-optional-property-became-read-only", level: "INFO", direction: "request", family: "properties", message: (a) => `the optional request property ${prop(a)} became read-only${context(a)}` },
  { id: "request-optional-property-became-not-read-only", level: "INFO", direction: "request", family: "properties", message: (a) => `the optional request property ${prop(a)} is no longer read-only${context(a)}` },
  { id: "request-optional-property-became-write-only", level: "INFO", direction: "request", family: "properties", message: (a) => `the optional request property ${prop(a)} became write-only${context(a)}` },
  { id: "request-optional-property-became-not-write-only", level: "INFO", direction: "request", family: "properties", message: (a) => `the optional request property ${prop(a)} is no longer write-only${context(a)}` },
  // Header parameters with object schemas.
  { id: "new-required-request-header-property", level: "ERR", direction: "request", family: "properties", message: (a) => `added the new required property ${prop(a)} to a request header${context(a)}` },
  { id: "request-header-property-became-required", level: "ERR", direction: "request", family: "properties", message: (a) => `the property ${prop(a)} of a request header became required${context(a)}` },
  // Responses.
  { id: "response-required-property-added", level: "INFO", direction: "response", family: "properties", message: (a) => `added the required property ${prop(a)} to the response${context(a)}` },
  { id: "response-optional-property-added", level: "INFO", direction: "response", family: "properties", message: (a) => `added the optional property ${prop(a)} to the response${context(a)}` },
  { id: "response-required-property-removed", level: "ERR", direction: "response", family: "properties", message: (a) => `removed the required property ${prop(a)} from the response${context(a)}` },
  { id: "response-optional-property-removed", level: "WARN", direction: "response", family: "properties", message: (a) => `removed the optional property ${prop(a)} from the response${context(a)}` },
  { id: "response-required-write-only-property-added", level: "INFO", direction: "response", family: "properties", message: (a) => `added the required write-only property ${prop(a)} to the response${context(a)}` },
  { id: "response-optional-write-only-property-added", level: "INFO", direction: "response", family: "properties", message: (a) => `added the optional write-only property ${prop(a)} to the response${context(a)}` },
  { id: "response-required-write-only-property-removed", level: "INFO", direction: "response", family: "properties", message: (a) => `removed the required write-only property ${prop(a)} from the response${context(a)}` },
  { id: "response-optional-write-only-property-removed", level: "INFO", direction: "response", family: "properties", message: (a) => `removed the optional write-only property ${prop(a)} from the response${context(a)}` },
  { id: "response-property-became-optional", level: "ERR", direction: "response", family: "properties", message: (a) => `the response property ${prop(a)} became optional${context(a)}` },
  { id: "response-property-became-required", level: "INFO", direction: "response", family: "properties", message: (a) => `the response property ${prop(a)} became required${context(a)}` },
  { id: "response-write-only-property-became-optional", level: "INFO", direction: "response", family: "properties", message: (a) => `the write-only response property ${prop(a)} became optional${context(a)}` },
  { id: "response-write-only-property-became-required", level: "INFO", direction: "response", family: "properties", message: (a) => `the write-only response property ${prop(a)} became required${context(a)}` },
  { id: "response-required-property-became-read-only", level: "INFO", direction: "response", family: "properties", message: (a) => `the required response property ${prop(a)} became read-only${context(a)}` },
  { id: "response-required-property-became-not-read-only", level: "INFO", direction: "response", family: "properties", message: (a) => `the required response property ${prop(a)} is no longer read-only${context(a)}` },
  { id: "response-required-property-became-write-only", level: "INFO", direction: "response", family: "properties", message: (a) => `the required response property ${prop(a)} became write-only: it is no longer returned${context(a)}` },
  { id: "response-required-property-became-not-write-only", level: "WARN", direction: "response", family: "properties", message: (a) => `the required response property ${prop(a)} is no longer write-only: it is now returned${context(a)}` },
  { id: "response-optional-property-became-read-only", level: "INFO", direction: "response", family: "properties", message: (a) => `the optional response property ${prop(a)} became read-only${context(a)}` },
  { id: "response-optional-property-became-not-read-only", level: "INFO", direction: "response", family: "properties", message: (a) => `the optional response property ${prop(a)} is no longer read-only${context(a)}` },
  { id: "response-optional-property-became-write-only", level: "INFO", direction: "response", family: "properties", message: (a) => `the optional response property ${prop(a)} became write-only: it is no longer returned${context(a)}` },
  { id: "response-optional-property-became-not-write-only", level: "INFO", direction: "response", family: "properties", message: (a) => `the optional response property ${prop(a)} is no longer write-only${context(a)}` },
] as const satisfies readonly Rule[];

type PropertyRuleId = (typeof propertyRules)[number]["id"];
type Flagged = Pick<SchemaFinding, "flags"> & { kind: PropertyKind };

/** Which requiredness the flag ids are split by. */
function req<R extends PropertyRuleId, O extends PropertyRuleId>(f: Flagged, required: R, optional: O): R | O {
  return f.flags.required ? required : optional;
}

function requestBodyRule(f: Flagged): PropertyRuleId | undefined {
  // A readOnly property is never sent: adding, removing or requiring it does not concern callers.
  if (f.flags.readOnly && f.kind !== "property-became-read-only" && f.kind !== "property-became-not-read-only") return undefined;
  switch (f.kind) {
    case "property-added":
      return f.flags.required ? (f.flags.hasDefault ? "new-required-request-property-with-default" : "new-required-request-property") : "new-optional-request-property";
    case "property-removed":
      return "request-property-removed";
    case "property-became-required":
      return f.flags.hasDefault ? "request-property-became-required-with-default" : "request-property-became-required";
    case "property-became-optional":
      return "request-property-became-optional";
    case "property-became-read-only":
      return req(f, "request-required-property-became-read-only", "request-optional-property-became-read-only");
    case "property-became-not-read-only":
      return req(f, "request-required-property-became-not-read-only", "request-optional-property-became-not-read-only");
    case "property-became-write-only":
      return req(f, "request-required-property-became-write-only", "request-optional-property-became-write-only");
    case "property-became-not-write-only":
      return req(f, "request-required-property-became-not-write-only", "request-optional-property-became-not-write-only");
  }
}

function responseRule(f: Flagged): PropertyRuleId | undefined {
  const w = f.flags.writeOnly;
  switch (f.kind) {
    case "property-added":
      return w ? req(f, "response-required-write-only-property-added", "response-optional-write-only-property-added") : req(f, "response-required-property-added", "response-optional-property-added");
    case "property-removed":
      return w ? req(f, "response-required-write-only-property-removed", "response-optional-write-only-property-removed") : req(f, "response-required-property-removed", "response-optional-property-removed");
    case "property-became-required":
      return w ? "response-write-only-property-became-required" : "response-property-became-required";
    case "property-became-optional":
      return w ? "response-write-only-property-became-optional" : "response-property-became-optional";
    case "property-became-read-only":
      return req(f, "response-required-property-became-read-only", "response-optional-property-became-read-only");
    case "property-became-not-read-only":
      return req(f, "response-required-property-became-not-read-only", "response-optional-property-became-not-read-only");
    case "property-became-write-only":
      return req(f, "response-required-property-became-write-only", "response-optional-property-became-write-only");
    case "property-became-not-write-only":
      return req(f, "response-required-property-became-not-write-only", "response-optional-property-became-not-write-only");
  }
}

/** The rule of a property finding under the top schema `top`, or none (no id exists for it there). */
export function propertyRuleId(top: Pick<Top, "subject" | "in">, f: SchemaFinding): RuleId | undefined {
  const finding = f as Flagged;
  if (top.subject === "request-body") return requestBodyRule(finding);
  if (top.subject === "response-body") return responseRule(finding);
  if (top.subject === "request-parameter" && top.in === "header") {
    if (finding.kind === "property-added" && f.flags.required) return "new-required-request-header-property";
    if (finding.kind === "property-became-required") return "request-header-property-became-required";
  }
  return undefined;
}
