/**
 * `contractgen mock --api NAME [--port N]`: the API's spec served by Prism (@stoplight/prism-cli) as a
 * validating mock for application tests: answers from the spec's examples, refuses requests that
 * break the contract (bad body, missing credentials) with the spec's own error response. Prism runs
 * as a child process on the bundled spec, on a loopback port of its own, behind the mock's server
 * (front.ts), which pages paginated lists and streams streamed successes. Ctrl-C stops both and
 * exits 0. Prism dies with contractgen and runs the spec's patterns in linear time (prism-preload.cjs).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import type { Command, Io, OptionValues } from "../commands/io.ts";
import { apiConfig, loadConfig, type ApiConfig } from "../config/index.ts";
import { formatUserFailure, isUserFailure, UserError } from "../errors.ts";
import { PACKAGE_ROOT } from "../package-root.ts";
import { terminalLine } from "../findings/escape.ts";
import { loadSpec, type LoadedSpec } from "../spec/load.ts";
import { prismDocument } from "./document.ts";
import { createFront } from "./front.ts";
import { unexpressiblePatterns } from "./patterns.ts";
import { mockRoutes } from "./routes.ts";
import { createMockFolder, recordOwners, removeOrphanFolders } from "./temp-folder.ts";

export const DEFAULT_MOCK_PORT = 4010;
const READY = /Prism is listening on (\S+)/;
/** How long Prism may take to start, and to stop before it is killed. */
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
/** Plain CommonJS that Prism's node loads first (never bundled: it runs in Prism's process). */
const PRISM_PRELOAD = join(PACKAGE_ROOT, "generator/mock/prism-preload.cjs");

export interface MockOptions {
  port: number;
  host?: string;
  /** The API's config entry, for its `pagination` entries (default: none). */
  api?: ApiConfig;
  /** Pause between the writes of a stream (default 10 ms). */
  writeGapMs?: number;
  /** Every line Prism prints (its request log), for --verbose. */
  onLog?: (line: string) => void;
  /** What the mock will not check, one sentence each (a pattern RE2 cannot express). */
  onWarning?: (message: string) => void;
}

export interface RunningMock {
  /** The mock's URL (its own server; Prism listens behind it). */
  url: string;
  child: ChildProcess;
  /** Resolves with the child's exit code (null when a signal ended it) once it is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Close the mock's server, kill Prism (SIGTERM, then SIGKILL) and remove the bundled spec; resolves once the child is gone. */
  stop(): Promise<void>;
}

/** The spec as the one JSON document Prism reads: external `$ref`s bundled in by redocly. */
export async function bundledDocument(spec: LoadedSpec): Promise<unknown> {
  if (spec.files.size === 1) return spec.root.data;
  const redocly = createRequire(import.meta.url)("@redocly/openapi-core") as typeof import("@redocly/openapi-core");
  const config = await redocly.createConfig({ rules: {} }, { extends: [] });
  const bundled = await redocly.bundle({ config, ref: spec.rootPath, dereference: false });
  return bundled.bundle.parsed;
}

function prismBin(): string {
  const require = createRequire(import.meta.url);
  let manifest: string;
  try {
    manifest = require.resolve("@stoplight/prism-cli/package.json");
  } catch {
    // An optional peer: a project that never mocks need not install it.
    throw new UserError({
      kind: "usage",
      message: "contractgen mock needs Prism, which is not installed",
      hint: "install it beside contractgen: npm i -D @stoplight/prism-cli",
    });
  }
  const bin = (require(manifest) as { bin: string | Record<string, string> }).bin;
  return resolve(dirname(manifest), typeof bin === "string" ? bin : bin.prism!);
}

