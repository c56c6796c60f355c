import { DESCRIPTION_MAX, tableNameIssue } from "../contract/index.js";
import * as z from "zod/mini";
import { PagePromise, pagesOrError } from "../http/pagination.js";
import { segment } from "../http/paths.js";
import type { RequestOptions } from "../http/transport.js";
import { type APIPromise, del, get, post } from "./resource.js";
import { inputOf, listPages, compact, jsonObject, pageParams, parseInput, type JsonObject, type PageParams, type ProjectContext } from "./shared.js";

/** A table as ZeroDB describes it, normalized (`table_id` from `table_id` or `id`, `name` from `name` or `table_name`). */
export interface Table {
  table_id: string;
  name: string;
  description: string | undefined;
  schema: JsonObject | undefined;
  row_count: number | undefined;
  created_at: string | undefined;
  updated_at: string | undefined;
}

const tableSchema = z.pipe(
  z
    .looseObject({
    table_id: z.optional(z.string()),
    id: z.optional(z.string()),
    name: z.optional(z.string()),
    table_name: z.optional(z.string()),
    description: z.nullish(z.string()),
    schema: z.nullish(jsonObject),
    schema_definition: z.nullish(jsonObject),
    row_count: z.nullish(z.number()),
    created_at: z.nullish(z.string()),
    updated_at: z.nullish(z.string()),
  })
    .check(
      z.refine((t) => (t.table_id ?? t.id) !== undefined && (t.name ?? t.table_name) !== undefined, {
        message: "a table needs table_id (or id) and name (or table_name)",
      }),
    ),
  z.transform(
    (t): Table => ({
      table_id: (t.table_id ?? t.id) as string,
      name: (t.name ?? t.table_name) as string,
      description: t.description ?? undefined,
      schema: t.schema ?? t.schema_definition ?? undefined,
      row_count: t.row_count ?? undefined,
      created_at: t.created_at ?? undefined,
      updated_at: t.updated_at ?? undefined,
    }),
  ),
);

/** Table names ZeroDB accepts: a letter or underscore, then letters, digits, underscores. */
export const tableName = z.string().check(z.superRefine((name, ctx) => {
  const issue = tableNameIssue(name);
  if (issue !== undefined) ctx.addIssue({ code: "custom", message: issue.message, input: name });
}));

const createParams = inputOf<CreateTableParams>()(
  z.strictObject({
    name: tableName,
    description: z.optional(z.string().check(z.maxLength(DESCRIPTION_MAX))),
    schema: z.optional(jsonObject),
    legacyBody: z.optional(z.boolean()),
  }),
);

/** Input of {@link TablesAPI.create}. `schema` is sent as-is (ZeroDB stores it as opaque JSON). */
export interface CreateTableParams {
  /** Table name: a letter or `_`, then letters, digits or `_`; at most 63 characters. */
  name: string;
  /** Free text, at most 1000 characters. */
  description?: string | undefined;
  /** Column definitions as a JSON object, sent as-is, e.g. `{ fields: { id: { type: "uuid" } } }`. */
  schema?: JsonObject | undefined;
  /** Send the older `{table_name, schema_definition}` body instead of `{name, schema}`. Default false. */
  legacyBody?: boolean | undefined;
}

/** `{P}/database/tables`: create, list, get (by id) and delete (by name) tables. */
export class TablesAPI {
  readonly #ctx: ProjectContext;
  /** @internal Made by the client; use `scope.tables`. */
  constructor(ctx: ProjectContext) {
    this.#ctx = ctx;
  }

  #path(rest = ""): string {
    return `${this.#ctx.prefix}/database/tables${rest}`;
  }

  /**
   * Creates a table. Throws `ConflictError` (409) when it exists.
   * @example
   * ```ts
   * await scope.tables.create({ name: "contacts", schema: { fields: { id: { type: "uuid" } } } });
   * ```
   */
  create(params: CreateTableParams, options?: RequestOptions): APIPromise<Table> {
    return post(this.#ctx.http, () => {
      const p = parseInput(createParams, params, "params");
      const body = p.legacyBody
        ? compact({ table_name: p.name, description: p.description, schema_definition: p.schema })
        : compact({ name: p.name, description: p.description, schema: p.schema });
      return { path: this.#path(), body, schema: tableSchema };
    }, options);
  }

  /**
   * Lists tables; await for one page or `for await` over all.
   * @example
   * ```ts
   * for await (const table of scope.tables.list()) console.log(table.name);
   * ```
   */
  list(params: PageParams = {}, options?: RequestOptions): PagePromise<Table> {
    return pagesOrError(() => {
      return listPages(this.#ctx.http, this.#path(), tableSchema, parseInput(pageParams, params, "params"), {}, options);
    });
  }

  /**
   * Gets a table by its id (ZeroDB refuses the name here).
   * @example
   * ```ts
   * const table = await scope.tables.get(created.table_id);
   * ```
   */
  get(tableId: string, options?: RequestOptions): APIPromise<Table> {
    return get(this.#ctx.http, () => ({ path: this.#path(`/${segment("tableId", tableId)}`), schema: tableSchema }), options);
  }

  /**
   * Deletes a table and its rows, by name.
   * @example
   * ```ts
   * await scope.tables.delete("contacts");
   * ```
   */
  delete(name: string, options?: RequestOptions): APIPromise<Record<string, unknown>> {
    return del(this.#ctx.http, () => ({ path: this.#path(`/${segment("name", parseInput(tableName, name, "name"))}`) }), options);
  }
}
