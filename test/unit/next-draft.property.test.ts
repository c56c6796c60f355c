/** Property tests of drafting (issue 8): any name, amount, campaign, impact line or variant stays within WhatsApp's and the donor norms' rules. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromPaise, MAX_PAISE } from "../../src/domain/money.js";
import { DRAFT_OBJECTIVES, draftMessage, firstName, formatInr, MAX_DRAFT_LENGTH, upiLink } from "../../src/next/index.js";

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const prefixes = (name: string): string[] => {
  const out: string[] = [];
  let acc = "";
  for (const { segment } of segmenter.segment(name)) out.push((acc += segment));
  return out;
};

const text = (maxLength: number) => fc.oneof(fc.string({ maxLength }), fc.string({ unit: "grapheme", maxLength }), fc.string({ unit: fc.constantFrom("*", "_", "~", " ", "\n", "a", "₹"), maxLength }));
const amount = fc.oneof(fc.integer({ min: 1, max: MAX_PAISE }).map(fromPaise), fc.integer({ min: 1, max: 10_000_000 }).map((p) => (p / 100).toFixed(2)));

const input = fc.record({
  displayName: text(120).filter((s) => s.trim() !== ""),
  objective: fc.constantFrom(...DRAFT_OBJECTIVES),
  tone: fc.constantFrom("formal", "friendly", undefined),
  amount: fc.option(amount, { nil: undefined }),
  dueDate: fc.option(fc.date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), { nil: undefined }),
  campaignName: fc.option(text(200), { nil: undefined }),
  impactLine: fc.option(text(300), { nil: undefined }),
  senderName: fc.option(text(120), { nil: undefined }),
  variant: fc.nat(),
  withPayee: fc.boolean(),
});

describe("draftMessage, for any input", () => {
  it("fits 300 characters, greets the first name or its cut, shows the amount, uses no **, and its links round-trip", () => {
    fc.assert(
      fc.property(input, ({ displayName, objective, tone, amount, dueDate, campaignName, impactLine, senderName, variant, withPayee }) => {
        const context = { displayName, objective, tone, amount, dueDate, campaignName, impactLine, phone: "+919876543210" };
        const options = { variant, senderName, payee: withPayee ? { vpa: "seva.trust@okaxis", name: "Seva Trust" } : undefined };
        const draft = draftMessage(context, options);
        expect(draft.text.length).toBeLessThanOrEqual(MAX_DRAFT_LENGTH);
        expect(draftMessage(context, options)).toEqual(draft);
        expect(draft.text).not.toContain("**");
        const name = firstName(displayName);
        const [hello, close] = draft.tone === "formal" ? ["Namaste ", " ji,\n"] : ["Hi ", "! "];
        if (name !== "") expect(prefixes(name).some((p) => draft.text.startsWith(`${hello}${p}${close}`)), draft.text).toBe(true);
        if (amount !== undefined) expect(draft.text).toContain(`*${formatInr(amount)}*`);
        expect(decodeURIComponent(draft.links.whatsapp?.split("?text=")[1] ?? "")).toBe(draft.text);
        const payment = objective === "pledge_reminder" || objective === "collect_remaining";
        expect(draft.links.upi !== undefined).toBe(payment && withPayee);
        if (draft.links.upi !== undefined) {
          expect(draft.text).toContain("\nUPI: seva.trust@okaxis");
          expect(draft.links.upi).not.toContain("+");
          if (amount !== undefined) expect(draft.links.upi).toMatch(/&am=\d+\.\d{2}&cu=INR&/);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("upiLink, for any note, name and amount", () => {
  it("has am with exactly two decimals equal to the amount, no +, and decodes back to the note and name", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_PAISE }), text(60).filter((s) => s.trim() !== ""), text(60), (paise, name, note) => {
        const link = upiLink({ vpa: "trust@okaxis", name, amount: fromPaise(paise), note });
        expect(link).not.toContain("+");
        const params = new URLSearchParams(link.slice("upi://pay?".length));
        expect(params.get("am")).toBe(`${Math.trunc(paise / 100)}.${String(paise % 100).padStart(2, "0")}`);
        expect(params.get("pn")).toBe(name.trim());
        expect(params.get("tn")).toBe(note.trim());
        expect(params.get("cu")).toBe("INR");
      }),
    );
  });
});
