/**
 * Column kinds and presence modifiers: the building blocks of a table definition.
 * A column knows its wire type and its validator; a modifier (`required`, `optional`,
 * `withDefault`, `defaultNow`) turns it into a {@link Field} with one validator each for
 * rows read back, inserts and updates.
 * @module
 */
import * as z from "zod/mini";
import { isTwoDecimal } from "../domain/money.js";

/** The column types written into the create-table schema (the local server's SQL views read them). */
export type WireType = "uuid" | "text" | "timestamp" | "date" | "boolean" | "integer" | "numeric(12,2)" | "jsonb";

/** A column kind: its wire type, allowed values, and its validators when writing and reading. */
export interface Column<V extends z.ZodMiniType = z.ZodMiniType, R extends z.ZodMiniType = z.ZodMiniType> {
  /** Type in the create-table schema. */
  readonly type: WireType;
  /** Allowed values of an enum column. */
  readonly enum?: readonly string[];
  /** Validator of a value the SDK writes. */
  readonly value: V;
  /** Validator of a value read back (more lenient where the wire is, e.g. money as `"10.50"`). */
  readonly read: R;
}

/** How a field appears in the create-table schema sent to ZeroDB. */
export interface FieldSpec {
  /** Column type. */
  type: WireType;
  /** NOT NULL in the data model. */
  required?: boolean;
  /** The data model's default; `"now()"` for `DEFAULT NOW()`. */
  default?: unknown;
  /** Allowed values of an enum column. */
  enum?: readonly string[];
}

/** One field of a table: its wire spec and its validators for rows, inserts and updates. */
export interface Field<Row extends z.ZodMiniType = z.ZodMiniType, Ins extends z.ZodMiniType = z.ZodMiniType, Upd extends z.ZodMiniType = z.ZodMiniType> {
  /** Entry in the create-table schema. */
  readonly spec: FieldSpec;
  /** Validator of the field in a row read back. */
  readonly row: Row;
  /** Validator of the field in an insert (applies the default). */
  readonly insert: Ins;
  /** Validator of the field in a partial update. */
  readonly update: Upd;
  /** Filled with the caller's `now` when an insert leaves it out (`DEFAULT NOW()`). */
  readonly fillsNow: boolean;
}

const column = <V extends z.ZodMiniType, R extends z.ZodMiniType>(type: WireType, value: V, read: R, values?: readonly string[]): Column<V, R> =>
  values === undefined ? { type, value, read } : { type, value, read, enum: values };

/**
 * A client-made UUID (`id` and every foreign key).
 *
 * @example
 * required(uuid());
 */
export function uuid() {
  const v = z.uuid();
  return column("uuid", v, v);
}

/** Options of {@link text}. */
export interface TextOptions {
  /** Reject empty or blank strings. Default false. */
  nonEmpty?: boolean;
  /** Maximum length in characters. */
  max?: number;
  /** A further rule on the value, with the message given when it fails. */
  rule?: { test: (s: string) => boolean; message: string };
}

/**
 * A TEXT column.
 *
 * @example
 * required(text({ nonEmpty: true }));
 */
export function text(options: TextOptions = {}) {
  const checks: z.core.$ZodCheck<string>[] = [];
  if (options.nonEmpty === true) checks.push(z.refine((s: string) => s.trim().length > 0, "must not be empty"));
  if (options.max !== undefined) checks.push(z.maxLength(options.max, `must be at most ${options.max} characters`));
  const rule = options.rule;
  if (rule !== undefined) checks.push(z.refine(rule.test, rule.message));
  const v = z.string().check(...checks);
  return column("text", v, v);
}

/**
 * A TIMESTAMP column: an ISO-8601 UTC string ending in `Z`, e.g. `2026-01-09T10:00:00.000Z`.
 *
 * @example
 * defaultNow(timestamp());
 */
export function timestamp() {
  const v = z.iso.datetime({ message: "must be an ISO-8601 UTC timestamp ending in Z" });
  return column("timestamp", v, v);
}

/**
 * A DATE column: `YYYY-MM-DD`.
 *
 * @example
 * required(date());
 */
export function date() {
  const v = z.iso.date({ message: "must be a date YYYY-MM-DD" });
  return column("date", v, v);
}

/**
 * A BOOLEAN column.
 *
 * @example
 * withDefault(bool(), false);
 */
export function bool() {
  const v = z.boolean();
  return column("boolean", v, v);
}

