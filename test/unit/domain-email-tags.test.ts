import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isNormalizedEmail, normalizeEmail } from "../../src/domain/email.js";
import { normalizeTag } from "../../src/domain/tags.js";

describe("normalizeEmail", () => {
  it("trims and lower-cases", () => {
    expect(normalizeEmail("  Asha.Rao@Example.ORG ")).toEqual({ value: "asha.rao@example.org", raw: "  Asha.Rao@Example.ORG ", valid: true });
    expect(normalizeEmail("first+tag@sub.example.co.in")).toMatchObject({ value: "first+tag@sub.example.co.in", valid: true });
  });

  it.each([
    ["", "empty"],
    ["asha", "needs exactly one @"],
    ["a@b@example.org", "needs exactly one @"],
    ["@example.org", "the part before @ must be 1 to 64 characters"],
    ["asha rao@example.org", "the part before @ has a space, a misplaced dot or a character not allowed"],
    ["asha..rao@example.org", "the part before @ has a space, a misplaced dot or a character not allowed"],
    [".asha@example.org", "the part before @ has a space, a misplaced dot or a character not allowed"],
    ["asha@localhost", "the domain needs a dot, e.g. example.org"],
    ["asha@example..org", "the domain has an empty label or a character not allowed"],
    ["asha@-example.org", "the domain has an empty label or a character not allowed"],
    ["asha@example.c", "the domain's last part is not a top-level domain"],
    ["asha@example.123", "the domain's last part is not a top-level domain"],
    [`${"a".repeat(65)}@example.org`, "the part before @ must be 1 to 64 characters"],
  ])("%j is invalid: %s", (raw, reason) => {
    expect(normalizeEmail(raw)).toMatchObject({ valid: false, reason });
  });

  it("is idempotent, and isNormalizedEmail accepts exactly the valid normalized values", () => {
    fc.assert(
      fc.property(fc.oneof(fc.emailAddress(), fc.string()), fc.constantFrom("", " ", "\t"), (e, pad) => {
        const once = normalizeEmail(`${pad}${e.toUpperCase()}${pad}`);
        const twice = normalizeEmail(once.value);
        expect(twice.value).toBe(once.value);
        expect(twice.valid).toBe(once.valid);
        expect(isNormalizedEmail(once.value)).toBe(once.valid);
        expect(once.value).toBe(once.value.trim().toLowerCase());
      }),
    );
    expect(isNormalizedEmail("Asha@example.org")).toBe(false);
  });

  it("accepts generated RFC addresses of ordinary shape", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9]([a-z0-9._+-]{0,20}[a-z0-9])?$/), fc.stringMatching(/^[a-z0-9]{1,10}\.(org|in|com)$/), (local, domain) => {
        fc.pre(!local.includes(".."));
        expect(normalizeEmail(`${local}@${domain}`).valid).toBe(true);
      }),
    );
  });
});

describe("normalizeTag", () => {
  it("trims, lower-cases and joins words with _", () => {
    expect(normalizeTag("  Intro Needed ")).toBe("intro_needed");
    expect(normalizeTag("VIP")).toBe("vip");
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(fc.string(), (t) => {
        expect(normalizeTag(normalizeTag(t))).toBe(normalizeTag(t));
      }),
    );
  });
});
