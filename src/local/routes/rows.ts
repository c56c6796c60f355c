/**
 * Rows: JSONB documents, one insert per call, offset pagination, filter
 * queries and bulk update/delete compiled to SQL (see query-compile.ts).
 * @internal
 * @module
 */
import type { Hono } from "hono";
import type { Transaction } from "@electric-sql/pglite";
import { BULK_CONFIRM_THRESHOLD, PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX } from "../../contract/index.js";
import { HttpError } from "../errors.js";
import { FilterError, compileFilter, compileSort, compileUpdate } from "../query-compile.js";
import { tableByName, type TableRow } from "../tables-store.js";
import { isObject, queryFields, readBody, skipLimit, type Fields } from "../validate.js";
import { elapsedMs, isUuid, page, uuid, type AppEnv, type Ctx, type Deps } from "../util.js";

const COLS = "row_id, table_id, row_data, created_at, updated_at";

function present(t: TableRow, r: Record<string, unknown>): Record<string, unknown> {
  return {
    row_id: r.row_id,
    id: r.row_id,
    table_id: t.table_id,
    table_name: t.name,
    project_id: t.project_id,
    row_data: r.row_data,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

function asBadRequest(e: unknown): never {
  if (e instanceof FilterError) throw new HttpError(400, e.message, "INVALID_FILTER");
  throw e;
}

function rowData(b: Fields): Record<string, unknown> {
  const d = b.obj("row_data", { required: true });
  b.done();
  return d!;
}

function requireFilter(b: Fields): Record<string, unknown> {
  const f = b.raw.filter ?? b.raw.filters;
  if (f === undefined) {
    b.fail("filter", "Field required", "missing");
    b.done();
  }
  if (!isObject(f)) {
    b.fail("filter", "Input should be a valid dictionary", "dict_type");
    b.done();
  }
  const filter = f as Record<string, unknown>;
  if (Object.keys(filter).length === 0) {
    throw new HttpError(400, "A non-empty filter is required for bulk operations", "EMPTY_FILTER");
  }
  return filter;
}

export function registerRows(app: Hono<AppEnv>, deps: Deps): void {
  const { db } = deps;
  const ops = { localOperators: deps.localOperators };
  const base = "/projects/:pid/database/tables/:table";
  const table = (c: Ctx): Promise<TableRow> => tableByName(db, c.get("pid"), c.req.param("table") ?? "");

  app.post(`${base}/rows`, async (c) => {
    const b = await readBody(c);
    const data = rowData(b);
    const t = await table(c);
    const r = await db.query<Record<string, unknown>>(
      `INSERT INTO zdb.rows (row_id, table_id, row_data) VALUES ($1, $2, $3) RETURNING ${COLS}`,
      [uuid(), t.table_id, JSON.stringify(data)],
    );
    return c.json(present(t, r.rows[0]!), 201);
  });

  app.get(`${base}/rows`, async (c) => {
    const { skip, limit } = skipLimit(queryFields(c));
    const t = await table(c);
    const total = (await db.query<{ n: number }>("SELECT count(*) AS n FROM zdb.rows WHERE table_id = $1", [t.table_id])).rows[0]!.n;
    const r = await db.query<Record<string, unknown>>(
      `SELECT ${COLS} FROM zdb.rows WHERE table_id = $1 ORDER BY seq LIMIT $2 OFFSET $3`,
      [t.table_id, limit, skip],
    );
    return c.json(page(r.rows.map((x) => present(t, x)), total, skip, limit));
  });

  // bulk routes before /rows/:rowId
  app.put(`${base}/rows/bulk`, async (c) => {
    const t0 = performance.now();
    const b = await readBody(c);
    const filter = requireFilter(b);
    const update = b.obj("update", { required: true });
    const confirm = b.bool("confirm_large_operation") ?? false;
    b.done();
    const t = await table(c);
    let where;
    let upd;
    try {
      where = compileFilter(filter, 2, "row_data", ops);
      upd = compileUpdate(update, 2 + where.params.length);
    } catch (e) {
      asBadRequest(e);
    }
    const params = [t.table_id, ...where.params];
    const result = await db.transaction(async (tx) => {
      const matched = await countConfirmed(tx, where.sql, params, confirm, "update");
      const r = await tx.query(
        `UPDATE zdb.rows SET row_data = n.doc, updated_at = clock_timestamp()
         FROM (SELECT row_id, ${upd.sql} AS doc FROM zdb.rows WHERE table_id = $1 AND ${where.sql}) n
         WHERE zdb.rows.row_id = n.row_id AND n.doc IS DISTINCT FROM zdb.rows.row_data`,
        [...params, ...upd.params],
      );
      return { matched, modified: r.affectedRows ?? 0 };
    });
    return c.json({
      matched_count: result.matched,
      modified_count: result.modified,
      filter_used: filter,
      update_operators: upd.operators,
      execution_time_ms: elapsedMs(t0),
      warnings: result.matched > BULK_CONFIRM_THRESHOLD ? [`Large operation: ${result.matched} rows matched`] : [],
    });
  });

  app.delete(`${base}/rows/bulk`, async (c) => {
    const t0 = performance.now();
    const b = await readBody(c);
    const filter = requireFilter(b);
    const confirm = b.bool("confirm_large_operation") ?? false;
    b.done();
    const t = await table(c);
    let where;
    try {
      where = compileFilter(filter, 2, "row_data", ops);
    } catch (e) {
      asBadRequest(e);
    }
    const params = [t.table_id, ...where.params];
    const result = await db.transaction(async (tx) => {
      const matched = await countConfirmed(tx, where.sql, params, confirm, "delete");
      const r = await tx.query(`DELETE FROM zdb.rows WHERE table_id = $1 AND ${where.sql}`, params);
      return { matched, deleted: r.affectedRows ?? 0 };
    });
    return c.json({
      deleted_count: result.deleted,
      filter_used: filter,
      execution_time_ms: elapsedMs(t0),
      warnings: result.matched > BULK_CONFIRM_THRESHOLD ? [`Large operation: ${result.matched} rows matched`] : [],
    });
  });

  const oneRow = async (c: Ctx): Promise<{ t: TableRow; id: string }> => {
    const t = await table(c);
    const id = c.req.param("rowId") ?? "";
    if (!isUuid(id)) throw new HttpError(404, `Row '${id}' not found`, "ROW_NOT_FOUND");
    return { t, id };
  };
  const missing = (id: string): HttpError => new HttpError(404, `Row '${id}' not found`, "ROW_NOT_FOUND");

  app.get(`${base}/rows/:rowId`, async (c) => {
    const { t, id } = await oneRow(c);
    const r = await db.query<Record<string, unknown>>(`SELECT ${COLS} FROM zdb.rows WHERE table_id = $1 AND row_id = $2`, [t.table_id, id]);
    if (r.rows[0] === undefined) throw missing(id);
    return c.json(present(t, r.rows[0]));
  });

  app.put(`${base}/rows/:rowId`, async (c) => {
    const b = await readBody(c);
    const data = rowData(b);
    const { t, id } = await oneRow(c);
    const r = await db.query<Record<string, unknown>>(
      `UPDATE zdb.rows SET row_data = $3, updated_at = clock_timestamp() WHERE table_id = $1 AND row_id = $2 RETURNING ${COLS}`,
      [t.table_id, id, JSON.stringify(data)],
    );
    if (r.rows[0] === undefined) throw missing(id);
    return c.json(present(t, r.rows[0]));
  });

  // Partial update: the top-level keys of `row_data` replace the stored ones, the rest stay;
  // a null value stores null (JSONB `||`), it does not delete the key.
  app.patch(`${base}/rows/:rowId`, async (c) => {
    const b = await readBody(c);
    const data = rowData(b);
    const { t, id } = await oneRow(c);
    const r = await db.query<Record<string, unknown>>(
      `UPDATE zdb.rows SET row_data = row_data || $3::jsonb, updated_at = clock_timestamp() WHERE table_id = $1 AND row_id = $2 RETURNING ${COLS}`,
      [t.table_id, id, JSON.stringify(data)],
    );
    if (r.rows[0] === undefined) throw missing(id);
    return c.json(present(t, r.rows[0]));
  });

  app.delete(`${base}/rows/:rowId`, async (c) => {
    const { t, id } = await oneRow(c);
    const r = await db.query("DELETE FROM zdb.rows WHERE table_id = $1 AND row_id = $2", [t.table_id, id]);
    if ((r.affectedRows ?? 0) === 0) throw missing(id);
    return c.json({ success: true, row_id: id });
  });

  app.post(`${base}/query`, async (c) => {
    const t0 = performance.now();
    const b = await readBody(c);
    const rawFilter = b.raw.filter ?? b.raw.filters ?? {};
    if (!isObject(rawFilter)) b.fail("filter", "Input should be a valid dictionary", "dict_type");
    const skip = b.int("skip", { min: 0 }) ?? b.int("offset", { min: 0 }) ?? 0;
    const limit = b.int("limit", { min: 1, max: PAGE_LIMIT_MAX }) ?? PAGE_LIMIT_DEFAULT;
    b.done();
    const t = await table(c);
    let where;
    let order;
    try {
      where = compileFilter(rawFilter, 2, "row_data", ops);
      order = compileSort(b.raw.sort);
    } catch (e) {
      asBadRequest(e);
    }
    const params = [t.table_id, ...where.params];
    const cond = `table_id = $1 AND ${where.sql}`;
    const total = (await db.query<{ n: number }>(`SELECT count(*) AS n FROM zdb.rows WHERE ${cond}`, params)).rows[0]!.n;
    const r = await db.query<Record<string, unknown>>(
      `SELECT ${COLS} FROM zdb.rows WHERE ${cond} ORDER BY ${order ? `${order}, ` : ""}seq LIMIT ${limit} OFFSET ${skip}`,
      params,
    );
    return c.json({
      ...page(r.rows.map((x) => present(t, x)), total, skip, limit),
      filter_summary: where.summary,
      execution_time_ms: elapsedMs(t0),
    });
  });
}

/** Counts the rows a bulk call matches, refusing more than BULK_CONFIRM_THRESHOLD without confirmation (ZeroDB's rule). */
async function countConfirmed(tx: Transaction, whereSql: string, params: unknown[], confirm: boolean, verb: "update" | "delete"): Promise<number> {
  const matched = (await tx.query<{ n: number }>(`SELECT count(*) AS n FROM zdb.rows WHERE table_id = $1 AND ${whereSql}`, params)).rows[0]!.n;
  if (matched > BULK_CONFIRM_THRESHOLD && !confirm) {
    throw new HttpError(
      400,
      `This ${verb} matches ${matched} rows (more than ${BULK_CONFIRM_THRESHOLD}); send confirm_large_operation: true to proceed`,
      "CONFIRMATION_REQUIRED",
    );
  }
  return matched;
}
