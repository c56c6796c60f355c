/**
 * Email normalization: trimmed and lower-cased (the RFC local part is case-sensitive in
 * theory, case-insensitive everywhere in practice), with a sane validity check. Pure.
 * @module
 */

/** A normalized email and what was wrong with it, if anything. */
export interface NormalizedEmail {
  /** Trimmed, lower-cased address: the stored identity value. */
  value: string;
  /** The input as given. */
  raw: string;
  /** Whether `value` looks like a deliverable address. */
  valid: boolean;
  /** Why it is invalid (absent when valid). */
  reason?: string;
}

const LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

function problem(value: string): string | undefined {
  if (value === "") return "empty";
  if (value.length > 254) return "longer than 254 characters";
  const at = value.lastIndexOf("@");
  if (at < 0 || value.indexOf("@") !== at) return "needs exactly one @";
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local.length === 0 || local.length > 64) return "the part before @ must be 1 to 64 characters";
  if (!LOCAL.test(local)) return "the part before @ has a space, a misplaced dot or a character not allowed";
  const labels = domain.split(".");
  if (labels.length < 2) return "the domain needs a dot, e.g. example.org";
  if (!labels.every((l) => LABEL.test(l))) return "the domain has an empty label or a character not allowed";
  if (!TLD.test(labels[labels.length - 1]!)) return "the domain's last part is not a top-level domain";
  return undefined;
}

/**
 * Trims and lower-cases an email and checks it.
 *
 * @example
 * normalizeEmail("  Asha.Rao@Example.ORG "); // { value: "asha.rao@example.org", valid: true, ... }
 */
export function normalizeEmail(raw: string): NormalizedEmail {
  const value = raw.trim().toLowerCase();
  const reason = problem(value);
  return reason === undefined ? { value, raw, valid: true } : { value, raw, valid: false, reason };
}

/**
 * Whether `value` is already a valid normalized email (what a stored identity must be).
 *
 * @example
 * isNormalizedEmail("asha@example.org"); // true
 * isNormalizedEmail("Asha@example.org"); // false
 */
export function isNormalizedEmail(value: string): boolean {
  return value === value.trim().toLowerCase() && problem(value) === undefined;
}
