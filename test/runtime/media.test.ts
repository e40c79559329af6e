/**
 * Media types both ways, against a loopback server: a documented non-JSON success comes back with
 * its body (text for text types, a Blob for bytes), and a request body goes out as its documented
 * (or the caller's, or its own) media type says, not JSON-serialised with a JSON content type.
 */
import { describe, expect, it } from "vitest";
import { createApiClient, refuseCardNumber, type ApiDefinition, type OperationMeta } from "../../templates/runtime/index.ts";
import { streamFormat } from "../../templates/runtime/media.ts";
import { useFaultServer, type FaultServer, type Step } from "../support/fault-server.ts";
import { operation, problemEnvelope } from "./fixtures.ts";

let server: FaultServer;
useFaultServer((started) => (server = started));

const definition: ApiDefinition = {
  name: "MediaClient",
  defaultBaseUrl: "",
  errorEnvelope: problemEnvelope,
  securitySchemes: {},
  guard: refuseCardNumber,
};
const problem = { kind: "error", json: true } as const;

const table = {
  // Shaped as today's generated tables are: `json: false`, no media type.
  getText: operation("getText", "GET", "/text", { "200": { kind: "success", json: false }, "404": problem }, []),
  getDocumentedText: operation("getDocumentedText", "GET", "/text", { "200": { kind: "success", json: false, content: { "text/csv": "text" } } }, []),
  getFile: operation("getFile", "GET", "/file", { "200": { kind: "success", json: false, content: { "application/octet-stream": "blob" } }, "404": problem }, []),
  getUndescribed: operation("getUndescribed", "GET", "/file", { "200": { kind: "success", json: false } }, []),
  getEither: operation("getEither", "GET", "/either", { "200": { kind: "success", json: true }, "202": { kind: "success", json: false, content: { "image/png": "blob" } }, "404": problem }, []),
  getCommit: operation(
    "getCommit",
    "GET",
    "/commit",
    {
      "200": { kind: "success", json: true, content: { "application/json": "json", "application/vnd.github.diff": "text", "application/vnd.github.object": "json" } },
      "404": { kind: "error", json: true, content: { "application/problem+json": "json", "application/problem+xml": "text" }, codes: ["not_found"] },
    },
    [],
  ),
  postJson: operation("postJson", "POST", "/in", { "204": { kind: "success", json: false } }, []),
  postForm: { ...operation("postForm", "POST", "/in", { "204": { kind: "success", json: false } }, []), requestMediaType: "application/x-www-form-urlencoded" },
  postText: { ...operation("postText", "POST", "/in", { "204": { kind: "success", json: false } }, []), requestMediaType: "text/plain; charset=utf-8" },
  postCbor: { ...operation("postCbor", "POST", "/in", { "204": { kind: "success", json: false } }, []), requestMediaType: "application/cbor" },
  postPatch: { ...operation("postPatch", "PATCH", "/in", { "204": { kind: "success", json: false } }, []), requestMediaType: "application/merge-patch+json" },
  postMultipart: { ...operation("postMultipart", "POST", "/in", { "204": { kind: "success", json: false } }, []), requestMediaType: "multipart/form-data" },
} satisfies Record<string, OperationMeta>;

const client = (options: object = {}) =>
  createApiClient<Record<keyof typeof table, (init?: object) => Promise<{ data?: any; error?: any; response?: Response }>>>(
    { baseUrl: server.baseUrl, retry: { maxRetries: 0 }, ...options },
    definition,
    table,
  );

const BYTES = Buffer.from([0x00, 0xff, 0x80, 0x0a, 0xc3, 0x28]);

/** A step that answers with raw bytes. */
const bytes = (status: number, body: Buffer, headers: Record<string, string>): Step => ({
  kind: "handle",
  handle: (_req, res) => {
    res.writeHead(status, headers);
    res.end(body);
  },
});

