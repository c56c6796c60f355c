import { describe, expect, it } from "vitest";
import { FOLLOWUP_RULE_REASONS } from "../../src/domain/followup-rules.js";
import { rankNext } from "../../src/next/rank.js";
import { RESCHEDULE_REASON } from "../../src/next/signals.js";
import type { NextSnapshot, RankOptions } from "../../src/next/types.js";
import { EXCLUSION_CODES } from "../../src/next/types.js";
import { issuePaths } from "./issue-paths.js";
import { at, contact, DAY, followup, HOUR, interaction, NOW, payment, phone, pledge, snapshot } from "./next-rank.fixtures.js";

const one = snapshot([contact("asha")]);
const paths = (options: Record<string, unknown>, snap: NextSnapshot = one) => issuePaths(() => rankNext(snap, { now: NOW, ...options } as RankOptions));

describe("rankNext options", () => {
  it("names every bad option by its path", () => {
    expect(paths({ now: undefined })).toEqual(["now"]);
    expect(paths({ now: "tomorrow" })).toEqual(["now"]);
    expect(paths({ now: "2026-12-01T10:30:00" })).toEqual(["now"]); // no zone: would depend on the machine's
    expect(paths({ now: new Date(Number.NaN) })).toEqual(["now"]);
    expect(paths({ timeZone: "Asia/Bombay Duck" })).toEqual(["timeZone"]);
    expect(paths({ quietHours: { start: "9:00", end: "21:00" } })).toEqual(["quietHours.start"]);
    expect(paths({ quietHours: { start: "09:00", end: "24:30" } })).toEqual(["quietHours.end"]);
    expect(paths({ quietHours: "9-21" as never })).toEqual(["quietHours"]);
    expect(paths({ runnersUp: 51 })).toEqual(["runnersUp"]);
    expect(paths({ runnersUp: 1.5 })).toEqual(["runnersUp"]);
    expect(paths({ runnersUp: -1 })).toEqual(["runnersUp"]);
    expect(paths({ weights: { pledge: -1 } })).toEqual(["weights.pledge"]);
    expect(paths({ weights: { recency: Number.POSITIVE_INFINITY } })).toEqual(["weights.recency"]);
    expect(paths({ weights: { pledges: 2 } as never })).toEqual(["weights.pledges"]);
    expect(paths({ attemptPolicy: { freeAttempts: 2.5 } })).toEqual(["attemptPolicy.freeAttempts"]);
    expect(paths({ attemptPolicy: { windowDays: 0 } })).toEqual(["attemptPolicy.windowDays"]);
    expect(paths({ allowSameDay: "yes" as never })).toEqual(["allowSameDay"]);
    expect(paths({ draft: { variant: -1 } })).toEqual(["draft.variant"]);
    expect(paths({ draft: { payee: { vpa: "not a vpa", name: "Trust" } } })[0]).toMatch(/^draft\.payee/);
  });

  it("reports every bad option at once", () => {
    expect(paths({ now: "x", runnersUp: 99, weights: { fatigue: -2 } }).sort()).toEqual(["now", "runnersUp", "weights.fatigue"]);
  });

  it("accepts a Date, zero weights and the boundaries of the ranges", () => {
    expect(paths({ now: new Date(NOW), runnersUp: 0, weights: { fatigue: 0 }, attemptPolicy: { freeAttempts: 0, windowDays: 1 } })).toEqual([]);
    expect(paths({ runnersUp: 50, quietHours: { start: "00:00", end: "23:59" } })).toEqual([]);
  });

  it("runnersUp caps the list; 0 returns the pick alone", () => {
    const s = snapshot(["a", "b", "c", "d", "e"].map((id) => contact(id)));
    expect(rankNext(s, { now: NOW }).runnersUp).toHaveLength(3);
    expect(rankNext(s, { now: NOW, runnersUp: 0 }).runnersUp).toEqual([]);
    expect(rankNext(s, { now: NOW, runnersUp: 10 }).runnersUp).toHaveLength(4);
  });

  it("a reachable window across midnight (21:00 to 02:00) is open at 23:00 and closed at 16:00", () => {
    const quietHours = { start: "21:00", end: "02:00" };
    expect(rankNext(one, { now: "2026-12-01T17:30:00Z", quietHours }).pick?.contactId).toBe("asha");
    expect(rankNext(one, { now: NOW, quietHours }).noneReason).toBe("quiet_hours");
  });

  it("a weight of 0 turns its signal off", () => {
    const s = snapshot([contact("asha"), contact("bela")], { pledges: [pledge("asha", 10000, { expected_by: "2026-11-24" })] });
    expect(rankNext(s, { now: NOW }).pick?.contactId).toBe("asha");
    const off = rankNext(s, { now: NOW, weights: { pledge: 0 } });
    expect(off.pick?.factors.map((f) => f.code)).not.toContain("pledge_overdue");
  });
});

