/**
 * Projects (`{R}` = /v1/public/projects or /v1/projects) and the per-project
 * database switch (`{P}/database`).
 * @internal
 * @module
 */
import type { Hono } from "hono";
import type { Db } from "../db.js";
import { authenticate, authorizeProject, invalidateAuth } from "../auth.js";
import { PROJECT_COLS, getProject, project, type ProjectRow } from "../projects-store.js";
import { dropTableIndexes, invalidateTables } from "../tables-store.js";
import { HttpError } from "../errors.js";
import { queryFields, readBody } from "../validate.js";
import { uuid, type AppEnv, type Deps } from "../util.js";
import { DESCRIPTION_MAX, isVectorDimension, PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX, PROJECT_NAME_MAX, PROJECT_NAME_MIN, VECTOR_DIMENSIONS } from "../../contract/index.js";

const TIERS = ["free", "pro", "scale", "enterprise"] as const;
/** Counts shown by `GET {P}/database`. */
export async function databaseStatus(db: Db, pid: string): Promise<Record<string, unknown>> {
  const r = await db.query<Record<string, unknown>>(
    `SELECT p.database_enabled, p.vector_dimensions,
      (SELECT count(*) FROM zdb.tables WHERE project_id = p.id) AS tables_count,
      (SELECT count(*) FROM zdb.vectors WHERE project_id = p.id) AS vectors_count,
      (SELECT count(*) FROM zdb.memories WHERE project_id = p.id) AS memory_records_count,
      (SELECT count(*) FROM zdb.events WHERE project_id = p.id) AS events_count,
      (SELECT count(*) FROM zdb.files WHERE project_id = p.id) AS files_count
     FROM zdb.projects p WHERE p.id = $1`,
    [pid],
  );
  const row = r.rows[0]!;
  return { project_id: pid, enabled: row.database_enabled, ...row, vector_dimensions: row.vector_dimensions ?? 384 };
}

