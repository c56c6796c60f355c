/** draftMessage and draftWith (issue 8): the words the operator sends, within WhatsApp's and the donor norms' rules. */
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/http/errors.js";
import { issuePaths } from "./issue-paths.js";
import { DRAFT_OBJECTIVES, type DraftContext, type Drafter, draftMessage, draftWith, firstName, formatInr, MAX_DRAFT_LENGTH } from "../../src/next/index.js";

const payee = { vpa: "trust@okaxis", name: "Seva Trust" };
const asha: DraftContext = { displayName: "Asha Rao", objective: "collect_remaining", amount: 50000, dueDate: "2026-12-15", phone: "+919876543210" };

describe("firstName and formatInr", () => {
  it("greets the first word after honorifics", () => {
    expect(firstName("Dr. Asha Rao")).toBe("Asha");
    expect(firstName("Mrs Priya Nair")).toBe("Priya");
    expect(firstName("Shri Ramesh Kumar")).toBe("Ramesh");
    expect(firstName("smt. Lakshmi Devi")).toBe("Lakshmi");
    expect(firstName("Dr. Mrs. Meera Iyer")).toBe("Meera");
    expect(firstName("  Rao, Asha")).toBe("Rao");
    expect(firstName("Mr.")).toBe("");
  });

  it("writes rupees in Indian grouping, decimals only when there are paise", () => {
    expect(formatInr(150000)).toBe("₹1,50,000");
    expect(formatInr("2500.5")).toBe("₹2,500.50");
    expect(formatInr(0.1)).toBe("₹0.10");
    expect(formatInr(9999999999.99)).toBe("₹9,99,99,99,999.99");
  });
});

