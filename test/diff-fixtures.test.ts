/** Every rule has a fixture pair named after it (or is the reverse of one); each pair runs both ways. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diffSpecs, RULES, ruleById } from "../generator/diff/index.ts";
import { loadSpec } from "../generator/load.ts";

const root = join(import.meta.dirname, "fixtures/diff");
const pairs = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith("_"))
  .map((d) => d.name)
  .sort();

interface Expected {
  forward: { id: string; level: string; operation: string; location: string }[];
  reverse: { id: string; level: string; operation: string; location: string }[];
}

const run = (from: string, to: string) =>
  diffSpecs(loadSpec(from), loadSpec(to)).findings.map((f) => ({ id: f.id, level: f.level, operation: f.operation, location: f.location }));

describe("fixture pairs", () => {
  it("has at least 60 pairs, each with base, head and expected results", () => {
    expect(pairs.length).toBeGreaterThanOrEqual(60);
    for (const name of pairs) for (const file of ["base.yaml", "head.yaml", "expected.json"]) expect(existsSync(join(root, name, file)), `${name}/${file}`).toBe(true);
  });

  it.each(pairs)("%s", (name) => {
    const dir = join(root, name);
    const expected = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as Expected;
    const forward = run(join(dir, "base.yaml"), join(dir, "head.yaml"));
    const reverse = run(join(dir, "head.yaml"), join(dir, "base.yaml"));
    expect(forward).toEqual(expected.forward);
    expect(reverse).toEqual(expected.reverse);
    // The pair is named after the check it exercises, which fires forward at its registry level.
    expect(forward.map((c) => c.id)).toContain(name);
    expect(forward.find((c) => c.id === name)!.level).toBe(ruleById(name).level);
    for (const c of [...forward, ...reverse]) expect(c.level).toBe(ruleById(c.id).level);
  });

  it("exercises every rule of the registry, forward or in reverse", () => {
    const seen = new Set<string>();
    for (const name of pairs) {
      const expected = JSON.parse(readFileSync(join(root, name, "expected.json"), "utf8")) as Expected;
      for (const c of [...expected.forward, ...expected.reverse]) seen.add(c.id);
    }
    expect(RULES.map((r) => r.id).filter((id) => !seen.has(id))).toEqual([]);
  });
});
