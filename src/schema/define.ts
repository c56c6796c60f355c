/**
 * `defineTable`: one definition per table, from which the validators, the TypeScript
 * types, the create-table schema and the CSV columns are all derived.
 * @module
 */
import * as z from "zod/mini";
import type { Field, FieldSpec } from "./columns.js";

/** The fields of a table, by name, in column (and CSV) order. */
export type Fields = Record<string, Field>;

/** Fields an update may never change. */
export const IMMUTABLE_FIELDS = ["id", "project_id", "created_at"] as const;

/** A field an update may never change. */
export type ImmutableField = (typeof IMMUTABLE_FIELDS)[number];

/** Zod shape of a row read back. */
export type RowShape<F extends Fields> = { [K in keyof F]: F[K]["row"] };
/** Zod shape of an insert. */
export type InsertShape<F extends Fields> = { [K in keyof F]: F[K]["insert"] };
/** Zod shape of an update: every field but the immutable ones, all optional. */
export type UpdateShape<F extends Fields> = { [K in Exclude<keyof F, ImmutableField>]: F[K]["update"] };

/** The value of an insert after defaults (fields filled with `now` may still be missing). */
export type InsertOutput<F extends Fields> = z.output<z.ZodMiniObject<InsertShape<F>, z.core.$strict>>;

/** An index of a table: the fields it covers (in order), and whether it is unique. */
export interface IndexDef<K extends string = string> {
  /** Row fields, outermost first. */
  readonly fields: readonly K[];
  /** A unique index: a second row with the same values answers 409. */
  readonly unique?: boolean;
}

/** A single-row invariant spanning fields; `field` is where the issue is reported. */
export interface RowCheck<Row> {
  /** The field the issue names. */
  readonly field: string;
  /** What the rule requires. */
  readonly message: string;
  /** True when the row satisfies the rule. */
  readonly test: (row: Row) => boolean;
}

/** Input of {@link defineTable}. */
export interface TableConfig<N extends string, F extends Fields> {
  /** Table name, as in the data model. */
  readonly name: N;
  /** One line on what the table holds. */
  readonly description: string;
  /** Fields in data-model order (also the CSV column order); must include `id` and `project_id`. */
  readonly fields: F;
  /** Fields of the natural key; gets a unique index (and rows get a UUIDv5 id from it). */
  readonly naturalKey?: readonly (keyof F & string)[];
  /** Further unique keys and indexes (the unique index on `id` is added for every table). */
  readonly indexes?: readonly IndexDef<keyof F & string>[];
  /** Single-row invariants spanning several fields. */
  readonly checks?: readonly RowCheck<InsertOutput<F>>[];
}

/** The body's `schema` for `tables.create({ name, schema })`, in the `{fields, indexes}` form the local server reads. */
export interface CreateTableSchema {
  /** Field name → type, default, enum and NOT NULL. */
  fields: Record<string, FieldSpec>;
  /** Indexes the server builds; unique ones make a duplicate insert 409. */
  indexes: { name: string; fields: string[]; unique: boolean }[];
}

/** A table definition and everything derived from it. */
export interface Table<N extends string = string, F extends Fields = Fields> {
  /** Table name. */
  readonly name: N;
  /** One line on what the table holds. */
  readonly description: string;
  /** The field definitions. */
  readonly fields: F;
  /** CSV export columns, in order. */
  readonly columns: readonly (keyof F & string)[];
  /** Fields of the natural key, or empty. */
  readonly naturalKey: readonly (keyof F & string)[];
  /** Every index, starting with the unique index on `id`. */
  readonly indexes: readonly IndexDef<keyof F & string>[];
  /** Validator of a row read back: unknown fields are kept, money strings become numbers. */
  readonly row: z.ZodMiniObject<RowShape<F>, z.core.$loose>;
  /** Validator of an insert: unknown fields are rejected, defaults applied. */
  readonly insert: z.ZodMiniObject<InsertShape<F>, z.core.$strict>;
  /** Validator of a partial update: unknown and immutable fields are rejected. */
  readonly update: z.ZodMiniObject<UpdateShape<F>, z.core.$strict>;
  /** The `schema` to send when creating the table. */
  readonly createSchema: CreateTableSchema;
  /** Fields an insert may leave out that are filled with the caller's `now`. */
  readonly nowFields: readonly (keyof F & string)[];
}

/** Any table definition (for functions that take one). */
// `any`: a table's field map is invariant in its zod types, so no narrower bound admits every table
export type AnyTable = Table<string, any>;

