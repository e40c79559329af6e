/**
 * Timeouts and aborts of the runtime (signal.ts: one signal per attempt, its timer cleared once the
 * attempt is over) against a scripted fault server on 127.0.0.1: the typed result, how many requests
 * the server saw, the elapsed time, and no timer left behind.
 */
import { describe, expect, it, vi } from "vitest";
import { useFaultServer, type FaultServer } from "../support/fault-server.ts";
import type { ClientOptions } from "../../templates/runtime/index.ts";
import { accountPath, CARDS, faultClient, ok, ORDER, timed, type HostupCredentials, type LooseClient } from "./fixtures.ts";

let server: FaultServer;
useFaultServer((started) => (server = started));

const client = (options: ClientOptions<HostupCredentials> = {}): LooseClient => faultClient(server.baseUrl, options);

describe("timeouts and aborts", () => {
  it("headers slower than the timeout on GET: timeout per attempt, retried, then the timeout member", async () => {
    const slow = { kind: "reply" as const, status: 200, body: CARDS, delayMs: 3_000 };
    server.script(slow, slow, slow);
    const [result, ms] = await timed(() => client({ timeoutMs: 100 }).listSavedCards());
    expect(result.error).toMatchObject({ code: "timeout", status: undefined, timeoutMs: 100 });
    expect(server.requests).toHaveLength(3);
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(1_500);
  });

  it("headers slower than the timeout on GET, then fast: the retry succeeds", async () => {
    server.script({ kind: "reply", status: 200, body: CARDS, delayMs: 3_000 }, ok());
    const result = await client({ timeoutMs: 100 }).listSavedCards();
    expect(result.data).toEqual(CARDS);
    expect(server.requests).toHaveLength(2);
  });

  it("headers slower than the timeout on POST: timeout, not retried", async () => {
    server.script({ kind: "reply", status: 201, body: ORDER, delayMs: 3_000 }, { kind: "reply", status: 201, body: ORDER });
    const [result, ms] = await timed(() => client({ timeoutMs: 100 }).orderStorageAddon({ ...accountPath, body: {} }));
    expect(result.error?.code).toBe("timeout");
    expect(server.requests).toHaveLength(1);
    expect(ms).toBeLessThan(1_000);
  });

  it("the caller's abort is `aborted`, not `timeout`, and stops the retries", async () => {
    const slow = { kind: "reply" as const, status: 200, body: CARDS, delayMs: 3_000 };
    server.script(slow, slow, slow);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const [result, ms] = await timed(() => client({ timeoutMs: 1_000 }).listSavedCards({ signal: controller.signal }));
    expect(result.error?.code).toBe("aborted");
    expect(server.requests).toHaveLength(1);
    expect(ms).toBeLessThan(500);
  });

  it("a caller's abort with a custom reason, and a caller's own timeout signal, are both `aborted`", async () => {
    const slow = { kind: "reply" as const, status: 200, body: CARDS, delayMs: 3_000 };
    server.script(slow, slow);
    const controller = new AbortController();
    setTimeout(() => controller.abort("user navigated away"), 50);
    const first = await client({ timeoutMs: 1_000 }).listSavedCards({ signal: controller.signal });
    expect(first.error?.code).toBe("aborted");
    const second = await client({ timeoutMs: 1_000 }).listSavedCards({ signal: AbortSignal.timeout(50) });
    expect(second.error?.code).toBe("aborted");
    expect(server.requests).toHaveLength(2);
  });

  it("the attempt's signal follows the caller's and the timeout: fetch sees the caller's reason", async () => {
    const seen: AbortSignal[] = [];
    const slowFetch = (request: Request) => {
      seen.push(request.signal);
      return new Promise<Response>((_resolve, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason)));
    };
    const controller = new AbortController();
    const reason = new Error("user navigated away");
    setTimeout(() => controller.abort(reason), 30);
    const aborted = await client({ fetch: slowFetch, timeoutMs: 1_000 }).listSavedCards({ signal: controller.signal });
    expect(aborted.error?.code).toBe("aborted");
    expect(seen[0]!.reason).toBe(reason);
    // With a caller signal that never fires, the timeout still ends each attempt.
    const [timedOut, ms] = await timed(() =>
      client({ fetch: slowFetch, timeoutMs: 50, retry: { maxRetries: 1 } }).listSavedCards({ signal: new AbortController().signal }),
    );
    expect(timedOut.error).toMatchObject({ code: "timeout", timeoutMs: 50 });
    expect(seen).toHaveLength(3);
    expect(ms).toBeLessThan(1_000);
  });

  it("a body slower than the timeout: the attempt's timeout covers the body read, not only the headers", async () => {
    const stalled = {
      kind: "handle" as const,
      handle: (_req: unknown, res: import("node:http").ServerResponse) => {
        // Headers and the start of the body at once, the rest never.
        res.writeHead(200, { "content-type": "application/json" });
        res.write('[{"id":"card_1"');
      },
    };
    server.script(stalled, stalled);
    const [result, ms] = await timed(() => client({ timeoutMs: 150, retry: { maxRetries: 1 } }).listSavedCards());
    expect(result.error).toMatchObject({ code: "timeout", timeoutMs: 150 });
    expect(server.requests).toHaveLength(2);
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(1_500);
  });

  it("no timer outlives a call: each attempt's timer is cleared once its body was read (or it failed)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    try {
      let calls = 0;
      const fetch = (request: Request) => {
        calls++;
        if (calls === 1) return Promise.resolve(Response.json(CARDS));
        if (calls === 2) return Promise.resolve(new Response("busy", { status: 503 }));
        return new Promise<Response>((_resolve, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason)));
      };
      const c = client({ fetch, timeoutMs: 1_000, retry: { maxRetries: 0 } });
      expect((await c.listSavedCards()).data).toEqual(CARDS);
      expect(vi.getTimerCount()).toBe(0);
      expect((await c.listSavedCards()).error).toMatchObject({ status: 503 });
      expect(vi.getTimerCount()).toBe(0);
      const hung = c.listSavedCards();
      await vi.advanceTimersByTimeAsync(1_100);
      expect((await hung).error).toMatchObject({ code: "timeout" });
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("one call that times out leaves another started with it whole", async () => {
    // The first call ends at once, the second hangs past the timeout.
    server.script(ok(), { kind: "reply", status: 200, body: CARDS, delayMs: 3_000 }, ok());
    const c = client({ timeoutMs: 150, retry: { maxRetries: 0 } });
    const [ended, hung] = await Promise.all([c.listSavedCards(), c.listSavedCards()]);
    expect(hung.error).toMatchObject({ code: "timeout", timeoutMs: 150 });
    expect(ended.data).toEqual(CARDS);
    expect(ended.response?.ok).toBe(true);
    // The connection the first call used is still good for the next one.
    const after = await c.listSavedCards();
    expect(after.data).toEqual(CARDS);
    expect(server.requests).toHaveLength(3);
  });

  it("a raw call whose body is handed on unread (parseAs: stream): its timer stops with the attempt, another call still times out", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    try {
      const seen: Request[] = [];
      const fetch = (request: Request) => {
        seen.push(request);
        if (seen.length === 1) return Promise.resolve(new Response("read later"));
        return new Promise<Response>((_resolve, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason)));
      };
      const c = client({ fetch, timeoutMs: 1_000, retry: { maxRetries: 0 } });
      const streamed = c.GET("/api/v2/billing/cards", { parseAs: "stream" });
      const hung = c.listSavedCards();
      await vi.advanceTimersByTimeAsync(1_100);
      expect((await hung).error).toMatchObject({ code: "timeout" });
      expect(seen[1]!.signal.aborted).toBe(true);
      expect(seen[0]!.signal.aborted).toBe(false);
      expect(await new Response((await streamed).data as ReadableStream).text()).toBe("read later");
    } finally {
      vi.useRealTimers();
    }
  });

  it("an already aborted signal: `aborted`, nothing sent", async () => {
    server.script(ok());
    const result = await client().listSavedCards({ signal: AbortSignal.abort() });
    expect(result.error?.code).toBe("aborted");
    expect(server.requests).toHaveLength(0);
  });

  it("an abort during the backoff between attempts: `aborted` at once", async () => {
    server.script({ kind: "reply", status: 503, body: "busy" }, ok());
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const [result, ms] = await timed(() => client({ retry: { baseDelayMs: 5_000 } }).listSavedCards({ signal: controller.signal }));
    expect(result.error?.code).toBe("aborted");
    expect(server.requests).toHaveLength(1);
    expect(ms).toBeLessThan(1_000);
  });
});
