/**
 * Time for NEXT: ISO instants parsed once per row, and the operator's local day and clock
 * in an IANA zone. Local day boundaries are computed once per ranking as UTC instants, so
 * the hot loops compare plain numbers and never call `Intl`.
 * @module
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The cached `h23` formatter of a zone; throws `RangeError` for an unknown zone.
 *
 * @example
 * zoneFormatter("Asia/Kolkata").formatToParts(new Date(0));
 */
export function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    const opts = { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" } as const;
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", ...opts });
    formatters.set(timeZone, f);
  }
  return f;
}

/** A wall-clock reading in a zone. */
export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/**
 * The wall clock of instant `ms` in `timeZone`.
 *
 * @example
 * localTime(Date.parse("2026-12-01T10:30:00Z"), "Asia/Kolkata"); // { year: 2026, month: 12, day: 1, hour: 16, minute: 0, second: 0 }
 */
export function localTime(ms: number, timeZone: string): LocalTime {
  const out: LocalTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of zoneFormatter(timeZone).formatToParts(ms)) {
    if (p.type in out) out[p.type as keyof LocalTime] = Number(p.value);
  }
  return out;
}

function offsetAt(ms: number, timeZone: string): number {
  const t = localTime(ms, timeZone);
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) - (ms - (((ms % 1000) + 1000) % 1000));
}

/**
 * The UTC instant at which the local day containing `ms` starts in `timeZone`.
 *
 * @example
 * new Date(localDayStart(Date.parse("2026-12-01T10:30:00Z"), "Asia/Kolkata")).toISOString(); // "2026-11-30T18:30:00.000Z"
 */
export function localDayStart(ms: number, timeZone: string): number {
  const t = localTime(ms, timeZone);
  const midnight = Date.UTC(t.year, t.month - 1, t.day);
  // the offset at midnight can differ from the offset now on a DST day: correct once
  const guess = midnight - offsetAt(ms, timeZone);
  return midnight - offsetAt(guess, timeZone);
}

/**
 * `YYYY-MM-DD` of the local day containing `ms`.
 *
 * @example
 * localDate(Date.parse("2026-11-30T19:00:00Z"), "Asia/Kolkata"); // "2026-12-01"
 */
export function localDate(ms: number, timeZone: string): string {
  const t = localTime(ms, timeZone);
  return `${String(t.year).padStart(4, "0")}-${String(t.month).padStart(2, "0")}-${String(t.day).padStart(2, "0")}`;
}

const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?))?$/i;

function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    n = n * 10 + c;
  }
  return n;
}

/**
 * An ISO-8601 timestamp to epoch ms, NaN when it is not one. A date-time must carry `Z` or
 * an offset (a bare local time would depend on the machine's zone); a bare date is UTC
 * midnight. The stored form `YYYY-MM-DDTHH:MM:SS[.sss]Z` takes a fast path.
 *
 * @example
 * parseInstant("2026-12-01T10:30:00.000Z"); // 1796121000000
 * parseInstant("yesterday"); // NaN
 */
export function parseInstant(s: string): number {
  const n = s.length;
  if ((n === 24 || n === 20) && s.charCodeAt(10) === 84 && s.charCodeAt(n - 1) === 90 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    const mo = digits(s, 5, 7);
    const d = digits(s, 8, 10);
    const h = digits(s, 11, 13);
    const mi = digits(s, 14, 16);
    const se = digits(s, 17, 19);
    const ms = n === 24 ? digits(s, 20, 23) : 0;
    if (mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h < 24 && mi < 60 && se < 60 && (n === 20 || s.charCodeAt(19) === 46)) {
      const t = Date.UTC(digits(s, 0, 4), mo - 1, d, h, mi, se, ms);
      if (!Number.isNaN(t)) return t;
    }
    return Number.NaN;
  }
  return ISO.test(s) ? Date.parse(s) : Number.NaN;
}
