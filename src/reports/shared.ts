/**
 * What the reports share: the row fields they read, option checks, and money summed in
 * integer paise with errors that name the offending row. Internal to `src/reports`.
 * @module
 */
import { MoneyError, toPaise } from "../domain/money.js";
import { ValidationError } from "../http/errors.js";
import { isTimeZone } from "../domain/zone.js";
import { dateInZone } from "./usage.js";

/** Rupees as stored: a number with at most two decimals or a decimal string. */
export type Rupees = number | string;

/** The fields of an `interactions` row the reports read. */
export interface ReportInteraction {
  contact_id: string;
  campaign_id?: string | null | undefined;
  outcome: string;
  occurred_at: string;
}

/** The fields of a `pledges` row the reports read. */
export interface ReportPledge {
  id: string;
  contact_id: string;
  campaign_id?: string | null | undefined;
  amount: Rupees;
  pledged_at?: string | null | undefined;
  /** `open`, `fulfilled` or `cancelled`; default `open`. */
  status?: string | null | undefined;
}

/** The fields of a `payments` row the reports read. */
export interface ReportPayment {
  contact_id: string;
  campaign_id?: string | null | undefined;
  pledge_id?: string | null | undefined;
  amount: Rupees;
  paid_at?: string | null | undefined;
  /** `pending`, `confirmed`, `failed` or `refunded`; default `confirmed`. Only confirmed payments count. */
  status?: string | null | undefined;
}

/** The fields of a `campaign_goals` row the reports read. */
export interface ReportGoal {
  campaign_id: string;
  /** `YYYY-MM-DD`. */
  date: string;
  target_amount: Rupees;
  target_contacts?: number | null | undefined;
}

/** The operator's zone when none is given. */
export const DEFAULT_TIME_ZONE = "Asia/Kolkata";

/**
 * Whether a payment counts: only confirmed ones (absent status means confirmed, the column's default).
 *
 * @example
 * isConfirmed({ contact_id, amount: 10, status: "pending" }); // false
 */
export const isConfirmed = (p: ReportPayment): boolean => (p.status ?? "confirmed") === "confirmed";

/**
 * Whether a pledge counts: every one that is not cancelled.
 *
 * @example
 * isLivePledge({ id, contact_id, amount: 10, status: "fulfilled" }); // true
 */
export const isLivePledge = (p: ReportPledge): boolean => p.status !== "cancelled";

/**
 * A `ValidationError` about one field.
 *
 * @example
 * throw invalid("options.date", "must be a date YYYY-MM-DD", "date");
 */
export function invalid(path: string, message: string, code: string): ValidationError {
  return new ValidationError([{ path, message, code }]);
}

/**
 * Paise of a row's amount; a bad amount is a `ValidationError` naming `path`.
 *
 * @example
 * paiseAt("10.50", "payments[0].amount"); // 1050
 */
export function paiseAt(amount: Rupees, path: string): number {
  try {
    if (typeof amount !== "number" && typeof amount !== "string") throw new MoneyError("not rupees");
    return toPaise(amount);
  } catch (error) {
    if (error instanceof MoneyError) throw invalid(path, "must be rupees with at most two decimals", "amount");
    throw error;
  }
}

/**
 * Whether `value` is a real calendar date `YYYY-MM-DD`.
 *
 * @example
 * isIsoDate("2026-02-30"); // false
 */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/**
 * The time zone, checked against the runtime's IANA data; else a `ValidationError` naming `path`.
 *
 * @example
 * checkTimeZone("Asia/Kolkata", "options.timeZone"); // "Asia/Kolkata"
 */
export function checkTimeZone(timeZone: unknown, path: string): string {
  if (isTimeZone(timeZone)) return timeZone;
  throw invalid(path, "must be an IANA time zone such as Asia/Kolkata", "time_zone");
}

/**
 * A row filter: every row when no campaign is asked for, else the rows of that campaign.
 *
 * @example
 * payments.filter(inCampaign(campaignId));
 */
export const inCampaign = (campaignId: string | undefined) => (row: { campaign_id?: string | null | undefined }): boolean =>
  campaignId === undefined || row.campaign_id === campaignId;

const HOUR = 3_600_000;
// No zone is more than 14 h from UTC; instants further than 36 h from a bound are decided without Intl.
const SLACK = 36 * HOUR;

/**
 * A test of whether an instant's local date in `timeZone` lies in `[from, to]` (either
 * bound optional). Only instants near a bound pay for an `Intl` date; the rest are
 * decided by comparing milliseconds, which keeps a report over a long history linear
 * and cheap. An unreadable instant is a `ValidationError` naming `path`.
 *
 * @example
 * const inDay = localDateRange("2026-01-09", "2026-01-09", "Asia/Kolkata");
 * inDay("2026-01-09T18:29:00Z", "payments[0].paid_at"); // true (23:59 IST)
 * inDay("2026-01-09T18:31:00Z", "payments[1].paid_at"); // false (00:01 IST on the 10th)
 */
export function localDateRange(from: string | undefined, to: string | undefined, timeZone: string): (instant: string | Date, path: string) => boolean {
  const lo = from === undefined ? -Infinity : Date.parse(`${from}T00:00:00Z`);
  const hi = to === undefined ? Infinity : Date.parse(`${to}T00:00:00Z`) + 24 * HOUR;
  return (instant, path) => {
    const ms = instant instanceof Date ? instant.getTime() : Date.parse(instant);
    if (Number.isNaN(ms)) throw invalid(path, "must be an ISO-8601 timestamp", "timestamp");
    if (ms < lo - SLACK || ms >= hi + SLACK) return false;
    if (ms >= lo + SLACK && ms < hi - SLACK) return true;
    const day = dateInZone(new Date(ms), timeZone);
    return (from === undefined || day >= from) && (to === undefined || day <= to);
  };
}
