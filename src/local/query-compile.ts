/**
 * Pure compiler from ZeroDB's Mongo-like row filters, sorts and bulk update
 * operators to parameterized PostgreSQL over a JSONB column. No I/O.
 *
 * Values always travel as parameters (`$n::jsonb` holding JSON text). Field
 * paths are validated against `^[A-Za-z0-9_.]+$` and inlined as text-array
 * literals (`row_data #> '{a,b}'`), so the expressions are identical to the
 * expression indexes declared from a table schema and the planner can use them.
 * Comparisons are on `jsonb`: numbers compare numerically, strings as text
 * (C collation, so ISO timestamps sort chronologically), and a comparison
 * never matches a value of another JSON type.
 * @internal
 * @module
 */
import { MAX_FILTER_DEPTH, MAX_FILTER_TERMS, MAX_UPDATE_FIELDS } from "../contract/limits.js";

/** A filter/sort/update that ZeroDB would refuse with 400. */
export class FilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FilterError";
  }
}

/** SQL text plus its parameters, numbered from the `start` given to the compiler. */
export interface Compiled {
  sql: string;
  params: unknown[];
}

/** What a filter touched, echoed back as `filter_summary`. */
export interface FilterSummary {
  fields: string[];
  operators: string[];
  conditions: number;
}

const FIELD_RE = /^[A-Za-z0-9_.]+$/;

/** The comparison operators accepted on a field. */
export const FIELD_OPERATORS = [
  "$eq",
  "$ne",
  "$gt",
  "$gte",
  "$lt",
  "$lte",
  "$in",
  "$nin",
  "$contains",
  "$regex",
  "$options",
  "$exists",
] as const;

/** The bulk update operators accepted. */
export const UPDATE_OPERATORS = ["$set", "$inc", "$push", "$pull", "$unset"] as const;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Validates a (dotted) field name and returns its path segments. */
export function fieldSegments(field: string): string[] {
  if (!FIELD_RE.test(field)) {
    throw new FilterError(`Invalid field name '${field}': only letters, digits, '_' and '.' are allowed`);
  }
  const segs = field.split(".");
  if (segs.some((s) => s === "")) throw new FilterError(`Invalid field name '${field}': empty path segment`);
  return segs;
}

/** `'{a,b}'`: a text[] literal, safe because segments match [A-Za-z0-9_]. */
export function pathLiteral(field: string): string {
  return `'{${fieldSegments(field).join(",")}}'`;
}

/** The jsonb expression for a field of `column`: `(row_data #> '{a,b}')`. */
export function fieldExpr(field: string, column = "row_data"): string {
  return `(${column} #> ${pathLiteral(field)})`;
}

class Builder {
  params: unknown[] = [];
  fields = new Set<string>();
  operators = new Set<string>();
  conditions = 0;
  terms = 0;
  constructor(
    private readonly start: number,
    private readonly column: string,
  ) {}

  param(v: unknown, cast: string): string {
    this.params.push(v);
    return `$${this.start + this.params.length - 1}::${cast}`;
  }

  json(v: unknown): string {
    return this.param(JSON.stringify(v), "jsonb");
  }

  /** Counts one term; stops the compile as soon as the filter has too many. */
  term(): void {
    if (++this.terms > MAX_FILTER_TERMS) {
      throw new FilterError(`Filter has more than ${MAX_FILTER_TERMS} terms (conditions and $and/$or/$nor branches); the limit is ${MAX_FILTER_TERMS}`);
    }
  }

  filter(f: unknown, depth = 0): string {
    if (depth > MAX_FILTER_DEPTH) throw new FilterError(`Filter is nested more than ${MAX_FILTER_DEPTH} levels deep; the limit is ${MAX_FILTER_DEPTH}`);
    if (!isPlainObject(f)) throw new FilterError("Filter must be a JSON object");
    const parts: string[] = [];
    for (const [key, value] of Object.entries(f)) {
      if (key === "$and" || key === "$or" || key === "$nor") {
        if (!Array.isArray(value) || value.length === 0) {
          throw new FilterError(`${key} requires a non-empty array of filters`);
        }
        this.operators.add(key);
        const subs = value.map((s) => {
          this.term();
          return this.filter(s, depth + 1);
        });
        if (key === "$and") parts.push(`(${subs.join(" AND ")})`);
        else if (key === "$or") parts.push(`(${subs.join(" OR ")})`);
        else parts.push(`NOT (${subs.join(" OR ")})`);
      } else if (key.startsWith("$")) {
        throw new FilterError(`Unsupported operator '${key}'`);
      } else {
        parts.push(this.field(key, value));
      }
    }
    return parts.length === 0 ? "TRUE" : parts.join(" AND ");
  }

