/**
 * Drift over recorded streams (generator/drift/streams.ts, stream-items.ts): a body is cut into items
 * exactly as the client reads it, and each item is checked against the schema of one item (3.2's
 * `itemSchema` as a whole event with `contentSchema` data; a 3.0/3.1 `schema` as one event's data;
 * a JSON lines or json-seq record). The HAR files and specs are in test/fixtures/drift/streams.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readEvents, readRecords } from "../templates/runtime/streams.ts";
import { apiConfig } from "../generator/config/index.ts";
import { driftCommand, driftReport, readHar, type DriftFinding } from "../generator/drift/index.ts";
import { splitStream } from "../generator/drift/streams.ts";
import { loadSpec } from "../generator/spec/load.ts";

const fixtures = fileURLToPath(new URL("./fixtures/drift/streams/", import.meta.url));
/** A secret a record carries under a credential name; another, broken record repeats it. */
const SECRET = "hunter2hunter2";

function report(spec: string, har: string) {
  const path = join(fixtures, spec);
  return driftReport(apiConfig({ name: "streams", spec: path, output: join(fixtures, "out") }), loadSpec(path), readHar(join(fixtures, har)), har);
}

const row = (f: DriftFinding) => [f.entry, f.item?.index ?? null, f.item?.event ?? null, f.item?.id ?? null, f.rule, f.pointer ?? null, f.expected ?? null, f.actual ?? null];

/** A body as the network gives it: in small pieces that cut lines, fields and characters apart. */
function chunked(body: string, size: number): Response {
  const bytes = new TextEncoder().encode(body);
  return new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += size) controller.enqueue(bytes.slice(i, i + size));
        controller.close();
      },
    }),
  );
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

// One event's data over two `data:` lines, CRLF and CR line ends, a comment between fields, `data:`
// without a space, a byte order mark, `retry:` in one block, and an event the body ends inside.
const ODD_SSE = '\ufeffdata:{"a":1}\r\n\r\nretry: 250\nid: 9\rdata: "b"\r\revent: chunk\r: between fields\r\ndata: {"c":\r\ndata:  3}\r\n\r\ndata: {"unfinished": ';
const RECORDS = '{"n": 1}\r\n\n  \n{"n": 2}\n{"n": 3}';
const SEQUENCE = '\x1e{"n": 1}\n\x1e\n\x1e{"n": 2}\n\x1e{"n": 3}';

describe("splitStream", () => {
  it("cuts an oddly split SSE body into the events the client yields, and no more", async () => {
    const items = splitStream("sse", ODD_SSE);
    expect(items).toEqual([
      { index: 1, text: '{"a":1}' },
      { index: 2, text: '"b"', id: "9", retry: 250 },
      { index: 3, text: '{"c":\n 3}', event: "chunk" },
    ]);
    for (const size of [1, 3, 7]) {
      const runtime = await collect(readEvents(chunked(ODD_SSE, size), { json: false }));
      expect(runtime, `in ${size}-byte pieces`).toEqual(items.map(({ index: _, text, ...fields }) => ({ ...fields, data: text })));
    }
  });

  it.each([
    ["jsonl", RECORDS],
    ["json-seq", SEQUENCE],
  ] as const)("cuts %s into the records the client yields: blank ones skipped, the last unterminated one kept", async (format, body) => {
    const items = splitStream(format, body);
    expect(items.map((i) => [i.index, i.text])).toEqual([
      [1, '{"n": 1}'],
      [2, '{"n": 2}'],
      [3, '{"n": 3}'],
    ]);
    const runtime = await collect(readRecords(chunked(body, 2), format));
    expect(runtime).toEqual(items.map((i) => JSON.parse(i.text) as unknown));
  });

  it("finds no item in a body that is not a stream", () => {
    expect(splitStream("sse", '{"error": {"message": "overloaded"}}')).toEqual([]);
    expect(splitStream("jsonl", "")).toEqual([]);
  });
});

