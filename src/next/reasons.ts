/**
 * Reasons: the stable code of the strongest trigger, and one line (≤ 120 characters) built
 * from that code and the numbers that triggered it; plus why a runner-up ranked lower.
 * @module
 */
import { fromPaise } from "../domain/money.js";
import { firstName, formatInr } from "./draft.js";
import type { ResolvedRankOptions } from "./options.js";
import type { ContactSignals } from "./signals.js";
import { localTime } from "../domain/zone.js";
import { DAY_MS } from "./time.js";
import type { Factor, ReasonCode, Suggestion } from "./types.js";

/** Most characters of a reason or a why-lower line. */
export const MAX_REASON = 120;
const STALE_DAYS = 60;
const WARM_DAYS = 90;

/**
 * Paise as rupees with Indian digit grouping, exact (`₹1,50,000`, `₹4,000.50`).
 *
 * @example
 * rupees(15_000_000); // "₹1,50,000"
 */
export function rupees(paise: number): string {
  return formatInr(fromPaise(paise));
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

/** "4:00 pm today", "11:30 am on 28 Nov" in the operator's zone. */
function clockText(ms: number, o: ResolvedRankOptions): string {
  const t = localTime(ms, o.timeZone);
  const hh = t.hour % 12 === 0 ? 12 : t.hour % 12;
  const clock = `${hh}:${String(t.minute).padStart(2, "0")} ${t.hour < 12 ? "am" : "pm"}`;
  if (ms >= o.todayStart && ms < o.tomorrowStart) return `${clock} today`;
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][t.month - 1];
  return `${clock} on ${t.day} ${month}`;
}

function ago(ms: number, nowMs: number): string {
  const minutes = Math.max(0, Math.floor((nowMs - ms) / 60_000));
  if (minutes < 60) return `${plural(minutes, "minute")} ago`;
  if (minutes < 24 * 60) return `${plural(Math.floor(minutes / 60), "hour")} ago`;
  return `${plural(Math.floor(minutes / (24 * 60)), "day")} ago`;
}

/**
 * Days since the contact was last touched (an interaction or `last_contacted_at`), or undefined if never.
 *
 * @example
 * daysSinceTouch(signals, Date.parse("2026-12-01T10:30:00Z")); // 120
 */
export function daysSinceTouch(s: ContactSignals, nowMs: number): number | undefined {
  const last = Math.max(s.lastT, Number.isNaN(s.lastContactedT) ? -Infinity : s.lastContactedT);
  return last === -Infinity ? undefined : Math.floor((nowMs - last) / DAY_MS);
}

/**
 * The strongest trigger present. Contacts with none of the triggers above fall back in
 * this order: a strong or high-capacity contact untouched for 60 days is
 * `stale_relationship`; one never touched is `never_contacted`; one with a reply or a
 * conversation in the last 90 days is `warm_lead`; anyone else untouched for 60 days is
 * `stale_relationship`, and the rest `warm_lead` (in play, worth another try). `strong`:
 * relationship ≥ 4 or a high capacity band.
 *
 * @example
 * reasonCodeOf(signals, options, true); // "pledge_overdue"
 */
export function reasonCodeOf(s: ContactSignals, o: ResolvedRankOptions, strong: boolean): ReasonCode {
  if (s.replyWaiting(o.nowMs)) return "reply_waiting";
  if (s.rescheduleT !== -Infinity) return "reschedule_due";
  if (s.followupOverdueT !== Infinity) return "followup_overdue";
  if (s.followupDueT !== Infinity) return "followup_due";
  if (s.overduePledge !== undefined) return "pledge_overdue";
  if (s.openPledge !== undefined) return s.openPledge.paidPaise > 0 ? "pledge_balance" : "pledge_open";
  const days = daysSinceTouch(s, o.nowMs);
  if (days === undefined) return "never_contacted";
  if (strong && days >= STALE_DAYS) return "stale_relationship";
  if (o.nowMs - s.lastPositiveT <= WARM_DAYS * DAY_MS) return "warm_lead";
  return days >= STALE_DAYS ? "stale_relationship" : "warm_lead";
}

const FOLLOWUP_WHY: Record<string, string> = { no_response: " after no response", send_payment_link: " to send the payment link" };

/**
 * The one-line reason for `code`, with the numbers that triggered it, at most 120 characters.
 *
 * @example
 * reasonText("pledge_overdue", signals, options, { strongBy: "" }); // "Pledge of ₹10,000 is 7 days overdue; ₹4,000 still to collect"
 */
