/**
 * `contractgen mock`: Prism serves the spec on a free port, answers a valid request with the spec's
 * example, refuses a request that breaks the contract, and stops (child gone, exit 0) on Ctrl-C,
 * both through the CLI's abort signal and as a process receiving SIGINT.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadSpec } from "../generator/spec/load.ts";
import { bundledDocument, mockCommand } from "../generator/mock/index.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const hostup = loadSpec(`${root}spec/hostup.yaml`).root.data as any;
const AUTH = { authorization: "Bearer test-key" };

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
}

async function refused(url: string): Promise<boolean> {
  try {
    await fetch(url);
    return false;
  } catch (err) {
    return /ECONNREFUSED/.test(String((err as { cause?: unknown }).cause ?? err));
  }
}

function io(signal?: AbortSignal) {
  const out: string[] = [];
  const err: string[] = [];
  let listening: (line: string) => void;
  const ready = new Promise<string>((done) => (listening = done));
  const value = {
    cwd: root,
    out: (line: string) => {
      out.push(line);
      if (/listening on/.test(line)) listening(line);
    },
    err: (line: string) => void err.push(line),
    ...(signal ? { signal } : {}),
  };
  return { io: value as unknown as Parameters<typeof mockCommand.run>[1], out, err, ready };
}

describe("contractgen mock", () => {
  it("serves examples, refuses contract breaches, and stops on the CLI's abort signal", async () => {
    const port = await freePort();
    const controller = new AbortController();
    const run = io(controller.signal);
    const exit = mockCommand.run({ api: "hostup", port: String(port) }, run.io);
    const line = await run.ready;
    const url = `http://127.0.0.1:${port}`;
    expect(line).toBe(`hostup mock listening on ${url} (Ctrl-C to stop)`);

    const cards = await fetch(`${url}/api/v2/billing/cards`, { headers: AUTH });
    expect(cards.status).toBe(200);
    expect(await cards.json()).toEqual(hostup.paths["/api/v2/billing/cards"].get.responses["200"].content["application/json"].examples.savedCards.value);

    // makeDefault is refused by the spec (the `false` schema) and paymentMethodToken is required.
    const invalid = await fetch(`${url}/api/v2/billing/cards`, { method: "POST", headers: { ...AUTH, "content-type": "application/json" }, body: JSON.stringify({ makeDefault: true }) });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get("content-type")).toBe("application/problem+json");
    expect((await invalid.json()).code).toBe("invalid_request");
    expect(invalid.headers.get("sl-violations")).toContain("paymentMethodToken");

    const anonymous = await fetch(`${url}/api/v2/billing/cards`);
    expect(anonymous.status).toBe(401);
    await anonymous.arrayBuffer();

    controller.abort();
    expect(await exit).toBe(0);
    expect(run.out.at(-1)).toBe("hostup mock stopped");
    expect(await refused(url)).toBe(true);
  }, 60_000);

  it("stops cleanly when its process gets SIGINT (exit 0, Prism gone)", async () => {
    const port = await freePort();
    const script = `import { mockCommand } from ${JSON.stringify(`${root}generator/mock/index.ts`)};
process.exitCode = await mockCommand.run({ api: "aether", port: "${port}" }, { cwd: ${JSON.stringify(root)}, out: (l) => console.log(l), err: (l) => console.error(l) });`;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (c) => (stderr += c));
    await new Promise<void>((done, fail) => {
      child.stdout.on("data", (c) => {
        stdout += c;
        if (stdout.includes("listening on")) done();
      });
      child.once("exit", () => fail(new Error(`exited before listening: ${stderr}`)));
    });
    const url = `http://127.0.0.1:${port}`;
    const attach = await fetch(`${url}/api/v1/organizations/2489E9AD-2EE2-8E00-8EC9-32D5F69181C0/billing/payment-methods`, {
      method: "POST",
      headers: { ...AUTH, "content-type": "application/json" },
      body: JSON.stringify({ stripe_pm_id: "pm_1" }),
    });
    // D1: Prism answers with the first documented success, 200, and the documented example.
    expect(attach.status).toBe(200);
    expect((await attach.json()).created_at).toBe("2026-04-15T12:00:00Z");
    child.kill("SIGINT");
    const [code] = (await once(child, "exit")) as [number | null];
    expect({ code, stdout: stdout.trim().split("\n").at(-1) }).toEqual({ code: 0, stdout: "aether mock stopped" });
    expect(await refused(url)).toBe(true);
  }, 60_000);

  it("a taken port fails with Prism's reason (exit 1)", async () => {
    const server: Server = createServer().listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as { port: number };
    const run = io(new AbortController().signal);
    try {
      expect(await mockCommand.run({ api: "hostup", port: String(port) }, run.io)).toBe(1);
    } finally {
      server.close();
    }
    expect(run.err.join("\n")).toMatch(/Prism exited before it was listening: .*(EADDRINUSE|in use)/i);
  }, 60_000);

  it.each([
    [{ api: "hostup", port: "http" }, "--port must be a port number"],
    [{ port: "4010" }, "--api is required"],
    [{ api: "nope" }, 'no API named "nope"'],
  ])("usage error %j exits 2", async (values, message) => {
    const run = io(new AbortController().signal);
    expect(await mockCommand.run(values, run.io)).toBe(2);
    expect(run.err.join("\n")).toContain(message);
  });
});

describe("the document Prism gets", () => {
  it("is the spec itself for one file", async () => {
    const spec = loadSpec(`${root}spec/hostup.yaml`);
    expect(await bundledDocument(spec)).toBe(spec.root.data);
  });

  it("has external $refs bundled in for several files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "contractgen-mock-bundle-"));
    writeFileSync(join(dir, "pet.yaml"), "type: object\nproperties:\n  name: { type: string }\n");
    writeFileSync(
      join(dir, "api.yaml"),
      `openapi: 3.1.0
info: { title: Pets, version: "1" }
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: ok
          content: { application/json: { schema: { $ref: "./pet.yaml" } } }
`,
    );
    const text = JSON.stringify(await bundledDocument(loadSpec(join(dir, "api.yaml"))));
    expect(text).not.toContain("pet.yaml");
    expect(text).toContain('"name":{"type":"string"}');
  });
});
