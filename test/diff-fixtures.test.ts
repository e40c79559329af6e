/**
 * Every rule has a fixture pair named after it (or is the reverse of one), `<rule-id>` or
 * `<rule-id>+<case>` when one rule has several cases worth showing; each pair runs both ways,
 * on a fixed day, with the pair's options (options.json) when it has any. What each way must report is
 * written by hand in the pair's expected.yaml (`_draft.ts` drafts one for a new pair, never over an
 * existing one). A pair whose reverse reports nothing is an asymmetry, and must say why below.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { RULES, ruleById } from "../generator/diff/index.ts";
import { diffPair } from "./fixtures/diff/_run.ts";

const root = join(import.meta.dirname, "fixtures/diff");
const pairs = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith("_"))
  .map((d) => d.name)
  .sort();

interface Row {
  level: string;
  id: string;
  operation: string;
  at: string;
}

interface Expected {
  forward: Row[];
  reverse: Row[];
}

const expectedOf = (name: string) => YAML.parse(readFileSync(join(root, name, "expected.yaml"), "utf8")) as Expected;

const SAFE_REVERSE = "the reverse loosens a request or tightens a response: safe, and oasdiff names no id for it";
const NO_CONTRACT = "the reverse adds something that constrains nobody";
/** Pairs whose reverse reports nothing, and why. */
const ONE_WAY: Record<string, string> = {
  "api-schema-removed": "adding a component schema changes no operation",
  "api-sunset-date-changed-too-small": "moving a sunset later is within the policy",
  "sunset-deleted": "adding a sunset date to a deprecated endpoint is within the policy",
  "request-parameter-sunset-date-changed-too-small": "moving a sunset later is within the policy",
  "request-parameter-sunset-deleted": "adding a sunset date to a deprecated parameter is within the policy",
  "new-required-request-header-property": "removing a header's property: oasdiff has no id for it, and the header carries it as text",
  "request-header-property-became-enum": "dropping a header property's enum accepts more: safe",
  "request-header-property-became-required": "a header property becoming optional accepts more: safe",
  "request-parameter-x-extensible-enum-value-removed": "an x-extensible-enum value added is expected by definition of an extensible enum",
  "request-property-x-extensible-enum-value-removed": "an x-extensible-enum value added is expected by definition of an extensible enum",
  "request-property-exclusive-min-set+same-value": "an exclusive bound made inclusive at the same value accepts one more value: safe in a request, and oasdiff names no id for it",
  "request-body-exclusive-max-set": SAFE_REVERSE,
  "request-body-exclusive-min-set": SAFE_REVERSE,
  "request-body-min-items-increased": SAFE_REVERSE,
  "request-body-min-items-set": SAFE_REVERSE,
  "request-parameter-exclusive-max-set": SAFE_REVERSE,
  "request-parameter-exclusive-min-set": SAFE_REVERSE,
  "request-parameter-min-items-set": SAFE_REVERSE,
  "request-property-exclusive-max-set": SAFE_REVERSE,
  "request-property-exclusive-min-set": SAFE_REVERSE,
  "request-property-min-items-increased": SAFE_REVERSE,
  "request-property-min-items-set": SAFE_REVERSE,
  "response-body-exclusive-max-increased": SAFE_REVERSE,
  "response-body-exclusive-min-decreased": SAFE_REVERSE,
  "response-body-min-items-decreased": SAFE_REVERSE,
  "response-body-min-items-unset": NO_CONTRACT,
  "response-property-exclusive-max-increased": SAFE_REVERSE,
  "response-property-exclusive-min-decreased": SAFE_REVERSE,
  "response-property-min-items-decreased": SAFE_REVERSE,
  "response-property-min-items-unset": NO_CONTRACT,
};

const options = (dir: string) => (existsSync(join(dir, "options.json")) ? (JSON.parse(readFileSync(join(dir, "options.json"), "utf8")) as Record<string, number>) : {});

const run = (from: string, to: string, opts: Record<string, number>): Row[] => diffPair(from, to, opts).map((c) => ({ level: c.level, id: c.id, operation: c.operation, at: c.location }));

describe("fixture pairs", () => {
  it("has at least 400 pairs, each with base, head and expected results", () => {
    expect(pairs.length).toBeGreaterThanOrEqual(400);
    for (const name of pairs) for (const file of ["base.yaml", "head.yaml", "expected.yaml"]) expect(existsSync(join(root, name, file)), `${name}/${file}`).toBe(true);
  });

  it.each(pairs)("%s", (name) => {
    const dir = join(root, name);
    const expected = expectedOf(name);
    const forward = run(join(dir, "base.yaml"), join(dir, "head.yaml"), options(dir));
    const reverse = run(join(dir, "head.yaml"), join(dir, "base.yaml"), options(dir));
    expect(forward).toEqual(expected.forward);
    expect(reverse).toEqual(expected.reverse);
    // The pair is named after the check it exercises, which fires forward at its registry level.
    const id = name.split("+")[0]!;
    expect(forward.map((c) => c.id)).toContain(id);
    expect(forward.find((c) => c.id === id)!.level).toBe(ruleById(id).level);
    for (const c of [...forward, ...reverse]) expect(c.level).toBe(ruleById(c.id).level);
  });

  it("runs every pair in reverse: an empty reverse has a written reason, and every reason is used", () => {
    const oneWay = pairs.filter((name) => expectedOf(name).reverse.length === 0);
    expect(oneWay.filter((name) => !ONE_WAY[name])).toEqual([]);
    expect(Object.keys(ONE_WAY).filter((name) => !oneWay.includes(name))).toEqual([]);
  });

  it("exercises every rule of the registry, forward or in reverse", () => {
    const seen = new Set<string>();
    for (const name of pairs) {
      const expected = expectedOf(name);
      for (const c of [...expected.forward, ...expected.reverse]) seen.add(c.id);
    }
    expect(RULES.map((r) => r.id).filter((id) => !seen.has(id))).toEqual([]);
  });
});

describe("_draft.ts", () => {
  const draft = (dir: string) => spawnSync(process.execPath, ["--import", "tsx", join(root, "_draft.ts"), dir], { cwd: join(root, "../../.."), encoding: "utf8" });

  it("drafts the expectations of a new pair, and never rewrites an existing one", () => {
    const work = mkdtempSync(join(tmpdir(), "diff-draft-"));
    try {
      const pair = join(work, "request-body-became-required");
      cpSync(join(root, "request-body-became-required"), pair, { recursive: true });
      const written = readFileSync(join(pair, "expected.yaml"), "utf8");
      expect(draft(pair).stdout).toMatch(/has expected\.yaml already/);
      expect(readFileSync(join(pair, "expected.yaml"), "utf8")).toBe(written);
      rmSync(join(pair, "expected.yaml"));
      expect(draft(pair).stdout).toMatch(/drafted, review it/);
      expect(YAML.parse(readFileSync(join(pair, "expected.yaml"), "utf8"))).toEqual(YAML.parse(written));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
