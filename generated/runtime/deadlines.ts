/**
 * The contractgen 0.1.0 runtime, shared by every generated API folder beside it.
 * Do not edit: it is copied from contractgen's templates/runtime/ by `contractgen generate`.
 * It is type-checked where it is written, in contractgen (strict, with and without Node types),
 * so an application's tsc skips it; every export's type is written out, so none is inferred here.
 */
// @ts-nocheck

/**
 * Per-attempt timeouts without a timer per attempt: one client's attempts all have the same
 * `timeoutMs`, so their deadlines come in the order they start. One timer, armed for the earliest
 * deadline, aborts every attempt that is due and re-arms for the next. An attempt that ends in time
 * just leaves the set. The timer is unref'd where the platform can (Node, Deno): it never keeps a
 * process alive by itself, the request's own socket does.
 */

interface Entry {
  controller: AbortController;
  deadline: number;
}

export interface Deadlines {
  /** Abort `controller` with `reason` after the timeout, unless `release` is called first. */
  track(controller: AbortController): Entry;
  release(entry: Entry): void;
}

export function createDeadlines(timeoutMs: number, reason: unknown): Deadlines {
  const pending = new Set<Entry>();
  let armed = false;

  const arm = (delay: number) => {
    armed = true;
    const timer: unknown = setTimeout(fire, Math.max(0, delay));
    (timer as { unref?: () => void }).unref?.();
  };

  function fire(): void {
    armed = false;
    const now = Date.now();
    for (const entry of pending) {
      // Insertion order is deadline order: stop at the first that is not due.
      if (entry.deadline > now) return arm(entry.deadline - now);
      pending.delete(entry);
      entry.controller.abort(reason);
    }
  }

  return {
    track(controller) {
      const entry = { controller, deadline: Date.now() + timeoutMs };
      pending.add(entry);
      if (!armed) arm(timeoutMs);
      return entry;
    },
    release(entry) {
      pending.delete(entry);
    },
  };
}
