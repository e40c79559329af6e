/**
 * One attempt on the wire: redirects followed by hand (same origin only, bounded) and the response
 * body read under a size limit. What it returns to openapi-fetch is always safe to read whole.
 */
import { readAtMost } from "./bytes.js";
import { isLoopbackHost } from "./policy.js";

const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Thrown (through openapi-fetch) when a body is larger than `maxResponseBytes`; never retried. */
export class ResponseTooLarge extends Error {
  override readonly name = "ResponseTooLarge";
  constructor(readonly status: number) {
    super(`the response body is larger than the limit (HTTP ${status})`);
  }
}

export const isStream = (body: unknown): boolean =>
  typeof ReadableStream !== "undefined" && body instanceof ReadableStream;

/** What one attempt learnt on the wire, for the retry loop to judge the outcome by. */
export interface AttemptState {
  /** Whether fetch was called: a request that failed before was never sent. */
  sent: boolean;
  /** The request as sent (its headers say whether it carries an `Idempotency-Key`). */
  request: Request | undefined;
  /** The last response received, even when reading its body failed. */
  response: Response | undefined;
  /** A 2xx body is handed on unread (a stream): it is neither buffered nor bounded here. */
  streamed?: boolean;
  /** The attempt's signal, for every hop. */
  signal?: AbortSignal;
  /** A copy of the request's body, for a 307/308 to send again. */
  replay?: Request | undefined;
  /** The body's bytes, once a 307/308 needed them. */
  bytes?: ArrayBuffer;
}

export interface Transport {
  /** Send `request` under the attempt's `signal`, following allowed redirects; the body is bounded. */
  send(request: Request, state: AttemptState, signal: AbortSignal): Promise<Response>;
}

export function createTransport(
  maxResponseBytes: number,
  customFetch: ((input: Request) => Promise<Response>) | undefined,
  allowInsecureHttp = false,
): Transport {
  const send = (request: Request, signal: AbortSignal): Promise<Response> =>
    // The signal joins at the fetch, not when openapi-fetch builds the Request: fetch copies its
    // input into a Request of its own, so a signal given earlier would be followed twice.
    customFetch ? customFetch(new Request(request, { signal })) : fetch(request, { signal });
  /** The response, bounded, unless it is a redirect to follow: then the next hop's. */
  const settle = (state: AttemptState, response: Response, hop: number): Response | Promise<Response> => {
    state.response = response;
    const target =
      hop < MAX_REDIRECTS && REDIRECT_STATUSES.has(response.status)
        ? redirectTarget(state.request!, response, allowInsecureHttp)
        : undefined;
    return target ? follow(state, response, target, hop) : finish(state, response);
  };
  const finish = (state: AttemptState, response: Response): Response | Promise<Response> => {
    void state.replay?.body?.cancel().catch(() => undefined);
    return state.streamed && response.ok ? response : bounded(response, maxResponseBytes);
  };
  const follow = async (state: AttemptState, response: Response, target: RedirectTarget, hop: number) => {
    if (target.keepBody && state.replay) state.bytes ??= await state.replay.arrayBuffer();
    await response.body?.cancel();
    const body = target.keepBody ? (state.bytes ?? null) : null;
    const next = new Request(target.url, { method: target.method, headers: target.headers, body, redirect: "manual" });
    state.request = next;
    return settle(state, await send(next, state.signal!), hop + 1);
  };
  return {
    send(request, state, signal) {
      state.sent = true;
      state.request = request;
      state.signal = signal;
      // A 307/308 must re-send the body: keep a copy (a tee of the stream) for that case only.
      state.replay = request.body === null ? undefined : request.clone();
      return send(request, signal).then((response) => settle(state, response, 0));
    },
  };
}

/** Where and how a redirect is followed. */
export interface RedirectTarget {
  url: URL;
  method: string;
  headers: Headers;
  /** 307/308: the same method and body. */
  keepBody: boolean;
}

/**
 * How to follow a redirect, or undefined when it must not be: another scheme, host or port (the
 * request may carry a body or credentials), plain http off loopback (unless the client allows it), or a 301/302 of a request
 * other than GET/HEAD (fetch would turn a POST into a GET and drop its body; that is refused, not
 * done silently). A 303 is followed as a GET without body (HEAD stays HEAD); 307/308 keep the
 * method and the body; 301/302 of a GET or HEAD keep the method.
 */
export function redirectTarget(
  request: Request,
  response: Response,
  allowInsecureHttp = false,
): RedirectTarget | undefined {
  const location = response.headers.get("Location");
  if (location === null) return undefined;
  let url: URL;
  try {
    url = new URL(location, request.url);
  } catch {
    return undefined;
  }
  const from = new URL(request.url);
  if (url.origin !== from.origin) return undefined;
  if (url.protocol !== "https:" && !allowInsecureHttp && !isLoopbackHost(url.hostname)) return undefined;
  const { method } = request;
  const status = response.status;
  if (status === 307 || status === 308) return { url, method, headers: request.headers, keepBody: true };
  const safe = method === "GET" || method === "HEAD";
  if (status !== 303 && !safe) return undefined;
  const headers = new Headers(request.headers);
  for (const name of ["Content-Type", "Content-Length", "Content-Encoding", "Content-Language", "Content-Location"]) {
    headers.delete(name);
  }
  return { url, method: safe ? method : "GET", headers, keepBody: false };
}

/** Statuses whose Response cannot carry a body (the constructor refuses one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * `response`, unless its body may exceed `limit`: a declared length over it throws at once; an
 * unknown or compressed one is read with a running count and handed on as a new Response.
 */
function bounded(response: Response, limit: number): Response | Promise<Response> {
  if (response.body === null || response.status < 200) return response;
  const declared = response.headers.get("Content-Length");
  if (declared !== null) {
    const encoding = response.headers.get("Content-Encoding");
    if (encoding === null || encoding === "identity") {
      if (Number(declared) <= limit) return response;
      return response.body.cancel().then(
        () => Promise.reject(new ResponseTooLarge(response.status)),
        () => Promise.reject(new ResponseTooLarge(response.status)),
      );
    }
  }
  return readBounded(response, limit);
}

async function readBounded(response: Response, limit: number): Promise<Response> {
  const bytes = await readAtMost(response.body!, limit);
  if (bytes === undefined) throw new ResponseTooLarge(response.status);
  const copy = new Response(NULL_BODY.has(response.status) ? null : bytes, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  // A constructed Response has no URL; a page walk resolves and checks the next link against it.
  if (response.url) Object.defineProperty(copy, "url", { value: response.url });
  return copy;
}