export function registerProjects(app: Hono<AppEnv>, deps: Deps): void {
  const { db } = deps;

  app.post("/projects", async (c) => {
    const keyHash = await authenticate(db, c.req.raw.headers);
    const b = await readBody(c);
    const name = b.str("name", { required: true, min: PROJECT_NAME_MIN, max: PROJECT_NAME_MAX });
    const description = b.str("description", { max: DESCRIPTION_MAX });
    const tier = b.str("tier", { enum: TIERS });
    const enabled = b.bool("database_enabled");
    b.done();
    const p = await db.transaction(async (tx) => {
      const r = await tx.query<ProjectRow>(
        `INSERT INTO zdb.projects (id, name, description, tier, database_enabled) VALUES ($1, $2, $3, $4, $5) RETURNING ${PROJECT_COLS}`,
        [uuid(), name, description ?? null, tier ?? "free", enabled ?? true],
      );
      await tx.query("INSERT INTO zdb.api_keys (key_hash, project_id) VALUES ($1, $2)", [keyHash, r.rows[0]!.id]);
      return project(r.rows[0]!);
    });
    invalidateAuth(db);
    return c.json(p, 201);
  });

  app.get("/projects", async (c) => {
    const keyHash = await authenticate(db, c.req.raw.headers);
    const q = queryFields(c);
    const skip = q.int("skip", { min: 0 }) ?? q.int("offset", { min: 0 }) ?? 0;
    const limit = q.int("limit", { min: 1, max: PAGE_LIMIT_MAX }) ?? PAGE_LIMIT_DEFAULT;
    const status = q.str("status");
    const includeDeleted = q.bool("include_deleted") ?? false;
    q.done();
    const where = `k.key_hash = $1 ${includeDeleted ? "" : "AND p.deleted_at IS NULL"} ${status ? "AND p.status = $2" : ""}`;
    const params: unknown[] = status ? [keyHash, status.toUpperCase()] : [keyHash];
    const from = `FROM zdb.projects p JOIN zdb.api_keys k ON k.project_id = p.id WHERE ${where}`;
    const total = (await db.query<{ n: number }>(`SELECT count(*) AS n ${from}`, params)).rows[0]!.n;
    const rows = await db.query<ProjectRow>(
      `SELECT ${PROJECT_COLS.split(", ").map((x) => `p.${x}`).join(", ")} ${from} ORDER BY p.seq LIMIT ${limit} OFFSET ${skip}`,
      params,
    );
    const items = rows.rows.map(project);
    return c.json({ items, total, skip, limit, has_more: skip + items.length < total });
  });

  app.get("/projects/:pid", async (c) => {
    const keyHash = await authenticate(db, c.req.raw.headers);
    const pid = c.req.param("pid").toLowerCase();
    const q = queryFields(c);
    const includeDeleted = q.bool("include_deleted") ?? false;
    q.done();
    await authorizeProject(db, keyHash, pid, includeDeleted);
    return c.json({ ...project((await getProject(db, pid))!), usage: await databaseStatus(db, pid) });
  });

  app.patch("/projects/:pid", async (c) => {
    const keyHash = await authenticate(db, c.req.raw.headers);
    const pid = c.req.param("pid").toLowerCase();
    await authorizeProject(db, keyHash, pid);
    const b = await readBody(c);
    const name = b.str("name", { min: PROJECT_NAME_MIN, max: PROJECT_NAME_MAX });
    const description = b.str("description", { max: DESCRIPTION_MAX });
    const tier = b.str("tier", { enum: TIERS });
    const status = b.str("status", { enum: ["ACTIVE", "SUSPENDED"] });
    const enabled = b.bool("database_enabled");
    b.done();
    const r = await db.query<ProjectRow>(
      `UPDATE zdb.projects SET name = COALESCE($2, name), description = CASE WHEN $3::boolean THEN $4 ELSE description END,
        tier = COALESCE($5, tier), status = COALESCE($6, status), database_enabled = COALESCE($7, database_enabled),
        updated_at = clock_timestamp() WHERE id = $1 RETURNING ${PROJECT_COLS}`,
      [pid, name ?? null, "description" in b.raw, description ?? null, tier ?? null, status ?? null, enabled ?? null],
    );
    return c.json(project(r.rows[0]!));
  });

  app.delete("/projects/:pid", async (c) => {
    const keyHash = await authenticate(db, c.req.raw.headers);
    const pid = c.req.param("pid").toLowerCase();
    await authorizeProject(db, keyHash, pid);
    const q = queryFields(c);
    const hard = q.bool("hard_delete") ?? false;
    q.done();
    if (hard) {
      const deletedAt = new Date();
      await db.transaction(async (tx) => {
        const tables = await tx.query<{ table_id: string }>("SELECT table_id FROM zdb.tables WHERE project_id = $1", [pid]);
        for (const t of tables.rows) await dropTableIndexes(tx, t.table_id);
        for (const t of ["vectors", "memories", "files", "events", "rlhf", "agent_logs", "tables", "api_keys"]) {
          await tx.query(`DELETE FROM zdb.${t} WHERE project_id = $1`, [pid]);
        }
        await tx.query("DELETE FROM zdb.projects WHERE id = $1", [pid]);
      });
      invalidateAuth(db);
      invalidateTables(db);
      return c.json({ id: pid, status: "DELETED", deleted_at: deletedAt, hard_delete: true });
    }
    const r = await db.query<{ deleted_at: Date }>(
      `UPDATE zdb.projects SET deleted_at = clock_timestamp(), status = 'DELETED', updated_at = clock_timestamp()
       WHERE id = $1 RETURNING deleted_at`,
      [pid],
    );
    invalidateAuth(db);
    return c.json({ id: pid, status: "DELETED", deleted_at: r.rows[0]!.deleted_at, hard_delete: false });
  });

  app.post("/projects/:pid/restore", async (c) => {
    const keyHash = await authenticate(db, c.req.raw.headers);
    const pid = c.req.param("pid").toLowerCase();
    await authorizeProject(db, keyHash, pid, true);
    const r = await db.query<ProjectRow>(
      `UPDATE zdb.projects SET deleted_at = NULL, status = 'ACTIVE', updated_at = clock_timestamp()
       WHERE id = $1 RETURNING ${PROJECT_COLS}`,
      [pid],
    );
    invalidateAuth(db);
    return c.json(project(r.rows[0]!));
  });

  // ---- {P}/database ----
  app.get("/projects/:pid/database", async (c) => c.json(await databaseStatus(db, c.get("pid"))));
  app.post("/projects/:pid/database", async (c) => {
    await db.query("UPDATE zdb.projects SET database_enabled = true, updated_at = clock_timestamp() WHERE id = $1", [c.get("pid")]);
    return c.json(await databaseStatus(db, c.get("pid")));
  });
  app.put("/projects/:pid/database", async (c) => {
    const b = await readBody(c);
    const dims = b.int("vector_dimensions");
    if (dims !== undefined && !isVectorDimension(dims)) {
      b.fail("vector_dimensions", `Input should be ${VECTOR_DIMENSIONS.slice(0, -1).join(", ")} or ${VECTOR_DIMENSIONS.at(-1)}`, "enum");
    }
    b.bool("quantum_enabled");
    b.bool("mcp_enabled");
    b.obj("database_config");
    b.done();
    await db.query(
      "UPDATE zdb.projects SET vector_dimensions = COALESCE($2, vector_dimensions), updated_at = clock_timestamp() WHERE id = $1",
      [c.get("pid"), dims ?? null],
    );
    return c.json(await databaseStatus(db, c.get("pid")));
  });
  app.delete("/projects/:pid/database", async (c) => {
    await db.query("UPDATE zdb.projects SET database_enabled = false, updated_at = clock_timestamp() WHERE id = $1", [c.get("pid")]);
    return c.json(await databaseStatus(db, c.get("pid")));
  });
}

/** Throws 404 when a project does not exist. */
export async function mustExist(db: Db, pid: string): Promise<void> {
  if ((await getProject(db, pid)) === undefined) throw new HttpError(404, "Project not found", "PROJECT_NOT_FOUND");
}
