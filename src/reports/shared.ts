/**
 * What the reports share: the row fields they read, option checks, and money summed in
 * integer paise with errors that name the offending row. Internal to `src/reports`.
 * @module
 */
import { MoneyError, toPaise } from "../domain/money.js";
import { ValidationError } from "../http/errors.js";
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

export const DEFAULT_TIME_ZONE = "Asia/Kolkata";

export const isConfirmed = (p: ReportPayment): boolean => (p.status ?? "confirmed") === "confirmed";
export const isLivePledge = (p: ReportPledge): boolean => p.status !== "cancelled";

export function invalid(path: string, message: string, code: string): ValidationError {
  return new ValidationError([{ path, message, code }]);
}

/** Paise of a row's amount; a bad amount is a `ValidationError` naming `path`. */
export function paiseAt(amount: Rupees, path: string): number {
  try {
    if (typeof amount !== "number" && typeof amount !== "string") throw new MoneyError("not rupees");
    return toPaise(amount);
  } catch (error) {
    if (error instanceof MoneyError) throw invalid(path, "must be rupees with at most two decimals", "amount");
    throw error;
  }
}

/** Whether `value` is a real calendar date `YYYY-MM-DD`. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** The time zone, checked against the runtime's IANA data. */
export function checkTimeZone(timeZone: unknown, path: string): string {
  if (typeof timeZone === "string" && timeZone !== "") {
    try {
      new Intl.DateTimeFormat("en", { timeZone });
      return timeZone;
    } catch {
      // falls through to the error naming the field
    }
  }
  throw invalid(path, "must be an IANA time zone such as Asia/Kolkata", "time_zone");
}

/** `row.campaign_id` matches when no campaign is asked for, or equals it. */
export const inCampaign = (campaignId: string | undefined) => (row: { campaign_id?: string | null | undefined }): boolean =>
  campaignId === undefined || row.campaign_id === campaignId;

/** The local date of a row's instant; an unreadable one is a `ValidationError` naming `path`. */
export function localDate(instant: string | Date, timeZone: string, path: string): string {
  const at = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(at.getTime())) throw invalid(path, "must be an ISO-8601 timestamp", "timestamp");
  return dateInZone(at, timeZone);
}