  field(field: string, value: unknown): string {
    const x = fieldExpr(field, this.column);
    this.fields.add(field);
    if (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith("$"))) {
      const keys = Object.keys(value);
      const bad = keys.find((k) => !(FIELD_OPERATORS as readonly string[]).includes(k));
      if (bad !== undefined) throw new FilterError(`Unsupported operator '${bad}' on field '${field}'`);
      if ("$options" in value && !("$regex" in value)) throw new FilterError("$options is only valid with $regex");
      const parts = keys.filter((k) => k !== "$options").map((op) => this.op(field, x, op, value[op], value));
      return parts.length === 1 ? parts[0]! : `(${parts.join(" AND ")})`;
    }
    return this.op(field, x, "$eq", value, {});
  }

  op(field: string, x: string, op: string, v: unknown, all: Record<string, unknown>): string {
    this.operators.add(op);
    this.conditions++;
    this.term();
    switch (op) {
      case "$eq":
        return v === null ? `(${x} IS NULL OR ${x} = 'null'::jsonb)` : `${x} = ${this.json(v)}`;
      case "$ne":
        return v === null ? `(${x} IS NOT NULL AND ${x} <> 'null'::jsonb)` : `(${x} IS NULL OR ${x} <> ${this.json(v)})`;
      case "$gt":
      case "$gte":
      case "$lt":
      case "$lte": {
        const t = typeof v;
        if (t !== "number" && t !== "string" && t !== "boolean") {
          throw new FilterError(`${op} on '${field}' needs a number, string or boolean`);
        }
        const sym = { $gt: ">", $gte: ">=", $lt: "<", $lte: "<=" }[op];
        return `(jsonb_typeof(${x}) = '${t}' AND ${x} ${sym} ${this.json(v)})`;
      }
      case "$in":
      case "$nin": {
        if (!Array.isArray(v)) throw new FilterError(`${op} on '${field}' needs an array`);
        const hasNull = v.includes(null);
        const vals = v.filter((e) => e !== null);
        const anyExpr = vals.length > 0 ? `${x} = ANY(ARRAY(SELECT jsonb_array_elements(${this.json(vals)})))` : "FALSE";
        if (op === "$in") return hasNull ? `(${anyExpr} OR ${x} IS NULL OR ${x} = 'null'::jsonb)` : `(${anyExpr})`;
        return hasNull
          ? `(${x} IS NOT NULL AND ${x} <> 'null'::jsonb AND NOT (${anyExpr}))`
          : `(${x} IS NULL OR NOT (${anyExpr}))`;
      }
      case "$contains": {
        if (typeof v === "string") {
          const p = this.param(v, "text");
          return `((jsonb_typeof(${x}) = 'string' AND strpos(${x} #>> '{}', ${p}) > 0) OR (jsonb_typeof(${x}) = 'array' AND ${x} @> jsonb_build_array(${p})))`;
        }
        if (v === null || v === undefined) throw new FilterError(`$contains on '${field}' needs a value`);
        return `(jsonb_typeof(${x}) IN ('array', 'object') AND ${x} @> ${this.json(v)})`;
      }
      case "$regex": {
        if (typeof v !== "string") throw new FilterError(`$regex on '${field}' needs a string pattern`);
        const opts = all.$options;
        if (opts !== undefined && (typeof opts !== "string" || !/^[i]*$/.test(opts))) {
          throw new FilterError("$options supports only 'i'");
        }
        const sym = typeof opts === "string" && opts.includes("i") ? "~*" : "~";
        return `(jsonb_typeof(${x}) = 'string' AND (${x} #>> '{}') ${sym} ${this.param(v, "text")})`;
      }
      case "$exists":
        if (typeof v !== "boolean") throw new FilterError(`$exists on '${field}' needs true or false`);
        return v ? `(${x} IS NOT NULL)` : `(${x} IS NULL)`;
      default:
        throw new FilterError(`Unsupported operator '${op}'`);
    }
  }
}