describe("drift over streams, OpenAPI 3.1 (a media type's schema is one item; for SSE, one event's data)", () => {
  const result = report("openapi31.yaml", "streams31.har");

  it("reports each failing item with its index, SSE event name and id, in stream order", () => {
    expect(result).toMatchObject({ entries: 8, matched: 8, ignored: 0 });
    expect(result.findings.map(row)).toEqual([
      [2, 2, "chunk", "evt-2", "stream-item-mismatch", "/data/object", '"chat.completion.chunk"', '"chat.completion"'],
      [2, 3, "chunk", "evt-3", "unparsable-stream-item", null, "JSON", '"not json"'],
      [2, 4, null, null, "stream-item-mismatch", "/data/choices/0/index", "type integer", '"0"'],
      // The odd body: its second event's data, joined from two lines, lacks `id`; the unfinished last event is no item.
      [3, 3, "chunk", null, "stream-item-mismatch", "/data/id", "a required property", "missing"],
      // Declared a string: data is taken as sent, never parsed (`{"x": 1}` passes).
      [6, 2, null, null, "stream-item-mismatch", "/data", "must NOT have more than 20 characters", '"this line is far too long for it"'],
      [7, 2, null, null, "stream-item-mismatch", "/size", "must be >= 0", "-1"],
      [7, 3, null, null, "unparsable-stream-item", null, "JSON", '"{\\"id\\": \\"r3\\", \\"size\\":"'],
      [7, 4, null, null, "stream-item-mismatch", "/api_key", "must NOT have more than 8 characters", "[redacted]"],
      [7, 5, null, null, "unparsable-stream-item", null, "JSON", '"{\\"note\\": \\"[redacted]\\", \\"id\\": \\"r5\\", \\"size\\":"'],
      [8, 2, null, null, "stream-item-mismatch", "/size", "type integer", '"big"'],
    ]);
  });

  it("names the schema each item departs from by file, line, column and pointer", () => {
    expect(result.findings[0]!.schema).toEqual({ file: "openapi31.yaml", line: 29, col: 15, pointer: "/paths/~1chat~1completions/post/responses/200/content/text~1event-stream/schema" });
    expect(result.findings.find((f) => f.entry === 8)!.schema).toMatchObject({ line: 60, pointer: "/paths/~1sequence/get/responses/200/content/application~1json-seq/schema" });
  });

  it("finds nothing in a conforming stream, an empty one, or a whole JSON body where a stream is also documented", () => {
    expect(result.findings.filter((f) => [1, 4, 5].includes(f.entry))).toEqual([]);
  });
});

describe("drift over streams, OpenAPI 3.2 (itemSchema)", () => {
  const result = report("openapi32.yaml", "streams32.har");

  it("checks the whole event against itemSchema, and JSON data against the contentSchema of the branch it matches", () => {
    expect(result.findings.map(row)).toEqual([
      [2, 1, "update", "1", "stream-item-mismatch", "/data/count", "type integer", '"one"'],
      [2, 2, "update", "2", "unparsable-stream-item", null, "JSON", '"not json"'],
      // An event kind the spec does not list matches no branch of the oneOf.
      [2, 3, "other", "3", "stream-item-mismatch", "", "must match exactly one schema in oneOf", '{"event":"other","data":"x","id":"3"}'],
      [2, 3, "other", "3", "stream-item-mismatch", "/event", '"notice"', '"other"'],
      [2, 3, "other", "3", "stream-item-mismatch", "/event", '"update"', '"other"'],
      [3, 2, null, null, "stream-item-mismatch", "/n", "type integer", '"two"'],
      // `data` declared an object: parsed as JSON and checked inside the event; a sentinel that is not JSON is reported.
      [4, 2, "tick", null, "stream-item-mismatch", "/data/t", "type integer", '"2"'],
      [4, 3, null, null, "stream-item-mismatch", "/event", "a required property", "missing"],
      [4, 4, "tick", null, "unparsable-stream-item", null, "JSON", '"[DONE]"'],
    ]);
  });

  it("points at the contentSchema for data, at the itemSchema for the event", () => {
    const [content, unparsable, event] = result.findings;
    const contentSchema = "/components/schemas/FeedEvent/oneOf/0/properties/data/contentSchema";
    expect(content!.schema).toMatchObject({ file: "openapi32.yaml", pointer: contentSchema });
    expect(unparsable!.schema).toMatchObject({ pointer: contentSchema });
    expect(event!.schema).toMatchObject({ pointer: "/paths/~1feed/get/responses/200/content/text~1event-stream/itemSchema" });
  });
});

describe("contractgen drift over streams", () => {
  async function drift(api: string, har: string, format: string): Promise<{ code: number; out: string }> {
    const out: string[] = [];
    const io = { out: (l: string) => void out.push(l), err: () => undefined, cwd: fixtures };
    const code = await driftCommand.run({ api, har, format }, io as unknown as Parameters<typeof driftCommand.run>[1]);
    return { code, out: out.join("\n") };
  }

  it("prints the item, its event and id, and the schema's position (text)", async () => {
    const { code, out } = await drift("chat", "streams31.har", "text");
    expect(code).toBe(1);
    expect(out).toContain(
      '  error stream-item-mismatch: a stream item does not match the schema of one item: item 2 (event chunk, id evt-2), at /data/object, expected "chat.completion.chunk", actual "chat.completion", schema openapi31.yaml:29:15',
    );
  });

  it("puts the item beside the pointer and the schema beside the expectation (markdown)", async () => {
    const { out } = await drift("feed", "streams32.har", "markdown");
    expect(out).toContain("| `item 1 (event update, id 1) /data/count` | `type integer (schema openapi32.yaml:75:15)` | `\"one\"` |");
  });

  it.each(["text", "markdown", "json"])("never shows a secret a record carries, nor where another record repeats it (%s)", async (format) => {
    expect(readFileSync(join(fixtures, "streams31.har"), "utf8")).toContain(SECRET);
    const { out } = await drift("chat", "streams31.har", format);
    expect(out).toContain("[redacted]");
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain(SECRET.slice(0, 7));
  });
});
