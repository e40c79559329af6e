/**
 * Every broken spec in test/fixtures/broken/<case>/ through the CLI: the exact first line of stderr
 * (file:line:col relative to the fixture folder, JSON pointer), the hint, the exit code (1 spec, 2
 * usage), no stack trace, and the fixture folder, with a seeded `generated/`, byte for byte untouched.
 *
 * Each case runs in-process through `main(argv, io)` with the fixture copy as cwd; the cases in
 * SUBPROCESS_CASES also run as a real `node generator/bin.mjs` process, to prove the exit code the
 * shell sees and that nothing (no stack trace) reaches stderr beyond the message.
 *
 * expected.json: { args?: string[] (default: generate --spec spec.yaml --out generated/api),
 *   exitCode, message? (first line of stderr), hint?, knownIssue? (the case fails today, see there),
 *   files? (exit 0: what generated/api holds), warning? (exit 0: the first line of stderr), note? }
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../generator/cli.ts";
import { GENERATED_MARKER, MANIFEST, manifestText } from "../generator/pipeline/write.ts";
import { leftoverTemporaryFolders, scratchCopy, snapshotTree } from "./support/tree.ts";

const exec = promisify(execFile);
const repo = join(import.meta.dirname, "..");
const bin = join(repo, "generator/bin.mjs");
const fixtures = join(import.meta.dirname, "fixtures/broken");
const DEFAULT_ARGS = ["generate", "--spec", "spec.yaml", "--out", "generated/api"];
const GENERATED_FILES = ["client.ts", "core.ts", "errors.ts", "functions.ts", "index.ts", "operations.ts", "runtime", "schema.ts"];

/** Cases that also run as a subprocess: every exit code, spec and usage and io errors, and the positive control. */
const SUBPROCESS_CASES = new Set([
  "yaml-syntax-error",
  "duplicate-key",
  "yaml-recursive-alias",
  "ref-missing-other-file",
  "ref-cycle-pure",
  "operation-id-missing",
  "path-param-undeclared",
  "missing-spec-file",
  "unknown-flag",
  "spec-without-out",
  "unknown-command",
  "config-unknown-key-nested",
  "output-below-a-file",
  "recursive-schema-ok",
]);

interface Expected {
  args?: string[];
  exitCode: number;
  message?: string;
  hint?: string;
  knownIssue?: string;
  files?: string[];
  warning?: string;
}

const cases = readdirSync(fixtures, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the fixture with a previous output in `generated/` (as contractgen writes it) that a failed run must leave alone. */
function prepare(name: string): string {
  const dir = scratchCopy(`contractgen-broken-${name}`, join(fixtures, name));
  scratch.push(dir);
  rmSync(join(dir, "expected.json"));
  mkdirSync(join(dir, "generated/api"), { recursive: true });
  writeFileSync(join(dir, "generated/api/client.ts"), `// ${GENERATED_MARKER}: output of an earlier, good run\nexport const seeded = 1;\n`);
  writeFileSync(join(dir, "generated/api", MANIFEST), manifestText(["client.ts"]));
  return dir;
}

function expectedOf(name: string): Expected {
  return JSON.parse(readFileSync(join(fixtures, name, "expected.json"), "utf8")) as Expected;
}

/**
 * Messages that name the scratch folder itself (not a file in it) say `<dir>` in expected.json, and
 * commands in hints say `contractgen x` however this run spelled them (npx in-process, node path/bin.mjs).
 */
function check(name: string, expected: Expected, dir: string, before: Record<string, string>, code: number, stderr: string): void {
  const lines = stderr.replaceAll(dir, "<dir>").replace(/`(npx contractgen|node \S*generator\/bin\.mjs) /g, "`contractgen ").split("\n");
  expect(stderr, "stack trace in stderr").not.toMatch(/^\s+at /m);
  expect(stderr).not.toContain("internal error");
  if (expected.exitCode === 0) {
    expect(code, stderr).toBe(0);
    expect(readdirSync(join(dir, "generated/api")).filter((f) => !f.startsWith(".")).sort()).toEqual(expected.files ?? GENERATED_FILES);
    expect(lines[0]).toBe(expected.warning ?? "");
  } else {
    expect({ code, message: lines[0] }).toEqual({ code: expected.exitCode, message: expected.message });
    if (expected.hint) expect(lines[1]).toBe(`  hint: ${expected.hint}`);
    expect(snapshotTree(dir), `${name}: the fixture folder changed`).toEqual(before);
  }
  expect(leftoverTemporaryFolders(dir)).toEqual([]);
}

describe("broken fixtures", () => {
  it("has at least 25 cases, each with an expected.json", () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
    for (const name of cases) expect(existsSync(join(fixtures, name, "expected.json")), name).toBe(true);
  });

  describe("in-process, through main(argv, io)", () => {
    for (const name of cases) {
      const expected = expectedOf(name);
      const test = expected.knownIssue ? it.fails : it;
      test(`${name}: exit ${expected.exitCode}${expected.message ? `, ${expected.message}` : ""}`, async () => {
        const dir = prepare(name);
        const before = snapshotTree(dir);
        const out: string[] = [];
        const err: string[] = [];
        const code = await main(expected.args ?? DEFAULT_ARGS, { out: (l) => out.push(l), err: (l) => err.push(l), cwd: dir });
        check(name, expected, dir, before, code, err.join("\n"));
      });
    }
  });

  describe.concurrent("as a subprocess: node generator/bin.mjs", () => {
    for (const name of cases.filter((c) => SUBPROCESS_CASES.has(c))) {
      const expected = expectedOf(name);
      it(`${name}: exit ${expected.exitCode}`, async () => {
        const dir = prepare(name);
        const before = snapshotTree(dir);
        const { code, stderr } = await exec(process.execPath, [bin, ...(expected.args ?? DEFAULT_ARGS)], { cwd: dir, timeout: 60_000 }).then(
          (r) => ({ code: 0, stderr: r.stderr }),
          (e: { code?: number; stderr?: string }) => ({ code: e.code ?? -1, stderr: e.stderr ?? "" }),
        );
        check(name, expected, dir, before, code, stderr.replace(/\n$/, ""));
        if (expected.exitCode !== 0 && !expected.hint) expect(stderr.trimEnd().split("\n").length, stderr).toBe(1);
      });
    }
  });
});
