/**
 * Stream items checked by a GENERATED client (test/fixtures/drift/streams/openapi32.yaml, generated
 * with `validateResponses: "report"` and with it off) over a loopback server: an item that breaks its
 * schema and one that is not JSON are each reported to `onContractDrift`, naming the item; valid items
 * are not; a client that does not check responses reports nothing and ships no validators. The event
 * data of the specification's SSE example is typed `Update | string`, checked by tsc.
 */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiConfig, resolvedConfig } from "../../generator/config/index.ts";
import {
  closeRunContext,
  createRunContext,
  generateApi,
  generateRuntime,
  outputsOf,
} from "../../generator/pipeline/run.ts";
import { writeOutputs } from "../../generator/pipeline/write.ts";
import type { DriftReport } from "../../templates/runtime/errors.ts";
import type { Stream } from "../../templates/runtime/streams.ts";
import { tscOutput } from "../support/tsc.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const SPEC = join(root, "test/fixtures/drift/streams/openapi32.yaml");
const work = mkdtempSync(join(tmpdir(), "contractgen-streams-client-"));
let server: Server;
let baseUrl = "";
const files = new Map<string, Map<string, string>>();

/** What the server streams, by path. */
const BODIES: Record<string, string> = {
  "/feed": [
    'event: update\nid: 1\ndata: {"item":"a","count":1}\n\n',
    'event: update\nid: 2\ndata: {"item":"b","count":"two"}\n\n',
    "event: update\nid: 3\ndata: {oops\n\n",
    "event: notice\ndata: never reached\n\n",
  ].join(""),
  "/numbers": '{"n":1}\n{"n":2}\n',
  "/numbers-bad": '{"n":1}\n{"n":"2"}\nnope\n{"n":4}\n',
};
/** The plain-text event the specification's example allows, beside JSON ones: all valid. */
const VALID_FEED = 'event: update\ndata: {"item":"a","count":1}\n\nevent: notice\ndata: back soon\n\ndata: plain\n\n';

interface FeedClient {
  watchFeed(): Promise<{ data?: Stream<{ event?: string; data: unknown }>; error?: unknown }>;
  streamNumbers(): Promise<{ data?: Stream<unknown>; error?: unknown }>;
}
type CreateClient = (options: { baseUrl: string; onContractDrift?: (report: DriftReport) => void }) => FeedClient;

async function clientOf(name: "report" | "off"): Promise<CreateClient> {
  const module = (await import(join(work, name, "index.ts"))) as { createFeedClient: CreateClient };
  return module.createFeedClient;
}

async function collect<T>(stream: Stream<T> | undefined): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream!) items.push(item);
  return items;
}

let feedBody = BODIES["/feed"]!;
let numbersBody = BODIES["/numbers"]!;

