/**
 * Validating inserts, updates and rows against a table definition, with issues that name
 * the field and the rule (the repositories turn them into the SDK's `ValidationError`).
 * @module
 */
import type * as z from "zod/mini";
import { IMMUTABLE_FIELDS, type AnyTable, type RowOf } from "./define.js";

/** One problem with one field. Same shape as the SDK's `FieldIssue`. */
export interface SchemaIssue {
  /** Dotted field path, e.g. `relationship_strength`. */
  path: string;
  /** What the rule requires. */
  message: string;
  /** The rule: zod's issue code, or `unknown_field` / `immutable_field`. */
  code: string;
}

/** The result of a validation: the parsed value, or the issues. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: SchemaIssue[] };

/**
 * Flattens a zod error into one issue per field; an unrecognized key becomes one issue
 * naming that key.
 *
 * @example
 * const r = contacts.insert.safeParse(input);
 * if (!r.success) console.log(issuesOf(r.error));
 */
export function issuesOf(error: z.core.$ZodError): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  for (const iss of error.issues) {
    const base = iss.path.map(String).join(".");
    if (iss.code === "unrecognized_keys") {
      for (const k of iss.keys) {
        const fixed = (IMMUTABLE_FIELDS as readonly string[]).includes(k);
        out.push({
          path: base === "" ? k : `${base}.${k}`,
          message: fixed ? "cannot be changed by an update" : "unknown field",
          code: fixed ? "immutable_field" : "unknown_field",
        });
      }
    } else {
      out.push({ path: base, message: iss.message, code: iss.code });
    }
  }
  return out;
}

function parsed<T>(r: { success: true; data: T } | { success: false; error: z.core.$ZodError }): Parsed<T> {
  return r.success ? { ok: true, value: r.data } : { ok: false, issues: issuesOf(r.error) };
}

/**
 * Validates an insert and returns the row to write: defaults applied, `DEFAULT NOW()`
 * fields filled with `now`, null and absent optional fields left out (a JSON null would
 * count as a value in a unique index).
 *
 * @example
 * const r = parseInsert(contacts, { id, project_id, display_name: "Asha" }, { now: new Date() });
 * if (r.ok) r.value.status; // "active"
 */
export function parseInsert<T extends AnyTable>(table: T, input: unknown, options: { now: Date }): Parsed<RowOf<T>> {
  const first = table.insert.safeParse(input);
  if (!first.success) return { ok: false, issues: issuesOf(first.error) };
  const row: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(first.data as Record<string, unknown>)) if (v !== null && v !== undefined) row[k] = v;
  const stamp = options.now.toISOString();
  for (const f of table.nowFields) row[f] ??= stamp;
  // re-checked as a row: invariants may involve the fields just filled with now
  return parsed(table.row.safeParse(row)) as Parsed<RowOf<T>>;
}

/**
 * Validates a partial update: unknown fields and `id` / `project_id` / `created_at` are rejected.
 * Invariants spanning fields need the merged row: check it with {@link parseRow}. A null
 * clears an optional field; send it as `$unset` rather than a JSON null where the field
 * has a unique index (`users.email`, `messages_inbound_outbound.provider_message_id`),
 * since two JSON nulls collide there.
 *
 * @example
 * parseUpdate(contacts, { relationship_strength: 5 });
 */
export function parseUpdate<T extends AnyTable>(table: T, patch: unknown): Parsed<z.output<T["update"]>> {
  return parsed(table.update.safeParse(patch)) as Parsed<z.output<T["update"]>>;
}

/**
 * Validates a row read back; unknown fields are kept, amounts sent as decimal strings become numbers.
 *
 * @example
 * const r = parseRow(payments, stored.row_data);
 */
export function parseRow<T extends AnyTable>(table: T, data: unknown): Parsed<RowOf<T> & Record<string, unknown>> {
  return parsed(table.row.safeParse(data)) as Parsed<RowOf<T> & Record<string, unknown>>;
}
