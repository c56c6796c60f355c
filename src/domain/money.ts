/**
 * Money: rupees with at most two decimals on the wire (NUMERIC(12,2)), integer paise
 * for every sum and comparison inside the SDK. Pure.
 * @module
 */

/** Largest amount NUMERIC(12,2) holds, in paise (9,999,999,999.99 rupees). */
export const MAX_PAISE = 999_999_999_999;

const DECIMAL = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/** Thrown for an amount that is not a finite rupee value with at most two decimals within NUMERIC(12,2). */
export class MoneyError extends RangeError {
  override readonly name = "MoneyError";
}

/**
 * Whether `value` is a finite number with at most two decimals (negative allowed) within NUMERIC(12,2).
 *
 * @example
 * isTwoDecimal(10.5); // true
 * isTwoDecimal(10.005); // false
 */
export function isTwoDecimal(value: number): boolean {
  if (!Number.isFinite(value)) return false;
  const paise = Math.round(value * 100);
  // k/100 is correctly rounded, so it equals value exactly when value is the double nearest a 2-decimal amount.
  return Math.abs(paise) <= MAX_PAISE && paise / 100 === value;
}

/**
 * Rupees (a number, or a decimal string such as `"10.50"`) to integer paise, exactly.
 * Rejects NaN, Infinity, more than two decimals, exponents and amounts beyond NUMERIC(12,2).
 *
 * @example
 * toPaise("10.50"); // 1050
 * toPaise(0.1); // 10
 */
export function toPaise(rupees: number | string): number {
  if (typeof rupees === "number") {
    if (!isTwoDecimal(rupees)) throw new MoneyError(`amount ${String(rupees)} is not a rupee value with at most two decimals`);
    return Math.round(rupees * 100) + 0;
  }
  const m = DECIMAL.exec(rupees.trim());
  if (m === null) throw new MoneyError(`amount "${rupees}" is not a decimal with at most two decimals`);
  const paise = Number(m[2]) * 100 + Number((m[3] ?? "").padEnd(2, "0"));
  if (!Number.isSafeInteger(paise) || paise > MAX_PAISE) throw new MoneyError(`amount "${rupees}" exceeds NUMERIC(12,2)`);
  return m[1] === "-" ? -paise + 0 : paise;
}

function checkPaise(paise: number): void {
  if (!Number.isSafeInteger(paise)) throw new MoneyError(`paise ${String(paise)} is not a safe integer`);
}

/**
 * Paise to rupees as a number with at most two decimals.
 *
 * @example
 * fromPaise(1050); // 10.5
 */
export function fromPaise(paise: number): number {
  checkPaise(paise);
  return paise / 100 + 0;
}

/**
 * Paise to the fixed two-decimal string NUMERIC(12,2) and UPI links use.
 *
 * @example
 * formatPaise(1050); // "10.50"
 */
export function formatPaise(paise: number): string {
  checkPaise(paise);
  const abs = Math.abs(paise);
  return `${paise < 0 ? "-" : ""}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/**
 * Sum of integer paise; throws if an item is not an integer or the total leaves the safe range.
 *
 * @example
 * sumPaise([1050, 250]); // 1300
 */
export function sumPaise(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) {
    checkPaise(v);
    total += v;
    checkPaise(total);
  }
  return total;
}
