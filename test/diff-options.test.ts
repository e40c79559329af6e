/** oasdiff's options on `contractgen diff`: severity levels, optional checks, excluded elements, deprecation days. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { OptionValues } from "../generator/commands/io.ts";
import { diffCommand } from "../generator/diff/command.ts";
import { parseSeverityLevels } from "../generator/diff/options.ts";
import { recordingIo } from "./fixtures/diff/_io.ts";

const fixtures = join(import.meta.dirname, "fixtures/diff");
const pair = (name: string, reverse = false) => {
  const [base, head] = [join(fixtures, name, "base.yaml"), join(fixtures, name, "head.yaml")];
  return reverse ? { base: head, head: base } : { base, head };
};

async function run(values: OptionValues, cwd = fixtures) {
  const io = recordingIo(cwd);
  const code = await diffCommand.run({ format: "json", "no-surface": true, ...values }, io);
  const changes = code === 2 ? [] : (JSON.parse(io.lines.out.join("\n")).changes as { id: string; level: string }[]);
  return { code, changes: changes.map((c) => `${c.level} ${c.id}`), err: io.lines.err.join("\n") };
}

function file(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "contractgen-diff-options-"));
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

describe("--severity-levels", () => {
  it("reads `id LEVEL` lines in any case, skipping blank lines and comments", () => {
    const levels = parseSeverityLevels("# ours\napi-tag-removed   err\n\nendpoint-deprecated NONE # silenced\nresponse-success-status-removed WARN\n", "levels.txt");
    expect([...levels]).toEqual([
      ["api-tag-removed", "ERR"],
      ["endpoint-deprecated", "NONE"],
      ["response-success-status-removed", "WARN"],
    ]);
  });

  it("accepts an oasdiff id contractgen does not implement", () => {
    expect(parseSeverityLevels("request-body-type-compatible ERR\n", "x").get("request-body-type-compatible")).toBe("ERR");
  });

  it.each([
    ["api-tag-removed\n", /^levels\.txt:1:1: error: severity levels: expected `<rule-id> <ERR\|WARN\|INFO\|NONE>`, got `api-tag-removed`$/],
    ["api-tag-removed ERR\nno-such-rule WARN\n", /^levels\.txt:2:1: error: severity levels: unknown rule id `no-such-rule`$/],
    ["api-tag-removed ERR\n\n  endpoint-deprecated LOUD\n", /^levels\.txt:3:23: error: severity levels: level `LOUD` is not one of ERR, WARN, INFO, NONE$/],
  ])("refuses %j with the file and line", async (text, message) => {
    const levels = file("levels.txt", text);
    const { code, err } = await run({ ...pair("api-tag-added", true), "severity-levels": levels }, join(levels, ".."));
    expect(code).toBe(2);
    expect(err.split("\n")[0]).toMatch(message);
  });

  it("raises, lowers and drops ids: the exit code follows", async () => {
    const reverse = pair("api-tag-added", true);
    expect(await run(reverse)).toMatchObject({ code: 0, changes: ["INFO api-tag-removed"] });
    expect(await run({ ...reverse, "severity-levels": file("l", "api-tag-removed ERR\n") })).toMatchObject({ code: 1, changes: ["ERR api-tag-removed"] });
    expect(await run({ ...reverse, "severity-levels": file("l", "api-tag-removed none\n") })).toMatchObject({ code: 0, changes: [] });
  });

  it("says when the file cannot be read", async () => {
    const { code, err } = await run({ ...pair("api-tag-added"), "severity-levels": "no-such-file.txt" });
    expect(code).toBe(2);
    expect(err).toContain("--severity-levels: cannot read no-such-file.txt");
  });
});

describe("--include-checks", () => {
  it("raises oasdiff's optional checks to ERR, comma-separated or repeated", async () => {
    const reverse = pair("api-tag-added", true);
    expect(await run({ ...reverse, "include-checks": ["api-tag-removed,api-schema-removed"] })).toMatchObject({ code: 1, changes: ["ERR api-tag-removed"] });
    expect(await run({ ...reverse, "include-checks": ["api-schema-removed", "api-tag-removed"] })).toMatchObject({ code: 1 });
    // An explicit severity level wins over the option.
    expect(await run({ ...reverse, "include-checks": ["api-tag-removed"], "severity-levels": file("l", "api-tag-removed WARN\n") })).toMatchObject({ changes: ["WARN api-tag-removed"] });
  });

  it("refuses an id that is not an optional check", async () => {
    const { code, err } = await run({ ...pair("api-tag-added"), "include-checks": ["endpoint-added"] });
    expect(code).toBe(2);
    expect(err).toMatch(/^error: --include-checks: `endpoint-added` is not an optional check \(one of api-schema-removed, api-operation-id-removed, /);
  });
});

describe("--exclude-elements", () => {
  it("drops changes to an excluded annotation only", async () => {
    const scopes = pair("api-security-component-oauth-scope-changed");
    expect((await run(scopes)).changes).toEqual(["INFO api-security-component-oauth-scope-changed"]);
    expect((await run({ ...scopes, "exclude-elements": ["description"] })).changes).toEqual([]);
    expect((await run({ ...scopes, "exclude-elements": ["title,summary,examples"] })).changes).toEqual(["INFO api-security-component-oauth-scope-changed"]);
  });

  it("refuses an element it does not know", async () => {
    const { code, err } = await run({ ...pair("api-tag-added"), "exclude-elements": ["description,paths"] });
    expect(code).toBe(2);
    expect(err.split("\n")[0]).toBe("error: --exclude-elements: `paths` is not one of description, examples, title, summary");
  });
});

describe("--deprecation-days-beta / --deprecation-days-stable", () => {
  it("asks a deprecated stable endpoint for a sunset at least N days away", async () => {
    const deprecated = pair("endpoint-deprecated");
    expect((await run(deprecated)).changes).toEqual(["INFO endpoint-deprecated"]);
    expect(await run({ ...deprecated, "deprecation-days-stable": "30" })).toMatchObject({ code: 1, changes: ["ERR api-deprecated-sunset-missing"] });
    // The beta policy does not reach a stable endpoint.
    expect((await run({ ...deprecated, "deprecation-days-beta": "30" })).changes).toEqual(["INFO endpoint-deprecated"]);
  });

  it("judges a beta endpoint by the beta policy", async () => {
    const base = file("base.yaml", "openapi: 3.1.0\ninfo: { title: x, version: '1' }\npaths:\n  /x:\n    get: { operationId: getX, x-stability-level: beta, responses: { '200': { description: ok } } }\n");
    const head = file("head.yaml", "openapi: 3.1.0\ninfo: { title: x, version: '1' }\npaths:\n  /x:\n    get: { operationId: getX, x-stability-level: beta, deprecated: true, x-sunset: '2099-01-01', responses: { '200': { description: ok } } }\n");
    expect((await run({ base, head, "deprecation-days-beta": "10" })).changes).toEqual(["INFO endpoint-deprecated-with-sunset"]);
    // A sunset further than today + N days is needed: 2099 is, an absurd policy is not met.
    expect((await run({ base, head, "deprecation-days-beta": "100000" })).changes).toEqual(["ERR api-sunset-date-too-small"]);
  });

  it.each(["-1", "thirty", "1.5"])("refuses %s days", async (days) => {
    const { code, err } = await run({ ...pair("endpoint-deprecated"), "deprecation-days-stable": days });
    expect(code).toBe(2);
    expect(err).toBe(`error: --deprecation-days-stable must be a whole number of days (0 or more), got \`${days}\`\n  hint: see \`contractgen diff --help\``);
  });
});

describe("--help", () => {
  it("lists every option the command takes", () => {
    for (const name of Object.keys(diffCommand.options)) expect(diffCommand.usage, name).toContain(`--${name}`);
  });
});
