import nock from "nock";
import { describe, expect, it } from "vitest";
import { ServerError, ValidationError } from "../../src/index.js";
import { BASE, capture, KEY, makeScope, PID, STYLES, useNock } from "./helpers.js";

useNock();

const P = `/v1/public/${PID}`;
const wireInteraction = {
  interaction_id: "i-1",
  prompt: "Draft a thank-you",
  response: "Dear Asha, ...",
  feedback: "positive",
  reward: 1,
  model: "m-x",
  session_id: "s-1",
  agent_id: "a-1",
  human_feedback: "warm",
  tags: ["donor"],
  context: { step: 1 },
  metadata: { v: 1 },
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
};
type Seen = Array<{ body: unknown; headers: Headers; url: string }>;

describe.each(STYLES)("rlhf ($name)", ({ options, prefix }) => {
  const rlhf = () => makeScope(options).rlhf;

  it("create POSTs every interaction field under its wire name", async () => {
    const seen: Seen = [];
    nock(BASE).post(`${prefix}/database/rlhf/interactions`).reply(capture(seen, 201, wireInteraction));
    const input = {
      prompt: "Draft a thank-you",
      response: "Dear Asha, ...",
      feedback: "positive",
      reward: 1,
      model: "m-x",
      session_id: "s-1",
      agent_id: "a-1",
      human_feedback: "warm",
      tags: ["donor"],
      context: { step: 1 },
      metadata: { v: 1 },
    } as const;
    const i = await rlhf().create({ ...input, tags: [...input.tags] });
    expect(seen[0]?.body).toEqual(input);
    expect(seen[0]?.headers.get("x-api-key")).toBe(KEY);
    expect(i).toEqual(wireInteraction);
  });

  it("list sends offset/limit (not skip) and the filters, paging through {interactions}", async () => {
    const it2 = { ...wireInteraction, interaction_id: "i-2" };
    nock(BASE)
      .get(`${prefix}/database/rlhf/interactions`)
      .query({ offset: "0", limit: "1", feedback: "negative", model: "m-x", session_id: "s-1", agent_id: "a-1" })
      .reply(200, { interactions: [wireInteraction], total: 2, offset: 0, limit: 1, has_more: true })
      .get(`${prefix}/database/rlhf/interactions`)
      .query({ offset: "1", limit: "1", feedback: "negative", model: "m-x", session_id: "s-1", agent_id: "a-1" })
      .reply(200, { interactions: [it2], total: 2, offset: 1, limit: 1, has_more: false });
    const pages = [];
    for await (const page of makeScope(options).rlhf.list({ limit: 1, feedback: "negative", model: "m-x", session_id: "s-1", agent_id: "a-1" }).pages()) pages.push(page);
    expect(pages.map((p) => [p.skip, p.data[0]?.interaction_id])).toEqual([
      [0, "i-1"],
      [1, "i-2"],
    ]);
  });

  it("get and feedback (PUT .../feedback) use the interaction path", async () => {
    const seen: Seen = [];
    nock(BASE)
      .get(`${prefix}/database/rlhf/interactions/i-1`)
      .reply(200, wireInteraction)
      .put(`${prefix}/database/rlhf/interactions/i-1/feedback`)
      .reply(capture(seen, 200, { ...wireInteraction, feedback: "mixed" }));
    expect((await rlhf().get("i-1")).interaction_id).toBe("i-1");
    expect((await rlhf().feedback("i-1", { rating: 3, comment: "ok", feedback: "mixed", reward: 0 })).feedback).toBe("mixed");
    expect(seen[0]?.body).toEqual({ rating: 3, comment: "ok", feedback: "mixed", reward: 0 });
  });

  it("singleReview POSTs {prompt, response, rating, feedback_comment, model, tags, session_id}", async () => {
    const seen: Seen = [];
    nock(BASE).post(`${prefix}/database/rlhf/interactions/single-review`).reply(capture(seen, 201, { ...wireInteraction, reward: 0.5 }));
    const body = { prompt: "p", response: "r", rating: 4, feedback_comment: "nice", model: "m", tags: ["t"], session_id: "s" };
    expect((await rlhf().singleReview(body)).reward).toBe(0.5);
    expect(seen[0]?.body).toEqual(body);
  });

  it("compare POSTs {prompt, response_a, response_b, preferred_response, ...} and reads {interactions}", async () => {
    const seen: Seen = [];
    nock(BASE)
      .post(`${prefix}/database/rlhf/interactions/compare`)
      .reply(capture(seen, 201, { interactions: [{ ...wireInteraction, reward: 1 }, { ...wireInteraction, interaction_id: "i-2", reward: -1 }] }));
    const body = { prompt: "p", response_a: "a", response_b: "b", preferred_response: "B", model_a: "ma", model_b: "mb", feedback_comment: "c", session_id: "s" } as const;
    const [preferred, other] = await rlhf().compare(body);
    expect(seen[0]?.body).toEqual(body);
    expect([preferred?.reward, other?.reward]).toEqual([1, -1]);
  });

  it("stats GETs /rlhf/stats", async () => {
    const stats = { total_interactions: 4, positive: 2, negative: 1, mixed: 1, average_reward: 0.25, by_model: { "m-x": 4 } };
    nock(BASE).get(`${prefix}/database/rlhf/stats`).reply(200, stats);
    expect(await rlhf().stats()).toEqual(stats);
  });

  it("export POSTs {format, start_date, end_date, feedback, model, session_id}", async () => {
    const seen: Seen = [];
    nock(BASE).post(`${prefix}/database/rlhf/export`).reply(capture(seen, 200, { format: "json", count: 1, data: [wireInteraction] }));
    const r = await rlhf().export({
      format: "json",
      start_date: new Date("2026-01-01T00:00:00Z"),
      end_date: "2026-02-01",
      feedback: "positive",
      model: "m-x",
      session_id: "s-1",
    });
    expect(seen[0]?.body).toEqual({ format: "json", start_date: "2026-01-01T00:00:00.000Z", end_date: "2026-02-01", feedback: "positive", model: "m-x", session_id: "s-1" });
    expect(r).toMatchObject({ format: "json", count: 1, data: [wireInteraction] });
  });
});

