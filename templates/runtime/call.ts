/**
 * `callOperation`: one call of one operation through a core, what every generated operation
 * function does. Never rejects: the result is `{ data }` or a typed `{ error }`.
 */
import { CORE, type Core, type CoreState } from "./core.js";
import { decode, type StreamDecode } from "./decode.js";
import type { Result } from "./errors.js";
import { notSentError, type Fetched } from "./retry.js";
import type { SseOptions } from "./streams.js";
import type { BodyEncoder, CallInit, CallMeta, StreamReader } from "./types.js";

/** Where a page walk sends a call instead of the operation's path: the server's next link. */
export interface CallTarget {
  /** The exact URL to request; it must have the origin of the call's `baseUrl`. */
  readonly url?: string;
}

/**
 * `encode`: how to encode a request body (body.ts's `encodeRequestBody`), which the functions of
 * operations that take one pass, so that a bundle calling none of them leaves it out. `read`: how
 * to read a streamed success (streams.ts's `readStream`), passed the same way by operations that
 * stream. `target`: a page walk's next link.
 */
export async function callOperation(
  core: Core,
  operation: CallMeta,
  given: CallInit | undefined,
  encode?: BodyEncoder,
  read?: StreamReader,
  target?: CallTarget,
): Promise<Result<unknown, unknown>> {
  const state = core[CORE];
  const label = operation.operationId;
  const refused = state.refuse(given, label) ?? refuseTarget(state, given, target, label);
  if (refused) return { error: state.redactError(refused, given), response: undefined };
  let init = given?.accept === undefined ? given : withAccept(given);
  if (init?.body !== undefined && encode) {
    const encoded = encode(operation, init, state.headers);
    if (typeof encoded === "string") {
      return { error: state.redactError(notSentError(label, encoded), given), response: undefined };
    }
    init = encoded;
  }
  const { method, path } = operation;
  const streamed = read !== undefined && streams(operation);
  const parseAs = streamed ? "stream" : readsBytes(operation) ? "arrayBuffer" : "text";
  const url = target?.url;
  const run =
    url === undefined
      ? (rest: object) => state.request(method, path, rest)
      : (rest: { fetch?: (request: Request) => Promise<Response> }) =>
          state.request(method, path, { ...rest, fetch: rest.fetch && toUrl(url, rest.fetch) });
  const sent: CallInit = { ...init, parseAs };
  const outcome = await state.send(method, label, sent, run);
  if (!("response" in outcome)) return { error: state.redactError(outcome, given), response: undefined };
  const stream = streamed ? streamDecode(state, method, label, sent, run, read) : undefined;
  return decode(operation, outcome, state.decodeContext(given), stream);
}

/** A page link to another origin than the call's is never requested. */
function refuseTarget(state: CoreState, init: CallInit | undefined, target: CallTarget | undefined, label: string) {
  if (target?.url === undefined) return undefined;
  const base = typeof init?.baseUrl === "string" ? init.baseUrl : state.baseUrl;
  try {
    if (new URL(target.url).origin === new URL(base).origin) return undefined;
  } catch {
    // not a URL: refused below
  }
  return notSentError(label, "the next page's link is not on the API's origin");
}

/**
 * The request openapi-fetch built, sent to `url` exactly. Query keys the request has and the link
 * lacks (a credential sent in the query) are added to it.
 */
function toUrl(url: string, send: (request: Request) => Promise<Response>) {
  return (request: Request): Promise<Response> => {
    const next = new URL(url);
    const built = new URL(request.url);
    built.searchParams.forEach((value, key) => {
      if (!next.searchParams.has(key)) next.searchParams.append(key, value);
    });
    return send(new Request(next.href, request));
  };
}

/** How the call's stream is read: its signal, idle timeout and, when asked for, reconnection with `Last-Event-ID`. */
function streamDecode(
  state: CoreState,
  method: string,
  label: string,
  init: CallInit,
  run: (init: object) => Promise<Fetched>,
  read: StreamReader,
): StreamDecode {
  const { signal, stream: asked } = init;
  const reconnect = asked?.reconnect;
  const open = async (lastEventId: string | undefined, again: AbortSignal | undefined) => {
    const headers = new Headers(init.headers as HeadersInit | undefined);
    if (lastEventId !== undefined) headers.set("Last-Event-ID", lastEventId);
    const outcome = await state.send(method, label, { ...init, headers, signal: again ?? signal }, run);
    return "response" in outcome && outcome.response.ok ? outcome.response : undefined;
  };
  const options: SseOptions = { signal: signal ?? undefined, idleTimeoutMs: asked?.idleTimeoutMs };
  if (reconnect) options.reconnect = { ...(reconnect as object), open };
  return { read, options };
}

const streamed = new WeakMap<CallMeta, boolean>();

/** Whether a success of the operation streams. */
function streams(operation: CallMeta): boolean {
  let found = streamed.get(operation);
  if (found === undefined) {
    found = Object.values(operation.responses).some((meta) => meta.kind === "success" && meta.stream !== undefined);
    streamed.set(operation, found);
  }
  return found;
}

/** `init` without `accept`, which goes out as the `Accept` header (over one the caller set). */
function withAccept({ accept, ...init }: CallInit): CallInit {
  const value = String(accept);
  const headers = init.headers;
  if (headers instanceof Headers) {
    const copy = new Headers(headers);
    copy.set("Accept", value);
    return { ...init, headers: copy };
  }
  if (Array.isArray(headers))
    return {
      ...init,
      headers: [...headers.filter(([name]) => String(name).toLowerCase() !== "accept"), ["Accept", value]],
    };
  const rest = Object.fromEntries(Object.entries(headers ?? {}).filter(([name]) => name.toLowerCase() !== "accept"));
  return { ...init, headers: { ...rest, Accept: value } };
}

const bytesRead = new WeakMap<CallMeta, boolean>();

/** Whether a success body may be binary: a documented one is read as a Blob, or one documents no body (read by its `Content-Type`). */
function readsBytes(operation: CallMeta): boolean {
  let bytes = bytesRead.get(operation);
  if (bytes === undefined) {
    bytes = Object.values(operation.responses).some(
      (meta) =>
        meta.kind === "success" &&
        !meta.json &&
        (meta.content === undefined || Object.values(meta.content).includes("blob")),
    );
    bytesRead.set(operation, bytes);
  }
  return bytes;
}
