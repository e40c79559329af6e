/**
 * The contractgen 0.1.0 runtime, shared by every generated API folder beside it.
 * Do not edit: it is copied from contractgen's templates/runtime/ by `contractgen generate`.
 * It is type-checked where it is written, in contractgen (strict, with and without Node types),
 * so an application's tsc skips it; every export's type is written out, so none is inferred here.
 */
// @ts-nocheck

/**
 * An attempt's signal: its own timeout (`AbortSignal.timeout`) and the caller's abort, composed
 * with `AbortSignal.any` where the platform has it (Node 20.3+, every current browser), by a
 * forwarding listener elsewhere. An attempt whose body is handed on unread (`parseAs: "stream"`)
 * gets a timer that stops when the attempt ends: from then on the body is the caller's, under the
 * caller's signal only.
 */

export interface AttemptSignal {
  readonly signal: AbortSignal;
  /** Whether the attempt ran out of time (and not the caller's abort). */
  timedOut(): boolean;
  /** The attempt is over: stop following the caller's signal (only the fallback listens to it). */
  release(): void;
}

const noop = (): void => undefined;

export function attemptSignal(
  caller: AbortSignal | null | undefined,
  timeoutMs: number,
  streamed: boolean,
): AttemptSignal {
  const timeout = streamed ? stoppableTimeout(timeoutMs) : { signal: AbortSignal.timeout(timeoutMs), stop: noop };
  const attempt = withCaller(caller, timeout.signal);
  return {
    signal: attempt.signal,
    timedOut: () => timeout.signal.aborted && !caller?.aborted,
    release() {
      timeout.stop();
      // A streamed body keeps following the caller's abort after the attempt.
      if (!streamed) attempt.release();
    },
  };
}

/** A timeout signal whose timer can be stopped; unref'd where the platform can (Node, Deno). */
function stoppableTimeout(timeoutMs: number): { signal: AbortSignal; stop: () => void } {
  const controller = new AbortController();
  const timer: unknown = setTimeout(
    () => controller.abort(new DOMException("The operation timed out.", "TimeoutError")),
    timeoutMs,
  );
  (timer as { unref?: () => void }).unref?.();
  return { signal: controller.signal, stop: () => clearTimeout(timer as ReturnType<typeof setTimeout>) };
}

function withCaller(
  caller: AbortSignal | null | undefined,
  timeout: AbortSignal,
): { signal: AbortSignal; release: () => void } {
  if (!caller) return { signal: timeout, release: noop };
  if (typeof AbortSignal.any === "function") return { signal: AbortSignal.any([caller, timeout]), release: noop };
  const controller = new AbortController();
  const forward = (source: AbortSignal) => () => controller.abort(source.reason);
  const onCaller = forward(caller);
  const onTimeout = forward(timeout);
  caller.addEventListener("abort", onCaller);
  timeout.addEventListener("abort", onTimeout);
  return {
    signal: controller.signal,
    release() {
      caller.removeEventListener("abort", onCaller);
      timeout.removeEventListener("abort", onTimeout);
    },
  };
}
