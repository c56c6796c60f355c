/**
 * The generic repository: typed, project-scoped CRUD over the rows client for one table
 * definition. Table-specific repositories extend it where a table has more rules.
 * @module
 */
import type { Row, RowsAPI } from "../api/rows.js";
import type { JsonObject } from "../api/shared.js";
import { naturalKeyId, newId } from "../domain/ids.js";
import { DuplicateError, InvariantError, NotFoundError, ResponseValidationError, ValidationError, isErrorOf } from "../http/errors.js";
import { PagePromise, type Page } from "../http/pagination.js";
import type { RequestOptions } from "../http/transport.js";
import { parseInsert, parseRow, parseUpdate, type AnyTable, type InsertOf, type RowOf, type SchemaIssue, type UpdateOf } from "../schema/index.js";

/** Operators of a field condition, as ZeroDB documents them. */
export interface FieldOperators<V> {
  /** Equal (`null` also matches a missing field). */
  $eq?: V | null;
  /** Not equal (`null`: the field is present). */
  $ne?: V | null;
  /** Greater than. */
  $gt?: V;
  /** Greater than or equal. */
  $gte?: V;
  /** Less than. */
  $lt?: V;
  /** Less than or equal. */
  $lte?: V;
  /** One of. */
  $in?: readonly (V | null)[];
  /** None of. */
  $nin?: readonly (V | null)[];
  /** Array field holds the value, or text field contains the substring. */
  $contains?: V extends readonly (infer E)[] ? E : V;
  /** Text matches the regular expression. */
  $regex?: string;
}

/** A condition on one field: a value (equality), `null` (missing), or operators. */
export type FieldFilter<V> = V | null | FieldOperators<V>;

/**
 * A query filter typed by the row's own fields: `Filter<ContactRow>` accepts
 * `{ status: "active", relationship_strength: { $gte: 4 } }` and rejects an unknown
 * field at compile time. Without a row type it accepts any field.
 */
export type Filter<R = Record<string, unknown>> = { [K in keyof R & string]?: FieldFilter<NonNullable<R[K]>> };

/** Sort order by the row's own fields: `1` ascending, `-1` descending. */
export type SortBy<R = Record<string, unknown>> = { [K in keyof R & string]?: 1 | -1 };

/** Input of a repository's `query`. */
export interface RepositoryQuery<R> {
  /** Which rows, by the row's own fields; `project_id` is always added. Default: every row. */
  filter?: Filter<R> | undefined;
  /** Order of the rows. Default: the server's order. */
  sort?: SortBy<R> | undefined;
  /** Rows to skip first. Default 0. */
  skip?: number | undefined;
  /** Page size, 1-1000. Default 100. */
  limit?: number | undefined;
  /** Also return soft-deleted rows (tables with `deleted_at`). Default false. */
  includeDeleted?: boolean | undefined;
}

/** Input of a repository's `list`: {@link RepositoryQuery} without a filter. */
export type RepositoryList<R> = Omit<RepositoryQuery<R>, "filter">;

/** What `create` takes: an insert of the table, `id` and `project_id` optional (filled in). */
export type CreateInput<T extends AnyTable> = Omit<InsertOf<T>, "id" | "project_id"> & { id?: string; project_id?: string };

/**
 * A partial update: any mutable field; `null` clears an optional field, which removes
 * the key from the stored row (never stores a JSON null, which a unique index would count).
 */
export type UpdatePatch<T extends AnyTable> = UpdateOf<T>;

/** What a repository is built from (made by the project scope). */
export interface RepositoryDeps {
  /** The rows client of the repository's table. */
  rows: RowsAPI<JsonObject>;
  /** The scope's project. */
  projectId: string;
  /** The clock for `created_at`, `updated_at` and friends. Default `() => new Date()`. */
  now?: (() => Date) | undefined;
}

/** A row as stored: the validated data and the server's `row_id`. */
interface Stored<R> {
  row: R;
  rowId: string;
}

// Values per `$in` filter of `queryIn`. ZeroDB documents no limit on an `$in` list (one list
// is one filter term); 500 UUIDs keep a request body near 20 KB.
const IN_CHUNK = 500;

