/**
 * Rupee amounts as an Indian fundraiser types them: `10k`, `1.5L`, `2 lakhs`, `1.2 crore`,
 * `₹5,000`, `Rs. 5,000/-`, `INR 5000`, Indian (`2,50,000`) or western (`250,000`) grouping.
 * Exact in paise; phone numbers, dates and clock times are never read as amounts. Pure.
 * @module
 */
import { fromPaise, MoneyError, toPaise } from "../domain/money.js";
import { MONTH_PATTERN } from "./when.js";

/** An amount found in a text, with where it stands (so a caller can cut it out). */
export interface AmountMatch {
  /** Rupees, at most two decimals. */
  amount: number;
  start: number;
  end: number;
  /** Whether a currency sign or a scale word (`₹`, `Rs`, `k`, `lakh`...) marked it as money. */
  marked: boolean;
}

const SCALE_ZEROS: Readonly<Record<string, number>> = {
  k: 3, thousand: 3, l: 5, lac: 5, lacs: 5, lakh: 5, lakhs: 5, cr: 7, crore: 7, crores: 7,
};


const CANDIDATE = new RegExp(
  String.raw`(₹|\brs\b\.?|\binr\b)?\s*(\+?\d+(?:,\d+)*(?:\.\d+)?)(?:\s*(crores?|cr|lakhs?|lacs?|lac|l|k|thousand)(?![\p{L}\d]))?(\s*\/-|\s*(?:rupees|rs|inr)\b)?`,
  "giu",
);
const GROUPED = /^(?:\d+|\d{1,2}(?:,\d{2})*,\d{3}|\d{1,3}(?:,\d{3})+)$/;
// A number next to these is a date, a clock time, a duration or an ordinal, not money.
const NOT_MONEY_AFTER = new RegExp(String.raw`^(?:\s*(?:[:\/]\d|am\b|pm\b|a\.m|p\.m|o'?clock|baje|%|st\b|nd\b|rd\b|th\b|mins?\b|minutes?\b|hours?\b|hrs?\b|days?\b|weeks?\b|months?\b|years?\b|(?:${MONTH_PATTERN})\b))`, "iu");
const NOT_MONEY_BEFORE = new RegExp(String.raw`(?:[\/:]|\b(?:${MONTH_PATTERN})\.?\s*)$`, "iu");
const CLOCK_BEFORE = /\b(?:at|after|around|before|till|until|@)\s*$/iu;

/** Moves the decimal point of `digits` right by `zeros` places, as a decimal string (no float on the way). */
function scaleDecimal(digits: string, zeros: number): string {
  const [int = "0", frac = ""] = digits.split(".");
  const moved = frac.padEnd(zeros, "0");
  return `${int}${moved.slice(0, zeros)}${frac.length > zeros ? `.${frac.slice(zeros)}` : ""}`;
}

function readCandidate(m: RegExpExecArray, text: string): AmountMatch | undefined {
  const [whole, currency, number = "", scaleWord, suffix] = m;
  const start = m.index + whole.search(/\S/);
  const end = m.index + whole.length;
  const numberEnd = m.index + whole.indexOf(number) + number.length;
  const marked = currency !== undefined || scaleWord !== undefined || suffix !== undefined;
  if (number.startsWith("+")) return undefined;
  const [intPart = ""] = number.split(".");
  if (!GROUPED.test(intPart)) return undefined;
  const before = text.slice(0, m.index + whole.indexOf(number));
  if (/[\d.,]$/.test(before)) return undefined;
  if (scaleWord === undefined && NOT_MONEY_AFTER.test(text.slice(numberEnd))) return undefined;
  if (!marked) {
    if (NOT_MONEY_BEFORE.test(before)) return undefined;
    if (!intPart.includes(",") && intPart.length >= 10) return undefined; // a phone number
    if (CLOCK_BEFORE.test(before) && Number(number) <= 24) return undefined;
  }
  const plain = number.replaceAll(",", "");
  try {
    const paise = toPaise(scaleDecimal(plain, SCALE_ZEROS[(scaleWord ?? "").toLowerCase()] ?? 0));
    if (paise <= 0) return undefined;
    return { amount: fromPaise(paise), start, end, marked };
  } catch (error) {
    if (error instanceof MoneyError) return undefined;
    throw error;
  }
}

/**
 * Every amount in `text`, in order (phone numbers, dates, clock times and durations left out).
 *
 * @example
 * findIndianAmounts("Raj pledged 10k by March 31").map((a) => a.amount); // [10000]
 */
export function findIndianAmounts(text: string): AmountMatch[] {
  const found: AmountMatch[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    const a = readCandidate(m as RegExpExecArray, text);
    if (a !== undefined) found.push(a);
  }
  return found;
}

/**
 * The one amount a text names, or undefined when it names none or several (never a guess):
 * a number marked as money (`₹`, `Rs`, `k`, `lakh`...) wins over bare numbers.
 *
 * @example
 * parseIndianAmount("1.5L"); // 150000
 * parseIndianAmount("Rs. 2,50,000/-"); // 250000
 * parseIndianAmount("call 9876543210"); // undefined
 */
export function parseIndianAmount(text: string): number | undefined {
  const all = findIndianAmounts(text);
  const marked = all.filter((a) => a.marked);
  const pick = marked.length > 0 ? marked : all;
  return pick.length === 1 ? pick[0]?.amount : undefined;
}
