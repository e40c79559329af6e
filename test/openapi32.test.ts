import http from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import { describe, expect, it } from "vitest";
import { loadSpec } from "../generator/spec/load.ts";
import { parseSourceFile } from "../generator/spec/parse.ts";
import { getAtPointer, parsePointer } from "../generator/spec/pointer.ts";
import { isOpenApi32, isSupportedOpenApiVersion, openapi31View, successStreams } from "../generator/spec/openapi32.ts";
import { forEachOperation } from "../generator/spec/walk.ts";
import { validateSpec } from "../generator/pipeline/validate.ts";
import { UserError } from "../generator/errors.ts";
import { readStream } from "../templates/runtime/streams.ts";

const FIXTURE = fileURLToPath(new URL("fixtures/pages/openapi32.yaml", import.meta.url));

describe("version", () => {
  it.each([
    ["3.0.3", true],
    ["3.1.0", true],
    ["3.2.0", true],
    ["3.2", true],
    ["3.3.0", false],
    ["4.0.0", false],
    [3.1, false],
  ])("%j supported: %s", (version, want) => expect(isSupportedOpenApiVersion(version)).toBe(want));

  it("validate accepts a 3.2 document as written, querystring parameters included", () => {
    const spec = loadSpec(FIXTURE);
    expect(isOpenApi32(spec.root.data)).toBe(true);
    expect(() => validateSpec(spec)).not.toThrow();
  });

  it("validate still refuses querystring before 3.2", () => {
    const path = "/virtual/spec.json";
    const text = JSON.stringify({
      openapi: "3.1.0",
      info: { title: "T", version: "1" },
      paths: {
        "/x": {
          get: {
            parameters: [{ name: "q", in: "querystring", content: { "application/json": { schema: {} } } }],
            responses: { "200": { description: "ok" } },
          },
        },
      },
    });
    expect(() => validateSpec(loadSpec(path, () => parseSourceFile(path, text)))).toThrow(UserError);
  });
});

