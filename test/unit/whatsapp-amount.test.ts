import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromPaise, MAX_PAISE } from "../../src/domain/money.js";
import { findIndianAmounts, parseIndianAmount } from "../../src/whatsapp/amount.js";

/** Indian digit grouping: the last three digits, then pairs (2,50,000). */
function indianGrouping(int: number): string {
  const s = String(int);
  if (s.length <= 3) return s;
  const head = s.slice(0, -3).replace(/\B(?=(\d{2})+$)/g, ",");
  return `${head},${s.slice(-3)}`;
}

function formatIndian(paise: number): string {
  const int = Math.trunc(paise / 100);
  const frac = paise % 100;
  return `₹${indianGrouping(int)}${frac === 0 ? "" : `.${String(frac).padStart(2, "0")}`}`;
}

describe("parseIndianAmount", () => {
  it.each([
    ["10k", 10_000],
    ["10K", 10_000],
    ["1.5L", 150_000],
    ["1.5 lakh", 150_000],
    ["2 lakhs", 200_000],
    ["3 lacs", 300_000],
    ["1 cr", 10_000_000],
    ["1.2 crore", 12_000_000],
    ["₹5,000", 5000],
    ["Rs 5000", 5000],
    ["Rs. 5,000/-", 5000],
    ["INR 5000", 5000],
    ["5000 rupees", 5000],
    ["2,50,000", 250_000],
    ["250,000", 250_000],
    ["1,00,00,000", 10_000_000],
    ["99.50", 99.5],
    ["₹0.07", 0.07],
    ["0.5k", 500],
    ["1.23456L", 123_456],
    ["1.2345678L", 123_456.78],
    ["Meera paid ₹5,000 by UPI", 5000],
    ["Meera will give 1 lakh by March 31", 100_000],
    ["pledge 5000 from Meera on 31/3", 5000],
    ["paid 5000 at 4pm", 5000],
  ])("%s → %d", (text, expected) => {
    expect(parseIndianAmount(text)).toBe(expected);
  });

  it.each([
    ["call 9876543210"],
    ["+91 9876543210"],
    ["31/3"],
    ["31/03/2027"],
    ["March 31"],
    ["31st"],
    ["call at 4"],
    ["4pm"],
    ["16:00"],
    ["in 2 hours"],
    ["3 days"],
    ["10,50"],
    ["99.505"],
    ["1.2345678912L"],
    ["0"],
    ["paid 5000 of 10000"],
    ["no amount here"],
    ["₹10000000000"],
  ])("%s is not one amount", (text) => {
    expect(parseIndianAmount(text)).toBeUndefined();
  });

  it("reports where the amount stands and whether it was marked as money", () => {
    expect(findIndianAmounts("Raj paid Rs. 5,000/- today")).toEqual([{ amount: 5000, start: 9, end: 20, marked: true }]);
    expect(findIndianAmounts("paid 500 and 2k").map((a) => [a.amount, a.marked])).toEqual([[500, false], [2000, true]]);
    // a marked amount wins over a bare number
    expect(parseIndianAmount("paid 2k for 3 people")).toBe(2000);
  });

  it("reads any paise value written Indian-style with ₹ back exactly", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_PAISE }), (paise) => {
        expect(parseIndianAmount(formatIndian(paise))).toBe(fromPaise(paise));
        expect(parseIndianAmount(`received ${formatIndian(paise)}/- from Anil`)).toBe(fromPaise(paise));
      }),
      { numRuns: 500 },
    );
  });

  it("scales k, L and cr exactly (no float drift) for any value with up to two decimals after scaling", () => {
    const scales = [
      ["k", 3],
      ["L", 5],
      [" lakh", 5],
      ["cr", 7],
      [" crore", 7],
    ] as const;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 0, max: 4 }), fc.constantFrom(...scales), (digits, decimals, [suffix, zeros]) => {
        const s = String(digits).padStart(decimals + 1, "0");
        const written = decimals === 0 ? s : `${s.slice(0, -decimals)}.${s.slice(-decimals)}`;
        const paise = digits * 10 ** (2 + zeros - decimals);
        const got = parseIndianAmount(`${written}${suffix}`);
        expect(got).toBe(paise > MAX_PAISE ? undefined : fromPaise(paise));
      }),
      { numRuns: 1000 },
    );
  });
});
