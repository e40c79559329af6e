/**
 * Runs `tsc --noEmit` over the whole project: the generator, the committed generated/ clients, and the
 * type-level tests in test/types/ (whose `@ts-expect-error` lines fail the build if they ever compile).
 */
import { execFileSync } from "node:child_process";
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
});
