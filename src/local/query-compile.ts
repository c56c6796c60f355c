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
 * Which operators and names are valid is the wire contract's (`src/contract/`); this file
 * only turns valid input into SQL.
 * @internal
 * @module
 */
import {
  FIELD_NAME_PATTERN,
  FIELD_NAME_RULE,
  filterIssues,
  sortIssues,
  updateIssues,
  type ContractIssue,
} from "../contract/index.js";

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

/** Options of the compilers. */
export interface CompileOptions {
  /** Accept the local-only operators (`$and $or $nor $exists $options`), which ZeroDB refuses. */
  localOperators?: boolean | undefined;
}

/** Throws the first broken rule as a FilterError (ZeroDB's 400 names one problem). */
function enforce(issues: ContractIssue[], what: string): void {
  const first = issues[0];
  if (first === undefined) return;
  const where = first.path.length > 0 ? ` at '${first.path.join(".")}'` : "";
  throw new FilterError(`Invalid ${what}${where}: ${first.message}`);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Validates a (dotted) field name and returns its path segments. */
export function fieldSegments(field: string): string[] {
  if (!FIELD_NAME_PATTERN.test(field)) throw new FilterError(`Invalid field name '${field}': ${FIELD_NAME_RULE}`);
  return field.split(".");
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

  // The input already passed the contract's filterIssues (compileFilter checks first), so
  // the builder only translates: no rule is restated here.
  filter(f: unknown): string {
    const parts: string[] = [];
    for (const [key, value] of Object.entries(f as Record<string, unknown>)) {
      if (key === "$and" || key === "$or" || key === "$nor") {
        this.operators.add(key);
        const subs = (value as unknown[]).map((s) => this.filter(s));
        if (key === "$and") parts.push(`(${subs.join(" AND ")})`);
        else if (key === "$or") parts.push(`(${subs.join(" OR ")})`);
        else parts.push(`NOT (${subs.join(" OR ")})`);
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
      const parts = keys.filter((k) => k !== "$options").map((op) => this.op(x, op, value[op], value));
      return parts.length === 1 ? parts[0]! : `(${parts.join(" AND ")})`;
    }
    return this.op(x, "$eq", value, {});
  }

  op(x: string, op: string, v: unknown, all: Record<string, unknown>): string {
    this.operators.add(op);
    this.conditions++;
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
        const sym = { $gt: ">", $gte: ">=", $lt: "<", $lte: "<=" }[op];
        return `(jsonb_typeof(${x}) = '${t}' AND ${x} ${sym} ${this.json(v)})`;
      }
      case "$in":
      case "$nin": {
        const list = v as unknown[];
        const hasNull = list.includes(null);
        const vals = list.filter((e) => e !== null);
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
        return `(jsonb_typeof(${x}) IN ('array', 'object') AND ${x} @> ${this.json(v)})`;
      }
      case "$regex": {
        const opts = all.$options;
        const sym = typeof opts === "string" && opts.includes("i") ? "~*" : "~";
        return `(jsonb_typeof(${x}) = 'string' AND (${x} #>> '{}') ${sym} ${this.param(v, "text")})`;
      }
      case "$exists":
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
  options: CompileOptions = {},
): Compiled & { summary: FilterSummary } {
  enforce(filterIssues(filter ?? {}, options), "filter");
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
  enforce(sortIssues(sort), "sort");
  return Object.entries(sort as Record<string, 1 | -1>)
    .map(([field, dir]) => `${fieldExpr(field, column)} ${dir === 1 ? "ASC" : "DESC"} NULLS LAST`)
    .join(", ");
}

/**
 * Compiles bulk update operators to a jsonb expression computing the new
 * document from `column`. Uses the helper functions of the `zdb` schema.
 */
export function compileUpdate(update: unknown, start = 1, column = "row_data"): Compiled & { operators: string[] } {
  enforce(updateIssues(update), "update");
  const params: unknown[] = [];
  const p = (v: unknown, cast: string): string => {
    params.push(v);
    return `$${start + params.length - 1}::${cast}`;
  };
  let expr = column;
  const ops: string[] = [];
  for (const [op, spec] of Object.entries(update as Record<string, Record<string, unknown>>)) {
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
