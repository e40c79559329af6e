/**
 * The core and the operation functions: a core has openapi-fetch's raw methods and no operation;
 * `callOperation` is the whole call; a client is a core with the functions bound as methods; the
 * API's security plan decides the credentials of operation and raw calls alike; validators get the
 * response's media type.
 */
import { describe, expect, it } from "vitest";
import {
  callOperation,
  createCore,
  encodeRequestBody,
  withOperations,
  type ApiDefinition,
  type CallMeta,
  type Core,
  type ResponseValidator,
} from "../../templates/runtime/index.ts";
import { useFaultServer, type FaultServer } from "../support/fault-server.ts";
import { problemEnvelope } from "./fixtures.ts";

let server: FaultServer;
useFaultServer((started) => (server = started));

const definition: ApiDefinition = {
  name: "CoreClient",
  defaultBaseUrl: "",
  errorEnvelope: problemEnvelope,
  securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
  security: { default: [["bearer"]], except: { "GET /status": [] } },
};
const listThings: CallMeta = {
  operationId: "listThings",
  method: "GET",
  path: "/things",
  responses: { "200": { kind: "success", json: true }, "404": { kind: "error", json: true } },
};
const createThing: CallMeta = {
  operationId: "createThing",
  method: "POST",
  path: "/things",
  requestMediaType: "application/x-www-form-urlencoded",
  responses: { "201": { kind: "success", json: true } },
};
const getStatus: CallMeta = { operationId: "getStatus", method: "GET", path: "/status", responses: { "200": { kind: "success", json: true } } };

type RawCore = Core & { GET(url: string, init?: object): Promise<{ data?: unknown; response: Response }> };
const core = (extra: Partial<ApiDefinition> = {}) =>
  createCore<RawCore>({ baseUrl: server.baseUrl, apiKey: "tok_core_1234", retry: { maxRetries: 0 } }, { ...definition, ...extra });

describe("a core", () => {
  it("has openapi-fetch's raw methods and no operation method", () => {
    const c = core();
    expect(typeof c.GET).toBe("function");
    expect(Object.keys(c)).not.toContain("listThings");
    expect(String(c)).toBe(`[CoreClient ${server.baseUrl}]`);
  });

  it("an operation function's call: credentials from the plan, a decoded result", async () => {
    server.script({ kind: "reply", status: 200, body: [{ id: 1 }] });
    const result = await callOperation(core(), listThings, undefined);
    expect(result.data).toEqual([{ id: 1 }]);
    expect(server.requests[0]!.headers.authorization).toBe("Bearer tok_core_1234");
  });

  it("an operation whose own requirement differs (the plan's `except`) sends nothing, raw or not", async () => {
    server.script({ kind: "reply", status: 200, body: {} }, { kind: "reply", status: 200, body: {} });
    const c = core();
    await callOperation(c, getStatus, undefined);
    await c.GET("/status");
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([undefined, undefined]);
  });

  it("a raw call to an undocumented path gets the plan's default", async () => {
    server.script({ kind: "reply", status: 200, body: {} });
    await core().GET("/elsewhere");
    expect(server.requests[0]!.headers.authorization).toBe("Bearer tok_core_1234");
  });

  it("a body is encoded per its media type only when the function passes the encoder", async () => {
    server.script({ kind: "reply", status: 201, body: {} }, { kind: "reply", status: 201, body: {} });
    const c = core();
    await callOperation(c, createThing, { body: { name: "a b" } }, encodeRequestBody);
    await callOperation(c, createThing, { body: { name: "a b" } });
    expect(server.requests.map((r) => [r.headers["content-type"], r.body])).toEqual([
      ["application/x-www-form-urlencoded", "name=a+b"],
      ["application/json", '{"name":"a b"}'],
    ]);
  });
});

describe("a client", () => {
  const functions = {
    listThings: (c: Core, init?: object) => callOperation(c, listThings, init),
  };

  it("is the core with each function bound as a method, and still a core for the functions", async () => {
    server.script({ kind: "reply", status: 200, body: [1] }, { kind: "reply", status: 200, body: [2] });
    const client = withOperations<RawCore & { listThings(): Promise<{ data?: unknown }> }>(core(), functions);
    expect((await client.listThings()).data).toEqual([1]);
    expect((await functions.listThings(client)).data).toEqual([2]);
  });
});

describe("validators", () => {
  it("get the response's media type, lower case and without parameters", async () => {
    const seen: unknown[][] = [];
    const validateResponse: ResponseValidator = (...args) => {
      seen.push(args);
      return undefined;
    };
    const c = createCore<Core>(
      { baseUrl: server.baseUrl, onContractDrift: () => undefined },
      { ...definition, validateResponse },
    );
    server.script({ kind: "reply", status: 200, headers: { "content-type": "Application/JSON; charset=utf-8" }, body: "[]" });
    const before = Date.now();
    await callOperation(c, listThings, undefined);
    // The sixth, an SSE event's name, is undefined for a body.
    expect(seen).toEqual([["listThings", 200, [], "application/json", expect.any(Number), undefined]]);
    // The fifth argument is the check's deadline: no later than the client's timeout from now.
    const deadline = seen[0]![4] as number;
    expect(deadline).toBeGreaterThanOrEqual(before + 30_000);
    expect(deadline).toBeLessThanOrEqual(Date.now() + 30_000);
  });

  it("get a deadline of the client's timeoutMs", async () => {
    const deadlines: (number | undefined)[] = [];
    const c = createCore<Core>(
      { baseUrl: server.baseUrl, timeoutMs: 1_000, onContractDrift: () => undefined },
      { ...definition, validateResponse: (_id, _status, _body, _type, deadline) => void deadlines.push(deadline) },
    );
    server.script({ kind: "reply", status: 200, headers: { "content-type": "application/json" }, body: "[]" });
    const before = Date.now();
    await callOperation(c, listThings, undefined);
    expect(deadlines[0]).toBeGreaterThanOrEqual(before + 1_000);
    expect(deadlines[0]).toBeLessThanOrEqual(Date.now() + 1_000);
  });
});
