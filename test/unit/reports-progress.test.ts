/** Campaign progress (issue 8): pledged, paid, outstanding and conversion of one campaign. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { campaignProgress, type ReportPayment, type ReportPledge } from "../../src/reports/index.js";
import { issuePaths } from "./issue-paths.js";

const A = "campaign-a";
const at = "2026-01-09T10:00:00Z";
const pledge = (id: string, contact_id: string, amount: number | string, extra: Partial<ReportPledge> = {}): ReportPledge => ({ id, contact_id, campaign_id: A, amount, pledged_at: at, ...extra });
const pay = (contact_id: string, amount: number | string, extra: Partial<ReportPayment> = {}): ReportPayment => ({ contact_id, campaign_id: A, amount, paid_at: at, ...extra });
const touch = (contact_id: string, outcome: string, campaign_id: string | null = A) => ({ contact_id, outcome, campaign_id, occurred_at: at });

describe("campaignProgress", () => {
  it("totals pledged, paid and outstanding per pledge, counts and conversion over the campaign's contacts", () => {
    const progress = campaignProgress(
      {
        campaign: { id: A },
        pledges: [
          pledge("p1", "c1", 50000), // part paid: 30,000.50 owed
          pledge("p2", "c2", 10000, { status: "fulfilled" }), // marked fulfilled: owes nothing
          pledge("p3", "c3", "5000.25"), // paid in full
          pledge("p4", "c4", 7000, { status: "cancelled" }),
          pledge("p5", "c5", 9000, { campaign_id: "other" }),
        ],
        payments: [
          pay("c1", "19999.50", { pledge_id: "p1" }),
          pay("c1", 5000, { pledge_id: "p1", status: "pending" }),
          pay("c3", "5000.25", { pledge_id: "p3" }),
          pay("c6", 1000), // a gift without a pledge
          pay("c7", 2000, { campaign_id: "other" }),
        ],
        interactions: [touch("c1", "pledged"), touch("c1", "spoke"), touch("c8", "no_response"), touch("c9", "declined"), touch("c10", "spoke", null)],
      },
      { campaignId: A },
    );
    expect(progress).toEqual({
      campaignId: A,
      totalPledged: 65000.25,
      totalPaid: 25999.75,
      outstanding: 30000.5,
      pledgeCount: 3,
      fulfilledCount: 2,
      paymentCount: 3,
      conversion: {
        byOutcome: { no_response: 1, spoke: 1, pledged: 1, paid: 0, declined: 1, reschedule: 0, wrong_number: 0, do_not_contact: 0 },
        contactsTouched: 6, // c1, c2, c3, c6, c8, c9
        contactsPledged: 3,
        contactsPaid: 3,
        pledgeRate: 0.5,
        paymentRate: 0.5,
      },
    });
  });

  it("rounds rates to 4 decimals and gives 0 for a campaign nobody was touched in", () => {
    const third = campaignProgress({ pledges: [pledge("p1", "c1", 100)], payments: [], interactions: [touch("c2", "spoke"), touch("c3", "spoke")] }, { campaignId: A });
    expect(third.conversion).toMatchObject({ contactsTouched: 3, pledgeRate: 0.3333, paymentRate: 0 });
    const empty = campaignProgress({ pledges: [], payments: [], interactions: [] }, { campaignId: A });
    expect(empty).toMatchObject({ totalPledged: 0, totalPaid: 0, outstanding: 0, conversion: { contactsTouched: 0, pledgeRate: 0, paymentRate: 0 } });
  });

  it("names the bad option or row", () => {
    const none = { pledges: [], payments: [], interactions: [] };
    expect(issuePaths(() => campaignProgress(none, { campaignId: "" }))).toEqual(["options.campaignId"]);
    expect(issuePaths(() => campaignProgress({ ...none, campaign: { id: "other" } }, { campaignId: A }))).toEqual(["campaign.id"]);
    expect(issuePaths(() => campaignProgress({ ...none, pledges: [pledge("p1", "c1", "1e3")] }, { campaignId: A }))).toEqual(["pledges[0].amount"]);
  });

  it("sums exactly in paise and keeps 0 ≤ outstanding ≤ pledged and rates within [0, 1]", () => {
    const row = fc.record({ contact: fc.constantFrom("c1", "c2", "c3", "c4"), paise: fc.integer({ min: 1, max: 100_000_000 }), mine: fc.boolean() });
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 20 }),
        fc.array(fc.record({ r: row, pledge: fc.nat(25), status: fc.constantFrom("confirmed", "pending", undefined) }), { maxLength: 40 }),
        (ps, pays) => {
          const pledges = ps.map((p, i) => pledge(`p${i}`, p.contact, p.paise / 100, { campaign_id: p.mine ? A : "other" }));
          const payments = pays.map((p) => pay(p.r.contact, p.r.paise / 100, { pledge_id: `p${p.pledge}`, status: p.status, campaign_id: p.r.mine ? A : "other" }));
          const progress = campaignProgress({ pledges, payments, interactions: [] }, { campaignId: A });
          const pledgedPaise = ps.filter((p) => p.mine).reduce((s, p) => s + p.paise, 0);
          const paidPaise = pays.filter((p) => p.r.mine && p.status !== "pending").reduce((s, p) => s + p.r.paise, 0);
          expect(progress.totalPledged).toBe(pledgedPaise / 100);
          expect(progress.totalPaid).toBe(paidPaise / 100);
          expect(progress.outstanding).toBeGreaterThanOrEqual(0);
          expect(progress.outstanding).toBeLessThanOrEqual(progress.totalPledged);
          for (const r of [progress.conversion.pledgeRate, progress.conversion.paymentRate]) expect(r >= 0 && r <= 1).toBe(true);
        },
      ),
    );
  });
});
