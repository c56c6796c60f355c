/** The day's scoreboard (issue 8): what the fundraiser reads at the end of a calling day, in IST. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dailyScoreboard, dateInZone, type ReportInteraction, type ReportPayment, type ReportPledge } from "../../src/reports/index.js";
import { localDateRange } from "../../src/reports/shared.js";
import { issuePaths } from "./issue-paths.js";

const A = "campaign-a";
const B = "campaign-b";
const pay = (amount: number | string, paid_at: string, extra: Partial<ReportPayment> = {}): ReportPayment => ({ contact_id: "c1", campaign_id: A, amount, paid_at, ...extra });
const touch = (contact_id: string, outcome: string, occurred_at: string, campaign_id: string | null = A): ReportInteraction => ({ contact_id, outcome, occurred_at, campaign_id });
const pledge = (id: string, amount: number, pledged_at: string, extra: Partial<ReportPledge> = {}): ReportPledge => ({ id, contact_id: "c1", campaign_id: A, amount, pledged_at, ...extra });

const input = {
  goals: [
    { campaign_id: A, date: "2026-01-09", target_amount: 50000, target_contacts: 40 },
    { campaign_id: B, date: "2026-01-09", target_amount: "25000.50", target_contacts: 10 },
    { campaign_id: A, date: "2026-01-10", target_amount: 99999 },
  ],
  payments: [
    pay(10000, "2026-01-09T04:00:00Z"),
    pay("2500.25", "2026-01-09T18:29:00Z", { campaign_id: B }), // 23:59 IST: still the 9th
    pay(7000, "2026-01-09T18:31:00Z"), // 00:01 IST on the 10th
    pay(3000, "2026-01-08T18:30:00Z", { campaign_id: null }), // 00:00 IST on the 9th
    pay(4000, "2026-01-09T05:00:00Z", { status: "pending" }),
    pay(5000, "2026-01-09T05:00:00Z", { status: "refunded" }),
  ],
  pledges: [
    pledge("p1", 20000, "2026-01-09T06:00:00Z"),
    pledge("p2", 15000, "2026-01-09T07:00:00Z", { status: "cancelled" }),
    pledge("p3", 5000, "2026-01-09T08:00:00Z", { campaign_id: B, status: "fulfilled" }),
    pledge("p4", 8000, "2026-01-10T08:00:00Z"),
  ],
  interactions: [
    touch("c1", "spoke", "2026-01-09T04:00:00Z"),
    touch("c1", "pledged", "2026-01-09T06:00:00Z"),
    touch("c2", "no_response", "2026-01-09T06:10:00Z"),
    touch("c3", "wrong_number", "2026-01-09T06:20:00Z", B),
    touch("c4", "declined", "2026-01-09T06:30:00Z", B),
    touch("c5", "no_response", "2026-01-09T06:40:00Z", null),
    touch("c6", "spoke", "2026-01-09T18:31:00Z"), // the 10th in IST
  ],
};

describe("dailyScoreboard", () => {
  it("adds up one IST day over every campaign: targets summed, confirmed payments, live pledges, reached contacts", () => {
    expect(dailyScoreboard(input, { date: "2026-01-09" })).toEqual({
      date: "2026-01-09",
      timeZone: "Asia/Kolkata",
      target: 75000.5,
      targetContacts: 50,
      raised: 15500.25,
      pledged: 25000,
      contactsReached: 2,
      attempts: 6,
      remainingGap: 59500.25,
      topOutcomes: [
        { outcome: "no_response", count: 2 },
        { outcome: "declined", count: 1 },
        { outcome: "pledged", count: 1 },
        { outcome: "spoke", count: 1 },
        { outcome: "wrong_number", count: 1 },
      ],
    });
  });

  it("counts a payment at 18:29Z today and one at 18:31Z tomorrow in IST, and the other way round in UTC", () => {
    const rows = { interactions: [], pledges: [], payments: [pay(1, "2026-01-09T18:29:00Z"), pay(2, "2026-01-09T18:31:00Z")] };
    expect(dailyScoreboard(rows, { date: "2026-01-09" }).raised).toBe(1);
    expect(dailyScoreboard(rows, { date: "2026-01-10" }).raised).toBe(2);
    expect(dailyScoreboard(rows, { date: "2026-01-09", timeZone: "UTC" }).raised).toBe(3);
  });

  it("narrows to one campaign, its goal only; rows without a campaign drop out", () => {
    expect(dailyScoreboard(input, { date: "2026-01-09", campaignId: B })).toMatchObject({
      campaignId: B,
      target: 25000.5,
      targetContacts: 10,
      raised: 2500.25,
      pledged: 5000,
      contactsReached: 1,
      attempts: 2,
      remainingGap: 22500.25,
    });
  });

  it("has no target and no gap on a day without a goal, and a gap of 0 once the target is beaten", () => {
    expect(dailyScoreboard({ ...input, goals: undefined }, { date: "2026-01-09" })).toMatchObject({ target: null, targetContacts: null, remainingGap: null });
    const beaten = dailyScoreboard({ ...input, goals: [{ campaign_id: A, date: "2026-01-09", target_amount: 100 }] }, { date: "2026-01-09" });
    expect(beaten).toMatchObject({ target: 100, remainingGap: 0 });
  });

  it("takes the day from now in the zone when no date is given; date wins over now", () => {
    expect(dailyScoreboard(input, { now: "2026-01-09T18:31:00Z" }).date).toBe("2026-01-10");
    expect(dailyScoreboard(input, { now: new Date("2026-01-09T18:31:00Z"), timeZone: "America/New_York" }).date).toBe("2026-01-09");
    expect(dailyScoreboard(input, { date: "2026-01-09", now: "2026-03-01T00:00:00Z" }).date).toBe("2026-01-09");
  });

  it("sums in paise: 1,000 payments of ₹0.10 raise exactly ₹100", () => {
    const payments = Array.from({ length: 1000 }, () => pay(0.1, "2026-01-09T10:00:00Z"));
    expect(dailyScoreboard({ interactions: [], pledges: [], payments, goals: [{ campaign_id: A, date: "2026-01-09", target_amount: 100.1 }] }, { date: "2026-01-09" })).toMatchObject({ raised: 100, remainingGap: 0.1 });
  });

  it("names the bad option or row", () => {
    const none = { interactions: [], pledges: [], payments: [] };
    expect(issuePaths(() => dailyScoreboard(none, {}))).toEqual(["options.date"]);
    expect(issuePaths(() => dailyScoreboard(none, { date: "2026-02-30" }))).toEqual(["options.date"]);
    expect(issuePaths(() => dailyScoreboard(none, { now: "yesterday" }))).toEqual(["options.now"]);
    expect(issuePaths(() => dailyScoreboard(none, { date: "2026-01-09", timeZone: "India/Mumbai" }))).toEqual(["options.timeZone"]);
    expect(issuePaths(() => dailyScoreboard({ ...none, payments: [pay(1, "2026-01-09T10:00:00Z"), pay(1.005, "2026-01-09T10:00:00Z")] }, { date: "2026-01-09" }))).toEqual(["payments[1].amount"]);
    expect(issuePaths(() => dailyScoreboard({ ...none, interactions: [touch("c1", "spoke", "soon")] }, { date: "2026-01-09" }))).toEqual(["interactions[0].occurred_at"]);
  });

  it("raises exactly the confirmed paise of the IST day (UTC+5:30, no DST), whatever the order of the rows", () => {
    const day = Date.UTC(2026, 0, 9);
    const payment = fc.record({
      paise: fc.integer({ min: 1, max: 10_000_000 }),
      at: fc.integer({ min: day - 2 * 86_400_000, max: day + 2 * 86_400_000 }),
      status: fc.constantFrom("confirmed", "pending", "failed", "refunded", undefined),
    });
    fc.assert(
      fc.property(fc.array(payment, { maxLength: 60 }), fc.integer(), (list, seed) => {
        const rows = list.map((p) => pay(p.paise / 100, new Date(p.at).toISOString(), { status: p.status }));
        const expected = list.filter((p) => (p.status ?? "confirmed") === "confirmed" && new Date(p.at + 19_800_000).toISOString().startsWith("2026-01-09")).reduce((s, p) => s + p.paise, 0);
        const shuffled = rows.map((r, i) => ({ r, k: Math.imul(i + 1, seed | 1) >>> 0 })).sort((a, b) => a.k - b.k).map((x) => x.r);
        const board = dailyScoreboard({ interactions: [], pledges: [], payments: shuffled }, { date: "2026-01-09" });
        expect(Math.round(board.raised * 100)).toBe(expected);
        expect(board.raised).toBe(expected / 100);
      }),
    );
  });
});

describe("localDateRange (the day test every report uses)", () => {
  it("agrees with Intl's local date in any zone, DST and half-hour zones included, far from and near the bounds", () => {
    const zones = ["Asia/Kolkata", "Pacific/Kiritimati", "Pacific/Pago_Pago", "America/St_Johns", "Asia/Kathmandu", "Europe/London", "America/Los_Angeles", "Australia/Lord_Howe", "UTC"];
    const day = Date.UTC(2026, 2, 29);
    const date = fc.integer({ min: -40, max: 40 }).map((d) => new Date(day + d * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.option(date, { nil: undefined }), fc.option(date, { nil: undefined }), fc.integer({ min: day - 50 * 86_400_000, max: day + 50 * 86_400_000 }), (zone, from, to, ms) => {
        const local = dateInZone(new Date(ms), zone);
        const expected = (from === undefined || local >= from) && (to === undefined || local <= to);
        expect(localDateRange(from, to, zone)(new Date(ms).toISOString(), "at")).toBe(expected);
      }),
      { numRuns: 5000 },
    );
  });
});
