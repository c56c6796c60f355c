/**
 * Time for NEXT: ISO instants parsed once per row. The operator's local day and clock come
 * from `domain/zone.ts`; local day boundaries are computed once per ranking as UTC
 * instants, so the hot loops compare plain numbers and never call `Intl`.
 * @module
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?))?$/i;

/**
 * The number written by the ASCII digits of `s` from `from` to `to`, or NaN when one is not a digit.
 *
 * @example
 * readDigits("2026-12-01", 5, 7); // 12
 */
export function readDigits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    n = n * 10 + c;
  }
  return n;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (days_from_civil); a day past the month's end rolls over, as in `Date.parse`. */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

const parsed = new Float64Array(1);
const PARSED = 0;
const NOT_STORED = 1;
const INVALID = 2;

/**
 * The stored forms `YYYY-MM-DDTHH:MM:SS[.sss]` then `Z` or `±HH:MM`, read with
 * `charCodeAt` and integer arithmetic (NEXT parses one per row; `Date.parse` costs three
 * times as much) into `parsed[0]`. Returns PARSED, NOT_STORED for any other form or an
 * offset out of range (left to `Date.parse`), or INVALID for a `Z` form with a field out of
 * range. The instant goes through a typed array because a double returned from a call that
 * is not inlined (this one is too long to be) is boxed: one heap allocation per row.
 */
function parseStored(s: string): number {
  const n = s.length;
  const frac = n === 24 || n === 29;
  const zoneAt = frac ? 23 : 19;
  const zulu = n === zoneAt + 1 && s.charCodeAt(zoneAt) === 90;
  if (!zulu && n !== zoneAt + 6) return NOT_STORED;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || (frac && s.charCodeAt(19) !== 46)) return NOT_STORED;
  let offset = 0;
  if (!zulu) {
    const sign = s.charCodeAt(zoneAt);
    const oh = readDigits(s, zoneAt + 1, zoneAt + 3);
    const om = readDigits(s, zoneAt + 4, zoneAt + 6);
    if ((sign !== 43 && sign !== 45) || s.charCodeAt(zoneAt + 3) !== 58 || !(oh < 24 && om < 60)) return NOT_STORED;
    offset = (sign === 43 ? 1 : -1) * (oh * 60 + om) * 60_000;
  }
  const year = readDigits(s, 0, 4);
  const mo = readDigits(s, 5, 7);
  const d = readDigits(s, 8, 10);
  const h = readDigits(s, 11, 13);
  const mi = readDigits(s, 14, 16);
  const se = readDigits(s, 17, 19);
  const ms = frac ? readDigits(s, 20, 23) : 0;
  // NaN fails every comparison, so a non-digit anywhere lands here too
  if (!(year >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h < 24 && mi < 60 && se < 60 && ms >= 0)) return zulu ? INVALID : NOT_STORED;
  parsed[0] = daysFromCivil(year, mo, d) * DAY_MS + h * HOUR_MS + mi * 60_000 + se * 1000 + ms - offset;
  return PARSED;
}

/**
 * An ISO-8601 timestamp to epoch ms, NaN when it is not one. A date-time must carry `Z` or
 * an offset (a bare local time would depend on the machine's zone); a bare date is UTC
 * midnight. The stored forms `YYYY-MM-DDTHH:MM:SS[.sss]Z` and `…±HH:MM` take a fast path
 * that gives what `Date.parse` gives (hours 00–23).
 *
 * @example
 * parseInstant("2026-12-01T10:30:00.000Z"); // 1796121000000
 * parseInstant("yesterday"); // NaN
 */
export function parseInstant(s: string): number {
  const status = parseStored(s);
  if (status === PARSED) return parsed[0]!;
  if (status === INVALID) return Number.NaN;
  return ISO.test(s) ? Date.parse(s) : Number.NaN;
}