const toValidationError = (table: string, issues: readonly SchemaIssue[]): ValidationError =>
  new ValidationError(issues.map((i) => ({ path: i.path === "" ? table : i.path, message: i.message, code: i.code })));

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * Typed, project-scoped CRUD over one table. `id` is always the row's own `id` (the
 * client-made UUID), never the server's `row_id`, which the repository tracks itself.
 * Every write carries the scope's `project_id`, every read filters by it, and a row
 * with another `project_id` is an error, never returned.
 */
export class Repository<T extends AnyTable> {
  /** The table definition this repository serves. */
  readonly table: T;
  /** The project every row of this repository belongs to. */
  readonly projectId: string;
  /** @internal */
  protected readonly rows: RowsAPI<JsonObject>;
  /** @internal */
  protected readonly now: () => Date;
  readonly #rowIds = new Map<string, string>();

  /** @internal Made by the project scope; use `scope.contacts`, `scope.users`... */
  constructor(table: T, deps: RepositoryDeps) {
    this.table = table;
    this.projectId = deps.projectId;
    this.rows = deps.rows;
    this.now = deps.now ?? (() => new Date());
  }

  /** Whether deletes are soft (the table has `deleted_at`). */
  get softDelete(): boolean {
    return "deleted_at" in this.table.fields;
  }

  /**
   * Validates and inserts a row. `id` is made for you: a random UUID, or for tables with
   * a natural key the UUIDv5 of that key. Retrying is safe: a repeat whose earlier
   * attempt landed answers 409 on `id`, and the stored row is returned. A unique key
   * held by another row is a {@link DuplicateError} naming the rule. Null and absent
   * optional fields are left out; timestamps are stored as `toISOString()` (so range
   * filters and sorts on them compare instants).
   * @example
   * ```ts
   * const asha = await scope.contacts.create({ display_name: "Asha Rao" });
   * ```
   */
  async create(input: CreateInput<T>, options?: RequestOptions): Promise<RowOf<T>> {
    const row = this.prepareInsert(input as Record<string, unknown>);
    await this.beforeWrite(undefined, row, options);
    return this.insertRow(row, options);
  }

  /**
   * The row with this `id`. Throws `NotFoundError` when there is none in this project.
   * @example
   * ```ts
   * const c = await scope.contacts.get(id);
   * ```
   */
  async get(id: string, options?: RequestOptions): Promise<RowOf<T>> {
    return (await this.load(id, options)).row;
  }

  /**
   * The row with this `id`, or `undefined` when there is none in this project.
   * @example
   * ```ts
   * const c = await scope.contacts.find(id);
   * ```
   */
  async find(id: string, options?: RequestOptions): Promise<RowOf<T> | undefined> {
    return (await this.lookup(id, options))?.row;
  }

  /**
   * Changes some fields. The patch is validated (unknown and immutable fields are refused
   * before any request), `updated_at` is set where the table has it, and the merged row
   * is checked against the table's rules. `null` clears an optional field by removing the
   * key. Writes with a server-side merge (`PATCH`) when only fields are set, and a full
   * `PUT` when a field is cleared.
   * @example
   * ```ts
   * await scope.contacts.update(id, { relationship_strength: 5, notes: null });
   * ```
   */
  async update(id: string, patch: UpdatePatch<T>, options?: RequestOptions): Promise<RowOf<T>> {
    const p = parseUpdate(this.table, patch);
    if (!p.ok) throw toValidationError(this.table.name, p.issues);
    return this.applyUpdate(id, p.value as Record<string, unknown>, options);
  }

  /**
   * One page of rows (`await`), or every row (`for await`). Soft-deleted rows are left out
   * unless `includeDeleted`.
   * @example
   * ```ts
   * for await (const c of scope.contacts.list({ limit: 500 })) console.log(c.display_name);
   * ```
   */
  list(params: RepositoryList<RowOf<T>> = {}, options?: RequestOptions): PagePromise<RowOf<T>> {
    return this.query(params, options);
  }

