/**
 * `rankNext`: who to contact now, why, by which channel and with what words. Pure: the
 * same snapshot and options give the same result whatever the order of the arrays.
 * O(total rows) to fold the snapshot, O(n·k) to keep the top k = runnersUp + 1.
 * @module
 */
import { chooseAction, draftContextOf, isPaymentObjective, prefersWhatsApp, windowOpen } from "./channel.js";
import { draftMessage } from "./draft.js";
import { emptyExclusions, exclusionOf } from "./exclusions.js";
import { type ResolvedRankOptions, resolveRankOptions } from "./options.js";
import { reasonCodeOf, reasonText, whyLower } from "./reasons.js";
import { collectSignals, ContactSignals } from "./signals.js";
import { DAY_MS } from "./time.js";
import type { Factor, NextSnapshot, RankOptions, RankResult, Suggestion } from "./types.js";

/** How much a contact can give, as `capacityLevel` reads `capacity_band`. */
export type Capacity = "high" | "mid" | "low" | "unknown";
// an unknown band is neutral; a known low band counts a little against
const CAPACITY_POINTS: Record<Capacity, number> = { high: 1.2, mid: 0.6, unknown: 0, low: -0.3 };
const capacityCache = new Map<string, Capacity>();

/**
 * The capacity band as a level: `A`, `major`, `high`, lakh or crore bands (`1L+`) are
 * high; `B`, `mid`, thousands (`50k+`) mid; `C`, `D`, `low` low; anything else unknown.
 *
 * @example
 * capacityLevel("1L+"); // "high"
 */
export function capacityLevel(band: string | null | undefined): Capacity {
  if (band == null) return "unknown";
  let level = capacityCache.get(band);
  if (level === undefined) {
    const b = band.trim().toLowerCase();
    if (/^(?:a\d?\+?|major|high|top)$/.test(b) || /\d\s*(?:l|lakh|lac|lakhs|cr|crore|crores)\s*\+?$/.test(b)) level = "high";
    else if (/^(?:b\d?\+?|mid|medium|middle)$/.test(b) || /\d\s*k\s*\+?$/.test(b)) level = "mid";
    else if (/^(?:c\d?|d\d?|low|small)$/.test(b)) level = "low";
    else level = "unknown";
    if (capacityCache.size < 1000) capacityCache.set(band, level);
  }
  return level;
}

function relationship(s: ContactSignals): number {
  const r = s.row.relationship_strength;
  return typeof r === "number" && Number.isFinite(r) ? Math.min(5, Math.max(1, r)) : 3;
}

const FACTOR_CODES = ["reply_waiting", "reschedule_due", "followup", "pledge", "recency", "capacity", "relationship", "frequency", "fatigue", "channel_fit"] as const;
const N = FACTOR_CODES.length;

/**
 * Fills `out` with each signal's contribution (weights applied) and returns their sum.
 * The default points keep the order: a reply waiting (25) outweighs any pile-up of
 * the other triggers one contact can have, a callback the donor asked for (10) comes next,
 * then followups (5–7.4) and pledges (2–7), then the soft signals (each ≤ 2.5).
 */
function contributions(s: ContactSignals, o: ResolvedRankOptions, out: Float64Array): number {
  const w = o.weights;
  const now = o.nowMs;
  out.fill(0);
  if (s.replyWaiting(now)) out[0] = 25 * w.replyWaiting;
  if (s.rescheduleT !== -Infinity) out[1] = 10 * w.reschedule;
  if (s.followupOverdueT !== Infinity) out[2] = (6 + 0.1 * Math.min(14, Math.ceil((o.todayStart - s.followupOverdueT) / DAY_MS))) * w.followup;
  else if (s.followupDueT !== Infinity) out[2] = 5 * w.followup;
  // more money outstanding → more score, log-scaled (₹1,000 → 0.9, ₹1,00,000 → 1.5)
  const money = s.outstandingPaise > 0 ? 0.3 * Math.log10(1 + s.outstandingPaise / 100) : 0;
  if (s.overduePledge !== undefined) out[3] = (4 + money + 0.05 * Math.min(30, s.overduePledge.daysOverdue)) * w.pledge;
  else if (s.openPledge !== undefined) out[3] = ((s.openPledge.paidPaise > 0 ? 3 : 2) + money) * w.pledge;
  out[4] = Math.min(2.5, s.recencyNano / 1e9) * w.recency;
  const capacity = CAPACITY_POINTS[capacityLevel(s.row.capacity_band)];
  out[5] = capacity * w.capacity;
  const r = relationship(s);
  out[6] = (r - 3) * 0.3 * w.relationship;
  out[7] = 0.1 * Math.min(10, s.frequency) * w.frequency;
  const excess = s.attempts - o.freeAttempts;
  if (excess > 0) {
    // CoolData: high-value donors keep pledging after many attempts, low-value ones do not
    const value = 2 * Math.max(0, capacity) + money + 0.5 * Math.max(0, r - 3);
    out[8] = (-1.2 * excess * w.fatigue) / (1 + value);
  }
  if (s.waPhone !== undefined) out[9] = windowOpen(s, now) ? 0.5 : prefersWhatsApp(s) ? 0.2 : 0;
  let sum = 0;
  for (let i = 0; i < N; i++) sum += out[i]!;
  return Math.round(sum * 1e4) / 1e4;
}

