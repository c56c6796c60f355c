/**
 * The day's scoreboard: target against raised, pledged, contacts reached,
 * the remaining gap and the day's outcomes, "day" in the operator's time zone. Pure.
 * @module
 */
import { fromPaise, sumPaise } from "../domain/money.js";
import { dateInZone } from "./usage.js";
import {
  type ReportGoal,
  checkTimeZone,
  DEFAULT_TIME_ZONE,
  inCampaign,
  type ReportInteraction,
  invalid,
  isConfirmed,
  isIsoDate,
  isLivePledge,
  localDateRange,
  paiseAt,
  type ReportPayment,
  type ReportPledge,
} from "./shared.js";

/** Outcomes that do not count as reaching the contact. */
const NOT_REACHED: ReadonlySet<string> = new Set(["no_response", "wrong_number"]);

/** The rows the scoreboard reads (any order; rows of other days and campaigns are skipped). */
export interface ScoreboardInput {
  interactions: readonly ReportInteraction[];
  pledges: readonly ReportPledge[];
  payments: readonly ReportPayment[];
  goals?: readonly ReportGoal[] | undefined;
}

/** Which day, where, and for which campaign. */
export interface ScoreboardOptions {
  /** The local date `YYYY-MM-DD`; wins over `now`. One of the two is required. */
  date?: string | undefined;
  /** An instant whose local date is the day (a `Date` or an ISO-8601 string). */
  now?: Date | string | undefined;
  /** The operator's IANA time zone. Default `Asia/Kolkata`. */
  timeZone?: string | undefined;
  /** Only this campaign's rows; default every campaign (targets summed). */
  campaignId?: string | undefined;
}

/** The day's numbers; money in rupees (summed in paise). */
export interface Scoreboard {
  date: string;
  timeZone: string;
  campaignId?: string | undefined;
  /** Sum of the day's `campaign_goals.target_amount`, or `null` when no goal is set for the day. */
  target: number | null;
  /** Sum of the day's `campaign_goals.target_contacts`, or `null` when no goal is set for the day. */
  targetContacts: number | null;
  /** Confirmed payments paid that day. */
  raised: number;
  /** Pledges made that day, cancelled ones left out. */
  pledged: number;
  /** Distinct contacts with an interaction that day whose outcome was not `no_response` or `wrong_number`. */
  contactsReached: number;
  /** Interactions that day. */
  attempts: number;
  /** `max(0, target − raised)`, or `null` without a target. */
  remainingGap: number | null;
  /** The day's interactions by outcome, most first, then by name. */
  topOutcomes: { outcome: string; count: number }[];
}

function dayOf(options: ScoreboardOptions, timeZone: string): string {
  if (options.date !== undefined) {
    if (!isIsoDate(options.date)) throw invalid("options.date", "must be a date YYYY-MM-DD", "date");
    return options.date;
  }
  if (options.now === undefined) throw invalid("options.date", "give the day as date (YYYY-MM-DD) or now", "required");
  const instant = options.now instanceof Date ? options.now : typeof options.now === "string" ? new Date(options.now) : new Date(Number.NaN);
  if (Number.isNaN(instant.getTime())) throw invalid("options.now", "must be a Date or an ISO-8601 timestamp", "timestamp");
  return dateInZone(instant, timeZone);
}

/**
 * The scoreboard of one local day: target (from `campaign_goals`), raised, pledged,
 * contacts reached, attempts, remaining gap and outcome counts. A row counts on the day
 * its instant (`paid_at`, `pledged_at`, `occurred_at`) falls on in `timeZone`, so in IST
 * a payment at 18:29Z is today's and one at 18:31Z tomorrow's.
 *
 * @throws {ValidationError} `options.date` / `options.now` (neither given, or malformed),
 *   `options.timeZone`, or `payments[i].amount` (etc.) for an amount that is not rupees.
 * @example
 * const board = dailyScoreboard({ interactions, pledges, payments, goals }, { now: new Date() });
 * // { date: "2026-01-09", timeZone: "Asia/Kolkata", target: 50000, raised: 12500, remainingGap: 37500, ... }
 */
export function dailyScoreboard(input: ScoreboardInput, options: ScoreboardOptions): Scoreboard {
  const timeZone = checkTimeZone(options.timeZone ?? DEFAULT_TIME_ZONE, "options.timeZone");
  const date = dayOf(options, timeZone);
  const { campaignId } = options;
  if (campaignId !== undefined && (typeof campaignId !== "string" || campaignId === "")) throw invalid("options.campaignId", "must be a non-empty id", "required");
  const wanted = inCampaign(campaignId);
  const inDay = localDateRange(date, date, timeZone);
  const onDay = (instant: string | null | undefined, path: string) => instant != null && inDay(instant, path);

  const goals = (input.goals ?? []).map((g, i) => ({ g, i })).filter(({ g }) => g.date === date && wanted(g));
  const targetPaise = goals.length === 0 ? null : sumPaise(goals.map(({ g, i }) => paiseAt(g.target_amount, `goals[${i}].target_amount`)));
  const raisedPaise = sumPaise(
    input.payments.flatMap((p, i) => (isConfirmed(p) && wanted(p) && onDay(p.paid_at, `payments[${i}].paid_at`) ? [paiseAt(p.amount, `payments[${i}].amount`)] : [])),
  );
  const pledgedPaise = sumPaise(
    input.pledges.flatMap((p, i) => (isLivePledge(p) && wanted(p) && onDay(p.pledged_at, `pledges[${i}].pledged_at`) ? [paiseAt(p.amount, `pledges[${i}].amount`)] : [])),
  );

  const today = input.interactions.filter((x, i) => wanted(x) && onDay(x.occurred_at, `interactions[${i}].occurred_at`));
  const reached = new Set(today.filter((x) => !NOT_REACHED.has(x.outcome)).map((x) => x.contact_id));
  const outcomes = new Map<string, number>();
  for (const x of today) outcomes.set(x.outcome, (outcomes.get(x.outcome) ?? 0) + 1);

  return {
    date,
    timeZone,
    ...(campaignId === undefined ? {} : { campaignId }),
    target: targetPaise === null ? null : fromPaise(targetPaise),
    targetContacts: goals.length === 0 ? null : goals.reduce((n, { g }) => n + (g.target_contacts ?? 0), 0),
    raised: fromPaise(raisedPaise),
    pledged: fromPaise(pledgedPaise),
    contactsReached: reached.size,
    attempts: today.length,
    remainingGap: targetPaise === null ? null : fromPaise(Math.max(0, targetPaise - raisedPaise)),
    topOutcomes: [...outcomes].map(([outcome, count]) => ({ outcome, count })).sort((a, b) => b.count - a.count || (a.outcome < b.outcome ? -1 : a.outcome > b.outcome ? 1 : 0)),
  };
}
