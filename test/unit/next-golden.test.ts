import { describe, expect, it } from "vitest";
import { rankNext } from "../../src/next/rank.js";
import type { RankOptions } from "../../src/next/types.js";
import { at, contact, DAY, followup, HOUR, interaction, NOW, payment, phone, pledge, snapshot } from "./next-rank.fixtures.js";

// Every scenario is 1 Dec 2026 in Kolkata; NOW is 16:00 IST.
const opts = (extra: Partial<RankOptions> = {}): RankOptions => ({ now: NOW, ...extra });
const IST = (hhmm: string, date = "2026-12-01") => new Date(`${date}T${hhmm}:00+05:30`).toISOString();

describe("NEXT golden scenarios", () => {
  it("the donor who asked to be called back at 4 pm comes first at 4 pm, and not at 3 pm when another followup is due", () => {
    const s = snapshot([contact("asha"), contact("bela")], {
      followups: [followup("asha", IST("16:00"), { reason: "reschedule" }), followup("bela", IST("11:00"))],
    });
    const at4 = rankNext(s, opts());
    expect(at4.pick).toMatchObject({ contactId: "asha", reasonCode: "reschedule_due", reason: "Asked to be called back at 4:00 pm today", action: "call" });
    const at3 = rankNext(s, opts({ now: IST("15:00") }));
    expect(at3.pick).toMatchObject({ contactId: "bela", reasonCode: "followup_due" });
    expect(at3.runnersUp.map((r) => r.reasonCode)).toEqual(["never_contacted"]);
  });

  it("a callback is recognized from the interaction it came from (outcome reschedule), not only from the followup's reason", () => {
    const asked = interaction("asha", IST("10:00", "2026-11-30"), { outcome: "reschedule" });
    const s = snapshot([contact("asha"), contact("bela")], {
      interactions: [asked],
      followups: [followup("asha", IST("15:30"), { reason: null, interaction_id: asked.id }), followup("bela", IST("11:00"))],
    });
    expect(rankNext(s, opts()).pick).toMatchObject({ contactId: "asha", reasonCode: "reschedule_due", reason: "Asked to be called back at 3:30 pm today" });
  });

  it("a pledge a week overdue beats a cold high-capacity prospect", () => {
    const s = snapshot([contact("asha"), contact("bela", { capacity_band: "A" })], { pledges: [pledge("asha", 10000, { expected_by: "2026-11-24" })] });
    const r = rankNext(s, opts());
    expect(r.pick).toMatchObject({ contactId: "asha", reasonCode: "pledge_overdue", reason: "Pledge of ₹10,000 is 7 days overdue" });
    expect(r.runnersUp[0]).toMatchObject({ contactId: "bela", reasonCode: "never_contacted" });
    expect(r.runnersUp[0]!.whyLower).toBe("Below Asha: no overdue pledge (Asha: Pledge of ₹10,000 is 7 days overdue)");
    // the reminder asks for the amount without naming the date already past
    expect(r.pick!.message).toContain("₹10,000");
    expect(r.pick!.message).not.toContain("24 Nov");
  });

  it("nobody is suggested at 23:00 in Kolkata, and every reachable contact is counted under quiet_hours", () => {
    const s = snapshot([contact("asha"), contact("bela"), contact("cara", { status: "do_not_contact" })]);
    const r = rankNext(s, opts({ now: IST("23:00") }));
    expect(r).toMatchObject({ pick: null, runnersUp: [], noneReason: "quiet_hours" });
    expect(r.excluded).toMatchObject({ quiet_hours: 2, do_not_contact: 1 });
  });

  it("the same instant is quiet hours in Kolkata but calling time in New York", () => {
    const s = snapshot([contact("asha")]);
    const now = IST("23:00"); // 12:30 in New York
    expect(rankNext(s, opts({ now })).noneReason).toBe("quiet_hours");
    expect(rankNext(s, opts({ now, timeZone: "America/New_York" })).pick?.contactId).toBe("asha");
  });

  it("a contact reached this morning is not suggested again today, but is with allowSameDay", () => {
    const s = snapshot([contact("asha"), contact("bela")], { interactions: [interaction("asha", IST("10:00"))] });
    const r = rankNext(s, opts());
    expect(r.pick?.contactId).toBe("bela");
    expect(r.excluded.touched_today).toBe(1);
    const same = rankNext(s, opts({ allowSameDay: true }));
    expect(same.pick).toMatchObject({ contactId: "asha", reasonCode: "warm_lead", reason: "Spoke 6 hours ago" });
    expect(same.excluded.touched_today).toBe(0);
  });

  it("last_contacted_at this morning counts as touched today too", () => {
    const s = snapshot([contact("asha", { last_contacted_at: IST("09:15") }), contact("bela")]);
    expect(rankNext(s, opts()).pick?.contactId).toBe("bela");
  });

  it("no WhatsApp suggestion to a number that is not WhatsApp-capable, even when the donor prefers WhatsApp", () => {
    const s = snapshot([contact("asha", { primary_channel: "whatsapp" })], { identities: [phone("asha", { is_whatsapp_capable: false })] });
    const pick = rankNext(s, opts()).pick!;
    expect(pick.action).toBe("call");
    expect(pick.links.whatsapp).toBeUndefined();
  });

  it("a WhatsApp reply waiting beats an overdue pledge, a due callback and a strong relationship", () => {
    const s = snapshot([contact("asha"), contact("bela", { relationship_strength: 5, capacity_band: "A" })], {
      interactions: [interaction("asha", at(-2 * HOUR - 10 * 60_000), { channel: "whatsapp", direction: "inbound", outcome: "spoke" })],
      followups: [followup("bela", IST("15:00"), { reason: "reschedule" })],
      pledges: [pledge("bela", 100000, { expected_by: "2026-11-01" })],
    });
    const r = rankNext(s, opts());
    expect(r.pick).toMatchObject({ contactId: "asha", reasonCode: "reply_waiting", action: "whatsapp", reason: "Replied on WhatsApp 2 hours ago; no answer yet" });
    expect(r.pick!.links.whatsapp).toMatch(/^https:\/\/wa\.me\/9198765\d{5}\?text=/);
    expect(r.runnersUp[0]!.whyLower).toMatch(/^Below Asha: no WhatsApp reply waiting/);
  });

  it("a reply older than 24 hours no longer counts as waiting", () => {
    const s = snapshot([contact("asha")], { interactions: [interaction("asha", at(-30 * HOUR), { channel: "whatsapp", direction: "inbound", outcome: "spoke" })] });
    expect(rankNext(s, opts()).pick).toMatchObject({ reasonCode: "warm_lead", action: "call" });
  });

  it("a contact whose only phone is a wrong number is excluded; a do-not-contact donor never comes up, whatever they owe", () => {
    const s = snapshot([contact("asha"), contact("bela", { status: "do_not_contact" }), contact("cara"), contact("dev", { deleted_at: at(-DAY) })], {
      identities: [phone("asha", { is_valid: false }), phone("bela"), phone("cara"), phone("dev")],
      pledges: [pledge("asha", 50000, { expected_by: "2026-11-01" }), pledge("bela", 90000, { expected_by: "2026-11-01" })],
    });
    const r = rankNext(s, opts());
    expect(r.pick?.contactId).toBe("cara");
    expect(r.excluded).toEqual({ deleted: 1, do_not_contact: 1, inactive: 0, wrong_number: 1, no_reachable_identity: 0, touched_today: 0, quiet_hours: 0 });
  });

  it("a partly paid pledge is pledge_balance with the remaining amount (failed payments do not count)", () => {
    const p = pledge("asha", 10000, { expected_by: "2026-12-20" });
    const s = snapshot([contact("asha")], {
      pledges: [p],
      payments: [payment("asha", p.id, 4000), payment("asha", p.id, "1000.00", { status: "failed" })],
    });
    const pick = rankNext(s, opts({ draft: { payee: { vpa: "trust@okaxis", name: "Seva Trust" } } })).pick!;
    expect(pick).toMatchObject({ reasonCode: "pledge_balance", reason: "₹6,000 of a ₹10,000 pledge still to collect" });
    expect(pick.links.upi).toMatch(/^upi:\/\/pay\?/);
    expect(pick.message).toContain("₹6,000");
    expect(pick.message).toContain("20 Dec 2026");
  });

  it("an overdue partly paid pledge says how much is still to collect, in Indian digit grouping", () => {
    const p = pledge("asha", 250000, { expected_by: "2026-11-24" });
    const s = snapshot([contact("asha")], { pledges: [p], payments: [payment("asha", p.id, 100000.5)] });
    expect(rankNext(s, opts()).pick?.reason).toBe("Pledge of ₹2,50,000 is 7 days overdue; ₹1,49,999.50 still to collect");
  });

  it("fatigue: five unanswered calls sink a low-value contact below a fresh one, but not a high-capacity donor", () => {
    const tries = (id: string) => [2, 3, 4, 5, 6].map((d) => interaction(id, at(-d * DAY), { outcome: "no_response" }));
    const low = snapshot([contact("cara", { capacity_band: "C" }), contact("dev", { capacity_band: "C" })], { interactions: tries("cara") });
    const r = rankNext(low, opts());
    expect(r.pick?.contactId).toBe("dev");
    expect(r.runnersUp[0]!.factors[0]).toMatchObject({ code: "fatigue" });
    expect(r.runnersUp[0]!.factors[0]!.contribution).toBeLessThan(0);
    const high = snapshot([contact("eka", { capacity_band: "A" }), contact("dev", { capacity_band: "C" })], { interactions: tries("eka") });
    expect(rankNext(high, opts()).pick?.contactId).toBe("eka");
  });

  it("three unanswered attempts are free; the fourth starts to cost", () => {
    const tries = (n: number) => Array.from({ length: n }, (_, d) => interaction("cara", at(-(d + 2) * DAY), { outcome: "no_response" }));
    const score = (n: number) => rankNext(snapshot([contact("cara")], { interactions: tries(n) }), opts()).pick!.score;
    expect(score(3)).toBe(score(0));
    expect(score(4)).toBeLessThan(score(3));
    expect(rankNext(snapshot([contact("cara")], { interactions: tries(4) }), opts({ attemptPolicy: { freeAttempts: 5 } })).pick!.score).toBe(score(0));
  });

  it("a strong relationship untouched for four months is stale_relationship and beats a weak never-contacted name", () => {
    const s = snapshot([contact("asha", { relationship_strength: 5 }), contact("bela", { relationship_strength: 2 })], {
      interactions: [interaction("asha", at(-120 * DAY))],
    });
    expect(rankNext(s, opts()).pick).toMatchObject({ contactId: "asha", reasonCode: "stale_relationship", reason: "Strong relationship (5/5), not touched for 120 days" });
  });

  it("a warm lead (spoke five days ago) beats a never-contacted name; alone, the new name is never_contacted", () => {
    const s = snapshot([contact("asha"), contact("bela")], { interactions: [interaction("bela", at(-5 * DAY))] });
    expect(rankNext(s, opts()).pick).toMatchObject({ contactId: "bela", reasonCode: "warm_lead", reason: "Spoke 5 days ago" });
    expect(rankNext(snapshot([contact("asha")]), opts()).pick).toMatchObject({ reasonCode: "never_contacted", reason: "Never contacted" });
  });

  it("a large ask is a call even for a donor who prefers WhatsApp", () => {
    const s = snapshot([contact("asha", { primary_channel: "whatsapp" })], { pledges: [pledge("asha", 75000, { expected_by: "2026-12-15" })] });
    const pick = rankNext(s, opts()).pick!;
    expect(pick).toMatchObject({ reasonCode: "pledge_open", action: "call", reason: "Open pledge of ₹75,000, due by 2026-12-15" });
    expect(pick.links.whatsapp).toBeUndefined();
    const small = snapshot([contact("asha", { primary_channel: "whatsapp" })], { pledges: [pledge("asha", 5000, { expected_by: "2026-12-15" })] });
    expect(rankNext(small, opts()).pick?.action).toBe("whatsapp");
  });

  it("while the 24-hour window is open the followup goes by WhatsApp; after two unanswered messages it is a call", () => {
    const open = snapshot([contact("asha")], {
      interactions: [
        interaction("asha", IST("20:00", "2026-11-30"), { channel: "whatsapp", direction: "inbound", outcome: "spoke" }),
        interaction("asha", IST("20:30", "2026-11-30"), { channel: "whatsapp", direction: "outbound", outcome: "spoke" }),
      ],
      followups: [followup("asha", IST("12:00"))],
    });
    expect(rankNext(open, opts()).pick).toMatchObject({ reasonCode: "followup_due", action: "whatsapp" });
    const ignored = snapshot([contact("asha", { primary_channel: "whatsapp" })], {
      interactions: [2, 3].map((d) => interaction("asha", at(-d * DAY), { channel: "whatsapp", outcome: "no_response" })),
    });
    expect(rankNext(ignored, opts()).pick?.action).toBe("call");
  });

  it("an overdue followup beats one due today, and says by how many days", () => {
    const s = snapshot([contact("asha"), contact("bela")], { followups: [followup("asha", IST("12:00")), followup("bela", IST("18:00", "2026-11-28"))] });
    expect(rankNext(s, opts()).pick).toMatchObject({ contactId: "bela", reasonCode: "followup_overdue", reason: "Follow-up after no response is 3 days overdue" });
  });

  it("done and cancelled followups and fulfilled pledges are ignored", () => {
    const s = snapshot([contact("asha"), contact("bela", { relationship_strength: 4 })], {
      followups: [followup("asha", IST("12:00"), { status: "done" }), followup("asha", IST("12:00"), { status: "cancelled", reason: "reschedule" })],
      pledges: [pledge("asha", 1000, { status: "fulfilled", expected_by: "2026-11-01" })],
    });
    expect(rankNext(s, opts()).pick?.contactId).toBe("bela");
  });
});
