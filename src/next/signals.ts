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
import { exclusionBeforeActivity } from "./exclusions.js";
import { EXCLUSION_CODES, type ExclusionCode, type NextSnapshot, type SnapshotContact, type SnapshotIdentity, type SnapshotInteraction } from "./types.js";
import { DAY_MS, HOUR_MS, parseInstant, readDigits } from "./time.js";

/** The reason the followup rules write for a callback the donor asked for (`FOLLOWUP_RULE_REASONS.reschedule`). */
export const RESCHEDULE_REASON = "reschedule";
const CALLBACK_TEXT = /call(?:ed)?[\s-]*(?:me\s+|him\s+|her\s+|them\s+)?back/i;

const E164 = /^\+[1-9]\d{6,14}$/;

/** The pledge NEXT talks about (the most overdue one, else the largest open one). */
export interface PledgeView {
  id: string;
  pledgedPaise: number;
  paidPaise: number;
  outstandingPaise: number;
  expectedBy: string | undefined;
  daysOverdue: number;
}

const NUMBER_COLUMNS = ["lastContactedT", "rescheduleT", "followupOverdueT", "followupDueT", "outstandingPaise"] as const;
const COUNT_COLUMNS = ["phones", "validPhones", "validEmails", "phoneRank", "waPhoneRank", "phoneRow", "waPhoneRow", "attempts", "waAttempts", "flags", "blocked"] as const;
/**
 * What the interactions fold into, one contact's fields side by side (`ACT_WIDTH` numbers
 * per contact): an interaction row lands on a random contact, and touching one cache line
 * for it is cheaper than touching one in each of eight columns.
 */
const ACT = { lastT: 0, lastRow: 1, lastInboundWaT: 2, answeredT: 3, lastPositiveT: 4, lastPositiveKind: 5, recencyNano: 6, frequency: 7 } as const;
const ACT_WIDTH = 8;
/** The kinds of a last positive touch, coded in the order of their names (ties keep the larger name). */
const POSITIVE_KINDS = ["", "paid", "pledged", "replied", "spoke"] as const;
const FLAGS = { tagFormal: 1, tagFriendly: 2, memFormal: 4, memFriendly: 8, memPrefersWa: 16, memPrefersCall: 32, paidToday: 64 } as const;
type Flag = keyof typeof FLAGS;

/**
 * The signals of every contact as columns (typed arrays indexed by the contact's position
 * in `contacts`): no per-contact objects and no boxed doubles, so a pass over 100,000
 * contacts allocates a few arrays instead of a million small objects.
 */
export class SignalTable {
  readonly num: Record<(typeof NUMBER_COLUMNS)[number], Float64Array>;
  readonly count: Record<(typeof COUNT_COLUMNS)[number], Int32Array>;
  /** Per contact, the `ACT` fields of its interactions. */
  readonly act: Float64Array;
  /** Sparse: only contacts with an overdue followup or a pledge get an entry. */
  readonly followupOverdueReason = new Map<number, string>();
  readonly overduePledge = new Map<number, PledgeView>();
  readonly openPledge = new Map<number, PledgeView>();
  // rows are referenced by index (phone, last interaction), so the table holds no strings of its own
  identities: readonly SnapshotIdentity[] = [];
  interactions: readonly SnapshotInteraction[] = [];
  constructor(readonly rows: readonly SnapshotContact[]) {
    const n = rows.length;
    this.num = Object.fromEntries(NUMBER_COLUMNS.map((c) => [c, new Float64Array(n)])) as SignalTable["num"];
    this.count = Object.fromEntries(COUNT_COLUMNS.map((c) => [c, new Int32Array(n)])) as SignalTable["count"];
    this.num.rescheduleT.fill(-Infinity);
    for (const c of ["followupOverdueT", "followupDueT"] as const) this.num[c].fill(Infinity);
    for (const c of ["phoneRank", "waPhoneRank", "phoneRow", "waPhoneRow"] as const) this.count[c].fill(-1);
    const act = new Float64Array(n * ACT_WIDTH);
    for (let b = 0; b < act.length; b += ACT_WIDTH) {
      act[b + ACT.lastT] = act[b + ACT.lastInboundWaT] = act[b + ACT.answeredT] = act[b + ACT.lastPositiveT] = -Infinity;
      act[b + ACT.lastRow] = -1;
    }
    this.act = act;
  }

  set(i: number, flag: Flag): void {
    this.count.flags[i]! |= FLAGS[flag];
  }
}

