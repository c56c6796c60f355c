/**
 * `POST {P}/database/query`: SQL over the project's tables.
 *
 * Each table of the project is a TEMP view of the same name, created inside
 * the request's transaction (`security_barrier`, so user predicates never run
 * before the project filter), with columns `row_id`, `created_at`,
 * `updated_at` and one column per top-level `row_data` field (see isColumnName),
 * typed from the data (tracked in `zdb.row_keys`): all numbers → numeric, all
 * booleans → boolean, any object/array → jsonb, anything else → text. The statement then runs under the restricted
 * role `zdb_sql`, which cannot reach the internal schema, create objects, or
 * switch roles; only one statement is accepted (extended protocol) and it must
 * be a SELECT/WITH/VALUES/TABLE/EXPLAIN (plus INSERT/UPDATE/DELETE when
 * `read_only` is false, written through INSTEAD OF triggers that change only the
 * columns a statement sets). The views are gone when the transaction ends.
 *
 * Timeout: PGlite (single-threaded WASM) cannot interrupt a running statement,
 * so `statement_timeout` has no effect; the server measures the statement and,
 * when it took longer than `timeout_seconds`, rolls it back and answers 408.
 * @internal
 * @module
 */
import type { Hono } from "hono";
import { SQL_MAX_ROWS_DEFAULT, SQL_MAX_ROWS_MAX, SQL_TEXT_MAX, SQL_TIMEOUT_DEFAULT_SECONDS, SQL_TIMEOUT_MAX_SECONDS } from "../../contract/index.js";
import { SQL_ROLE, type Db } from "../db.js";
import { HttpError } from "../errors.js";
import { readBody, type Json } from "../validate.js";
import { elapsedMs, jsonSafe, uuid, type AppEnv, type Deps } from "../util.js";

const READ_KINDS = ["select", "with", "values", "table", "explain"];
const WRITE_KINDS = ["insert", "update", "delete"];
const RESERVED = new Set(["row_id", "created_at", "updated_at"]);
const TEMP_FILE_LIMIT_MB = 128;

