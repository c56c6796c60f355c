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

/** Index of the bracket that nests deeper than `limit`, or -1. Linear and without recursion. */
export function depthExceededAt(text: string, limit: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34) {
      // jump to the closing quote: one not preceded by an odd run of backslashes
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q === -1) return -1; // unterminated: JSON.parse reports it
        let k = q - 1;
        while (text.charCodeAt(k) === 92) k--;
        if ((q - 1 - k) % 2 === 0) {
          i = q;
          break;
        }
        from = q + 1;
      }
    } else if (ch === 91 || ch === 123) {
      if (++depth > limit) return i;
    } else if (ch === 93 || ch === 125) {
      depth--;
    }
  }
  return -1;
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
  if (String(value) === source) return undefined;
  if (/^-?\d+$/.test(source) && Math.abs(value) > MAX_SAFE_JSON_INTEGER) {
    return {
      loc: [],
      msg: `Value error, the integer ${source} cannot be stored exactly (beyond ±${MAX_SAFE_JSON_INTEGER}); send it as a string`,
      type: "value_error",
    };
  }
  if (decimalKey(source) === decimalKey(String(value))) return undefined;
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

/** Paths (under `body`) of every refused number, found without recursion. */
function refusedIssues(root: unknown): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const stack: [unknown, (string | number)[]][] = [[root, ["body"]]];
  while (stack.length > 0 && out.length < 20) {
    const [v, loc] = stack.pop()!;
    if (v instanceof Refused) out.push({ ...v.issue, loc });
    else if (Array.isArray(v)) v.forEach((x, i) => stack.push([x, [...loc, i]]));
    else if (typeof v === "object" && v !== null) for (const [k, x] of Object.entries(v)) stack.push([x, [...loc, k]]);
  }
  return out.sort((a, b) => JSON.stringify(a.loc).localeCompare(JSON.stringify(b.loc)));
}

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
  if (text.trim() === "") return undefined;
  const at = depthExceededAt(text, MAX_JSON_DEPTH);
  if (at >= 0) {
    throw new HttpError(
      400,
      `There was an error parsing the body: JSON nested deeper than ${MAX_JSON_DEPTH} levels (at character ${at}); the limit is ${MAX_JSON_DEPTH}`,
      "JSON_TOO_DEEP",
    );
  }
  let refused = false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (key: string, value: unknown, ctx?: { source?: string }) => {
      // "\ud800" escapes decode to unpaired surrogates, which UTF-8 storage would turn into U+FFFD
      if (LONE_SURROGATE.test(key) || (typeof value === "string" && LONE_SURROGATE.test(value))) {
        refused = true;
        return new Refused(UNPAIRED);
      }
      if (typeof value !== "number") return value;
      const problem = numberProblem(ctx?.source ?? String(value), value);
      if (problem === undefined) return value;
      refused = true;
      return new Refused(problem);
    });
  } catch (e) {
    throw new HttpError(422, [{ loc: ["body", 0], msg: `JSON decode error: ${(e as Error).message}`, type: "json_invalid" }]);
  }
  if (refused) throw new HttpError(422, refusedIssues(parsed));
  return parsed;
}
