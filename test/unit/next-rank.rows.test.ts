// The row checks and folds that the performance work split into several loops: the first
// bad row (in array order) is still the one named, rows of excluded contacts are still
// checked, and the order of rows (grouped by contact or not) still does not matter.
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/http/errors.js";
import { rankNext } from "../../src/next/rank.js";
import type { NextSnapshot, RankOptions } from "../../src/next/types.js";
import { at, contact, DAY, followup, HOUR, interaction, NOW, pledge, snapshot } from "./next-rank.fixtures.js";

const opts: RankOptions = { now: NOW, runnersUp: 10 };

function firstIssue(s: NextSnapshot): string | undefined {
  try {
    rankNext(s, opts);
    return undefined;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.issues[0]!.path;
  }
}

describe("rankNext row checks and folds", () => {
  it("names the first bad contact row, whether its id or an earlier row's timestamp is at fault", () => {
    expect(firstIssue({ contacts: [contact("asha", { last_contacted_at: "soon" }), contact("bela"), contact("bela")] })).toBe("contacts[0].last_contacted_at");
    expect(firstIssue({ contacts: [contact("asha"), contact("asha"), contact("bela", { last_contacted_at: "soon" })] })).toBe("contacts[1].id");
    expect(firstIssue({ contacts: [contact("asha"), { display_name: "No Id" } as never] })).toBe("contacts[1].id");
  });

  it("checks the timestamps of every row, also of contacts excluded before their activity is read", () => {
    const dnc = contact("dev", { status: "do_not_contact" });
    expect(firstIssue(snapshot([contact("asha"), dnc], { interactions: [interaction("asha", at(-DAY)), interaction("dev", "last week")] }))).toBe("interactions[1].occurred_at");
    expect(firstIssue(snapshot([dnc], { followups: [followup("dev", "tomorrow")] }))).toBe("followups[0].due_at");
  });

  it("gives the same ranking whether rows come grouped by contact or interleaved", () => {
    const names = ["asha", "bela", "chandra", "devi"];
    const rows = names.flatMap((n, k) => [
      interaction(n, at(-(k + 1) * HOUR - DAY), { channel: "whatsapp", direction: "outbound", outcome: "no_response" }),
      interaction(n, at(-(k + 2) * DAY), { outcome: k % 2 === 0 ? "spoke" : "pledged" }),
      interaction(n, at(-(k + 3) * DAY), { channel: "whatsapp", direction: "inbound", outcome: "no_response" }),
    ]);
    const interleaved = [0, 1, 2].flatMap((j) => names.map((_, k) => rows[k * 3 + j]!));
    const base = { followups: [followup("bela", at(-2 * DAY))], pledges: [pledge("devi", 5000, { expected_by: "2026-11-20" })] };
    const grouped = rankNext(snapshot(names.map((n) => contact(n)), { ...base, interactions: rows }), opts);
    expect(rankNext(snapshot(names.map((n) => contact(n)), { ...base, interactions: interleaved }), opts)).toEqual(grouped);
    expect(grouped.pick?.contactId).toBe("bela");
    expect(grouped.runnersUp).toHaveLength(3);
  });
});