describe("openapi31View", () => {
  const loaded = loadSpec(FIXTURE);
  const { spec: view, facts } = openapi31View(loaded);
  const at = (pointer: string) => getAtPointer(view.root.data, parsePointer(pointer)).value;

  it("reads as 3.1 and leaves the loaded spec as it was", () => {
    expect(at("/openapi")).toBe("3.1.1");
    expect((loaded.root.data as { openapi: string }).openapi).toBe("3.2.0");
    expect(getAtPointer(loaded.root.data, parsePointer("/paths/~1search/query")).found).toBe(true);
    expect(() => validateSpec(view)).not.toThrow();
  });

  it("gives an SSE stream the schema of one event's data (contentSchema of JSON text), as a 3.1 spec writes it", () => {
    expect(at("/paths/~1chat/post/responses/200/content/text~1event-stream/schema")).toEqual({
      anyOf: [{ $ref: "#/components/schemas/Delta" }, { $ref: "#/components/schemas/Done" }],
    });
    expect(at("/paths/~1logs/get/responses/200/content/application~1jsonl/schema")).toEqual({
      $ref: "#/components/schemas/LogLine",
    });
    expect(facts!.streams.map(({ mediaType, format, json }) => ({ mediaType, format, json }))).toEqual([
      { mediaType: "text/event-stream", format: "sse", json: true },
      { mediaType: "application/jsonl", format: "jsonl", json: true },
    ]);
  });

  it("turns a form querystring into query parameters and leaves any other out, with a notice", () => {
    expect(at("/paths/~1logs/get/parameters")).toEqual([
      {
        name: "level",
        in: "query",
        required: true,
        schema: { type: "string", enum: ["info", "warn"] },
        style: "form",
        explode: true,
      },
      { name: "since", in: "query", schema: { type: "integer" }, style: "form", explode: true },
    ]);
    expect(at("/paths/~1search/get/parameters")).toEqual([]);
    expect(facts!.querystrings.map((q) => [q.name, q.expanded])).toEqual([
      ["filter", true],
      ["q", false],
    ]);
  });

  it("leaves QUERY and additional operations out of the view, with notices, and keeps them as facts", () => {
    expect(Object.keys(at("/paths/~1search") as object)).toEqual(["get"]);
    expect(facts!.operations.map((o) => [o.method, o.operationId])).toEqual([
      ["query", "searchThings"],
      ["COPY", "copyThings"],
    ]);
    expect(view.notices).toEqual(
      expect.arrayContaining([expect.stringMatching(/^QUERY \/search \(searchThings\): left out of the typed client/)]),
    );
    expect(facts!.tags).toEqual([
      { name: "chat", kind: "nav" },
      { name: "completions", parent: "chat" },
    ]);
  });

  it("is what openapi-typescript types the streams from", async () => {
    const types = astToString(await openapiTS(view.root.data as never));
    expect(types).toMatch(
      /"text\/event-stream": components\["schemas"\]\["Delta"\] \| components\["schemas"\]\["Done"\];/,
    );
    expect(types).toMatch(/"application\/jsonl": components\["schemas"\]\["LogLine"\];/);
    expect(types).toMatch(/level: "info" \| "warn";/);
  });

  it("gives a 3.1 stream whose items are strings of JSON the parsed item's schema, as the client reads them", async () => {
    const path = "/virtual/json-text-31.json";
    const sse = (data: object) => ({
      description: "ok",
      content: { "text/event-stream": { schema: data } },
    });
    const get = (data: object) => ({ get: { responses: { "200": sse(data) } } });
    const text = JSON.stringify({
      openapi: "3.1.0",
      info: { title: "T", version: "1" },
      paths: {
        "/typed": get({ type: "string", contentMediaType: "application/json", contentSchema: { $ref: "#/components/schemas/Update" } }),
        "/any": get({ $ref: "#/components/schemas/JsonText" }),
        "/plain": get({ type: "string" }),
      },
      components: {
        schemas: {
          Update: { type: "object", properties: { id: { type: "string" } } },
          JsonText: { type: "string", contentMediaType: "application/json" },
        },
      },
    });
    const loaded31 = loadSpec(path, () => parseSourceFile(path, text));
    const { spec: view31, facts: none } = openapi31View(loaded31);
    const schemaOf = (data: unknown, route: string) =>
      getAtPointer(data, parsePointer(`/paths/~1${route}/get/responses/200/content/text~1event-stream/schema`)).value;
    expect(none).toBeUndefined();
    expect(schemaOf(view31.root.data, "typed")).toEqual({ $ref: "#/components/schemas/Update" });
    expect(schemaOf(view31.root.data, "any")).toEqual({});
    expect(schemaOf(view31.root.data, "plain")).toEqual({ type: "string" });
    // The loaded spec, which validate and the diff read as written, is left as it was.
    expect(schemaOf(loaded31.root.data, "any")).toEqual({ $ref: "#/components/schemas/JsonText" });
    const types = astToString(await openapiTS(view31.root.data as never));
    expect(types).toMatch(/"text\/event-stream": components\["schemas"\]\["Update"\];/);
    expect(types).toMatch(/"text\/event-stream": unknown;/);
    expect(types).toMatch(/"text\/event-stream": string;/);
    const jsonOf = (route: string) => {
      let json: boolean | undefined;
      forEachOperation(view31, ({ path: p, operation }) => {
        if (p === `/${route}`) json = successStreams(view31, operation)[0]?.json;
      });
      return json;
    };
    expect([jsonOf("typed"), jsonOf("any"), jsonOf("plain")]).toEqual([true, true, false]);
  });

  it("leaves a 3.1 spec as it is", () => {
    const path = "/virtual/spec.json";
    const spec = loadSpec(path, () =>
      parseSourceFile(path, JSON.stringify({ openapi: "3.1.0", info: { title: "T", version: "1" }, paths: {} })),
    );
    expect(openapi31View(spec)).toEqual({ spec, facts: undefined });
  });
});

