/**
 * Row filters, sorts and bulk updates as ZeroDB documents them (zerodb-api.md §3):
 * the one place both the SDK and the local server read these rules from.
 * @module
 */
import type { ContractIssue } from "./issues.js";
import { MAX_FILTER_DEPTH, MAX_FILTER_TERMS, MAX_UPDATE_FIELDS } from "./limits.js";

/** The comparison operators ZeroDB documents; a plain `{field: value}` means `$eq`. */
export const FILTER_OPERATORS = ["$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$contains", "$regex"] as const;
/** One of {@link FILTER_OPERATORS}. */
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

/**
 * Operators the local server understands beyond ZeroDB's documented set. ZeroDB answers them
 * with 400, so they are refused unless a local server is started with `localOperators: true`
 * (and the SDK client with the same option): code that uses them does not run on the cloud.
 */
export const LOCAL_ONLY_OPERATORS = ["$and", "$or", "$nor", "$exists", "$options"] as const;
/** One of {@link LOCAL_ONLY_OPERATORS}. */
export type LocalOnlyOperator = (typeof LOCAL_ONLY_OPERATORS)[number];

/** The update operators of a bulk update. */
export const UPDATE_OPERATORS = ["$set", "$inc", "$push", "$pull", "$unset"] as const;
/** One of {@link UPDATE_OPERATORS}. */
export type UpdateOperator = (typeof UPDATE_OPERATORS)[number];

/** Field names in filters, sorts and updates: letters, digits, `_`, and `.` between path segments. */
export const FIELD_NAME_PATTERN = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/;
/** {@link FIELD_NAME_PATTERN} in words. */
export const FIELD_NAME_RULE = "field names hold only letters, digits and _, with . between path segments";