/** First keyword of a statement, skipping whitespace, comments and opening parentheses. */
export function statementKind(sql: string): string {
  let s = sql;
  for (;;) {
    const before = s;
    s = s.replace(/^\s+/, "").replace(/^\(+/, "");
    if (s.startsWith("--")) s = s.replace(/^--[^\n]*(\n|$)/, "");
    if (s.startsWith("/*")) {
      const end = s.indexOf("*/");
      s = end < 0 ? "" : s.slice(end + 2);
    }
    if (s === before) break;
  }
  return (/^[A-Za-z]+/.exec(s)?.[0] ?? "").toLowerCase();
}

const quoteIdent = (s: string): string => `"${s.replace(/"/g, '""')}"`;
const quoteLit = (s: string): string => `'${s.replace(/'/g, "''")}'`;

interface Column {
  name: string;
  type: "numeric" | "boolean" | "text" | "jsonb";
}

function declaredType(t: unknown): Column["type"] | undefined {
  const s = (typeof t === "string" ? t : "").toLowerCase();
  if (/^(int|integer|bigint|float|double|number|numeric|decimal|real|smallint)/.test(s)) return "numeric";
  if (/^bool/.test(s)) return "boolean";
  if (/^(json|jsonb|object|array|dict|list)/.test(s)) return "jsonb";
  return s === "" ? undefined : "text";
}

/**
 * Column types of every table in the project from `zdb.row_keys` (kept current by
 * a trigger on every row write), so the cost does not grow with the row count.
 */
async function seenTypes(db: Db, tableIds: string[]): Promise<Map<string, { key: string; types: string[] }[]>> {
  const r = await db.query<{ table_id: string; key: string; types: string[] }>(
    `SELECT table_id, key, array_agg(jtype) AS types FROM zdb.row_keys
     WHERE table_id = ANY($1::uuid[]) AND n > 0 GROUP BY table_id, key ORDER BY table_id, min(first_seq), key`,
    [tableIds],
  );
  const out = new Map<string, { key: string; types: string[] }[]>();
  for (const row of r.rows) {
    const list = out.get(row.table_id) ?? [];
    list.push(row);
    out.set(row.table_id, list);
  }
  return out;
}

/**
 * A key becomes a column when it is a usable, distinct identifier: not empty,
 * at most 63 bytes (PostgreSQL truncates longer names, which could collide), and
 * not one of the three system columns. Other keys stay in the row, untouched by
 * SQL writes, and are reachable through the rows API.
 */
const isColumnName = (k: string): boolean => k !== "" && Buffer.byteLength(k) <= 63 && !RESERVED.has(k);

/** Columns of a table's view: declared fields first, then fields seen in the data. */
function columnsOf(seen: { key: string; types: string[] }[], schema: Json | null): Column[] {
  const cols = new Map<string, Column>();
  const fields = schema?.fields;
  const defs: [string, unknown][] =
    typeof fields === "object" && fields !== null && !Array.isArray(fields)
      ? Object.entries(fields)
      : Object.entries(schema ?? {}).filter(([, v]) => typeof v === "string");
  for (const [k, def] of defs) {
    const t = typeof def === "string" ? def.split(/\s/)[0] : typeof def === "object" && def !== null ? (def as Json).type : undefined;
    cols.set(k, { name: k, type: declaredType(t) ?? "text" });
  }
  for (const { key, types } of seen) {
    const ts = types.filter((x) => x !== "null");
    let type: Column["type"] = cols.get(key)?.type ?? "text";
    if (ts.length > 0) {
      if (ts.every((x) => x === "number")) type = "numeric";
      else if (ts.every((x) => x === "boolean")) type = "boolean";
      else if (ts.some((x) => x === "object" || x === "array")) type = "jsonb";
      else type = "text";
    }
    cols.set(key, { name: key, type });
  }
  // a declared numeric/boolean type the data contradicts was overridden above
  return [...cols.values()].filter((c) => isColumnName(c.name));
}

function columnExpr(c: Column): string {
  const k = quoteLit(c.name);
  switch (c.type) {
    case "numeric":
      return `(r.row_data ->> ${k})::numeric`;
    case "boolean":
      return `(r.row_data ->> ${k})::boolean`;
    case "jsonb":
      return `(r.row_data -> ${k})`;
    default:
      return `CASE jsonb_typeof(r.row_data -> ${k}) WHEN 'object' THEN (r.row_data -> ${k})::text WHEN 'array' THEN (r.row_data -> ${k})::text ELSE r.row_data ->> ${k} END`;
  }
}

const NUMERIC = 1700;
const INT8 = 20;
const parsers = {
  [NUMERIC]: (v: string): number | string => {
    const n = Number(v);
    return Number.isFinite(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER ? n : v;
  },
  [INT8]: (v: string): number | string => {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : v;
  },
};

export function registerSql(app: Hono<AppEnv>, deps: Deps): void {
  const db: Db = deps.db;

  // CAT also lists /v1/public/projects/{pid}/database/postgres/query for the same call
  app.on("POST", ["/projects/:pid/database/query", "/projects/:pid/database/postgres/query"], async (c) => {
    const t0 = performance.now();
    const b = await readBody(c);
    const sql = b.str("sql", { required: true, min: 1, max: SQL_TEXT_MAX });
    const params = b.arr("params") ?? [];
    const timeoutSeconds = b.num("timeout_seconds", { min: 1, max: SQL_TIMEOUT_MAX_SECONDS }) ?? SQL_TIMEOUT_DEFAULT_SECONDS;
    const readOnly = b.bool("read_only") ?? true;
    const maxRows = b.int("max_rows", { min: 1, max: SQL_MAX_ROWS_MAX }) ?? SQL_MAX_ROWS_DEFAULT;
    b.done();
    const kind = statementKind(sql!);
    const allowed = readOnly ? READ_KINDS : [...READ_KINDS, ...WRITE_KINDS];
    if (!allowed.includes(kind)) {
      const why = WRITE_KINDS.includes(kind)
        ? `${kind.toUpperCase()} is not allowed with read_only=true`
        : `Statement type '${kind.toUpperCase() || "?"}' is not allowed: only SELECT, WITH, VALUES, TABLE, EXPLAIN ` +
          "(and INSERT, UPDATE, DELETE with read_only=false) are accepted";
      throw new HttpError(400, why, "SQL_REJECTED");
    }
    const pid = c.get("pid");
    const values = params.map((p) => (p !== null && typeof p === "object" ? JSON.stringify(p) : p));

    const tables = await db.query<{ table_id: string; name: string; schema: Json | null }>(
      "SELECT table_id, name, schema FROM zdb.tables WHERE project_id = $1 ORDER BY seq",
      [pid],
    );
    const seen = await seenTypes(db, tables.rows.map((t) => t.table_id));
    // the row cap runs inside the statement, so the database stops after maxRows + 1 rows
    const capped = kind !== "explain" && (readOnly || kind !== "with") && !WRITE_KINDS.includes(kind);
    const text = capped ? `SELECT * FROM (\n${sql!.replace(/[\s;]+$/, "")}\n) AS zdb_capped LIMIT ${maxRows + 1}` : sql!;
    let timedOut = false;
    let ms = 0;
    const run = db.transaction(async (tx) => {
      for (const t of tables.rows) {
        const cols = columnsOf(seen.get(t.table_id) ?? [], t.schema);
        const select = ["r.row_id", "r.created_at", "r.updated_at", ...cols.map((col) => `${columnExpr(col)} AS ${quoteIdent(col.name)}`)];
        const view = `pg_temp.${quoteIdent(t.name)}`;
        await tx.exec(
          `CREATE TEMP VIEW ${quoteIdent(t.name)} WITH (security_barrier) AS SELECT ${select.join(", ")}
           FROM zdb.rows r WHERE r.table_id = '${t.table_id}'`,
        );
        if (readOnly) {
          await tx.exec(`GRANT SELECT ON ${view} TO ${SQL_ROLE}`);
        } else {
          await tx.exec(
            `CREATE TRIGGER zdb_dml INSTEAD OF INSERT OR UPDATE OR DELETE ON ${view}
             FOR EACH ROW EXECUTE FUNCTION zdb.view_dml('${t.table_id}', ${quoteLit(JSON.stringify(cols.filter((x) => x.type === "numeric").map((x) => x.name)))});
             GRANT SELECT, INSERT, UPDATE, DELETE ON ${view} TO ${SQL_ROLE}`,
          );
        }
      }
      // PGlite's temporary files live in memory: a sort or a set-returning function in FROM spills there
      await tx.exec(`SET LOCAL temp_file_limit = '${TEMP_FILE_LIMIT_MB}MB'; SET LOCAL search_path = pg_temp, public; SET LOCAL ROLE ${SQL_ROLE}`);
      if (readOnly) await tx.exec("SET TRANSACTION READ ONLY");
      const s0 = performance.now();
      const r = await tx.query<unknown[]>(text, values, { rowMode: "array", parsers });
      ms = performance.now() - s0;
      await tx.exec("RESET ROLE");
      if (ms > timeoutSeconds * 1000) {
        timedOut = true;
        await tx.rollback();
        return r;
      }
      if (readOnly) {
        await tx.rollback();
      } else {
        for (const t of tables.rows) await tx.exec(`DROP VIEW pg_temp.${quoteIdent(t.name)}`);
      }
      return r;
    });
    const result = await run.catch((e: unknown) => {
      // privilege errors are "rejected SQL" (400) like every other refusal here
      if (typeof e === "object" && e !== null && (e as { code?: unknown }).code === "42501") {
        throw new HttpError(400, `Rejected: ${(e as Error).message}`, "SQL_REJECTED");
      }
      if (typeof e === "object" && e !== null && (e as { code?: unknown }).code === "53400") {
        throw new HttpError(
          400,
          `Rejected: the statement needs more than ${TEMP_FILE_LIMIT_MB} MB of temporary storage (a large sort, or a set-returning function in FROM); narrow it`,
          "SQL_TOO_LARGE",
        );
      }
      if (typeof e === "object" && e !== null && (e as { code?: unknown }).code === "ZDB02") {
        throw new HttpError(400, `Write refused, nothing was changed: ${(e as Error).message}`, "SQL_WRITE_REFUSED");
      }
      throw e;
    });
    if (timedOut) {
      throw new HttpError(408, `Query exceeded the timeout of ${timeoutSeconds} s (took ${(ms / 1000).toFixed(2)} s; rolled back)`, "QUERY_TIMEOUT");
    }
    const columns = result.fields.map((f) => f.name);
    const rows = result.rows.slice(0, maxRows).map((row) => {
      const o: Record<string, unknown> = {};
      columns.forEach((name, i) => {
        o[name] = jsonSafe(row[i]);
      });
      return o;
    });
    return c.json({
      query_id: uuid(),
      project_id: pid,
      query_type: kind.toUpperCase(),
      success: true,
      execution_time_ms: elapsedMs(t0),
      rows_affected: result.affectedRows ?? 0,
      rows_returned: rows.length,
      truncated: result.rows.length > rows.length,
      columns,
      column_types: result.fields.map((f) => f.dataTypeID),
      data: rows,
      credits_consumed: 0,
    });
  });
}
