/** One timer for all of a client's attempt deadlines: due attempts are aborted, released ones never. */
import { describe, expect, it } from "vitest";
import { createDeadlines } from "../../templates/runtime/deadlines.ts";

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("createDeadlines", () => {
  it("aborts each tracked attempt at its own deadline, with the reason, and never a released one", async () => {
    const reason = { reason: "timeout" };
    const deadlines = createDeadlines(60, reason);
    const first = new AbortController();
    const released = new AbortController();
    deadlines.track(first);
    deadlines.release(deadlines.track(released));
    await wait(30);
    const second = new AbortController();
    deadlines.track(second);
    await wait(45);
    expect([first.signal.aborted, second.signal.aborted, released.signal.aborted]).toEqual([true, false, false]);
    expect(first.signal.reason).toBe(reason);
    await wait(40);
    expect(second.signal.aborted).toBe(true);
  });

  it("re-arms after going idle", async () => {
    const deadlines = createDeadlines(20, "t");
    deadlines.release(deadlines.track(new AbortController()));
    await wait(40);
    const later = new AbortController();
    deadlines.track(later);
    await wait(50);
    expect(later.signal.aborted).toBe(true);
  });
});
