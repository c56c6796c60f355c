import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH } from "../../src/contract/limits.js";
import { HttpError } from "../../src/local/errors.js";
import { isJsonContentType, numberProblem, parseJsonBody, scanJson } from "../../src/local/json-body.js";

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const refusal = (f: () => unknown): HttpError => {
  try {
    f();
  } catch (e) {
    if (e instanceof HttpError) return e;
    throw e;
  }
  throw new Error("not refused");
};

/** Nesting depth computed the slow, obvious way on a parsed value. */
const depthOf = (v: unknown): number =>
  typeof v === "object" && v !== null ? 1 + Math.max(0, ...Object.values(v).map(depthOf)) : 0;

describe("json-body", () => {
  it("scanJson agrees with the depth of the parsed value, strings with brackets and escapes included", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 9 }), (v, limit) => {
        const text = JSON.stringify(v);
        expect(scanJson(text, limit).tooDeepAt >= 0).toBe(depthOf(v) > limit);
      }),
    );
    expect(scanJson('{"a":"[[[\\"[[[","b":[1]}', 2).tooDeepAt).toBe(-1);
  });

  it("parses what JSON.parse parses, unchanged, when every number and string is stored exactly", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
        const text = JSON.stringify(v);
        fc.pre(!/\d{16,}/.test(text)); // integers written with 16+ digits may exceed 2^53 (tested below)
        expect(parseJsonBody(enc(text), "application/json")).toEqual(JSON.parse(text));
      }),
    );
  });

  it("refuses numbers a double cannot hold exactly and digit-written integers beyond 2^53; accepts other spellings", () => {
    for (const s of ["1e400", "-1e400", "9007199254740993", "9007199254740994", "100000000000000000000", "1180591620717411303424", "0.1000000000000000000001", "1e-400"]) {
      expect(numberProblem(s, Number(s)), s).toBeDefined();
    }
    for (const s of ["9007199254740991", "-9007199254740991", "1e20", "-0", "0.10", "1E3", "1e300", "12.500", "1e-7", "0.30000000000000004"]) {
      expect(numberProblem(s, Number(s)), s).toBeUndefined();
    }
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (d) => {
        const text = JSON.stringify(d);
        expect(numberProblem(text, d)).toEqual(/^-?\d+$/.test(text) && !Number.isSafeInteger(d) ? expect.objectContaining({ type: "value_error" }) : undefined);
      }),
    );
  });

  it("parseJsonBody refuses 16-digit integers beyond 2^53 and accepts escaped surrogate pairs (Python's ensure_ascii)", () => {
    expect(refusal(() => parseJsonBody(enc('{"n":9999999999999999}'), null)).status).toBe(422);
    expect(parseJsonBody(enc('{"n":999999999999999,"e":"\\ud83d\\ude00"}'), null)).toEqual({ n: 999999999999999, e: "😀" });
  });

  it("names the path of every refused value", () => {
    const e = refusal(() => parseJsonBody(enc('{"a":[1,{"b":1e999}],"c":"\\udc00"}'), null));
    expect(e.status).toBe(422);
    expect((e.detail as { loc: unknown[] }[]).map((i) => i.loc)).toEqual([["body", "a", 1, "b"], ["body", "c"]]);
  });

  it("refuses invalid UTF-8 at its byte offset, too-deep JSON with 400, and non-JSON content types", () => {
    const bad = refusal(() => parseJsonBody(new Uint8Array([0x7b, 0x22, 0xc3, 0x28]), "application/json"));
    expect(bad.detail).toEqual([expect.objectContaining({ loc: ["body", 2], type: "json_invalid" })]);
    const deep = refusal(() => parseJsonBody(enc("[".repeat(MAX_JSON_DEPTH + 1) + "]".repeat(MAX_JSON_DEPTH + 1)), null));
    expect(deep.status).toBe(400);
    expect(String(deep.detail)).toContain(String(MAX_JSON_DEPTH));
    expect(parseJsonBody(enc("[".repeat(MAX_JSON_DEPTH) + "]".repeat(MAX_JSON_DEPTH)), null)).toBeDefined();
    expect(refusal(() => parseJsonBody(enc("{}"), "text/plain")).status).toBe(422);
    expect(parseJsonBody(enc(" \r\n"), "text/plain")).toBeUndefined();
    for (const t of [undefined, "", "application/json", "Application/JSON; charset=utf-8", "application/problem+json"]) {
      expect(isJsonContentType(t), String(t)).toBe(true);
    }
    for (const t of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "json"]) {
      expect(isJsonContentType(t), t).toBe(false);
    }
  });
});
