import * as z from "zod/mini";
import { PagePromise, pagesOrError, type Page } from "../http/pagination.js";
import { segment } from "../http/paths.js";
import { isAPIError } from "../http/errors.js";
import type { RequestOptions } from "../http/transport.js";
import { APIPromise, del, get, patch, post, put } from "./resource.js";
import { addIssues, inputOf, listPages, anyObject, jsonObject, pageLimit, pageParams, pageSchema, pageSkip, parseInput, type JsonObject, type PageParams, type ProjectContext } from "./shared.js";
import { tableName } from "./tables.js";
import { PAGE_LIMIT_DEFAULT, filterIssues, sortIssues, updateIssues } from "../contract/index.js";

/** One stored row. User data sits under `row_data`, never flattened. */
export interface Row<T extends JsonObject = JsonObject> {
  row_id: string;
  table_id: string | undefined;
  table_name: string | undefined;
  row_data: T;
  created_at: string | undefined;
  updated_at: string | undefined;
}

// ZeroDB answers `{row_id, row_data, ...}`; the makers' older local emulator answered `{id, data, ...}`, still read.
const rowSchema = z.pipe(
  z
    .looseObject({
      row_id: z.optional(z.string()),
      id: z.optional(z.string()),
      table_id: z.nullish(z.string()),
      table_name: z.nullish(z.string()),
      row_data: z.optional(jsonObject),
      data: z.optional(jsonObject),
      created_at: z.nullish(z.string()),
      updated_at: z.nullish(z.string()),
    })
    .check(z.refine((r) => (r.row_id ?? r.id) !== undefined, { message: "a row needs row_id (or id)" })),
  z.transform(
    (r): Row => ({
      row_id: (r.row_id ?? r.id) as string,
      table_id: r.table_id ?? undefined,
      table_name: r.table_name ?? undefined,
      row_data: r.row_data ?? r.data ?? {},
      created_at: r.created_at ?? undefined,
      updated_at: r.updated_at ?? undefined,
    }),
  ),
);

/** Options of {@link ProjectScope.rows}. */
export interface RowsOptions<T extends JsonObject = JsonObject> {
  /**
   * A zod schema (classic or `zod/mini`) of `row_data`, checked on every write and read.
   * What is sent is the schema's output (defaults applied). Default: none, unchecked.
   */
  schema?: z.core.$ZodType<T> | undefined;
}

/** The row schema whose `row_data` must also satisfy the caller's schema. */
function typedRowSchema<T>(data: z.core.$ZodType<T>): z.ZodMiniType<Row> {
  return z.pipe(
    rowSchema,
    z.transform((row, ctx) => {
      const parsed = z.safeParse(data, row.row_data);
      if (parsed.success) return { ...row, row_data: parsed.data as JsonObject };
      for (const issue of parsed.error.issues) ctx.issues.push({ ...issue, path: ["row_data", ...issue.path], input: row.row_data } as never);
      return z.NEVER;
    }),
  );
}

/** A query filter: `{field: value}` for equality or `{field: {$op: value}}` with the operators ZeroDB knows. */
export type Filter = Record<string, unknown>;
/** Sort order: `{field: 1}` ascending, `{field: -1}` descending. */
export type Sort = Record<string, 1 | -1>;

// The rules are the wire contract's; the local-only operators pass only for a client made with `localOperators: true`.
const filterSchemas = [false, true].map((localOperators) =>
  jsonObject.check(z.superRefine((filter, ctx) => addIssues(ctx, filterIssues(filter, { localOperators })))),
);
const nonEmptyFilters = filterSchemas.map((f) => f.check(z.refine((v) => Object.keys(v).length > 0, "must not be empty (a bulk call would touch every row)")));
const sortSchema = jsonObject.check(z.superRefine((sort, ctx) => addIssues(ctx, sortIssues(sort)))) as unknown as z.ZodMiniType<Sort, Sort>;
const updateSchema = jsonObject.check(z.superRefine((update, ctx) => addIssues(ctx, updateIssues(update))));

