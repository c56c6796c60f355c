/**
 * The resumable reading behind `scope.events.since`: an opaque cursor and the merge of one
 * page of the event log into what a consumer has not seen yet. Pure (no I/O).
 *
 * ZeroDB lists events by `skip`/`limit` only (no cursor, no time filter), and which order it
 * lists them in is not documented (zerodb-api.md §8); the local server lists them in publish
 * order. So the cursor is an offset plus the ids of the last records read, and every read
 * goes back over those records: a record that moved into them (events published in the
 * same instant, swapped by the server) is returned then, and a record already returned is
 * never returned again, even when a retried publish stored it twice.
 * @module
 */
import { ValidationError } from "../http/errors.js";

/** How many of the last records read the cursor remembers, re-reads and deduplicates against. */
export const SINCE_WINDOW = 16;

/** What the cursor holds (base64url of its JSON). */
export interface SinceCursor {
  v: 1;
  /** Records of the log (of the topic) read so far: the `skip` of the next read. */
  s: number;
  /** The topic read, when one. */
  t?: string | undefined;
  /** Keys of the last records read, oldest first (at most {@link SINCE_WINDOW}). */
  w: string[];
}

/**
 * The cursor as an opaque string (base64url of its JSON).
 * @example
 * ```ts
 * encodeSinceCursor({ v: 1, s: 0, w: [] }); // "eyJ2IjoxLCJzIjowLCJ3IjpbXX0"
 * ```
 */
export function encodeSinceCursor(cursor: SinceCursor): string {
  const { v, s, t, w } = cursor;
  return toBase64Url(JSON.stringify(t === undefined ? { v, s, w } : { v, s, t, w }));
}

// btoa/atob over UTF-8 bytes: no Node built-in, so the api layer runs in any runtime with fetch
function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): string {
  const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0)));
}

/**
 * Reads a cursor made by {@link encodeSinceCursor}; `null` or `undefined` is the start of the
 * log. Anything else throws a `ValidationError` on `cursor`.
 * @example
 * ```ts
 * decodeSinceCursor(null); // { v: 1, s: 0, w: [] }
 * ```
 */
export function decodeSinceCursor(cursor: string | null | undefined): SinceCursor {
  if (cursor === null || cursor === undefined) return { v: 1, s: 0, w: [] };
  const bad = (): never => {
    throw new ValidationError([{ path: "cursor", message: "is not a cursor returned by events.since (or null to start at the beginning)", code: "invalid_cursor" }]);
  };
  if (typeof cursor !== "string" || !/^[A-Za-z0-9_-]+$/.test(cursor)) return bad();
  let v: unknown;
  try {
    v = JSON.parse(fromBase64Url(cursor));
  } catch {
    return bad();
  }
  if (typeof v !== "object" || v === null) return bad();
  const c = v as Record<string, unknown>;
  const keys = Object.keys(c).every((k) => ["v", "s", "t", "w"].includes(k));
  const okW = Array.isArray(c.w) && c.w.length <= SINCE_WINDOW && c.w.every((k) => typeof k === "string") && c.w.length <= (c.s as number);
  if (!keys || c.v !== 1 || !Number.isSafeInteger(c.s) || (c.s as number) < 0 || (c.t !== undefined && typeof c.t !== "string") || !okW) return bad();
  return { v: 1, s: c.s as number, ...(c.t === undefined ? {} : { t: c.t as string }), w: c.w as string[] };
}

/** One page read from `skip = cursor.s - overlap`. */
export interface SincePage<R> {
  /** The records, in the order the server listed them. */
  records: readonly R[];
  /** How many of the first records re-read the cursor's window (see {@link sinceRead}). */
  overlap: number;
}

/** What {@link mergeSincePage} resolves a page to. */
export interface SinceMerge<R> {
  /** Records not seen before, in list order, each key once. */
  fresh: R[];
  /** The cursor after this page. */
  cursor: SinceCursor;
}

/**
 * Where the next read starts and how many records it asks for: it goes back over up to
 * the cursor's window of records (fewer when `limit` leaves no room under `maxLimit`).
 * @example
 * ```ts
 * sinceRead({ v: 1, s: 120, w: ["a", "b"] }, 100); // { skip: 118, limit: 102, overlap: 2 }
 * ```
 */
export function sinceRead(cursor: SinceCursor, limit: number, maxLimit = 1000): { skip: number; limit: number; overlap: number } {
  const overlap = Math.max(0, Math.min(cursor.w.length, cursor.s, maxLimit - limit));
  return { skip: cursor.s - overlap, limit: limit + overlap, overlap };
}

/**
 * Merges a page into the consumer's view: drops every record whose key is in the cursor's
 * window or earlier in the page (a re-read, or a retried publish), keeps a re-read record
 * that is new (it moved there), and advances the cursor past the page.
 * @example
 * ```ts
 * const { fresh, cursor: next } = mergeSincePage(cursor, { records, overlap }, (r) => r.event_id);
 * ```
 */
export function mergeSincePage<R>(cursor: SinceCursor, page: SincePage<R>, keyOf: (record: R) => string): SinceMerge<R> {
  const seen = new Set(cursor.w);
  const keys = page.records.map(keyOf);
  const fresh: R[] = [];
  keys.forEach((k, i) => {
    if (seen.has(k)) return;
    seen.add(k);
    fresh.push(page.records[i]!);
  });
  const overlap = Math.min(page.overlap, page.records.length);
  const consumed = page.records.length - overlap;
  // positions [s - overlap, s + consumed): the cursor's older window entries, then the page
  const window = [...cursor.w.slice(0, cursor.w.length - overlap), ...keys].slice(-SINCE_WINDOW);
  return { fresh, cursor: { v: 1, s: cursor.s + consumed, ...(cursor.t === undefined ? {} : { t: cursor.t }), w: window } };
}
