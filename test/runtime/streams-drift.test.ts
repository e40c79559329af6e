/**
 * Each item of a streamed success checked against the spec as it arrives: streams.ts's `onItem`
 * (every item before it is yielded, and an item that is not JSON) and decode.ts's use of it (one
 * `onContractDrift` report per departing item, naming it, with its event name and id redacted).
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import { decode, type DecodeContext } from "../../templates/runtime/decode.ts";
import type { DriftReport } from "../../templates/runtime/errors.ts";
import {
  readEvents,
  readRecords,
  readStream,
  type SseOptions,
  type Stream,
  type StreamItemInfo,
} from "../../templates/runtime/streams.ts";
import type { ContractMismatch } from "../../templates/runtime/errors.ts";
import type { CallMeta, ResponseMeta } from "../../templates/runtime/types.ts";

/** A body that arrives in the given pieces, as a server's writes would. */
function bodyOf(pieces: string[], type: string): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(piece));
      controller.close();
    },
  });
  return new Response(body, { headers: { "content-type": type } });
}

async function collect<T>(stream: Stream<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

describe("onItem", () => {
  it("sees each SSE event's data before it is yielded, with its position, name and id", async () => {
    const log: unknown[] = [];
    const stream = readEvents(
      bodyOf(
        ['event: a\nid: 7\ndata: {"n":1}\n\n', 'data: {"n":2}\n\nevent: b\ndata: {"n":3}\n\n'],
        "text/event-stream",
      ),
      { onItem: (value, item) => log.push(["seen", value, item]) },
    );
    for await (const event of stream) log.push(["yielded", event.data]);
    expect(log).toEqual([
      ["seen", { n: 1 }, { index: 1, event: "a", id: "7" }],
      ["yielded", { n: 1 }],
      ["seen", { n: 2 }, { index: 2 }],
      ["seen", { n: 3 }, { index: 3, event: "b" }],
      ["yielded", { n: 2 }],
      ["yielded", { n: 3 }],
    ]);
  });

  it("is told of an item that is not JSON, with its text; the stream still ends there, as documented", async () => {
    const seen: [unknown, StreamItemInfo][] = [];
    const onItem = (value: unknown, item: StreamItemInfo) => void seen.push([value, item]);
    const events = readEvents(
      bodyOf(['data: {"n":1}\n\nid: x\ndata: {oops\n\ndata: {"n":3}\n\n'], "text/event-stream"),
      {
        onItem,
      },
    );
    expect(await collect(events)).toEqual([{ data: { n: 1 } }]);
    expect(events.end?.reason).toBe("invalid-item");
    expect(seen).toEqual([
      [{ n: 1 }, { index: 1 }],
      ["{oops", { index: 2, id: "x", unparsable: true }],
    ]);

    seen.length = 0;
    const lines = readRecords(bodyOf(['{"a":1}\n\n{"a":2}\nnope\n{"a":4}\n'], "application/jsonl"), "jsonl", {
      onItem,
    });
    expect(await collect(lines)).toEqual([{ a: 1 }, { a: 2 }]);
    expect(lines.end?.reason).toBe("invalid-item");
    expect(seen).toEqual([
      [{ a: 1 }, { index: 1 }],
      [{ a: 2 }, { index: 2 }],
      ["nope", { index: 3, unparsable: true }],
    ]);
  });

  it("a hook that throws neither ends the stream nor loses an item", async () => {
    const stream = readRecords(bodyOf(['\x1e{"a":1}\n\x1e{"a":2}\n'], "application/json-seq"), "json-seq", {
      onItem: () => {
        throw new Error("hook failed");
      },
    });
    expect(await collect(stream)).toEqual([{ a: 1 }, { a: 2 }]);
    expect(stream.end).toEqual({ reason: "done" });
  });

  it("gives text events as sent, and by event name JSON-parses only the events `events` says", async () => {
    const seen: unknown[] = [];
    const stream = readEvents(
      bodyOf(['event: json\ndata: {"n":1}\n\nevent: text\ndata: {not json\n\ndata: plain\n\n'], "text/event-stream"),
      { json: false, events: { json: true }, onItem: (value) => seen.push(value) },
    );
    expect(await collect(stream)).toEqual([
      { event: "json", data: { n: 1 } },
      { event: "text", data: "{not json" },
      { data: "plain" },
    ]);
    expect(seen).toEqual([{ n: 1 }, "{not json", "plain"]);
    expect(stream.end).toEqual({ reason: "done" });
  });
});

describe("types", () => {
  it("a drift report names its item, and its reason may be an item that is not JSON", () => {
    expectTypeOf<DriftReport["item"]>().toEqualTypeOf<{ index: number; event?: string; id?: string } | undefined>();
    expectTypeOf<"unparsable_item">().toExtend<NonNullable<DriftReport["reason"]>>();
    expectTypeOf<SseOptions["onItem"]>().toEqualTypeOf<((value: unknown, item: StreamItemInfo) => void) | undefined>();
    expectTypeOf<SseOptions["events"]>().toEqualTypeOf<Readonly<Record<string, boolean>> | undefined>();
  });
});

describe("decode of a streamed success", () => {
  const SECRET = "sk_live_secret";
  const operation = (stream: ResponseMeta["stream"]): CallMeta => ({
    operationId: "watch",
    method: "get",
    path: "/watch",
    responses: { "200": { kind: "success", json: false, stream } },
  });
  /** Items must be `{ n: integer }`: what a generated validator says of one item. */
  const validate: DecodeContext["validate"] = (operationId, status, body, mediaType) => {
    expect([operationId, status]).toEqual(["watch", 200]);
    const n = (body as { n?: unknown } | null)?.n;
    const found: ContractMismatch[] = Number.isInteger(n)
      ? []
      : [{ pointer: "/n", expected: "integer", actual: `${typeof n} (${mediaType})` }];
    return found;
  };
  const context = (reports: DriftReport[], checked = true): DecodeContext => ({
    envelope: { message: [] },
    redact: (text) => text.split(SECRET).join("[REDACTED]"),
    validate: checked ? validate : undefined,
    onDrift: (report) => void reports.push(report),
  });
  const read = readStream;

  it("reports the item that breaks its schema and the one that is not JSON, naming each, redacted", async () => {
    const reports: DriftReport[] = [];
    const response = bodyOf(
      [
        'event: tick\nid: 1\ndata: {"n":1}\n\n',
        `event: tick\nid: 2-${SECRET}\ndata: {"n":"two"}\n\n`,
        `event: ${SECRET}\nid: 3\ndata: three\n\n`,
        'data: {"n":4}\n\n',
      ],
      "text/event-stream; charset=utf-8",
    );
    const result = decode(operation({ format: "sse", json: true }), { response }, context(reports), {
      read,
      options: {},
    });
    const stream = result.data as Stream<unknown>;
    expect(await collect(stream)).toEqual([
      { event: "tick", id: "1", data: { n: 1 } },
      { event: "tick", id: `2-${SECRET}`, data: { n: "two" } },
    ]);
    expect(stream.end?.reason).toBe("invalid-item");
    expect(reports).toEqual([
      {
        operationId: "watch",
        method: "GET",
        path: "/watch",
        status: 200,
        contentType: "text/event-stream; charset=utf-8",
        item: { index: 2, event: "tick", id: "2-[REDACTED]" },
        mismatches: [{ pointer: "/data/n", expected: "integer", actual: "string (text/event-stream)" }],
      },
      {
        operationId: "watch",
        method: "GET",
        path: "/watch",
        status: 200,
        contentType: "text/event-stream; charset=utf-8",
        reason: "unparsable_item",
        item: { index: 3, event: "[REDACTED]", id: "3" },
        mismatches: [],
      },
    ]);
  });

  it("points into the record itself for JSON lines, and reports nothing for valid items", async () => {
    const reports: DriftReport[] = [];
    const lines = bodyOf(['{"n":1}\n{"n":2}\n{"n":null}\n'], "application/x-ndjson");
    const stream = decode(operation({ format: "jsonl", json: true }), { response: lines }, context(reports), {
      read,
      options: {},
    }).data as Stream<unknown>;
    expect(await collect(stream)).toEqual([{ n: 1 }, { n: 2 }, { n: null }]);
    expect(reports.map((r) => [r.item, r.mismatches[0]?.pointer])).toEqual([[{ index: 3 }, "/n"]]);

    const valid: DriftReport[] = [];
    const ok = bodyOf(['{"n":1}\n{"n":2}\n'], "application/jsonl");
    await collect(
      decode(operation({ format: "jsonl", json: true }), { response: ok }, context(valid), { read, options: {} })
        .data as Stream<unknown>,
    );
    expect(valid).toEqual([]);
  });

  it("with responses unchecked, or no drift hook, checks no item and reports nothing", async () => {
    const reports: DriftReport[] = [];
    const given: SseOptions[] = [];
    const body = () => bodyOf(['data: {"n":"x"}\n\ndata: nope\n\n'], "text/event-stream");
    const stream = decode(operation({ format: "sse", json: true }), { response: body() }, context(reports, false), {
      read: (res, format, options, checked) => (given.push(options), readStream(res, format, options, checked)),
      options: { idleTimeoutMs: 1000 },
    }).data as Stream<unknown>;
    expect(await collect(stream)).toEqual([{ data: { n: "x" } }]);
    expect(given).toEqual([{ idleTimeoutMs: 1000, json: true }]);
    expect(reports).toEqual([]);

    let calls = 0;
    const counted: DecodeContext = { ...context(reports), onDrift: undefined, validate: () => (calls++, []) };
    await collect(
      decode(operation({ format: "sse", json: true }), { response: body() }, counted, { read, options: {} })
        .data as Stream<unknown>,
    );
    expect(calls).toBe(0);
  });

  it("passes the per-event reading of the operation's metadata to the reader", async () => {
    const response = bodyOf(['event: update\ndata: {"n":1}\n\nevent: notice\ndata: soon\n\n'], "text/event-stream");
    const stream = decode(
      operation({ format: "sse", json: false, events: { update: true } }),
      { response },
      context([], false),
      { read, options: {} },
    ).data as Stream<unknown>;
    expect(await collect(stream)).toEqual([
      { event: "update", data: { n: 1 } },
      { event: "notice", data: "soon" },
    ]);
  });
});