describe("non-JSON success bodies", () => {
  it("a text/plain success comes back as its text (today's tables: json false, no media type)", async () => {
    server.script({ kind: "reply", status: 200, headers: { "content-type": "text/plain; charset=utf-8" }, body: "hello, world" });
    const result = await client().getText();
    expect(result.error).toBeUndefined();
    expect(result.data).toBe("hello, world");
  });

  it("a documented text type is read as text whatever the server labels it", async () => {
    server.script(bytes(200, Buffer.from("a,b\n1,2\n"), { "content-type": "application/octet-stream" }));
    const result = await client().getDocumentedText();
    expect(result.data).toBe("a,b\n1,2\n");
  });

  it("an application/octet-stream success is a Blob of the exact bytes, typed as sent", async () => {
    server.script(bytes(200, BYTES, { "content-type": "application/octet-stream", "content-length": String(BYTES.length) }));
    const result = await client().getFile();
    expect(result.error).toBeUndefined();
    expect(result.data).toBeInstanceOf(Blob);
    expect((result.data as Blob).type).toBe("application/octet-stream");
    expect(Buffer.from(await (result.data as Blob).arrayBuffer())).toEqual(BYTES);
  });

  it("without a documented media type, the response's own Content-Type decides: bytes stay bytes", async () => {
    server.script(bytes(200, BYTES, { "content-type": "image/png" }), bytes(200, Buffer.from("<a/>"), { "content-type": "application/xml" }));
    const png = await client().getUndescribed();
    expect(png.data).toBeInstanceOf(Blob);
    expect(Buffer.from(await (png.data as Blob).arrayBuffer())).toEqual(BYTES);
    const xml = await client().getUndescribed();
    expect(xml.data).toBe("<a/>");
  });

  it("an empty body: undefined where no body is documented, an empty string or Blob where text or bytes are", async () => {
    server.script(
      { kind: "reply", status: 200, headers: { "content-type": "text/plain" } },
      bytes(200, Buffer.alloc(0), { "content-type": "application/octet-stream" }),
      bytes(200, Buffer.alloc(0), { "content-type": "text/csv" }),
    );
    expect((await client().getText()).data).toBeUndefined();
    const file = (await client().getFile()).data;
    expect(file).toBeInstanceOf(Blob);
    expect((file as Blob).size).toBe(0);
    expect((await client().getDocumentedText()).data).toBe("");
  });

  it("an operation with both a JSON and a binary success decodes each, and its errors as before", async () => {
    server.script(
      { kind: "reply", status: 200, body: { id: "x" } },
      bytes(202, BYTES, { "content-type": "image/png" }),
      { kind: "reply", status: 404, headers: { "content-type": "application/problem+json" }, body: JSON.stringify({ title: "Not found", code: "not_found" }) },
      bytes(200, Buffer.from("nope"), { "content-type": "text/plain" }),
    );
    const c = client();
    expect((await c.getEither()).data).toEqual({ id: "x" });
    const image = await c.getEither();
    expect(Buffer.from(await (image.data as Blob).arrayBuffer())).toEqual(BYTES);
    expect((await c.getEither()).error).toMatchObject({ documented: true, status: 404, code: "not_found", message: "Not found" });
    // A 200 of another content type is still a success: the JSON 200 reads it as JSON, and it is not JSON.
    expect(await c.getEither()).toMatchObject({ data: "nope" });
  });

  it("such an operation's JSON success (read as bytes) is checked like any JSON body, and not reported as unparsable", async () => {
    server.script({ kind: "reply", status: 200, body: { id: "x" } }, { kind: "reply", status: 200, body: { id: 7 } });
    const checked: unknown[] = [];
    const drift: { reason?: string; mismatches: unknown[] }[] = [];
    const validateResponse = (_id: string, _status: number, body: unknown) => {
      checked.push(body);
      return typeof (body as { id?: unknown }).id === "string" ? [] : [{ pointer: "/id", expected: "string", actual: "number" }];
    };
    const c = createApiClient<Record<"getEither", () => Promise<{ data?: unknown }>>>(
      { baseUrl: server.baseUrl, retry: { maxRetries: 0 }, onContractDrift: (r) => drift.push(r) },
      { ...definition, validateResponse },
      { getEither: table.getEither },
    );
    expect((await c.getEither()).data).toEqual({ id: "x" });
    expect(drift).toEqual([]);
    expect((await c.getEither()).data).toEqual({ id: 7 });
    expect(checked).toEqual([{ id: "x" }, { id: 7 }]);
    expect(drift).toMatchObject([{ mismatches: [{ pointer: "/id" }] }]);
    expect(drift[0]!.reason).toBeUndefined();
  });
});

