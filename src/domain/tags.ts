/**
 * Tag normalization, so "VIP", " vip " and "vip" are one tag. Pure.
 * @module
 */

/**
 * Trims, lower-cases and turns runs of whitespace into one `_`.
 *
 * @example
 * normalizeTag("  Intro Needed "); // "intro_needed"
 */
export function normalizeTag(tag: string): string {
  return tag.trim().toLowerCase().replace(/\s+/g, "_");
}
