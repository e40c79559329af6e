/** The registry: unique kebab-case ids, a level, a family and a message for every rule; oasdiff's ids covered or explained. */
import { describe, expect, it } from "vitest";
import { LEVELS } from "../generator/diff/core/types.ts";
import { SCHEMA_RULES } from "../generator/diff/checks/schema-rules.ts";
import { additionOf, isOmitted, LEVEL_DIFFERENCES, levelDifference, OMISSIONS } from "../generator/diff/differences.ts";
import { RULES } from "../generator/diff/index.ts";
import { CHECKS, OPTIONAL_RULES } from "../generator/diff/registry.ts";
import oasdiff from "../generator/diff/oasdiff-rules.json" with { type: "json" };

const FAMILIES = ["paths", "parameters", "request-bodies", "responses", "headers", "media-types", "security", "schemas", "properties", "webhooks", "components", "error-codes", "versions"];
const ARGS = { name: "field", in: "query", from: "a", to: "b", values: "`x`", count: "1", status: "200", mediaType: "application/json", context: "response 200", requirement: "`bearer`", scheme: "oauth", scopes: "`read`", date: "2030-01-01", days: "30", value: "`gold`", keyword: "if", member: "`GetCardError`" };
const levelOf = new Map(RULES.map((r) => [r.id, r.level]));

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

  it("registers each family once, with its own rules", () => {
    const families = CHECKS.map((c) => c.family);
    expect(new Set(families).size).toBe(families.length);
    for (const check of CHECKS) for (const rule of check.rules) expect(rule.family, rule.id).toBe(check.family);
  });

  it("declares oasdiff's optional checks on their rules, at INFO", () => {
    expect([...OPTIONAL_RULES].sort()).toEqual([
      "api-operation-id-removed",
      "api-schema-removed",
      "api-tag-removed",
      "response-mediatype-enum-value-removed",
      "response-non-success-status-removed",
      "response-property-enum-value-removed",
    ]);
    for (const id of OPTIONAL_RULES) expect(levelOf.get(id), id).toBe("INFO");
  });

  it("runs the checks that read the others' verdict last", () => {
    const firstAfter = CHECKS.findIndex((c) => "after" in c);
    expect(firstAfter).toBeGreaterThan(0);
    expect(CHECKS.slice(firstAfter).every((c) => "after" in c && !("spec" in c) && !("operation" in c))).toBe(true);
  });

  it("keeps oasdiff's id list with its source", () => {
    expect(oasdiff.source).toMatch(/^https:\/\/github\.com\/oasdiff\/oasdiff\/blob\/[0-9a-f]{40}\/checker\/rules\.go$/);
    expect(oasdiff.rules.length).toBeGreaterThan(500);
    expect(new Set(oasdiff.rules.map((r) => r.id)).size).toBe(oasdiff.rules.length);
  });

  it("implements every oasdiff id at oasdiff's level, or lists why not", () => {
    const unexplained = oasdiff.rules
      .filter((r) => levelOf.get(r.id) !== r.level && levelDifference(r.id) === undefined && !isOmitted(r.id))
      .map((r) => `${r.id} (${r.level}, ours ${levelOf.get(r.id) ?? "missing"})`);
    expect(unexplained).toEqual([]);
  });

  it("lists only real differences, each with a reason that matches the registry", () => {
    const known = new Map(oasdiff.rules.map((r) => [r.id, r.level]));
    for (const d of LEVEL_DIFFERENCES) {
      expect(d.reason.length).toBeGreaterThan(20);
      for (const id of d.ids) {
        expect(known.has(id), `${id} is an oasdiff id`).toBe(true);
        expect(levelOf.get(id), id).toBe(d.level);
        expect(d.level, id).not.toBe(known.get(id));
      }
    }
    for (const d of OMISSIONS) {
      expect(d.reason.length).toBeGreaterThan(20);
      for (const id of d.ids) {
        expect(known.has(id), `${id} is an oasdiff id`).toBe(true);
        expect(levelOf.has(id), `${id} is listed as not implemented but is in the registry`).toBe(false);
      }
    }
  });

  it("says why of every id contractgen adds to oasdiff's", () => {
    const known = new Set(oasdiff.rules.map((r) => r.id));
    const project = new Set<string>(SCHEMA_RULES.filter((r) => "project" in r && r.project).map((r) => r.id));
    for (const id of project) expect(known.has(id), `${id} is marked project but is an oasdiff id`).toBe(false);
    const unexplained = RULES.map((r) => r.id).filter((id) => !known.has(id) && additionOf(id, project.has(id)) === undefined);
    expect(unexplained).toEqual([]);
  });

  it("gives the same change opposite levels in a request and a response", () => {
    const level = (id: string) => levelOf.get(id);
    expect(level("request-property-became-nullable")).toBe("INFO");
    expect(level("response-property-became-nullable")).toBe("ERR");
    expect(level("request-property-enum-value-removed")).toBe("ERR");
    expect(level("response-property-enum-value-removed")).toBe("INFO");
    expect(level("request-property-max-length-increased")).toBe("INFO");
    expect(level("response-property-max-length-increased")).toBe("ERR");
  });
});
