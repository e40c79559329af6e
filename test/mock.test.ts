/**
 * `contractgen mock`: Prism serves the spec on a free port, answers a valid request with the spec's
 * example, refuses a request that breaks the contract, and stops (child gone, exit 0) on Ctrl-C,
 * both through the CLI's abort signal and as a process receiving SIGINT. Killed with SIGKILL,
 * contractgen takes Prism and its temporary spec with it; a spec's backtracking pattern runs in
 * linear time.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer, type Server } from "node:net";
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

/** Whether a new connection to `url`'s port is refused (a pooled keep-alive socket would say less). */
async function refused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  try {
    await once(socket, "connect");
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ECONNREFUSED";
  } finally {
    socket.destroy();
  }
}

/** A node process running a mock, once it says it is listening; its output so far on demand. */
async function listeningProcess(args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; stdout: () => string }> {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
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
  return { child, stdout: () => stdout };
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
    const { child, stdout } = await listeningProcess(["--import", "tsx", "--input-type=module", "-e", script]);
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
    expect({ code, stdout: stdout().trim().split("\n").at(-1) }).toEqual({ code: 0, stdout: "aether mock stopped" });
    expect(await refused(url)).toBe(true);
  }, 60_000);

  it("a taken port fails before Prism starts (exit 1)", async () => {
    const server: Server = createServer().listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as { port: number };
    const run = io(new AbortController().signal);
    try {
      expect(await mockCommand.run({ api: "hostup", port: String(port) }, run.io)).toBe(1);
    } finally {
      server.close();
    }
    expect(run.err.join("\n")).toContain(`cannot listen on 127.0.0.1:${port}: the port is in use`);
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
    const dir = mkdtempSync(join(tmpdir(), "contractgen-bundle-"));
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
    rmSync(dir, { recursive: true, force: true });
  });
});

/** The mock folder whose owners.json names `parent` first, and the Prism pid it names second. */
function mockFolderOf(parent: number): { folder: string; prism: number } | undefined {
  for (const name of readdirSync(tmpdir()).filter((n) => n.startsWith("contractgen-mock-"))) {
    try {
      const owners = JSON.parse(readFileSync(join(tmpdir(), name, "owners.json"), "utf8")) as number[];
      if (owners[0] === parent) return { folder: join(tmpdir(), name), prism: owners[1]! };
    } catch {
      // not a mock folder with owners (yet)
    }
  }
  return undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `done` every 100 ms until it holds or `ms` have passed; whether it held. */
async function within(ms: number, done: () => boolean | Promise<boolean>): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (await done()) return true;
  return done();
}

/** A pid that is certainly gone: a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await once(child, "exit");
  return child.pid!;
}

describe("the mock dies with contractgen", () => {
  it("kill -9 of contractgen stops Prism, closes the port and removes the temporary spec; an orphaned folder goes on the next start", async () => {
    const orphan = mkdtempSync(join(tmpdir(), "contractgen-mock-"));
    writeFileSync(join(orphan, "openapi.json"), "{}");
    writeFileSync(join(orphan, "owners.json"), JSON.stringify([await deadPid(), await deadPid()]));
    const port = await freePort();
    const { child } = await listeningProcess([`${root}generator/bin.mjs`, "mock", "--api", "hostup", "--port", String(port)]);
    expect(existsSync(orphan)).toBe(false);
    const url = `http://127.0.0.1:${port}`;
    expect((await fetch(`${url}/api/v2/billing/cards`, { headers: AUTH })).status).toBe(200);
    const mock = mockFolderOf(child.pid!)!;
    expect(alive(mock.prism)).toBe(true);

    child.kill("SIGKILL");
    expect(await within(10_000, () => !alive(mock.prism))).toBe(true);
    expect(await refused(url)).toBe(true);
    expect(existsSync(mock.folder)).toBe(false);
  }, 60_000);
});

describe("the spec's patterns in the mock", () => {
  const SLOW = `openapi: 3.1.0
info: { title: Slow, version: "1" }
paths:
  /things:
    post:
      operationId: createThing
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                name: { type: string, pattern: "^(a+)+$" }
                twice: { type: string, pattern: "^(x)\\\\1$" }
      responses:
        "201": { description: created, content: { application/json: { schema: { type: object }, example: { created: true } } } }
        "400": { description: refused, content: { application/json: { schema: { type: object }, example: { created: false } } } }
  /ping:
    get:
      operationId: ping
      responses:
        "200": { description: ok, content: { application/json: { schema: { type: object }, example: { pong: true } } } }
`;

  it("run in linear time: a backtracking pattern neither stalls its request nor the next; a pattern RE2 cannot express is skipped with a warning", async () => {
    const dir = mkdtempSync(join(tmpdir(), "contractgen-patterns-"));
    writeFileSync(join(dir, "api.yaml"), SLOW);
    writeFileSync(join(dir, "contractgen.config.json"), JSON.stringify({ apis: [{ name: "slow", spec: "api.yaml", output: "out" }] }));
    const port = await freePort();
    const controller = new AbortController();
    const run = io(controller.signal);
    const exit = mockCommand.run({ api: "slow", port: String(port), config: join(dir, "contractgen.config.json") }, run.io);
    await run.ready;
    expect(run.err).toEqual([expect.stringMatching(/^warning: the pattern at \/paths\/~1things\/post\/requestBody\/content\/application~1json\/schema\/properties\/twice\/pattern .* the mock does not check it$/)]);
    const url = `http://127.0.0.1:${port}`;
    const post = (name: string) => fetch(`${url}/things`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name }) });
    // Warm up (Prism compiles its validators on the first request).
    expect((await post("aaaa")).status).toBe(201);
    const started = Date.now();
    const [evil, ping] = await Promise.all([post(`${"a".repeat(40)}!`), fetch(`${url}/ping`)]);
    const elapsed = Date.now() - started;
    expect(evil.status).toBe(400);
    expect(ping.status).toBe(200);
    // JavaScript's backtracking takes minutes for 40 characters; RE2 takes microseconds.
    expect(elapsed).toBeLessThan(3_000);
    controller.abort();
    expect(await exit).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});