describe("draftMessage", () => {
  it("drafts a payment ask with the amount in bold, the date, the VPA as text, a UPI link and a wa.me link", () => {
    const draft = draftMessage(asha, { payee });
    expect(draft).toEqual({
      text: "Hi Asha! Thank you for your payment so far! Could you send the remaining *₹50,000* by 15 Dec 2026?\nUPI: trust@okaxis",
      tone: "friendly",
      objective: "collect_remaining",
      links: {
        whatsapp: `https://wa.me/919876543210?text=${encodeURIComponent(draft.text)}`,
        upi: "upi://pay?pa=trust@okaxis&pn=Seva%20Trust&am=50000.00&cu=INR&tn=Pledge%20balance",
      },
    });
  });

  it("speaks formally with Namaste ... ji when the tone says so, friendly by default", () => {
    expect(draftMessage({ displayName: "Dr. Asha Rao", objective: "thank_you", tone: "formal" }).text).toMatch(/^Namaste Asha ji,\n/);
    expect(draftMessage({ displayName: "Dr. Asha Rao", objective: "thank_you" })).toMatchObject({ tone: "friendly", text: expect.stringMatching(/^Hi Asha! /) });
  });

  it("has at least three wordings per objective and tone, picked by variant modulo their count, each ending on one question", () => {
    for (const objective of DRAFT_OBJECTIVES) {
      for (const tone of ["formal", "friendly"] as const) {
        const texts = [0, 1, 2].map((variant) => draftMessage({ displayName: "Asha", objective, tone, amount: 5000 }, { variant }).text);
        expect(new Set(texts).size, `${objective}/${tone}`).toBe(3);
        for (const text of texts) expect(text.match(/\?/g), text).toHaveLength(1);
        for (const text of texts) expect(text.endsWith("?"), text).toBe(true);
        expect(draftMessage({ displayName: "Asha", objective, tone, amount: 5000 }, { variant: 3 }).text).toBe(texts[0]);
      }
    }
  });

  it("puts the VPA and a UPI link only into payment objectives", () => {
    for (const objective of DRAFT_OBJECTIVES) {
      const draft = draftMessage({ displayName: "Asha", objective, amount: 100 }, { payee });
      const payment = objective === "pledge_reminder" || objective === "collect_remaining";
      expect(draft.text.includes("UPI: trust@okaxis"), objective).toBe(payment);
      expect(draft.links.upi !== undefined, objective).toBe(payment);
      expect(draft.links.whatsapp).toBeUndefined();
    }
    expect(draftMessage({ ...asha, amount: undefined, campaignName: "School Fund" }, { payee }).links.upi).toBe("upi://pay?pa=trust@okaxis&pn=Seva%20Trust&cu=INR&tn=School%20Fund");
  });

  it("adds the impact line in italics, the campaign and the signature when there is room", () => {
    const text = draftMessage({ ...asha, objective: "ask", campaignName: "School Fund", impactLine: "₹500 feeds a child for a month" }, { senderName: "Ravi" }).text;
    expect(text).toBe("Hi Asha! We're raising funds for School Fund and thought of you. _₹500 feeds a child for a month._ Would you give *₹50,000* by 15 Dec 2026?\n– Ravi");
  });

  it("drops the impact line, then the campaign, then the signature, then cuts the name; never the amount or the question", () => {
    const base = { displayName: "Asha Rao", objective: "ask", amount: 150000, dueDate: "2026-12-15" } as const;
    const ask = "Would you give *₹1,50,000* by 15 Dec 2026?";
    const longImpact = draftMessage({ ...base, campaignName: "School Fund", impactLine: "x".repeat(200) }, { senderName: "Ravi" }).text;
    expect(longImpact).toBe(`Hi Asha! We're raising funds for School Fund and thought of you. ${ask}\n– Ravi`);
    const longCampaign = draftMessage({ ...base, campaignName: "C".repeat(240), impactLine: "Feeds a child" }, { senderName: "Ravi" }).text;
    expect(longCampaign).toBe(`Hi Asha! We're raising funds and thought of you. ${ask}\n– Ravi`);
    const longSender = draftMessage({ ...base, campaignName: "School Fund" }, { senderName: "R".repeat(260) }).text;
    expect(longSender).toBe(`Hi Asha! We're raising funds and thought of you. ${ask}`);
    const longName = draftMessage({ ...base, displayName: `${"Venkata".repeat(60)} Rao` }).text;
    expect(longName).toHaveLength(MAX_DRAFT_LENGTH);
    expect(longName).toMatch(/^Hi (?:Venkata)+V?e?n?k?a?t?a?! We're raising funds and thought of you\. Would you give \*₹1,50,000\* by 15 Dec 2026\?$/);
  });

  it("cuts a name between graphemes, never inside a surrogate pair or a combined letter", () => {
    const name = "👩🏽‍🌾".repeat(60) + "नमस्ते".repeat(10);
    const text = draftMessage({ displayName: name, objective: "thank_you" }).text;
    expect(text.length).toBeLessThanOrEqual(MAX_DRAFT_LENGTH);
    const greeted = /^Hi (.*)! Thank/s.exec(text)?.[1] ?? "";
    expect(greeted.length).toBeGreaterThan(0);
    expect(name.startsWith(greeted)).toBe(true);
    expect(greeted.length % "👩🏽‍🌾".length).toBe(0);
  });

  it("uses only WhatsApp markup: markers in names, campaigns and impact lines are removed, never **", () => {
    const text = draftMessage({ displayName: "**Asha** _Rao_", objective: "thank_you", amount: 100, campaignName: "~Big~ `fund`\nnow", impactLine: "*Bold* claim" }).text;
    expect(text).toBe("Hi Asha! Thank you so much for your gift of *₹100* for Big fund now! _Bold claim._ Shall I send your receipt here?");
  });

  it("never asks for card, bank-account or ID numbers, nor for an OTP", () => {
    for (const objective of DRAFT_OBJECTIVES) {
      for (const tone of ["formal", "friendly"] as const) {
        for (const variant of [0, 1, 2]) {
          const text = draftMessage({ displayName: "Asha", objective, tone, amount: 100, dueDate: "2026-12-15" }, { variant, payee }).text;
          expect(text).not.toMatch(/card|account|a\/c|aadhaar|\bpan\b|ifsc|otp|\bpin\b|cvv/i);
        }
      }
    }
  });

  it("names every invalid field", () => {
    expect(
      issuePaths(() =>
        draftMessage(
          { displayName: " ", objective: "beg" as "ask", tone: "rude" as "formal", amount: 1.005, dueDate: "2026-02-30", phone: "9876543210", campaignName: 5 as unknown as string },
          { variant: -1, senderName: 3 as unknown as string, payee: { vpa: "trust", name: "" } },
        ),
      ),
    ).toEqual([
      "context.displayName",
      "context.objective",
      "context.tone",
      "context.amount",
      "context.dueDate",
      "context.phone",
      "context.campaignName",
      "options.variant",
      "options.senderName",
      "options.payee.vpa",
    ]);
    for (const variant of [1.5, Number.NaN, Infinity]) expect(issuePaths(() => draftMessage(asha, { variant }))).toEqual(["options.variant"]);
    for (const amount of [0, -10, "ten"]) expect(issuePaths(() => draftMessage({ ...asha, amount }))).toEqual(["context.amount"]);
    expect(issuePaths(() => draftMessage({ ...asha, dueDate: "15-12-2026" }))).toEqual(["context.dueDate"]);
  });
});

describe("draftWith", () => {
  const usage = { provider: "fake", model: "m-1", prompt_tokens: 120, completion_tokens: 40 };
  const model = (text: string | (() => never)): Drafter & { calls: unknown[][] } => {
    const calls: unknown[][] = [];
    return {
      calls,
      draft: async (...args) => {
        calls.push(args);
        if (typeof text === "function") text();
        return { text: text as string, usage };
      },
    };
  };

  it("returns the template without a drafter", async () => {
    expect(await draftWith(undefined, asha, { payee })).toEqual({ draft: draftMessage(asha, { payee }) });
  });

  it("takes the drafter's text with WhatsApp markup, the VPA added, its usage, the template's UPI link and a wa.me link for the new text", async () => {
    const drafter = model("Hi **Asha**, could you send the remaining *₹50,000* by 15 Dec?");
    const signal = new AbortController().signal;
    const result = await draftWith(drafter, asha, { payee, signal });
    const text = "Hi *Asha*, could you send the remaining *₹50,000* by 15 Dec?\nUPI: trust@okaxis";
    expect(result).toEqual({
      draft: { text, tone: "friendly", objective: "collect_remaining", links: { whatsapp: `https://wa.me/919876543210?text=${encodeURIComponent(text)}`, upi: draftMessage(asha, { payee }).links.upi } },
      usage,
    });
    expect(drafter.calls).toEqual([[asha, { payee, signal }]]);
  });

  it("falls back to the template when the text is too long, empty or asks for card or ID numbers, keeping the usage", async () => {
    const template = draftMessage(asha, { payee });
    expect(await draftWith(model("x".repeat(301)), asha, { payee })).toEqual({ draft: template, usage, fallback: "too_long" });
    expect(await draftWith(model("x".repeat(290)), asha, { payee })).toMatchObject({ fallback: "too_long" });
    expect(await draftWith(model("  "), asha)).toEqual({ draft: draftMessage(asha), usage, fallback: "empty" });
    expect(await draftWith(model("Please share your card number to pay ₹50,000?"), asha)).toMatchObject({ fallback: "policy", draft: draftMessage(asha) });
    expect(await draftWith(model("Could you send your PAN no. for the receipt?"), asha)).toMatchObject({ fallback: "policy" });
    expect(await draftWith(model("Tell me the OTP?"), asha)).toMatchObject({ fallback: "policy" });
  });

  it("falls back when the drafter throws, but rethrows an abort", async () => {
    const boom = new Error("model down");
    const failing = model(() => {
      throw boom;
    });
    expect(await draftWith(failing, asha)).toEqual({ draft: draftMessage(asha), fallback: "drafter_failed", error: boom });
    const controller = new AbortController();
    controller.abort();
    const aborting = model(() => {
      throw controller.signal.reason as Error;
    });
    await expect(draftWith(aborting, asha, { signal: controller.signal })).rejects.toBe(controller.signal.reason);
  });

  it("validates the context before calling the drafter", async () => {
    const drafter = model("Hi");
    await expect(draftWith(drafter, { ...asha, amount: -1 })).rejects.toThrow(ValidationError);
    expect(drafter.calls).toEqual([]);
  });
});
