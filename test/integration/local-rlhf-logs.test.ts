import { describe, expect, it } from "vitest";
import { api, P } from "./local-helpers.js";

describe("local server: RLHF", () => {
  it("creates, lists, gets, records feedback, reviews, compares, reports and exports", async () => {
    const session = `rl_${Date.now()}`;
    const c = await api("POST", `${P()}/database/rlhf/interactions`, { prompt: "Draft a thank-you", response: "Thank you Asha!", model: "m1", session_id: session, tags: ["draft"] });
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ prompt: "Draft a thank-you", model: "m1", session_id: session, tags: ["draft"], feedback: null });
    const id = c.body.interaction_id;
    const fb = await api("PUT", `${P()}/database/rlhf/interactions/${id}/feedback`, { rating: 4, comment: "good" });
    expect(fb.body).toMatchObject({ rating: 4, reward: 0.5, feedback: "positive", comment: "good" });
    expect((await api("GET", `${P()}/database/rlhf/interactions/${id}`)).body.reward).toBe(0.5);

    const sr = await api("POST", `${P()}/database/rlhf/interactions/single-review`, { prompt: "p", response: "r", rating: 1, session_id: session, model: "m2" });
    expect(sr.status).toBe(201);
    expect(sr.body).toMatchObject({ reward: -1, feedback: "negative", rating: 1 });
    expect((await api("POST", `${P()}/database/rlhf/interactions/single-review`, { prompt: "p", response: "r", rating: 6 })).status).toBe(422);

    const cmp = await api("POST", `${P()}/database/rlhf/interactions/compare`, { prompt: "p", response_a: "A!", response_b: "B!", preferred_response: "B", model_a: "ma", model_b: "mb", session_id: session });
    expect(cmp.status).toBe(201);
    expect(cmp.body.interactions.map((i: { response: string; reward: number }) => [i.response, i.reward])).toEqual([["B!", 1], ["A!", -1]]);
    expect((await api("POST", `${P()}/database/rlhf/interactions/compare`, { prompt: "p", response_a: "a", response_b: "b", preferred_response: "C" })).status).toBe(422);

    const l = await api("GET", `${P()}/database/rlhf/interactions?session_id=${session}&limit=2`);
    expect(l.body).toMatchObject({ total: 4, offset: 0, limit: 2, has_more: true });
    expect(l.body.interactions).toHaveLength(2);
    const pos = await api("GET", `${P()}/database/rlhf/interactions?session_id=${session}&feedback=positive`);
    expect(pos.body.total).toBe(2);

    const st = await api("GET", `${P()}/database/rlhf/stats`);
    expect(st.body.total_interactions).toBeGreaterThanOrEqual(4);
    expect(st.body).toHaveProperty("by_model");

    const ej = await api("POST", `${P()}/database/rlhf/export`, { format: "json", session_id: session });
    expect(ej.body).toMatchObject({ format: "json", count: 4 });
    const ec = await api("POST", `${P()}/database/rlhf/export`, { format: "csv", session_id: session });
    expect(ec.body.data.split("\r\n")[0]).toBe("interaction_id,prompt,response,feedback,reward,rating,model,session_id,agent_id,created_at");
    expect((await api("POST", `${P()}/database/rlhf/export`, { format: "xml" })).status).toBe(422);
  });

  it("validates required fields and enums with 422", async () => {
    const r = await api("POST", `${P()}/database/rlhf/interactions`, { prompt: "p", feedback: "great" });
    expect(r.status).toBe(422);
    expect(r.body.detail.map((d: { loc: string[] }) => d.loc[1]).sort()).toEqual(["feedback", "response"]);
    expect((await api("GET", `${P()}/database/rlhf/interactions/00000000-0000-0000-0000-000000000000`)).status).toBe(404);
  });
});

describe("local server: agent logs", () => {
  it("creates, lists with filters, gets, reports and exports", async () => {
    const agent = `agent_${Date.now()}`;
    const a = await api("POST", `${P()}/database/agent-logs`, { agent_id: agent, session_id: "s1", log_level: "INFO", log_message: "started", raw_payload: { step: 1 } });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ agent_id: agent, log_level: "INFO", log_message: "started", raw_payload: { step: 1 } });
    await api("POST", `${P()}/database/agent-logs`, { agent_id: agent, log_level: "ERROR", log_message: "boom" });
    const l = await api("GET", `${P()}/database/agent-logs?agent_id=${agent}`);
    expect(l.body.total).toBe(2);
    expect((await api("GET", `${P()}/database/agent-logs?agent_id=${agent}&log_level=ERROR`)).body.data[0].log_message).toBe("boom");
    expect((await api("GET", `${P()}/database/agent-logs/${a.body.log_id}`)).body.log_id).toBe(a.body.log_id);
    const st = await api("GET", `${P()}/database/agent-logs/stats`);
    expect(st.body.by_agent[agent]).toBe(2);
    expect(st.body.by_level.ERROR).toBeGreaterThanOrEqual(1);
    const ex = await api("POST", `${P()}/database/agent-logs/export`, { format: "csv", agent_id: agent });
    expect(ex.body.count).toBe(2);
    expect(ex.body.data.split("\r\n")).toHaveLength(4);
  });

  it("validates log bodies", async () => {
    const r = await api("POST", `${P()}/database/agent-logs`, { agent_id: "a", log_level: "TRACE" });
    expect(r.status).toBe(422);
    expect(r.body.detail.map((d: { loc: string[] }) => d.loc[1]).sort()).toEqual(["log_level", "log_message"]);
  });
});
