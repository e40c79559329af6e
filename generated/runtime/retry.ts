/**
 * The contractgen 0.1.0 runtime, shared by every generated API folder beside it.
 * Do not edit: it is copied from contractgen's templates/runtime/ by `contractgen generate`.
 * It is type-checked where it is written, in contractgen (strict, with and without Node types),
 * so an application's tsc skips it; every export's type is written out, so none is inferred here.
 */
// @ts-nocheck

/**
 * The retry loop around openapi-fetch. Every attempt has its own timeout (covering the body too,
 * since openapi-fetch reads it inside the attempt) composed with the caller's signal (signal.ts).
 * Retried: 429 always (the request was not processed); 502/503/504, network failures and timeouts
 * only for idempotent methods or requests carrying an `Idempotency-Key`. Never throws.
 */
import type {
  AbortedError,
  InvalidResponseError,
  NetworkError,
  RateLimit,
  RequestNotSentError,
  ResponseTooLargeError,
  TimeoutError,
} from "./errors.js";
import type { Settings } from "./options.js";
import { parseRateLimit } from "./rate-limit.js";
import { attemptSignal } from "./signal.js";
import { ResponseTooLarge, type AttemptState, type Transport } from "./transport.js";

const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
const RETRYABLE_STATUSES = new Set([502, 503, 504]);

/** What openapi-fetch resolves with. */
export interface Fetched {
  data?: unknown;
  error?: unknown;
  response: Response;
}

export type Failure =
  NetworkError | RequestNotSentError | TimeoutError | AbortedError | ResponseTooLargeError | InvalidResponseError;

export type RateLimitHook = (info: RateLimit & { attempt: number; willRetry: boolean }) => void;

/** One attempt: run openapi-fetch once, its Request sent through `fetch` (which puts it under the attempt's signal). */
export type Attempt = (fetch: (request: Request) => Promise<Response>) => Promise<Fetched>;

export type WithRetries = (
  method: string,
  label: string,
  callerSignal: AbortSignal | null | undefined,
  /** The body is handed on unread (`parseAs: "stream"`): the attempt's timer stops when it ends. */
  streamed: boolean,
  attempt: Attempt,
) => Promise<Fetched | Failure>;

const failure = <T extends Failure>(error: Omit<T, "documented" | "fieldErrors">) =>
  ({ documented: false, fieldErrors: [], ...error }) as unknown as T;

export const abortedError = (label: string): AbortedError =>
  failure<AbortedError>({
    status: undefined,
    code: "aborted",
    message: `${label}: the request was aborted by the caller`,
  });

export const notSentError = (label: string, why: string): RequestNotSentError =>
  failure<RequestNotSentError>({
    status: undefined,
    code: "request_not_sent",
    message: `${label}: the request was not sent: ${why}`,
  });

export function createRetrier(
  settings: Settings,
  transport: Transport,
  onRateLimit: RateLimitHook | undefined,
): WithRetries {
  const { timeoutMs, maxRetries, maxDelayMs } = settings;

  function reportRateLimit(limits: RateLimit, attempt: number, willRetry: boolean) {
    try {
      onRateLimit?.({ ...limits, attempt, willRetry });
    } catch {
      // A failing hook must not turn a response into a failure.
    }
  }

  /** Run `attempt` until its outcome is final. */
  return async function withRetries(method, label, callerSignal, streamed, attempt) {
    for (let n = 0; ; n++) {
      if (callerSignal?.aborted) return abortedError(label);
      const signal = attemptSignal(callerSignal, timeoutMs, streamed);
      const state: AttemptState = { sent: false, request: undefined, response: undefined, streamed };
      let outcome: Fetched | undefined;
      let thrown: unknown;
      try {
        outcome = await attempt((request) => transport.send(request, state, signal.signal));
      } catch (err) {
        thrown = err;
      } finally {
        signal.release();
      }
      const canRetry = n < maxRetries;
      let delay: number;
      if (outcome === undefined) {
        if (callerSignal?.aborted) return abortedError(label);
        const timedOut = signal.timedOut();
        const final = timedOut ? undefined : finalFailure(thrown, state, label, settings, n);
        if (final || !canRetry || !isIdempotent(method, state)) {
          return final ?? transient(thrown, label, timedOut, timeoutMs, n);
        }
        delay = backoff(n, settings);
      } else {
        const status = outcome.response.status;
        if (status !== 429 && !(RETRYABLE_STATUSES.has(status) && isIdempotent(method, state))) return outcome;
        const limits = parseRateLimit(outcome.response.headers);
        delay = limits.retryAfter !== undefined ? limits.retryAfter * 1000 : backoff(n, settings);
        const willRetry = canRetry && delay <= maxDelayMs;
        if (status === 429) reportRateLimit(limits, n + 1, willRetry);
        if (!willRetry) return outcome;
      }
      if (!(await sleep(delay, callerSignal))) return abortedError(label);
    }
  };
}

/** Safe to send again: an idempotent method, or a request carrying an `Idempotency-Key`. */
function isIdempotent(method: string, state: AttemptState): boolean {
  return IDEMPOTENT_METHODS.has(method) || state.request?.headers.has("Idempotency-Key") === true;
}

/** Failures no retry can fix: a body over the limit, a request that never left, a body that would not parse. */
function finalFailure(
  thrown: unknown,
  state: AttemptState,
  label: string,
  settings: Settings,
  n: number,
): Failure | undefined {
  if (thrown instanceof ResponseTooLarge) {
    return failure<ResponseTooLargeError>({
      status: thrown.status,
      code: "response_too_large",
      maxResponseBytes: settings.maxResponseBytes,
      message: `${label}: the response body is larger than maxResponseBytes (${settings.maxResponseBytes}); it was not read (HTTP ${thrown.status}, attempt ${n + 1})`,
    });
  }
  if (!state.sent) return notSentError(label, describe(thrown));
  if (thrown instanceof SyntaxError && state.response) {
    // openapi-fetch's own JSON parsing (raw methods only): the server answered, unparsably.
    return failure<InvalidResponseError>({
      status: state.response.status,
      code: "invalid_response",
      reason: "unparsable_body",
      message: `${label}: the response body is not valid JSON (HTTP ${state.response.status})`,
      ...contentTypeOf(state.response),
      body: undefined,
    });
  }
  return undefined;
}

function contentTypeOf(response: Response): { contentType?: string } {
  const contentType = response.headers.get("Content-Type");
  return contentType === null ? {} : { contentType };
}

function transient(thrown: unknown, label: string, timedOut: boolean, timeoutMs: number, n: number): Failure {
  return timedOut
    ? failure<TimeoutError>({
        status: undefined,
        code: "timeout",
        timeoutMs,
        message: `${label}: no response within ${timeoutMs} ms (attempt ${n + 1})`,
      })
    : failure<NetworkError>({
        status: undefined,
        code: "network_error",
        message: `${label}: ${describeNetworkError(thrown)}`,
      });
}

function describe(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return "unknown error";
  }
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const code = typeof cause?.code === "string" ? cause.code : undefined;
  const detail = typeof cause?.message === "string" ? cause.message : describe(error);
  return `network error${code ? ` (${code})` : ""}: ${detail}`;
}

/** Full jitter: a random wait up to `baseDelayMs * 2^attempt`, capped by `maxDelayMs`. */
function backoff(attempt: number, settings: Settings): number {
  return Math.random() * Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** attempt);
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. Never rejects. */
function sleep(ms: number, signal: AbortSignal | null | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const done = (completed: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      resolve(completed);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(done, ms, true);
    signal?.addEventListener("abort", onAbort);
  });
}
