/**
 * A campaign's progress: pledged, paid, outstanding, and how touches convert into pledges
 * and payments. Money summed in integer paise. Pure.
 * @module
 */
import { fromPaise, sumPaise } from "../domain/money.js";
import { OUTCOMES } from "../schema/enums.js";
import { inCampaign, type ReportInteraction, invalid, isConfirmed, isLivePledge, paiseAt, type ReportPayment, type ReportPledge } from "./shared.js";

/** The rows progress reads; rows of other campaigns are skipped. */
export interface ProgressInput {
  /** The campaign row, when at hand: its `id` must be `campaignId`. */
  campaign?: { id: string } | undefined;
  pledges: readonly ReportPledge[];
  payments: readonly ReportPayment[];
  interactions: readonly ReportInteraction[];
}

/** How a campaign's contacts convert. */
export interface Conversion {
  /** Interactions by outcome: every known outcome (0 when none), plus any other found. */
  byOutcome: Record<string, number>;
  /** Distinct contacts with an interaction, a pledge or a payment in the campaign. */
  contactsTouched: number;
  /** Distinct contacts with a pledge that is not cancelled. */
  contactsPledged: number;
  /** Distinct contacts with a confirmed payment. */
  contactsPaid: number;
  /** contactsPledged / contactsTouched, rounded to 4 decimals; 0 without contacts. */
  pledgeRate: number;
  /** contactsPaid / contactsTouched, rounded to 4 decimals; 0 without contacts. */
  paymentRate: number;
}

/** A campaign's totals in rupees. */
export interface CampaignProgress {
  campaignId: string;
  /** Pledges that are not cancelled. */
  totalPledged: number;
  /** Confirmed payments (with or without a pledge). */
  totalPaid: number;
  /** What open pledges still owe: each pledge less its confirmed payments, never below 0; a pledge marked fulfilled owes nothing. */
  outstanding: number;
  /** Pledges that are not cancelled. */
  pledgeCount: number;
  /** Pledges marked fulfilled or paid in full. */
  fulfilledCount: number;
  /** Confirmed payments. */
  paymentCount: number;
  conversion: Conversion;
}

const rate = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);

/**
 * Totals and conversion of one campaign: pledged, paid and outstanding (in rupees, summed
 * in paise), counts, interactions by outcome, and the share of touched contacts who
 * pledged and who paid. Rows of other campaigns are ignored, so whole tables may be passed.
 *
 * @throws {ValidationError} `options.campaignId`, `campaign.id` (another campaign), or
 *   `pledges[i].amount` / `payments[i].amount` for an amount that is not rupees.
 * @example
 * campaignProgress({ pledges, payments, interactions }, { campaignId });
 * // { campaignId, totalPledged: 150000, totalPaid: 90000, outstanding: 60000, pledgeCount: 3, ..., conversion: { pledgeRate: 0.25, ... } }
 */
export function campaignProgress(input: ProgressInput, options: { campaignId: string }): CampaignProgress {
  const { campaignId } = options;
  if (typeof campaignId !== "string" || campaignId === "") throw invalid("options.campaignId", "must be a non-empty id", "required");
  if (input.campaign !== undefined && input.campaign.id !== campaignId) throw invalid("campaign.id", `must be the campaign asked for (${campaignId})`, "mismatch");

  const mine = inCampaign(campaignId);
  const pledges = input.pledges.flatMap((p, i) => (mine(p) && isLivePledge(p) ? [{ p, paise: paiseAt(p.amount, `pledges[${i}].amount`) }] : []));
  const payments = input.payments.flatMap((p, i) => (mine(p) && isConfirmed(p) ? [{ p, paise: paiseAt(p.amount, `payments[${i}].amount`) }] : []));
  const interactions = input.interactions.filter(mine);

  const paidByPledge = new Map<string, number>();
  for (const { p, paise } of payments) {
    if (p.pledge_id != null) paidByPledge.set(p.pledge_id, (paidByPledge.get(p.pledge_id) ?? 0) + paise);
  }
  let fulfilledCount = 0;
  const owed = pledges.map(({ p, paise }) => {
    const left = p.status === "fulfilled" ? 0 : Math.max(0, paise - (paidByPledge.get(p.id) ?? 0));
    if (left === 0) fulfilledCount += 1;
    return left;
  });

  const byOutcome: Record<string, number> = Object.fromEntries(OUTCOMES.map((o) => [o, 0]));
  for (const x of interactions) byOutcome[x.outcome] = (byOutcome[x.outcome] ?? 0) + 1;
  const pledged = new Set(pledges.map(({ p }) => p.contact_id));
  const paid = new Set(payments.map(({ p }) => p.contact_id));
  const touched = new Set([...interactions.map((x) => x.contact_id), ...pledged, ...paid]);

  return {
    campaignId,
    totalPledged: fromPaise(sumPaise(pledges.map((x) => x.paise))),
    totalPaid: fromPaise(sumPaise(payments.map((x) => x.paise))),
    outstanding: fromPaise(sumPaise(owed)),
    pledgeCount: pledges.length,
    fulfilledCount,
    paymentCount: payments.length,
    conversion: {
      byOutcome,
      contactsTouched: touched.size,
      contactsPledged: pledged.size,
      contactsPaid: paid.size,
      pledgeRate: rate(pledged.size, touched.size),
      paymentRate: rate(paid.size, touched.size),
    },
  };
}