  /**
   * Rows matching a filter typed by the row's fields, sorted and paged; `await` for one
   * page or `for await` for all. The scope's `project_id` is always part of the filter.
   * @example
   * ```ts
   * const warm = await scope.contacts.query({ filter: { relationship_strength: { $gte: 4 } }, sort: { display_name: 1 } });
   * ```
   */
  query(params: RepositoryQuery<RowOf<T>> = {}, options?: RequestOptions): PagePromise<RowOf<T>> {
    const userFilter = (params.filter ?? {}) as Record<string, unknown>;
    const filter: Record<string, unknown> = { ...userFilter, project_id: this.projectId };
    if (this.softDelete && params.includeDeleted !== true && !("deleted_at" in userFilter)) filter.deleted_at = null;
    const foreign = "project_id" in userFilter && userFilter.project_id !== this.projectId;
    const fetchPage = async (skip: number, limit: number): Promise<Page<RowOf<T>>> => {
      if (foreign) throw this.isolationError("a filter on another project's project_id");
      const page = await this.rows.query(
        { filter: filter as JsonObject, ...(params.sort === undefined ? {} : { sort: params.sort as Record<string, 1 | -1> }), skip, limit },
        options,
      );
      return { ...page, data: page.data.map((r) => this.accept(r)) };
    };
    return new PagePromise(fetchPage, params.skip ?? 0, params.limit ?? 100);
  }

  /**
   * Every row whose `field` is one of `values` (and matches `params.filter`), asked in `$in`
   * queries of at most 500 values each, so no request grows with the number of values.
   * Rows come chunk by chunk, each chunk in `params.sort` order.
   * @example
   * ```ts
   * const identities = await scope.contactIdentities.queryIn("contact_id", contactIds);
   * ```
   */
  async queryIn(field: keyof RowOf<T> & string, values: readonly unknown[], params: Omit<RepositoryQuery<RowOf<T>>, "skip"> = {}, options?: RequestOptions): Promise<RowOf<T>[]> {
    const out: RowOf<T>[] = [];
    for (let i = 0; i < values.length; i += IN_CHUNK) {
      const filter = { ...params.filter, [field]: { $in: values.slice(i, i + IN_CHUNK) } } as Filter<RowOf<T>>;
      out.push(...(await this.query({ limit: 1000, ...params, filter }, options).toArray()));
    }
    return out;
  }

  /**
   * Every row of the table in this project, page by page.
   * @example
   * ```ts
   * for await (const u of scope.users) console.log(u.full_name);
   * ```
   */
  [Symbol.asyncIterator](): AsyncIterator<RowOf<T>> {
    return this.list({ limit: 500 })[Symbol.asyncIterator]();
  }

  /**
   * Deletes a row: soft (sets `deleted_at`) where the table has `deleted_at`, hard
   * otherwise. Deleting a row that is already gone is not an error.
   * @example
   * ```ts
   * await scope.contacts.delete(id);
   * ```
   */
  async delete(id: string, options?: RequestOptions): Promise<void> {
    const found = await this.lookup(id, options);
    if (found === undefined) return;
    if (this.softDelete) {
      if ((found.row as Record<string, unknown>).deleted_at != null) return;
      await this.write(found, { deleted_at: this.now().toISOString() }, [], options);
      return;
    }
    await this.rows.delete(found.rowId, options);
    this.#rowIds.delete(id);
  }

  /**
   * Undoes a soft delete (removes `deleted_at`). Tables without `deleted_at` delete for
   * good, so there it throws an {@link InvariantError} (`restore_needs_soft_delete`).
   * @example
   * ```ts
   * await scope.contacts.restore(id);
   * ```
   */
  async restore(id: string, options?: RequestOptions): Promise<RowOf<T>> {
    if (!this.softDelete) {
      throw new InvariantError({ table: this.table.name, rule: "restore_needs_soft_delete", field: "deleted_at", message: "rows of this table are deleted for good and cannot be restored" });
    }
    const found = await this.load(id, options);
    if ((found.row as Record<string, unknown>).deleted_at == null) return found.row;
    return this.write(found, "updated_at" in this.table.fields ? { updated_at: this.now().toISOString() } : {}, ["deleted_at"], options);
  }

  // ---- for subclasses ----

