import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signFileUrl, verifyFileUrl } from "../../src/local/signing.js";
import { FaultInjector, mulberry32 } from "../../src/local/faults.js";

const secret = fc.string({ minLength: 1, maxLength: 64 });
const id = fc.uuid();
const op = fc.constantFrom("download" as const, "upload" as const);
const now = 1_800_000_000;

describe("presigned URL signing (HMAC-SHA256)", () => {
  it("verifies what it signed until the expiry, then reports expired", () => {
    fc.assert(
      fc.property(secret, id, op, fc.integer({ min: 0, max: 10_000 }), (s, f, o, ttl) => {
        const exp = now + ttl;
        const sig = signFileUrl(s, f, o, exp);
        expect(sig).toMatch(/^[0-9a-f]{64}$/);
        expect(verifyFileUrl(s, f, o, exp, sig, now)).toBe("ok");
        expect(verifyFileUrl(s, f, o, exp, sig, exp + 1)).toBe("expired");
      }),
    );
  });

  it("refuses any tampering: signature, file, operation, expiry or secret", () => {
    fc.assert(
      fc.property(secret, id, id, op, fc.integer({ min: 0, max: 63 }), fc.integer({ min: 1, max: 1000 }), (s, f, g, o, pos, delta) => {
        const exp = now + 100;
        const sig = signFileUrl(s, f, o, exp);
        const flipped = sig.slice(0, pos) + (sig[pos] === "0" ? "1" : "0") + sig.slice(pos + 1);
        expect(verifyFileUrl(s, f, o, exp, flipped, now)).toBe("invalid");
        if (g !== f) expect(verifyFileUrl(s, g, o, exp, sig, now)).toBe("invalid");
        expect(verifyFileUrl(s, f, o === "download" ? "upload" : "download", exp, sig, now)).toBe("invalid");
        expect(verifyFileUrl(s, f, o, exp + delta, sig, now)).toBe("invalid");
        expect(verifyFileUrl(`${s}x`, f, o, exp, sig, now)).toBe("invalid");
      }),
    );
    expect(verifyFileUrl("k", "f", "download", Number.NaN, "00", now)).toBe("invalid");
    expect(verifyFileUrl("k", "f", "download", now, "zz", now)).toBe("invalid");
  });
});

describe("fault injector", () => {
  it("repeats the same decisions for the same seed", () => {
    fc.assert(
      fc.property(fc.integer(), fc.double({ min: 0, max: 0.3, noNaN: true }), fc.double({ min: 0, max: 0.3, noNaN: true }), (seed, e, r) => {
        const a = new FaultInjector({ seed, errorRate: e, resetRate: r, lostResponseRate: 0.1, latencyMs: [0, 10] });
        const b = new FaultInjector({ seed, errorRate: e, resetRate: r, lostResponseRate: 0.1, latencyMs: [0, 10] });
        const da = Array.from({ length: 50 }, () => a.decide());
        expect(Array.from({ length: 50 }, () => b.decide())).toEqual(da);
        const s = a.stats();
        expect(s.requests).toBe(50);
        expect(s.errors + s.resets + s.lostResponses).toBe(da.filter((d) => d.action !== "none").length);
      }),
    );
  });

  it("draws roughly the configured share", () => {
    const f = new FaultInjector({ seed: 42, errorRate: 0.25 });
    for (let i = 0; i < 4000; i++) f.decide();
    expect(f.stats().errors / 4000).toBeGreaterThan(0.22);
    expect(f.stats().errors / 4000).toBeLessThan(0.28);
  });

  it("validates settings and can be turned off", () => {
    expect(() => new FaultInjector({ seed: 1.5 })).toThrow(RangeError);
    expect(() => new FaultInjector({ seed: 1, errorRate: 2 })).toThrow(RangeError);
    expect(() => new FaultInjector({ seed: 1, errorRate: 0.6, resetRate: 0.6 })).toThrow(RangeError);
    expect(() => new FaultInjector({ seed: 1, status: 500 as 503 })).toThrow(RangeError);
    const off = new FaultInjector();
    expect(off.decide()).toEqual({ delayMs: 0, action: "none" });
    expect(off.stats().requests).toBe(0);
    const r = mulberry32(9);
    const xs = Array.from({ length: 100 }, r);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
