/**
 * Per-attempt timeouts without a timer, or a signal, per attempt.
 *
 * One client's attempts all have the same `timeoutMs`, so their deadlines come in the order they
 * start. One timer, armed for the earliest deadline, aborts what is due and re-arms for the next.
 *
 * Attempts that start close together share one `AbortController` (a "window"): on Node 20, creating
 * a signal and having fetch follow a fresh one is most of what a call costs on top of fetch itself.
 * A window takes at most `WINDOW_SIZE` attempts over at most `windowMs`, and its deadline is that of
 * its latest attempt: an attempt is never cut short, and runs out of time at most `windowMs` late.
 * When a window is due and one of its attempts is still running, the shared signal aborts; attempts
 * of that window that already ended are not affected, since their bodies were read in full. An
 * attempt whose body outlives it (a stream handed to the caller) takes a window of its own.
 *
 * The timer is unref'd where the platform can (Node, Deno): it never keeps a process alive by
 * itself, the request's own socket does.
 */

/** One window: a controller shared by the attempts that started in it. */
export interface TimeoutWindow {
  readonly controller: AbortController;
  deadline: number;
  /** Attempts of this window still running. */
  running: number;
  /** Attempts that have joined it; a full window takes no more. */
  joined: number;
  readonly opened: number;
}

export interface Deadlines {
  /** The window of an attempt starting now; `own` gives it a window no other attempt joins. */
  track(own?: boolean): TimeoutWindow;
  /** The attempt has ended: its window no longer aborts on its account. */
  release(window: TimeoutWindow): void;
}

/** Attempts per window. Fetch's follow of a signal walks its listeners, so windows stay small. */
export const WINDOW_SIZE = 16;
/** The longest a window stays open: a hundredth of the timeout, and never over 25 ms. */
export const windowMsFor = (timeoutMs: number): number => Math.min(25, Math.floor(timeoutMs / 100));

export function createDeadlines(timeoutMs: number, reason: unknown): Deadlines {
  const windowMs = windowMsFor(timeoutMs);
  /** The current window, and every other one with an attempt still running. */
  const windows = new Set<TimeoutWindow>();
  let current: TimeoutWindow | undefined;
  let armed = false;

  const arm = (delay: number) => {
    armed = true;
    const timer: unknown = setTimeout(fire, Math.max(0, delay));
    (timer as { unref?: () => void }).unref?.();
  };

  function fire(): void {
    armed = false;
    const now = Date.now();
    let next = Infinity;
    for (const window of windows) {
      if (window.deadline > now) {
        next = Math.min(next, window.deadline);
        continue;
      }
      windows.delete(window);
      if (window === current) current = undefined;
      if (window.running > 0) window.controller.abort(reason);
    }
    if (next !== Infinity) arm(next - now);
  }

  const open = (now: number, own: boolean): TimeoutWindow => {
    const window: TimeoutWindow = {
      controller: new AbortController(),
      deadline: now + timeoutMs,
      running: 0,
      joined: 0,
      opened: now,
    };
    windows.add(window);
    if (!own) {
      // The window it replaces is kept only while one of its attempts runs.
      if (current !== undefined && current.running === 0) windows.delete(current);
      current = window;
    }
    if (!armed) arm(timeoutMs);
    return window;
  };

  return {
    track(own = false) {
      const now = Date.now();
      let window = current;
      if (own || window === undefined || window.joined >= WINDOW_SIZE || now - window.opened > windowMs) {
        window = open(now, own);
      } else {
        window.deadline = now + timeoutMs;
      }
      window.joined++;
      window.running++;
      return window;
    },
    release(window) {
      window.running--;
      if (window.running === 0 && window !== current) windows.delete(window);
    },
  };
}
