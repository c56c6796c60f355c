/** Pure parts of the workflows (issue 7): pledge balance in paise, usage per local day, events, contact summary. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildEvent, calltimeEventSchema, contactHistorySummary, dailyUsage, dateInZone, EVENT_TYPES, parseEvent, pledgeBalance, sumRupees } from "../../src/index.js";
import { toPaise } from "../../src/domain/money.js";

const PID = "0b9e5c1e-8f1e-4a57-9a53-0d5a4c1f3a11";
const C = "7d1c2b9a-4e3f-4a5b-8c6d-1e2f3a4b5c6d";
const paise = fc.integer({ min: 1, max: 10_000_000 });

describe("pledgeBalance and sumRupees", () => {
  it("1,000 payments of 0.10 add up to exactly 100.00 and fulfil a 100.00 pledge", () => {
    const payments = Array.from({ length: 1000 }, () => ({ amount: 0.1 }));
    expect(sumRupees(payments.map((p) => p.amount))).toBe(100);
    // the float sum would not
    expect(payments.reduce((s, p) => s + p.amount, 0)).not.toBe(100);
    const b = pledgeBalance({ amount: 100 }, payments);
    expect(b).toMatchObject({ paidPaise: 10_000, outstandingPaise: 0, outstanding: 0, paid: 100, status: "fulfilled" });
    expect(pledgeBalance({ amount: 100.01 }, payments)).toMatchObject({ outstanding: 0.01, status: "open" });
  });

  it("outstanding = max(0, pledged - confirmed paid) in paise; only confirmed payments count; cancelled stays cancelled", () => {
    fc.assert(
      fc.property(paise, fc.array(fc.record({ p: paise, status: fc.constantFrom("confirmed", "pending", "failed", "refunded", undefined) }), { maxLength: 40 }), fc.boolean(), (pledged, pays, cancelled) => {
        const payments = pays.map((x) => ({ amount: x.p / 100, status: x.status }));
        const b = pledgeBalance({ amount: pledged / 100, status: cancelled ? "cancelled" : "open" }, payments);
        const paid = pays.filter((x) => (x.status ?? "confirmed") === "confirmed").reduce((s, x) => s + x.p, 0);
        expect(b.paidPaise).toBe(paid);
        expect(b.outstandingPaise).toBe(Math.max(0, pledged - paid));
        expect(toPaise(b.outstanding)).toBe(b.outstandingPaise);
        expect(b.status).toBe(cancelled ? "cancelled" : paid >= pledged ? "fulfilled" : "open");
      }),
    );
  });

  it("sumRupees is exact and order-independent", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 200 }), (ps) => {
        const rupees = ps.map((p) => p / 100);
        expect(toPaise(sumRupees(rupees))).toBe(ps.reduce((a, b) => a + b, 0));
        expect(sumRupees([...rupees].reverse())).toBe(sumRupees(rupees));
      }),
    );
  });
});

describe("dailyUsage", () => {
  it("buckets by the local date of the time zone", () => {
    expect(dateInZone("2026-01-09T18:29:59.999Z", "Asia/Kolkata")).toBe("2026-01-09");
    expect(dateInZone("2026-01-09T18:30:00.000Z", "Asia/Kolkata")).toBe("2026-01-10");
    const rows = [
      { user_id: "u", provider: "a", model: "m", prompt_tokens: 1, completion_tokens: 2, created_at: "2026-01-09T18:29:00.000Z" },
      { user_id: "u", provider: "a", model: "m", prompt_tokens: 3, completion_tokens: 4, total_tokens: 7, created_at: "2026-01-09T18:31:00.000Z" },
      { provider: "a", model: "m", prompt_tokens: 5, completion_tokens: 0, created_at: "2026-01-09T18:31:00.000Z" },
    ];
    expect(dailyUsage(rows)).toEqual([
      { date: "2026-01-09", user_id: "u", turns: 1, iterations: 1, prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
      { date: "2026-01-10", user_id: null, turns: 1, iterations: 1, prompt_tokens: 5, completion_tokens: 0, total_tokens: 5 },
      { date: "2026-01-10", user_id: "u", turns: 1, iterations: 1, prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
    ]);
  });

  it("never loses a token: the buckets sum to the rows", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ t: fc.integer({ min: Date.parse("2026-01-01"), max: Date.parse("2026-03-01") }), p: fc.nat(5000), c: fc.nat(5000), u: fc.constantFrom("a", "b", undefined) }), { maxLength: 60 }),
        (xs) => {
          const rows = xs.map((x) => ({ user_id: x.u, provider: "p", model: "m", prompt_tokens: x.p, completion_tokens: x.c, created_at: new Date(x.t).toISOString() }));
          const days = dailyUsage(rows, { timeZone: "Asia/Kolkata" });
          expect(days.reduce((s, d) => s + d.total_tokens, 0)).toBe(xs.reduce((s, x) => s + x.p + x.c, 0));
          expect(days.reduce((s, d) => s + d.turns, 0)).toBe(xs.length);
        },
      ),
    );
  });
});

describe("events", () => {
  it("every data-model event type is in the union", () => {
    expect(EVENT_TYPES).toHaveLength(16);
    const e = buildEvent(PID, "interaction.logged", { contact_id: C, interaction_id: C, occurred_at: "2026-01-09T04:30:00.000Z", payload: { channel: "call", direction: "outbound", outcome: "spoke", followup_ids: [] } });
    expect(e).toMatchObject({ type: "interaction.logged", schema_version: 1, project_id: PID, contact_id: C });
    expect(e.event_id).toMatch(/^[0-9a-f-]{36}$/);
    // deterministic: a re-run publishes the same id
    expect(buildEvent(PID, "interaction.logged", { contact_id: C, interaction_id: C, payload: { channel: "call", direction: "outbound", outcome: "spoke", followup_ids: [] } }).event_id).toBe(e.event_id);
    expect(calltimeEventSchema.safeParse(e).success).toBe(true);
    expect(parseEvent({ event_id: "x", project_id: PID, topic: "interaction.logged", event_payload: e as never, published_at: undefined })).toEqual(e);
    expect(parseEvent({ type: "nope" })).toBeUndefined();
    expect(() => buildEvent(PID, "payment.recorded", { contact_id: "not-a-uuid", payment_id: C, payload: { amount: 1, currency: "INR", status: "confirmed" } })).toThrow(/contact_id/);
  });
});

describe("contactHistorySummary", () => {
  it("states status, touches, pledges outstanding and recent notes, within the size limit", () => {
    const s = contactHistorySummary({
      contact: { display_name: "Asha Rao", status: "active" },
      interactions: [
        { occurred_at: "2026-01-08T10:00:00.000Z", channel: "call", direction: "outbound", outcome: "no_response" },
        { occurred_at: "2026-01-09T10:00:00.000Z", channel: "call", direction: "outbound", outcome: "pledged", summary: "Pledged 5000" },
      ],
      pledges: [{ id: "p1", amount: 5000, status: "open" }],
      payments: [{ amount: 2000, pledge_id: "p1" }],
    });
    expect(s).toBe('Asha Rao: status active; 2 interactions, last 2026-01-09; pledged INR 5000.00, outstanding INR 3000.00. Recent: 2026-01-09 call outbound pledged "Pledged 5000" | 2026-01-08 call outbound no_response.');
    const long = contactHistorySummary({ contact: { display_name: "X" }, interactions: Array.from({ length: 3 }, () => ({ occurred_at: "2026-01-09T10:00:00.000Z", channel: "call", direction: "outbound", outcome: "spoke", summary: "y".repeat(900) })), pledges: [], payments: [] });
    expect(long.length).toBeLessThanOrEqual(1200);
  });
});
