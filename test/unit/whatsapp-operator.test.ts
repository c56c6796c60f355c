import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/http/errors.js";
import { type OperatorContact, type OperatorIntent, parseOperatorMessage } from "../../src/whatsapp/operator.js";

// Monday 2 March 2026, 12:00 in Kolkata.
const NOW = "2026-03-02T06:30:00Z";
const CONTACTS: OperatorContact[] = [
  { id: "c-raj-k", display_name: "Raj Kumar" },
  { id: "c-raj-m", display_name: "Raj Malhotra" },
  { id: "c-meera", display_name: "Meera Iyer" },
  { id: "c-anil", display_name: "Anil Kapoor" },
  { id: "c-vikram", display_name: "Vikram Sethi" },
  { id: "c-ravi", display_name: "Ravi Shankar" },
  { id: "c-suresh", display_name: "Suresh Nair" },
  { id: "c-jose", display_name: "José Fernandes" },
];
const RAJ_QUESTION = {
  contactName: "Raj",
  candidates: [
    { id: "c-raj-k", display_name: "Raj Kumar" },
    { id: "c-raj-m", display_name: "Raj Malhotra" },
  ],
  question: "Which Raj? Raj Kumar or Raj Malhotra?",
};

const parse = (text: string) => parseOperatorMessage(text, { now: NOW, contacts: CONTACTS });

