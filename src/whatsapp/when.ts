/**
 * Relative dates and times as an operator types them ("tomorrow 4pm", "friday", "in 2 hours",
 * "after 6", "31/3"), resolved to an ISO-8601 UTC instant in the operator's time zone with
 * `Intl` only (the zone's offset on that date, so DST zones are right). Pure: the clock is
 * `options.now`.
 *
 * Rules: a time with no day is today, or tomorrow when it has already passed; a day with no
 * time is 10:00 (`morning`), `afternoon` 15:00, `evening` 18:00, `tonight`/`night` 20:00;
 * an hour without am/pm is pm when below 8 ("after 6" → 18:00); `friday` is the coming
 * Friday (1–7 days ahead), `next friday` the Friday of next (Monday-first) week; `next week`
 * is next Monday; `31/3` is day/month; a date without a year is the next one to come.
 * Whatever lands in the past (e.g. "today 9am" at noon) is undefined, never a guess.
 * @module
 */
import { isTimeZone, localTime, wallAsUtc, zoneOffsetAt, type LocalTime as Wall } from "../domain/zone.js";
import { ValidationError } from "../http/errors.js";

/** The operator's clock and zone. */
export interface WhenOptions {
  /** The current instant (a `Date` or an ISO-8601 string). */
  now: Date | string;
  /** IANA zone of the operator. Default `Asia/Kolkata`. */
  timeZone?: string | undefined;
}

/** The default zone: the operators are in India. */
export const DEFAULT_OPERATOR_TIME_ZONE = "Asia/Kolkata";

interface Clock {
  hour: number;
  minute: number;
}

const DAY_MS = 86_400_000;
const DEFAULT_CLOCK: Clock = { hour: 10, minute: 0 };
const PERIODS: Readonly<Record<string, Clock>> = {
  morning: { hour: 10, minute: 0 },
  noon: { hour: 12, minute: 0 },
  afternoon: { hour: 15, minute: 0 },
  evening: { hour: 18, minute: 0 },
  night: { hour: 20, minute: 0 },
  tonight: { hour: 20, minute: 0 },
};
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
/** Month names and their short forms, as a regular-expression source (shared with the amount reader). */
export const MONTH_PATTERN = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
const WEEKDAY = "sun(?:day)?|mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?";
const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

