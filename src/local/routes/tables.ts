/**
 * Tables: `{P}/database/tables`. A table is a named bag of JSONB rows; a schema
 * is stored as given, and its declared indexes become expression indexes.
 * @internal
 * @module
 */
import type { Hono } from "hono";
import { HttpError } from "../errors.js";
import { FilterError, fieldExpr } from "../query-compile.js";
import { TABLE_COLS, dropTableIndexes, indexPrefix, invalidateTables, tableByName, type TableRow } from "../tables-store.js";
import { isObject, queryFields, readBody, skipLimit, type Json } from "../validate.js";
import { isUuid, page, uuid, type AppEnv, type Deps } from "../util.js";
import { DESCRIPTION_MAX, TABLE_NAME_MAX, TABLE_NAME_PATTERN, tableNameIssue } from "../../contract/index.js";

/** Table names: letters, digits, underscore; not starting with a digit; at most 63 chars. */

function present(t: TableRow & { row_count?: number }): Record<string, unknown> {
  return {
    table_id: t.table_id,
    id: t.table_id,
    project_id: t.project_id,
    name: t.name,
    table_name: t.name,
    description: t.description,
    schema: t.schema ?? {},
    row_count: t.row_count ?? 0,
    created_at: t.created_at,
    updated_at: t.updated_at,
  };
}

/** Index specs declared by a schema: `indexes: [{fields|columns, unique?}]` and `fields.x.unique/index`. */
export function declaredIndexes(schema: Json | undefined): { fields: string[]; unique: boolean }[] {
  if (schema === undefined) return [];
  const out: { fields: string[]; unique: boolean }[] = [];
  const idx = schema.indexes;
  if (idx !== undefined) {
    if (!Array.isArray(idx)) throw new FilterError("schema.indexes must be a list");
    for (const spec of idx) {
      const raw: unknown = isObject(spec) ? (spec.fields ?? spec.columns) : typeof spec === "string" ? [spec] : undefined;
      const fields = typeof raw === "string" ? [raw] : raw;
      if (!Array.isArray(fields) || fields.length === 0 || !fields.every((f) => typeof f === "string")) {
        throw new FilterError("each schema index needs a non-empty 'fields' (or 'columns') list of field names");
      }
      out.push({ fields: fields as string[], unique: isObject(spec) && spec.unique === true });
    }
  }
  if (isObject(schema.fields)) {
    for (const [name, def] of Object.entries(schema.fields)) {
      if (isObject(def) && (def.unique === true || def.index === true || def.indexed === true)) {
        out.push({ fields: [name], unique: def.unique === true });
      }
    }
  }
  return out;
}

export function registerTables(app: Hono<AppEnv>, deps: Deps): void {
  const { db } = deps;
  const base = "/projects/:pid/database/tables";

  app.post(base, async (c) => {
    const b = await readBody(c);
    const legacy = b.raw.name === undefined && b.raw.table_name !== undefined;
    const nameKey = legacy ? "table_name" : "name";
    const name = b.str(nameKey, { required: true, min: 1, max: TABLE_NAME_MAX });
    if (name !== undefined && tableNameIssue(name) !== undefined) {
      b.fail(nameKey, `String should match pattern '${TABLE_NAME_PATTERN.source}'`, "string_pattern_mismatch");
    }
    const description = b.str("description", { max: DESCRIPTION_MAX });
    const schemaKey = b.raw.schema === undefined && b.raw.schema_definition !== undefined ? "schema_definition" : "schema";
    const schema = b.obj(schemaKey);
    b.done();
    let indexes: { fields: string[]; unique: boolean }[];
    try {
      indexes = declaredIndexes(schema);
      for (const i of indexes) i.fields.forEach((f) => fieldExpr(f));
    } catch (e) {
      if (e instanceof FilterError) throw new HttpError(400, e.message, "INVALID_SCHEMA");
      throw e;
    }
    const pid = c.get("pid");
    const t = await db.transaction(async (tx) => {
      const dup = await tx.query("SELECT 1 FROM zdb.tables WHERE project_id = $1 AND name = $2", [pid, name]);
      if (dup.rows.length > 0) throw new HttpError(409, `Table '${name}' already exists`, "TABLE_EXISTS");
      const id = uuid();
      const r = await tx.query<TableRow>(
        `INSERT INTO zdb.tables AS t (table_id, project_id, name, description, schema) VALUES ($1, $2, $3, $4, $5)
         RETURNING ${TABLE_COLS}`,
        [id, pid, name, description ?? null, schema === undefined ? null : JSON.stringify(schema)],
      );
      let n = 0;
      for (const i of indexes) {
        const exprs = i.fields.map((f) => fieldExpr(f)).join(", ");
        await tx.exec(
          `CREATE ${i.unique ? "UNIQUE " : ""}INDEX "${indexPrefix(id)}${n++}" ON zdb.rows (${exprs}) WHERE table_id = '${id}'`,
        );
      }
      return r.rows[0]!;
    });
    invalidateTables(db);
    return c.json(present(t), 201);
  });

  app.get(base, async (c) => {
    const { skip, limit } = skipLimit(queryFields(c));
    const pid = c.get("pid");
    const total = (await db.query<{ n: number }>("SELECT count(*) AS n FROM zdb.tables WHERE project_id = $1", [pid])).rows[0]!.n;
    const r = await db.query<TableRow & { row_count: number }>(
      `SELECT ${TABLE_COLS}, (SELECT count(*) FROM zdb.rows r WHERE r.table_id = t.table_id) AS row_count
       FROM zdb.tables t WHERE t.project_id = $1 ORDER BY t.seq LIMIT $2 OFFSET $3`,
      [pid, limit, skip],
    );
    return c.json(page(r.rows.map(present), total, skip, limit));
  });

  app.get(`${base}/:tableId`, async (c) => {
    const id = c.req.param("tableId");
    const r = isUuid(id)
      ? await db.query<TableRow & { row_count: number }>(
          `SELECT ${TABLE_COLS}, (SELECT count(*) FROM zdb.rows r WHERE r.table_id = t.table_id) AS row_count
           FROM zdb.tables t WHERE t.project_id = $1 AND t.table_id = $2`,
          [c.get("pid"), id],
        )
      : { rows: [] };
    const t = r.rows[0];
    if (t === undefined) throw new HttpError(404, `Table '${id}' not found (get a table by its table_id)`, "TABLE_NOT_FOUND");
    return c.json(present(t));
  });

  app.delete(`${base}/:tableName`, async (c) => {
    const name = c.req.param("tableName");
    const pid = c.get("pid");
    const t = await tableByName(db, pid, name);
    await db.transaction(async (tx) => {
      await dropTableIndexes(tx, t.table_id);
      await tx.query("DELETE FROM zdb.tables WHERE table_id = $1", [t.table_id]);
    });
    invalidateTables(db);
    return c.json({ success: true, table_name: name, table_id: t.table_id });
  });
}