beforeAll(async () => {
  const ctx = createRunContext(resolvedConfig(work, [], { runtimeOutput: join(work, "runtime") }));
  try {
    const generated = [];
    for (const validateResponses of ["report", "off"] as const) {
      const api = apiConfig({ name: "feed", spec: SPEC, output: join(work, validateResponses), validateResponses });
      const one = await generateApi(api, ctx);
      files.set(validateResponses, one.files);
      generated.push(one);
    }
    writeOutputs(outputsOf(generated, generateRuntime(ctx)));
  } finally {
    await closeRunContext(ctx);
  }
  symlinkSync(join(root, "node_modules"), join(work, "node_modules"));
  server = createServer((request, response) => {
    const sse = request.url === "/feed";
    response.writeHead(200, { "content-type": sse ? "text/event-stream" : "application/jsonl" });
    response.end(sse ? feedBody : numbersBody);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

describe("validateResponses: report, streamed", () => {
  it("reports the event that breaks its schema and the one that is not JSON, naming each", async () => {
    feedBody = BODIES["/feed"]!;
    const reports: DriftReport[] = [];
    const client = (await clientOf("report"))({ baseUrl, onContractDrift: (report) => void reports.push(report) });
    const { data, error } = await client.watchFeed();
    expect(error).toBeUndefined();
    expect(await collect(data)).toEqual([
      { event: "update", id: "1", data: { item: "a", count: 1 } },
      { event: "update", id: "2", data: { item: "b", count: "two" } },
    ]);
    // As README's Streams section says: an item that is not JSON ends the stream, quietly.
    expect(data!.end?.reason).toBe("invalid-item");
    const common = {
      operationId: "watchFeed",
      method: "GET",
      path: "/feed",
      status: 200,
      contentType: "text/event-stream",
    };
    expect(reports).toEqual([
      {
        ...common,
        item: { index: 2, event: "update", id: "2" },
        // Checked against the update event's own data schema, not the union of every event's.
        mismatches: [{ pointer: "/data/count", expected: "integer", actual: "string" }],
      },
      { ...common, reason: "unparsable_item", item: { index: 3, event: "update", id: "3" }, mismatches: [] },
    ]);
  });

  it("reads a plain-text event as text beside JSON ones, and reports nothing when every item is valid", async () => {
    feedBody = VALID_FEED;
    const reports: DriftReport[] = [];
    const client = (await clientOf("report"))({ baseUrl, onContractDrift: (report) => void reports.push(report) });
    const { data } = await client.watchFeed();
    expect(await collect(data)).toEqual([
      { event: "update", data: { item: "a", count: 1 } },
      { event: "notice", data: "back soon" },
      { data: "plain" },
    ]);
    expect(data!.end).toEqual({ reason: "done" });
    expect(reports).toEqual([]);
  });

  it("checks each JSON line against the item schema", async () => {
    const reports: DriftReport[] = [];
    const client = (await clientOf("report"))({ baseUrl, onContractDrift: (report) => void reports.push(report) });
    numbersBody = BODIES["/numbers"]!;
    expect(await collect((await client.streamNumbers()).data)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(reports).toEqual([]);
    numbersBody = BODIES["/numbers-bad"]!;
    expect(await collect((await client.streamNumbers()).data)).toEqual([{ n: 1 }, { n: "2" }]);
    expect(reports.map(({ item, reason, mismatches }) => ({ item, reason, mismatches }))).toEqual([
      { item: { index: 2 }, reason: undefined, mismatches: [{ pointer: "/n", expected: "integer", actual: "string" }] },
      { item: { index: 3 }, reason: "unparsable_item", mismatches: [] },
    ]);
  });
});

describe("validateResponses: off, streamed", () => {
  it("checks nothing, reports nothing, and ships no validators", async () => {
    feedBody = BODIES["/feed"]!;
    numbersBody = BODIES["/numbers-bad"]!;
    const reports: DriftReport[] = [];
    const client = (await clientOf("off"))({ baseUrl, onContractDrift: (report) => void reports.push(report) });
    const { data } = await client.watchFeed();
    expect(await collect(data)).toHaveLength(2);
    expect(data!.end?.reason).toBe("invalid-item");
    expect(await collect((await client.streamNumbers()).data)).toHaveLength(2);
    expect(reports).toEqual([]);
    expect([...files.get("off")!.keys()]).not.toContain("validators.ts");
    expect(files.get("off")!.get("core.ts")).not.toContain("validat");
  });
});

describe("types", () => {
  it("types the event data of the specification's SSE example as the contentSchema's type or the string", () => {
    writeFileSync(
      join(work, "consumer.ts"),
      [
        'import { createFeedClient, type components } from "./report/index.js";',
        "type Update = components['schemas']['Update'];",
        "export async function use(): Promise<void> {",
        "  const { data } = await createFeedClient().watchFeed();",
        "  if (!data) return;",
        "  for await (const event of data) {",
        "    const both: Update | string = event.data;",
        "    const back: typeof event.data = both;",
        "    // @ts-expect-error: a notice's data is text, never an Update",
        "    const update: Update = event.data;",
        "    // @ts-expect-error: an update's data is parsed JSON, not only text",
        "    const text: string = event.data;",
        "    void [back, update, text];",
        "  }",
        "}",
      ].join("\n"),
    );
    writeFileSync(
      join(work, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          lib: ["ES2022", "DOM", "DOM.AsyncIterable"],
          types: [],
          skipLibCheck: true,
          noEmit: true,
          allowImportingTsExtensions: true,
        },
        files: ["consumer.ts"],
      }),
    );
    expect(tscOutput(join(work, "tsconfig.json"), work)).toBe("");
  }, 60_000);
});