describe("rankNext snapshot checks", () => {
  it("names the row and field of an unparseable timestamp or amount", () => {
    const c = [contact("asha")];
    expect(paths({}, { contacts: c, interactions: [interaction("asha", at(-DAY)), interaction("asha", "last tuesday")] })).toEqual(["interactions[1].occurred_at"]);
    expect(paths({}, { contacts: c, followups: [followup("asha", "")] })).toEqual(["followups[0].due_at"]);
    expect(paths({}, { contacts: c, pledges: [pledge("asha", 10.005)] })).toEqual(["pledges[0].amount"]);
    expect(paths({}, { contacts: c, pledges: [pledge("asha", 100, { expected_by: "2026-02-30" })] })).toEqual(["pledges[0].expected_by"]);
    expect(paths({}, { contacts: c, payments: [payment("asha", "p1", "1e3")] })).toEqual(["payments[0].amount"]);
    expect(paths({}, { contacts: [contact("asha", { last_contacted_at: "yesterday" })] })).toEqual(["contacts[0].last_contacted_at"]);
    expect(paths({}, { contacts: [contact("asha"), contact("asha")] })).toEqual(["contacts[1].id"]);
    expect(paths({}, { contacts: "asha" as never })).toEqual(["contacts"]);
    expect(paths({}, { contacts: c, pledges: {} as never })).toEqual(["pledges"]);
  });

  it("ignores rows of contacts that are not in the snapshot, and missing arrays mean empty", () => {
    const s: NextSnapshot = { contacts: [contact("asha")], identities: [phone("asha")], pledges: [pledge("ghost", 99999, { expected_by: "2026-11-01" })] };
    expect(rankNext(s, { now: NOW }).pick).toMatchObject({ contactId: "asha", reasonCode: "never_contacted" });
  });

  it("the callback reason it reads is the one the followup rules write", () => {
    expect(RESCHEDULE_REASON).toBe(FOLLOWUP_RULE_REASONS.reschedule);
    const s = snapshot([contact("asha"), contact("bela")], { followups: [followup("asha", at(-HOUR), { reason: "Donor asked to be called back" }), followup("bela", at(-HOUR))] });
    expect(rankNext(s, { now: NOW }).pick?.reasonCode).toBe("reschedule_due");
  });
});

describe("rankNext exclusions and none reasons", () => {
  it("counts each contact once, under the first code in precedence order, with every code present", () => {
    const s = snapshot(
      [
        contact("a", { deleted_at: at(-DAY), status: "do_not_contact" }),
        contact("b", { status: "do_not_contact" }),
        contact("c", { status: "inactive" }),
        contact("d"),
        contact("e"),
        contact("f"),
        contact("g"),
      ],
      {
        identities: [phone("a"), phone("b", { is_valid: false }), phone("c"), phone("d", { is_valid: false }), { contact_id: "e", type: "email", value: "e@x.org" }, phone("f"), phone("g")],
        interactions: [interaction("d", at(-HOUR)), interaction("f", at(-HOUR))],
      },
    );
    const r = rankNext(s, { now: NOW });
    expect(Object.keys(r.excluded).sort()).toEqual([...EXCLUSION_CODES].sort());
    expect(r.excluded).toEqual({ deleted: 1, do_not_contact: 1, inactive: 1, wrong_number: 1, no_reachable_identity: 1, touched_today: 1, quiet_hours: 0 });
    expect(r.pick?.contactId).toBe("g");
  });

  it("an invalid phone next to a valid email is no_reachable_identity, not wrong_number (NEXT only calls or messages)", () => {
    const s = snapshot([contact("asha")], { identities: [phone("asha", { is_valid: false }), { contact_id: "asha", type: "email", value: "asha@x.org" }] });
    expect(rankNext(s, { now: NOW })).toMatchObject({ pick: null, noneReason: "all_excluded", excluded: { no_reachable_identity: 1, wrong_number: 0 } });
  });

  it("says no_contacts for an empty list and all_excluded when the filters removed everyone", () => {
    expect(rankNext({ contacts: [] }, { now: NOW })).toEqual({
      pick: null,
      runnersUp: [],
      excluded: Object.fromEntries(EXCLUSION_CODES.map((c) => [c, 0])),
      noneReason: "no_contacts",
    });
    expect(rankNext(snapshot([contact("asha", { status: "inactive" })]), { now: NOW }).noneReason).toBe("all_excluded");
  });

  it("a donor's unanswered WhatsApp message this morning is a reason to reach them, not a touch", () => {
    const s = snapshot([contact("asha", { last_contacted_at: at(-3 * HOUR) })], {
      interactions: [interaction("asha", at(-3 * HOUR), { channel: "whatsapp", direction: "inbound", outcome: "spoke" })],
    });
    expect(rankNext(s, { now: NOW }).pick?.reasonCode).toBe("reply_waiting");
  });
});

