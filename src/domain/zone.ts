/**
 * Wall clocks and calendar days in an IANA time zone, with `Intl` only (the zone's offset
 * on the date in question, so DST zones are right). One cached formatter per zone. Pure.
 * @module
 */

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

/**
 * Whether `timeZone` is an IANA zone the runtime knows.
 *
 * @example
 * isTimeZone("Asia/Kolkata"); // true
 * isTimeZone("Mars/Olympus"); // false
 */
export function isTimeZone(timeZone: unknown): timeZone is string {
  if (typeof timeZone !== "string" || timeZone === "") return false;
  try {
    zoneFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
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

/**
 * A wall-clock reading as if it were UTC, in ms (the zone's offset is the difference to the instant).
 *
 * @example
 * wallAsUtc({ year: 2026, month: 12, day: 1, hour: 16, minute: 0, second: 0 }); // Date.UTC(2026, 11, 1, 16)
 */
export function wallAsUtc(t: LocalTime): number {
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
}

/**
 * The zone's offset from UTC at instant `ms`, in ms (whole seconds: the formatter drops the milliseconds).
 *
 * @example
 * zoneOffsetAt(Date.parse("2026-12-01T10:30:00Z"), "Asia/Kolkata"); // 19_800_000 (+05:30)
 */
export function zoneOffsetAt(ms: number, timeZone: string): number {
  return wallAsUtc(localTime(ms, timeZone)) - (ms - (((ms % 1000) + 1000) % 1000));
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
  const guess = midnight - zoneOffsetAt(ms, timeZone);
  return midnight - zoneOffsetAt(guess, timeZone);
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