const TABLE: [string, OperatorIntent][] = [
  // next
  ["next", { intent: "next" }],
  ["who's next?", { intent: "next" }],
  ["Who next", { intent: "next" }],
  ["next one 🙏", { intent: "next" }],
  ["n", { intent: "next" }],
  ["what's next?", { intent: "next" }],
  ["NXT!!", { intent: "next" }],
  // pledge
  ["Raj pledged 10k", { intent: "pledge", outcome: "pledged", amount: 10_000, ...RAJ_QUESTION }],
  ["Raj Kumar committed 25,000", { intent: "pledge", outcome: "pledged", amount: 25_000, contactName: "Raj Kumar", contactId: "c-raj-k" }],
  ["pledge 5000 from Meera", { intent: "pledge", outcome: "pledged", amount: 5000, contactName: "Meera", contactId: "c-meera" }],
  ["Meera will give 1 lakh by March 31", { intent: "pledge", outcome: "pledged", amount: 100_000, contactName: "Meera", contactId: "c-meera", dueAt: "2026-03-31T04:30:00.000Z" }],
  ["pledged 10k", { intent: "pledge", outcome: "pledged", amount: 10_000 }],
  ["Malhotra promised 2 lakhs", { intent: "pledge", outcome: "pledged", amount: 200_000, contactName: "Malhotra", contactId: "c-raj-m" }],
  ["Anil will pay 20k on 31/3", { intent: "pledge", outcome: "pledged", amount: 20_000, contactName: "Anil", contactId: "c-anil", dueAt: "2026-03-31T04:30:00.000Z" }],
  ["Vikram pledged 1.2 crore note: wants 80G receipt", { intent: "pledge", outcome: "pledged", amount: 12_000_000, contactName: "Vikram", contactId: "c-vikram", note: "wants 80G receipt" }],
  ["he committed ₹50,000 - will transfer next week", { intent: "pledge", outcome: "pledged", amount: 50_000, note: "will transfer next week" }],
  // payment
  ["Meera paid ₹5,000 by UPI", { intent: "payment", outcome: "paid", amount: 5000, method: "upi", contactName: "Meera", contactId: "c-meera" }],
  ["1.5L from Vikram by cheque", { intent: "payment", outcome: "paid", amount: 150_000, method: "bank", contactName: "Vikram", contactId: "c-vikram" }],
  ["received 2,50,000 from Anil via NEFT", { intent: "payment", outcome: "paid", amount: 250_000, method: "bank", contactName: "Anil", contactId: "c-anil" }],
  ["paid 5000", { intent: "payment", outcome: "paid", amount: 5000 }],
  ["got 500 cash from Ravi", { intent: "payment", outcome: "paid", amount: 500, method: "cash", contactName: "Ravi", contactId: "c-ravi" }],
  ["Raj Kumar paid Rs. 5,000/- by card", { intent: "payment", outcome: "paid", amount: 5000, method: "card", contactName: "Raj Kumar", contactId: "c-raj-k" }],
  ["Mr. Sharma's payment 5k by gpay", { intent: "payment", outcome: "paid", amount: 5000, method: "upi", contactName: "Sharma" }],
  ["jose paid 99.50", { intent: "payment", outcome: "paid", amount: 99.5, contactName: "jose", contactId: "c-jose" }],
  ["Suresh transferred INR 10000 through IMPS", { intent: "payment", outcome: "paid", amount: 10_000, method: "bank", contactName: "Suresh", contactId: "c-suresh" }],
  // log
  ["no answer from Anil", { intent: "log", outcome: "no_response", contactName: "Anil", contactId: "c-anil" }],
  ["Anil didn't pick up", { intent: "log", outcome: "no_response", contactName: "Anil", contactId: "c-anil" }],
  ["Anil didn’t pick up", { intent: "log", outcome: "no_response", contactName: "Anil", contactId: "c-anil" }],
  ["not reachable", { intent: "log", outcome: "no_response" }],
  ["call not connected", { intent: "log", outcome: "no_response" }],
  ["switched off", { intent: "log", outcome: "no_response" }],
  ["spoke to Meera", { intent: "log", outcome: "spoke", contactName: "Meera", contactId: "c-meera" }],
  ["Suresh said not interested", { intent: "log", outcome: "declined", contactName: "Suresh", contactId: "c-suresh" }],
  ["wrong number for Ravi", { intent: "log", outcome: "wrong_number", contactName: "Ravi", contactId: "c-ravi" }],
  ["Ravi - wrong number", { intent: "log", outcome: "wrong_number", contactName: "Ravi", contactId: "c-ravi" }],
  ["left voicemail", { intent: "log", outcome: "no_response" }],
  ["busy", { intent: "log", outcome: "no_response" }],
  ["talked with Priya, she declined", { intent: "log", outcome: "declined", contactName: "Priya" }],
  // reschedule
  ["call Meera back tomorrow 4pm", { intent: "reschedule", outcome: "reschedule", dueAt: "2026-03-03T10:30:00.000Z", contactName: "Meera", contactId: "c-meera" }],
  ["Raj said call after 6", { intent: "reschedule", outcome: "reschedule", dueAt: "2026-03-02T12:30:00.000Z", ...RAJ_QUESTION }],
  ["remind me friday", { intent: "reschedule", outcome: "reschedule", dueAt: "2026-03-06T04:30:00.000Z" }],
  ["follow up with Anil in 2 hours", { intent: "reschedule", outcome: "reschedule", dueAt: "2026-03-02T08:30:00.000Z", contactName: "Anil", contactId: "c-anil" }],
  ["callback Monday morning", { intent: "reschedule", outcome: "reschedule", dueAt: "2026-03-09T04:30:00.000Z" }],
  ["call Vikram next week", { intent: "reschedule", outcome: "reschedule", dueAt: "2026-03-09T04:30:00.000Z", contactName: "Vikram", contactId: "c-vikram" }],
  ["call back this evening", { intent: "reschedule", outcome: "reschedule", dueAt: "2026-03-02T12:30:00.000Z" }],
  ["busy, call back at 4:30 pm", { intent: "reschedule", outcome: "reschedule", dueAt: "2026-03-02T11:00:00.000Z" }],
  // due
  ["what's due", { intent: "due" }],
  ["due", { intent: "due" }],
  ["Due today?", { intent: "due" }],
  ["followups", { intent: "due" }],
  ["pending", { intent: "due" }],
  // scoreboard
  ["score", { intent: "scoreboard" }],
  ["scoreboard", { intent: "scoreboard" }],
  ["how are we doing?", { intent: "scoreboard" }],
  ["stats", { intent: "scoreboard" }],
  ["total today", { intent: "scoreboard" }],
  // dnc
  ["stop contacting Ravi", { intent: "dnc", outcome: "do_not_contact", contactName: "Ravi", contactId: "c-ravi" }],
  ["DNC Ravi", { intent: "dnc", outcome: "do_not_contact", contactName: "Ravi", contactId: "c-ravi" }],
  ["do not call Ravi", { intent: "dnc", outcome: "do_not_contact", contactName: "Ravi", contactId: "c-ravi" }],
  ["remove Ravi from list", { intent: "dnc", outcome: "do_not_contact", contactName: "Ravi", contactId: "c-ravi" }],
  ["Ravi asked not to be contacted", { intent: "dnc", outcome: "do_not_contact", contactName: "Ravi", contactId: "c-ravi" }],
  ["stop messaging him", { intent: "dnc", outcome: "do_not_contact" }],
  // help, confirm, cancel
  ["help", { intent: "help" }],
  ["?", { intent: "help" }],
  ["commands", { intent: "help" }],
  ["yes", { intent: "confirm" }],
  ["Y", { intent: "confirm" }],
  ["confirm", { intent: "confirm" }],
  ["ok do it", { intent: "confirm" }],
  ["👍", { intent: "confirm" }],
  ["no", { intent: "cancel" }],
  ["cancel", { intent: "cancel" }],
  ["stop", { intent: "cancel" }],
  ["Never mind.", { intent: "cancel" }],
  // unknown: never a guess that writes data
  ["Raj pledged", { intent: "unknown", confidence: 0.5, reason: "amount missing", closest: "pledge" }],
  ["Meera paid", { intent: "unknown", confidence: 0.5, reason: "amount missing", closest: "payment" }],
  ["paid 5000 of 10000", { intent: "unknown", confidence: 0.5, reason: "more than one amount", closest: "payment" }],
  ["call Meera back", { intent: "unknown", confidence: 0.5, reason: "time missing", closest: "reschedule" }],
  ["call 9876543210", { intent: "unknown", confidence: 0.5, reason: "time missing", closest: "reschedule" }],
  ["10k from Raj", { intent: "unknown", confidence: 0.4, reason: "pledge or payment? say pledged or paid" }],
  ["call Anil today", { intent: "unknown", confidence: 0.5, reason: "time missing", closest: "reschedule" }],
  ["Raj paid 5000 of his 10k pledge", { intent: "unknown", confidence: 0.5, reason: "more than one amount", closest: "payment" }],
  ["don't call Raj today, call tomorrow 5pm", { intent: "unknown", confidence: 0.5, reason: "time missing", closest: "reschedule" }],
  ["hello there", { intent: "unknown", confidence: 0, reason: "not understood" }],
  ["   ", { intent: "unknown", confidence: 0, reason: "empty message" }],
  ["🙏🙏", { intent: "unknown", confidence: 0, reason: "empty message" }],
];