function factorCode(i: number, s: ContactSignals): string {
  if (i === 2) return s.followupOverdueT !== Infinity ? "followup_overdue" : "followup_due";
  if (i === 3) return s.overduePledge !== undefined ? "pledge_overdue" : s.openPledge !== undefined && s.openPledge.paidPaise > 0 ? "pledge_balance" : "pledge_open";
  return FACTOR_CODES[i]!;
}

/** Every non-zero contribution, largest magnitude first (ties by code), rounded to 2 decimals. */
function factorsOf(s: ContactSignals, values: Float64Array): Factor[] {
  const all: Factor[] = [];
  for (let i = 0; i < N; i++) {
    const c = Math.round(values[i]! * 100) / 100;
    if (c !== 0) all.push({ code: factorCode(i, s), contribution: c });
  }
  return all.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || (a.code < b.code ? -1 : 1));
}

function strongBy(s: ContactSignals): string {
  if (capacityLevel(s.row.capacity_band) === "high") return "High-capacity donor";
  const r = relationship(s);
  return r >= 4 ? `Strong relationship (${r}/5)` : "";
}

function suggest(s: ContactSignals, score: number, all: Factor[], o: ResolvedRankOptions): Suggestion {
  const strong = strongBy(s);
  const reasonCode = reasonCodeOf(s, o, strong !== "");
  const action = chooseAction(s, o, capacityLevel(s.row.capacity_band) === "high");
  const context = draftContextOf(s, reasonCode, action);
  const draft = draftMessage(context, o.draft);
  const links: Suggestion["links"] = {};
  if (action === "whatsapp" && draft.links.whatsapp !== undefined) links.whatsapp = draft.links.whatsapp;
  if (isPaymentObjective(context.objective) && draft.links.upi !== undefined) links.upi = draft.links.upi;
  return {
    contactId: s.row.id,
    displayName: s.row.display_name,
    action,
    reasonCode,
    reason: reasonText(reasonCode, s, o, { strongBy: strong }),
    score,
    factors: all.slice(0, 3),
    message: draft.text,
    links,
  };
}

/** Whether (scoreA, idA) ranks before (scoreB, idB): higher score, then the smaller id. */
function before(scoreA: number, idA: string, scoreB: number, idB: string): boolean {
  return scoreA > scoreB || (scoreA === scoreB && idA < idB);
}

/**
 * Ranks the snapshot's contacts for the operator at `options.now` and returns the one to
 * reach now (with reason, channel, factors and a draft), the runners-up with why each
 * ranked lower, and how many contacts each hard filter removed.
 *
 * @example
 * const { pick, runnersUp, excluded, noneReason } = rankNext(
 *   { contacts, identities, interactions, followups, pledges, payments },
 *   { now: "2026-12-01T10:30:00Z", timeZone: "Asia/Kolkata", draft: { payee: { vpa: "trust@okaxis", name: "Seva Trust" } } },
 * );
 * pick?.reason; // "Pledge of ₹10,000 is 7 days overdue; ₹4,000 still to collect"
 */
export function rankNext(snapshot: NextSnapshot, options: RankOptions): RankResult {
  const o = resolveRankOptions(options);
  const table = collectSignals(snapshot, o);
  const excluded = emptyExclusions();
  const k = o.runnersUp + 1;
  const top: ContactSignals[] = [];
  const topScores: number[] = [];
  const scratch = new Float64Array(N);
  // one cursor walks the table; only the kept top k get views of their own
  const s = new ContactSignals(table, 0);
  for (let i = 0; i < table.rows.length; i++) {
    s.index = i;
    const code = exclusionOf(s, o);
    if (code !== undefined) {
      excluded[code]++;
      continue;
    }
    const score = contributions(s, o, scratch);
    const id = s.row.id;
    let at = top.length;
    if (at === k && !before(score, id, topScores[k - 1]!, top[k - 1]!.row.id)) continue;
    while (at > 0 && before(score, id, topScores[at - 1]!, top[at - 1]!.row.id)) at--;
    top.splice(at, 0, new ContactSignals(table, i));
    topScores.splice(at, 0, score);
    if (top.length > k) {
      top.pop();
      topScores.pop();
    }
  }
  if (table.rows.length === 0) return { pick: null, runnersUp: [], excluded, noneReason: "no_contacts" };
  if (o.quiet) return { pick: null, runnersUp: [], excluded, noneReason: "quiet_hours" };
  if (top.length === 0) return { pick: null, runnersUp: [], excluded, noneReason: "all_excluded" };
  const ranked = top.map((s, i) => {
    const values = new Float64Array(N);
    contributions(s, o, values);
    const all = factorsOf(s, values);
    return { all, suggestion: suggest(s, topScores[i]!, all, o) };
  });
  const [first, ...rest] = ranked;
  const pick = first!.suggestion;
  const runnersUp = rest.map(({ all, suggestion }) => ({ ...suggestion, whyLower: whyLower(pick, first!.all, suggestion, all) }));
  return { pick, runnersUp, excluded };
}
