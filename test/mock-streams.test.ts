/**
 * Streamed examples in the mock (generator/mock/streams.ts): an example's stream text, read back by
 * the runtime's own stream reader, and the writes it is cut into; and the document Prism gets
 * (generator/mock/document.ts), whose streamed examples are that text.
 */
import { describe, expect, it } from "vitest";
import { prismDocument } from "../generator/mock/document.ts";
import { streamText, streamWrites } from "../generator/mock/streams.ts";
import { readStream, type StreamFormat } from "../templates/runtime/streams.ts";

/** What the generated client's reader makes of `text`, sent as `writes`. */
async function readBack(format: StreamFormat, writes: string[], json = true): Promise<unknown[]> {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const write of writes) controller.enqueue(new TextEncoder().encode(write));
      controller.close();
    },
  });
  const items = [];
  for await (const item of readStream(new Response(body), format, { json })) items.push(item);
  return items;
}

describe("streamText and streamWrites", () => {
  it.each<[string, StreamFormat, unknown, unknown[], boolean?]>([
    [
      "SSE: whole events and bare data values",
      "sse",
      [{ event: "tick", id: 1, data: { n: 1 } }, { n: 2 }, { data: [3], retry: 500 }],
      [{ event: "tick", id: "1", data: { n: 1 } }, { data: { n: 2 } }, { data: [3], retry: 500 }],
    ],
    ["SSE: a value with a key beside data is data, not an event", "sse", [{ data: 1, more: 2 }], [{ data: { data: 1, more: 2 } }]],
    ["SSE: one value is one event", "sse", { n: 1 }, [{ data: { n: 1 } }]],
    ["SSE: multi-line string data as several data lines", "sse", ["one\ntwo"], [{ data: "one\ntwo" }], false],
    ["SSE: a field cannot break a line", "sse", [{ event: "a\nb", data: "x" }], [{ event: "a b", data: "x" }], false],
    ["SSE text as written", "sse", "event: e\ndata: 1\n\n: note\n\ndata: 2\n\n", [{ event: "e", data: 1 }, { data: 2 }]],
    ["JSON lines", "jsonl", [{ a: 1 }, "two", 3], [{ a: 1 }, "two", 3]],
    ["JSON lines: one value", "jsonl", { a: 1 }, [{ a: 1 }]],
    ["json-seq", "json-seq", [{ a: 1 }, [2]], [{ a: 1 }, [2]]],
  ])("%s", async (_, format, example, items, json = true) => {
    const writes = streamWrites(format, streamText(format, example));
    expect(writes.join("")).toBe(streamText(format, example));
    expect(await readBack(format, writes, json)).toEqual(items);
  });

  it("cuts one event, line or record per write", () => {
    expect(streamWrites("sse", "data: 1\n\ndata: 2\r\n\r\n: c\n\n")).toEqual(["data: 1\n\n", "data: 2\r\n\r\n", ": c\n\n"]);
    expect(streamWrites("jsonl", '{"a":1}\n{"b":2}\n')).toEqual(['{"a":1}\n', '{"b":2}\n']);
    expect(streamWrites("json-seq", "\u001e1\n\u001e2\n")).toEqual(["\u001e1\n", "\u001e2\n"]);
  });
});

describe("prismDocument", () => {
  const spec = {
    openapi: "3.2.0",
    paths: {
      "/events": {
        get: {
          responses: {
            "200": {
              content: {
                "text/event-stream": { itemSchema: { type: "object" }, examples: { one: { dataValue: [{ n: 1 }] }, two: { $ref: "#/components/examples/Ticks" } } },
                "application/json": { schema: { type: "array" }, example: [{ n: 1 }] },
              },
            },
            "400": { content: { "application/jsonl": { schema: { type: "object" }, example: [{ e: 1 }] } } },
          },
        },
      },
      "/logs": { get: { responses: { "200": { $ref: "#/components/responses/Logs" } } } },
      "/bare": { get: { responses: { "200": { content: { "application/jsonl": { schema: { type: "object" } } } } } } },
    },
    components: {
      examples: { Ticks: { summary: "ticks", serializedValue: "data: 2\n\n" } },
      responses: { Logs: { content: { "application/x-ndjson": { schema: { type: "object" }, example: [{ m: "a" }, { m: "b" }] } } } },
    },
  };

  it("serves each streamed success's examples as its text, and leaves the rest as it was", () => {
    const served = prismDocument(spec) as typeof spec;
    const events = served.paths["/events"].get.responses;
    expect(events["200"].content["text/event-stream"]).toEqual({
      schema: { type: "string" },
      examples: { one: { value: 'data: {"n":1}\n\n' }, two: { summary: "ticks", value: "data: 2\n\n" } },
    });
    expect(events["200"].content["application/json"]).toEqual(spec.paths["/events"].get.responses["200"].content["application/json"]);
    // Errors and a streamed success without an example are Prism's to answer.
    expect(events["400"]).toEqual(spec.paths["/events"].get.responses["400"]);
    expect(served.paths["/bare"]).toEqual(spec.paths["/bare"]);
    expect(served.components.responses.Logs.content["application/x-ndjson"]).toEqual({ schema: { type: "string" }, example: '{"m":"a"}\n{"m":"b"}\n' });
  });

  it("never changes the spec it is given", () => {
    const before = structuredClone(spec);
    prismDocument(spec);
    expect(spec).toEqual(before);
  });
});
