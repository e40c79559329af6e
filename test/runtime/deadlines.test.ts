/**
 * One timer for all of a client's attempt deadlines, and one controller per window of attempts: due
 * attempts are aborted, never early and never after they were released; windows are small and short.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createDeadlines, WINDOW_SIZE, windowMsFor } from "../../templates/runtime/deadlines.ts";
import { createRetrier } from "../../templates/runtime/retry.ts";

// Fake clocks: Date.now and setTimeout move only when a test says, so windows and deadlines are exact.
const wait = (ms: number) => vi.advanceTimersByTime(ms);
beforeEach(() => vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] }));
afterEach(() => vi.useRealTimers());

describe("createDeadlines", () => {
  it("aborts a running attempt at its deadline, with the reason, and never a released one", () => {
    const reason = { reason: "timeout" };
    const deadlines = createDeadlines(60, reason);
    const released = deadlines.track(true);
    deadlines.release(released);
    const first = deadlines.track();
    wait(30);
    const second = deadlines.track(true);
    wait(45);
    expect([
      first.controller.signal.aborted,
      second.controller.signal.aborted,
      released.controller.signal.aborted,
    ]).toEqual([true, false, false]);
    expect(first.controller.signal.reason).toBe(reason);
    wait(40);
    expect(second.controller.signal.aborted).toBe(true);
  });

  it("attempts that start together share a window, up to WINDOW_SIZE of them", () => {
    const deadlines = createDeadlines(30_000, "t");
    const windows = Array.from({ length: WINDOW_SIZE + 1 }, () => deadlines.track());
    expect(new Set(windows.slice(0, WINDOW_SIZE)).size).toBe(1);
    expect(windows[WINDOW_SIZE]).not.toBe(windows[0]);
    // Sequential attempts (each released before the next) share it just the same.
    const sequential = createDeadlines(30_000, "t");
    const seen = new Set<unknown>();
    for (let i = 0; i < WINDOW_SIZE; i++) {
      const window = sequential.track();
      seen.add(window);
      sequential.release(window);
    }
    expect(seen.size).toBe(1);
    for (const window of windows) deadlines.release(window);
  });

  it("an attempt of its own (`own`) neither joins nor is joined", () => {
    const deadlines = createDeadlines(30_000, "t");
    const shared = deadlines.track();
    const own = deadlines.track(true);
    const next = deadlines.track();
    expect(own).not.toBe(shared);
    expect(next).toBe(shared);
  });

  it("a window closes after windowMs: a later attempt opens a new one", () => {
    const timeoutMs = 1_000;
    const deadlines = createDeadlines(timeoutMs, "t");
    const early = deadlines.track();
    wait(windowMsFor(timeoutMs) + 5);
    const late = deadlines.track();
    expect(late).not.toBe(early);
    deadlines.release(early);
    deadlines.release(late);
  });

  it("an attempt is never cut short: a window's deadline is its latest attempt's", () => {
    const timeoutMs = 2_000; // a 20 ms window
    const deadlines = createDeadlines(timeoutMs, "t");
    const first = deadlines.track();
    wait(15);
    const joinedLate = deadlines.track();
    expect(joinedLate).toBe(first);
    deadlines.release(first);
    wait(timeoutMs - 1);
    expect(joinedLate.controller.signal.aborted).toBe(false);
    wait(1);
    expect(joinedLate.controller.signal.aborted).toBe(true);
  });

  it("a window whose attempts all ended never aborts, though it is due", () => {
    const deadlines = createDeadlines(30, "t");
    const windows = [deadlines.track(), deadlines.track()];
    for (const window of windows) deadlines.release(window);
    wait(70);
    expect(windows[0]!.controller.signal.aborted).toBe(false);
  });

  it("one attempt still running at the deadline aborts its window, ended attempts of it included", () => {
    const deadlines = createDeadlines(30, "t");
    const ended = deadlines.track();
    const running = deadlines.track();
    expect(running).toBe(ended);
    deadlines.release(ended);
    wait(70);
    expect(running.controller.signal.aborted).toBe(true);
  });

  it("re-arms after going idle", () => {
    const deadlines = createDeadlines(20, "t");
    deadlines.release(deadlines.track());
    wait(40);
    const later = deadlines.track();
    wait(50);
    expect(later.controller.signal.aborted).toBe(true);
  });

  it("windows stay short: at most 25 ms, and a hundredth of the timeout", () => {
    expect([
      windowMsFor(1),
      windowMsFor(99),
      windowMsFor(1_000),
      windowMsFor(30_000),
      windowMsFor(2 ** 31 - 1),
    ]).toEqual([0, 0, 10, 25, 25]);
  });
});

describe("the retry loop's windows", () => {
  const settings = { timeoutMs: 30_000, maxRetries: 0, baseDelayMs: 0, maxDelayMs: 0, maxResponseBytes: 1_000 };
  /** Start `streamed` flags' attempts in one tick; the signal each attempt's send was given. */
  async function signalsOf(...streamed: boolean[]): Promise<AbortSignal[]> {
    const signals: AbortSignal[] = [];
    const transport = {
      send: (_request: unknown, signal: AbortSignal) => {
        signals.push(signal);
        return Promise.resolve(new Response("[]"));
      },
    };
    const withRetries = createRetrier(settings, transport, undefined);
    const attempt = (fetch: (request: never) => Promise<Response>) =>
      fetch({} as never).then((response) => ({ response }));
    await Promise.all(streamed.map((flag, i) => withRetries("GET", `call ${i}`, undefined, flag, attempt)));
    return signals;
  }

  it("calls started together share a signal; a body handed on unread gets one of its own", async () => {
    vi.useRealTimers();
    const [first, second, streamed] = await signalsOf(false, false, true);
    expect(second).toBe(first);
    expect(streamed).not.toBe(first);
  });
});