describe("rankNext suggestions", () => {
  it("fills the message from the draft, with the wa.me link only for a WhatsApp action and UPI only for a payment ask", () => {
    const p = pledge("asha", 8000, { expected_by: "2026-12-20" });
    const s = snapshot([contact("asha", { primary_channel: "whatsapp" }), contact("bela")], { pledges: [p], payments: [payment("asha", p.id, 3000)] });
    const r = rankNext(s, { now: NOW, draft: { payee: { vpa: "trust@okaxis", name: "Seva Trust" } } });
    expect(r.pick).toMatchObject({ contactId: "asha", action: "whatsapp", reasonCode: "pledge_balance" });
    expect(r.pick!.message).toContain("₹5,000");
    expect(r.pick!.message).toContain("trust@okaxis");
    expect(decodeURIComponent(r.pick!.links.whatsapp!.split("?text=")[1]!)).toBe(r.pick!.message);
    expect(r.pick!.links.upi).toContain("am=5000.00");
    expect(r.runnersUp[0]!.links).toEqual({});
  });

  it("a donor who paid today is thanked, never asked again the same day (with allowSameDay)", () => {
    const p = pledge("asha", 8000, { expected_by: "2026-11-20" });
    const s = snapshot([contact("asha")], { pledges: [p], payments: [payment("asha", p.id, 3000, { paid_at: at(-2 * HOUR) })] });
    const r = rankNext(s, { now: NOW, allowSameDay: true, draft: { payee: { vpa: "trust@okaxis", name: "Seva Trust" } } });
    expect(r.pick?.reasonCode).toBe("pledge_overdue");
    expect(r.pick!.message).not.toContain("trust@okaxis");
    expect(r.pick!.links.upi).toBeUndefined();
  });

  it("a formal tone from tags or memory reaches the draft, and the variant changes the wording", () => {
    const s = snapshot([contact("asha")], { tags: [{ contact_id: "asha", tag: "elder" }] });
    const formal = rankNext(s, { now: NOW }).pick!.message;
    const friendly = rankNext(snapshot([contact("asha")]), { now: NOW }).pick!.message;
    expect(formal).not.toBe(friendly);
    const memory = snapshot([contact("asha")], { memories: [{ content: "prefers formal", memory_metadata: { contact_id: "asha", tone: "formal" } }] });
    expect(rankNext(memory, { now: NOW }).pick!.message).toBe(formal);
    expect(rankNext(s, { now: NOW, draft: { variant: 1 } }).pick!.message).not.toBe(formal);
  });

  it("factors are the top three by magnitude, rounded to 2 decimals; the score is their full sum to 4", () => {
    const s = snapshot([contact("asha", { capacity_band: "A", relationship_strength: 5 })], {
      interactions: [interaction("asha", at(-3 * DAY))],
      followups: [followup("asha", at(-3 * DAY))],
    });
    const pick = rankNext(s, { now: NOW }).pick!;
    expect(pick.factors).toHaveLength(3);
    expect(pick.factors[0]!.code).toBe("followup_overdue");
    const mags = pick.factors.map((f) => Math.abs(f.contribution));
    expect(mags).toEqual([...mags].sort((a, b) => b - a));
    for (const f of pick.factors) expect(Math.round(f.contribution * 100) / 100).toBe(f.contribution);
    expect(Math.round(pick.score * 1e4) / 1e4).toBe(pick.score);
  });

  it("ties break on contactId, whatever the order of contacts", () => {
    const ids = ["m", "b", "x", "a"];
    const r = rankNext(snapshot(ids.map((id) => contact(id))), { now: NOW });
    expect([r.pick!.contactId, ...r.runnersUp.map((x) => x.contactId)]).toEqual(["a", "b", "m", "x"]);
    expect(r.runnersUp[0]!.whyLower).toBe("Below A: same score, A comes first by contact id");
  });
});
