/**
 * Events: an append-only log per project. Publish order is kept by a
 * sequence; there are no update or delete routes (405).
 * @internal
 * @module
 */
import type { Hono } from "hono";
import { HttpError } from "../errors.js";
import { queryFields, readBody, skipLimit } from "../validate.js";
import { isUuid, page, uuid, type AppEnv, type Deps } from "../util.js";
import { EVENT_TOPIC_MAX } from "../../contract/index.js";

const COLS = "event_id, project_id, topic, event_payload, published_at";
const present = (r: Record<string, unknown>): Record<string, unknown> => ({ ...r, id: r.event_id });

export function registerEvents(app: Hono<AppEnv>, deps: Deps): void {
  const { db } = deps;
  const base = "/projects/:pid/database/events";

  // `/events/publish` is the older spelling of the same call (TG, TS)
  app.on("POST", [base, `${base}/publish`], async (c) => {
    const b = await readBody(c);
    const topic = b.str("topic", { required: true, min: 1, max: EVENT_TOPIC_MAX });
    const payload = b.obj("event_payload", { required: true });
    b.done();
    const r = await db.query<Record<string, unknown>>(
      `INSERT INTO zdb.events (event_id, project_id, topic, event_payload) VALUES ($1, $2, $3, $4) RETURNING ${COLS}`,
      [uuid(), c.get("pid"), topic, JSON.stringify(payload)],
    );
    return c.json(present(r.rows[0]!), 201);
  });

  app.get(base, async (c) => {
    const q = queryFields(c);
    const topic = q.str("topic");
    const { skip, limit } = skipLimit(q);
    const params: unknown[] = [c.get("pid")];
    const where = topic === undefined ? "project_id = $1" : "project_id = $1 AND topic = $2";
    if (topic !== undefined) params.push(topic);
    const total = (await db.query<{ n: number }>(`SELECT count(*) AS n FROM zdb.events WHERE ${where}`, params)).rows[0]!.n;
    const r = await db.query<Record<string, unknown>>(`SELECT ${COLS} FROM zdb.events WHERE ${where} ORDER BY seq LIMIT ${limit} OFFSET ${skip}`, params);
    return c.json(page(r.rows.map(present), total, skip, limit));
  });

  app.get(`${base}/:eventId`, async (c) => {
    const id = c.req.param("eventId");
    const r = isUuid(id)
      ? await db.query<Record<string, unknown>>(`SELECT ${COLS} FROM zdb.events WHERE project_id = $1 AND event_id = $2`, [c.get("pid"), id])
      : { rows: [] };
    if (r.rows[0] === undefined) throw new HttpError(404, `Event '${id}' not found`, "EVENT_NOT_FOUND");
    return c.json(present(r.rows[0]));
  });
}
