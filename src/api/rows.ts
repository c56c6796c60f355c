import * as z from "zod/mini";
import { PagePromise, pagesOrError, type Page } from "../http/pagination.js";
import { segment } from "../http/paths.js";
import type { RequestOptions } from "../http/transport.js";
import { type APIPromise, del, get, post, put } from "./resource.js";
import { inputOf, listPages, anyObject, jsonObject, pageLimit, pageParams, pageSchema, pageSkip, parseInput, type JsonObject, type PageParams, type ProjectContext } from "./shared.js";
import { tableName } from "./tables.js";

/** One stored row. User data sits under `row_data`, never flattened. */
export interface Row<T extends JsonObject = JsonObject> {
  row_id: string;
  table_id: string | undefined;
  table_name: string | undefined;
  row_data: T;
  created_at: string | undefined;
  updated_at: string | undefined;
}

// ZeroDB answers `{row_id, row_data, ...}`; its local emulator answers `{id, data, ...}`.
const rowSchema = z.pipe(z.looseObject({
    row_id: z.optional(z.string()),
    id: z.optional(z.string()),
    table_id: z.nullish(z.string()),
    table_name: z.nullish(z.string()),
    row_data: z.optional(jsonObject),
    data: z.optional(jsonObject),
    created_at: z.nullish(z.string()),
    updated_at: z.nullish(z.string()),
  }).check(z.refine((r) => (r.row_id ?? r.id) !== undefined, { message: "a row needs row_id (or id)" })), z.transform(
    (r): Row => ({
      row_id: (r.row_id ?? r.id) as string,
      table_id: r.table_id ?? undefined,
      table_name: r.table_name ?? undefined,
      row_data: r.row_data ?? r.data ?? {},
      created_at: r.created_at ?? undefined,
      updated_at: r.updated_at ?? undefined,
    }),
  ));

const fieldName = /^[A-Za-z0-9_.]+$/;
const OPERATORS = new Set(["$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$contains", "$regex"]);

/** A query filter: `{field: value}` for equality or `{field: {$op: value}}` with the operators ZeroDB knows. */
export type Filter = Record<string, unknown>;
/** Sort order: `{field: 1}` ascending, `{field: -1}` descending. */
export type Sort = Record<string, 1 | -1>;

const filterSchema = jsonObject.check(z.superRefine((filter, ctx) => {
  for (const [field, cond] of Object.entries(filter)) {
    if (!fieldName.test(field)) {
      ctx.addIssue({ code: "custom", path: [field], message: "field names may hold only letters, digits, _ and ." });
    }
    if (typeof cond === "object" && cond !== null && !Array.isArray(cond)) {
      for (const [op, arg] of Object.entries(cond)) {
        if (!op.startsWith("$")) continue;
        if (!OPERATORS.has(op)) ctx.addIssue({ code: "custom", path: [field, op], message: `unknown operator; use one of ${[...OPERATORS].join(" ")}` });
        if ((op === "$in" || op === "$nin") && !Array.isArray(arg)) ctx.addIssue({ code: "custom", path: [field, op], message: "needs an array" });
      }
    }
  }
}));
const nonEmptyFilter = filterSchema.check(z.refine((f) => Object.keys(f).length > 0, "must not be empty (a bulk call would touch every row)"));
const sortSchema = z.record(z.string().check(z.regex(fieldName)), z.union([z.literal(1), z.literal(-1)]));

const queryParams = inputOf<QueryParams>()(z.strictObject({
  filter: z.optional(filterSchema),
  sort: z.optional(sortSchema),
  skip: z.optional(pageSkip),
  limit: z.optional(pageLimit),
}));
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

const UPDATE_OPERATORS = ["$set", "$inc", "$push", "$pull", "$unset"] as const;
const bulkUpdateParams = inputOf<BulkUpdateParams>()(z.strictObject({
  filter: nonEmptyFilter,
  update: z.partialRecord(z.enum(UPDATE_OPERATORS), jsonObject).check(z.refine((u) => Object.keys(u).length > 0, "needs at least one of $set $inc $push $pull $unset")),
  confirm_large_operation: z.optional(z.boolean()),
}));
/** Input of {@link RowsAPI.bulkUpdate}. `confirm_large_operation` is required by ZeroDB above 100 matching rows. */
export interface BulkUpdateParams {
  /** Which rows to update, as in {@link QueryParams.filter}; must not be empty. */
  filter: Filter;
  /** What to change: at least one of `$set` `$inc` `$push` `$pull` `$unset`, each `{field: value}`. */
  update: { $set?: JsonObject; $inc?: JsonObject; $push?: JsonObject; $pull?: JsonObject; $unset?: JsonObject };
  /** Must be `true` when more than 100 rows match. Not sent unless given. */
  confirm_large_operation?: boolean | undefined;
}
const bulkDeleteParams = inputOf<BulkDeleteParams>()(z.strictObject({ filter: nonEmptyFilter, confirm_large_operation: z.optional(z.boolean()) }));
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
  /** @internal Made by the client; use the scope's getters (and `withOptions`). */
  constructor(ctx: ProjectContext, table: string) {
    parseInput(tableName, table, "tableName");
    this.#ctx = ctx;
    this.#table = table;
  }

  /** The table this client writes to. */
  get tableName(): string {
    return this.#table;
  }

  #path(rest = ""): string {
    return `${this.#ctx.prefix}/database/tables/${segment("tableName", this.#table)}${rest}`;
  }

  #rowSchema(): z.ZodMiniType<Row<T>> {
    return rowSchema as unknown as z.ZodMiniType<Row<T>>;
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
      const data = parseInput(jsonObject, rowData, "row_data") as T;
      return { path: this.#path("/rows"), body: { row_data: data }, schema: this.#rowSchema() };
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
      const p = parseInput(queryParams, params, "params");
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
      return new PagePromise(fetchPage, p.skip ?? 0, p.limit ?? 100);
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
      const data = parseInput(jsonObject, rowData, "row_data") as T;
      return { path: this.#path(`/rows/${segment("rowId", rowId)}`), body: { row_data: data }, schema: this.#rowSchema() };
    }, options);
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
      const p = parseInput(bulkUpdateParams, params, "params");
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
      const p = parseInput(bulkDeleteParams, params, "params");
      return { path: this.#path("/rows/bulk"), body: p, schema: bulkDeleteResult };
    }, options);
  }
}
