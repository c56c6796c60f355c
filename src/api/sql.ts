import { z } from "zod";
import type { RequestOptions } from "../http/transport.js";
import { type Agrees, compact, jsonObject, parseInput, type JsonObject, type ProjectContext } from "./shared.js";

const queryParams = z.strictObject({
  sql: z.string().trim().min(1, "must not be empty"),
  params: z.union([z.array(z.unknown()), jsonObject]).optional(),
  timeout_seconds: z.number().int().min(1).max(300).optional(),
  read_only: z.boolean().default(true),
  max_rows: z.number().int().min(1).optional(),
});
/**
 * Input of {@link SqlAPI.query}. `read_only` defaults to `true` and is always sent;
 * `timeout_seconds` is 1-300 (server default 30).
 */
export interface SqlQueryParams {
  /** One SQL statement; not blank. Pass values through `$1`, `$2`, ... placeholders and `params`. */
  sql: string;
  /** Values of the placeholders, as an array (`params[0]` is `$1`); a JSON object is sent as-is. */
  params?: unknown[] | JsonObject | undefined;
  /** Server-side statement timeout in seconds, an integer 1-300. Not sent unless given (server default 30). */
  timeout_seconds?: number | undefined;
  /** Refuse writes. Default `true`, always sent; pass `false` to write. */
  read_only?: boolean | undefined;
  /** Most rows to return, an integer ≥ 1. Not sent unless given (the server decides). */
  max_rows?: number | undefined;
}
const _sqlQueryParams: Agrees<SqlQueryParams, z.input<typeof queryParams>> = true;
void _sqlQueryParams;

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
const column = z.union([z.string(), z.looseObject({ name: z.string() }).transform((c) => c.name)]);

const resultSchema = z
  .looseObject({
    query_id: z.string().nullish(),
    query_type: z.string().nullish(),
    success: z.boolean().nullish(),
    columns: z.array(column).nullish(),
    data: z.array(z.union([jsonObject, z.array(z.unknown())])).nullish(),
    rows: z.array(z.union([jsonObject, z.array(z.unknown())])).nullish(),
    rows_returned: z.number().nullish(),
    rows_affected: z.number().nullish(),
    execution_time_ms: z.number().nullish(),
    credits_consumed: z.number().nullish(),
  })
  .transform((r, ctx): SqlResult => {
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
        ctx.addIssue({ code: "custom", path: ["data", i], message: `row has ${row.length} values for ${columns.length} columns` });
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
  });

/** `POST {P}/database/query`: SQL against the project's Postgres. */
export class SqlAPI {
  readonly #ctx: ProjectContext;
  /** @internal Made by the client; use the scope's getters (and `withOptions`). */
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
  async query<R extends JsonObject = JsonObject>(params: SqlQueryParams, options?: RequestOptions): Promise<SqlResult<R>> {
    const p = parseInput(queryParams, params, "params");
    return this.#ctx.http.request(
      {
        method: "POST",
        path: `${this.#ctx.prefix}/database/query`,
        body: compact(p),
        idempotent: p.read_only,
        // 408 here is the statement timeout: re-running the same query would time out again.
        noRetryOn: [408],
        schema: resultSchema as unknown as z.ZodType<SqlResult<R>>,
      },
      options,
    );
  }
}
