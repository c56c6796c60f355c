/**
 * Table look-ups shared by the table, row and project routes: the cached
 * table-by-name resolver and the expression indexes declared by a schema.
 * @internal
 * @module
 */
import { createHash } from "node:crypto";
import type { Transaction } from "@electric-sql/pglite";
import type { Db } from "./db.js";
import { HttpError } from "./errors.js";
import type { Json } from "./validate.js";

/** A row of `zdb.tables`. */
export interface TableRow {
  table_id: string;
  project_id: string;
  name: string;
  description: string | null;
  schema: Json | null;
  created_at: Date;
  updated_at: Date;
}

/** Columns of a table look-up (alias `t`). */
export const TABLE_COLS = "t.table_id, t.project_id, t.name, t.description, t.schema, t.created_at, t.updated_at";

const tableCaches = new WeakMap<Db, Map<string, TableRow>>();

/** Forgets cached table lookups; call after creating or deleting tables. */
export function invalidateTables(db: Db): void {
  tableCaches.get(db)?.clear();
}

/** The table of a project by name (cached), or 404. */
export async function tableByName(db: Db, pid: string, name: string): Promise<TableRow> {
  let cache = tableCaches.get(db);
  if (cache === undefined) {
    cache = new Map();
    tableCaches.set(db, cache);
  }
  const key = `${pid}/${name}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const r = await db.query<TableRow>(`SELECT ${TABLE_COLS} FROM zdb.tables t WHERE t.project_id = $1 AND t.name = $2`, [pid, name]);
  const t = r.rows[0];
  if (t === undefined) throw new HttpError(404, `Table '${name}' not found`, "TABLE_NOT_FOUND");
  if (cache.size > 10_000) cache.clear();
  cache.set(key, t);
  return t;
}

/** Name prefix of the expression indexes made for one table: hashed, since index names are visible to every project through pg_class. */
export const indexPrefix = (tableId: string): string => `zidx_${createHash("sha256").update(tableId).digest("hex").slice(0, 24)}_`;

/** Drops the expression indexes created for a table. */
export async function dropTableIndexes(tx: Db | Transaction, tableId: string): Promise<void> {
  const r = await tx.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'zdb' AND c.relkind = 'i' AND c.relname LIKE $1`,
    [`${indexPrefix(tableId)}%`],
  );
  for (const { relname } of r.rows) await tx.exec(`DROP INDEX zdb."${relname}"`);
}
