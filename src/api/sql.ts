import { SQL_MAX_ROWS_MAX, SQL_TEXT_MAX, SQL_TIMEOUT_MAX_SECONDS } from "../contract/index.js";
import * as z from "zod/mini";
import type { RequestOptions } from "../http/transport.js";
import { type APIPromise, post } from "./resource.js";
import { compact, inputOf, jsonObject, parseInput, type JsonObject, type ProjectContext } from "./shared.js";

const queryParams = inputOf<SqlQueryParams>()(
  z.strictObject({
    sql: z.string().check(z.trim(), z.minLength(1, "must not be empty"), z.maxLength(SQL_TEXT_MAX)),
    params: z.optional(z.union([z.array(z.unknown()), jsonObject])),
    timeout_seconds: z.optional(z.int().check(z.minimum(1), z.maximum(SQL_TIMEOUT_MAX_SECONDS))),
    read_only: z._default(z.boolean(), true),
    max_rows: z.optional(z.int().check(z.minimum(1), z.maximum(SQL_MAX_ROWS_MAX))),
  }),
);
/**
 * Input of {@link SqlAPI.query}. `read_only` defaults to `true` and is always sent;
 * `timeout_seconds` is 1-300 (server default 30).
 */
export interface SqlQueryParams {
  /** One SQL statement; not blank, at most 100,000 characters. Pass values through `$1`, `$2`, ... placeholders and `params`. */
  sql: string;
  /** Values of the placeholders, as an array (`params[0]` is `$1`); a JSON object is sent as-is. */
  params?: unknown[] | JsonObject | undefined;
  /** Server-side statement timeout in seconds, an integer 1-300. Not sent unless given (server default 30). */
  timeout_seconds?: number | undefined;
  /** Refuse writes. Default `true`, always sent; pass `false` to write. */
  read_only?: boolean | undefined;
  /** Most rows to return, an integer 1-100,000. Not sent unless given (server default 1000). */
  max_rows?: number | undefined;
}

/** Answer of a SQL query; `data` holds one object per row, keyed by column name. */
export interface SqlResult<R extends JsonObject = JsonObject> {
  query_id: string | undefined;
  query_type: string | undefined;
  success: boolean;
  columns: string[];
  data: R[];
  rows_returned: number;
  rows_affected: number;
  execution_time_ms: number | undefined;
  credits_consumed: number | undefined;
  [key: string]: unknown;
}

// Columns may come as names or as `{name, type}` descriptors.
const column = z.union([z.string(), z.pipe(z.looseObject({ name: z.string() }), z.transform((c) => c.name))]);

const resultSchema = z.pipe(
  z.looseObject({
    query_id: z.nullish(z.string()),
    query_type: z.nullish(z.string()),
    success: z.nullish(z.boolean()),
    columns: z.nullish(z.array(column)),
    data: z.nullish(z.array(z.union([jsonObject, z.array(z.unknown())]))),
    rows: z.nullish(z.array(z.union([jsonObject, z.array(z.unknown())]))),
    rows_returned: z.nullish(z.number()),
    rows_affected: z.nullish(z.number()),
    execution_time_ms: z.nullish(z.number()),
    credits_consumed: z.nullish(z.number()),
  }),
  z.transform((r, ctx): SqlResult => {
    const raw = r.data ?? r.rows ?? [];
    const first = raw.find((row) => !Array.isArray(row));
    const columns = r.columns ?? (first === undefined ? [] : Object.keys(first));
    const data: JsonObject[] = [];
    for (const [i, row] of raw.entries()) {
      if (!Array.isArray(row)) {
        data.push(row);
        continue;
      }
      // Rows sent as value arrays are zipped with the column names.
      if (row.length !== columns.length) {
        ctx.issues.push({ code: "custom", path: ["data", i], message: `row has ${row.length} values for ${columns.length} columns`, input: row });
        return z.NEVER;
      }
      data.push(Object.fromEntries(columns.map((c, j) => [c, row[j]])));
    }
    const { rows: _rows, ...rest } = r;
    return {
      ...rest,
      query_id: r.query_id ?? undefined,
      query_type: r.query_type ?? undefined,
      success: r.success ?? true,
      columns,
      data,
      rows_returned: r.rows_returned ?? data.length,
      rows_affected: r.rows_affected ?? 0,
      execution_time_ms: r.execution_time_ms ?? undefined,
      credits_consumed: r.credits_consumed ?? undefined,
    };
  }),
);

/** `POST {P}/database/query`: SQL against the project's Postgres. */
export class SqlAPI {
  readonly #ctx: ProjectContext;
  /** @internal Made by the client; use `scope.sql`. */
  constructor(ctx: ProjectContext) {
    this.#ctx = ctx;
  }

  /**
   * Runs one SQL statement. Read-only by default; pass `read_only: false` to write. Only
   * read-only queries are retried after an ambiguous failure. Throws `BadRequestError` for
   * rejected SQL, `NotFoundError` without a dedicated database, and the 408 `APIError` on a
   * server-side timeout.
   * @example
   * ```ts
   * const { data } = await scope.sql.query<{ id: string; total: number }>({
   *   sql: "SELECT id, total FROM pledges WHERE total > $1",
   *   params: [100],
   * });
   * ```
   */
  query<R extends JsonObject = JsonObject>(params: SqlQueryParams, options?: RequestOptions): APIPromise<SqlResult<R>> {
    return post(this.#ctx.http, () => {
      const p = parseInput(queryParams, params, "params");
      // 408 here is the statement timeout: re-running the same query would time out again.
      const schema = resultSchema as unknown as z.ZodMiniType<SqlResult<R>>;
      return { path: `${this.#ctx.prefix}/database/query`, body: compact(p), idempotent: p.read_only, noRetryOn: [408], schema };
    }, options);
  }
}
