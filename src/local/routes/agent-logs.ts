/**
 * Agent logs: create, list, get, stats, export.
 * @internal
 * @module
 */
import type { Hono } from "hono";
import { HttpError } from "../errors.js";
import { queryFields, readBody, skipLimit, type Json } from "../validate.js";
import { isUuid, page, uuid, type AppEnv, type Deps } from "../util.js";
import { toCsv } from "../csv.js";

const LEVELS = ["DEBUG", "INFO", "WARN", "ERROR"] as const;
const CSV_COLS = ["log_id", "agent_id", "session_id", "log_level", "log_message", "created_at"];

export function registerAgentLogs(app: Hono<AppEnv>, deps: Deps): void {
  const { db } = deps;
  const base = "/projects/:pid/database/agent-logs";

  const filtered = (vals: [string, string | undefined][], pid: string): { where: string; params: unknown[] } => {
    const params: unknown[] = [pid];
    let where = "project_id = $1";
    for (const [k, v] of vals) {
      if (v === undefined) continue;
      params.push(v);
      where += ` AND doc ->> '${k}' = $${params.length}`;
    }
    return { where, params };
  };

  app.post(base, async (c) => {
    const b = await readBody(c);
    const doc: Json = {
      agent_id: b.str("agent_id", { required: true, min: 1 }),
      session_id: b.str("session_id") ?? null,
      log_level: b.str("log_level", { required: true, enum: LEVELS }),
      log_message: b.str("log_message", { required: true, min: 1 }),
      raw_payload: b.any("raw_payload") ?? {},
    };
    b.done();
    const id = uuid();
    const at = new Date().toISOString();
    const full = { log_id: id, id, project_id: c.get("pid"), ...doc, created_at: at };
    await db.query("INSERT INTO zdb.agent_logs (log_id, project_id, doc, created_at) VALUES ($1, $2, $3, $4)", [id, c.get("pid"), JSON.stringify(full), at]);
    return c.json(full, 201);
  });

  app.get(base, async (c) => {
    const q = queryFields(c);
    const vals: [string, string | undefined][] = [
      ["agent_id", q.str("agent_id")],
      ["session_id", q.str("session_id")],
      ["log_level", q.str("log_level", { enum: LEVELS })],
    ];
    const { skip, limit } = skipLimit(q);
    const { where, params } = filtered(vals, c.get("pid"));
    const total = (await db.query<{ n: number }>(`SELECT count(*) AS n FROM zdb.agent_logs WHERE ${where}`, params)).rows[0]!.n;
    const r = await db.query<{ doc: Json }>(`SELECT doc FROM zdb.agent_logs WHERE ${where} ORDER BY seq LIMIT ${limit} OFFSET ${skip}`, params);
    return c.json(page(r.rows.map((x) => x.doc), total, skip, limit));
  });

  app.get(`${base}/stats`, async (c) => {
    const pid = c.get("pid");
    const lv = await db.query<{ k: string; n: number }>(
      "SELECT doc->>'log_level' AS k, count(*) AS n FROM zdb.agent_logs WHERE project_id = $1 GROUP BY 1 ORDER BY 1",
      [pid],
    );
    const ag = await db.query<{ k: string; n: number }>(
      "SELECT doc->>'agent_id' AS k, count(*) AS n FROM zdb.agent_logs WHERE project_id = $1 GROUP BY 1 ORDER BY 1",
      [pid],
    );
    return c.json({
      total_logs: lv.rows.reduce((s, r) => s + r.n, 0),
      by_level: Object.fromEntries(lv.rows.map((r) => [r.k, r.n])),
      by_agent: Object.fromEntries(ag.rows.map((r) => [r.k, r.n])),
    });
  });

  app.post(`${base}/export`, async (c) => {
    const b = await readBody(c);
    const format = b.str("format", { enum: ["json", "csv"] }) ?? "json";
    const vals: [string, string | undefined][] = [
      ["agent_id", b.str("agent_id")],
      ["session_id", b.str("session_id")],
      ["log_level", b.str("log_level", { enum: LEVELS })],
    ];
    b.done();
    const { where, params } = filtered(vals, c.get("pid"));
    const r = await db.query<{ doc: Json }>(`SELECT doc FROM zdb.agent_logs WHERE ${where} ORDER BY seq`, params);
    const docs = r.rows.map((x) => x.doc);
    return c.json({ format, count: docs.length, data: format === "csv" ? toCsv(docs, CSV_COLS) : docs });
  });

  app.get(`${base}/:logId`, async (c) => {
    const id = c.req.param("logId");
    const r = isUuid(id) ? await db.query<{ doc: Json }>("SELECT doc FROM zdb.agent_logs WHERE project_id = $1 AND log_id = $2", [c.get("pid"), id]) : { rows: [] };
    if (r.rows[0] === undefined) throw new HttpError(404, `Log '${id}' not found`, "LOG_NOT_FOUND");
    return c.json(r.rows[0].doc);
  });
}