/** A Prism log line (it logs request URLs, which are traffic) without its colours, terminal-safe. */
function prismLine(line: string): string {
  return terminalLine(line.replace(/\u001b\[[0-9;]*m/g, ""));
}

export async function startMock(spec: LoadedSpec, options: MockOptions): Promise<RunningMock> {
  removeOrphanFolders();
  const document = await bundledDocument(spec);
  for (const { pointer, pattern } of unexpressiblePatterns(document)) {
    options.onWarning?.(`the pattern at ${pointer} (${JSON.stringify(pattern)}) needs backtracking, which RE2 does not do; the mock does not check it`);
  }
  const api = options.api ?? apiConfig({ name: "mock", spec: spec.rootPath, output: "" });
  const prism = prismBin();
  const served = JSON.stringify(prismDocument(document));
  const front = createFront({ routes: mockRoutes(spec, api), ...(options.writeGapMs !== undefined ? { writeGapMs: options.writeGapMs } : {}) });
  const host = options.host ?? "127.0.0.1";
  let url: string;
  try {
    url = await front.listen(options.port, host);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "EADDRINUSE" ? "the port is in use" : code === "EADDRNOTAVAIL" ? "no such address here" : (code ?? String(err));
    throw new UserError({ kind: "io", message: `cannot listen on ${host}:${options.port}: ${why}`, hint: "pick another port with --port" });
  }
  const dir = createMockFolder();
  const file = join(dir, "openapi.json");
  let child: ChildProcess;
  try {
    writeFileSync(file, served);
    // Prism is reached through the mock's server only: a loopback port the system picks.
    // stdin: a pipe only this process writes to. Its end-of-file tells Prism that contractgen is gone.
    child = spawn(process.execPath, ["--require", PRISM_PRELOAD, prism, "mock", file, "--port", "0", "--host", "127.0.0.1"], {
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, CONTRACTGEN_MOCK_DIR: dir },
    });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    await front.close();
    throw err;
  }
  if (child.pid !== undefined) recordOwners(dir, [process.pid, child.pid]);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once("exit", (code, signal) => done({ code, signal })));
  child.stdin!.on("error", () => {}); // Prism gone first: nothing is ever written, nothing to report.
  void exited.then(async () => {
    child.stdin!.destroy();
    rmSync(dir, { recursive: true, force: true });
    await front.close();
  });
  const recent: string[] = [];
  let prismUrl: string | undefined;
  const held: string[] = [];
  let ready: (url: string) => void;
  const listening = new Promise<string>((done) => (ready = done));
  for (const stream of [child.stdout!, child.stderr!]) {
    let pending = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      const lines = (pending + chunk).split("\n");
      pending = lines.pop()!;
      for (const line of lines) {
        recent.push(line);
        if (recent.length > 20) recent.shift();
        const match = READY.exec(line);
        if (match) prismUrl ??= match[1]!;
        // Prism's log names its own port, which it says last; the user knows the mock's.
        held.push(line);
        if (prismUrl !== undefined) for (const log of held.splice(0)) options.onLog?.(log.split(prismUrl).join(url));
        if (match) ready(match[1]!);
      }
    });
  }
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    await front.close();
    rmSync(dir, { recursive: true, force: true });
  };
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    listening.then((at) => ({ at })),
    exited.then(() => ({ failed: "Prism exited before it was listening" })),
    new Promise<{ failed: string }>((done) => (timer = setTimeout(() => done({ failed: `Prism was not listening after ${START_TIMEOUT_MS / 1000} s` }), START_TIMEOUT_MS))),
  ]);
  clearTimeout(timer);
  if ("failed" in outcome) {
    for (const log of held.splice(0)) options.onLog?.(log);
    await stop();
    throw new UserError({ kind: "io", message: `${outcome.failed}: ${lastProblem(recent)}` });
  }
  front.setUpstream(outcome.at);
  return { url, child, exited, stop };
}

/** Prism's last line that says what went wrong, without its timestamp and colours. */
function lastProblem(lines: string[]): string {
  // eslint-disable-next-line no-control-regex
  const plain = lines.map((l) => l.replace(/\u001b\[[0-9;]*m/g, "").replace(/^\[[^\]]*\]\s*›\s*/, "").trim()).filter(Boolean);
  return [...plain].reverse().find((l) => /error|EADDRINUSE|fatal/i.test(l)) ?? plain.at(-1) ?? "no output";
}

function portOf(values: OptionValues): number {
  if (values.port === undefined) return DEFAULT_MOCK_PORT;
  const port = Number(values.port);
  if (typeof values.port !== "string" || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UserError({ kind: "usage", message: `--port must be a port number from 1 to 65535, not ${JSON.stringify(values.port)}` });
  }
  return port;
}

