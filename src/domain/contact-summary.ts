/**
 * The rolling contact history summary (US5.4): one short memory statement per contact,
 * rebuilt from its latest interactions, pledges and payments. Pure.
 * @module
 */
import { formatPaise } from "./money.js";
import { pledgeBalance, type PaymentLike } from "./pledge-balance.js";

/** What the summary is built from (rows as stored). */
export interface ContactSummaryInput {
  /** The contact. */
  contact: { display_name: string; status?: string | null | undefined };
  /** Its interactions (any order). */
  interactions: ReadonlyArray<{ occurred_at: string; channel: string; direction: string; outcome: string; summary?: string | null | undefined }>;
  /** Its pledges. */
  pledges: ReadonlyArray<{ id: string; amount: number; status?: string | null | undefined }>;
  /** Its payments. */
  payments: ReadonlyArray<PaymentLike & { pledge_id?: string | null | undefined }>;
  /** How many recent interactions to quote. Default 3. */
  recent?: number | undefined;
}

/** Longest summary written (characters). */
export const CONTACT_SUMMARY_MAX = 1200;

/**
 * A short, high-signal statement of where a contact stands: status, touches, pledges and
 * what is outstanding, and the latest interactions with their notes.
 *
 * @example
 * contactHistorySummary({ contact: { display_name: "Asha" }, interactions: [], pledges: [], payments: [] });
 * // "Asha: status active; no interactions yet; no pledges."
 */
export function contactHistorySummary(input: ContactSummaryInput): string {
  const parts: string[] = [`${input.contact.display_name}: status ${input.contact.status ?? "active"}`];
  const touches = [...input.interactions].sort((a, b) => Date.parse(b.occurred_at) - Date.parse(a.occurred_at));
  parts.push(touches.length === 0 ? "no interactions yet" : `${touches.length} interaction${touches.length === 1 ? "" : "s"}, last ${touches[0]!.occurred_at.slice(0, 10)}`);
  const live = input.pledges.filter((p) => p.status !== "cancelled");
  if (live.length === 0) parts.push("no pledges");
  else {
    let pledged = 0;
    let outstanding = 0;
    for (const p of live) {
      const b = pledgeBalance(p, input.payments.filter((x) => x.pledge_id === p.id));
      pledged += b.pledgedPaise;
      outstanding += b.outstandingPaise;
    }
    parts.push(`pledged INR ${formatPaise(pledged)}${outstanding > 0 ? `, outstanding INR ${formatPaise(outstanding)}` : ", fully paid"}`);
  }
  const recent = touches.slice(0, input.recent ?? 3).map((t) => {
    const note = t.summary == null || t.summary.trim() === "" ? "" : ` "${t.summary.trim().replace(/\s+/g, " ").slice(0, 200)}"`;
    return `${t.occurred_at.slice(0, 10)} ${t.channel} ${t.direction} ${t.outcome}${note}`;
  });
  let text = `${parts.join("; ")}.`;
  if (recent.length > 0) text += ` Recent: ${recent.join(" | ")}.`;
  return text.length > CONTACT_SUMMARY_MAX ? `${text.slice(0, CONTACT_SUMMARY_MAX - 1)}…` : text;
}
