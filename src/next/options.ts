/**
 * The options of `rankNext`, checked and resolved to their defaults in one place.
 * @module
 */
import { type FieldIssue, ValidationError } from "../http/errors.js";
import { draftMessage } from "./draft.js";
import type { DraftOptions, RankOptions, RankWeights } from "./types.js";
import { isTimeZone, localDate, localDayStart, localTime } from "../domain/zone.js";
import { parseInstant } from "./time.js";

const WEIGHT_KEYS = ["replyWaiting", "reschedule", "followup", "pledge", "recency", "capacity", "relationship", "frequency", "fatigue"] as const;
const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The options with every default applied, and the local day of `now` precomputed. */
export interface ResolvedRankOptions {
  nowMs: number;
  timeZone: string;
  /** Minutes after local midnight. */
  quietStart: number;
  quietEnd: number;
  allowSameDay: boolean;
  weights: Record<keyof RankWeights, number>;
  freeAttempts: number;
  windowDays: number;
  runnersUp: number;
  draft: DraftOptions;
  /** UTC instants of the start of `now`'s local day and of the next one. */
  todayStart: number;
  tomorrowStart: number;
  /** `YYYY-MM-DD` of `now`'s local day. */
  today: string;
  /** Whether `now` is outside the reachable hours. */
  quiet: boolean;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function integer(v: unknown, path: string, min: number, max: number, issues: FieldIssue[]): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    issues.push({ path, message: `must be an integer from ${min} to ${max}`, code: "out_of_range" });
    return undefined;
  }
  return v;
}

function clock(v: unknown, path: string, fallback: number, issues: FieldIssue[]): number {
  const m = typeof v === "string" ? CLOCK.exec(v) : null;
  if (m === null) {
    issues.push({ path, message: 'must be a time "HH:MM" (24 h)', code: "invalid_format" });
    return fallback;
  }
  return Number(m[1]) * 60 + Number(m[2]);
}

function weights(v: unknown, issues: FieldIssue[]): Record<keyof RankWeights, number> {
  const out = Object.fromEntries(WEIGHT_KEYS.map((k) => [k, 1])) as Record<keyof RankWeights, number>;
  if (v === undefined) return out;
  if (!isObject(v)) {
    issues.push({ path: "weights", message: "must be an object", code: "type_error" });
    return out;
  }
  for (const [k, w] of Object.entries(v)) {
    if (!(WEIGHT_KEYS as readonly string[]).includes(k)) issues.push({ path: `weights.${k}`, message: `unknown weight (known: ${WEIGHT_KEYS.join(", ")})`, code: "unknown_key" });
    else if (w === undefined) continue;
    else if (typeof w !== "number" || !Number.isFinite(w) || w < 0) issues.push({ path: `weights.${k}`, message: "must be a finite number ≥ 0", code: "out_of_range" });
    else out[k as keyof RankWeights] = w;
  }
  return out;
}

/** The draft options' problems, found by drafting once, named under `draft.` (`draft.variant`, `draft.payee.vpa`). */
function draftIssues(draft: DraftOptions): FieldIssue[] {
  try {
    draftMessage({ displayName: "Asha", objective: "pledge_reminder", amount: 1 }, draft);
    return [];
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.issues.map((i) => ({ ...i, path: i.path.replace(/^options\./, "draft.") }));
  }
}

/**
 * Checks the options of `rankNext` without ranking: throws the `ValidationError` `rankNext`
 * would throw (every bad option named by its path), so a caller can fail before gathering
 * a snapshot.
 *
 * @example
 * checkRankOptions({ now: new Date(), timeZone: "Asia/Kolkata" }); // ok
 * checkRankOptions({ now: new Date(), runnersUp: 99 }); // throws ValidationError (path "runnersUp")
 */
export function checkRankOptions(options: RankOptions): void {
  resolveRankOptions(options);
}

function instant(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  return typeof v === "string" ? parseInstant(v) : Number.NaN;
}

/**
 * Checks `options` and applies the defaults (zone `Asia/Kolkata`, reachable 09:00–21:00,
 * 3 runners-up, 3 free attempts in 14 days, every weight 1). Every bad option is reported
 * at once, each by its path.
 *
 * @example
 * resolveRankOptions({ now: "2026-12-01T10:30:00Z" }).today; // "2026-12-01"
 * resolveRankOptions({ now: "soon" }); // throws ValidationError (path "now")
 */
export function resolveRankOptions(options: RankOptions): ResolvedRankOptions {
  const issues: FieldIssue[] = [];
  if (!isObject(options)) throw new ValidationError([{ path: "options", message: "must be an object", code: "type_error" }]);
  const nowMs = instant(options.now);
  if (!Number.isFinite(nowMs)) issues.push({ path: "now", message: "required: a Date or an ISO-8601 timestamp with a zone", code: "invalid_timestamp" });
  const timeZone = options.timeZone ?? "Asia/Kolkata";
  if (!isTimeZone(timeZone)) issues.push({ path: "timeZone", message: "must be an IANA time zone such as Asia/Kolkata", code: "invalid_time_zone" });
  const qh: unknown = options.quietHours ?? { start: "09:00", end: "21:00" };
  let quietStart = 540;
  let quietEnd = 1260;
  if (!isObject(qh)) issues.push({ path: "quietHours", message: "must be { start, end }", code: "type_error" });
  else {
    quietStart = clock(qh["start"], "quietHours.start", quietStart, issues);
    quietEnd = clock(qh["end"], "quietHours.end", quietEnd, issues);
  }
  if (options.allowSameDay !== undefined && typeof options.allowSameDay !== "boolean") issues.push({ path: "allowSameDay", message: "must be a boolean", code: "type_error" });
  const w = weights(options.weights, issues);
  const policy: unknown = options.attemptPolicy ?? {};
  if (!isObject(policy)) issues.push({ path: "attemptPolicy", message: "must be an object", code: "type_error" });
  const freeAttempts = isObject(policy) ? integer(policy["freeAttempts"], "attemptPolicy.freeAttempts", 0, 1000, issues) : undefined;
  const windowDays = isObject(policy) ? integer(policy["windowDays"], "attemptPolicy.windowDays", 1, 3650, issues) : undefined;
  const runnersUp = integer(options.runnersUp, "runnersUp", 0, 50, issues);
  if (options.draft !== undefined && !isObject(options.draft)) issues.push({ path: "draft", message: "must be an object", code: "type_error" });
  else if (options.draft !== undefined) issues.push(...draftIssues(options.draft));
  if (issues.length > 0) throw new ValidationError(issues);

  const local = localTime(nowMs, timeZone);
  const minute = local.hour * 60 + local.minute;
  // start < end: a daytime window; start > end: a window across midnight; equal: always open
  const open = quietStart === quietEnd || (quietStart < quietEnd ? minute >= quietStart && minute < quietEnd : minute >= quietStart || minute < quietEnd);
  const todayStart = localDayStart(nowMs, timeZone);
  return {
    nowMs,
    timeZone,
    quietStart,
    quietEnd,
    allowSameDay: options.allowSameDay ?? false,
    weights: w,
    freeAttempts: freeAttempts ?? 3,
    windowDays: windowDays ?? 14,
    runnersUp: runnersUp ?? 3,
    draft: options.draft ?? {},
    todayStart,
    // 36 h past midnight always lands in the next local day, even across a DST change
    tomorrowStart: localDayStart(todayStart + 36 * 3_600_000, timeZone),
    today: localDate(nowMs, timeZone),
    quiet: !open,
  };
}
