import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/http/errors.js";
import { checkRankOptions, draftContextFor, draftMessage, rankNext } from "../../src/next/index.js";
import type { NextSnapshot, RankOptions, Suggestion } from "../../src/next/types.js";
import { at, contact, DAY, followup, HOUR, interaction, NOW, payment, pledge, snapshot } from "./next-rank.fixtures.js";

const payee = { vpa: "trust@okaxis", name: "Seva Trust" };
const opts: RankOptions = { now: NOW, runnersUp: 5, draft: { payee } };

/** One contact per objective: a waiting reply, a part-paid overdue pledge, an open pledge with a date, a paid-today donor, a stale VIP, a stranger. */
function varied(): NextSnapshot {
  const overdue = pledge("bela", 10_000, { expected_by: "2026-11-24" });
  const open = pledge("chandra", "2500.50", { expected_by: "2026-12-10" });
  const paidToday = pledge("devi", 5000);
  return snapshot([contact("asha", { primary_channel: "whatsapp" }), contact("bela"), contact("chandra", { capacity_band: "A" }), contact("devi"), contact("esha", { relationship_strength: 5 }), contact("farid")], {
    interactions: [interaction("asha", at(-2 * HOUR), { channel: "whatsapp", direction: "inbound", outcome: "no_response" }), interaction("esha", at(-200 * DAY))],
    pledges: [overdue, open, paidToday],
    payments: [payment("bela", overdue.id, 4000), payment("devi", paidToday.id, 1000, { paid_at: at(-3 * HOUR) })],
    followups: [followup("devi", at(-2 * DAY))],
    tags: [{ contact_id: "esha", tag: "vip" }],
  });
}

describe("draftContextFor", () => {
  it("rebuilds the context of every suggestion so the default drafter writes exactly the suggested message", () => {
    const s = varied();
    const r = rankNext(s, opts);
    const all = [r.pick!, ...r.runnersUp];
    expect(all.map((x) => `${x.contactId}:${x.reasonCode}:${x.action}`).sort()).toEqual(["asha:reply_waiting:whatsapp", "bela:pledge_overdue:call", "chandra:pledge_open:call", "devi:followup_overdue:call", "esha:stale_relationship:call", "farid:never_contacted:call"]);
    for (const suggestion of all) {
      const context = draftContextFor(s, suggestion, opts);
      expect(context.displayName).toBe(suggestion.displayName);
      expect(draftMessage(context, opts.draft).text).toBe(suggestion.message);
    }
  });

  it("gives the pick's WhatsApp number only for a WhatsApp action, and the outstanding amount for a payment ask", () => {
    const s = varied();
    const r = rankNext(s, opts);
    const byId = new Map([r.pick!, ...r.runnersUp].map((x) => [x.contactId, x] as const));
    const asha = draftContextFor(s, byId.get("asha")!, opts);
    expect(byId.get("asha")!.action).toBe("whatsapp");
    expect(asha.phone).toMatch(/^\+91/);
    const bela = draftContextFor(s, byId.get("bela")!, opts);
    expect(bela).toMatchObject({ objective: "collect_remaining", amount: 6000 });
    expect(bela.dueDate).toBeUndefined();
    expect(draftContextFor(s, { ...byId.get("bela")!, action: "call" }, opts).phone).toBeUndefined();
  });

  it("names the suggestion's contact when it is not in the snapshot, and a bad option as rankNext does", () => {
    const s = varied();
    const ghost = { contactId: "zed", reasonCode: "never_contacted", action: "call" } satisfies Pick<Suggestion, "contactId" | "reasonCode" | "action">;
    expect(() => draftContextFor(s, ghost, opts)).toThrow(ValidationError);
    try {
      draftContextFor(s, ghost, opts);
    } catch (error) {
      expect((error as ValidationError).issues[0]!.path).toBe("suggestion.contactId");
    }
    expect(() => draftContextFor(s, rankNext(s, opts).pick!, { ...opts, runnersUp: 99 })).toThrow(ValidationError);
  });
});

describe("checkRankOptions", () => {
  it("throws the ValidationError rankNext throws, naming each bad option, and accepts good ones", () => {
    expect(() => checkRankOptions(opts)).not.toThrow();
    const bad: RankOptions = { now: "soon", timeZone: "Mars/Base", quietHours: { start: "9", end: "21:00" } };
    let fromCheck: ValidationError | undefined;
    let fromRank: ValidationError | undefined;
    try {
      checkRankOptions(bad);
    } catch (e) {
      fromCheck = e as ValidationError;
    }
    try {
      rankNext({ contacts: [] }, bad);
    } catch (e) {
      fromRank = e as ValidationError;
    }
    expect(fromCheck).toBeInstanceOf(ValidationError);
    expect(fromCheck!.issues.map((i) => i.path)).toEqual(["now", "timeZone", "quietHours.start"]);
    expect(fromCheck!.issues).toEqual(fromRank!.issues);
  });
});
