/**
 * One pass over each array of the snapshot, indexed by `contact_id`, folding every row
 * into its contact's signals. Every fold is commutative (max, min, counts, integer sums,
 * ties broken on ids), so the result does not depend on the order of any array.
 *
 * Rows are checked lightly: an unparseable timestamp or amount throws a `ValidationError`
 * naming the row (`interactions[3].occurred_at`), because a silently skipped payment or
 * followup would rank the contact wrongly. Rows of contacts not in `contacts` are ignored.
 * @module
 */
import { ValidationError } from "../http/errors.js";
import { toPaise } from "../domain/money.js";
import type { ResolvedRankOptions } from "./options.js";
import type { NextSnapshot, SnapshotContact } from "./types.js";
import { DAY_MS, HOUR_MS, parseInstant } from "./time.js";

/** The reason the followup rules write for a callback the donor asked for (`FOLLOWUP_RULE_REASONS.reschedule`). */
export const RESCHEDULE_REASON = "reschedule";
const CALLBACK_TEXT = /call(?:ed)?[\s-]*(?:me\s+|him\s+|her\s+|them\s+)?back/i;

/** The pledge NEXT talks about (the most overdue one, else the largest open one). */
export interface PledgeView {
  id: string;
  pledgedPaise: number;
  paidPaise: number;
  outstandingPaise: number;
  expectedBy: string | undefined;
  daysOverdue: number;
}

/** Everything NEXT knows about one contact after the pass. */
export class ContactSignals {
  phones = 0;
  validPhones = 0;
  validEmails = 0;
  phone: string | undefined = undefined;
  phoneRank = -1;
  waPhone: string | undefined = undefined;
  waPhoneRank = -1;
  tagFormal = false;
  tagFriendly = false;
  memFormal = false;
  memFriendly = false;
  memPrefersWa = false;
  memPrefersCall = false;
  /** The latest interaction at or before now (ties: the larger id). */
  lastT = -Infinity;
  lastId = "";
  lastInboundWa = false;
  lastInboundWaT = -Infinity;
  /** The latest inbound or answered interaction; attempts after it are unanswered. */
  answeredT = -Infinity;
  lastPositiveT = -Infinity;
  lastPositiveOutcome = "";
  /** Σ w·0.5^(days/h) in units of 1e-9, an integer so the sum is exact in any order. */
  recencyNano = 0;
  frequency = 0;
  attempts = 0;
  waAttempts = 0;
  rescheduleT = -Infinity;
  followupOverdueT = Infinity;
  followupOverdueReason = "";
  followupDueT = Infinity;
  outstandingPaise = 0;
  overduePledge: PledgeView | undefined = undefined;
  openPledge: PledgeView | undefined = undefined;
  paidToday = false;
  constructor(
    readonly row: SnapshotContact,
    readonly lastContactedT: number,
  ) {}

  /** Whether the donor's WhatsApp message is the latest interaction, within 24 h and unanswered. */
  replyWaiting(nowMs: number): boolean {
    return this.lastInboundWa && this.lastT === this.lastInboundWaT && nowMs - this.lastT <= 24 * HOUR_MS;
  }
}

function invalid(path: string, message: string, code = "invalid_value"): never {
  throw new ValidationError([{ path, message, code }]);
}

function time(value: string | null | undefined, path: string, required: boolean): number {
  if (value === null || value === undefined || value === "") return required ? invalid(path, "required", "missing") : Number.NaN;
  const t = typeof value === "string" ? parseInstant(value) : Number.NaN;
  return Number.isNaN(t) ? invalid(path, "not an ISO-8601 timestamp with a zone", "invalid_timestamp") : t;
}

function paise(value: unknown, path: string): number {
  try {
    return toPaise(value as number | string);
  } catch {
    return invalid(path, "not a rupee amount with at most two decimals", "invalid_amount");
  }
}

function rows<T>(snapshot: NextSnapshot, key: keyof NextSnapshot): readonly T[] {
  const v = snapshot[key];
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? (v as readonly T[]) : invalid(key, "must be an array", "type_error");
}

