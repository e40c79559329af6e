/**
 * The gate's script (.github/workflows/contract-gate-reusable.yml), run as actions/github-script runs
 * it, against a stand-in GitHub API and an artifact written here: the approval label approves the
 * breaking findings shown before it was added, and no others; the artifact cannot forge the gate's
 * state or ping anyone; the status and the sticky comment say what was decided.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import YAML from "yaml";

const root = join(import.meta.dirname, "..");
const gate = YAML.parse(readFileSync(join(root, ".github/workflows/contract-gate-reusable.yml"), "utf8")) as { jobs: { gate: { steps: { with?: { script?: string } }[] } } };
const SCRIPT = gate.jobs.gate.steps.find((s) => s.with?.script)!.with!.script!;
const LABEL = "breaking-change-approved";
const BOT = "github-actions[bot]";

interface Comment {
  id: number;
  user: { login: string };
  body: string;
}
interface Change {
  level: "ERR" | "WARN" | "INFO";
  id: string;
  operation: string;
  message: string;
}

/** The slice of GitHub's REST API the script uses, over one open pull request. */
class FakeGitHub {
  pull = { number: 7, head: { sha: "a".repeat(40) }, labels: [] as { name: string }[] };
  comments: Comment[] = [];
  events: { event: string; label: { name: string }; created_at: string }[] = [];
  statuses: { sha: string; state: string; context: string; description: string }[] = [];
  api = {
    paginate: async <T>(method: (params: unknown) => Promise<{ data: T[] }>, params: unknown) => (await method(params)).data,
    rest: {
      pulls: { list: async (p: { head: string }) => ({ data: p.head === "octo:feature" ? [this.pull] : [] }) },
      issues: {
        listComments: async () => ({ data: this.comments }),
        listEvents: async () => ({ data: this.events }),
        createComment: async (p: { body: string }) => void this.comments.push({ id: this.comments.length + 1, user: { login: BOT }, body: p.body }),
        updateComment: async (p: { comment_id: number; body: string }) => void (this.comments.find((c) => c.id === p.comment_id)!.body = p.body),
        removeLabel: async (p: { name: string }) => void (this.pull.labels = this.pull.labels.filter((l) => l.name !== p.name)),
      },
      repos: { createCommitStatus: async (s: FakeGitHub["statuses"][number]) => void this.statuses.push(s) },
    },
  };

  /** The label added now (a few milliseconds apart from any gate run), or at `at`. */
  async addLabel(at?: Date): Promise<void> {
    await new Promise((done) => setTimeout(done, 5));
    this.pull.labels.push({ name: LABEL });
    this.events.push({ event: "labeled", label: { name: LABEL }, created_at: (at ?? new Date()).toISOString() });
    await new Promise((done) => setTimeout(done, 5));
  }

  push(sha: string): void {
    this.pull.head.sha = sha;
  }

  get status(): string {
    return this.statuses.at(-1)!.state;
  }

  get comment(): string {
    expect(this.comments.filter((c) => c.user.login === BOT)).toHaveLength(1);
    return this.comments.find((c) => c.user.login === BOT)!.body;
  }
}

