import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rankNext } from "../../src/next/rank.js";
import type { NextSnapshot, RankResult, SnapshotContact, SnapshotFollowup, SnapshotIdentity, SnapshotInteraction, SnapshotPayment, SnapshotPledge } from "../../src/next/types.js";

const NOW_BASE = Date.parse("2026-12-01T00:00:00Z");
const DAY = 86_400_000;
const ZONES = ["Asia/Kolkata", "America/New_York", "Europe/London", "Pacific/Auckland"];
const IDS = ["c0", "c1", "c2", "c3", "c4", "c5"];

const iso = (ms: number) => new Date(ms).toISOString();
const id = fc.constantFrom(...IDS);
// offsets from `now`, dense around it so "today", "24 h" and "due now" are all hit
const offset = fc.oneof(fc.integer({ min: -40 * DAY, max: 2 * DAY }), fc.integer({ min: -30 * 3_600_000, max: 3_600_000 }));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const contactArb = (cid: string) =>
  fc.record({
    id: fc.constant(cid),
    display_name: fc.constantFrom("Asha Rao", "Dr. Bela Iyer", "Chandra", "Smt Devi Lakshmi Narayanan-Subramaniam", "Ek"),
    primary_channel: maybe(fc.constantFrom("whatsapp", "call")),
    relationship_strength: maybe(fc.integer({ min: 1, max: 5 })),
    capacity_band: maybe(fc.constantFrom("A", "B", "C", "major", "1L+", "weird")),
    status: maybe(fc.constantFrom("active", "active", "inactive", "do_not_contact")),
    deleted_at: fc.constantFrom(null, null, null, "2026-11-01T00:00:00.000Z"),
    last_off: maybe(offset),
  });

const world = fc.record({
  nowOff: fc.integer({ min: 0, max: DAY - 1 }),
  zone: fc.constantFrom(...ZONES),
  contacts: fc.subarray(IDS, { minLength: 1 }).chain((ids) => fc.tuple(...ids.map(contactArb))),
  identities: fc.array(fc.record({ contact_id: id, type: fc.constantFrom("phone", "phone", "email"), digits: fc.integer({ min: 1000, max: 9999 }), is_whatsapp_capable: maybe(fc.boolean()), is_valid: maybe(fc.boolean()), is_primary: maybe(fc.boolean()) }), { maxLength: 10 }),
  interactions: fc.array(fc.record({ contact_id: id, channel: fc.constantFrom("whatsapp", "call"), direction: fc.constantFrom("inbound", "outbound"), outcome: fc.constantFrom("no_response", "spoke", "pledged", "paid", "declined", "reschedule"), off: offset }), { maxLength: 14 }),
  followups: fc.array(fc.record({ contact_id: id, off: offset, status: fc.constantFrom("scheduled", "due", "done", "cancelled"), reason: fc.constantFrom("no_response", "reschedule", "send_payment_link", null), link: fc.boolean() }), { maxLength: 6 }),
  pledges: fc.array(fc.record({ contact_id: id, paise: fc.integer({ min: 1, max: 5_000_000 }), status: fc.constantFrom("open", "open", "fulfilled", "cancelled"), dueDays: maybe(fc.integer({ min: -40, max: 40 })) }), { maxLength: 4 }),
  payments: fc.array(fc.record({ pledge: fc.nat(), paise: fc.integer({ min: 1, max: 3_000_000 }), status: fc.constantFrom("confirmed", "confirmed", "failed", "pending"), off: offset, asString: fc.boolean() }), { maxLength: 6 }),
  tags: fc.array(fc.record({ contact_id: id, tag: fc.constantFrom("vip", "elder", "friend", "alumni") }), { maxLength: 4 }),
});
type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

const rupees = (paise: number, asString: boolean) => (asString ? `${Math.trunc(paise / 100)}.${String(paise % 100).padStart(2, "0")}` : paise / 100);

