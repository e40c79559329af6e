/**
 * lint's example validation (redocly's no-invalid-*-examples rules) runs a spec's patterns on RE2
 * (generator/lint/patterns.ts): `^(a+)+$` against a long example is answered at once, and a pattern RE2
 * cannot run checks nothing, with a positioned warning.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lintSpec } from "../generator/lint/index.ts";
import { loadSpec } from "../generator/spec/load.ts";

const dir = mkdtempSync(join(tmpdir(), "contractgen-lint-patterns-"));

async function lintWith(name: string, schema: unknown, example: unknown) {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    JSON.stringify({
      openapi: "3.1.0",
      info: { title: name, version: "1", description: "x" },
      servers: [{ url: "https://api.test" }],
      security: [],
      paths: { "/things": { get: { operationId: "listThings", summary: "List", description: "x", tags: [], responses: { "200": { description: "ok", content: { "application/json": { schema, example } } } } } } },
    }),
  );
  const spec = await loadSpec(file);
  const problems = await lintSpec(spec);
  return { spec, examples: problems.filter((p) => p.rule === "no-invalid-media-type-examples").map((p) => p.error.message) };
}

describe("lint's example validation", () => {
  it("answers ^(a+)+$ against a 41-character near-match (backtracking would take minutes)", async () => {
    const { examples } = await lintWith("redos", { type: "object", properties: { a: { type: "string", pattern: "^(a+)+$" } } }, { a: `${"a".repeat(40)}!` });
    expect(examples).toEqual([expect.stringContaining('must match pattern "^(a+)+$"')]);
  });

  it("checks nothing against a pattern RE2 cannot run, and says where it is", async () => {
    const { spec, examples } = await lintWith("lookahead", { type: "object", properties: { a: { type: "string", pattern: "^(?=b)a$" } } }, { a: "a" });
    expect(examples).toEqual([]);
    expect(spec.warnings!.map((w) => [w.message, w.pointer])).toEqual([
      ['pattern "^(?=b)a$" cannot run in linear time (invalid or unsupported Perl syntax: `(?=`); examples are not checked against it', "/paths/~1things/get/responses/200/content/application~1json/schema/properties/a/pattern"],
    ]);
  });
});