const queryParamsFor = filterSchemas.map((filter) =>
  inputOf<QueryParams>()(z.strictObject({
    filter: z.optional(filter),
    sort: z.optional(sortSchema),
    skip: z.optional(pageSkip),
    limit: z.optional(pageLimit),
  })),
);
/** Input of {@link RowsAPI.query}. */
export interface QueryParams {
  /** Which rows: `{field: value}` or `{field: {$op: value}}`; field names hold letters, digits, `_` and `.`. Default `{}` (every row). */
  filter?: Filter | undefined;
  /** Order: `{field: 1}` ascending, `{field: -1}` descending. Default: the server's order. */
  sort?: Sort | undefined;
  /** Rows to skip before the first one returned; an integer ≥ 0. Default 0. */
  skip?: number | undefined;
  /** Page size, 1-1000. Default 100. */
  limit?: number | undefined;
}

const bulkUpdateParamsFor = nonEmptyFilters.map((filter) =>
  inputOf<BulkUpdateParams>()(z.strictObject({
    filter,
    update: updateSchema as unknown as z.ZodMiniType<BulkUpdateParams["update"], BulkUpdateParams["update"]>,
    confirm_large_operation: z.optional(z.boolean()),
  })),
);
/** Input of {@link RowsAPI.bulkUpdate}. `confirm_large_operation` is required by ZeroDB above 100 matching rows. */
export interface BulkUpdateParams {
  /** Which rows to update, as in {@link QueryParams.filter}; must not be empty. */
  filter: Filter;
  /** What to change: at least one of `$set` `$inc` `$push` `$pull` `$unset`, each `{field: value}`. */
  update: { $set?: JsonObject; $inc?: JsonObject; $push?: JsonObject; $pull?: JsonObject; $unset?: JsonObject };
  /** Must be `true` when more than 100 rows match. Not sent unless given. */
  confirm_large_operation?: boolean | undefined;
}
const bulkDeleteParamsFor = nonEmptyFilters.map((filter) =>
  inputOf<BulkDeleteParams>()(z.strictObject({ filter, confirm_large_operation: z.optional(z.boolean()) })),
);
/** Input of {@link RowsAPI.bulkDelete}. */
export interface BulkDeleteParams {
  /** Which rows to delete, as in {@link QueryParams.filter}; must not be empty. */
  filter: Filter;
  /** Must be `true` when more than 100 rows match. Not sent unless given. */
  confirm_large_operation?: boolean | undefined;
}

/** Answer of a bulk update. */
export interface BulkUpdateResult {
  matched_count: number;
  modified_count: number;
  [key: string]: unknown;
}
const bulkUpdateResult = z.looseObject({ matched_count: z.number(), modified_count: z.number() });
/** Answer of a bulk delete. */
export interface BulkDeleteResult {
  deleted_count: number;
  [key: string]: unknown;
}
const bulkDeleteResult = z.looseObject({ deleted_count: z.number() });

/**
 * Rows of one table: `{P}/database/tables/{table}/rows` and `/query`. Inserts send one
 * row per call (`{row_data}`) and are not retried after an ambiguous failure; see
 * `RequestOptions.idempotent`.
 */
export class RowsAPI<T extends JsonObject = JsonObject> {
  readonly #ctx: ProjectContext;
  readonly #table: string;
  readonly #data: z.core.$ZodType<T> | undefined;
  readonly #row: z.ZodMiniType<Row<T>>;
  /** @internal Made by the client; use `scope.rows(name, options)`. */
  constructor(ctx: ProjectContext, table: string, options: RowsOptions<T> = {}) {
    parseInput(tableName, table, "tableName");
    this.#ctx = ctx;
    this.#table = table;
    this.#data = options.schema;
    this.#row = (options.schema === undefined ? rowSchema : typedRowSchema(options.schema)) as unknown as z.ZodMiniType<Row<T>>;
  }

