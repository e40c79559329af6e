/**
 * Runs `tsc --noEmit` over the whole project: the generator, the committed generated/ clients, and the
 * type-level tests in test/types/ (whose `@ts-expect-error` lines fail the build if they ever compile).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("type-level behaviour", () => {
  it("the project, generated clients and type tests compile under strict tsc", () => {
    let output = "";
    try {
      execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "tsconfig.json"], { cwd: root, encoding: "utf8" });
    } catch (err) {
      output = String((err as { stdout?: string }).stdout ?? err);
    }
    expect(output).toBe("");
  }, 120_000);

  it("golden outputs compile on their own, without Node types (as a browser or Deno consumer would)", () => {
    let output = "";
    try {
      execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "test/fixtures/generate/tsconfig.json"], { cwd: root, encoding: "utf8" });
    } catch (err) {
      output = String((err as { stdout?: string }).stdout ?? err);
    }
    expect(output).toBe("");
  }, 120_000);

  it("the large public spec (Stripe, as it is) generates a client that compiles under strict tsc", () => {
    const out = mkdtempSync(join(tmpdir(), "contractgen-stripe-"));
    try {
      execFileSync(process.execPath, ["generator/bin.mjs", "generate", "--spec", "../shared/specs/stripe-spec3.yaml", "--out", join(out, "stripe"), "--quiet"], { cwd: root });
      writeFileSync(
        join(out, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: { strict: true, noEmit: true, target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", lib: ["ES2022", "DOM"], types: [], skipLibCheck: true, typeRoots: [] },
          files: ["stripe/index.ts"],
        }),
      );
      let output = "";
      try {
        // the generated client imports openapi-fetch: resolve it from this repository's node_modules
        execFileSync("ln", ["-s", join(root, "node_modules"), join(out, "node_modules")]);
        execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(out, "tsconfig.json")], { cwd: out, encoding: "utf8" });
      } catch (err) {
        output = String((err as { stdout?: string }).stdout ?? err);
      }
      expect(output).toBe("");
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 300_000);
});
