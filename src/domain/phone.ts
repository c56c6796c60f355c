/**
 * Phone normalization to E.164 with libphonenumber-js, default country India. Pure.
 *
 * This is the only module that imports libphonenumber-js, and it imports the `max`
 * metadata: the default `min` metadata checks length only (it calls `+91 1000000000`
 * valid) and cannot tell a mobile from a fixed line.
 * @module
 */
import { isSupportedCountry, parsePhoneNumberFromString, validatePhoneNumberLength } from "libphonenumber-js/max";

/** What kind of line a number is; `unknown` when the metadata cannot say (e.g. US numbers) or the number is invalid. */
export type PhoneKind = "mobile" | "fixed_line" | "unknown";

/** A normalized phone number, with what was assumed and what is wrong. */
export interface NormalizedPhone {
  /** E.164 (`+919876543210`) when valid, else null: unvalidated output is never stored. */
  e164: string | null;
  /** The input as given. */
  raw: string;
  /** ISO 3166 region of the number (`IN`), when known. */
  country: string | null;
  /** True when the input had no international prefix and the default country was assumed. */
  countryAssumed: boolean;
  /** Whether the number is valid for its country (full digit patterns, not length only). */
  valid: boolean;
  /** Mobile or fixed line; only mobiles can be WhatsApp numbers. */
  kind: PhoneKind;
  /** An extension given after the number (`ext 12`), kept out of `e164`. */
  extension?: string;
  /** Why the number is invalid (absent when valid). */
  reason?: string;
}

/** Options of {@link normalizePhone}. */
export interface NormalizePhoneOptions {
  /** Country assumed for numbers without an international prefix. Default `IN`. */
  defaultCountry?: string;
}

const LENGTH_REASONS: Record<string, string> = {
  TOO_SHORT: "too short for a phone number of its country",
  TOO_LONG: "too long for a phone number of its country",
  INVALID_LENGTH: "wrong length for a phone number of its country",
  INVALID_COUNTRY: "unknown country code",
  NOT_A_NUMBER: "not a phone number",
};

/**
 * Normalizes a phone number as typed (`+91 98765 43210`, `098765-43210`, `91-9876543210`,
 * `(022) 2345 6789`, `0091 98765 43210`, dots, spaces, trunk zeros) to E.164.
 *
 * A 10-digit number typed without `+` is read as Indian: a US `4155552671` becomes
 * `+914155552671`, which is a valid Indian fixed line. `countryAssumed` says when that
 * happened, so a caller can ask.
 *
 * @example
 * normalizePhone("098765-43210"); // { e164: "+919876543210", country: "IN", valid: true, kind: "mobile", ... }
 * normalizePhone("12345"); // { e164: null, valid: false, reason: "too short for a phone number of its country", ... }
 */
export function normalizePhone(raw: string, options: NormalizePhoneOptions = {}): NormalizedPhone {
  const defaultCountry = options.defaultCountry ?? "IN";
  if (!isSupportedCountry(defaultCountry)) throw new RangeError(`unsupported default country "${defaultCountry}"`);
  const text = raw.trim();
  const invalid = (reason: string, country: string | null = null, countryAssumed = false): NormalizedPhone => ({
    e164: null,
    raw,
    country,
    countryAssumed,
    valid: false,
    kind: "unknown",
    reason,
  });
  if (text === "") return invalid("empty");
  // letters would be read as a vanity number (1-800-FLOWERS); only an extension may follow the digits
  if (/[a-z]/i.test(text.replace(/\s*(?:ext\.?|x|#)\s*\d+\s*$/i, ""))) return invalid("contains letters");
  const countryAssumed = !/^(?:\+|00)/.test(text.replace(/^[\s(]+/, ""));
  const parsed = parsePhoneNumberFromString(text, defaultCountry);
  if (parsed === undefined) {
    const why = validatePhoneNumberLength(text, defaultCountry);
    return invalid(LENGTH_REASONS[why ?? "NOT_A_NUMBER"] ?? "not a phone number", null, countryAssumed);
  }
  const country = parsed.country ?? null;
  const extension = parsed.ext === undefined ? {} : { extension: parsed.ext };
  if (!parsed.isValid()) {
    const why = validatePhoneNumberLength(parsed.number);
    const reason = why === undefined ? "no such number range in its country" : (LENGTH_REASONS[why] ?? "not a phone number");
    return { ...invalid(reason, country, countryAssumed), ...extension };
  }
  const type = parsed.getType();
  const kind: PhoneKind = type === "MOBILE" ? "mobile" : type === "FIXED_LINE" ? "fixed_line" : "unknown";
  return { e164: parsed.number, raw, country, countryAssumed, valid: true, kind, ...extension };
}

/**
 * The digits of a `wa.me` click-to-chat link: E.164 without the `+`.
 *
 * @example
 * waDigits("+919876543210"); // "919876543210"
 */
export function waDigits(e164: string): string {
  if (!/^\+[1-9]\d{1,14}$/.test(e164)) throw new RangeError(`"${e164}" is not an E.164 number`);
  return e164.slice(1);
}
