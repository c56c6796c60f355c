/**
 * Provider token usage per day and operator (US13.1), "day" in the operator's time zone. Pure.
 * @module
 */
import { localDate } from "../domain/zone.js";

/** The fields of a `provider_usage` row the aggregate reads. */
export interface UsageLike {
  user_id?: string | null | undefined;
  provider: string;
  model: string;
  iterations?: number | undefined;
  prompt_tokens?: number | undefined;
  completion_tokens?: number | undefined;
  total_tokens?: number | undefined;
  created_at: string;
}

/** One day of one operator's usage. */
export interface DailyUsage {
  /** Local date `YYYY-MM-DD` in the time zone. */
  date: string;
  /** The operator, or `null` for usage without one. */
  user_id: string | null;
  /** Assistant turns (rows). */
  turns: number;
  /** Sum of `iterations`. */
  iterations: number;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/**
 * The calendar date of an instant in a time zone, `YYYY-MM-DD`.
 *
 * @example
 * dateInZone("2026-01-08T18:30:00.000Z", "Asia/Kolkata"); // "2026-01-09"
 */
export function dateInZone(instant: string | Date, timeZone: string): string {
  return localDate(instant instanceof Date ? instant.getTime() : Date.parse(instant), timeZone);
}

/**
 * Sums usage rows per local day and operator, sorted by date then user. `total_tokens`
 * of a row that left it at 0 counts as prompt + completion.
 *
 * @example
 * dailyUsage(rows, { timeZone: "Asia/Kolkata" });
 * // [{ date: "2026-01-09", user_id: "…", turns: 2, iterations: 2, prompt_tokens: 900, completion_tokens: 300, total_tokens: 1200 }]
 */
export function dailyUsage(rows: readonly UsageLike[], options: { timeZone?: string | undefined } = {}): DailyUsage[] {
  const tz = options.timeZone ?? "Asia/Kolkata";
  const by = new Map<string, DailyUsage>();
  for (const r of rows) {
    const date = dateInZone(r.created_at, tz);
    const user = r.user_id ?? null;
    const k = `${date}\u0000${user ?? ""}`;
    let d = by.get(k);
    if (d === undefined) {
      d = { date, user_id: user, turns: 0, iterations: 0, prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
      by.set(k, d);
    }
    const p = r.prompt_tokens ?? 0;
    const c = r.completion_tokens ?? 0;
    d.turns += 1;
    d.iterations += r.iterations ?? 1;
    d.prompt_tokens += p;
    d.completion_tokens += c;
    d.total_tokens += r.total_tokens !== undefined && r.total_tokens > 0 ? r.total_tokens : p + c;
  }
  return [...by.values()].sort((a, b) => (a.date === b.date ? (a.user_id ?? "").localeCompare(b.user_id ?? "") : a.date.localeCompare(b.date)));
}
