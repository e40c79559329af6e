/**
 * generate, check and --dry-run through `main` in a scratch project: check names each
 * stale file with the first changed lines as a unified diff excerpt and a hint to regenerate;
 * --dry-run says what would change and writes nothing; -q prints nothing on success, --verbose adds
 * the stage timings; the pipeline's warnings and notices are printed, once each, at most 20 (and
 * silenced by -q).
 */
import { readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffExcerpt } from "../generator/commands/compare.ts";
import { NO_PAINT } from "../generator/findings/colour.ts";
import { printNotices, type CommandIo } from "../generator/commands/io.ts";
import { generationFindings } from "../generator/findings/from-generation.ts";
import { UserError } from "../generator/errors.ts";
import { runMain } from "./support/cli.ts";
import { scratchCopy, snapshotTree } from "./support/tree.ts";

const SPEC = `openapi: 3.1.0
info:
  title: Pets
  version: "1"
paths:
  /pets/{petId}:
    get:
      operationId: getPet
      summary: Get a pet
      parameters:
        - name: petId
          in: path
          required: true
          schema:
            type: string
      responses:
        "200":
          description: The pet
          content:
            application/json:
              schema:
                type: object
                properties:
                  name:
                    type: string
`;

const run = runMain;

describe("diffExcerpt", () => {
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`);

  it("one changed line: a hunk header, two lines of context each side", () => {
    const have = lines(10);
    const want = [...have];
    want[4] = "line five";
    expect(diffExcerpt(have.join("\n"), want.join("\n"))).toBe(["@@ -3,5 +3,5 @@", " line 3", " line 4", "-line 5", "+line five", " line 6", " line 7"].join("\n"));
  });

  it("an inserted line and a removed line are told apart from a change", () => {
    const have = lines(6);
    expect(diffExcerpt(have.join("\n"), [...have.slice(0, 3), "new", ...have.slice(3)].join("\n"))).toBe(["@@ -2,4 +2,5 @@", " line 2", " line 3", "+new", " line 4", " line 5"].join("\n"));
    expect(diffExcerpt(have.join("\n"), [...have.slice(0, 3), ...have.slice(4)].join("\n"))).toBe(["@@ -2,5 +2,4 @@", " line 2", " line 3", "-line 4", " line 5", " line 6"].join("\n"));
  });

  it("shows only the first hunk, and at most maxLines changed lines", () => {
    const have = lines(40);
    const want = have.map((l, i) => (i < 30 ? `${l}!` : l));
    const excerpt = diffExcerpt(have.join("\n"), want.join("\n"), { maxLines: 4 }).split("\n");
    expect(excerpt).toEqual(["@@ -1,32 +1,32 @@", "-line 1", "-line 2", "-line 3", "-line 4", "... 56 more changed line(s)"]);
    const twoHunks = [...have];
    twoHunks[2] = "x";
    twoHunks[30] = "y";
    expect(diffExcerpt(have.join("\n"), twoHunks.join("\n"))).not.toContain("+y");
  });

  it("a change at the very end", () => {
    expect(diffExcerpt("a\nb\nc\n", "a\nb\nc\nd\n")).toBe(["@@ -2,3 +2,4 @@", " b", " c", "+d", " "].join("\n"));
  });
});

describe("printNotices", () => {
  const io = (lines: { warn: string[]; verbose: string[] }) =>
    ({ cwd: "/p", warn: (l: string) => lines.warn.push(l), verbose: (l: string) => lines.verbose.push(l), paint: { out: NO_PAINT, err: NO_PAINT } }) as unknown as CommandIo;

  it("prints load notices and model warnings once each, paths relative, positions when they have one", () => {
    const lines = { warn: [] as string[], verbose: [] as string[] };
    const odd = new UserError({ kind: "spec", message: "odd", position: { file: "/p/spec.yaml", line: 3, col: 5 } });
    const g = {
      findings: generationFindings(
        { notices: ["/p/spec.yaml: Swagger 2.0 converted to OpenAPI 3.0"], warnings: [odd] },
        { warnings: ["GET /a has no operationId; it is named getA", "GET /a has no operationId; it is named getA"] },
      ),
    };
    printNotices([g, g], io(lines));
    expect(lines.warn).toEqual(["spec.yaml:3:5: warning: odd", "notice: spec.yaml: Swagger 2.0 converted to OpenAPI 3.0", "warning: GET /a has no operationId; it is named getA"]);
  });

  it("prints the first 20 of many, and the rest with --verbose", () => {
    const lines = { warn: [] as string[], verbose: [] as string[] };
    const warnings = Array.from({ length: 25 }, (_, i) => `warning number ${i + 1}`);
    printNotices([{ findings: generationFindings({}, { warnings }) }], io(lines));
    expect(lines.warn).toHaveLength(21);
    expect(lines.warn.at(-1)).toBe("... and 5 more warning(s) (--verbose prints them all)");
    expect(lines.verbose).toEqual(warnings.slice(20).map((w) => `warning: ${w}`));
  });
});

describe("generate, check and --dry-run in a project", () => {
  let dir: string;
  beforeAll(async () => {
    dir = scratchCopy("contractgen-check");
    writeFileSync(join(dir, "spec.yaml"), SPEC);
    writeFileSync(join(dir, "contractgen.config.json"), JSON.stringify({ apis: [{ name: "pets", spec: "spec.yaml", output: "generated/pets" }] }));
    const first = await run(["generate", "--verbose"], dir);
    expect(first.code, first.err).toBe(0);
    expect(first.out.split("\n")).toEqual([
      expect.stringMatching(/^pets: wrote generated\/pets\/ \(7 files\) in \d+ ms$/),
      expect.stringMatching(/^runtime: wrote generated\/runtime\/ \(\d+ files\)$/),
      expect.stringMatching(/^done in \d+ ms$/),
    ]);
    expect(first.err).toMatch(/^  pets: load \d+ ms, validate \d+ ms, model \d+ ms, render \d+ ms, emit \d+ ms \| format \d+ ms in parallel$/m);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("check passes on fresh output; -q prints nothing", async () => {
    expect(await run(["check"], dir)).toEqual({ code: 0, out: "generated output is up to date (pets)", err: "" });
    expect(await run(["check", "-q"], dir)).toEqual({ code: 0, out: "", err: "" });
    expect(await run(["generate", "-q"], dir)).toEqual({ code: 0, out: "", err: "" });
  }, 30_000);

  it("a changed summary: check shows the changed lines of each stale file and leaves the output alone", async () => {
    writeFileSync(join(dir, "spec.yaml"), SPEC.replace("summary: Get a pet", "summary: Fetch a pet"));
    try {
      const before = snapshotTree(join(dir, "generated"));
      const { code, out, err } = await run(["check"], dir);
      expect({ code, out }).toEqual({ code: 1, out: "" });
      // The summary is the doc comment of the operations interface and of the operation's function.
      expect(err).toMatch(/^stale: generated\/pets\/operations\.ts\n  @@ -\d+,\d+ \+\d+,\d+ @@\n(  .*\n)*  -   \* Get a pet\n  \+   \* Fetch a pet$/m);
      expect(err).toMatch(/^stale: generated\/pets\/functions\.ts\n  @@ -\d+,\d+ \+\d+,\d+ @@\n(  .*\n)*  - \* Get a pet\n  \+ \* Fetch a pet$/m);
      expect(err).not.toMatch(/^stale: generated\/runtime/m);
      expect(err.split("\n").at(-1)).toMatch(/^\d generated file\(s\) out of date: run `npx contractgen generate` and commit the result$/);
      expect(snapshotTree(join(dir, "generated"))).toEqual(before);

      const dry = await run(["generate", "--dry-run"], dir);
      expect(dry.code).toBe(0);
      expect(dry.out.split("\n")).toEqual([
        expect.stringMatching(/^generated\/pets: would change (\w+\.ts, )*operations\.ts(, \w+\.ts)*$/),
        expect.stringMatching(/^generated\/runtime: unchanged \(\d+ files\)$/),
        expect.stringMatching(/^dry run: nothing written \(\d+ ms\)$/),
      ]);
      expect(snapshotTree(join(dir, "generated"))).toEqual(before);
      const verbose = await run(["generate", "--dry-run", "--verbose"], dir);
      expect(verbose.err).toMatch(/^would change generated\/pets\/operations\.ts\n  @@ .* @@\n(  .*\n)*  -   \* Get a pet$/m);
      expect(snapshotTree(join(dir, "generated"))).toEqual(before);
    } finally {
      writeFileSync(join(dir, "spec.yaml"), SPEC);
    }
  }, 30_000);

  it("a missing file and a file it no longer generates are stale too", async () => {
    const index = join(dir, "generated/pets/index.ts");
    const kept = readFileSync(index, "utf8");
    unlinkSync(index);
    try {
      const { code, err } = await run(["check"], dir);
      expect(code).toBe(1);
      expect(err.split("\n")[0]).toBe("stale: generated/pets/index.ts is missing");
      const dry = await run(["generate", "--dry-run"], dir);
      expect(dry.out.split("\n")[0]).toBe("generated/pets: would add index.ts");
    } finally {
      writeFileSync(index, kept);
    }
    writeFileSync(join(dir, "generated/pets/old.ts"), "// Generated by contractgen\n");
    try {
      const { code, err } = await run(["check"], dir);
      expect(code).toBe(1);
      expect(err.split("\n")[0]).toBe("stale: generated/pets/old.ts is not generated any more");
    } finally {
      rmSync(join(dir, "generated/pets/old.ts"));
    }
  }, 30_000);

  it("prints the pipeline's warnings, once; -q silences them", async () => {
    writeFileSync(join(dir, "spec.yaml"), SPEC.replace("      operationId: getPet\n", ""));
    try {
      const dry = await run(["generate", "--dry-run"], dir);
      expect(dry.code).toBe(0);
      expect(dry.err).toBe("warning: GET /pets/{petId} has no operationId; it is named getPetsByPetId");
      expect((await run(["generate", "--dry-run", "-q"], dir)).err).toBe("");
    } finally {
      writeFileSync(join(dir, "spec.yaml"), SPEC);
    }
  }, 30_000);
});