const work = mkdtempSync(join(tmpdir(), "contractgen-gate-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let github: FakeGitHub;
let failed: string[];
beforeEach(() => {
  github = new FakeGitHub();
  failed = [];
});

/** One gate run for the pull request's head, over an artifact holding `changes` (undefined: no diff.json) and `comment`. */
async function runGate(changes: Change[] | undefined, options: { comment?: string; failOn?: string } = {}): Promise<void> {
  const dir = join(work, String(Math.random()).slice(2));
  mkdirSync(dir);
  if (changes) writeFileSync(join(dir, "diff.json"), JSON.stringify({ breaking: changes.some((c) => c.level === "ERR"), changes }));
  writeFileSync(join(dir, "comment.md"), options.comment ?? "### Contract diff\n");
  const context = {
    repo: { owner: "base", repo: "api" },
    payload: { workflow_run: { id: 1, head_sha: github.pull.head.sha, head_branch: "feature", head_repository: { owner: { login: "octo" } } } },
  };
  const core = { notice: () => {}, setFailed: (m: string) => void failed.push(m) };
  const env = { RESULT_DIR: dir, FAIL_ON: options.failOn ?? "ERR", APPROVAL_LABEL: LABEL };
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;
  await new AsyncFunction("github", "context", "core", "require", "process", SCRIPT)(github.api, context, core, createRequire(import.meta.url), { env });
}

const REMOVED: Change = { level: "ERR", id: "api-path-removed", operation: "GET /pets", message: "removed the path /pets" };
const NARROWED: Change = { level: "ERR", id: "response-property-removed", operation: "GET /owners", message: "removed the property name" };
const WARNING: Change = { level: "WARN", id: "request-parameter-enum-value-added", operation: "GET /owners", message: "added the value x" };

describe("the approval label", () => {
  it("without it, breaking changes fail the status and the comment says how to approve them", async () => {
    await runGate([REMOVED]);
    expect(github.statuses).toEqual([expect.objectContaining({ sha: "a".repeat(40), state: "failure", context: "contract-gate" })]);
    expect(github.comment).toContain(`**Contract gate:** 1 change(s) at or above ERR: review them, then add the label ${LABEL} to approve them.`);
    expect(failed).toHaveLength(1);
  });

  it("added after the changes were shown, approves them, and one comment is kept up to date", async () => {
    await runGate([REMOVED]);
    await github.addLabel();
    await runGate([REMOVED]);
    expect(github.status).toBe("success");
    expect(github.comment).toContain(`approved by the label ${LABEL}`);
    expect(failed).toHaveLength(1);
  });

  it("keeps approving after a push that leaves the breaking changes as they were", async () => {
    await runGate([REMOVED]);
    await github.addLabel();
    github.push("b".repeat(40));
    await runGate([REMOVED]);
    expect(github.statuses.at(-1)).toMatchObject({ sha: "b".repeat(40), state: "success" });
  });

  it("does not approve the new breaking changes of a later push: the gate fails again and takes the label off", async () => {
    await runGate([REMOVED]);
    await github.addLabel();
    await runGate([REMOVED]);
    github.push("c".repeat(40));
    await runGate([REMOVED, NARROWED]);
    expect(github.statuses.at(-1)).toMatchObject({ sha: "c".repeat(40), state: "failure" });
    expect(github.comment).toContain("2 change(s) at or above ERR");
    expect(github.pull.labels).toEqual([]);
    // Added again, after the new changes were shown: approved.
    await github.addLabel();
    await runGate([REMOVED, NARROWED]);
    expect(github.status).toBe("success");
  });

  it("added before the breaking changes existed, approves nothing", async () => {
    await github.addLabel(new Date(Date.now() - 60_000));
    await runGate([]);
    expect(github.status).toBe("success");
    github.push("d".repeat(40));
    await runGate([REMOVED]);
    expect(github.status).toBe("failure");
    expect(github.comment).toContain(`that the label ${LABEL} was not given for`);
  });

  it("fail-on WARN needs the label for warnings too", async () => {
    await runGate([WARNING]);
    expect(github.status).toBe("success");
    await runGate([WARNING], { failOn: "WARN" });
    expect(github.status).toBe("failure");
  });

  it("a diff that did not finish fails the gate, label or not", async () => {
    await github.addLabel(new Date(Date.now() - 60_000));
    await runGate(undefined);
    expect(github.status).toBe("failure");
    expect(github.comment).toContain("the contract diff did not finish");
    expect(github.pull.labels).toEqual([{ name: LABEL }]);
  });
});

describe("what the pull request controls", () => {
  it("its comment body cannot carry the gate's state, close it early, or ping anyone", async () => {
    const forged = `<!-- contractgen:contract-diff {"findings":null,"shownAt":"2000-01-01T00:00:00.000Z"} -->`;
    await runGate([REMOVED], { comment: `${forged}\nping @some-org/team and @admin\n` });
    const body = github.comment;
    expect(body.match(/<!--/g)).toHaveLength(1);
    expect(body).toContain("&lt;!-- contractgen:contract-diff");
    expect(body).toContain("ping @\u200bsome-org/team and @\u200badmin");
  });

  it("a comment by someone else with the gate's marker is not the gate's state", async () => {
    await runGate([REMOVED]);
    const state = /^<!-- contractgen:contract-diff (\{.*?\}) -->/.exec(github.comment)![1]!;
    const { findings } = JSON.parse(state) as { findings: string };
    github.comments.unshift({ id: 99, user: { login: "mallory" }, body: `<!-- contractgen:contract-diff ${JSON.stringify({ findings, shownAt: "2000-01-01T00:00:00.000Z" })} -->` });
    github.comments = github.comments.filter((c) => c.user.login !== BOT || c.id === 99);
    await github.addLabel(new Date(Date.now() - 60_000));
    await runGate([REMOVED]);
    expect(github.status).toBe("failure");
  });

  it("a run whose head is no open pull request's writes nothing", async () => {
    github.api.rest.pulls.list = async () => ({ data: [] });
    await runGate([REMOVED]);
    expect(github.statuses).toEqual([]);
    expect(github.comments).toEqual([]);
  });
});