/** Aborted on Ctrl-C: the CLI's own signal for an interruptible command, or this process's signals. */
function interruption(io: Io): { signal: AbortSignal; dispose: () => void } {
  const given = (io as { signal?: AbortSignal }).signal;
  if (given) return { signal: given, dispose: () => {} };
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.once("SIGINT", abort);
  process.once("SIGTERM", abort);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off("SIGINT", abort);
      process.off("SIGTERM", abort);
    },
  };
}

export const mockCommand: Command = {
  summary: "serve an API's spec as a validating mock server (Prism) for application tests",
  usage: `contractgen mock --api NAME [--port N] [--host HOST]

Serves the API's spec with Prism: every operation answers with its documented example; a request
that breaks the contract (a body the schema refuses, missing credentials) gets the spec's error
response and an sl-violations header naming the violation. Prints the URL once it is listening;
Ctrl-C stops it.

Paginated lists (every operation whose generated client has pages() and all()) answer with pages
made from the example: its items repeated into two full pages and a short third, each copy's id
made unique, the page size taken from the request's limit parameter (else the operation's default,
else the example's length; at most 100). The continuation is the one the operation documents: a
Link header with rel="next" on the mock's own URL (a page parameter), has_more with the last item's
id, a next cursor, offset/limit or page/per_page with a total where one is documented.

Streamed successes (text/event-stream, application/jsonl, application/x-ndjson,
application/json-seq) send their example item by item, in several writes. For server-sent events
the example is the stream's text, or a list of events: { "event", "data", "id", "retry" } objects
or data values (JSON unless a string). For JSON lines and json-seq it is a list of values, one per
line or record. In OpenAPI 3.2 an example's dataValue is read so, its serializedValue sent as
written. A streamed success without an example is served as Prism serves it.

Options:
      --api NAME     the API of the config to serve
      --port N       port to listen on (default ${DEFAULT_MOCK_PORT})
      --host HOST    interface to listen on (default 127.0.0.1)
  -c, --config FILE  config file (default: the nearest contractgen.config.json)
      --verbose      print Prism's request log

Exit codes: 0 stopped with Ctrl-C, 1 the port is taken or Prism failed, 2 usage error.`,
  options: {
    api: { type: "string" },
    port: { type: "string" },
    host: { type: "string" },
    config: { type: "string", short: "c" },
  },
  interruptible: true,
  async run(values, io) {
    const { signal, dispose } = interruption(io);
    try {
      const port = portOf(values);
      const config = await loadConfig(typeof values.config === "string" ? values.config : undefined, io.cwd);
      if (typeof values.api !== "string") throw new UserError({ kind: "usage", message: "--api is required", hint: `APIs in the config: ${config.apis.map((a) => a.name).join(", ")}` });
      const api = config.apis.find((a) => a.name === values.api);
      if (!api) throw new UserError({ kind: "usage", message: `no API named "${values.api}" in the config`, hint: `APIs in the config: ${config.apis.map((a) => a.name).join(", ")}` });
      const verbose = (io as { verbose?: (line: string) => void }).verbose;
      const onWarning = (message: string) => io.err(`warning: ${terminalLine(message)}`);
      const mock = await startMock(loadSpec(api.spec), { port, api, onWarning, ...(typeof values.host === "string" ? { host: values.host } : {}), ...(verbose ? { onLog: (line: string) => verbose(prismLine(line)) } : {}) });
      if (signal.aborted) {
        await mock.stop();
        return 0;
      }
      io.out(`${api.name} mock listening on ${mock.url} (Ctrl-C to stop)`);
      const aborted = new Promise<"aborted">((done) => signal.addEventListener("abort", () => done("aborted"), { once: true }));
      const first = await Promise.race([aborted, mock.exited]);
      if (first === "aborted" || signal.aborted || first.signal === "SIGINT" || first.signal === "SIGTERM") {
        await mock.stop();
        io.out(`${api.name} mock stopped`);
        return 0;
      }
      io.err(`error: Prism exited unexpectedly (code ${first.code})`);
      return 1;
    } catch (err) {
      if (!isUserFailure(err)) throw err;
      io.err(formatUserFailure(err, io.cwd));
      return err.exitCode;
    } finally {
      dispose();
    }
  },
};
