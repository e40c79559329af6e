/** The registry: unique kebab-case ids, a level, a family and a message for every rule. */
import { describe, expect, it } from "vitest";
import { RULES } from "../generator/diff/index.ts";
import { LEVELS } from "../generator/diff/types.ts";

const FAMILIES = ["paths", "parameters", "request-bodies", "responses", "headers", "media-types", "security", "enums", "schemas"];
const ARGS = { name: "field", in: "query", from: "a", to: "b", values: "`x`", count: "1", status: "200", mediaType: "application/json", context: "response 200", requirement: "`bearer`", scheme: "oauth", scopes: "`read`" };

describe("rule registry", () => {
  it("has unique ids", () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(RULES.map((r) => [r.id, r] as const))("%s has a kebab-case id, a level, a family and a message", (id, rule) => {
    expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(LEVELS).toContain(rule.level);
    expect(FAMILIES).toContain(rule.family);
    const message = rule.message(ARGS);
    expect(message.length).toBeGreaterThan(5);
    expect(message).not.toMatch(/undefined/);
    if (rule.direction) expect(["request", "response"]).toContain(rule.direction);
  });

  it("uses oasdiff's ids for the changes oasdiff names", () => {
    const ids = new Set(RULES.map((r) => r.id));
    for (const id of [
      "api-path-removed-without-deprecation",
      "new-required-request-parameter",
      "request-parameter-type-changed",
      "response-success-status-removed",
      "response-required-property-removed",
      "new-required-request-property",
      "response-property-enum-value-added",
      "request-body-media-type-removed",
    ]) {
      expect(ids.has(id), id).toBe(true);
    }
  });

  it("gives the same change opposite levels in a request and a response", () => {
    const level = (id: string) => RULES.find((r) => r.id === id)!.level;
    expect(level("request-property-became-nullable")).toBe("INFO");
    expect(level("response-property-became-nullable")).toBe("ERR");
    expect(level("request-property-enum-value-removed")).toBe("ERR");
    expect(level("response-property-enum-value-removed")).toBe("INFO");
    expect(level("request-property-max-length-increased")).toBe("INFO");
    expect(level("response-property-max-length-increased")).toBe("ERR");
  });
});