function build(w: World): { snapshot: NextSnapshot; now: string; zone: string } {
  const now = NOW_BASE + w.nowOff;
  const contacts: SnapshotContact[] = w.contacts.map(({ last_off, ...c }) => ({ ...c, last_contacted_at: last_off === undefined ? null : iso(now + last_off) }));
  const identities: SnapshotIdentity[] = w.identities.map((r, i) => ({ id: `id${i}`, contact_id: r.contact_id, type: r.type, value: r.type === "phone" ? `+91987650${r.digits}` : `p${r.digits}@x.org`, is_whatsapp_capable: r.is_whatsapp_capable, is_valid: r.is_valid, is_primary: r.is_primary }));
  const interactions: SnapshotInteraction[] = w.interactions.map((r, i) => ({ id: `i${i}`, contact_id: r.contact_id, channel: r.channel, direction: r.direction, outcome: r.outcome, occurred_at: iso(now + r.off) }));
  const followups: SnapshotFollowup[] = w.followups.map((r, i) => ({ id: `f${i}`, contact_id: r.contact_id, due_at: iso(now + r.off), status: r.status, reason: r.reason, interaction_id: r.link && interactions.length > 0 ? interactions[i % interactions.length]!.id : null }));
  const pledges: SnapshotPledge[] = w.pledges.map((r, i) => ({ id: `p${i}`, contact_id: r.contact_id, amount: rupees(r.paise, i % 2 === 0), status: r.status, expected_by: r.dueDays === undefined ? null : iso(now + r.dueDays * DAY).slice(0, 10) }));
  const payments: SnapshotPayment[] =
    pledges.length === 0 ? [] : w.payments.map((r, i) => { const p = pledges[r.pledge % pledges.length]!; return { id: `pay${i}`, contact_id: p.contact_id, pledge_id: p.id, amount: rupees(r.paise, r.asString), status: r.status, paid_at: iso(now + r.off) }; });
  return { snapshot: { contacts, identities, interactions, followups, pledges, payments, tags: w.tags }, now: iso(now), zone: w.zone };
}

function localParts(ms: number, zone: string): { date: string; minutes: number } {
  const p = Object.fromEntries(new Intl.DateTimeFormat("en-CA", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).formatToParts(ms).map((x) => [x.type, x.value]));
  return { date: `${p["year"]}-${p["month"]}-${p["day"]}`, minutes: Number(p["hour"]) * 60 + Number(p["minute"]) };
}