/**
 * Compiles a filter to a SQL boolean expression.
 * @param filter the `filter` object of a query or bulk call
 * @param start number of the first parameter (`$start`)
 * @param column the jsonb column holding the document
 */
export function compileFilter(
  filter: unknown,
  start = 1,
  column = "row_data",
): Compiled & { summary: FilterSummary } {
  const b = new Builder(start, column);
  const sql = b.filter(filter ?? {});
  return {
    sql,
    params: b.params,
    summary: { fields: [...b.fields], operators: [...b.operators], conditions: b.conditions },
  };
}

/** Compiles `{field: 1 | -1}` to ORDER BY terms (without the keyword); "" when empty. */
export function compileSort(sort: unknown, column = "row_data"): string {
  if (sort === undefined || sort === null) return "";
  if (!isPlainObject(sort)) throw new FilterError("sort must be an object like {\"field\": 1}");
  return Object.entries(sort)
    .map(([field, dir]) => {
      let d: string;
      if (dir === 1 || dir === "asc" || dir === "ASC") d = "ASC NULLS LAST";
      else if (dir === -1 || dir === "desc" || dir === "DESC") d = "DESC NULLS LAST";
      else throw new FilterError(`Sort direction for '${field}' must be 1 or -1`);
      return `${fieldExpr(field, column)} ${d}`;
    })
    .join(", ");
}

/**
 * Compiles bulk update operators to a jsonb expression computing the new
 * document from `column`. Uses the helper functions of the `zdb` schema.
 */
export function compileUpdate(update: unknown, start = 1, column = "row_data"): Compiled & { operators: string[] } {
  if (!isPlainObject(update) || Object.keys(update).length === 0) {
    throw new FilterError("update must be a non-empty object of update operators ($set, $inc, $push, $pull, $unset)");
  }
  const params: unknown[] = [];
  const p = (v: unknown, cast: string): string => {
    params.push(v);
    return `$${start + params.length - 1}::${cast}`;
  };
  const fields = Object.values(update).reduce<number>((n, spec) => n + (isPlainObject(spec) ? Object.keys(spec).length : 0), 0);
  if (fields > MAX_UPDATE_FIELDS) {
    throw new FilterError(`update changes ${fields} fields; the limit is ${MAX_UPDATE_FIELDS} fields per bulk update`);
  }
  let expr = column;
  const ops: string[] = [];
  for (const [op, spec] of Object.entries(update)) {
    if (!(UPDATE_OPERATORS as readonly string[]).includes(op)) {
      throw new FilterError(
        op.startsWith("$") ? `Unsupported update operator '${op}'` : `Update must use operators ($set, ...); got field '${op}'`,
      );
    }
    if (!isPlainObject(spec) || Object.keys(spec).length === 0) {
      throw new FilterError(`${op} needs a non-empty object of fields`);
    }
    ops.push(op);
    for (const [field, value] of Object.entries(spec)) {
      const path = pathLiteral(field);
      switch (op) {
        case "$set":
          expr = `zdb.jsonb_set_path(${expr}, ${path}, ${p(JSON.stringify(value), "jsonb")})`;
          break;
        case "$unset":
          expr = `(${expr} #- ${path})`;
          break;
        case "$inc":
          if (typeof value !== "number" || !Number.isFinite(value)) {
            throw new FilterError(`$inc on '${field}' needs a number`);
          }
          expr = `zdb.jsonb_inc_path(${expr}, ${path}, ${p(String(value), "numeric")})`;
          break;
        case "$push":
          expr = `zdb.jsonb_push_path(${expr}, ${path}, ${p(JSON.stringify(value), "jsonb")})`;
          break;
        case "$pull":
          expr = `zdb.jsonb_pull_path(${expr}, ${path}, ${p(JSON.stringify(value), "jsonb")})`;
          break;
      }
    }
  }
  return { sql: expr, params, operators: ops };
}
