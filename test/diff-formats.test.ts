/** Grouped markdown, the changelog, and GitHub annotation paths from the repository root. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { OptionValues } from "../generator/commands/io.ts";
import { diffCommand } from "../generator/diff/command.ts";
import { recordingIo } from "./fixtures/diff/_io.ts";

const spec = (amount: string, extraPath = "") => `openapi: 3.1.0
info: { title: Cards, version: "1" }
paths:
  /cards:
    get:
      operationId: listCards
      responses:
        "200": { description: ok, content: { application/json: { schema: { type: array, items: { $ref: "#/components/schemas/Card" } } } } }
  /cards/{id}:
    get:
      operationId: getCard
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses:
        "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Card" } } } }${extraPath}
components:
  schemas:
    Card:
      type: object
      required: [id, amount]
      properties:
        id: { type: string }
        amount: { type: ${amount} }
`;
const removedPath = `
  /legacy:
    get:
      operationId: legacy
      responses: { "200": { description: ok } }`;

let repo: string;

beforeAll(() => {
  repo = realpathSync(mkdtempSync(join(tmpdir(), "contractgen-diff-formats-")));
  mkdirSync(join(repo, "api/spec"), { recursive: true });
  execFileSync("git", ["init", "-q"], { cwd: repo });
  writeFileSync(join(repo, "api/spec/base.yaml"), spec("integer", removedPath));
  writeFileSync(join(repo, "api/spec/head.yaml"), spec("string"));
});

async function run(values: OptionValues, cwd = join(repo, "api"), env: Record<string, string> = {}) {
  const io = { ...recordingIo(cwd), env };
  const code = await diffCommand.run({ base: "spec/base.yaml", head: "spec/head.yaml", ...values }, io);
  return { code, out: io.lines.out.join("\n") };
}

describe("markdown", () => {
  it("reports a shared-schema edit once, with the operations it reaches under it", async () => {
    const { out } = await run({ format: "markdown", "no-surface": true });
    const rows = out.split("\n").filter((l) => l.includes("`response-property-type-changed`"));
    expect(rows).toEqual([
      "| ERR | `#/components/schemas/Card`, 2 operations:<br>`GET /cards`<br>`GET /cards/{id}` | the type of the response property `amount` changed from `integer` to `string` (`response 200, application/json`) | `response-property-type-changed` | `/components/schemas/Card/properties/amount` |",
    ]);
    expect(out).toContain("| ERR | `GET /legacy` | path removed without deprecation | `api-path-removed-without-deprecation` |");
  });

  it("keeps one json entry per operation, for tools", async () => {
    const { out } = await run({ format: "json", "no-surface": true });
    const changes = (JSON.parse(out).changes as { id: string; operation: string }[]).filter((c) => c.id === "response-property-type-changed");
    expect(changes.map((c) => c.operation)).toEqual(["GET /cards", "GET /cards/{id}"]);
  });
});

describe("--format changelog", () => {
  it("groups the changes by operation, with the generated-client section last", async () => {
    const { code, out } = await run({ format: "changelog" });
    expect(code).toBe(1);
    const lines = out.split("\n");
    expect(lines.slice(0, 3)).toEqual(["# API changelog", "", "3 change(s): 3 ERR, 0 WARN, 0 INFO"]);
    expect(lines.filter((l) => l.startsWith("## "))).toEqual(["## `GET /cards`", "## `GET /cards/{id}`", "## `GET /legacy`"]);
    const section = lines.slice(lines.indexOf("## `GET /cards/{id}`"), lines.indexOf("## `GET /legacy`"));
    expect(section).toContain("- **breaking**: the type of the response property `amount` changed from `integer` to `string` (`response 200, application/json`) (`response-property-type-changed`)");
    expect(out).toContain("### Generated client");
    expect(out).toContain("client methods removed: `legacy`");
  });

  it("says when nothing changed", async () => {
    const { code, out } = await run({ format: "changelog", head: "spec/base.yaml", "no-surface": true });
    expect(code).toBe(0);
    expect(out).toBe("# API changelog\n\nNo contract changes.\n");
  });
});

describe("--format github", () => {
  it("names files from the repository root, not the current folder", async () => {
    const { out } = await run({ format: "github" });
    expect(out.split("\n")[0]).toMatch(/^::error file=api\/spec\/head\.yaml,line=\d+,/);
  });

  it("names files from $GITHUB_WORKSPACE when it is set", async () => {
    const { out } = await run({ format: "github" }, join(repo, "api"), { GITHUB_WORKSPACE: join(repo, "api/spec") });
    expect(out.split("\n")[0]).toMatch(/^::error file=head\.yaml,line=\d+,/);
  });

  it("names files from the current folder outside git", async () => {
    const plain = realpathSync(mkdtempSync(join(tmpdir(), "contractgen-diff-nogit-")));
    mkdirSync(join(plain, "spec"));
    writeFileSync(join(plain, "spec/base.yaml"), spec("integer"));
    writeFileSync(join(plain, "spec/head.yaml"), spec("string"));
    const { out } = await run({ format: "github" }, plain);
    expect(out.split("\n")[0]).toMatch(/^::error file=spec\/head\.yaml,line=\d+,/);
  });
});
