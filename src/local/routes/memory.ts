/**
 * Project memory: `{P}/database/memory`. Content is embedded with the default
 * model on write; search embeds the query and ranks by cosine similarity.
 * @internal
 * @module
 */
import type { Hono } from "hono";
import { DEFAULT_MODEL } from "../embedder.js";
import { HttpError } from "../errors.js";
import { queryFields, readBody, skipLimit, type Fields } from "../validate.js";
import { isUuid, page, uuid, vectorLiteral, type AppEnv, type Deps } from "../util.js";
import { embedTexts, findModel } from "../embedding.js";
import { SEARCH_LIMIT_DEFAULT, SEARCH_LIMIT_MAX } from "../../contract/index.js";

const ROLES = ["user", "assistant", "system"] as const;
const COLS = "memory_id, project_id, agent_id, session_id, role, content, memory_metadata, created_at, updated_at";

const present = (r: Record<string, unknown>): Record<string, unknown> => ({ ...r, id: r.memory_id, metadata: r.memory_metadata });

function metadata(b: Fields): Record<string, unknown> | undefined {
  const key = b.raw.memory_metadata === undefined && b.raw.metadata !== undefined ? "metadata" : "memory_metadata";
  return b.obj(key);
}

export function registerMemory(app: Hono<AppEnv>, deps: Deps): void {
  const { db, embedder } = deps;
  const base = "/projects/:pid/database/memory";
  const embed = async (text: string): Promise<string> => {
    const [v] = await embedTexts(embedder, findModel(embedder, DEFAULT_MODEL), [text]);
    return vectorLiteral(v!);
  };
  const notFound = (id: string): HttpError => new HttpError(404, `Memory '${id}' not found`, "MEMORY_NOT_FOUND");

  // `/memory/store` is the older spelling of the same call (TG, TS)
  app.on("POST", [base, `${base}/store`], async (c) => {
    const b = await readBody(c);
    const content = b.str("content", { required: true, min: 1 });
    const agent = b.str("agent_id");
    const session = b.str("session_id");
    const role = b.str("role", { enum: ROLES });
    const meta = metadata(b);
    b.done();
    const r = await db.query<Record<string, unknown>>(
      `INSERT INTO zdb.memories (memory_id, project_id, agent_id, session_id, role, content, memory_metadata, embedding)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::vector) RETURNING ${COLS}`,
      [uuid(), c.get("pid"), agent ?? null, session ?? null, role ?? null, content, JSON.stringify(meta ?? {}), await embed(content!)],
    );
    return c.json(present(r.rows[0]!), 201);
  });

  app.get(base, async (c) => {
    const q = queryFields(c);
    const filters: [string, string | undefined][] = [
      ["agent_id", q.str("agent_id")],
      ["session_id", q.str("session_id")],
      ["role", q.str("role", { enum: ROLES })],
    ];
    const { skip, limit } = skipLimit(q);
    const params: unknown[] = [c.get("pid")];
    let where = "project_id = $1";
    for (const [k, v] of filters) {
      if (v === undefined) continue;
      params.push(v);
      where += ` AND ${k} = $${params.length}`;
    }
    const total = (await db.query<{ n: number }>(`SELECT count(*) AS n FROM zdb.memories WHERE ${where}`, params)).rows[0]!.n;
    const r = await db.query<Record<string, unknown>>(
      `SELECT ${COLS} FROM zdb.memories WHERE ${where} ORDER BY seq LIMIT ${limit} OFFSET ${skip}`,
      params,
    );
    return c.json(page(r.rows.map(present), total, skip, limit));
  });

  app.post(`${base}/search`, async (c) => {
    const b = await readBody(c);
    const query = b.str("query", { required: true, min: 1 });
    const limit = b.int("limit", { min: 1, max: SEARCH_LIMIT_MAX }) ?? SEARCH_LIMIT_DEFAULT;
    const threshold = b.num("threshold", { min: 0, max: 1 }) ?? 0;
    const filters: [string, string | undefined][] = [
      ["agent_id", b.str("agent_id")],
      ["session_id", b.str("session_id")],
      ["role", b.str("role", { enum: ROLES })],
    ];
    b.done();
    const qv = await embed(query!);
    const params: unknown[] = [c.get("pid"), qv];
    let where = "project_id = $1 AND vector_dims(embedding) = vector_dims($2::vector)";
    for (const [k, v] of filters) {
      if (v === undefined) continue;
      params.push(v);
      where += ` AND ${k} = $${params.length}`;
    }
    const r = await db.query<Record<string, unknown>>(
      `SELECT * FROM (SELECT ${COLS}, round((1 - (embedding <=> $2::vector))::numeric, 6)::float8 AS similarity_score
       FROM zdb.memories WHERE ${where}) m WHERE similarity_score >= ${Number(threshold)}
       ORDER BY similarity_score DESC, created_at DESC LIMIT ${limit}`,
      params,
    );
    const memories = r.rows.map(present);
    return c.json({ memories, total_count: memories.length, query });
  });

  app.get(`${base}/:memoryId`, async (c) => {
    const id = c.req.param("memoryId");
    if (!isUuid(id)) throw notFound(id);
    const r = await db.query<Record<string, unknown>>(`SELECT ${COLS} FROM zdb.memories WHERE project_id = $1 AND memory_id = $2`, [c.get("pid"), id]);
    if (r.rows[0] === undefined) throw notFound(id);
    return c.json(present(r.rows[0]));
  });

  app.put(`${base}/:memoryId`, async (c) => {
    const id = c.req.param("memoryId");
    const b = await readBody(c);
    const content = b.str("content", { min: 1 });
    const agent = b.str("agent_id");
    const session = b.str("session_id");
    const role = b.str("role", { enum: ROLES });
    const meta = metadata(b);
    b.done();
    if (!isUuid(id)) throw notFound(id);
    const r = await db.query<Record<string, unknown>>(
      `UPDATE zdb.memories SET content = COALESCE($3, content), agent_id = COALESCE($4, agent_id),
         session_id = COALESCE($5, session_id), role = COALESCE($6, role), memory_metadata = COALESCE($7::jsonb, memory_metadata),
         embedding = COALESCE($8::vector, embedding), updated_at = clock_timestamp()
       WHERE project_id = $1 AND memory_id = $2 RETURNING ${COLS}`,
      [
        c.get("pid"),
        id,
        content ?? null,
        agent ?? null,
        session ?? null,
        role ?? null,
        meta === undefined ? null : JSON.stringify(meta),
        content === undefined ? null : await embed(content),
      ],
    );
    if (r.rows[0] === undefined) throw notFound(id);
    return c.json(present(r.rows[0]));
  });

  app.delete(`${base}/:memoryId`, async (c) => {
    const id = c.req.param("memoryId");
    if (!isUuid(id)) throw notFound(id);
    const r = await db.query("DELETE FROM zdb.memories WHERE project_id = $1 AND memory_id = $2", [c.get("pid"), id]);
    if ((r.affectedRows ?? 0) === 0) throw notFound(id);
    return c.json({ success: true, memory_id: id });
  });
}