describe("every documented media type of a status", () => {
  it("a success is read by the documented media type its Content-Type names: JSON, a vendor JSON type, text", async () => {
    server.script(
      { kind: "reply", status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ sha: "a1" }) },
      { kind: "reply", status: 200, headers: { "content-type": "application/vnd.github.object; charset=utf-8" }, body: JSON.stringify({ sha: "b2" }) },
      { kind: "reply", status: 200, headers: { "content-type": "application/vnd.github.diff" }, body: "diff --git a/x b/x" },
    );
    const drift: unknown[] = [];
    const c = client({ onContractDrift: (r: unknown) => drift.push(r) });
    expect((await c.getCommit()).data).toEqual({ sha: "a1" });
    expect((await c.getCommit()).data).toEqual({ sha: "b2" });
    expect((await c.getCommit()).data).toBe("diff --git a/x b/x");
    expect(drift).toEqual([]);
  });

  it("a documented error in any of its media types is documented, its raw body kept", async () => {
    const xml = "<problem><code>not_found</code></problem>";
    server.script(
      { kind: "reply", status: 404, headers: { "content-type": "application/problem+xml" }, body: xml },
      { kind: "reply", status: 404, headers: { "content-type": "application/problem+json" }, body: JSON.stringify({ title: "Gone", code: "not_found" }) },
      { kind: "reply", status: 404, headers: { "content-type": "text/html" }, body: "<h1>404</h1>" },
    );
    const c = client();
    expect((await c.getCommit()).error).toMatchObject({ documented: true, status: 404, code: undefined, body: xml });
    expect((await c.getCommit()).error).toMatchObject({ documented: true, status: 404, code: "not_found", message: "Gone" });
    expect((await c.getCommit()).error).toMatchObject({ documented: false, code: "invalid_response", reason: "unexpected_content_type", body: "<h1>404</h1>" });
  });
});

describe("choosing a success media type", () => {
  it("init.accept goes out as the Accept header, over the caller's own, and the body is read as what comes back", async () => {
    server.script(
      { kind: "reply", status: 200, headers: { "content-type": "application/vnd.github.diff" }, body: "diff" },
      { kind: "reply", status: 200, headers: { "content-type": "application/vnd.github.diff" }, body: "diff" },
      { kind: "reply", status: 200, headers: { "content-type": "application/json" }, body: "{}" },
    );
    const c = client();
    expect((await c.getCommit({ accept: "application/vnd.github.diff" })).data).toBe("diff");
    expect(server.requests.at(-1)!.headers.accept).toBe("application/vnd.github.diff");
    await c.getCommit({ accept: "application/vnd.github.diff", headers: { accept: "application/json", "x-trace": "1" } });
    expect(server.requests.at(-1)!.headers).toMatchObject({ accept: "application/vnd.github.diff", "x-trace": "1" });
    await c.getCommit({ accept: "application/json", headers: new Headers({ "x-trace": "2" }) });
    expect(server.requests.at(-1)!.headers).toMatchObject({ accept: "application/json", "x-trace": "2" });
  });
});