  /** The table this client writes to. */
  get tableName(): string {
    return this.#table;
  }

  #path(rest = ""): string {
    return `${this.#ctx.prefix}/database/tables/${segment("tableName", this.#table)}${rest}`;
  }

  #rowSchema(): z.ZodMiniType<Row<T>> {
    return this.#row;
  }

  /** Checks `row_data` before a write: a JSON object, and the caller's schema if any. */
  #rowData(rowData: unknown): T {
    const data = parseInput(jsonObject, rowData, "row_data");
    return this.#data === undefined ? (data as T) : parseInput(this.#data, data, "row_data");
  }

  /** Checks each field of a partial `row_data` against its field schema, when the schema is an object. */
  #partial(partial: unknown): Partial<T> {
    const data = parseInput(jsonObject, partial, "row_data");
    const def = (this.#data as { _zod?: { def?: { type?: string; shape?: Record<string, z.core.$ZodType> } } } | undefined)?._zod?.def;
    if (def?.type !== "object" || def.shape === undefined) return data as Partial<T>;
    const out: JsonObject = {};
    for (const [field, value] of Object.entries(data)) {
      const fieldSchema = def.shape[field];
      out[field] = fieldSchema === undefined ? value : parseInput(fieldSchema, value, `row_data.${field}`);
    }
    return out as Partial<T>;
  }

  /**
   * Inserts one row (`POST .../rows` with `{row_data}`).
   * @example
   * ```ts
   * const row = await scope.rows("contacts").insert({ id: crypto.randomUUID(), full_name: "Asha" });
   * ```
   */
  insert(rowData: T, options?: RequestOptions): APIPromise<Row<T>> {
    return post(this.#ctx.http, () => {
      return { path: this.#path("/rows"), body: { row_data: this.#rowData(rowData) }, schema: this.#rowSchema() };
    }, options);
  }

  /**
   * Gets one row by its server `row_id`.
   * @example
   * ```ts
   * const row = await scope.rows("contacts").get(rowId);
   * ```
   */
  get(rowId: string, options?: RequestOptions): APIPromise<Row<T>> {
    return get(this.#ctx.http, () => ({ path: this.#path(`/rows/${segment("rowId", rowId)}`), schema: this.#rowSchema() }), options);
  }

  /**
   * Lists rows by offset (the server has no filter here; use {@link RowsAPI.query}).
   * @example
   * ```ts
   * for await (const row of scope.rows("contacts").list({ limit: 500 })) console.log(row.row_data);
   * ```
   */
  list(params: PageParams = {}, options?: RequestOptions): PagePromise<Row<T>> {
    return pagesOrError(() => {
      return listPages(this.#ctx.http, this.#path("/rows"), this.#rowSchema(), parseInput(pageParams, params, "params"), {}, options);
    });
  }

  /**
   * Finds rows with a filter (`$eq $ne $gt $gte $lt $lte $in $nin $contains $regex`, dotted
   * fields), sorted and paged. A read, so it is retried like a GET.
   * @example
   * ```ts
   * const due = await scope.rows("followups").query({ filter: { status: "open", due_at: { $lte: now } }, sort: { due_at: 1 } });
   * ```
   */
  query(params: QueryParams = {}, options?: RequestOptions): PagePromise<Row<T>> {
    return pagesOrError(() => {
      const p = parseInput(queryParamsFor[Number(this.#ctx.http.config.localOperators)]!, params, "params");
      const fetchPage = (skip: number, limit: number): Promise<Page<Row<T>>> =>
        this.#ctx.http.request(
          {
            method: "POST",
            path: this.#path("/query"),
            body: { filter: p.filter ?? {}, ...(p.sort === undefined ? {} : { sort: p.sort }), skip, limit },
            idempotent: true,
            schema: pageSchema(this.#rowSchema(), { skip, limit }),
          },
          options,
        );
      return new PagePromise(fetchPage, p.skip ?? 0, p.limit ?? PAGE_LIMIT_DEFAULT);
    });
  }

  /**
   * Replaces a row's data (`PUT` with the full `row_data`).
   * @example
   * ```ts
   * await scope.rows("contacts").update(row.row_id, { ...row.row_data, city: "Pune" });
   * ```
   */
  update(rowId: string, rowData: T, options?: RequestOptions): APIPromise<Row<T>> {
    return put(this.#ctx.http, () => {
      return { path: this.#path(`/rows/${segment("rowId", rowId)}`), body: { row_data: this.#rowData(rowData) }, schema: this.#rowSchema() };
    }, options);
  }

  /**
   * Changes some fields of a row: `PATCH` with a partial `row_data`, which the server
   * merges into the stored one, so a concurrent writer's other fields survive. A `null`
   * value stores null; it does not delete the key. Repeating it is harmless, so it is retried.
   *
   * Where the server answers 405 (PATCH is not in every ZeroDB deployment), it falls back
   * to get, merge and `PUT`, and remembers that for the client's lifetime. The fallback is
   * **not atomic**: a write landing between the get and the PUT is lost.
   * @example
   * ```ts
   * const row = await scope.rows("followups").patch(rowId, { status: "done" });
   * ```
   */
  patch(rowId: string, partial: Partial<T>, options?: RequestOptions): APIPromise<Row<T>> {
    return new APIPromise(async () => {
      const data = this.#partial(partial);
      const path = this.#path(`/rows/${segment("rowId", rowId)}`);
      if (this.#ctx.learned.rowPatchUnsupported !== true) {
        try {
          return await patch(this.#ctx.http, { path, body: { row_data: data }, idempotent: true, schema: this.#rowSchema() }, options).withResponse();
        } catch (error) {
          if (!isAPIError(error) || error.status !== 405) throw error;
          this.#ctx.learned.rowPatchUnsupported = true;
        }
      }
      const current = await this.get(rowId, options);
      return this.update(rowId, { ...current.row_data, ...data }, options).withResponse();
    });
  }

  /**
   * Deletes one row.
   * @example
   * ```ts
   * await scope.rows("contacts").delete(row.row_id);
   * ```
   */
  delete(rowId: string, options?: RequestOptions): APIPromise<Record<string, unknown>> {
    return del(this.#ctx.http, () => ({ path: this.#path(`/rows/${segment("rowId", rowId)}`) }), options);
  }

  /**
   * Updates every row matching `filter` with `$set $inc $push $pull $unset`. Retried only
   * when the update is idempotent (no `$inc`, no `$push`).
   * @example
   * ```ts
   * await scope.rows("followups").bulkUpdate({ filter: { contact_id: id }, update: { $set: { status: "cancelled" } } });
   * ```
   */
  bulkUpdate(params: BulkUpdateParams, options?: RequestOptions): APIPromise<BulkUpdateResult> {
    return put(this.#ctx.http, () => {
      const p = parseInput(bulkUpdateParamsFor[Number(this.#ctx.http.config.localOperators)]!, params, "params");
      const idempotent = p.update.$inc === undefined && p.update.$push === undefined;
      return { path: this.#path("/rows/bulk"), body: p, idempotent, schema: bulkUpdateResult };
    }, options);
  }

  /**
   * Deletes every row matching `filter` (JSON body on DELETE).
   * @example
   * ```ts
   * await scope.rows("messages").bulkDelete({ filter: { contact_id: id }, confirm_large_operation: true });
   * ```
   */
  bulkDelete(params: BulkDeleteParams, options?: RequestOptions): APIPromise<BulkDeleteResult> {
    return del(this.#ctx.http, () => {
      const p = parseInput(bulkDeleteParamsFor[Number(this.#ctx.http.config.localOperators)]!, params, "params");
      // A 404 here means the table is missing, never "deleted by an earlier attempt".
      return { path: this.#path("/rows/bulk"), body: p, goneMeansDone: false, schema: bulkDeleteResult };
    }, options);
  }
}
