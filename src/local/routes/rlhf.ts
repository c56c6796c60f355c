/**
 * RLHF interactions: create, list, get, feedback, single-review, compare,
 * stats, export.
 * @internal
 * @module
 */
import type { Hono } from "hono";
import { HttpError } from "../errors.js";
import { queryFields, readBody, offsetLimit, type Fields, type Json } from "../validate.js";
import { isUuid, uuid, type AppEnv, type Deps } from "../util.js";
import { toCsv } from "../csv.js";

const FEEDBACK = ["positive", "negative", "mixed"] as const;
const REWARD_BY_RATING: Record<number, number> = { 5: 1, 4: 0.5, 3: 0, 2: -0.5, 1: -1 };
const feedbackOf = (rating: number): string => (rating >= 4 ? "positive" : rating === 3 ? "mixed" : "negative");

const CSV_COLS = ["interaction_id", "prompt", "response", "feedback", "reward", "rating", "model", "session_id", "agent_id", "created_at"];

function optional(b: Fields): Json {
  const o: Json = {
    model: b.str("model") ?? null,
    session_id: b.str("session_id") ?? null,
    agent_id: b.str("agent_id") ?? null,
    tags: b.strList("tags") ?? [],
    context: b.any("context") ?? null,
    metadata: b.obj("metadata") ?? {},
  };
  return o;
}

