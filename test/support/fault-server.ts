/**
 * A scripted fault-injection HTTP server for client tests. It listens on 127.0.0.1 only, answers
 * each request with the next step of its script, and records every request it saw. When the script
 * runs out it answers 599 "unscripted", so a test that sends more requests than it expected fails
 * visibly instead of hanging. Every timer and socket is released by `close()`.
 */
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";

/** One scripted answer. */
export type Step =
  /** An ordinary response. `body` objects are sent as JSON. */
  | { kind: "reply"; status: number; headers?: Record<string, string>; body?: string | object; delayMs?: number }
  /** TCP reset (RST) before any response byte. */
  | { kind: "reset-before-headers" }
  /** Headers and `Content-Length` for the whole body, then part of the body, then a TCP reset. */
  | { kind: "reset-mid-body"; status: number; headers?: Record<string, string>; body: string }
  /** Bytes written straight to the socket (for responses node:http refuses to produce), then the connection is closed. */
  | { kind: "raw"; data: string }
  /** Anything else (streamed, dripped, endless bodies): the test answers itself. */
  | { kind: "handle"; handle: (req: http.IncomingMessage, res: http.ServerResponse) => void };

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Milliseconds since the server started. */
  at: number;
}

export interface FaultServer {
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  /** Every request received, in order. */
  readonly requests: readonly SeenRequest[];
  /** Replace the script (and forget the requests seen so far). */
  script(...steps: Step[]): void;
  close(): Promise<void>;
}

export const problem = (status: number, code: string | undefined, extra: Record<string, unknown> = {}) => ({
  type: `https://developer.hostup.se/errors/${code ?? "unknown"}`,
  title: "Problem",
  status,
  detail: `detail of ${code ?? "a problem without code"}`,
  ...(code !== undefined ? { code } : {}),
  ...extra,
});

export async function startFaultServer(): Promise<FaultServer> {
  const started = Date.now();
  let steps: Step[] = [];
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() - started });
      const step = steps.shift() ?? { kind: "reply", status: 599, body: "unscripted request" };
      answer(step, req, res);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    // A client that gives up (timeout, reset) leaves this side with EPIPE/ECONNRESET: expected here.
    socket.on("error", () => undefined);
  });

  function answer(step: Step, req: http.IncomingMessage, res: http.ServerResponse): void {
    const socket = req.socket;
    switch (step.kind) {
      case "reply": {
        const send = () => {
          if (socket.destroyed) return;
          const body = step.body === undefined ? "" : typeof step.body === "string" ? step.body : JSON.stringify(step.body);
          const contentType = typeof step.body === "object" ? { "content-type": "application/json" } : {};
          res.writeHead(step.status, { ...contentType, ...step.headers });
          res.end(body);
        };
        if (step.delayMs) later(step.delayMs, send);
        else send();
        return;
      }
      case "reset-before-headers":
        socket.resetAndDestroy();
        return;
      case "reset-mid-body": {
        res.writeHead(step.status, { "content-length": String(Buffer.byteLength(step.body)), ...step.headers });
        res.write(step.body.slice(0, Math.floor(step.body.length / 2)));
        later(20, () => socket.resetAndDestroy());
        return;
      }
      case "raw":
        socket.end(step.data);
        return;
      case "handle":
        step.handle(req, res);
        return;
    }
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    script(...next) {
      steps = next;
      requests.length = 0;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Start a fault server for a test file's tests, and fail any test that leaves an unhandled
 * rejection behind (operation methods must never reject, not even late).
 */
export function useFaultServer(onStart: (server: FaultServer) => void): void {
  let server: FaultServer | undefined;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeAll(async () => {
    server = await startFaultServer();
    onStart(server);
    process.on("unhandledRejection", onUnhandled);
  });
  afterAll(async () => {
    process.off("unhandledRejection", onUnhandled);
    await server?.close();
  });
  beforeEach(() => {
    unhandled.length = 0;
  });
  afterEach(async () => {
    // Let any stray rejection surface (they are reported after the microtask queue drains).
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(unhandled, "unhandled rejections").toEqual([]);
  });
}