/** Everything NEXT knows about one contact: a read-only view of one row of a {@link SignalTable}. */
export class ContactSignals {
  constructor(
    readonly table: SignalTable,
    /** The contact's position in `contacts`; a cursor may move it. */
    public index: number,
  ) {}
  get row(): SnapshotContact {
    return this.table.rows[this.index]!;
  }
  private n(c: (typeof NUMBER_COLUMNS)[number]): number {
    return this.table.num[c][this.index]!;
  }
  private c(c: (typeof COUNT_COLUMNS)[number]): number {
    return this.table.count[c][this.index]!;
  }
  private a(f: keyof typeof ACT): number {
    return this.table.act[this.index * ACT_WIDTH + ACT[f]]!;
  }
  private flag(f: Flag): boolean {
    return (this.c("flags") & FLAGS[f]) !== 0;
  }
  /** `last_contacted_at`, NaN when absent. */
  get lastContactedT(): number {
    return this.n("lastContactedT");
  }
  /** The latest interaction at or before now. */
  get lastT(): number {
    return this.a("lastT");
  }
  get lastInboundWaT(): number {
    return this.a("lastInboundWaT");
  }
  /** The latest inbound or answered interaction; attempts after it are unanswered. */
  get answeredT(): number {
    return this.a("answeredT");
  }
  get lastPositiveT(): number {
    return this.a("lastPositiveT");
  }
  /** `paid`, `pledged`, `replied` or `spoke`; "" when never. */
  get lastPositiveOutcome(): string {
    return POSITIVE_KINDS[this.a("lastPositiveKind")]!;
  }
  /** Σ w·0.5^(days/h) in units of 1e-9, an integer so the sum is exact in any order. */
  get recencyNano(): number {
    return this.a("recencyNano");
  }
  get rescheduleT(): number {
    return this.n("rescheduleT");
  }
  get followupOverdueT(): number {
    return this.n("followupOverdueT");
  }
  get followupOverdueReason(): string {
    return this.table.followupOverdueReason.get(this.index) ?? "";
  }
  get followupDueT(): number {
    return this.n("followupDueT");
  }
  get outstandingPaise(): number {
    return this.n("outstandingPaise");
  }
  get phones(): number {
    return this.c("phones");
  }
  get validPhones(): number {
    return this.c("validPhones");
  }
  get validEmails(): number {
    return this.c("validEmails");
  }
  get frequency(): number {
    return this.a("frequency");
  }
  get attempts(): number {
    return this.c("attempts");
  }
  get waAttempts(): number {
    return this.c("waAttempts");
  }
  get phone(): string | undefined {
    return this.table.identities[this.c("phoneRow")]?.value;
  }
  get waPhone(): string | undefined {
    return this.table.identities[this.c("waPhoneRow")]?.value;
  }
  get overduePledge(): PledgeView | undefined {
    return this.table.overduePledge.get(this.index);
  }
  get openPledge(): PledgeView | undefined {
    return this.table.openPledge.get(this.index);
  }
  get tagFormal(): boolean {
    return this.flag("tagFormal");
  }
  get memFormal(): boolean {
    return this.flag("memFormal");
  }
  get memFriendly(): boolean {
    return this.flag("memFriendly");
  }
  get memPrefersWa(): boolean {
    return this.flag("memPrefersWa");
  }
  get memPrefersCall(): boolean {
    return this.flag("memPrefersCall");
  }
  /** The exclusion that needs no activity to decide (deleted, do not contact, inactive, no valid phone), or undefined. */
  get blocked(): ExclusionCode | undefined {
    const code = this.c("blocked");
    return code === 0 ? undefined : EXCLUSION_CODES[code - 1];
  }
  get paidToday(): boolean {
    return this.flag("paidToday");
  }

  /** Whether the donor's WhatsApp message is the latest interaction, within 24 h and unanswered. */
  replyWaiting(nowMs: number): boolean {
    // the last row's index is stored doubled, plus 1 when that row is an inbound WhatsApp message
    return this.a("lastRow") % 2 === 1 && this.lastT === this.lastInboundWaT && nowMs - this.lastT <= 24 * HOUR_MS;
  }
}

function invalid(path: string, message: string, code = "invalid_value"): never {
  throw new ValidationError([{ path, message, code }]);
}