export function registerRlhf(app: Hono<AppEnv>, deps: Deps): void {
  const { db } = deps;
  const base = "/projects/:pid/database/rlhf";

  const insert = async (pid: string, doc: Json): Promise<Json> => {
    const id = uuid();
    const r = await db.query<{ created_at: Date }>(
      "INSERT INTO zdb.rlhf (interaction_id, project_id, doc) VALUES ($1, $2, $3) RETURNING created_at",
      [id, pid, JSON.stringify(doc)],
    );
    const at = r.rows[0]!.created_at.toISOString();
    const full = { interaction_id: id, id, project_id: pid, ...doc, created_at: at, updated_at: at };
    await db.query("UPDATE zdb.rlhf SET doc = $2 WHERE interaction_id = $1", [id, JSON.stringify(full)]);
    return full;
  };
  const get = async (pid: string, id: string): Promise<Json> => {
    const r = isUuid(id)
      ? await db.query<{ doc: Json }>("SELECT doc FROM zdb.rlhf WHERE project_id = $1 AND interaction_id = $2", [pid, id])
      : { rows: [] };
    if (r.rows[0] === undefined) throw new HttpError(404, `Interaction '${id}' not found`, "INTERACTION_NOT_FOUND");
    return r.rows[0].doc;
  };

  app.post(`${base}/interactions`, async (c) => {
    const b = await readBody(c);
    const doc: Json = {
      type: "interaction",
      prompt: b.str("prompt", { required: true, min: 1 }),
      response: b.str("response", { required: true, min: 1 }),
      feedback: b.str("feedback", { enum: FEEDBACK }) ?? null,
      reward: b.num("reward") ?? null,
      rating: null,
      comment: null,
      human_feedback: b.any("human_feedback") ?? null,
      ...optional(b),
    };
    b.done();
    return c.json(await insert(c.get("pid"), doc), 201);
  });

  app.post(`${base}/interactions/single-review`, async (c) => {
    const b = await readBody(c);
    const prompt = b.str("prompt", { required: true, min: 1 });
    const response = b.str("response", { required: true, min: 1 });
    const rating = b.int("rating", { required: true, min: 1, max: 5 });
    const comment = b.str("feedback_comment") ?? null;
    const rest = optional(b);
    b.done();
    const doc: Json = {
      type: "single_review",
      prompt,
      response,
      rating,
      reward: REWARD_BY_RATING[rating!],
      feedback: feedbackOf(rating!),
      comment,
      human_feedback: comment,
      ...rest,
    };
    return c.json(await insert(c.get("pid"), doc), 201);
  });

  app.post(`${base}/interactions/compare`, async (c) => {
    const b = await readBody(c);
    const prompt = b.str("prompt", { required: true, min: 1 });
    const a = b.str("response_a", { required: true, min: 1 });
    const bb = b.str("response_b", { required: true, min: 1 });
    const pref = b.str("preferred_response", { required: true, enum: ["A", "B"] });
    const modelA = b.str("model_a") ?? null;
    const modelB = b.str("model_b") ?? null;
    const comment = b.str("feedback_comment") ?? null;
    const session = b.str("session_id") ?? null;
    b.done();
    const comparison = uuid();
    const common = { type: "comparison", comparison_id: comparison, prompt, comment, human_feedback: comment, session_id: session, agent_id: null, tags: [], context: null, metadata: {}, rating: null };
    const win = pref === "A" ? { response: a, model: modelA } : { response: bb, model: modelB };
    const lose = pref === "A" ? { response: bb, model: modelB } : { response: a, model: modelA };
    const pid = c.get("pid");
    const first = await insert(pid, { ...common, ...win, reward: 1, feedback: "positive", preferred: true });
    const second = await insert(pid, { ...common, ...lose, reward: -1, feedback: "negative", preferred: false });
    return c.json({ comparison_id: comparison, preferred_response: pref, interactions: [first, second] }, 201);
  });

  app.get(`${base}/interactions`, async (c) => {
    const q = queryFields(c);
    const filters: [string, string | undefined][] = [
      ["feedback", q.str("feedback", { enum: FEEDBACK })],
      ["model", q.str("model")],
      ["session_id", q.str("session_id")],
      ["agent_id", q.str("agent_id")],
    ];
    const { offset, limit } = offsetLimit(q);
    const { where, params } = docEquals(c.get("pid"), filters);
    const total = (await db.query<{ n: number }>(`SELECT count(*) AS n FROM zdb.rlhf WHERE ${where}`, params)).rows[0]!.n;
    const r = await db.query<{ doc: Json }>(`SELECT doc FROM zdb.rlhf WHERE ${where} ORDER BY seq LIMIT ${limit} OFFSET ${offset}`, params);
    const interactions = r.rows.map((x) => x.doc);
    return c.json({ interactions, total, offset, limit, has_more: offset + interactions.length < total });
  });

  app.get(`${base}/interactions/:id`, async (c) => c.json(await get(c.get("pid"), c.req.param("id"))));

  app.put(`${base}/interactions/:id/feedback`, async (c) => {
    const b = await readBody(c);
    const rating = b.int("rating", { min: 1, max: 5 });
    const comment = b.str("comment") ?? b.str("feedback_comment");
    const feedback = b.str("feedback", { enum: FEEDBACK });
    const reward = b.num("reward");
    b.done();
    const pid = c.get("pid");
    const doc = await get(pid, c.req.param("id"));
    const next: Json = { ...doc, updated_at: new Date().toISOString() };
    if (rating !== undefined) {
      next.rating = rating;
      next.reward = REWARD_BY_RATING[rating];
      next.feedback = feedbackOf(rating);
    }
    if (feedback !== undefined) next.feedback = feedback;
    if (reward !== undefined) next.reward = reward;
    if (comment !== undefined) {
      next.comment = comment;
      next.human_feedback = comment;
    }
    await db.query("UPDATE zdb.rlhf SET doc = $3 WHERE project_id = $1 AND interaction_id = $2", [pid, doc.interaction_id, JSON.stringify(next)]);
    return c.json(next);
  });

  app.get(`${base}/stats`, async (c) => {
    const pid = c.get("pid");
    const r = await db.query<{ total: number; positive: number; negative: number; mixed: number; avg: number | null }>(
      `SELECT count(*) AS total, count(*) FILTER (WHERE doc->>'feedback' = 'positive') AS positive,
        count(*) FILTER (WHERE doc->>'feedback' = 'negative') AS negative, count(*) FILTER (WHERE doc->>'feedback' = 'mixed') AS mixed,
        avg((doc->>'reward')::float8) AS avg FROM zdb.rlhf WHERE project_id = $1`,
      [pid],
    );
    const m = await db.query<{ model: string | null; n: number; avg: number | null }>(
      `SELECT doc->>'model' AS model, count(*) AS n, avg((doc->>'reward')::float8) AS avg FROM zdb.rlhf WHERE project_id = $1 GROUP BY 1 ORDER BY 1`,
      [pid],
    );
    const s = r.rows[0]!;
    return c.json({
      total_interactions: s.total,
      positive: s.positive,
      negative: s.negative,
      mixed: s.mixed,
      average_reward: s.avg ?? 0,
      by_model: Object.fromEntries(m.rows.map((x) => [x.model ?? "unknown", { count: x.n, average_reward: x.avg ?? 0 }])),
    });
  });

  app.post(`${base}/export`, async (c) => {
    const b = await readBody(c);
    const format = b.str("format", { enum: ["json", "csv"] }) ?? "json";
    const start = b.str("start_date");
    const end = b.str("end_date");
    const filters: [string, string | undefined][] = [
      ["feedback", b.str("feedback", { enum: FEEDBACK })],
      ["model", b.str("model")],
      ["session_id", b.str("session_id")],
    ];
    for (const [k, v] of [["start_date", start], ["end_date", end]] as const) {
      if (v !== undefined && Number.isNaN(Date.parse(v))) b.fail(k, "Input should be a valid datetime", "datetime_parsing");
    }
    b.done();
    const eq = docEquals(c.get("pid"), filters);
    const params = eq.params;
    let where = eq.where;
    if (start !== undefined) {
      params.push(start);
      where += ` AND created_at >= $${params.length}::timestamptz`;
    }
    if (end !== undefined) {
      params.push(end);
      where += ` AND created_at <= $${params.length}::timestamptz`;
    }
    const r = await db.query<{ doc: Json }>(`SELECT doc FROM zdb.rlhf WHERE ${where} ORDER BY seq`, params);
    const docs = r.rows.map((x) => x.doc);
    return c.json({ format, count: docs.length, data: format === "csv" ? toCsv(docs, CSV_COLS) : docs });
  });
}

/** `project_id = $1 AND doc ->> 'k' = $n ...` for the filters that were given (keys are fixed names, never user input). */
function docEquals(pid: string, filters: ReadonlyArray<readonly [string, string | undefined]>): { where: string; params: unknown[] } {
  const params: unknown[] = [pid];
  let where = "project_id = $1";
  for (const [k, v] of filters) {
    if (v === undefined) continue;
    params.push(v);
    where += ` AND doc ->> '${k}' = $${params.length}`;
  }
  return { where, params };
}
