/**
 * CSV for the export endpoints.
 * @internal
 * @module
 */
import type { Json } from "./validate.js";

/** RFC 4180 CSV of the given columns (objects/arrays JSON-encoded). */
export function toCsv(rows: Json[], cols: string[]): string {
  const cell = (v: unknown): string => {
    const s = v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [cols.join(","), ...rows.map((r) => cols.map((k) => cell(r[k])).join(","))].join("\r\n") + "\r\n";
}
