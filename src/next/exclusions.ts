/**
 * The hard filters of NEXT, applied before any scoring. A contact is counted under the
 * first code that applies, in the order of {@link EXCLUSION_CODES}.
 * @module
 */
import type { ResolvedRankOptions } from "./options.js";
import type { ContactSignals } from "./signals.js";
import { EXCLUSION_CODES, type ExclusionCode, type SnapshotContact } from "./types.js";

/**
 * The exclusions decided by the contact row and its identities alone, before any activity
 * is read (so the rows of a contact excluded here can be skipped): `deleted`,
 * `do_not_contact`, `inactive`, `wrong_number` (it has phones, every one marked invalid,
 * and no valid email either), `no_reachable_identity` (no valid phone: NEXT only calls or
 * messages on WhatsApp).
 *
 * @example
 * exclusionBeforeActivity({ id: "c1", display_name: "Asha", status: "inactive" }, 1, 1, 0); // "inactive"
 */
export function exclusionBeforeActivity(row: SnapshotContact, phones: number, validPhones: number, validEmails: number): ExclusionCode | undefined {
  if (row.deleted_at != null && row.deleted_at !== "") return "deleted";
  if (row.status === "do_not_contact") return "do_not_contact";
  if (row.status === "inactive") return "inactive";
  if (validPhones === 0) return phones > 0 && validEmails === 0 ? "wrong_number" : "no_reachable_identity";
  return undefined;
}

/**
 * Why the contact may not be suggested now, or undefined when it may: first
 * {@link exclusionBeforeActivity}, then `touched_today`, then `quiet_hours`. A contact
 * whose WhatsApp message is still waiting for an answer is not "touched today" by that
 * message.
 *
 * @example
 * exclusionOf(signals, options); // "do_not_contact"
 */
export function exclusionOf(s: ContactSignals, o: ResolvedRankOptions): ExclusionCode | undefined {
  const early = s.blocked;
  if (early !== undefined) return early;
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
