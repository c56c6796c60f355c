/**
 * Names and text sizes ZeroDB accepts (zerodb-api.md §2-§8).
 * @module
 */
import type { ContractIssue } from "./issues.js";

/** Table names: a letter or `_`, then letters, digits or `_`; at most {@link TABLE_NAME_MAX} characters (PostgreSQL's identifier limit). */
export const TABLE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Longest table name. */
export const TABLE_NAME_MAX = 63;
/** {@link TABLE_NAME_PATTERN} in words. */
export const TABLE_NAME_RULE = `must start with a letter or _ and hold only letters, digits and _ (max ${TABLE_NAME_MAX})`;

/** Project names: 2-100 characters. */
export const PROJECT_NAME_MIN = 2;
/** Longest project name. */
export const PROJECT_NAME_MAX = 100;
/** Longest project or table description. */
export const DESCRIPTION_MAX = 1000;
/** Longest file name. */
export const FILE_NAME_MAX = 255;
/** Longest event topic. */
export const EVENT_TOPIC_MAX = 255;
/** Longest vector id and vector namespace. */
export const VECTOR_ID_MAX = 255;

/** The rule `name` breaks as a table name, or `undefined` when it is valid. */
export function tableNameIssue(name: unknown): ContractIssue | undefined {
  if (typeof name !== "string") return { path: [], message: "must be a string" };
  if (!TABLE_NAME_PATTERN.test(name) || name.length > TABLE_NAME_MAX) return { path: [], message: TABLE_NAME_RULE };
  return undefined;
}