export function reasonText(code: ReasonCode, s: ContactSignals, o: ResolvedRankOptions, about: { strongBy: string }): string {
  const now = o.nowMs;
  let text: string;
  switch (code) {
    case "reply_waiting":
      text = `Replied on WhatsApp ${ago(s.lastInboundWaT, now)}; no answer yet`;
      break;
    case "reschedule_due":
      text = `Asked to be called back at ${clockText(s.rescheduleT, o)}`;
      break;
    case "followup_overdue": {
      const days = Math.max(1, Math.ceil((o.todayStart - s.followupOverdueT) / DAY_MS));
      text = `Follow-up${FOLLOWUP_WHY[s.followupOverdueReason] ?? ""} is ${plural(days, "day")} overdue`;
      break;
    }
    case "followup_due":
      text = `Follow-up due at ${clockText(s.followupDueT, o)}`;
      break;
    case "pledge_overdue": {
      const p = s.overduePledge!;
      text = `Pledge of ${rupees(p.pledgedPaise)} is ${plural(p.daysOverdue, "day")} overdue`;
      if (p.paidPaise > 0) text += `; ${rupees(p.outstandingPaise)} still to collect`;
      break;
    }
    case "pledge_balance": {
      const p = s.openPledge!;
      text = `${rupees(p.outstandingPaise)} of a ${rupees(p.pledgedPaise)} pledge still to collect`;
      break;
    }
    case "pledge_open": {
      const p = s.openPledge!;
      text = `Open pledge of ${rupees(p.pledgedPaise)}${p.expectedBy === undefined ? ", no due date" : `, due by ${p.expectedBy}`}`;
      break;
    }
    case "stale_relationship": {
      const days = daysSinceTouch(s, now);
      text = `${about.strongBy === "" ? "Not touched" : `${about.strongBy}, not touched`} for ${plural(days ?? 0, "day")}`;
      break;
    }
    case "warm_lead": {
      const what = s.lastPositiveOutcome === "replied" ? "Replied" : s.lastPositiveOutcome === "spoke" ? "Spoke" : s.lastPositiveOutcome === "pledged" ? "Pledged" : "Gave";
      text = s.lastPositiveT === -Infinity ? `Last touched ${plural(daysSinceTouch(s, now) ?? 0, "day")} ago; worth another try` : `${what} ${ago(s.lastPositiveT, now)}`;
      if (s.attempts > 0) text += `; ${plural(s.attempts, "unanswered attempt")} since`;
      break;
    }
    case "never_contacted":
      text = about.strongBy === "" ? "Never contacted" : `Never contacted; ${about.strongBy.toLowerCase()}`;
      break;
  }
  return clip(text);
}

/**
 * Cuts a line to 120 characters (code points), ending with an ellipsis when cut.
 *
 * @example
 * clip("x".repeat(200)).length; // 120
 */
export function clip(text: string, max = MAX_REASON): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

const MISSING: Record<string, string> = {
  reply_waiting: "no WhatsApp reply waiting",
  reschedule_due: "no callback due now",
  followup_overdue: "no overdue follow-up",
  followup_due: "no follow-up due today",
  pledge_overdue: "no overdue pledge",
  pledge_balance: "no pledge balance to collect",
  pledge_open: "no open pledge",
  recency: "less recent engagement",
  capacity: "lower capacity",
  relationship: "weaker relationship",
  frequency: "fewer past conversations",
  fatigue: "more unanswered attempts",
  channel_fit: "no open WhatsApp window",
};

/**
 * Why `lower` ranked below `pick`, from the pick's top factor: either the runner-up lacks
 * it, or the factor where the pick leads most.
 *
 * @example
 * whyLower(pick, pickFactors, runnerUp, runnerUpFactors); // "Below Asha: no overdue pledge (Asha: Pledge of ₹10,000 is 7 days overdue)"
 */
export function whyLower(pick: Suggestion, pickAll: readonly Factor[], lower: Suggestion, lowerAll: readonly Factor[]): string {
  const name = firstName(pick.displayName) || pick.displayName;
  const top = pick.factors[0];
  const value = (all: readonly Factor[], code: string) => all.find((f) => f.code === code)?.contribution ?? 0;
  if (top !== undefined && top.contribution > 0 && value(lowerAll, top.code) <= 0) {
    return clip(`Below ${name}: ${MISSING[top.code] ?? `no ${top.code}`} (${name}: ${pick.reason})`);
  }
  let lead: Factor | undefined;
  for (const f of pickAll) {
    const gap = f.contribution - value(lowerAll, f.code);
    if (lead === undefined || gap > lead.contribution || (gap === lead.contribution && f.code < lead.code)) lead = { code: f.code, contribution: gap };
  }
  for (const f of lowerAll) {
    const gap = value(pickAll, f.code) - f.contribution;
    if (lead === undefined || gap > lead.contribution || (gap === lead.contribution && f.code < lead.code)) lead = { code: f.code, contribution: gap };
  }
  if (lead === undefined || lead.contribution <= 0) return clip(`Below ${name}: same score, ${name} comes first by contact id`);
  return clip(`Below ${name}: ${MISSING[lead.code] ?? lead.code} (score ${lower.score.toFixed(2)} vs ${name}'s ${pick.score.toFixed(2)})`);
}
