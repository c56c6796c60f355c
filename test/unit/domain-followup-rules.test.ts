import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  FollowupRuleError,
  followupsForInteraction,
  resolveFollowupRules,
} from "../../src/domain/followup-rules.js";
import { ruleFollowupId } from "../../src/domain/ids.js";
import { OUTCOMES, parseInsert, tables, type InteractionRow, type Outcome } from "../../src/schema/index.js";

const project = "0b9e5c1e-8f1e-4a57-9a53-0d5a4c1f3a11";
const interaction = (o: Partial<InteractionRow> = {}): InteractionRow => ({
  id: "5b1f3a4e-2d6c-4b8a-9f0e-1c2d3e4f5a6b",
  project_id: project,
  contact_id: "7c2e4b5f-3e7d-4c9b-8a1f-2d3e4f5a6b7c",
  channel: "call",
  direction: "outbound",
  outcome: "no_response",
  occurred_at: "2026-01-09T10:00:00.000Z",
  created_at: "2026-01-09T10:00:05.000Z",
  ...o,
});

describe("followupsForInteraction", () => {
  it("no_response: one followup due 24 h after the interaction, id derived from the interaction", () => {
    const [f, ...rest] = followupsForInteraction(interaction({ campaign_id: "8d3f5c6a-4f8e-4dab-9b2a-3e4f5a6b7c8d", created_by_user_id: "9e4a6d7b-5a9f-4ebc-8c3b-4f5a6b7c8d9e" }));
    expect(rest).toEqual([]);
    expect(f).toEqual({
      id: ruleFollowupId(project, interaction().id, "no_response"),
      project_id: project,
      contact_id: interaction().contact_id,
      campaign_id: "8d3f5c6a-4f8e-4dab-9b2a-3e4f5a6b7c8d",
      interaction_id: interaction().id,
      assigned_to_user_id: "9e4a6d7b-5a9f-4ebc-8c3b-4f5a6b7c8d9e",
      due_at: "2026-01-10T10:00:00.000Z",
      status: "scheduled",
      reason: "no_response",
    });
  });

  it("reschedule: due at the time given, and refuses to guess when none is", () => {
    const i = interaction({ outcome: "reschedule" });
    expect(followupsForInteraction(i, { rescheduleAt: "2026-01-12T04:30:00Z" })[0]).toMatchObject({ due_at: "2026-01-12T04:30:00.000Z", reason: "reschedule" });
    expect(followupsForInteraction(i, { rescheduleAt: new Date("2026-01-12T04:30:00Z") })[0]?.due_at).toBe("2026-01-12T04:30:00.000Z");
    expect(() => followupsForInteraction(i)).toThrow(FollowupRuleError);
    expect(() => followupsForInteraction(i, { rescheduleAt: "next week" })).toThrow(FollowupRuleError);
  });

  it("pledged but unpaid: due 48 h later; nothing when the pledge was received in full", () => {
    expect(followupsForInteraction(interaction({ outcome: "pledged", amount_pledged: 5000 }))[0]).toMatchObject({ due_at: "2026-01-11T10:00:00.000Z", reason: "send_payment_link" });
    expect(followupsForInteraction(interaction({ outcome: "pledged", amount_pledged: 5000, amount_received: 2000 }))).toHaveLength(1);
    expect(followupsForInteraction(interaction({ outcome: "pledged" }))).toHaveLength(1);
    expect(followupsForInteraction(interaction({ outcome: "pledged", amount_pledged: 5000, amount_received: 5000 }))).toEqual([]);
    expect(followupsForInteraction(interaction({ outcome: "pledged", amount_pledged: 0.3, amount_received: 0.29 }))).toHaveLength(1);
  });

  it("a rule turned off creates nothing; the operator's toggle wins over the team's", () => {
    expect(followupsForInteraction(interaction(), { rules: { no_response: false } })).toEqual([]);
    expect(followupsForInteraction(interaction({ outcome: "reschedule" }), { rules: { reschedule: false } })).toEqual([]);
    const rules = resolveFollowupRules({ team: { no_response: false, pledged_unpaid: false }, operator: { no_response: true } });
    expect(rules).toEqual({ no_response: true, reschedule: true, pledged_unpaid: false });
    expect(followupsForInteraction(interaction(), { rules })).toHaveLength(1);
    expect(followupsForInteraction(interaction({ outcome: "pledged" }), { rules })).toEqual([]);
    expect(resolveFollowupRules()).toEqual({ no_response: true, reschedule: true, pledged_unpaid: true });
  });

  it("for any interaction: other outcomes create nothing; created followups are valid inserts and the same on a retry", () => {
    const rowArb = fc.record({
      id: fc.uuid({ version: 4 }),
      contact_id: fc.uuid({ version: 4 }),
      outcome: fc.constantFrom(...OUTCOMES),
      occurred_at: fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }).map((d) => d.toISOString()),
      amount_pledged: fc.option(fc.integer({ min: 1, max: 10_000_000 }).map((p) => p / 100), { nil: undefined }),
    });
    fc.assert(
      fc.property(rowArb, (r) => {
        const i = interaction(Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as Partial<InteractionRow>);
        const out = followupsForInteraction(i, { rescheduleAt: "2030-01-01T00:00:00.000Z" });
        const triggers: Outcome[] = ["no_response", "reschedule", "pledged"];
        expect(out.length).toBe(triggers.includes(i.outcome) ? 1 : 0);
        expect(followupsForInteraction(i, { rescheduleAt: "2030-01-01T00:00:00.000Z" })).toEqual(out);
        for (const f of out) {
          expect(parseInsert(tables.followups, f, { now: new Date() }).ok).toBe(true);
          const hours = (Date.parse(f.due_at) - Date.parse(i.occurred_at)) / 3_600_000;
          if (i.outcome === "no_response") expect(hours).toBe(24);
          if (i.outcome === "pledged") expect(hours).toBe(48);
        }
      }),
    );
  });
});