/** Epoch ms of a timestamp cell; NaN when absent and optional. The path is only built on error. */
function time(value: string | null | undefined, list: string, i: number, field: string, required: boolean): number {
  if (value === null || value === undefined || value === "") return required ? invalid(`${list}[${i}].${field}`, "required", "missing") : Number.NaN;
  const t = typeof value === "string" ? parseInstant(value) : Number.NaN;
  return Number.isNaN(t) ? invalid(`${list}[${i}].${field}`, "not an ISO-8601 timestamp with a zone", "invalid_timestamp") : t;
}

/**
 * Paise of a plain decimal string (`4000`, `4000.5`, `4000.50`, at most 10 integer digits,
 * so within NUMERIC(12,2)), -1 for any other form. What `toPaise` gives, without its regular
 * expression's match arrays (one a payment, most of the money fold's garbage).
 */
function plainPaise(s: string): number {
  const n = s.length;
  let i = 0;
  let rupees = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    rupees = rupees * 10 + c;
  }
  if (i === 0 || i > 10) return -1;
  if (i === n) return rupees * 100;
  if (s.charCodeAt(i) !== 46 || n - i - 1 < 1 || n - i - 1 > 2) return -1;
  const tenths = s.charCodeAt(i + 1) - 48;
  const hundredths = n - i - 1 === 2 ? s.charCodeAt(i + 2) - 48 : 0;
  return tenths >= 0 && tenths <= 9 && hundredths >= 0 && hundredths <= 9 ? rupees * 100 + tenths * 10 + hundredths : -1;
}

function paise(value: unknown, list: string, i: number): number {
  const plain = typeof value === "string" ? plainPaise(value) : -1;
  if (plain >= 0) return plain;
  try {
    return toPaise(value as number | string);
  } catch {
    return invalid(`${list}[${i}].amount`, "not a rupee amount with at most two decimals", "invalid_amount");
  }
}

function rows<K extends keyof NextSnapshot>(snapshot: NextSnapshot, key: K): NonNullable<NextSnapshot[K]> {
  const v = snapshot[key];
  if (v === undefined || v === null) return [] as unknown as NonNullable<NextSnapshot[K]>;
  return Array.isArray(v) ? (v as NonNullable<NextSnapshot[K]>) : invalid(key, "must be an array", "type_error");
}

/** Indexes the contacts by id; a duplicate id is an error (which row wins would depend on order). */
function indexContacts(table: SignalTable): Map<string, number> {
  const byId = new Map<string, number>();
  const list = table.rows;
  // the inserts alone first (their cache misses overlap), then the timestamps; a bad id still
  // loses to a bad timestamp of an earlier row, as in one pass
  let bad = list.length;
  for (let i = 0; i < list.length; i++) {
    const id = list[i]?.id;
    if (typeof id !== "string" || byId.set(id, i).size !== i + 1) {
      bad = i;
      break;
    }
  }
  const last = table.num.lastContactedT;
  for (let i = 0; i < bad; i++) last[i] = time(list[i]!.last_contacted_at, "contacts", i, "last_contacted_at", false);
  if (bad < list.length) {
    const id = list[bad]?.id;
    if (typeof id !== "string") invalid(`contacts[${bad}].id`, "required", "missing");
    invalid(`contacts[${bad}].id`, `duplicate contact id ${id}`, "duplicate");
  }
  return byId;
}

function foldIdentities(snapshot: NextSnapshot, contact: ContactLookup, t: SignalTable): void {
  const { phones, validPhones, validEmails, phoneRank, waPhoneRank, phoneRow, waPhoneRow } = t.count;
  const list = rows(snapshot, "identities");
  t.identities = list;
  const who = contact.ofAll(list);
  for (let k = 0; k < list.length; k++) {
    const r = list[k]!;
    const i = who[k]!;
    if (i < 0) continue;
    const valid = r.is_valid !== false;
    if (r.type === "email") {
      if (valid) validEmails[i]!++;
      continue;
    }
    if (r.type !== "phone") continue;
    phones[i]!++;
    if (!valid) continue;
    validPhones[i]!++;
    // primary first, then WhatsApp-capable, then the smaller number: the same phone in any order
    const rank = (r.is_primary === true ? 2 : 0) + (r.is_whatsapp_capable === true ? 1 : 0);
    if (rank > phoneRank[i]! || (rank === phoneRank[i] && r.value < list[phoneRow[i]!]!.value)) {
      phoneRow[i] = k;
      phoneRank[i] = rank;
    }
    // a number that is not E.164 cannot make a wa.me link
    if (r.is_whatsapp_capable === true && E164.test(r.value)) {
      const waRank = r.is_primary === true ? 1 : 0;
      if (waRank > waPhoneRank[i]! || (waRank === waPhoneRank[i] && r.value < list[waPhoneRow[i]!]!.value)) {
        waPhoneRow[i] = k;
        waPhoneRank[i] = waRank;
      }
    }
  }
}

