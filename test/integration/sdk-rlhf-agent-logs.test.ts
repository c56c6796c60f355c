/**
 * SDK end to end: `scope.rlhf` and `scope.agentLogs` against the shared local server
 * over real HTTP. Each describe works in its own project, so stats are exact.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { NotFoundError, ValidationError, type ProjectScope } from "../../src/index.js";
import { sdkClient, uniqueName } from "./sdk-helpers.js";

async function freshScope(prefix: string): Promise<ProjectScope> {
  const client = sdkClient();
  return client.project((await client.projects.create({ name: uniqueName(prefix) })).id);
}

/** Parses the CSV the server writes (RFC 4180: quoted cells, "" for a quote, CRLF rows). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  return rows;
}

describe("SDK rlhf (end to end)", () => {
  let scope: ProjectScope;
  beforeAll(async () => {
    scope = await freshScope("sdk_rlhf");
  });

  it("create, get, list with filters, feedback, singleReview, compare, stats and export agree", async () => {
    const session = uniqueName("s");
    const a = await scope.rlhf.create({
      prompt: "Draft a thank-you",
      response: "Dear Asha, thank you for your pledge.",
      feedback: "positive",
      reward: 1,
      model: "model-a",
      session_id: session,
      agent_id: "writer",
      tags: ["thanks"],
      context: { contact_id: "c-1" },
      metadata: { campaign: "spring" },
    });
    expect(a).toMatchObject({
      prompt: "Draft a thank-you",
      feedback: "positive",
      reward: 1,
      model: "model-a",
      session_id: session,
      agent_id: "writer",
      tags: ["thanks"],
      context: { contact_id: "c-1" },
      metadata: { campaign: "spring" },
    });
    expect(a.interaction_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await scope.rlhf.get(a.interaction_id)).toEqual(a);

    const b = await scope.rlhf.create({ prompt: "Summarize the call", response: "They will call back.", model: "model-b", session_id: session });
    expect(b.feedback).toBeUndefined();

    // feedback: a rating sets reward and label; a comment lands in human_feedback
    const fb = await scope.rlhf.feedback(b.interaction_id, { rating: 2, comment: "missed the pledge amount" });
    expect(fb).toMatchObject({ interaction_id: b.interaction_id, reward: -0.5, feedback: "negative", human_feedback: "missed the pledge amount" });
    expect(await scope.rlhf.get(b.interaction_id)).toMatchObject({ reward: -0.5, feedback: "negative" });
    // repeating the same feedback is harmless
    expect(await scope.rlhf.feedback(b.interaction_id, { rating: 2, comment: "missed the pledge amount" })).toMatchObject({ reward: -0.5 });

    const review = await scope.rlhf.singleReview({ prompt: "Opening line?", response: "Hello Asha,", rating: 3, feedback_comment: "fine", model: "model-a", session_id: session });
    expect(review).toMatchObject({ reward: 0, feedback: "mixed", model: "model-a", session_id: session });
    const reviews = [];
    for (const [rating, reward] of [[5, 1], [4, 0.5], [1, -1]] as const) {
      const r = await scope.rlhf.singleReview({ prompt: "p", response: "r", rating, session_id: session });
      expect(r.reward).toBe(reward);
      reviews.push(r);
    }

    const [preferred, other] = await scope.rlhf.compare({
      prompt: "Best follow-up?",
      response_a: "Hi!",
      response_b: "Hello Asha, may I call you Tuesday?",
      preferred_response: "B",
      model_a: "model-a",
      model_b: "model-b",
      session_id: session,
    });
    expect(preferred).toMatchObject({ response: "Hello Asha, may I call you Tuesday?", reward: 1, feedback: "positive", model: "model-b" });
    expect(other).toMatchObject({ response: "Hi!", reward: -1, feedback: "negative", model: "model-a" });

    // list: everything of the session, in creation order; filters narrow it
    const all = await scope.rlhf.list({ session_id: session });
    expect(all.total).toBe(8);
    expect(all.data[0]!.interaction_id).toBe(a.interaction_id);
    expect(all.data[1]!.interaction_id).toBe(b.interaction_id);
    expect(all.data.slice(-2).map((i) => i.interaction_id)).toEqual([preferred!.interaction_id, other!.interaction_id]);
    const walked = await scope.rlhf.list({ session_id: session, limit: 3 }).toArray();
    expect(walked.map((i) => i.interaction_id)).toEqual(all.data.map((i) => i.interaction_id));
    const negatives = await scope.rlhf.list({ session_id: session, feedback: "negative" });
    // b (rating 2), the rating-1 review, the compare loser, in creation order
    expect(negatives.data.map((i) => i.interaction_id)).toEqual([b.interaction_id, reviews[2]!.interaction_id, other!.interaction_id]);
    expect(negatives.total).toBe(3);
    const byModel = await scope.rlhf.list({ model: "model-a", agent_id: "writer" });
    expect(byModel.data.map((i) => i.interaction_id)).toEqual([a.interaction_id]);
    const page2 = await scope.rlhf.list({ session_id: session, offset: 6, limit: 10 });
    expect(page2.data).toHaveLength(2);
    expect(page2.hasMore).toBe(false);

    // stats: this project holds exactly these 8
    const stats = await scope.rlhf.stats();
    expect(stats).toMatchObject({ total_interactions: 8, positive: 4, negative: 3, mixed: 1 });
    // rewards: 1, -0.5, 0, 1, 0.5, -1, 1, -1
    expect(stats.average_reward).toBeCloseTo(1 / 8, 6);
    expect(stats.by_model).toMatchObject({ "model-a": { count: 3 }, "model-b": { count: 2 } });

    // export json: the same interactions; filters apply
    const ex = await scope.rlhf.export({ session_id: session });
    expect(ex.format).toBe("json");
    expect(ex.count).toBe(8);
    expect((ex.data as { interaction_id: string }[]).map((i) => i.interaction_id)).toEqual(all.data.map((i) => i.interaction_id));
    const exPos = await scope.rlhf.export({ session_id: session, feedback: "positive", model: "model-b" });
    expect((exPos.data as { interaction_id: string }[]).map((i) => i.interaction_id)).toEqual([preferred!.interaction_id]);

    // export csv: a header plus one row per interaction, commas and quotes escaped
    const csv = await scope.rlhf.export({ format: "csv", session_id: session });
    expect(csv.format).toBe("csv");
    expect(typeof csv.data).toBe("string");
    const rows = parseCsv(csv.data as string);
    const header = rows[0]!;
    expect(header).toContain("interaction_id");
    expect(rows).toHaveLength(9);
    const col = (name: string): number => header.indexOf(name);
    expect(rows[1]![col("interaction_id")]).toBe(a.interaction_id);
    expect(rows[1]![col("response")]).toBe("Dear Asha, thank you for your pledge.");

    // date range: a window in the future holds nothing; a Date is accepted
    const future = await scope.rlhf.export({ session_id: session, start_date: new Date(Date.now() + 3_600_000) });
    expect(future.count).toBe(0);
    const past = await scope.rlhf.export({ session_id: session, start_date: new Date(Date.now() - 3_600_000), end_date: new Date(Date.now() + 3_600_000) });
    expect(past.count).toBe(8);
  });

  it("refuses bad input before sending and unknown ids with NotFoundError", async () => {
    await expect(scope.rlhf.create({ prompt: "p", response: "r", reward: 2 })).rejects.toBeInstanceOf(ValidationError);
    await expect(scope.rlhf.singleReview({ prompt: "p", response: "r", rating: 6 })).rejects.toBeInstanceOf(ValidationError);
    await expect(scope.rlhf.feedback("00000000-0000-4000-8000-000000000000", {})).rejects.toBeInstanceOf(ValidationError);
    await expect(scope.rlhf.get("00000000-0000-4000-8000-000000000000")).rejects.toBeInstanceOf(NotFoundError);
    await expect(scope.rlhf.feedback("00000000-0000-4000-8000-000000000000", { rating: 5 })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("SDK agent logs (end to end)", () => {
  let scope: ProjectScope;
  beforeAll(async () => {
    scope = await freshScope("sdk_agent_logs");
  });

  it("create, get, list filters, stats and export agree", async () => {
    const s1 = uniqueName("s1");
    const s2 = uniqueName("s2");
    const specs = [
      { agent_id: "dialer", session_id: s1, log_level: "INFO", log_message: "session started" },
      { agent_id: "dialer", session_id: s1, log_level: "warn", log_message: "number unreachable, retrying", raw_payload: { contact_id: "c-1", attempt: 2 } },
      { agent_id: "dialer", session_id: s2, log_level: "ERROR", log_message: 'carrier said "busy"' },
      { agent_id: "summarizer", session_id: s1, log_message: "summary written" }, // default level INFO
      { agent_id: "summarizer", session_id: s2, log_level: "debug", log_message: "tokens: 812" },
    ] as const;
    const logs = [];
    for (const spec of specs) logs.push(await scope.agentLogs.create(spec));
    expect(logs.map((l) => l.log_level)).toEqual(["INFO", "WARN", "ERROR", "INFO", "DEBUG"]);
    expect(logs[1]).toMatchObject({ agent_id: "dialer", session_id: s1, log_message: "number unreachable, retrying", raw_payload: { contact_id: "c-1", attempt: 2 } });
    expect(logs[1]!.log_id).toMatch(/^[0-9a-f-]{36}$/);
    for (const l of logs) expect(await scope.agentLogs.get(l.log_id)).toEqual(l);

    const ids = (xs: { log_id: string }[]): string[] => xs.map((x) => x.log_id);
    const all = await scope.agentLogs.list();
    expect(ids(all.data)).toEqual(ids(logs));
    expect(all.total).toBe(5);
    expect(ids((await scope.agentLogs.list({ agent_id: "dialer" })).data)).toEqual(ids(logs.slice(0, 3)));
    expect(ids((await scope.agentLogs.list({ session_id: s1 })).data)).toEqual(ids([logs[0]!, logs[1]!, logs[3]!]));
    expect(ids((await scope.agentLogs.list({ agent_id: "dialer", session_id: s1, log_level: "warn" })).data)).toEqual([logs[1]!.log_id]);
    expect(ids((await scope.agentLogs.list({ log_level: "INFO" })).data)).toEqual(ids([logs[0]!, logs[3]!]));
    expect(ids(await scope.agentLogs.list({ limit: 2 }).toArray())).toEqual(ids(logs));
    expect(ids((await scope.agentLogs.list({ skip: 4, limit: 2 })).data)).toEqual([logs[4]!.log_id]);

    const stats = await scope.agentLogs.stats();
    expect(stats).toEqual({ total_logs: 5, by_level: { DEBUG: 1, ERROR: 1, INFO: 2, WARN: 1 }, by_agent: { dialer: 3, summarizer: 2 } });

    const ex = await scope.agentLogs.export({ agent_id: "dialer" });
    expect(ex.format).toBe("json");
    expect(ex.count).toBe(3);
    expect(ids(ex.data as { log_id: string }[])).toEqual(ids(logs.slice(0, 3)));
    expect((await scope.agentLogs.export({ session_id: s2, log_level: "error" })).count).toBe(1);

    const csv = await scope.agentLogs.export({ format: "csv" });
    const rows = parseCsv(csv.data as string);
    expect(rows[0]).toEqual(["log_id", "agent_id", "session_id", "log_level", "log_message", "created_at"]);
    expect(rows).toHaveLength(6);
    expect(rows[2]!.slice(0, 5)).toEqual([logs[1]!.log_id, "dialer", s1, "WARN", "number unreachable, retrying"]);
    expect(rows[3]![4]).toBe('carrier said "busy"');
  });

  it("refuses bad input before sending and unknown ids with NotFoundError", async () => {
    const before = (await scope.agentLogs.stats()).total_logs;
    await expect(scope.agentLogs.create({ agent_id: "a", log_message: "" })).rejects.toBeInstanceOf(ValidationError);
    await expect(scope.agentLogs.create({ agent_id: "a", log_message: "m", log_level: "FATAL" })).rejects.toBeInstanceOf(ValidationError);
    // list() checks its input when called (it returns a PagePromise, so the throw is synchronous)
    await expect(scope.agentLogs.list({ log_level: "TRACE" })).rejects.toThrow(ValidationError);
    expect((await scope.agentLogs.stats()).total_logs).toBe(before);
    await expect(scope.agentLogs.get("00000000-0000-4000-8000-000000000000")).rejects.toBeInstanceOf(NotFoundError);
  });
});