describe("parseOperatorMessage: the table", () => {
  it("has at least 60 messages", () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(60);
  });

  it.each(TABLE)("%s", (text, expected) => {
    expect(parse(text)).toEqual(expected);
  });
});

describe("parseOperatorMessage: names", () => {
  it("resolves a full, first or last name case- and diacritics-insensitively", () => {
    for (const name of ["Meera Iyer", "meera", "IYER", "Meéra"]) {
      expect(parse(`${name} paid 500`)).toMatchObject({ contactId: "c-meera" });
    }
    expect(parse("Jose paid 500")).toMatchObject({ contactName: "Jose", contactId: "c-jose" });
  });

  it("an exact full name beats first-name matches", () => {
    const contacts = [...CONTACTS, { id: "c-raj", display_name: "Raj" }];
    expect(parseOperatorMessage("Raj pledged 10k", { now: NOW, contacts })).toMatchObject({ contactName: "Raj", contactId: "c-raj" });
  });

  it("lists three or more candidates in the question and never sets contactId", () => {
    const contacts = [...CONTACTS, { id: "c-raj-s", display_name: "Raj Singh" }];
    const got = parseOperatorMessage("raj paid 500", { now: NOW, contacts });
    expect(got).toMatchObject({ question: "Which Raj? Raj Kumar, Raj Malhotra or Raj Singh?" });
    expect(got).not.toHaveProperty("contactId");
  });

  it("keeps the typed name when nobody matches, and without contacts", () => {
    expect(parse("Priya paid 500")).toEqual({ intent: "payment", outcome: "paid", amount: 500, contactName: "Priya" });
    expect(parseOperatorMessage("Raj pledged 10k", { now: NOW })).toEqual({ intent: "pledge", outcome: "pledged", amount: 10_000, contactName: "Raj" });
  });

  it("no name means the session's contact (no contactName at all)", () => {
    for (const text of ["paid 5000", "pledged 10k", "she paid 2k", "no answer", "call back tomorrow 11am"]) {
      expect(parse(text), text).not.toHaveProperty("contactName");
    }
  });
});

describe("parseOperatorMessage: options and limits", () => {
  it("uses the operator's zone for dueAt", () => {
    const ny = parseOperatorMessage("call Meera back tomorrow 4pm", { now: NOW, timeZone: "America/New_York", contacts: CONTACTS });
    expect(ny).toMatchObject({ intent: "reschedule", dueAt: "2026-03-03T21:00:00.000Z" });
  });

  it("reads a message of exactly 1,000 characters and refuses a longer one as unknown", () => {
    const pad = (n: number) => `paid 5000 ${"x".repeat(n - 10)}`;
    expect(parse(pad(1000))).toMatchObject({ intent: "payment", amount: 5000 });
    expect(parse(pad(1001))).toMatchObject({ intent: "unknown", confidence: 0 });
  });

  it("throws ValidationError naming the bad option", () => {
    const path = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return (error as ValidationError).issues[0]?.path;
      }
      return "no error";
    };
    expect(path(() => parseOperatorMessage("next", { now: "yesterday-ish" }))).toBe("now");
    expect(path(() => parseOperatorMessage("next", { now: NOW, timeZone: "India/Delhi" }))).toBe("timeZone");
    expect(path(() => parseOperatorMessage("next", { now: NOW, contacts: [{ id: "x" } as OperatorContact] }))).toBe("contacts[0].display_name");
    expect(path(() => parseOperatorMessage(42 as unknown as string, { now: NOW }))).toBe("text");
  });

  it("never throws on any text, and a pledge or payment always carries a positive amount", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const got = parse(text);
        if (got.intent === "pledge" || got.intent === "payment") expect(got.amount).toBeGreaterThan(0);
        if (got.intent === "reschedule") expect(Date.parse(got.dueAt)).toBeGreaterThan(Date.parse(NOW));
      }),
      { numRuns: 500 },
    );
  });
});
