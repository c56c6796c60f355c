import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizePhone, waDigits } from "../../src/domain/phone.js";

describe("normalizePhone", () => {
  it.each([
    ["+91 98765 43210", "+919876543210", "mobile"],
    ["098765-43210", "+919876543210", "mobile"],
    ["91-9876543210", "+919876543210", "mobile"],
    ["919876543210", "+919876543210", "mobile"],
    ["0091 98765 43210", "+919876543210", "mobile"],
    ["98765.43210", "+919876543210", "mobile"],
    ["  9876543210  ", "+919876543210", "mobile"],
    ["0 98765 43210", "+919876543210", "mobile"],
    ["(022) 2345 6789", "+912223456789", "fixed_line"],
    ["022-23456789", "+912223456789", "fixed_line"],
    ["+91 80 2345 6789", "+918023456789", "fixed_line"],
  ])("%s -> %s (%s)", (raw, e164, kind) => {
    expect(normalizePhone(raw)).toEqual({ e164, raw, country: "IN", countryAssumed: !/^\s*(\+|00)/.test(raw), valid: true, kind });
  });

  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["12345", "too short for a phone number of its country"],
    ["+91 98765 43210 12345", "too long for a phone number of its country"],
    ["+91 98765 432101", "no such number range in its country"],
    ["1-800-FLOWERS", "contains letters"],
    ["call me", "contains letters"],
    ["+0091 9876543210", "unknown country code"],
  ])("%j is invalid: %s", (raw, reason) => {
    expect(normalizePhone(raw)).toMatchObject({ e164: null, valid: false, kind: "unknown", reason });
  });

  it("checks digit patterns, not only length (the library's min metadata would call these valid)", () => {
    for (const raw of ["+91 1000000000", "+91 5000000000", "+91 3100000000"]) {
      expect(normalizePhone(raw)).toMatchObject({ e164: null, valid: false, reason: "no such number range in its country" });
    }
  });

  it("says when the country was assumed: a US number typed without + reads as Indian", () => {
    expect(normalizePhone("4155552671")).toMatchObject({ e164: "+914155552671", countryAssumed: true, country: "IN" });
    expect(normalizePhone("+1 415 555 2671")).toMatchObject({ e164: "+14155552671", countryAssumed: false, country: "US", valid: true, kind: "unknown" });
    expect(normalizePhone("+44 7911 123456")).toMatchObject({ e164: "+447911123456", kind: "mobile", countryAssumed: false });
    expect(normalizePhone("07911 123456", { defaultCountry: "GB" })).toMatchObject({ e164: "+447911123456", countryAssumed: true });
  });

  it("keeps an extension out of the E.164 form", () => {
    expect(normalizePhone("+91-98765-43210 ext 12")).toMatchObject({ e164: "+919876543210", extension: "12", valid: true });
  });

  it("rejects an unsupported default country", () => {
    expect(() => normalizePhone("9876543210", { defaultCountry: "XX" })).toThrow(RangeError);
  });

  it("gives the same result whatever the punctuation and prefix of a 10-digit Indian number", () => {
    const sep = fc.constantFrom("", " ", "-", ".");
    fc.assert(
      fc.property(fc.stringMatching(/^[6-9]\d{9}$/), fc.constantFrom("", "+91 ", "91", "0", "0091 ", "+91-"), sep, sep, (digits, prefix, s1, s2) => {
        const plain = normalizePhone(digits);
        const messy = normalizePhone(`${prefix}${digits.slice(0, 5)}${s1}${digits.slice(5, 8)}${s2}${digits.slice(8)}`);
        expect({ ...messy, raw: "", countryAssumed: false }).toEqual({ ...plain, raw: "", countryAssumed: false });
        if (plain.valid) {
          expect(plain.e164).toBe(`+91${digits}`);
          // idempotent: an E.164 number normalizes to itself
          expect(normalizePhone(plain.e164!)).toMatchObject({ e164: plain.e164, valid: true, kind: plain.kind });
        }
      }),
      { numRuns: 300 },
    );
  });

  it("only ever returns E.164 or null, and null exactly when invalid", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 24 }), (raw) => {
        const r = normalizePhone(raw);
        expect(r.valid).toBe(r.e164 !== null);
        if (r.e164 !== null) expect(r.e164).toMatch(/^\+[1-9]\d{1,14}$/);
        else expect(r.reason).toBeTruthy();
      }),
      { numRuns: 500 },
    );
  });

  it("waDigits is the E.164 number without +", () => {
    expect(waDigits("+919876543210")).toBe("919876543210");
    expect(() => waDigits("9876543210")).toThrow(RangeError);
  });
});