const RELATIVE = /\b(?:in|after)\s+(half an?|an?|\d+(?:\.\d+)?)\s*(minutes?|mins?|hours?|hrs?|h|days?|weeks?)\b/;
const DAY_WORD = /\b(day after tomorrow|parso|tomorrow|tmrw|tmr|tomorow|tommorow|today|tonight)\b/;
const DAY_WORD_ALL = new RegExp(DAY_WORD.source, "g");
const DAYS_AHEAD: Readonly<Record<string, number>> = { "day after tomorrow": 2, parso: 2, tomorrow: 1, tmrw: 1, tmr: 1, tomorow: 1, tommorow: 1 };
const WEEKDAY_RE = new RegExp(String.raw`\b(next|this|coming)?\s*(${WEEKDAY})\b`);
const DAY_MONTH = new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th)?\s*(?:of\s+)?(${MONTH_PATTERN})\b`);
const MONTH_DAY = new RegExp(String.raw`\b(${MONTH_PATTERN})\s*(\d{1,2})(?:st|nd|rd|th)?\b`);
const NUMERIC_DATE = /(?<![\d,.])(\d{1,2})\/(\d{1,2})(?:\/(\d{2}|\d{4}))?(?![\d/])/;
const CLOCK_AMPM = /\b(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.?|p\.m\.?)(?![a-z])/;
const CLOCK_COLON = /(?<![\d,.])(\d{1,2}):(\d{2})(?!\d)/;
const CLOCK_AFTER_WORD = new RegExp(String.raw`\b(?:at|after|around|by|before|till|until|@)\s*(\d{1,2})(?![\d,.:\/]|\s*(?:k|l|lakhs?|lacs?|cr|crores?|thousand|%|st|nd|rd|th|${MONTH_PATTERN})\b)`);
const CLOCK_OCLOCK = /\b(\d{1,2})\s*(?:o'?clock|baje)\b/;
const CLOCK_BY_PERIOD = /\b(?:(\d{1,2})\s*(?:in the\s*)?(?=morning|noon|afternoon|evening|night|tonight)|(?:morning|afternoon|evening|night|tonight)\s*(?:at\s*)?(\d{1,2})(?![\d,.:\/]|\s*(?:k|l|lakhs?|cr)\b))/;
const PERIOD_RE = /\b(morning|noon|afternoon|evening|night|tonight)\b/;

const sameWall = (a: Wall, b: Wall) => wallAsUtc(a) === wallAsUtc(b);

/** The instant a wall-clock time in `timeZone` names; in a DST gap, the instant just after it. */
function instantOf(wall: Wall, timeZone: string): number {
  const asUtc = wallAsUtc(wall);
  const first = asUtc - zoneOffsetAt(asUtc, timeZone);
  const second = asUtc - zoneOffsetAt(first, timeZone);
  for (const t of [first, second].sort((a, b) => a - b)) if (sameWall(localTime(t, timeZone), wall)) return t;
  return Math.max(first, second);
}

/** A calendar date `days` after `wall`'s (month and year roll over). */
function addDays(wall: Wall, days: number): Wall {
  const d = new Date(Date.UTC(wall.year, wall.month - 1, wall.day) + days * DAY_MS);
  return { ...wall, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const weekdayOf = (w: Wall) => new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay();

/** The clock time a hour typed without am/pm means: 1–7 are afternoon/evening hours. */
function guessHour(hour: number, period: string | undefined): number {
  if (period === "morning") return hour === 12 ? 0 : hour;
  if (period !== undefined && hour < 12) return hour + 12;
  return hour >= 1 && hour < 8 ? hour + 12 : hour;
}

function clockIn(text: string, period: string | undefined): Clock | undefined {
  const ampm = CLOCK_AMPM.exec(text);
  if (ampm !== null) {
    const h = Number(ampm[1]);
    if (h < 1 || h > 12) return undefined;
    const pm = ampm[3]?.startsWith("p") === true;
    return { hour: (h % 12) + (pm ? 12 : 0), minute: Number(ampm[2] ?? 0) };
  }
  const colon = CLOCK_COLON.exec(text);
  if (colon !== null) return { hour: guessHour(Number(colon[1]), period), minute: Number(colon[2]) };
  const bare = CLOCK_AFTER_WORD.exec(text) ?? CLOCK_OCLOCK.exec(text) ?? CLOCK_BY_PERIOD.exec(text);
  if (bare !== null) return { hour: guessHour(Number(bare[1] ?? bare[2]), period), minute: 0 };
  return period === undefined ? undefined : PERIODS[period];
}

function monthIndex(word: string): number {
  return MONTHS.indexOf(word.slice(0, 3)) + 1;
}

/** The calendar date a date phrase names, or null when there is none, or undefined when it is not a real date. */
function explicitDate(text: string, today: Wall): Wall | null | undefined {
  let day: number, month: number, year: number | undefined;
  const dm = DAY_MONTH.exec(text), md = MONTH_DAY.exec(text), nd = NUMERIC_DATE.exec(text);
  if (dm !== null) [day, month] = [Number(dm[1]), monthIndex(dm[2] ?? "")];
  else if (md !== null) [day, month] = [Number(md[2]), monthIndex(md[1] ?? "")];
  else if (nd !== null) {
    [day, month] = [Number(nd[1]), Number(nd[2])];
    if (nd[3] !== undefined) year = Number(nd[3]) + (nd[3].length === 2 ? 2000 : 0);
  } else return null;
  const pick = (y: number) => ({ ...today, year: y, month, day });
  const valid = (w: Wall) => month >= 1 && month <= 12 && day >= 1 && new Date(Date.UTC(w.year, month - 1, day)).getUTCDate() === day;
  if (year !== undefined) return valid(pick(year)) ? pick(year) : undefined;
  const thisYear = pick(today.year);
  const upcoming = Date.UTC(today.year, month - 1, day) >= Date.UTC(today.year, today.month - 1, today.day) ? thisYear : pick(today.year + 1);
  return valid(upcoming) ? upcoming : undefined;
}

/** The date of the named weekday: the coming one, or the one in next (Monday-first) week after `next`. */
function weekdayDate(today: Wall, target: number, qualifier: string | undefined): Wall {
  const todayDow = weekdayOf(today);
  if (qualifier === "next") {
    const toNextMonday = ((8 - todayDow) % 7) || 7;
    return addDays(today, toNextMonday + ((target + 6) % 7));
  }
  return addDays(today, ((target - todayDow + 7) % 7) || 7);
}

/** The day a phrase names (date, weekday, tomorrow...), whether it was explicitly today, and its default clock. */
function dayIn(text: string, today: Wall): { date: Wall; explicitToday: boolean; defaultClock?: Clock } | null | undefined {
  const words = new Set(Array.from(text.matchAll(DAY_WORD_ALL), (m) => DAYS_AHEAD[m[1] ?? ""] ?? 0));
  if (words.size > 1) return undefined; // "not today, tomorrow": two days named, neither is a safe pick
  const word = DAY_WORD.exec(text)?.[1];
  const ahead = word === undefined ? undefined : DAYS_AHEAD[word];
  if (ahead !== undefined) return { date: addDays(today, ahead), explicitToday: false };
  const explicit = explicitDate(text, today);
  if (explicit !== null) return explicit === undefined ? undefined : { date: explicit, explicitToday: false };
  const nextWeek = /\bnext week\b/.test(text);
  const wd = WEEKDAY_RE.exec(text);
  if (wd !== null) {
    const target = WEEKDAYS.indexOf((wd[2] ?? "").slice(0, 3));
    return { date: weekdayDate(today, target, nextWeek ? "next" : wd[1]), explicitToday: false };
  }
  if (nextWeek) return { date: weekdayDate(today, 1, "next"), explicitToday: false };
  if (word === "today" || word === "tonight") return { date: today, explicitToday: true };
  return null;
}

/**
 * Checks the clock and zone of {@link resolveWhen} and the operator parser; throws
 * `ValidationError` naming `now` or `timeZone`.
 *
 * @example
 * checkWhenOptions({ now: "2026-03-01T10:00:00Z" }); // { nowMs: 1772359200000, timeZone: "Asia/Kolkata" }
 */
export function checkWhenOptions(options: WhenOptions): { nowMs: number; timeZone: string } {
  const { now, timeZone = DEFAULT_OPERATOR_TIME_ZONE } = options;
  const nowMs = now instanceof Date ? now.getTime() : typeof now === "string" ? Date.parse(now) : Number.NaN;
  if (!Number.isFinite(nowMs)) throw new ValidationError([{ path: "now", message: "must be a valid Date or ISO-8601 string", code: "invalid_date" }]);
  if (!isTimeZone(timeZone)) throw new ValidationError([{ path: "timeZone", message: `unknown time zone "${String(timeZone)}"`, code: "invalid_time_zone" }]);
  return { nowMs, timeZone };
}

function relativeMs(m: RegExpExecArray): { ms: number } | { days: number } | undefined {
  const raw = m[1] ?? "";
  const n = raw.startsWith("half") ? 0.5 : raw === "a" || raw === "an" ? 1 : Number(raw);
  const unit = m[2] ?? "";
  if (unit.startsWith("d")) return Number.isInteger(n) ? { days: n } : undefined;
  if (unit.startsWith("w")) return Number.isInteger(n) ? { days: n * 7 } : undefined;
  const ms = unit.startsWith("m") ? n * 60_000 : n * 3_600_000;
  return Number.isInteger(ms) ? { ms } : undefined;
}

/**
 * The instant (ISO-8601 UTC) a date/time phrase in `text` names in the operator's zone, or
 * undefined when the text names none, names an impossible date, or lands in the past.
 * Throws `ValidationError` for a bad `now` or `timeZone`.
 *
 * @example
 * resolveWhen("call back tomorrow 4pm", { now: "2026-03-02T06:30:00Z" }); // "2026-03-03T10:30:00.000Z" (16:00 IST)
 * resolveWhen("in 2 hours", { now: "2026-03-02T06:30:00Z" }); // "2026-03-02T08:30:00.000Z"
 */
export function resolveWhen(text: string, options: WhenOptions): string | undefined {
  const { nowMs, timeZone } = checkWhenOptions(options);
  const t = text.toLowerCase().replace(/[’‘]/g, "'");
  const rel = RELATIVE.exec(t);
  const offset = rel === null ? undefined : relativeMs(rel);
  if (offset !== undefined && "ms" in offset) return new Date(nowMs + offset.ms).toISOString();
  const rest = rel === null ? t : t.replace(rel[0], " ");
  const now = localTime(nowMs, timeZone);
  const today: Wall = { ...now, hour: 0, minute: 0, second: 0 };
  const period = PERIOD_RE.exec(rest)?.[1];
  const clock = clockIn(rest, period);
  if (clock !== undefined && (clock.hour > 23 || clock.minute > 59)) return undefined;
  const day = offset !== undefined ? { date: addDays(today, offset.days), explicitToday: false, defaultClock: { hour: now.hour, minute: now.minute } } : dayIn(rest, today);
  if (day === undefined) return undefined;
  if (day === null) {
    if (clock === undefined) return undefined;
    const at = instantOf({ ...today, ...clock }, timeZone);
    return new Date(at > nowMs ? at : instantOf({ ...addDays(today, 1), ...clock }, timeZone)).toISOString();
  }
  const chosen = clock ?? (day.explicitToday ? undefined : (day.defaultClock ?? DEFAULT_CLOCK));
  if (chosen === undefined) return undefined;
  const at = instantOf({ ...day.date, ...chosen, second: 0 }, timeZone);
  return at > nowMs ? new Date(at).toISOString() : undefined;
}
