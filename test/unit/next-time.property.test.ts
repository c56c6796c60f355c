import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseInstant } from "../../src/next/time.js";

const p2 = (n: number) => String(n).padStart(2, "0");

// every field of the stored forms, days 29–31 included (they roll over like Date.parse)
const stored = fc
  .record({
    y: fc.integer({ min: 0, max: 9999 }),
    mo: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 31 }),
    h: fc.integer({ min: 0, max: 23 }),
    mi: fc.integer({ min: 0, max: 59 }),
    s: fc.integer({ min: 0, max: 59 }),
    ms: fc.option(fc.integer({ min: 0, max: 999 }), { nil: undefined }),
    zone: fc.oneof(fc.constant("Z"), fc.tuple(fc.constantFrom("+", "-"), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([sign, h, m]) => `${sign}${p2(h)}:${p2(m)}`)),
  })
  .map(({ y, mo, d, h, mi, s, ms, zone }) => `${String(y).padStart(4, "0")}-${p2(mo)}-${p2(d)}T${p2(h)}:${p2(mi)}:${p2(s)}${ms === undefined ? "" : `.${String(ms).padStart(3, "0")}`}${zone}`);

describe("parseInstant", () => {
  it("reads every stored form exactly as Date.parse does", () => {
    fc.assert(
      fc.property(stored, (s) => {
        expect(parseInstant(s)).toBe(Date.parse(s));
      }),
      { numRuns: 5000 },
    );
  });

  it("agrees with Date.parse on the stored forms with one character changed (or says NaN)", () => {
    const mutated = fc.tuple(stored, fc.nat(), fc.constantFrom("x", "9", "0", ":", "-", "+", "T", " ", ".", "Z")).map(([s, i, c]) => s.slice(0, i % s.length) + c + s.slice((i % s.length) + 1));
    fc.assert(
      fc.property(mutated, (s) => {
        const t = parseInstant(s);
        if (!Number.isNaN(t)) expect(t).toBe(Date.parse(s));
      }),
      { numRuns: 5000 },
    );
  });

  it("rejects a date-time without a zone, and what is not a timestamp", () => {
    expect(parseInstant("2026-12-01T10:30:00")).toBeNaN();
    expect(parseInstant("2026-12-01T10:30:00.000")).toBeNaN();
    expect(parseInstant("2026-13-01T10:30:00Z")).toBeNaN();
    expect(parseInstant("2026-12-01T10:3a:00.000Z")).toBeNaN();
    expect(parseInstant("yesterday")).toBeNaN();
    expect(parseInstant("2026-12-01T16:00:00.000+05:30")).toBe(Date.parse("2026-12-01T10:30:00Z"));
  });
});
