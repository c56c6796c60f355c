/**
 * Decoding a JSON request body the way the data will be stored: refused with
 * a 4xx instead of changed. Pure (no I/O); `validate.ts` feeds it the request.
 *
 * - a `Content-Type` that is not JSON: 422, as FastAPI (absent counts as JSON);
 * - bytes that are not UTF-8, or `\ud800`-style unpaired surrogates: 422
 *   (storing them as UTF-8 would put U+FFFD in their place);
 * - nesting deeper than `MAX_JSON_DEPTH`: 400 before parsing (deep values
 *   overflow the stack of whatever walks them later);
 * - numbers a JavaScript double cannot hold exactly (`1e400`, `2^70 + 1`,
 *   `0.1000000000000000000001`): 422 naming the field.
 * @internal
 * @module
 */
import { MAX_JSON_DEPTH, MAX_SAFE_JSON_INTEGER } from "../contract/limits.js";
import { HttpError, type ValidationIssue } from "./errors.js";

/** FastAPI parses a body as JSON when `Content-Type` is absent, `application/json` or `application/*+json`. */
export function isJsonContentType(header: string | undefined | null): boolean {
  if (header === undefined || header === null || header.trim() === "") return true;
  const [type, sub] = (header.split(";")[0] ?? "").trim().toLowerCase().split("/");
  return type === "application" && sub !== undefined && (sub === "json" || sub.endsWith("+json"));
}

/** What one linear pass over the text (no recursion, no parse) finds. */
export interface JsonScan {
  /** Index of the first bracket nesting deeper than the limit, or -1. */
  tooDeepAt: number;
  /** Whether some number literal cannot be held exactly by a double. */
  inexactNumber: boolean;
}

const isNumberChar = (ch: number): boolean => (ch >= 48 && ch <= 57) || ch === 45 || ch === 43 || ch === 46 || ch === 69 || ch === 101;

/** Scans JSON text for nesting depth and inexact numbers; strings are skipped with indexOf. */
export function scanJson(text: string, depthLimit: number): JsonScan {
  let depth = 0;
  let inexactNumber = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34) {
      // jump to the closing quote: one not preceded by an odd run of backslashes
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q === -1) return { tooDeepAt: -1, inexactNumber }; // unterminated: JSON.parse reports it
        let k = q - 1;
        while (text.charCodeAt(k) === 92) k--;
        if ((q - 1 - k) % 2 === 0) {
          i = q;
          break;
        }
        from = q + 1;
      }
    } else if (ch === 91 || ch === 123) {
      if (++depth > depthLimit) return { tooDeepAt: i, inexactNumber };
    } else if (ch === 93 || ch === 125) {
      depth--;
    } else if (ch === 45 || (ch >= 48 && ch <= 57)) {
      let j = i + 1;
      let exp = false;
      for (; j < text.length && isNumberChar(text.charCodeAt(j)); j++) exp ||= (text.charCodeAt(j) | 32) === 101;
      // at most 15 significant digits and no exponent: exact in a double (DBL_DIG), no need to look closer
      if (!inexactNumber && (exp || j - i > 15)) {
        const token = text.slice(i, j);
        inexactNumber = numberProblem(token, Number(token)) !== undefined;
      }
      i = j - 1;
    }
  }
  return { tooDeepAt: -1, inexactNumber };
}

