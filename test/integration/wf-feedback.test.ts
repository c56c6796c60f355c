/** Feedback (US14.2): ratings stored through the RLHF endpoints, exported, with an event. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEvent, type ProjectScope } from "../../src/index.js";
import type { TestScope } from "../../src/testing/index.js";
import { repoScope } from "./repo-helpers.js";

let t: TestScope;
let scope: ProjectScope;
beforeAll(async () => {
  t = await repoScope();
  scope = t.scope;
});
afterAll(() => t?.cleanup());

const SESSION = "5b0c1e2a-8f1e-4a57-9a53-0d5a4c1f3a11";
const USER = "7c2d4e6f-1a2b-4c3d-8e9f-0a1b2c3d4e5f";
const CONTACT = "0b9e5c1e-8f1e-4a57-9a53-0d5a4c1f3a11";

describe("feedback", () => {
  it("stores a rating with its reward, label and metadata, publishes feedback.recorded, and exports it", async () => {
    const r = await scope.rateSuggestion({
      rating: 2,
      comment: "Wrong tone",
      prompt_type: "next",
      session_id: SESSION,
      user_id: USER,
      suggestion: { contactId: CONTACT, reasonCode: "pledge_overdue", message: "Hi Asha, a gentle reminder about your pledge?" },
      provider: "anthropic",
      model: "claude-haiku",
    });
    expect(r).toMatchObject({ feedback: "negative", reward: -0.5, agent_id: "calltime_operator", session_id: SESSION, model: "claude-haiku", human_feedback: "Wrong tone" });
    expect(r.response).toBe("Hi Asha, a gentle reminder about your pledge?");
    expect(r.metadata).toMatchObject({ project_id: scope.projectId, prompt_type: "next", session_id: SESSION, user_id: USER, rating: 2, comment: "Wrong tone", contact_id: CONTACT, reason_code: "pledge_overdue", provider: "anthropic" });
    const stored = await scope.rlhf.get(r.interaction_id);
    expect(stored.metadata?.rating).toBe(2);

    const good = await scope.rateSuggestion({ rating: 5, prompt_type: "stats", session_id: SESSION });
    expect(good).toMatchObject({ feedback: "positive", reward: 1 });
    const mixed = await scope.rateSuggestion({ rating: 3, prompt_type: "due" });
    expect(mixed).toMatchObject({ feedback: "mixed", reward: 0 });

    const events = (await scope.events.list({ topic: "feedback.recorded", limit: 100 }).toArray()).map((e) => parseEvent(e));
    expect(events).toHaveLength(3);
    expect(events.find((e) => e?.type === "feedback.recorded" && e.payload.rlhf_interaction_id === r.interaction_id)).toMatchObject({ contact_id: CONTACT, payload: { rating: 2, prompt_type: "next", reason_code: "pledge_overdue" } });
    expect(JSON.stringify(events)).not.toContain("gentle reminder");

    const all = await scope.exportFeedback();
    expect((all.data as unknown[]).length).toBe(3);
    const session = await scope.exportFeedback({ sessionId: SESSION });
    expect((session.data as { interaction_id: string }[]).map((d) => d.interaction_id).sort()).toEqual([r.interaction_id, good.interaction_id].sort());
    const negative = await scope.exportFeedback({ feedback: "negative", format: "csv" });
    expect(typeof negative.data).toBe("string");
    expect(negative.data as string).toContain(r.interaction_id);
    expect(negative.data as string).not.toContain(good.interaction_id);
  });

  it("refuses a rating that is not an integer 1–5, naming the field", async () => {
    for (const rating of [0, 6, 3.5, Number.NaN]) {
      await expect(scope.rateSuggestion({ rating, prompt_type: "next" })).rejects.toMatchObject({ name: "ValidationError", issues: [{ path: "rating", message: "must be an integer 1–5" }] });
    }
    await expect(scope.rateSuggestion({ rating: 4, prompt_type: "later" as never })).rejects.toMatchObject({ issues: [{ path: "prompt_type" }] });
    await expect(scope.rateSuggestion({ rating: 4, prompt_type: "next", suggestion: { contactId: "x", reasonCode: "nope" } })).rejects.toMatchObject({
      issues: [{ path: "suggestion.contactId" }, { path: "suggestion.reasonCode" }],
    });
  });
});