  /** @internal Builds and validates the row to insert. */
  protected prepareInsert(input: Record<string, unknown>): RowOf<T> {
    if (input.project_id !== undefined && input.project_id !== this.projectId) throw this.isolationError("an insert with another project_id");
    const base: Record<string, unknown> = { ...input, project_id: this.projectId };
    const keyFields = this.table.naturalKey.filter((f: string) => f !== "project_id");
    if (keyFields.length > 0) {
      const parts = keyFields.map((f: string) => base[f]);
      if (parts.every((v: unknown) => typeof v === "string" || typeof v === "number")) {
        const id = naturalKeyId(this.projectId, this.table.name, parts as (string | number)[]);
        if (input.id !== undefined && input.id !== id) {
          throw new ValidationError([{ path: "id", message: `rows of ${this.table.name} take their id from (${keyFields.join(", ")}); leave id out`, code: "natural_key_id" }]);
        }
        base.id = id;
      }
    } else {
      base.id ??= newId();
    }
    const r = parseInsert(this.table, base, { now: this.now() });
    if (!r.ok) throw toValidationError(this.table.name, r.issues);
    return this.canonicalTimes({ ...(r.value as Record<string, unknown>) }) as RowOf<T>;
  }

  /**
   * @internal Timestamps are stored in one form (`toISOString()`, milliseconds, `Z`), so
   * the server's string comparisons in range filters and sorts order them as instants.
   */
  protected canonicalTimes(row: Record<string, unknown>): Record<string, unknown> {
    for (const [k, f] of Object.entries(this.table.fields as Record<string, { spec: { type: string } }>)) {
      const v = row[k];
      if (f.spec.type === "timestamp" && typeof v === "string" && !Number.isNaN(Date.parse(v))) row[k] = new Date(v).toISOString();
    }
    return row;
  }

  /**
   * @internal Checks the table's rules before a write. `before` is the stored row (undefined
   * for an insert). The default checks unique keys other than `id` and the natural key.
   */
  protected async beforeWrite(before: RowOf<T> | undefined, after: RowOf<T>, options?: RequestOptions): Promise<void> {
    const a = after as Record<string, unknown>;
    const natural = this.table.naturalKey.join(",");
    for (const index of this.table.indexes) {
      if (index.unique !== true || index.fields.join(",") === "id" || index.fields.join(",") === natural) continue;
      const fields = index.fields.filter((f: string) => f !== "project_id");
      if (fields.some((f: string) => a[f] == null)) continue;
      if (before !== undefined && fields.every((f: string) => (before as Record<string, unknown>)[f] === a[f])) continue;
      const filter = Object.fromEntries(fields.map((f: string) => [f, a[f]]));
      const page = await this.query({ filter: filter as Filter<RowOf<T>>, limit: 2, includeDeleted: true }, options);
      const other = page.data.find((r) => (r as Record<string, unknown>).id !== a.id);
      if (other !== undefined) throw this.duplicate(fields, other as Record<string, unknown>);
    }
  }

  /** @internal The typed error for a unique key held by `existing`. */
  protected duplicate(fields: readonly string[], existing: Record<string, unknown>, cause?: unknown): DuplicateError {
    return new DuplicateError(
      {
        table: this.table.name,
        rule: `unique_${fields.join("_")}`,
        field: fields[fields.length - 1] ?? "id",
        message: `(${fields.join(", ")}) is already held by row ${String(existing.id)}`,
        existingId: typeof existing.id === "string" ? existing.id : undefined,
        contactId: typeof existing.contact_id === "string" ? existing.contact_id : undefined,
      },
      cause === undefined ? undefined : { cause },
    );
  }

  /** @internal Inserts a prepared row, turning a 409 into "already there" or a typed conflict. */
  protected async insertRow(row: RowOf<T>, options?: RequestOptions): Promise<RowOf<T>> {
    try {
      return this.accept(await this.rows.insert(row as JsonObject, { ...options, idempotent: true }));
    } catch (error) {
      if (!isErrorOf(error, "ConflictError")) throw error;
      const data = row as Record<string, unknown>;
      const existing = await this.lookup(String(data.id), options, true);
      if (existing !== undefined) {
        if (this.sameContent(existing.row as Record<string, unknown>, data)) return existing.row;
        const natural = this.table.naturalKey.filter((f: string) => f !== "project_id");
        throw this.duplicate(natural.length > 0 ? natural : ["id"], existing.row as Record<string, unknown>, error);
      }
      // another unique index: find who holds it
      await this.beforeWrite(undefined, row, options);
      throw error;
    }
  }

