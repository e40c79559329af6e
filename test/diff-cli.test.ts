/** `contractgen diff` end to end: formats, the generated-client section, exit codes, errors. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../generator/cli.ts";
import { diffCommand } from "../generator/diff/command.ts";
import { recordingIo } from "./fixtures/diff/_io.ts";
import type { OptionValues } from "../generator/commands/io.ts";

const cwd = join(import.meta.dirname, "..");
const report = join(import.meta.dirname, "fixtures/diff/_report");
const base = relative(cwd, join(report, "base.yaml"));
const head = relative(cwd, join(report, "head.yaml"));

async function run(values: OptionValues, at = cwd): Promise<{ code: number; out: string; err: string }> {
  const io = recordingIo(at);
  const code = await diffCommand.run(values, io);
  return { code, out: io.lines.out.join("\n"), err: io.lines.err.join("\n") };
}

describe("contractgen diff", () => {
  it("writes the pull-request comment: summary, breaking table, the rest folded, the generated client", async () => {
    const { code, out } = await run({ base, head, format: "markdown" });
    expect(code).toBe(1);
    await expect(out).toMatchFileSnapshot("fixtures/diff/_report/report.md");
    expect(out.indexOf("### Breaking changes")).toBeLessThan(out.indexOf("<details>"));
    expect(out).toContain("### Generated client");
  });

  it("prints json sorted by operation, location, id, with breaking true iff an ERR", async () => {
    const { out } = await run({ base, head, format: "json", "no-surface": true });
    const json = JSON.parse(out) as { breaking: boolean; changes: { id: string; level: string; operation: string; location: string; message: string }[] };
    expect(Object.keys(json)).toEqual(["breaking", "changes"]);
    expect(json.breaking).toBe(true);
    expect(json.changes.map((c) => [c.operation, c.id, c.level])).toEqual([
      // Beyond oasdiff: the error-union member the removed status takes with it.
      ["DELETE /api/v2/billing/cards/{id}", "response-error-status-removed", "INFO"],
      ["DELETE /api/v2/billing/cards/{id}", "response-non-success-status-removed", "INFO"],
      ["GET /api/v2/billing/activity", "api-operation-id-removed", "INFO"],
      ["GET /api/v2/shared-hosting", "new-required-request-parameter", "ERR"],
      ["POST /api/v2/shared-hosting/{accountId}/addons/storage", "request-property-enum-value-added", "INFO"],
    ]);
    for (const c of json.changes) expect(Object.keys(c)).toEqual(["id", "level", "operation", "location", "message"]);
    expect(json.changes[0]!.message).toBe("documented error response 404 removed: `DeleteSavedCardError` loses the member `DocumentedError<404, \"not_found\", ...>`");
    expect(json.changes[3]!.location).toBe("/paths/~1api~1v2~1shared-hosting/get/parameters/0");
  });

  it("writes github annotations at the head file's lines", async () => {
    const { out } = await run({ base, head, format: "github" });
    const lines = out.split("\n");
    expect(lines).toHaveLength(5);
    expect(lines[3]).toMatch(/^::error file=test\/fixtures\/diff\/_report\/head\.yaml,line=244,title=new-required-request-parameter \(GET \/api\/v2\/shared-hosting\)::GET \/api\/v2\/shared-hosting: added the new required query request parameter `region`$/);
    expect(lines[0]).toMatch(/^::notice file=.*,line=\d+,/);
  });

  it("prints text for people: the summary, the breaking changes by operation, what is left out", async () => {
    const { out } = await run({ base, head, "no-surface": true });
    expect(out.split("\n")).toEqual([
      "1 breaking, 0 warnings, 4 notes",
      "",
      "Breaking changes (1):",
      "GET /api/v2/shared-hosting",
      "  ERR  added the new required query request parameter `region` [new-required-request-parameter]",
      "       at /paths/~1api~1v2~1shared-hosting/get/parameters/0",
      "",
      "4 notes not shown: --all shows them",
    ]);
  });

  it("lists warnings and notes after the breaking changes with --all or --level", async () => {
    const all = (await run({ base, head, "no-surface": true, all: true })).out;
    expect(all.indexOf("Breaking changes (1):")).toBeLessThan(all.indexOf("Notes (4):"));
    expect(all).toContain("DELETE /api/v2/billing/cards/{id}\n  INFO documented error response 404 removed");
    expect(all).not.toContain("not shown");
    expect((await run({ base, head, "no-surface": true, level: "INFO" })).out).toBe(all);
    expect((await run({ base, head, "no-surface": true, level: "WARN" })).out.split("\n").at(-1)).toBe("4 notes not shown: --all shows them");
    expect((await run({ base, head, all: true, level: "WARN" })).code).toBe(2);
  });

  it.each([
    ["ERR", 1],
    ["WARN", 1],
    ["never", 0],
  ])("exits by --fail-on %s", async (failOn, code) => {
    expect((await run({ base, head, "fail-on": failOn, "no-surface": true, format: "json" })).code).toBe(code);
  });

  it("exits 0 when nothing reaches --fail-on", async () => {
    const fixture = "test/fixtures/diff/request-property-max-length-set";
    // Reverse: the bound was removed, INFO only.
    expect((await run({ base: `${fixture}/head.yaml`, head: `${fixture}/base.yaml`, "no-surface": true })).code).toBe(0);
    expect((await run({ base: `${fixture}/base.yaml`, head: `${fixture}/head.yaml`, "no-surface": true })).code).toBe(0);
    expect((await run({ base: `${fixture}/base.yaml`, head: `${fixture}/head.yaml`, "no-surface": true, "fail-on": "WARN" })).code).toBe(1);
  });

  it("exits 2 for usage errors", async () => {
    expect((await run({ base })).code).toBe(2);
    expect((await run({ base, head, format: "xml" })).code).toBe(2);
    expect((await run({ base, head, "fail-on": "INFO" })).code).toBe(2);
  });

  it("exits 2 with the positioned error when a side is broken", async () => {
    const dir = mkdtempSync(join(tmpdir(), "contractgen-diff-"));
    writeFileSync(join(dir, "bad.yaml"), "openapi: 3.1.0\npaths:\n  /x:\n    get: [\n");
    writeFileSync(join(dir, "ref.yaml"), "openapi: 3.1.0\ninfo: { title: x, version: '1' }\npaths:\n  /x:\n    get:\n      responses:\n        '200': { $ref: '#/components/responses/Missing' }\n");
    const broken = await run({ base: "bad.yaml", head: "bad.yaml" }, dir);
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/^bad\.yaml:\d+:\d+: error: YAML syntax error/);
    const ref = await run({ base: "ref.yaml", head: "ref.yaml", "no-surface": true }, dir);
    expect(ref.code).toBe(2);
    expect(ref.err).toMatch(/^ref\.yaml:7:\d+: error: \$ref target not found/);
  });

  it("is registered in the CLI", async () => {
    const out: string[] = [];
    const code = await main(["diff", "--base", base, "--head", head, "--format", "json", "--no-surface", "--fail-on", "never"], { out: (l) => out.push(l), err: () => {}, cwd });
    expect(code).toBe(0);
    expect(JSON.parse(out.join("\n")).changes).toHaveLength(5);
  });
});
