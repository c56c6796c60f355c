// The row checks and folds that the performance work split into several loops: the first
// bad row (in array order) is still the one named, rows of excluded contacts are still
// checked, and the order of rows (grouped by contact or not) still does not matter.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toPaise } from "../../src/domain/money.js";
import { rupees } from "../../src/next/reasons.js";
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

  it("reads a pledge amount string exactly as toPaise does, and names it when toPaise refuses it", () => {
    const amount = fc.oneof(
      fc.stringMatching(/^\d{1,12}(\.\d{0,3})?$/),
      fc.tuple(fc.integer({ min: 0, max: 9_999_999_999 }), fc.integer({ min: 0, max: 99 })).map(([r, p]) => `${r}.${String(p).padStart(2, "0")}`),
      fc.constantFrom("-5", " 12.5 ", "1e3", "12.", ".5", "00012.50", "9999999999.99", "10000000000", "١٢"),
    );
    fc.assert(
      fc.property(amount, (value) => {
        let expected: number | undefined;
        try {
          expected = toPaise(value);
        } catch {
          expected = undefined;
        }
        const s = snapshot([contact("asha")], { pledges: [pledge("asha", value, { expected_by: "2026-12-20" })] });
        if (expected === undefined) expect(firstIssue(s)).toBe("pledges[0].amount");
        else if (expected <= 0) expect(rankNext(s, opts).pick?.reasonCode).toBe("never_contacted");
        else expect(rankNext(s, opts).pick?.reason).toBe(`Open pledge of ${rupees(expected)}, due by 2026-12-20`);
      }),
      { numRuns: 400 },
    );
  });

  it("accepts an expected_by that names a real day (leap years included) and names one that does not", () => {
    const due = (expected_by: string) => firstIssue(snapshot([contact("asha")], { pledges: [pledge("asha", 100, { expected_by })] }));
    for (const ok of ["2024-02-29", "2000-02-29", "2026-12-31", "2026-12-20T00:00:00Z"]) expect(due(ok)).toBeUndefined();
    for (const bad of ["2100-02-29", "2026-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-12-00", "2026-1-01", "2026-12-01Z", "20261201", "2026-12-0x"]) expect(due(bad)).toBe("pledges[0].expected_by");
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