  /** @internal Whether a stored row is what an insert would have written (timestamps made from the clock aside). */
  protected sameContent(stored: Record<string, unknown>, inserted: Record<string, unknown>): boolean {
    const skip = new Set<string>([...this.table.nowFields, "updated_at"]);
    const strip = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([k]) => !skip.has(k)));
    const parsed = parseRow(this.table, inserted);
    return canonical(strip(stored)) === canonical(strip(parsed.ok ? (parsed.value as Record<string, unknown>) : inserted));
  }

  /** @internal Validated update, merged with the stored row, checked and written. */
  protected async applyUpdate(id: string, changes: Record<string, unknown>, options?: RequestOptions): Promise<RowOf<T>> {
    const keyFields = this.table.naturalKey.filter((f: string) => f !== "project_id");
    const found = await this.load(id, options);
    const set: Record<string, unknown> = {};
    const unset: string[] = [];
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) continue;
      if (keyFields.includes(k) && v !== (found.row as Record<string, unknown>)[k]) {
        throw new InvariantError({ table: this.table.name, rule: "natural_key_immutable", field: k, message: `(${keyFields.join(", ")}) makes the row's id; delete and create instead` });
      }
      if (v === null) unset.push(k);
      else set[k] = v;
    }
    if ("updated_at" in this.table.fields) set.updated_at = this.now().toISOString();
    return this.write(found, set, unset, options);
  }

  /** @internal Writes `set` and removes `unset` on a stored row after checking the merged row. */
  protected async write(found: Stored<RowOf<T>>, set: Record<string, unknown>, unset: readonly string[], options?: RequestOptions): Promise<RowOf<T>> {
    set = this.canonicalTimes({ ...set });
    const merged: Record<string, unknown> = { ...(found.row as Record<string, unknown>), ...set };
    for (const k of unset) delete merged[k];
    const checked = parseRow(this.table, merged);
    if (!checked.ok) throw toValidationError(this.table.name, checked.issues);
    await this.beforeWrite(found.row, checked.value as RowOf<T>, options);
    // PATCH merges top-level keys server-side, so a concurrent writer's other fields
    // survive; removing a key needs the full row (a PATCH null would store a JSON null)
    const stored =
      unset.length === 0
        ? await this.rows.patch(found.rowId, set as JsonObject, options)
        : await this.rows.update(found.rowId, merged as JsonObject, options);
    return this.accept(stored);
  }

  /** @internal The stored row with this id, or a `NotFoundError`. */
  protected async load(id: string, options?: RequestOptions): Promise<Stored<RowOf<T>>> {
    const found = await this.lookup(id, options);
    if (found === undefined) {
      throw new NotFoundError({
        status: 404,
        method: "GET",
        path: `${this.table.name}/${id}`,
        body: { detail: `no ${this.table.name} row with id ${id} in project ${this.projectId}` },
        headers: new Headers(),
      });
    }
    return found;
  }

  /** @internal Finds a stored row by its own id (through the known `row_id` when there is one). */
  protected async lookup(id: string, options?: RequestOptions, fresh = false): Promise<Stored<RowOf<T>> | undefined> {
    if (typeof id !== "string" || id === "") throw new ValidationError([{ path: "id", message: "must be a non-empty string", code: "required" }]);
    const known = fresh ? undefined : this.#rowIds.get(id);
    if (known !== undefined) {
      try {
        const row = this.accept(await this.rows.get(known, options));
        if ((row as Record<string, unknown>).id === id) return { row, rowId: known };
      } catch (error) {
        if (!isErrorOf(error, "NotFoundError")) throw error;
      }
      this.#rowIds.delete(id);
    }
    const page = await this.rows.query({ filter: { project_id: this.projectId, id }, limit: 2 }, options);
    const first = page.data[0];
    if (first === undefined) return undefined;
    return { row: this.accept(first), rowId: first.row_id };
  }

  /** @internal Validates a row read back and enforces isolation. */
  protected accept(stored: Row<JsonObject>): RowOf<T> {
    const data = stored.row_data;
    if (data.project_id !== this.projectId) throw this.isolationError(`row ${String(data.id)} of another project`);
    const r = parseRow(this.table, data);
    if (!r.ok) {
      throw new ResponseValidationError(
        `${this.table.name} row ${String(data.id)} does not match the schema: ${r.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
      );
    }
    if (typeof data.id === "string") this.#rowIds.set(data.id, stored.row_id);
    return r.value as RowOf<T>;
  }

  /** @internal */
  protected isolationError(what: string): InvariantError {
    return new InvariantError({ table: this.table.name, rule: "project_isolation", field: "project_id", message: `${what} is refused by the scope of project ${this.projectId}` });
  }
}
