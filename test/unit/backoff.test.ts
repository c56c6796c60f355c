import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffDelay, isRetryable } from "../../src/http/retry.js";
import { ConnectionError, errorClassFor } from "../../src/http/errors.js";

describe("full-jitter backoff (property)", () => {
  it("stays within [0, min(cap, base * 2^(n-1))]", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 60_000 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (n, base, cap, r) => {
        const d = backoffDelay(n, base, cap, () => r);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(Math.min(cap, base * 2 ** (n - 1)));
      }),
    );
  });
});

describe("what is retryable", () => {
  const api = (status: number) => {
    const Err = errorClassFor(status);
    return new Err({ status, method: "GET", path: "/", body: {}, headers: new Headers() });
  };
  it("idempotent calls: 408/429/5xx and connection errors; never other 4xx", () => {
    for (const s of [408, 429, 500, 502, 503, 504]) expect(isRetryable(api(s), true)).toBe(true);
    for (const s of [400, 401, 403, 404, 409, 410, 422, 501]) expect(isRetryable(api(s), true)).toBe(false);
    expect(isRetryable(new ConnectionError("x"), true)).toBe(true);
  });
  it("other calls: only 429 and a refused connection", () => {
    expect(isRetryable(api(503), false)).toBe(false);
    expect(isRetryable(api(429), false)).toBe(true);
    expect(isRetryable(new ConnectionError("x", { cause: { code: "ECONNRESET" } }), false)).toBe(false);
    expect(isRetryable(new ConnectionError("x", { cause: { code: "ECONNREFUSED" } }), false)).toBe(true);
  });
});