describe("openapi31View of event schemas shaped like the specification's SSE example", () => {
  const DRIFT = fileURLToPath(new URL("fixtures/drift/streams/openapi32.yaml", import.meta.url));
  const { spec: view, facts } = openapi31View(loadSpec(DRIFT));
  const streamOf = (path: string) => {
    let found: ReturnType<typeof successStreams>[number] | undefined;
    forEachOperation(
      view,
      (visit) => (found ??= visit.path === path ? successStreams(view, visit.operation)[0] : undefined),
    );
    return found!;
  };

  it("gives each branch the outer data schema: T is the contentSchema's type or the string", () => {
    const at = getAtPointer(
      view.root.data,
      parsePointer("/paths/~1feed/get/responses/200/content/text~1event-stream/schema"),
    );
    expect(at.value).toEqual({ anyOf: [{ $ref: "#/components/schemas/Update" }, { type: "string" }] });
    // Each named event's own data schema, for the response validators.
    const media = getAtPointer(
      view.root.data,
      parsePointer("/paths/~1feed/get/responses/200/content/text~1event-stream"),
    );
    expect((media.value as Record<string, unknown>)["x-contractgen-events"]).toEqual({
      json: false,
      events: { update: true },
      schemas: { update: { $ref: "#/components/schemas/Update" }, notice: { type: "string" } },
    });
  });

  it("parses JSON for the event whose branch says so, and keeps every other event's data as text", () => {
    expect(facts!.streams.find((s) => s.at.pointer.includes("~1feed"))).toMatchObject({
      json: false,
      events: { update: true },
    });
    expect(streamOf("/feed")).toMatchObject({ format: "sse", json: false, events: { update: true } });
    // Data declared as JSON (no string) is parsed for every event, with nothing by name.
    expect(streamOf("/ticks")).toMatchObject({ format: "sse", json: true });
    expect(streamOf("/ticks").events).toBeUndefined();
  });

  it("reads a plain-text event as text and a JSON one as JSON in one stream", async () => {
    const feed = streamOf("/feed");
    const body = 'event: update\ndata: {"item":"a","count":1}\n\nevent: notice\ndata: back soon\n\ndata: unnamed\n\n';
    const events = [];
    for await (const event of readStream(new Response(body), feed.format!, { json: feed.json, events: feed.events! }))
      events.push(event);
    expect(events).toEqual([
      { event: "update", data: { item: "a", count: 1 } },
      { event: "notice", data: "back soon" },
      { data: "unnamed" },
    ]);
  });

  it("types JSON text without a contentSchema as any JSON, since it is parsed", () => {
    const path = "/virtual/json-text.json";
    const data = { type: "string", contentMediaType: "application/json" };
    const text = JSON.stringify({
      openapi: "3.2.0",
      info: { title: "T", version: "1" },
      paths: {
        "/e": {
          get: {
            responses: {
              "200": {
                description: "ok",
                content: { "text/event-stream": { itemSchema: { properties: { data } } } },
              },
            },
          },
        },
      },
    });
    const { spec: jsonView, facts: found } = openapi31View(loadSpec(path, () => parseSourceFile(path, text)));
    const media = getAtPointer(
      jsonView.root.data,
      parsePointer("/paths/~1e/get/responses/200/content/text~1event-stream"),
    );
    expect((media.value as { schema: unknown }).schema).toEqual({});
    expect(found!.streams[0]).toMatchObject({ json: true });
  });

  it("decides by the branches when there is no outer data: JSON only if every branch's data is JSON", () => {
    const path = "/virtual/events.json";
    const branch = (name: string, data: unknown) => ({ properties: { event: { const: name }, data } });
    const text = JSON.stringify({
      openapi: "3.2.0",
      info: { title: "T", version: "1" },
      paths: {
        "/e": {
          get: {
            responses: {
              "200": {
                description: "ok",
                content: {
                  "text/event-stream": {
                    itemSchema: {
                      oneOf: [
                        branch("a", {
                          type: "string",
                          contentMediaType: "application/json",
                          contentSchema: { type: "object" },
                        }),
                        branch("b", { type: "string" }),
                      ],
                    },
                  },
                },
              },
            },
          },
        },
      },
    });
    const { facts: found } = openapi31View(loadSpec(path, () => parseSourceFile(path, text)));
    expect(found!.streams[0]).toMatchObject({ json: false, events: { a: true } });
  });
});

describe("successStreams", () => {
  it("reads the stream of a 3.1 spec (the media type's schema is one event's data) and of a 3.2 view alike", () => {
    const path = "/virtual/spec.json";
    const text = JSON.stringify({
      openapi: "3.1.0",
      info: { title: "T", version: "1" },
      paths: {
        "/c": {
          post: {
            responses: {
              "200": {
                description: "ok",
                content: {
                  "text/event-stream": { schema: { $ref: "#/components/schemas/Chunk" } },
                  "application/json": { schema: {} },
                },
              },
            },
          },
        },
        "/t": {
          get: {
            responses: {
              "200": { description: "ok", content: { "text/event-stream": { schema: { type: "string" } } } },
            },
          },
        },
      },
      components: { schemas: { Chunk: { type: "object" } } },
    });
    const spec = loadSpec(path, () => parseSourceFile(path, text));
    const found: unknown[] = [];
    forEachOperation(spec, ({ operation }) =>
      found.push(
        ...successStreams(spec, operation).map(({ format, item, json }) => ({ format, item: item?.pointer, json })),
      ),
    );
    expect(found).toEqual([
      { format: "sse", item: "/paths/~1c/post/responses/200/content/text~1event-stream/schema", json: true },
      { format: "sse", item: "/paths/~1t/get/responses/200/content/text~1event-stream/schema", json: false },
    ]);
  });

  it("streams a 3.2 document's itemSchema events from a loopback server", async () => {
    const { spec: view } = openapi31View(loadSpec(FIXTURE));
    let chat: ReturnType<typeof successStreams>[number] | undefined;
    forEachOperation(
      view,
      ({ path, operation }) => (chat ??= path === "/chat" ? successStreams(view, operation)[0] : undefined),
    );
    const server = http.createServer((_, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write('event: delta\ndata: {"text":"Hel');
      setTimeout(() => res.end('lo"}\n\nevent: done\ndata: {"reason":"stop"}\n\n'), 10);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/chat`, {
        method: "POST",
      });
      const events = [];
      for await (const event of readStream(response, chat!.format!, { json: chat!.json })) events.push(event);
      expect(events).toEqual([
        { event: "delta", data: { text: "Hello" } },
        { event: "done", data: { reason: "stop" } },
      ]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