/** Indexes the contacts by id; a duplicate id is an error (which row wins would depend on order). */
function indexContacts(snapshot: NextSnapshot): Map<string, ContactSignals> {
  const contacts = rows<SnapshotContact>(snapshot, "contacts");
  const byId = new Map<string, ContactSignals>();
  for (let i = 0; i < contacts.length; i++) {
    const c = contacts[i]!;
    if (typeof c?.id !== "string") invalid(`contacts[${i}].id`, "required", "missing");
    if (byId.has(c.id)) invalid(`contacts[${i}].id`, `duplicate contact id ${c.id}`, "duplicate");
    byId.set(c.id, new ContactSignals(c, time(c.last_contacted_at, `contacts[${i}].last_contacted_at`, false)));
  }
  return byId;
}

function foldIdentities(snapshot: NextSnapshot, byId: Map<string, ContactSignals>): void {
  for (const r of rows<NonNullable<NextSnapshot["identities"]>[number]>(snapshot, "identities")) {
    const s = byId.get(r.contact_id);
    if (s === undefined) continue;
    const valid = r.is_valid !== false;
    if (r.type === "email") {
      if (valid) s.validEmails++;
      continue;
    }
    if (r.type !== "phone") continue;
    s.phones++;
    if (!valid) continue;
    s.validPhones++;
    // primary first, then WhatsApp-capable, then the smaller number: the same phone in any order
    const rank = (r.is_primary === true ? 2 : 0) + (r.is_whatsapp_capable === true ? 1 : 0);
    if (rank > s.phoneRank || (rank === s.phoneRank && r.value < (s.phone as string))) {
      s.phone = r.value;
      s.phoneRank = rank;
    }
    if (r.is_whatsapp_capable === true) {
      const waRank = r.is_primary === true ? 1 : 0;
      if (waRank > s.waPhoneRank || (waRank === s.waPhoneRank && r.value < (s.waPhone as string))) {
        s.waPhone = r.value;
        s.waPhoneRank = waRank;
      }
    }
  }
}

function foldTone(snapshot: NextSnapshot, byId: Map<string, ContactSignals>): void {
  for (const r of rows<NonNullable<NextSnapshot["tags"]>[number]>(snapshot, "tags")) {
    const s = byId.get(r.contact_id);
    if (s === undefined || typeof r.tag !== "string") continue;
    const tag = r.tag.toLowerCase();
    if (tag === "formal" || tag === "vip" || tag === "elder") s.tagFormal = true;
    else if (tag === "friend" || tag === "friendly") s.tagFriendly = true;
  }
  for (const m of rows<NonNullable<NextSnapshot["memories"]>[number]>(snapshot, "memories")) {
    const meta = m?.memory_metadata;
    const s = typeof meta?.["contact_id"] === "string" ? byId.get(meta["contact_id"]) : undefined;
    if (s === undefined || meta == null) continue;
    if (meta["tone"] === "formal") s.memFormal = true;
    else if (meta["tone"] === "friendly") s.memFriendly = true;
    if (meta["preferred_channel"] === "whatsapp") s.memPrefersWa = true;
    else if (meta["preferred_channel"] === "call") s.memPrefersCall = true;
  }
}

const LN2 = Math.LN2;
const POSITIVE = new Set(["spoke", "pledged", "paid"]);

