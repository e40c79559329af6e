/**
 * An attempt's signal: its own timeout and the caller's abort, on one `AbortController`.
 *
 * Not `AbortSignal.timeout` + `AbortSignal.any`: in Node those cost a transferable signal, a weak
 * timer and finalization-registry entries per attempt, and each timer stays pending until it fires
 * or the signal is collected. Here the timer is cleared by `release()`, which the retry loop calls
 * once the attempt is over, and an attempt is over only after its body was read (openapi-fetch
 * reads it inside the attempt; so does the size limit): the timeout covers the body, and no timer
 * outlives a call. An attempt whose body is handed on unread (`parseAs: "stream"`) keeps following
 * the caller's signal after `release()`: the body is then the caller's, under the caller's signal only.
 */

export interface AttemptSignal {
  readonly signal: AbortSignal;
  /** Whether the attempt ran out of time (and not the caller's abort). */
  timedOut(): boolean;
  /** The attempt is over: stop its timer, and (unless streamed) stop following the caller's signal. */
  release(): void;
}

export function attemptSignal(
  caller: AbortSignal | null | undefined,
  timeoutMs: number,
  streamed: boolean,
): AttemptSignal {
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new DOMException("The operation timed out.", "TimeoutError"));
  }, timeoutMs);
  const onCaller = () => controller.abort(caller!.reason);
  caller?.addEventListener("abort", onCaller);
  return {
    signal: controller.signal,
    timedOut: () => expired && !caller?.aborted,
    release() {
      clearTimeout(timer);
      if (!streamed) caller?.removeEventListener("abort", onCaller);
    },
  };
}