describe("rlhf: defaults, lenient parsing, auth", () => {
  it("export defaults to json and reads a bare CSV answer", async () => {
    const seen: Seen = [];
    nock(BASE)
      .post(`${P}/database/rlhf/export`)
      .reply(capture(seen, 200, { format: "json", count: 0, data: [] }))
      .post(`${P}/database/rlhf/export`)
      .reply(200, "prompt,response\np,r\n", { "content-type": "text/csv" });
    await makeScope().rlhf.export();
    expect(seen[0]?.body).toEqual({ format: "json" });
    expect(await makeScope().rlhf.export({ format: "csv" })).toEqual({ format: undefined, count: undefined, data: "prompt,response\np,r\n" });
  });

  it("reads id instead of interaction_id, and data / bare arrays in list and compare", async () => {
    nock(BASE)
      .get(`${P}/database/rlhf/interactions`)
      .query(true)
      .reply(200, { data: [{ id: "i-7", prompt: "p" }] })
      .post(`${P}/database/rlhf/interactions/compare`)
      .reply(200, [{ id: "i-8" }, { id: "i-9" }]);
    expect((await makeScope().rlhf.list()).data[0]?.interaction_id).toBe("i-7");
    expect((await makeScope().rlhf.compare({ prompt: "p", response_a: "a", response_b: "b", preferred_response: "A" })).map((i) => i.interaction_id)).toEqual(["i-8", "i-9"]);
  });

  it("sends Authorization: Bearer with authScheme bearer", async () => {
    nock(BASE).get(`${P}/database/rlhf/stats`).matchHeader("authorization", `Bearer ${KEY}`).reply(200, {});
    const seen = await makeScope({ authScheme: "bearer" }).rlhf.stats();
    expect(seen).toEqual({});
  });
});

describe("rlhf: client-side validation and retries", () => {
  const base = { prompt: "p", response: "r" };
  it.each([
    ["unknown feedback", { ...base, feedback: "great" }, /params\.feedback/],
    ["reward above 1", { ...base, reward: 1.5 }, /params\.reward/],
    ["reward below -1", { ...base, reward: -2 }, /params\.reward/],
    ["non-finite reward", { ...base, reward: Number.NaN }, /params\.reward/],
    ["empty prompt", { prompt: "", response: "r" }, /params\.prompt/],
  ])("create refuses %s without sending", async (_n, input, msg) => {
    const err = await makeScope().rlhf.create(input as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(String(err)).toMatch(msg);
  });

  it("refuses bad ratings, preferences, feedback updates, export formats and list filters without sending", async () => {
    const rlhf = makeScope().rlhf;
    await expect(rlhf.singleReview({ ...base, rating: 0 })).rejects.toThrow(/params\.rating/);
    await expect(rlhf.singleReview({ ...base, rating: 6 })).rejects.toThrow(/params\.rating/);
    await expect(rlhf.singleReview({ ...base, rating: 3.5 })).rejects.toThrow(/params\.rating/);
    await expect(rlhf.compare({ prompt: "p", response_a: "a", response_b: "b", preferred_response: "C" as never })).rejects.toThrow(/params\.preferred_response/);
    await expect(rlhf.feedback("i-1", {})).rejects.toThrow(/at least one of/);
    await expect(rlhf.feedback("i-1", { rating: 9 })).rejects.toThrow(/params\.rating/);
    await expect(rlhf.feedback("i-1", { reward: Infinity })).rejects.toThrow(/params\.reward/);
    await expect(rlhf.export({ format: "xml" as never })).rejects.toThrow(/params\.format/);
    await expect(rlhf.list({ feedback: "meh" as never })).rejects.toThrow(/params\.feedback/);
    await expect(rlhf.list({ skip: 1 } as never)).rejects.toThrow(/params/);
  });

  it("a create that gets 503 is tried once", async () => {
    let calls = 0;
    nock(BASE)
      .post(`${P}/database/rlhf/interactions`)
      .reply(() => {
        calls++;
        return [503, { detail: "busy" }];
      })
      .persist();
    await expect(makeScope().rlhf.create(base)).rejects.toBeInstanceOf(ServerError);
    expect(calls).toBe(1);
  });

  it("a GET that gets 503 then 200 succeeds, and feedback (PUT) is retried too", async () => {
    nock(BASE)
      .get(`${P}/database/rlhf/interactions/i-1`)
      .reply(503)
      .get(`${P}/database/rlhf/interactions/i-1`)
      .reply(200, wireInteraction)
      .put(`${P}/database/rlhf/interactions/i-1/feedback`)
      .reply(503)
      .put(`${P}/database/rlhf/interactions/i-1/feedback`)
      .reply(200, wireInteraction);
    expect((await makeScope().rlhf.get("i-1")).interaction_id).toBe("i-1");
    expect((await makeScope().rlhf.feedback("i-1", { feedback: "positive" })).interaction_id).toBe("i-1");
  });
});