/** Options of the filter rules. */
export interface FilterRuleOptions {
  /** Also accept {@link LOCAL_ONLY_OPERATORS} (local server only). Default false. */
  localOperators?: boolean | undefined;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const LOGICAL = new Set<string>(["$and", "$or", "$nor"]);

function operatorList(local: boolean): string {
  return [...FILTER_OPERATORS, ...(local ? LOCAL_ONLY_OPERATORS : [])].join(" ");
}

/**
 * Every way `filter` breaks the filter rules; empty when it is valid.
 *
 * @example
 * ```ts
 * filterIssues({ status: { $in: ["active"] } });  // []
 * filterIssues({ $or: [{ a: 1 }] });              // [{ path: ["$or"], message: "unknown operator ..." }]
 * ```
 */
export function filterIssues(filter: unknown, options: FilterRuleOptions = {}): ContractIssue[] {
  const walk: Walk = { local: options.localOperators === true, issues: [], terms: 0 };
  walkFilter(filter, [], 0, walk);
  if (walk.terms > MAX_FILTER_TERMS) {
    walk.issues.unshift({
      path: [],
      message: `the filter has ${walk.terms} terms (conditions and $and/$or/$nor branches); the limit is ${MAX_FILTER_TERMS}`,
    });
  }
  return walk.issues;
}

interface Walk {
  local: boolean;
  issues: ContractIssue[];
  terms: number;
}

function walkFilter(filter: unknown, path: (string | number)[], depth: number, walk: Walk): void {
  if (depth > MAX_FILTER_DEPTH) {
    walk.issues.push({ path, message: `the filter is nested more than ${MAX_FILTER_DEPTH} levels deep; the limit is ${MAX_FILTER_DEPTH}` });
    return;
  }
  if (!isPlainObject(filter)) {
    walk.issues.push({ path, message: "a filter must be a JSON object" });
    return;
  }
  for (const [key, cond] of Object.entries(filter)) {
    const at = [...path, key];
    if (key.startsWith("$")) {
      if (!walk.local || !LOGICAL.has(key)) {
        walk.issues.push({ path: at, message: `unknown operator '${key}' at the top of a filter; use {field: {$op: value}} with one of ${operatorList(walk.local)}` });
      } else if (!Array.isArray(cond) || cond.length === 0) {
        walk.issues.push({ path: at, message: `${key} needs a non-empty array of filters` });
      } else {
        walk.terms += cond.length;
        cond.forEach((sub, i) => walkFilter(sub, [...at, i], depth + 1, walk));
      }
      continue;
    }
    if (!FIELD_NAME_PATTERN.test(key)) walk.issues.push({ path: at, message: FIELD_NAME_RULE });
    if (isPlainObject(cond) && Object.keys(cond).some((k) => k.startsWith("$"))) {
      walk.terms += Object.keys(cond).filter((k) => k !== "$options").length;
      conditionIssues(cond, at, walk.local, walk.issues);
    } else {
      walk.terms += 1;
    }
  }
}

function conditionIssues(cond: Record<string, unknown>, at: (string | number)[], local: boolean, issues: ContractIssue[]): void {
  for (const [op, arg] of Object.entries(cond)) {
    const where = [...at, op];
    const known = (FILTER_OPERATORS as readonly string[]).includes(op) || (local && (op === "$exists" || op === "$options"));
    if (!known) {
      issues.push({ path: where, message: `unknown operator '${op}'; use one of ${operatorList(local)}` });
      continue;
    }
    const rule = argumentRule(op, arg, cond);
    if (rule !== undefined) issues.push({ path: where, message: rule });
  }
}

/** The rule an operator's argument breaks, if any. */
function argumentRule(op: string, arg: unknown, cond: Record<string, unknown>): string | undefined {
  switch (op) {
    case "$in":
    case "$nin":
      return Array.isArray(arg) ? undefined : `${op} needs an array`;
    case "$gt":
    case "$gte":
    case "$lt":
    case "$lte":
      return ["number", "string", "boolean"].includes(typeof arg) ? undefined : `${op} needs a number, string or boolean`;
    case "$regex":
      return typeof arg === "string" ? undefined : "$regex needs a string pattern";
    case "$contains":
      return arg === null || arg === undefined ? "$contains needs a value" : undefined;
    case "$exists":
      return typeof arg === "boolean" ? undefined : "$exists needs true or false";
    case "$options":
      if (!("$regex" in cond)) return "$options is only valid with $regex";
      return typeof arg === "string" && /^i*$/.test(arg) ? undefined : "$options supports only 'i'";
    default:
      return undefined;
  }
}

/** Every way `sort` breaks the sort rule (`{field: 1 | -1}`); empty when valid. */
export function sortIssues(sort: unknown): ContractIssue[] {
  if (!isPlainObject(sort)) return [{ path: [], message: 'sort must be an object like {"field": 1}' }];
  const issues: ContractIssue[] = [];
  for (const [field, dir] of Object.entries(sort)) {
    if (!FIELD_NAME_PATTERN.test(field)) issues.push({ path: [field], message: FIELD_NAME_RULE });
    if (dir !== 1 && dir !== -1) issues.push({ path: [field], message: "sort direction must be 1 or -1" });
  }
  return issues;
}

/** Every way `update` breaks the bulk-update rules (operators only, each with fields); empty when valid. */
export function updateIssues(update: unknown): ContractIssue[] {
  if (!isPlainObject(update) || Object.keys(update).length === 0) {
    return [{ path: [], message: `must be a non-empty object of update operators (${UPDATE_OPERATORS.join(", ")})` }];
  }
  const issues: ContractIssue[] = [];
  const fields = Object.values(update).reduce<number>((n, spec) => n + (isPlainObject(spec) ? Object.keys(spec).length : 0), 0);
  if (fields > MAX_UPDATE_FIELDS) {
    issues.push({ path: [], message: `the update changes ${fields} fields; the limit is ${MAX_UPDATE_FIELDS} fields per bulk update` });
  }
  for (const [op, spec] of Object.entries(update)) {
    if (!(UPDATE_OPERATORS as readonly string[]).includes(op)) {
      issues.push({
        path: [op],
        message: op.startsWith("$") ? `unknown update operator; use one of ${UPDATE_OPERATORS.join(" ")}` : `updates use operators ($set, ...), not a bare field`,
      });
      continue;
    }
    if (!isPlainObject(spec) || Object.keys(spec).length === 0) {
      issues.push({ path: [op], message: `${op} needs a non-empty object of fields` });
      continue;
    }
    for (const [field, value] of Object.entries(spec)) {
      if (!FIELD_NAME_PATTERN.test(field)) issues.push({ path: [op, field], message: FIELD_NAME_RULE });
      if (op === "$inc" && (typeof value !== "number" || !Number.isFinite(value))) issues.push({ path: [op, field], message: "$inc needs a number" });
    }
  }
  return issues;
}