/** Marks the contacts excluded before any activity is read (`blocked` holds 1 + the code's index). */
function markBlocked(t: SignalTable): void {
  const { phones, validPhones, validEmails, blocked } = t.count;
  for (let i = 0; i < t.rows.length; i++) {
    const code = exclusionBeforeActivity(t.rows[i]!, phones[i]!, validPhones[i]!, validEmails[i]!);
    if (code !== undefined) blocked[i] = EXCLUSION_CODES.indexOf(code) + 1;
  }
}

function foldTone(snapshot: NextSnapshot, contact: ContactLookup, t: SignalTable): void {
  for (const r of rows(snapshot, "tags")) {
    const i = contact.of(r.contact_id);
    if (i < 0 || typeof r.tag !== "string") continue;
    const tag = r.tag.toLowerCase();
    if (tag === "formal" || tag === "vip" || tag === "elder") t.set(i, "tagFormal");
    else if (tag === "friend" || tag === "friendly") t.set(i, "tagFriendly");
  }
  for (const m of rows(snapshot, "memories")) {
    const meta = m?.memory_metadata;
    const i = typeof meta?.["contact_id"] === "string" ? contact.of(meta["contact_id"]) : -1;
    if (i < 0 || meta == null) continue;
    if (meta["tone"] === "formal") t.set(i, "memFormal");
    else if (meta["tone"] === "friendly") t.set(i, "memFriendly");
    if (meta["preferred_channel"] === "whatsapp") t.set(i, "memPrefersWa");
    else if (meta["preferred_channel"] === "call") t.set(i, "memPrefersCall");
  }
}

const LN2 = Math.LN2;

/**
 * The contact index of each row's `contact_id`, -1 when unknown. Rows often come grouped by
 * contact (a query ordered by it, or one contact's history), so the previous row's answer
 * is reused before the `Map` is asked.
 */
class ContactLookup {
  private lastId: string | undefined = undefined;
  private lastIndex = -1;
  constructor(private readonly byId: Map<string, number>) {}
  of(id: string): number {
    if (id !== this.lastId) {
      this.lastId = id;
      this.lastIndex = this.byId.get(id) ?? -1;
    }
    return this.lastIndex;
  }
  /** The index of every row's contact, in a loop that does nothing else (the look-ups' cache misses overlap). */
  ofAll(list: readonly { contact_id: string }[]): Int32Array {
    const out = new Int32Array(list.length);
    for (let k = 0; k < list.length; k++) out[k] = this.of(list[k]!.contact_id);
    return out;
  }
}

/**
 * Folds the interactions; returns the ids among `linked` whose outcome was `reschedule`.
 * Every timestamp is checked, but the rows of a contact already excluded without activity
 * ({@link exclusionBeforeActivity}) change nothing and are skipped after the check.
 */