/** A row of table `T` (data-model fields, snake_case). */
export type RowOf<T extends AnyTable> = z.output<z.ZodMiniObject<RowShape<T["fields"]>, z.core.$strip>>;
/** What a caller passes to insert into table `T` (defaulted fields optional, unknown fields a type error). */
export type InsertOf<T extends AnyTable> = z.input<T["insert"]>;
/** A partial update of table `T` (immutable and unknown fields a type error). */
export type UpdateOf<T extends AnyTable> = z.input<T["update"]>;

function unknownKeysError(table: string, what: string) {
  return (iss: z.core.$ZodRawIssue): string | undefined => {
    if (iss.code !== "unrecognized_keys") return undefined;
    const keys = (iss as { keys?: string[] }).keys ?? [];
    const fixed = keys.filter((k) => (IMMUTABLE_FIELDS as readonly string[]).includes(k));
    const unknown = keys.filter((k) => !fixed.includes(k));
    const parts = [];
    if (unknown.length > 0) parts.push(`unknown field${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `"${k}"`).join(", ")} in ${table} ${what}`);
    if (fixed.length > 0) parts.push(`${fixed.map((k) => `"${k}"`).join(", ")} cannot be changed by an update`);
    return parts.join("; ");
  };
}

// cross-field rules run only on a row whose fields are each valid, so a rule never sees a wrong type
function withChecks<S extends z.ZodMiniObject>(schema: S, checks: readonly RowCheck<never>[]): S {
  if (checks.length === 0) return schema;
  return schema.check(
    z.superRefine((row: unknown, ctx) => {
      for (const c of checks) {
        if (!(c.test as (r: unknown) => boolean)(row)) ctx.addIssue({ code: "custom", message: c.message, path: [c.field], input: row });
      }
    }, { when: (payload) => payload.issues.length === 0 }),
  );
}

/**
 * Defines a table once; the row, insert and update validators, the create-table schema
 * (with a unique index on `id`, one on the natural key, and the declared indexes), the
 * CSV columns and the TypeScript types (`RowOf`, `InsertOf`, `UpdateOf`) all come from it.
 *
 * @example
 * export const teams = defineTable({
 *   name: "teams",
 *   description: "Groups of operators.",
 *   fields: { id: required(uuid()), project_id: required(uuid()), name: required(text({ nonEmpty: true })) },
 *   indexes: [{ fields: ["project_id", "name"] }],
 * });
 */
export function defineTable<const N extends string, const F extends Fields>(config: TableConfig<N, F>): Table<N, F> {
  const { name, fields } = config;
  for (const required of ["id", "project_id"]) {
    if (!(required in fields)) throw new Error(`table ${name} must define "${required}"`);
  }
  const entries = Object.entries(fields);
  const pick = <K extends "row" | "insert" | "update">(k: K, skip: readonly string[] = []) =>
    Object.fromEntries(entries.filter(([f]) => !skip.includes(f)).map(([f, def]) => [f, def[k]]));
  const checks = config.checks ?? [];
  const row = withChecks(z.looseObject(pick("row")), checks as readonly RowCheck<never>[]);
  const insert = withChecks(
    z.strictObject(pick("insert"), { error: unknownKeysError(name, "insert") }),
    checks as readonly RowCheck<never>[],
  );
  const update = z.strictObject(pick("update", IMMUTABLE_FIELDS), { error: unknownKeysError(name, "update") });

  const naturalKey = config.naturalKey ?? [];
  const indexes: IndexDef<keyof F & string>[] = [{ fields: ["id" as keyof F & string], unique: true }];
  if (naturalKey.length > 0) indexes.push({ fields: naturalKey, unique: true });
  indexes.push(...(config.indexes ?? []));
  for (const i of indexes) {
    for (const f of i.fields) if (!(f in fields)) throw new Error(`index of ${name} names unknown field "${f}"`);
  }
  const createSchema: CreateTableSchema = {
    fields: Object.fromEntries(entries.map(([f, def]) => [f, { ...def.spec }])),
    indexes: indexes.map((i) => ({
      name: `${name}_${i.fields.join("_")}_${i.unique === true ? "key" : "idx"}`,
      fields: [...i.fields],
      unique: i.unique === true,
    })),
  };
  return {
    name,
    description: config.description,
    fields,
    columns: Object.keys(fields) as (keyof F & string)[],
    naturalKey,
    indexes,
    row: row as unknown as Table<N, F>["row"],
    insert: insert as unknown as Table<N, F>["insert"],
    update: update as unknown as Table<N, F>["update"],
    createSchema,
    nowFields: entries.filter(([, def]) => def.fillsNow).map(([f]) => f) as (keyof F & string)[],
  };
}
