/** Git sides: `ref:path` read with `git show` (no checkout), `$ref`d files from the same ref, config mode. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { OptionValues } from "../generator/commands/io.ts";
import { diffCommand } from "../generator/diff/command.ts";
import { recordingIo } from "./fixtures/diff/_io.ts";

let repo: string;

const spec = (extraParam: string, limitType: string) => `openapi: 3.1.0
info:
  title: X
  version: "1"
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - $ref: "./common.yaml#/Limit"${extraParam}
      responses:
        "200":
          description: ok
`;
const common = (type: string) => `Limit:\n  name: limit\n  in: query\n  schema:\n    type: ${type}\n`;

function git(...args: string[]) {
  execFileSync("git", args, { cwd: repo, stdio: "pipe" });
}

async function run(values: OptionValues, cwd = repo) {
  const io = recordingIo(cwd);
  const code = await diffCommand.run(values, io);
  return { code, out: io.lines.out.join("\n"), err: io.lines.err.join("\n") };
}

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), "contractgen-diff-git-"));
  mkdirSync(join(repo, "spec"));
  git("init", "-q", "-b", "main");
  git("config", "user.email", "test@example.com");
  git("config", "user.name", "test");
  git("config", "commit.gpgsign", "false");
  writeFileSync(join(repo, "spec/x.yaml"), spec("", "integer"));
  writeFileSync(join(repo, "spec/common.yaml"), common("integer"));
  git("add", ".");
  git("commit", "-qm", "first");
  writeFileSync(join(repo, "spec/common.yaml"), common("string"));
  git("commit", "-qam", "second: limit becomes a string");
  // The working tree: a new required parameter, not committed.
  writeFileSync(join(repo, "spec/x.yaml"), spec(`\n        - { name: region, in: query, required: true, schema: { type: string } }`, "string"));
});

describe("git sides", () => {
  it("diffs HEAD~1:spec/x.yaml (and the file it $refs, from the same commit) against the working file", async () => {
    const head = readFileSync(join(repo, "spec/x.yaml"), "utf8");
    const { code, out } = await run({ base: "HEAD~1:spec/x.yaml", head: "spec/x.yaml", format: "json", "no-surface": true });
    expect(code).toBe(1);
    expect(JSON.parse(out).changes.map((c: { id: string; location: string }) => `${c.id} ${c.location}`)).toEqual([
      "new-required-request-parameter /paths/~1items/get/parameters/1",
      "request-parameter-type-changed common.yaml#/Limit/schema",
    ]);
    // Nothing was checked out.
    expect(readFileSync(join(repo, "spec/x.yaml"), "utf8")).toBe(head);
    expect(execFileSync("git", ["status", "--porcelain"], { cwd: repo, encoding: "utf8" }).trim()).toBe("M spec/x.yaml");
  });

  it("diffs two refs", async () => {
    const { out } = await run({ base: "HEAD~1:spec/x.yaml", head: "HEAD:spec/x.yaml", format: "json", "no-surface": true });
    expect(JSON.parse(out).changes.map((c: { id: string }) => c.id)).toEqual(["request-parameter-type-changed"]);
  });

  it("reports a file missing at the ref, and an unknown ref, as errors (exit 2)", async () => {
    const missing = await run({ base: "HEAD~1:spec/nope.yaml", head: "spec/x.yaml" });
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("spec file not found at HEAD~1: spec/nope.yaml");
    const unknown = await run({ base: "no-such-ref:spec/x.yaml", head: "spec/x.yaml" });
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown git ref "no-such-ref"');
  });

  it("compares every configured spec with --base-ref, a spec missing on the base being all added", async () => {
    writeFileSync(join(repo, "spec/y.yaml"), spec("", "integer").replace("/items", "/things").replace("listItems", "listThings"));
    writeFileSync(
      join(repo, "contractgen.config.json"),
      JSON.stringify({ apis: [{ name: "x", spec: "spec/x.yaml", output: "generated/x" }, { name: "y", spec: "spec/y.yaml", output: "generated/y" }] }),
    );
    const { code, out } = await run({ "base-ref": "HEAD~1", format: "json", "no-surface": true });
    expect(code).toBe(1);
    expect(JSON.parse(out).changes.map((c: { api: string; id: string }) => `${c.api} ${c.id}`)).toEqual([
      "x new-required-request-parameter",
      "x request-parameter-type-changed",
      "y endpoint-added",
    ]);
    // `--base REF` alone is the same, as the workflow calls it.
    expect((await run({ base: "HEAD~1", format: "json", "no-surface": true })).out).toBe(out);
  });
});
