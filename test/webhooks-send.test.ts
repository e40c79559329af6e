/**
 * generator/commands/webhook.ts: `contractgen webhook send` reaches a handler on 127.0.0.1 that
 * verifies each delivery with the generated verifier (the golden of test/webhooks-generated.test.ts),
 * and every mistake a user can make is one line with exit code 2.
 */
import { createServer, type Server } from "node:http";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../generator/cli.ts";
import { verifyBillingWebhook } from "./fixtures/webhooks/expected/billing/index.ts";
import { verifyRepoWebhook } from "./fixtures/webhooks/expected/repo/index.ts";

const fixtures = join(import.meta.dirname, "fixtures/webhooks");
const SECRET = "It's a Secret to Everybody";
let dir: string;
let server: Server;
let url: string;
const received: unknown[] = [];

async function run(args: string[], env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), cwd: dir, env });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "contractgen-webhook-send-"));
  const api = (name: string, spec: string, webhooks?: object) => ({ name, spec: join(fixtures, spec), output: join(dir, "out", name), ...(webhooks ? { webhooks } : {}) });
  const config = { apis: [api("repo", "repo-events-3.0.yaml", { signature: "github" }), api("billing", "billing-3.1.yaml", { signature: "stripe" }), api("unsigned", "repo-events-3.0.yaml")] };
  writeFileSync(join(dir, "contractgen.config.json"), JSON.stringify(config));
  // A handler as an application writes it: the raw body, Node's headers, the generated verifier.
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const input = { headers: req.headers, body: new Uint8Array(Buffer.concat(chunks)) };
      const result = req.url === "/billing" ? await verifyBillingWebhook(input, { secret: SECRET }) : await verifyRepoWebhook(input, { secret: SECRET });
      received.push(result);
      res.writeHead(result.error ? 401 : 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  url = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe("webhook send", () => {
  it("delivers the spec's example, signed and with its event header, to a handler that verifies it", async () => {
    received.length = 0;
    const result = await run(["webhook", "send", "--api", "repo", "--event", "push", "--to", `${url}/repo`, "--secret", SECRET]);
    expect(result).toEqual({ code: 0, out: `sent push to ${url}/repo: HTTP 204 No Content`, err: "" });
    expect(received).toEqual([{ event: { name: "push", payload: { ref: "refs/heads/main", commits: [{ id: "abc123" }] } } }]);
  });

  it("signs with a timestamp for a timestamped scheme, the secret read from the environment", async () => {
    received.length = 0;
    const result = await run(["webhook", "send", "--api", "billing", "--event", "invoice.paid", "--to", `${url}/billing`], { CONTRACTGEN_WEBHOOK_SECRET: SECRET });
    expect(result.code).toBe(0);
    expect(received).toEqual([{ event: { name: "invoice.paid", payload: { type: "invoice.paid", data: { id: "inv_1", amount: 1200, currency: "eur" } } } }]);
  });

  it("sends a --body file as it is", async () => {
    received.length = 0;
    const body = join(dir, "opened.json");
    writeFileSync(body, '{"action":"opened","issue":{"number":7,"title":"t"}}');
    const result = await run(["webhook", "send", "--api", "repo", "--event", "issue-opened", "--to", `${url}/repo`, "--secret", SECRET, "--body", body]);
    expect(result.code).toBe(0);
    expect(received).toEqual([{ event: { name: "issue-opened", payload: { action: "opened", issue: { number: 7, title: "t" } } } }]);
  });

  it("exits 1 when the handler refuses the delivery, without printing the secret", async () => {
    const result = await run(["webhook", "send", "--api", "repo", "--event", "push", "--to", `${url}/repo`, "--secret", "wrong secret"]);
    expect(result).toEqual({ code: 1, out: "", err: `error: the handler refused push to ${url}/repo: HTTP 401 Unauthorized` });
  });

  it("exits 1 when nothing listens at the URL", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await run(["webhook", "send", "--api", "repo", "--event", "push", "--to", `http://127.0.0.1:${port}/`, "--secret", SECRET]);
    expect(result).toEqual({ code: 1, out: "", err: `error: could not deliver push to http://127.0.0.1:${port}: ECONNREFUSED` });
  });

  it.each([
    [["webhook"], "error: webhook needs an action: send"],
    [["webhook", "receive"], 'error: unknown webhook action "receive"'],
    [["webhook", "send", "--event", "push", "--to", "http://127.0.0.1:1/"], "error: --api is required"],
    [["webhook", "send", "--api", "nope", "--event", "push", "--to", "http://127.0.0.1:1/", "--secret", "s"], 'error: no API named "nope" in the config'],
    [["webhook", "send", "--api", "unsigned", "--event", "push", "--to", "http://127.0.0.1:1/", "--secret", "s"], "error: the config gives unsigned no webhook signature scheme"],
    [["webhook", "send", "--api", "repo", "--event", "push", "--to", "http://127.0.0.1:1/"], "error: no signing secret"],
    [["webhook", "send", "--api", "repo", "--event", "push", "--to", "ftp://127.0.0.1/", "--secret", "s"], "error: --to must be an http(s) URL"],
    [["webhook", "send", "--api", "repo", "--event", "star", "--to", "http://127.0.0.1:1/", "--secret", "s"], 'error: repo has no webhook "star"'],
    [["webhook", "send", "--api", "repo", "--event", "issue-opened", "--to", "http://127.0.0.1:1/", "--secret", "s"], "error: repo's webhook issue-opened has no example payload in the spec"],
  ])("%j is a usage error", async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.err.split("\n")[0]).toBe(message);
  });

  it("--help describes the command and its exit codes", async () => {
    const result = await run(["webhook", "--help"]);
    expect(result.code).toBe(0);
    expect(result.out).toContain("Usage: contractgen webhook send --api NAME --event KEY --to URL");
    expect(result.out).toContain("Exit codes: 0 the handler answered 2xx");
  });
});
