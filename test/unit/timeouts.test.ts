import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { watchTimeout } from "../../src/http/timeouts.js";

afterEach(() => vi.useRealTimers());

describe("shared attempt timer (property)", () => {
  it("fires each watch once, never before its deadline, and never after it was removed", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ startAt: fc.nat(200), ms: fc.integer({ min: 1, max: 300 }), cancelAfter: fc.option(fc.nat(400), { nil: undefined }) }), { maxLength: 25 }),
        async (plan) => {
          vi.useFakeTimers();
          const t0 = Date.now();
          const fired: Array<{ i: number; at: number }> = [];
          const cancelledAt = new Map<number, number>();
          for (const [i, p] of plan.entries()) {
            setTimeout(() => {
              const stop = watchTimeout(p.ms, () => fired.push({ i, at: Date.now() - t0 }));
              if (p.cancelAfter !== undefined) {
                setTimeout(() => {
                  cancelledAt.set(i, Date.now() - t0);
                  stop();
                }, p.cancelAfter);
              }
            }, p.startAt);
          }
          await vi.advanceTimersByTimeAsync(2_000);
          vi.useRealTimers();
          const counts = new Map<number, number>();
          for (const f of fired) counts.set(f.i, (counts.get(f.i) ?? 0) + 1);
          for (const [i, p] of plan.entries()) {
            const deadline = p.startAt + p.ms;
            const mine = fired.filter((f) => f.i === i);
            expect(counts.get(i) ?? 0).toBeLessThanOrEqual(1);
            for (const f of mine) expect(f.at).toBeGreaterThanOrEqual(deadline);
            const cancel = cancelledAt.get(i);
            if (cancel !== undefined && cancel < deadline) expect(mine).toEqual([]);
            if (cancel === undefined || cancel > deadline) expect(mine).toHaveLength(1);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("still fires on real timers after a fake-timer test left a timer armed", async () => {
    vi.useFakeTimers();
    watchTimeout(5, () => {}); // armed on the fake clock for a moment before the real watch below
    vi.useRealTimers();
    const fired = await new Promise<boolean>((resolve) => {
      watchTimeout(20, () => resolve(true));
      setTimeout(() => resolve(false), 500);
    });
    expect(fired).toBe(true);
  });
});