function shuffle<T>(list: readonly T[] | undefined, seed: number): T[] {
  const out = [...(list ?? [])];
  let a = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    a = (a * 1_664_525 + 1_013_904_223) >>> 0;
    const j = a % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const all = (r: RankResult) => (r.pick === null ? [] : [r.pick, ...r.runnersUp]);

describe("rankNext properties", () => {
  it("the pick is never excluded: not deleted, DNC, inactive, unreachable, touched today, nor during quiet hours", () => {
    fc.assert(
      fc.property(world, (w) => {
        const { snapshot, now, zone } = build(w);
        const r = rankNext(snapshot, { now, timeZone: zone, runnersUp: 10 });
        const nowMs = Date.parse(now);
        const local = localParts(nowMs, zone);
        if (local.minutes < 540 || local.minutes >= 1260) expect(r.pick).toBeNull();
        for (const s of all(r)) {
          const c = snapshot.contacts.find((x) => x.id === s.contactId)!;
          expect(c.deleted_at ?? null).toBeNull();
          expect(["do_not_contact", "inactive"]).not.toContain(c.status);
          expect(snapshot.identities!.some((i) => i.contact_id === c.id && i.type === "phone" && i.is_valid !== false)).toBe(true);
          if (s.action === "whatsapp") expect(snapshot.identities!.some((i) => i.contact_id === c.id && i.type === "phone" && i.is_valid !== false && i.is_whatsapp_capable === true)).toBe(true);
          if (s.reasonCode !== "reply_waiting") {
            const today = (iso: string | null | undefined) => iso != null && Date.parse(iso) <= nowMs && localParts(Date.parse(iso), zone).date === local.date;
            expect(snapshot.interactions!.some((i) => i.contact_id === c.id && today(i.occurred_at))).toBe(false);
            expect(today(c.last_contacted_at)).toBe(false);
          }
        }
        expect(Object.values(r.excluded).reduce((a, b) => a + b, 0) + (r.pick === null ? 0 : 1 + r.runnersUp.length)).toBeLessThanOrEqual(snapshot.contacts.length);
      }),
      { numRuns: 1200 },
    );
  });

  it("the result is deep-equal under any permutation of every input array", () => {
    fc.assert(
      fc.property(world, fc.integer(), (w, seed) => {
        const { snapshot, now, zone } = build(w);
        const permuted: NextSnapshot = Object.fromEntries(Object.entries(snapshot).map(([k, v], i) => [k, shuffle(v as unknown[], seed + i)])) as unknown as NextSnapshot;
        const options = { now, timeZone: zone, runnersUp: 10 };
        expect(rankNext(permuted, options)).toEqual(rankNext(snapshot, options));
      }),
      { numRuns: 800 },
    );
  });

  it("ties break on contactId whatever the order: plain contacts with one phone each all tie", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 2, maxLength: 8 }), fc.integer(), (ids, seed) => {
        const snapshot: NextSnapshot = { contacts: ids.map((id) => ({ id, display_name: `N ${id}` })), identities: ids.map((id, i) => ({ contact_id: id, type: "phone", value: `+9198765${String(10000 + i)}` })) };
        const shuffled: NextSnapshot = { contacts: shuffle(snapshot.contacts, seed), identities: shuffle(snapshot.identities, seed + 1) };
        const r = rankNext(shuffled, { now: "2026-12-01T08:00:00Z", runnersUp: 10 });
        expect(all(r).map((s) => s.contactId)).toEqual([...ids].sort());
        expect(r).toEqual(rankNext(snapshot, { now: "2026-12-01T08:00:00Z", runnersUp: 10 }));
      }),
      { numRuns: 300 },
    );
  });

  it("every message is at most 300 characters and every reason and why-lower at most 120", () => {
    fc.assert(
      fc.property(world, fc.nat({ max: 7 }), (w, variant) => {
        const { snapshot, now, zone } = build(w);
        for (const s of all(rankNext(snapshot, { now, timeZone: zone, runnersUp: 10, draft: { variant, payee: { vpa: "seva.trust@okaxis", name: "Seva Trust" } } }))) {
          expect([...s.message].length).toBeLessThanOrEqual(300);
          expect(s.message.length).toBeGreaterThan(0);
          expect([...s.reason].length).toBeLessThanOrEqual(120);
          expect([...(s.whyLower ?? "")].length).toBeLessThanOrEqual(120);
          expect(s.reason).not.toMatch(/\n/);
        }
      }),
      { numRuns: 600 },
    );
  });

  it("a contact with a due followup never ranks below an otherwise identical twin without it", () => {
    fc.assert(
      fc.property(world, fc.integer({ min: -5 * DAY, max: 0 }), (w, due) => {
        const { snapshot, now, zone } = build({ ...w, followups: [] });
        const twin = (cid: string) => `${cid}-twin`;
        const copy = <T extends { contact_id: string }>(rows: readonly T[] | undefined, extra: (r: T) => Partial<T>) => (rows ?? []).flatMap((r) => [r, { ...r, ...extra(r), contact_id: twin(r.contact_id) }]);
        const doubled: NextSnapshot = {
          contacts: snapshot.contacts.flatMap((c) => [c, { ...c, id: twin(c.id) }]),
          identities: copy(snapshot.identities, () => ({})),
          interactions: copy(snapshot.interactions, (r) => ({ id: `${r.id}-t` })),
          pledges: copy(snapshot.pledges, (r) => ({ id: `${r.id}-t` })),
          payments: copy(snapshot.payments, (r) => ({ id: `${r.id}-t`, pledge_id: `${r.pledge_id}-t` })),
          tags: copy(snapshot.tags, () => ({})),
          // the twin (id sorts after) gets the followup, so the id tie-break cannot help it
          followups: snapshot.contacts.map((c, i) => ({ id: `fx${i}`, contact_id: twin(c.id), due_at: iso(Date.parse(now) + due), status: "scheduled", reason: "no_response" })),
        };
        const ranked = all(rankNext(doubled, { now, timeZone: zone, runnersUp: 50 }));
        for (const c of snapshot.contacts) {
          const plain = ranked.findIndex((s) => s.contactId === c.id);
          const withFollowup = ranked.findIndex((s) => s.contactId === twin(c.id));
          expect(plain === -1).toBe(withFollowup === -1);
          if (plain !== -1) expect(withFollowup).toBeLessThan(plain);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("the outstanding amount in the reason is the pledge minus its confirmed payments, summed exactly in paise", () => {
    const inr = (paise: number) => `₹${new Intl.NumberFormat("en-IN").format(Math.trunc(paise / 100))}${paise % 100 === 0 ? "" : `.${String(paise % 100).padStart(2, "0")}`}`;
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 10_000_000 }),
        fc.array(fc.record({ paise: fc.integer({ min: 1, max: 2_000_000 }), status: fc.constantFrom("confirmed", "failed", "refunded"), asString: fc.boolean() }), { maxLength: 8 }),
        (pledged, pays) => {
          const pledge: SnapshotPledge = { id: "p", contact_id: "c", amount: rupees(pledged, false), status: "open", expected_by: "2026-12-20" };
          const payments = pays.map((p, i) => ({ id: `pay${i}`, contact_id: "c", pledge_id: "p", amount: rupees(p.paise, p.asString), status: p.status, paid_at: "2026-11-20T10:00:00.000Z" }));
          const r = rankNext({ contacts: [{ id: "c", display_name: "Asha" }], identities: [{ contact_id: "c", type: "phone", value: "+919876500001" }], pledges: [pledge], payments }, { now: "2026-12-01T08:00:00Z" });
          const paid = pays.filter((p) => p.status === "confirmed").reduce((a, p) => a + p.paise, 0);
          const left = pledged - paid;
          if (left <= 0) expect(r.pick!.reasonCode).toBe("never_contacted");
          else if (paid === 0) expect(r.pick!.reason).toBe(`Open pledge of ${inr(pledged)}, due by 2026-12-20`);
          else expect(r.pick!.reason).toBe(`${inr(left)} of a ${inr(pledged)} pledge still to collect`);
        },
      ),
      { numRuns: 500 },
    );
  });
});
