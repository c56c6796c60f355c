/**
 * Deep links a draft travels with: WhatsApp click-to-chat (`wa.me`) and UPI payment
 * intents (`upi://pay`). Pure string building with validation; no phone library, so the
 * `./next` entry stays light (the E.164 shape check here is deliberately tiny).
 * @module
 */
import { formatPaise, MoneyError, toPaise } from "../domain/money.js";
import { ValidationError } from "../http/errors.js";
import type { Amount } from "./types.js";

const E164 = /^\+[1-9]\d{6,14}$/;
const VPA = /^[a-zA-Z0-9.\-_]{2,256}@[a-zA-Z][a-zA-Z0-9.\-]{1,64}$/;

function invalid(path: string, message: string, code: string): ValidationError {
  return new ValidationError([{ path, message, code }]);
}

/**
 * The WhatsApp click-to-chat link for an E.164 number, pre-filled with `text` (URL-encoded
 * with `encodeURIComponent`, so spaces are `%20` and newlines `%0A`). Opening it only fills
 * an editable draft in the operator's own app; nothing is sent. Without `text` (or with an
 * empty one) the link opens the chat with nothing pre-filled.
 *
 * @throws {ValidationError} `phone` when the number is not E.164 (`+` then 7 to 15 digits).
 * @example
 * waLink("+919876543210", "Hi Asha"); // "https://wa.me/919876543210?text=Hi%20Asha"
 */
export function waLink(e164: string, text?: string): string {
  if (typeof e164 !== "string" || !E164.test(e164)) throw invalid("phone", "must be an E.164 number such as +919876543210", "e164");
  const base = `https://wa.me/${e164.slice(1)}`;
  return text === undefined || text === "" ? base : `${base}?text=${encodeURIComponent(text)}`;
}

/** What a UPI payment link carries. */
export interface UpiLinkParams {
  /** The payee's VPA, e.g. `trust@okaxis`. */
  vpa: string;
  /** The payee's name as the payer's UPI app shows it. */
  name: string;
  /**
   * Rupees (a number with at most two decimals or a decimal string), more than 0. Omitted,
   * the payer types the amount. Not capped here, but the general UPI P2P limit is ₹1 lakh
   * per day (banks may set lower, about ₹5,000 in a new user's first 24 hours).
   */
  amount?: Amount | undefined;
  /** The transaction note the payer sees (`tn`), e.g. the campaign's name. */
  note: string;
  /** Your reference for the payment (`tr`), e.g. a pledge id. */
  ref?: string | undefined;
}

/**
 * A UPI payment intent: `upi://pay?pa=..&pn=..&am=..&cu=INR&tn=..[&tr=..]`. Values are
 * encoded with `encodeURIComponent` (spaces as `%20`, never `+`); the amount is a decimal
 * string with exactly two places, computed in integer paise. The VPA stays literal (its
 * allowed characters, `@` included, are all legal in a query, and NPCI's own samples write
 * it so). Intent links to personal VPAs often fail in the big UPI apps and `upi://` links
 * may not be tappable inside chat apps, so also show the VPA as plain text.
 *
 * @throws {ValidationError} `vpa`, `name`, `amount`, `note` or `ref` when invalid.
 * @example
 * upiLink({ vpa: "trust@okaxis", name: "Seva Trust", amount: 1500, note: "School fund" });
 * // "upi://pay?pa=trust@okaxis&pn=Seva%20Trust&am=1500.00&cu=INR&tn=School%20fund"
 */
export function upiLink(params: UpiLinkParams): string {
  const { vpa, name, amount, note, ref } = params;
  if (typeof vpa !== "string" || !VPA.test(vpa)) throw invalid("vpa", "must be a UPI address such as trust@okaxis", "vpa");
  if (typeof name !== "string" || name.trim() === "") throw invalid("name", "must be a non-empty payee name", "required");
  if (typeof note !== "string") throw invalid("note", "must be a string", "type_error");
  if (ref !== undefined && (typeof ref !== "string" || ref.trim() === "")) throw invalid("ref", "must be a non-empty string when given", "required");
  let query = `pa=${vpa}&pn=${encodeURIComponent(name.trim())}`;
  if (amount !== undefined) query += `&am=${upiAmount(amount)}`;
  query += `&cu=INR&tn=${encodeURIComponent(note.trim())}`;
  if (ref !== undefined) query += `&tr=${encodeURIComponent(ref.trim())}`;
  return `upi://pay?${query}`;
}

function upiAmount(amount: Amount): string {
  if (typeof amount !== "number" && typeof amount !== "string") throw invalid("amount", "must be rupees as a number or a decimal string", "type_error");
  let paise: number;
  try {
    paise = toPaise(amount);
  } catch (error) {
    if (error instanceof MoneyError) throw invalid("amount", error.message, "amount");
    throw error;
  }
  if (paise <= 0) throw invalid("amount", "must be more than 0", "positive");
  return formatPaise(paise);
}
