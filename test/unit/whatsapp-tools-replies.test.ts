/** The assistant's pure helpers: rupees as an operator reads them, the 1,000-character cap, name matching, compact results. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toPaise } from "../../src/domain/money.js";
import { clip, MAX_REPLY, rupees } from "../../src/workflows/assistant.js";
import { compact, matchByName } from "../../src/workflows/tools.js";

describe("rupees", () => {
  it("uses ₹ and Indian digit grouping, paise only when there are any", () => {
    expect(rupees(10000)).toBe("₹10,000");
    expect(rupees(150000)).toBe("₹1,50,000");
    expect(rupees(12345678)).toBe("₹1,23,45,678");
    expect(rupees(99.5)).toBe("₹99.50");
    expect(rupees(0.1)).toBe("₹0.10");
  });

  it("reads back to the same paise for any amount", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), (paise) => {
        const shown = rupees(paise / 100);
        expect(toPaise(shown.replace(/[₹,]/g, ""))).toBe(paise);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("clip", () => {
  it("keeps whole lines while they fit and never returns more than 1,000 characters", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 1500 }), { minLength: 1, maxLength: 20 }), (lines) => {
        const out = clip(lines);
        expect(out.length).toBeLessThanOrEqual(MAX_REPLY);
        if (lines.join("\n").length <= MAX_REPLY) expect(out).toBe(lines.join("\n"));
      }),
      { numRuns: 500 },
    );
    expect(clip(["short", "x".repeat(995), "never"])).toBe("short");
    expect(clip(["y".repeat(1200)])).toHaveLength(MAX_REPLY);
  });
});

describe("matchByName", () => {
  const people = [
    { id: "1", display_name: "Raj Kumar" },
    { id: "2", display_name: "Raj Malhotra" },
    { id: "3", display_name: "Zoë Fernandes" },
    { id: "4", display_name: "Rajesh Iyer" },
  ];
  it("matches word starts, case and diacritics aside, the exact name first", () => {
    expect(matchByName(people, "raj kumar").map((c) => c.id)).toEqual(["1"]);
    expect(matchByName(people, "RAJ").map((c) => c.id)).toEqual(["1", "2", "4"]);
    expect(matchByName(people, "zoe").map((c) => c.id)).toEqual(["3"]);
    expect(matchByName(people, "fern").map((c) => c.id)).toEqual(["3"]);
    expect(matchByName(people, "  ")).toEqual([]);
    expect(matchByName(people, "Vikram")).toEqual([]);
  });
});

describe("compact", () => {
  it("drops null and undefined at every depth and keeps zeros and false", () => {
    expect(compact({ a: null, b: undefined, c: 0, d: false, e: { f: null, g: "x" }, h: [{ i: null, j: 1 }, "k"] })).toEqual({ c: 0, d: false, e: { g: "x" }, h: [{ j: 1 }, "k"] });
  });
});