function foldInteractions(snapshot: NextSnapshot, contact: ContactLookup, t: SignalTable, o: ResolvedRankOptions, linked: ReadonlySet<string>): Set<string> {
  const list = rows(snapshot, "interactions");
  const now = o.nowMs;
  const yearAgo = now - 365 * DAY_MS;
  const windowStart = now - o.windowDays * DAY_MS;
  const act = t.act;
  const blocked = t.count.blocked;
  t.interactions = list;
  // outbound attempts in the window: whether each went unanswered is known after the pass
  const tries: number[] = [];
  const rescheduled = new Set<string>();
  const who = contact.ofAll(list);
  const when = new Float64Array(list.length);
  for (let k = 0; k < list.length; k++) when[k] = time(list[k]!.occurred_at, "interactions", k, "occurred_at", true);
  for (let k = 0; k < list.length; k++) {
    const r = list[k]!;
    const at = when[k]!;
    const outcome = r.outcome;
    if (outcome === "reschedule" && linked.has(r.id)) rescheduled.add(r.id);
    // a row from the future has not happened yet at `now`
    if (at > now) continue;
    const i = who[k]!;
    if (i < 0 || blocked[i] !== 0) continue;
    const b = i * ACT_WIDTH;
    const inbound = r.direction === "inbound";
    const inboundWa = inbound && r.channel === "whatsapp";
    const lastT = act[b + ACT.lastT]!;
    if (at > lastT || (at === lastT && r.id > list[act[b + ACT.lastRow]! >> 1]!.id)) {
      act[b + ACT.lastT] = at;
      act[b + ACT.lastRow] = 2 * k + (inboundWa ? 1 : 0);
    }
    if (inboundWa && at > act[b + ACT.lastInboundWaT]!) act[b + ACT.lastInboundWaT] = at;
    const positive = outcome === "spoke" || outcome === "pledged" || outcome === "paid";
    if ((inbound || positive || outcome === "reschedule" || outcome === "declined") && at > act[b + ACT.answeredT]!) act[b + ACT.answeredT] = at;
    if (inbound || positive) {
      const kind = outcome === "spoke" ? 4 : outcome === "pledged" ? 2 : outcome === "paid" ? 1 : 3;
      const lastPositiveT = act[b + ACT.lastPositiveT]!;
      if (at > lastPositiveT || (at === lastPositiveT && kind > act[b + ACT.lastPositiveKind]!)) {
        act[b + ACT.lastPositiveT] = at;
        act[b + ACT.lastPositiveKind] = kind;
      }
      // per-event half-life: pledges and gifts last, conversations fade, a bare reply fades fastest
      const h = outcome === "pledged" || outcome === "paid" ? 90 : outcome === "spoke" ? 30 : 14;
      const w = outcome === "spoke" ? 0.8 : 1;
      act[b + ACT.recencyNano]! += Math.round(w * Math.exp((-(now - at) / DAY_MS / h) * LN2) * 1e9);
      if (positive && at >= yearAgo) act[b + ACT.frequency]!++;
    } else if (at >= windowStart && outcome === "no_response" && r.direction === "outbound") tries.push(k, i, at);
  }
  const { attempts, waAttempts } = t.count;
  for (let x = 0; x < tries.length; x += 3) {
    const i = tries[x + 1]!;
    if (tries[x + 2]! <= act[i * ACT_WIDTH + ACT.answeredT]!) continue;
    attempts[i]!++;
    if (list[tries[x]!]!.channel === "whatsapp") waAttempts[i]!++;
  }
  return rescheduled;
}

/** Parses the followups' due times, and collects the interactions open followups came from. */
function parseFollowups(snapshot: NextSnapshot): { due: Float64Array; linked: Set<string> } {
  const list = rows(snapshot, "followups");
  const due = new Float64Array(list.length);
  const linked = new Set<string>();
  for (let k = 0; k < list.length; k++) {
    const r = list[k]!;
    due[k] = time(r.due_at, "followups", k, "due_at", true);
    if (r.interaction_id != null && r.status !== "done" && r.status !== "cancelled") linked.add(r.interaction_id);
  }
  return { due, linked };
}

/** A followup is a callback the donor asked for when its reason says so or its interaction ended `reschedule`. */
function foldFollowups(snapshot: NextSnapshot, contact: ContactLookup, t: SignalTable, o: ResolvedRankOptions, due: Float64Array, rescheduled: ReadonlySet<string>): void {
  const list = rows(snapshot, "followups");
  const { rescheduleT, followupOverdueT, followupDueT } = t.num;
  const blocked = t.count.blocked;
  const who = contact.ofAll(list);
  for (let k = 0; k < list.length; k++) {
    const r = list[k]!;
    if (r.status === "done" || r.status === "cancelled") continue;
    const i = who[k]!;
    if (i < 0 || blocked[i] !== 0) continue;
    const at = due[k]!;
    const reason = r.reason ?? "";
    const callback = reason === RESCHEDULE_REASON || CALLBACK_TEXT.test(reason) || (r.interaction_id != null && rescheduled.has(r.interaction_id));
    if (callback) {
      // the donor named the time: not a minute before it
      if (at <= o.nowMs && at > rescheduleT[i]!) rescheduleT[i] = at;
    } else if (at < o.todayStart) {
      if (at < followupOverdueT[i]! || (at === followupOverdueT[i] && reason < (t.followupOverdueReason.get(i) ?? ""))) {
        followupOverdueT[i] = at;
        t.followupOverdueReason.set(i, reason);
      }
    } else if (at < o.tomorrowStart && at < followupDueT[i]!) followupDueT[i] = at;
  }
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.UTC(+to.slice(0, 4), +to.slice(5, 7) - 1, +to.slice(8, 10)) - Date.UTC(+from.slice(0, 4), +from.slice(5, 7) - 1, +from.slice(8, 10))) / DAY_MS);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `YYYY-MM-DD` (optionally followed by `T` and a time) naming a real calendar day; read by character codes, no garbage. */
function isDate(value: string): boolean {
  if (typeof value !== "string" || value.length < 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45 || (value.length > 10 && value.charCodeAt(10) !== 84)) return false;
  const y = readDigits(value, 0, 4);
  const mo = readDigits(value, 5, 7);
  const d = readDigits(value, 8, 10);
  // NaN (a non-digit) fails here too
  if (!(y >= 0 && mo >= 1 && mo <= 12 && d >= 1)) return false;
  // the check used to go through Date.UTC, which reads years 0–99 as 1900–1999: kept
  const year = y < 100 ? y + 1900 : y;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return d <= (mo === 2 && leap ? 29 : MONTH_DAYS[mo - 1]!);
}