/** `sign digits e exponent` with no leading or trailing zeros: equal keys mean equal decimal values. */
function decimalKey(s: string): string | undefined {
  const m = /^(-?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (m === null) return undefined;
  const frac = m[3] ?? "";
  let digits = `${m[2]}${frac}`.replace(/^0+/, "");
  if (digits === "") return "0";
  let exp = Number(m[4] ?? 0) - frac.length;
  const trimmed = digits.replace(/0+$/, "");
  exp += digits.length - trimmed.length;
  digits = trimmed;
  return `${m[1]}${digits}e${exp}`;
}

/** Why a JSON number cannot be stored as sent, or undefined when it can. */
export function numberProblem(source: string, value: number): ValidationIssue | undefined {
  if (!Number.isFinite(value)) {
    return { loc: [], msg: `Input should be a finite number: ${source} is beyond the range of a double`, type: "finite_number" };
  }
  // integers written out in digits are ids and counts: beyond 2^53 their neighbours share one double
  if (/^-?\d+$/.test(source) && Math.abs(value) > MAX_SAFE_JSON_INTEGER) {
    return {
      loc: [],
      msg: `Value error, the integer ${source} cannot be stored exactly (beyond ±${MAX_SAFE_JSON_INTEGER}); send it as a string`,
      type: "value_error",
    };
  }
  if (String(value) === source || decimalKey(source) === decimalKey(String(value))) return undefined;
  return {
    loc: [],
    msg: `Value error, the number ${source} cannot be stored exactly (it would become ${String(value)}); send it as a string`,
    type: "value_error",
  };
}

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const UNPAIRED: ValidationIssue = {
  loc: [],
  msg: "Input should be a valid string, unable to parse raw data as a unicode string (an unpaired surrogate escape)",
  type: "string_unicode",
};

class Refused {
  constructor(readonly issue: ValidationIssue) {}
}

/** Every refused value of `root` with its path under `body`, found without recursion. */
function collectRefused(root: unknown, refuse: (key: string, value: unknown) => ValidationIssue | undefined): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const stack: [unknown, (string | number)[]][] = [[root, ["body"]]];
  while (stack.length > 0 && out.length < 20) {
    const [v, loc] = stack.pop()!;
    const issue = refuse(String(loc[loc.length - 1]), v);
    if (issue !== undefined) out.push({ ...issue, loc });
    else if (Array.isArray(v)) v.forEach((x, i) => stack.push([x, [...loc, i]]));
    else if (typeof v === "object" && v !== null) for (const [k, x] of Object.entries(v)) stack.push([x, [...loc, k]]);
  }
  return out.sort((a, b) => JSON.stringify(a.loc).localeCompare(JSON.stringify(b.loc)));
}

/** The inexact numbers of a body, re-parsed with their source text (only once the scan found one). */
function numberIssues(text: string): ValidationIssue[] {
  const marked = JSON.parse(text, (_key, value: unknown, ctx?: { source?: string }) => {
    if (typeof value !== "number") return value;
    const problem = numberProblem(ctx?.source ?? String(value), value);
    return problem === undefined ? value : new Refused(problem);
  }) as unknown;
  return collectRefused(marked, (_k, v) => (v instanceof Refused ? v.issue : undefined));
}

// a \uD800-\uDFFF escape in the text; only then can a parsed string hold an unpaired surrogate
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/** The UTF-8 text of a body, or a 422 at the first byte that is not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const lossy = Buffer.from(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes));
    let i = 0;
    while (i < bytes.length && lossy[i] === bytes[i]) i++;
    throw new HttpError(422, [
      { loc: ["body", i], msg: `JSON decode error: the body is not valid UTF-8 (byte ${i})`, type: "json_invalid" },
    ]);
  }
}

/**
 * Parses a request body as JSON after the checks above. `undefined` for an
 * empty body (the caller decides whether that is allowed).
 */
export function parseJsonBody(bytes: Uint8Array, contentType: string | undefined | null): unknown {
  // like FastAPI, an empty body is no body whatever its Content-Type
  if (bytes.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) return undefined;
  if (!isJsonContentType(contentType)) {
    throw new HttpError(422, [
      {
        loc: ["body"],
        msg: `Input should be a valid dictionary or object to extract fields from (the body was sent as ${contentType?.split(";")[0]?.trim()}; send application/json)`,
        type: "model_attributes_type",
      },
    ]);
  }
  const text = decodeUtf8(bytes);
  const scan = scanJson(text, MAX_JSON_DEPTH);
  const at = scan.tooDeepAt;
  if (at >= 0) {
    throw new HttpError(
      400,
      `There was an error parsing the body: JSON nested deeper than ${MAX_JSON_DEPTH} levels (at character ${at}); the limit is ${MAX_JSON_DEPTH}`,
      "JSON_TOO_DEEP",
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new HttpError(422, [{ loc: ["body", 0], msg: `JSON decode error: ${(e as Error).message}`, type: "json_invalid" }]);
  }
  const issues = scan.inexactNumber ? numberIssues(text) : [];
  if (SURROGATE_ESCAPE.test(text)) {
    // unpaired surrogates would be stored as U+FFFD
    const unpaired = (s: unknown): boolean => typeof s === "string" && LONE_SURROGATE.test(s);
    issues.push(...collectRefused(parsed, (k, v) => (unpaired(k) || unpaired(v) ? UNPAIRED : undefined)));
  }
  if (issues.length > 0) throw new HttpError(422, issues);
  return parsed;
}
