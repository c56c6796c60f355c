/**
 * Pledge balance (US6.2, US6.3): what has been paid against a pledge and what is still
 * outstanding, summed in integer paise. Pure.
 * @module
 */
import { fromPaise, sumPaise, toPaise } from "./money.js";

/** The fields of a pledge the balance needs. */
export interface PledgeLike {
  /** Rupees promised. */
  amount: number | string;
  /** `open`, `fulfilled` or `cancelled`. */
  status?: string | null | undefined;
}

/** The fields of a payment the balance needs. */
export interface PaymentLike {
  /** Rupees paid. */
  amount: number | string;
  /** Only `confirmed` payments count (absent means confirmed, the column's default). */
  status?: string | null | undefined;
}

/** A pledge's balance, in paise and rupees. */
export interface PledgeBalance {
  /** The pledge, in paise. */
  pledgedPaise: number;
  /** Confirmed payments, in paise. */
  paidPaise: number;
  /** What is still owed (never below 0), in paise. */
  outstandingPaise: number;
  /** What is still owed, in rupees. */
  outstanding: number;
  /** Confirmed payments, in rupees. */
  paid: number;
  /** The status the pledge should have: `fulfilled` once paid ≥ pledged, `cancelled` stays, else `open`. */
  status: "open" | "fulfilled" | "cancelled";
}

/**
 * Sums the confirmed payments of a pledge in paise and derives its outstanding amount and status.
 *
 * @example
 * pledgeBalance({ amount: 5000 }, [{ amount: 2000 }, { amount: 1000, status: "failed" }]);
 * // { pledgedPaise: 500000, paidPaise: 200000, outstandingPaise: 300000, outstanding: 3000, paid: 2000, status: "open" }
 */
export function pledgeBalance(pledge: PledgeLike, payments: readonly PaymentLike[]): PledgeBalance {
  const pledgedPaise = toPaise(pledge.amount);
  const paidPaise = sumPaise(payments.filter((p) => (p.status ?? "confirmed") === "confirmed").map((p) => toPaise(p.amount)));
  const outstandingPaise = Math.max(0, pledgedPaise - paidPaise);
  const status = pledge.status === "cancelled" ? "cancelled" : paidPaise >= pledgedPaise ? "fulfilled" : "open";
  return { pledgedPaise, paidPaise, outstandingPaise, outstanding: fromPaise(outstandingPaise), paid: fromPaise(paidPaise), status };
}

/**
 * The sum of amounts in rupees, computed in paise (so 1,000 × 0.10 is exactly 100).
 *
 * @example
 * sumRupees([0.1, 0.2]); // 0.3
 */
export function sumRupees(amounts: Iterable<number | string>): number {
  return fromPaise(sumPaise([...amounts].map((a) => toPaise(a))));
}