/** Folds the interactions; returns the ids among `linked` whose outcome was `reschedule`. */
function foldInteractions(snapshot: NextSnapshot, byId: Map<string, ContactSignals>, o: ResolvedRankOptions, linked: ReadonlySet<string>): Set<string> {
  const list = rows<NonNullable<NextSnapshot["interactions"]>[number]>(snapshot, "interactions");
  const now = o.nowMs;
  const yearAgo = now - 365 * DAY_MS;
  const who: (ContactSignals | undefined)[] = new Array(list.length);
  const when = new Float64Array(list.length);
  const rescheduled = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const r = list[i]!;
    const t = time(r.occurred_at, `interactions[${i}].occurred_at`, true);
    if (r.outcome === "reschedule" && linked.has(r.id)) rescheduled.add(r.id);
    const s = byId.get(r.contact_id);
    // a row from the future has not happened yet at `now`
    if (s === undefined || t > now) continue;
    who[i] = s;
    when[i] = t;
    if (t > s.lastT || (t === s.lastT && r.id > s.lastId)) {
      s.lastT = t;
      s.lastId = r.id;
      s.lastInboundWa = r.direction === "inbound" && r.channel === "whatsapp";
    }
    const inbound = r.direction === "inbound";
    if (inbound && r.channel === "whatsapp" && t > s.lastInboundWaT) s.lastInboundWaT = t;
    const positive = POSITIVE.has(r.outcome);
    if (inbound || positive || r.outcome === "reschedule" || r.outcome === "declined") {
      if (t > s.answeredT) s.answeredT = t;
    }
    if (inbound || positive) {
      if (t > s.lastPositiveT || (t === s.lastPositiveT && r.outcome > s.lastPositiveOutcome)) {
        s.lastPositiveT = t;
        s.lastPositiveOutcome = positive ? r.outcome : "replied";
      }
      // per-event half-life: pledges and gifts last, conversations fade, a bare reply fades fastest
      const h = r.outcome === "pledged" || r.outcome === "paid" ? 90 : r.outcome === "spoke" ? 30 : 14;
      const w = r.outcome === "spoke" ? 0.8 : 1;
      s.recencyNano += Math.round(w * Math.exp((-(now - t) / DAY_MS / h) * LN2) * 1e9);
      if (positive && t >= yearAgo) s.frequency++;
    }
  }
  // second pass: unanswered outbound attempts since the last answer, inside the window
  const windowStart = now - o.windowDays * DAY_MS;
  for (let i = 0; i < list.length; i++) {
    const s = who[i];
    if (s === undefined) continue;
    const t = when[i]!;
    const r = list[i]!;
    if (t > s.answeredT && t >= windowStart && r.direction === "outbound" && r.outcome === "no_response") {
      s.attempts++;
      if (r.channel === "whatsapp") s.waAttempts++;
    }
  }
  return rescheduled;
}

/** Parses the followups' due times, and collects the interactions open followups came from. */
function parseFollowups(snapshot: NextSnapshot): { due: Float64Array; linked: Set<string> } {
  const list = rows<NonNullable<NextSnapshot["followups"]>[number]>(snapshot, "followups");
  const due = new Float64Array(list.length);
  const linked = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const r = list[i]!;
    due[i] = time(r.due_at, `followups[${i}].due_at`, true);
    if (r.interaction_id != null && r.status !== "done" && r.status !== "cancelled") linked.add(r.interaction_id);
  }
  return { due, linked };
}

/** A followup is a callback the donor asked for when its reason says so or its interaction ended `reschedule`. */
function foldFollowups(snapshot: NextSnapshot, byId: Map<string, ContactSignals>, o: ResolvedRankOptions, due: Float64Array, rescheduled: ReadonlySet<string>): void {
  const list = rows<NonNullable<NextSnapshot["followups"]>[number]>(snapshot, "followups");
  for (let i = 0; i < list.length; i++) {
    const r = list[i]!;
    const s = byId.get(r.contact_id);
    if (s === undefined || r.status === "done" || r.status === "cancelled") continue;
    const t = due[i]!;
    const reason = r.reason ?? "";
    const callback = reason === RESCHEDULE_REASON || CALLBACK_TEXT.test(reason) || (r.interaction_id != null && rescheduled.has(r.interaction_id));
    if (callback) {
      // the donor named the time: not a minute before it
      if (t <= o.nowMs && t > s.rescheduleT) s.rescheduleT = t;
    } else if (t < o.todayStart) {
      if (t < s.followupOverdueT || (t === s.followupOverdueT && reason < s.followupOverdueReason)) {
        s.followupOverdueT = t;
        s.followupOverdueReason = reason;
      }
    } else if (t < o.tomorrowStart && t < s.followupDueT) s.followupDueT = t;
  }
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.UTC(+to.slice(0, 4), +to.slice(5, 7) - 1, +to.slice(8, 10)) - Date.UTC(+from.slice(0, 4), +from.slice(5, 7) - 1, +from.slice(8, 10))) / DAY_MS);
}

