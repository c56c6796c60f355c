/**
 * Project rows: creation, look-up and their wire shape, shared by the project
 * routes and the server start-up.
 * @internal
 * @module
 */
import type { Db } from "./db.js";
import { uuid } from "./util.js";

/** Columns of a project look-up. */
export const PROJECT_COLS = "id, name, description, tier, status, database_enabled, created_at, updated_at, deleted_at";

/** A row of `zdb.projects`. */
export type ProjectRow = Record<string, unknown> & { id: string; deleted_at: Date | null };

/** The Project object of the wire contract (`deleted_at` only when set). */
export function project(r: ProjectRow): Record<string, unknown> {
  const { deleted_at, ...rest } = r;
  return deleted_at ? { ...rest, deleted_at } : rest;
}

/** A project row by id, deleted or not. */
export async function getProject(db: Db, id: string): Promise<ProjectRow | undefined> {
  const r = await db.query<ProjectRow>(`SELECT ${PROJECT_COLS} FROM zdb.projects WHERE id = $1`, [id]);
  return r.rows[0];
}

/** Creates a project row (no key binding). */
export async function insertProject(
  db: Db,
  p: { id?: string; name: string; description?: string | null; tier?: string; database_enabled?: boolean },
): Promise<Record<string, unknown>> {
  const r = await db.query<ProjectRow>(
    `INSERT INTO zdb.projects (id, name, description, tier, database_enabled) VALUES ($1, $2, $3, $4, $5) RETURNING ${PROJECT_COLS}`,
    [p.id ?? uuid(), p.name, p.description ?? null, p.tier ?? "free", p.database_enabled ?? true],
  );
  return project(r.rows[0]!);
}
