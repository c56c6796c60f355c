/**
 * Channel fit, and what the suggested message is for: WhatsApp only to a valid
 * WhatsApp-capable phone, preferred while the 24-hour window is open or when the donor
 * prefers it; a call for large asks, after unanswered messages, or when WhatsApp is out.
 * @module
 */
import { fromPaise } from "../domain/money.js";
import type { ResolvedRankOptions } from "./options.js";
import type { ContactSignals } from "./signals.js";
import { HOUR_MS } from "./time.js";
import type { DraftContext, DraftObjective, DraftTone, NextAction, ReasonCode } from "./types.js";

/** From ₹50,000 outstanding an ask is a call, not a message. */
export const LARGE_ASK_PAISE = 5_000_000;

/**
 * Whether the contact's last WhatsApp message is less than 24 hours old (free-form replies allowed).
 *
 * @example
 * windowOpen(signals, Date.parse("2026-12-01T10:00:00Z")); // true
 */
export function windowOpen(s: ContactSignals, nowMs: number): boolean {
  return nowMs - s.lastInboundWaT < 24 * HOUR_MS;
}

/**
 * Whether the donor said they prefer WhatsApp (primary channel or a memory), and no memory says call.
 *
 * @example
 * prefersWhatsApp(signals); // false
 */
export function prefersWhatsApp(s: ContactSignals): boolean {
  return (s.row.primary_channel === "whatsapp" || s.memPrefersWa) && !s.memPrefersCall;
}

/**
 * How to reach the contact now, in order: no WhatsApp-capable phone → call; reply waiting
 * or window open → WhatsApp; large ask (≥ ₹50,000 outstanding or high capacity) or ≥ 2
 * unanswered WhatsApp messages → call; prefers WhatsApp → WhatsApp; else call.
 *
 * @example
 * chooseAction(signals, options, false); // "call"
 */
export function chooseAction(s: ContactSignals, o: ResolvedRankOptions, highCapacity: boolean): NextAction {
  if (s.waPhone === undefined) return "call";
  if (windowOpen(s, o.nowMs)) return "whatsapp";
  if (s.outstandingPaise >= LARGE_ASK_PAISE || highCapacity || s.waAttempts >= 2) return "call";
  return prefersWhatsApp(s) ? "whatsapp" : "call";
}

/**
 * The tone of the draft: a memory's `tone` wins over tags (`formal`, `vip`, `elder` → formal;
 * `friend`, `friendly` → friendly); formal wins a tie; default friendly.
 *
 * @example
 * toneOf(signals); // "friendly"
 */
export function toneOf(s: ContactSignals): DraftTone {
  if (s.memFormal) return "formal";
  if (s.memFriendly) return "friendly";
  return s.tagFormal ? "formal" : "friendly";
}

/**
 * What the draft is for: a thank-you for a gift received today (never another ask the same
 * day), else by reason code.
 *
 * @example
 * objectiveOf("pledge_balance", signals); // "collect_remaining"
 */
export function objectiveOf(code: ReasonCode, s: ContactSignals): DraftObjective {
  if (s.paidToday) return "thank_you";
  switch (code) {
    case "pledge_overdue":
      return s.overduePledge!.paidPaise > 0 ? "collect_remaining" : "pledge_reminder";
    case "pledge_balance":
      return "collect_remaining";
    case "pledge_open":
      return "pledge_reminder";
    case "stale_relationship":
      return "renewal";
    case "never_contacted":
    case "warm_lead":
      return "ask";
    default:
      return "followup";
  }
}

/**
 * The drafting context of a suggestion: the phone only for a WhatsApp action (so only then
 * a `wa.me` link), the outstanding amount and due date for payment asks.
 *
 * @example
 * draftContextOf(signals, "pledge_open", "call"); // { displayName: "Asha Rao", objective: "pledge_reminder", tone: "friendly", amount: 10000, dueDate: "2026-12-08" }
 */
export function draftContextOf(s: ContactSignals, code: ReasonCode, action: NextAction): DraftContext {
  const objective = objectiveOf(code, s);
  // the draft needs a name to greet; a blank one (never expected) greets generically
  const displayName = typeof s.row.display_name === "string" && s.row.display_name.trim() !== "" ? s.row.display_name : "Friend";
  const context: DraftContext = { displayName, objective, tone: toneOf(s) };
  if (action === "whatsapp" && s.waPhone !== undefined) context.phone = s.waPhone;
  const pledge = code === "pledge_overdue" ? s.overduePledge : code === "pledge_balance" || code === "pledge_open" ? s.openPledge : undefined;
  if (pledge !== undefined && objective !== "thank_you") {
    context.amount = fromPaise(pledge.outstandingPaise);
    // asking for money "by" a date already past reads wrong: an overdue ask names no date
    if (pledge.expectedBy !== undefined && pledge.daysOverdue === 0) context.dueDate = pledge.expectedBy;
  }
  return context;
}

/**
 * Whether an objective asks for money (so a UPI link belongs to it).
 *
 * @example
 * isPaymentObjective("collect_remaining"); // true
 */
export function isPaymentObjective(objective: DraftObjective): boolean {
  return objective === "pledge_reminder" || objective === "collect_remaining";
}
