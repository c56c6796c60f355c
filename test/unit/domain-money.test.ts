import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatPaise, fromPaise, isTwoDecimal, MAX_PAISE, MoneyError, sumPaise, toPaise } from "../../src/domain/money.js";

describe("money: rupees <-> paise", () => {
  it("converts the named formats exactly", () => {
    expect(toPaise("10.50")).toBe(1050);
    expect(toPaise("10.5")).toBe(1050);
    expect(toPaise(10.5)).toBe(1050);
    expect(toPaise("0.07")).toBe(7);
    expect(toPaise(0.07)).toBe(7);
    expect(toPaise(" 25 ")).toBe(2500);
    expect(toPaise("9999999999.99")).toBe(MAX_PAISE);
    expect(fromPaise(1050)).toBe(10.5);
    expect(formatPaise(1050)).toBe("10.50");
    expect(formatPaise(7)).toBe("0.07");
    expect(formatPaise(-150)).toBe("-1.50");
  });

  it("rejects more than two decimals, non-finite numbers, exponents and amounts beyond NUMERIC(12,2)", () => {
    for (const bad of [10.005, "10.005", Number.NaN, Infinity, -Infinity, "1e3", "", "10.", ".5", "ten", "10,50", 1e10, "10000000000.00"]) {
      expect(() => toPaise(bad), String(bad)).toThrow(MoneyError);
    }
    expect(() => fromPaise(1.5)).toThrow(MoneyError);
    expect(() => sumPaise([1, 0.5])).toThrow(MoneyError);
  });

  it("1,000 payments of 0.10 sum to exactly 100.00", () => {
    const total = sumPaise(Array.from({ length: 1000 }, () => toPaise(0.1)));
    expect(total).toBe(10_000);
    expect(fromPaise(total)).toBe(100);
    expect(formatPaise(total)).toBe("100.00");
  });

  it("round-trips any integer paise up to NUMERIC(12,2)'s maximum, as a number and as a string", () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_PAISE, max: MAX_PAISE }), (p) => {
        const rupees = fromPaise(p);
        expect(isTwoDecimal(rupees)).toBe(true);
        expect(toPaise(rupees)).toBe(p);
        expect(toPaise(formatPaise(p))).toBe(p);
        expect(toPaise(String(rupees))).toBe(p);
      }),
      { numRuns: 1000 },
    );
  });

  it("rejects every amount with a non-zero third decimal", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999_999 }), fc.integer({ min: 1, max: 9 }), (p, mill) => {
        const s = `${formatPaise(p)}${mill}`;
        expect(() => toPaise(s)).toThrow(MoneyError);
        expect(isTwoDecimal(Number(s))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it("sums in paise equal the exact decimal sum, whatever the order", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { maxLength: 200 }), (ps) => {
        const amounts = ps.map(fromPaise);
        const expected = ps.reduce((a, b) => a + b, 0);
        expect(sumPaise(amounts.map(toPaise))).toBe(expected);
        expect(sumPaise([...amounts].reverse().map(toPaise))).toBe(expected);
      }),
    );
  });
});