/**
 * An INTEGER (or SMALLINT) column, bounded; by default 0..2^31-1.
 *
 * @example
 * withDefault(integer({ min: 1, max: 5 }), 3);
 */
export function integer(bounds: { min?: number; max?: number } = {}) {
  const min = bounds.min ?? 0;
  const max = bounds.max ?? 2_147_483_647;
  const v = z.int().check(z.gte(min, `must be at least ${min}`), z.lte(max, `must be at most ${max}`));
  return column("integer", v, v);
}

const moneyValue = z.number().check(
  z.refine((n: number) => n >= 0 && isTwoDecimal(n), "must be an amount >= 0 with at most two decimals, within NUMERIC(12,2)"),
);
const decimalString = z.pipe(
  z.string().check(z.regex(/^\d+(\.\d{1,2})?$/, "must be a decimal with at most two decimals")),
  z.transform((s: string) => Number(s)),
);

/**
 * A NUMERIC(12,2) amount in rupees: a number >= 0 with at most two decimals. Rows read
 * back may carry it as a decimal string (`"10.50"`), which is normalized to a number.
 *
 * @example
 * required(money());
 */
export function money() {
  return column("numeric(12,2)", moneyValue, z.pipe(z.union([z.number(), decimalString]), moneyValue));
}

/**
 * A JSONB object column.
 *
 * @example
 * withDefault(jsonObject(), {});
 */
export function jsonObject() {
  const v = z.record(z.string(), z.unknown());
  return column("jsonb", v, v);
}

/**
 * A JSONB list of strings.
 *
 * @example
 * required(stringList());
 */
export function stringList() {
  const v = z.array(z.string());
  return column("jsonb", v, v);
}

/**
 * A TEXT column restricted to `values` (the data model's CHECK constraint).
 *
 * @example
 * required(oneOf(CHANNELS));
 */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  const v = z.enum(values);
  return column("text", v, v, values);
}

/**
 * NOT NULL, no default: required on insert and present in every row; an update may set it but never to null.
 *
 * @example
 * display_name: required(text({ nonEmpty: true })),
 */
export function required<V extends z.ZodMiniType, R extends z.ZodMiniType>(c: Column<V, R>) {
  const spec: FieldSpec = { type: c.type, required: true, ...(c.enum && { enum: c.enum }) };
  return { spec, row: c.read, insert: c.value, update: z.optional(c.value), fillsNow: false } satisfies Field;
}

/**
 * Nullable, no default: may be left out or null on insert, and cleared with null on update.
 *
 * @example
 * notes: optional(text()),
 */
export function optional<V extends z.ZodMiniType, R extends z.ZodMiniType>(c: Column<V, R>) {
  const spec: FieldSpec = { type: c.type, ...(c.enum && { enum: c.enum }) };
  return {
    spec,
    row: z.optional(z.nullable(c.read)),
    insert: z.optional(z.nullable(c.value)),
    update: z.optional(z.nullable(c.value)),
    fillsNow: false,
  } satisfies Field;
}

/**
 * A column with a constant default: optional on insert (the default is applied), always
 * present in a row (a row stored without it reads back with the default).
 *
 * @example
 * status: withDefault(oneOf(CONTACT_STATUSES), "active"),
 */
export function withDefault<V extends z.ZodMiniType, R extends z.ZodMiniType>(c: Column<V, R>, value: z.output<V> & z.output<R>) {
  const spec: FieldSpec = { type: c.type, default: value, ...(c.enum && { enum: c.enum }) };
  // an object default is copied per row so two rows never share (and mutate) one object
  const make = (): z.output<V> & z.output<R> => (typeof value === "object" && value !== null ? structuredClone(value) : value);
  return {
    spec,
    row: z._default(c.read, make as never) as z.ZodMiniDefault<R>,
    insert: z._default(c.value, make as never) as z.ZodMiniDefault<V>,
    update: z.optional(c.value),
    fillsNow: false,
  } satisfies Field;
}

/**
 * `DEFAULT NOW()`: optional on insert and filled with the caller's `now` (schemas never
 * read the clock), present in every row.
 *
 * @example
 * created_at: defaultNow(timestamp()),
 */
export function defaultNow<V extends z.ZodMiniType, R extends z.ZodMiniType>(c: Column<V, R>) {
  const spec: FieldSpec = { type: c.type, default: "now()" };
  return { spec, row: c.read, insert: z.optional(c.value), update: z.optional(c.value), fillsNow: true } satisfies Field;
}