const DATE = /^\d{4}-\d{2}-\d{2}/;

function foldMoney(snapshot: NextSnapshot, byId: Map<string, ContactSignals>, o: ResolvedRankOptions): void {
  const paidByPledge = new Map<string, number>();
  const payments = rows<NonNullable<NextSnapshot["payments"]>[number]>(snapshot, "payments");
  for (let i = 0; i < payments.length; i++) {
    const r = payments[i]!;
    const amount = paise(r.amount, `payments[${i}].amount`);
    if ((r.status ?? "confirmed") !== "confirmed") continue;
    const paidAt = time(r.paid_at, `payments[${i}].paid_at`, false);
    if (paidAt >= o.todayStart && paidAt <= o.nowMs) {
      const s = byId.get(r.contact_id);
      if (s !== undefined) s.paidToday = true;
    }
    if (r.pledge_id != null) paidByPledge.set(r.pledge_id, (paidByPledge.get(r.pledge_id) ?? 0) + amount);
  }
  const pledges = rows<NonNullable<NextSnapshot["pledges"]>[number]>(snapshot, "pledges");
  for (let i = 0; i < pledges.length; i++) {
    const r = pledges[i]!;
    const pledgedPaise = paise(r.amount, `pledges[${i}].amount`);
    const s = byId.get(r.contact_id);
    if (s === undefined || (r.status ?? "open") !== "open") continue;
    const paidPaise = paidByPledge.get(r.id) ?? 0;
    const outstandingPaise = pledgedPaise - paidPaise;
    if (outstandingPaise <= 0) continue;
    if (r.expected_by != null && !DATE.test(r.expected_by)) invalid(`pledges[${i}].expected_by`, "not a date YYYY-MM-DD", "invalid_date");
    const expectedBy = r.expected_by?.slice(0, 10) ?? undefined;
    const daysOverdue = expectedBy !== undefined && expectedBy < o.today ? daysBetween(expectedBy, o.today) : 0;
    const view: PledgeView = { id: r.id, pledgedPaise, paidPaise, outstandingPaise, expectedBy, daysOverdue };
    s.outstandingPaise += outstandingPaise;
    if (daysOverdue > 0) {
      const cur = s.overduePledge;
      if (cur === undefined || rankPledge(view, cur, true)) s.overduePledge = view;
    } else {
      const cur = s.openPledge;
      if (cur === undefined || rankPledge(view, cur, false)) s.openPledge = view;
    }
  }
}

/** Whether `a` should be shown rather than `b`: most overdue, then most outstanding, then the smaller id. */
function rankPledge(a: PledgeView, b: PledgeView, overdue: boolean): boolean {
  if (overdue && a.daysOverdue !== b.daysOverdue) return a.daysOverdue > b.daysOverdue;
  if (a.outstandingPaise !== b.outstandingPaise) return a.outstandingPaise > b.outstandingPaise;
  return a.id < b.id;
}

/**
 * Folds the whole snapshot into per-contact signals: O(total rows).
 *
 * @example
 * collectSignals({ contacts: [{ id: "c1", display_name: "Asha" }] }, resolveRankOptions({ now: new Date() })).get("c1")?.lastT; // -Infinity
 */
export function collectSignals(snapshot: NextSnapshot, o: ResolvedRankOptions): Map<string, ContactSignals> {
  if (typeof snapshot !== "object" || snapshot === null) invalid("snapshot", "must be an object", "type_error");
  if (!Array.isArray(snapshot.contacts)) invalid("contacts", "must be an array", "type_error");
  const byId = indexContacts(snapshot);
  foldIdentities(snapshot, byId);
  foldTone(snapshot, byId);
  const { due, linked } = parseFollowups(snapshot);
  const rescheduled = foldInteractions(snapshot, byId, o, linked);
  foldFollowups(snapshot, byId, o, due, rescheduled);
  foldMoney(snapshot, byId, o);
  return byId;
}
