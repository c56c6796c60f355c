/**
 * The hard filters of NEXT, applied before any scoring. A contact is counted under the
 * first code that applies, in the order of {@link EXCLUSION_CODES}.
 * @module
 */
import type { ResolvedRankOptions } from "./options.js";
import type { ContactSignals } from "./signals.js";
import { EXCLUSION_CODES, type ExclusionCode } from "./types.js";

/**
 * Why the contact may not be suggested now, or undefined when it may. `wrong_number`: it
 * has phones, every one marked invalid, and no valid email either; `no_reachable_identity`:
 * no valid phone (NEXT only calls or messages on WhatsApp). A contact whose WhatsApp message
 * is still waiting for an answer is not "touched today" by that message.
 *
 * @example
 * exclusionOf(signals, options); // "do_not_contact"
 */
export function exclusionOf(s: ContactSignals, o: ResolvedRankOptions): ExclusionCode | undefined {
  const row = s.row;
  if (row.deleted_at != null && row.deleted_at !== "") return "deleted";
  if (row.status === "do_not_contact") return "do_not_contact";
  if (row.status === "inactive") return "inactive";
  if (s.validPhones === 0) return s.phones > 0 && s.validEmails === 0 ? "wrong_number" : "no_reachable_identity";
  if (!o.allowSameDay && touchedToday(s, o)) return "touched_today";
  return o.quiet ? "quiet_hours" : undefined;
}

function touchedToday(s: ContactSignals, o: ResolvedRankOptions): boolean {
  if (s.replyWaiting(o.nowMs)) return false;
  return s.lastT >= o.todayStart || (s.lastContactedT >= o.todayStart && s.lastContactedT < o.tomorrowStart);
}

/**
 * Every exclusion code at 0.
 *
 * @example
 * emptyExclusions().quiet_hours; // 0
 */
export function emptyExclusions(): Record<ExclusionCode, number> {
  return Object.fromEntries(EXCLUSION_CODES.map((c) => [c, 0])) as Record<ExclusionCode, number>;
}
