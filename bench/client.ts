/**
 * Client overhead: sequential GETs on loopback through bare fetch, openapi-fetch alone, and the
 * contractgen runtime as a generated operation function calls it (templates/runtime: a core with the
 * auth middleware from the security scheme, per-attempt timeout, retry loop, size-limited body,
 * decoder), in one process, interleaved in blocks so that
 * machine noise hits every column alike. The server runs in its own process.
 *
 * The runtime is measured as an application ships it: compiled to plain JavaScript by esbuild (as a
 * bundler would), not through tsx, whose transform names every closure at run time (`keepNames`) and
 * so charges the runtime for a cost openapi-fetch's published JavaScript never pays.
 */
import { fork } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import createClient from "openapi-fetch";
import type { paths } from "../generated/hostup/schema.ts";
import type { ApiDefinition, CallMeta, Core } from "../templates/runtime/index.ts";
import { freshDir, ROOT, stats, WORK, type Stats } from "./lib.ts";

type Runtime = typeof import("../templates/runtime/index.ts");

/** templates/runtime compiled to one ES module (its packages left as imports), and loaded. */
async function compiledRuntime(): Promise<Runtime> {
  const outfile = join(freshDir(join(WORK, "client-runtime")), "runtime.mjs");
  await build({
    entryPoints: [join(ROOT, "templates/runtime/index.ts")],
    bundle: true,
    format: "esm",
    platform: "node",
    packages: "external",
    outfile,
    logLevel: "silent",
  });
  return (await import(pathToFileURL(outfile).href)) as Runtime;
}

/** HostUp's listSavedCards as generated code describes it: bearer auth, Problem Details errors. */
const definitionWith = (refuseCardNumber: ApiDefinition["guard"]): ApiDefinition => ({
  name: "HostupClient",
  defaultBaseUrl: "https://cloud.hostup.se",
  errorEnvelope: {
    code: "/code",
    message: ["/detail", "/title"],
    requestId: "/requestId",
    requestIdHeader: "x-request-id",
    fieldErrors: { items: "/errors", location: "/pointer", code: "/code", message: "/detail" },
  },
  securitySchemes: { bearerAuth: { type: "http", scheme: "bearer" }, hostup_session: { type: "apiKey", in: "cookie", name: "hostup_session" } },
  security: { default: [["bearerAuth"], ["hostup_session"]] },
  guard: refuseCardNumber,
});
const error = (code: string) => ({ kind: "error", json: true, codes: [code] }) as const;
const listSavedCards: CallMeta = {
  operationId: "listSavedCards",
  method: "GET",
  path: "/api/v2/billing/cards",
  responses: { "200": { kind: "success", json: true }, "401": error("unauthorized"), "404": error("not_found"), "429": error("rate_limit_exceeded") },
};

export interface ClientColumn {
  name: string;
  /** requests per second, one value per run */
  perRun: number[];
  stats: Stats;
}

export async function clientBench(options: { runs: number; requestsPerRun: number; blockSize: number; log: (line: string) => void }): Promise<ClientColumn[]> {
  const server = fork(join(ROOT, "bench/client-server.mjs"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("server did not start")), 10_000);
      server.once("message", (m: { port: number }) => (clearTimeout(timer), resolve(m.port)));
      server.once("exit", (code) => reject(new Error(`server exited (${code})`)));
    });
    const baseUrl = `http://127.0.0.1:${port}`;
    const apiKey = "bench_key_0123456789";
    const { callOperation, createCore, refuseCardNumber } = await compiledRuntime();
    const core = createCore<Core>({ apiKey, baseUrl }, definitionWith(refuseCardNumber));
    const plain = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${apiKey}` } });
    const url = `${baseUrl}/api/v2/billing/cards`;

    const columns: { name: string; call: () => Promise<unknown> }[] = [
      {
        name: "bare fetch",
        call: async () => {
          const res = await fetch(url, { headers: { Authorization: `Bearer ${apiKey}` } });
          const body = (await res.json()) as unknown[];
          if (!res.ok || body.length !== 2) throw new Error("bad response");
        },
      },
      {
        name: "openapi-fetch",
        call: async () => {
          const { data, error } = await plain.GET("/api/v2/billing/cards");
          if (error || data?.length !== 2) throw new Error("bad response");
        },
      },
      {
        name: "contractgen runtime (auth, timeout, retry, decode)",
        call: async () => {
          const { data, error } = await callOperation(core, listSavedCards, undefined);
          if (error || (data as unknown[]).length !== 2) throw new Error(`bad response: ${JSON.stringify(error)}`);
        },
      },
    ];

    const block = async (call: () => Promise<unknown>, n: number): Promise<number> => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < n; i++) await call();
      return Number(process.hrtime.bigint() - start) / 1e6;
    };

    // warm-up: a short round of every column
    for (const c of columns) await block(c.call, Math.min(1000, options.requestsPerRun));

    const perRun = columns.map(() => [] as number[]);
    const blocks = Math.max(1, Math.round(options.requestsPerRun / options.blockSize));
    for (let run = 0; run < options.runs; run++) {
      const elapsed = columns.map(() => 0);
      for (let b = 0; b < blocks; b++) {
        // rotate the order so that no column always runs first (or right after a GC-heavy one)
        for (let k = 0; k < columns.length; k++) {
          const i = (b + run + k) % columns.length;
          elapsed[i]! += await block(columns[i]!.call, options.blockSize);
        }
      }
      elapsed.forEach((ms, i) => perRun[i]!.push((blocks * options.blockSize) / (ms / 1000)));
      options.log(`  client run ${run + 1}/${options.runs}: ${columns.map((c, i) => `${c.name} ${Math.round(perRun[i]!.at(-1)!)} req/s`).join(", ")}`);
    }
    return columns.map((c, i) => ({ name: c.name, perRun: perRun[i]!, stats: stats(perRun[i]!) }));
  } finally {
    server.disconnect();
    server.kill();
  }
}
