/**
 * Streamed bodies over a loopback server that splits its writes where decoders trip: inside a UTF-8
 * sequence and inside a line. Every ending (done, dropped, aborted, idle, invalid, too large) is quiet.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import {
  readEvents,
  readRecords,
  readStream,
  type ServerSentEvent,
  type Stream,
} from "../../templates/runtime/streams.ts";

type Script = (res: http.ServerResponse, req: http.IncomingMessage) => void;
const scripts = new Map<string, Script>();
let server: http.Server;
let base: string;

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes each piece as its own TCP write, a few ms apart, then ends (unless `hold`). */
function drip(type: string, pieces: (string | Buffer)[], after: "end" | "drop" | "hold" = "end"): Script {
  return (res) => {
    res.socket?.setNoDelay(true);
    res.writeHead(200, { "content-type": type, "cache-control": "no-store" });
    void (async () => {
      for (const piece of pieces) {
        res.write(piece);
        await wait(15);
      }
      if (after === "end") res.end();
      else if (after === "drop") res.socket?.destroy();
    })();
  };
}

beforeAll(async () => {
  server = http.createServer((req, res) => scripts.get(new URL(req.url!, base).pathname)!(res, req));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function open(path: string, script: Script, init: RequestInit = {}): Promise<Response> {
  scripts.set(path, script);
  return fetch(`${base}${path}`, init);
}

async function collect<T>(stream: Stream<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

/** Bytes of `text` cut at the given byte offsets. */
function cut(text: string, ...at: number[]): Buffer[] {
  const bytes = Buffer.from(text, "utf8");
  const edges = [0, ...at, bytes.length];
  return edges.slice(1).map((end, i) => bytes.subarray(edges[i], end));
}

describe("readEvents", () => {
  const body =
    ": a comment\n" +
    'event: greeting\nid: 1\ndata: {"text":"héllo 😀"}\n\n' +
    'data: {"text":"two"}\nid: 2\nretry: 500\n\n' +
    "data: [1,\ndata: 2]\n\n";
  const bytes = Buffer.from(body, "utf8");
  const inAccent = bytes.indexOf(Buffer.from("é")) + 1; // between the two bytes of é
  const inEmoji = bytes.indexOf(Buffer.from("😀")) + 2; // inside the four bytes of 😀
  const midLine = bytes.indexOf(Buffer.from("retry")) + 3;

  it("yields typed events from a stream split inside UTF-8 sequences and lines", async () => {
    const response = await open(
      "/sse",
      drip("text/event-stream", cut(body, 5, inAccent, inEmoji, midLine, bytes.length - 3)),
    );
    const stream = readEvents<{ text: string } | number[]>(response);
    expectTypeOf(stream).toEqualTypeOf<Stream<ServerSentEvent<{ text: string } | number[]>>>();
    expect(await collect(stream)).toEqual([
      { event: "greeting", id: "1", data: { text: "héllo 😀" } },
      { id: "2", data: { text: "two" }, retry: 500 },
      { data: [1, 2] },
    ]);
    expect(stream.end).toEqual({ reason: "done" });
    expect(stream.lastEventId).toBe("2");
  });

  it("gives data as sent when the event data is a string", async () => {
    const response = await open("/sse-text", drip("text/event-stream", ["data: plain\n", "data: text\n\n"]));
    expect(await collect(readEvents<string>(response, { json: false }))).toEqual([{ data: "plain\ntext" }]);
  });

  it("ends quietly when the connection drops, keeping what came before", async () => {
    const response = await open("/sse-drop", drip("text/event-stream", ['data: {"n":1}\n\n', 'data: {"n":'], "drop"));
    const stream = readEvents(response);
    expect(await collect(stream)).toEqual([{ data: { n: 1 } }]);
    expect(stream.end?.reason).toBe("dropped");
  });

  it("ends on abort, and on an idle timeout", async () => {
    const controller = new AbortController();
    const aborted = readEvents(
      await open("/sse-hold", drip("text/event-stream", ['data: {"n":1}\n\n'], "hold"), { signal: controller.signal }),
      {
        signal: controller.signal,
      },
    );
    const items = [];
    for await (const item of aborted) {
      items.push(item);
      setTimeout(() => controller.abort(), 10);
    }
    expect([items.length, aborted.end]).toEqual([1, { reason: "aborted" }]);

    const idle = readEvents(await open("/sse-idle", drip("text/event-stream", ['data: {"n":1}\n\n'], "hold")), {
      idleTimeoutMs: 100,
    });
    const started = Date.now();
    expect(await collect(idle)).toEqual([{ data: { n: 1 } }]);
    expect(idle.end).toEqual({ reason: "idle-timeout", idleTimeoutMs: 100 });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("ends at an event whose data is not JSON", async () => {
    const stream = readEvents(
      await open("/sse-bad", drip("text/event-stream", ['data: {"n":1}\n\ndata: {oops\n\ndata: {"n":3}\n\n'])),
    );
    expect(await collect(stream)).toEqual([{ data: { n: 1 } }]);
    expect(stream.end?.reason).toBe("invalid-item");
  });

  it("ends at an event larger than maxItemBytes", async () => {
    const stream = readEvents(
      await open("/sse-big", drip("text/event-stream", [`data: "${"x".repeat(200)}`, `${"x".repeat(200)}"\n\n`])),
      { maxItemBytes: 100 },
    );
    expect(await collect(stream)).toEqual([]);
    expect(stream.end).toEqual({ reason: "too-large", maxItemBytes: 100 });
  });

  it("reconnects after a drop with Last-Event-ID and the server's retry, when asked to", async () => {
    const seen: (string | undefined)[] = [];
    scripts.set("/sse-resume", (res, req) => {
      const last = req.headers["last-event-id"] as string | undefined;
      seen.push(last);
      if (last === undefined) drip("text/event-stream", ['retry: 20\nid: 1\ndata: {"n":1}\n\n'], "drop")(res, req);
      else drip("text/event-stream", [`id: ${Number(last) + 1}\ndata: {"n":${Number(last) + 1}}\n\n`])(res, req);
    });
    const stream = readEvents(await fetch(`${base}/sse-resume`), {
      reconnect: {
        open: (lastEventId) =>
          fetch(`${base}/sse-resume`, { headers: lastEventId ? { "last-event-id": lastEventId } : {} }),
      },
    });
    expect(await collect(stream)).toEqual([
      { id: "1", data: { n: 1 }, retry: 20 },
      { id: "2", data: { n: 2 } },
    ]);
    expect(seen).toEqual([undefined, "1"]);
    expect(stream.end).toEqual({ reason: "done" });
  });

  it("does not reconnect unless asked", async () => {
    let opened = 0;
    scripts.set("/sse-once", (res, req) => {
      opened++;
      drip("text/event-stream", ['data: {"n":1}\n\n'], "drop")(res, req);
    });
    const stream = readEvents(await fetch(`${base}/sse-once`));
    await collect(stream);
    expect([opened, stream.end?.reason]).toEqual([1, "dropped"]);
  });
});

describe("readRecords", () => {
  it("yields one item per JSON line, split mid-line and inside UTF-8, the last line unterminated", async () => {
    const text = '{"a":1,"s":"ø"}\r\n{"a":2}\n\n{"a":3}';
    const at = Buffer.from(text).indexOf(Buffer.from("ø")) + 1;
    const stream = readRecords<{ a: number; s?: string }>(
      await open("/jsonl", drip("application/jsonl", cut(text, 4, at, 20))),
      "jsonl",
    );
    expect(await collect(stream)).toEqual([{ a: 1, s: "ø" }, { a: 2 }, { a: 3 }]);
    expect(stream.end).toEqual({ reason: "done" });
  });

  it("reads an RFC 7464 JSON text sequence", async () => {
    const stream = readRecords(
      await open("/seq", drip("application/json-seq", ['\x1e{"a":1}\n\x1e[2', ',3]\n\x1e"x"\n'])),
      "json-seq",
    );
    expect(await collect(stream)).toEqual([{ a: 1 }, [2, 3], "x"]);
  });

  it("drops an incomplete last line when the connection drops, and ends quietly", async () => {
    const stream = readRecords(
      await open("/jsonl-drop", drip("application/x-ndjson", ['{"a":1}\n{"a":'], "drop")),
      "jsonl",
    );
    expect(await collect(stream)).toEqual([{ a: 1 }]);
    expect(stream.end?.reason).toBe("dropped");
  });

  it("ends at a line that is not JSON, and closes the body", async () => {
    const stream = readRecords(
      await open("/jsonl-bad", drip("application/jsonl", ['{"a":1}\nnope\n{"a":3}\n'], "hold")),
      "jsonl",
    );
    expect(await collect(stream)).toEqual([{ a: 1 }]);
    expect(stream.end?.reason).toBe("invalid-item");
  });

  it("stops reading when the loop leaves early", async () => {
    const stream = readRecords(
      await open("/jsonl-hold", drip("application/jsonl", ['{"a":1}\n{"a":2}\n'], "hold")),
      "jsonl",
    );
    for await (const _ of stream) break;
    expect(stream.end).toBeUndefined();
  });
});

describe("readStream", () => {
  it("reads a body without content as an empty, finished stream", async () => {
    const stream = readStream(new Response(null), "jsonl");
    expect(await collect(stream)).toEqual([]);
    expect(stream.end).toEqual({ reason: "done" });
  });
});