function foldMoney(snapshot: NextSnapshot, contact: ContactLookup, t: SignalTable, o: ResolvedRankOptions): void {
  const blocked = t.count.blocked;
  const paidByPledge = new Map<string, number>();
  const payments = rows(snapshot, "payments");
  for (let k = 0; k < payments.length; k++) {
    const r = payments[k]!;
    const amount = paise(r.amount, "payments", k);
    if ((r.status ?? "confirmed") !== "confirmed") continue;
    const paidAt = time(r.paid_at, "payments", k, "paid_at", false);
    if (paidAt >= o.todayStart && paidAt <= o.nowMs) {
      const i = contact.of(r.contact_id);
      if (i >= 0) t.set(i, "paidToday");
    }
    if (r.pledge_id != null) paidByPledge.set(r.pledge_id, (paidByPledge.get(r.pledge_id) ?? 0) + amount);
  }
  const pledges = rows(snapshot, "pledges");
  const outstanding = t.num.outstandingPaise;
  const who = contact.ofAll(pledges);
  for (let k = 0; k < pledges.length; k++) {
    const r = pledges[k]!;
    const pledgedPaise = paise(r.amount, "pledges", k);
    if ((r.status ?? "open") !== "open") continue;
    const i = who[k]!;
    if (i < 0) continue;
    const paidPaise = paidByPledge.get(r.id) ?? 0;
    const outstandingPaise = pledgedPaise - paidPaise;
    if (outstandingPaise <= 0) continue;
    if (r.expected_by != null && !isDate(r.expected_by)) invalid(`pledges[${k}].expected_by`, "not a date YYYY-MM-DD", "invalid_date");
    const expectedBy = r.expected_by?.slice(0, 10) ?? undefined;
    if (blocked[i] !== 0) continue;
    const daysOverdue = expectedBy !== undefined && expectedBy < o.today ? daysBetween(expectedBy, o.today) : 0;
    const view: PledgeView = { id: r.id, pledgedPaise, paidPaise, outstandingPaise, expectedBy, daysOverdue };
    outstanding[i]! += outstandingPaise;
    const slot = daysOverdue > 0 ? t.overduePledge : t.openPledge;
    const cur = slot.get(i);
    if (cur === undefined || showFirst(view, cur)) slot.set(i, view);
  }
}

/** Whether pledge `a` should be shown rather than `b`: most overdue, then most outstanding, then the smaller id. */
function showFirst(a: PledgeView, b: PledgeView): boolean {
  if (a.daysOverdue !== b.daysOverdue) return a.daysOverdue > b.daysOverdue;
  if (a.outstandingPaise !== b.outstandingPaise) return a.outstandingPaise > b.outstandingPaise;
  return a.id < b.id;
}

/**
 * Folds the whole snapshot into per-contact signals: O(total rows).
 *
 * @example
 * const table = collectSignals({ contacts: [{ id: "c1", display_name: "Asha" }] }, resolveRankOptions({ now: new Date() }));
 * new ContactSignals(table, 0).lastT; // -Infinity
 */
export function collectSignals(snapshot: NextSnapshot, o: ResolvedRankOptions): SignalTable {
  if (typeof snapshot !== "object" || snapshot === null) invalid("snapshot", "must be an object", "type_error");
  if (!Array.isArray(snapshot.contacts)) invalid("contacts", "must be an array", "type_error");
  const table = new SignalTable(snapshot.contacts);
  const byId = indexContacts(table);
  const contact = new ContactLookup(byId);
  foldIdentities(snapshot, contact, table);
  markBlocked(table);
  foldTone(snapshot, contact, table);
  const { due, linked } = parseFollowups(snapshot);
  const rescheduled = foldInteractions(snapshot, contact, table, o, linked);
  foldFollowups(snapshot, contact, table, o, due, rescheduled);
  foldMoney(snapshot, contact, table, o);
  return table;
}