describe("request bodies by media type", () => {
  const sent = () => server.requests.at(-1)!;
  const noContent = { kind: "reply" as const, status: 204 };

  it("application/x-www-form-urlencoded: an object goes out as form fields (arrays repeated, null left out)", async () => {
    server.script(noContent);
    const result = await client().postForm({ body: { name: "Ada Lovelace", tag: ["a", "b"], skip: null, n: 3 } });
    expect(result.error).toBeUndefined();
    expect(sent().headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(sent().body).toBe("name=Ada+Lovelace&tag=a&tag=b&n=3");
  });

  it("text/plain: a string goes out as it is, with the documented content type", async () => {
    server.script(noContent);
    await client().postText({ body: 'he said "hi"' });
    expect(sent().headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(sent().body).toBe('he said "hi"');
  });

  // Valid UTF-8 (NUL, a two-byte and a three-byte sequence), so that the server's text record is exact.
  const CBOR = Buffer.from("\u0000\u00ff\n\u20ac", "utf8");
  it.each([
    ["a Uint8Array", () => new Uint8Array(CBOR)],
    ["an ArrayBuffer", () => new Uint8Array(CBOR).buffer],
    ["a Blob", () => new Blob([new Uint8Array(CBOR)])],
  ])("application/cbor: %s goes out byte for byte, with the documented content type", async (_name, body) => {
    server.script(noContent);
    const result = await client().postCbor({ body: body() });
    expect(result.error).toBeUndefined();
    expect(sent().headers["content-type"]).toBe("application/cbor");
    expect(Buffer.from(sent().body, "utf8")).toEqual(CBOR);
  });

  it("a documented JSON variant gets its own content type", async () => {
    server.script(noContent);
    await client().postPatch({ body: { name: null } });
    expect(sent().headers["content-type"]).toBe("application/merge-patch+json");
    expect(sent().body).toBe('{"name":null}');
  });

  it("multipart/form-data: an object becomes FormData, and fetch sets the boundary", async () => {
    server.script(noContent);
    await client().postMultipart({ body: { title: "report", file: new Blob(["a,b"], { type: "text/csv" }) } });
    expect(sent().headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(sent().body).toContain('name="title"');
    expect(sent().body).toContain("a,b");
  });

  it("without a documented type, what the body is decides: URLSearchParams is a form, a Blob its own type", async () => {
    server.script(noContent, noContent);
    await client().postJson({ body: new URLSearchParams({ a: "1" }) });
    expect(sent().headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(sent().body).toBe("a=1");
    await client().postJson({ body: new Blob(["<x/>"], { type: "application/xml" }) });
    expect(sent().headers["content-type"]).toBe("application/xml");
    expect(sent().body).toBe("<x/>");
  });

  it("a plain object is still JSON, and the caller's own Content-Type wins over the documented one", async () => {
    server.script(noContent, noContent);
    await client().postJson({ body: { a: 1 } });
    expect(sent().headers["content-type"]).toBe("application/json");
    expect(sent().body).toBe('{"a":1}');
    await client().postText({ body: "a,b", headers: { "Content-Type": "text/csv" } });
    expect(sent().headers["content-type"]).toBe("text/csv");
    expect(sent().body).toBe("a,b");
  });

  it("a body its media type cannot carry is refused before sending: request_not_sent, nothing sent", async () => {
    server.script(noContent);
    const result = await client().postCbor({ body: { not: "bytes" } });
    expect(result.error).toMatchObject({ code: "request_not_sent", documented: false });
    expect(result.error.message).toMatch(/was not sent: a application\/cbor body must be/);
    expect(server.requests).toHaveLength(0);
  });

  it("a request fetch would refuse (a body on a GET) is refused before sending, as openapi-fetch's Request refused it", async () => {
    server.script(noContent);
    const result = await client().getText({ body: "x" });
    expect(result.error).toMatchObject({ code: "request_not_sent" });
    expect(result.error.message).toMatch(/was not sent: .*GET\/HEAD/);
    expect(server.requests).toHaveLength(0);
  });

  it("the card guard still sees a form body before it is encoded", async () => {
    const result = await client().postForm({ body: { card: "4242424242424242" } });
    expect(result.error).toMatchObject({ code: "card_number_not_allowed", in: "body", location: "/card" });
    expect(server.requests).toHaveLength(0);
  });
});

describe("streamFormat", () => {
  it.each([
    ["text/event-stream; charset=utf-8", "sse"],
    ["application/jsonl", "jsonl"],
    ["Application/X-NDJSON", "jsonl"],
    ["application/json-seq", "json-seq"],
    ["application/json", undefined],
    [null, undefined],
  ])("%s", (type, format) => expect(streamFormat(type)).toBe(format));
});
