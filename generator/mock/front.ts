/**
 * The mock's own HTTP server, in front of Prism (which listens on a loopback port of its own). Every
 * request goes to Prism, which validates it and picks the response; most answers come back as they
 * are. Two kinds are reshaped:
 * - a success of an operation the generator pages: the JSON body Prism answered with (the example)
 *   becomes the page the query asks for, with its continuation (paged.ts);
 * - a streamed success (`text/event-stream`, JSON lines, json-seq): Prism's text (document.ts) is
 *   sent one event, line or record per write, with a pause between writes (streams.ts).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { streamFormat } from "../../templates/runtime/media.ts";
import { isJsonType } from "../spec/media.ts";
import { servedPage } from "./paged.ts";
import { routeMatcher, type MockRoute } from "./routes.ts";
import { streamWrites } from "./streams.ts";

export interface FrontOptions {
  routes: readonly MockRoute[];
  /** Pause between the writes of a stream (default 10 ms). */
  writeGapMs?: number;
}

export interface Front {
  /** Listen on `host:port`; resolves with the mock's URL. */
  listen(port: number, host: string): Promise<string>;
  /** Where Prism listens: requests go there from now on. */
  setUpstream(origin: string): void;
  close(): Promise<void>;
}

/** Headers that belong to one connection, never forwarded. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "proxy-connection", "upgrade", "te", "trailer"]);

export function createFront(options: FrontOptions): Front {
  const match = routeMatcher(options.routes);
  const gap = options.writeGapMs ?? 10;
  let upstream: URL | undefined;
  const server = http.createServer({ noDelay: true }, (req, res) => {
    if (!upstream) return void res.writeHead(503, { "content-type": "text/plain" }).end("the mock is starting\n");
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: forwarded(req.headers) },
      (answer) => void respond(req, answer, res, match, gap).catch(() => res.destroy()),
    );
    forward.on("error", () => {
      if (res.headersSent) res.destroy();
      else res.writeHead(502, { "content-type": "text/plain" }).end("the mock's Prism did not answer\n");
    });
    // The caller gone: so is the request to Prism.
    res.on("close", () => forward.destroy());
    req.pipe(forward);
  });
  return {
    listen: (port, host) =>
      new Promise((done, fail) => {
        server.once("error", fail);
        server.listen(port, host, () => {
          server.off("error", fail);
          const { address, port: bound } = server.address() as AddressInfo;
          done(`http://${address.includes(":") ? `[${address}]` : address}:${bound}`);
        });
      }),
    setUpstream: (origin) => void (upstream = new URL(origin)),
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

async function respond(
  req: http.IncomingMessage,
  answer: http.IncomingMessage,
  res: http.ServerResponse,
  match: (method: string, pathname: string) => MockRoute | undefined,
  gap: number,
): Promise<void> {
  const status = answer.statusCode ?? 502;
  const headers = forwarded(answer.headers);
  const type = String(answer.headers["content-type"] ?? "");
  const success = status >= 200 && status < 300;
  const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
  const paging = success && isJsonType(type) ? match(req.method ?? "GET", url.pathname)?.paging : undefined;
  const format = success ? streamFormat(type) : undefined;
  if (!paging && !format) {
    res.writeHead(status, headers);
    answer.pipe(res);
    return;
  }
  const text = await readText(answer);
  delete headers["content-length"];
  if (paging) {
    let example: unknown;
    try {
      example = JSON.parse(text);
    } catch {
      return void res.writeHead(status, headers).end(text);
    }
    const page = servedPage(paging, example, url);
    delete headers.link;
    const body = JSON.stringify(page.body);
    res.writeHead(status, { ...headers, ...(page.link ? { link: page.link } : {}), "content-length": Buffer.byteLength(body) });
    return void res.end(body);
  }
  res.writeHead(status, { ...headers, "cache-control": "no-cache" });
  for (const [i, write] of streamWrites(format!, text).entries()) {
    if (res.destroyed) return;
    if (i > 0) await new Promise((resume) => setTimeout(resume, gap));
    res.write(write);
  }
  res.end();
}

function forwarded(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const kept: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined && !HOP_BY_HOP.has(name) && name !== "host") kept[name] = value;
  return kept;
}

function readText(message: http.IncomingMessage): Promise<string> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    message.on("data", (chunk: Buffer) => chunks.push(chunk));
    message.on("end", () => done(Buffer.concat(chunks).toString("utf8")));
    message.on("error", fail);
  });
}
