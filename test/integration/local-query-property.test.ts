/**
 * Differential property test: the server's filter results over HTTP must equal
 * a JS reference evaluator of the documented semantics on random documents.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { api, P, createTable, useLocalOperatorsServer } from "./local-helpers.js";

// These tests cover the local-only operators too ($and/$or/$exists/$options).
useLocalOperatorsServer();

type Doc = Record<string, unknown>;
const STRS = ["", "a", "ab", "b", "Pune", "pune", "2026-01-01T00:00:00Z", "2025-12-31T23:59:59Z", "x y"];
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 4 });
const value = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(...STRS), fc.boolean(), fc.constant(null));
const docArb = fc.record({
  a: maybe(value),
  s: maybe(fc.constantFrom(...STRS)),
  b: maybe(fc.boolean()),
  n: maybe(fc.record({ m: maybe(fc.integer({ min: -3, max: 3 })) })),
  tags: maybe(fc.array(fc.constantFrom("a", "b", "c"), { maxLength: 3 })),
});

function get(doc: Doc, path: string): unknown {
  let cur: unknown = doc;
  for (const k of path.split(".")) {
    if (cur === null || typeof cur !== "object" || Array.isArray(cur)) return undefined;
    cur = (cur as Doc)[k];
  }
  return cur;
}
const eq = (x: unknown, v: unknown): boolean => JSON.stringify(x) === JSON.stringify(v);
const jtype = (v: unknown): string => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
const cmp = (x: unknown, v: unknown): number =>
  typeof x === "string" ? Buffer.compare(Buffer.from(x), Buffer.from(v as string)) : (x as number) - (v as number);

function matchOp(x: unknown, op: string, v: unknown): boolean {
  switch (op) {
    case "$eq":
      return v === null ? x === undefined || x === null : x !== undefined && eq(x, v);
    case "$ne":
      return v === null ? x !== undefined && x !== null : x === undefined || !eq(x, v);
    case "$gt":
    case "$gte":
    case "$lt":
    case "$lte": {
      if (x === undefined || jtype(x) !== jtype(v)) return false;
      const c = cmp(typeof x === "boolean" ? Number(x) : x, typeof v === "boolean" ? Number(v) : v);
      return op === "$gt" ? c > 0 : op === "$gte" ? c >= 0 : op === "$lt" ? c < 0 : c <= 0;
    }
    case "$in": {
      const list = v as unknown[];
      const hit = x !== undefined && list.some((e) => e !== null && eq(x, e));
      return hit || (list.includes(null) && (x === undefined || x === null));
    }
    case "$nin": {
      const list = v as unknown[];
      const hit = x !== undefined && list.some((e) => e !== null && eq(x, e));
      return list.includes(null) ? x !== undefined && x !== null && !hit : x === undefined || !hit;
    }
    case "$contains":
      if (typeof v === "string") return (typeof x === "string" && x.includes(v)) || (Array.isArray(x) && x.some((e) => e === v));
      return false;
    case "$exists":
      return v ? x !== undefined : x === undefined;
    default:
      throw new Error(op);
  }
}

const fieldArb = fc.constantFrom("a", "s", "b", "n.m", "tags", "n");
const condArb = fc.oneof(
  fc.tuple(fieldArb, fc.constantFrom("$eq", "$ne"), value),
  fc.tuple(fieldArb, fc.constantFrom("$gt", "$gte", "$lt", "$lte"), fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(...STRS), fc.boolean())),
  fc.tuple(fieldArb, fc.constantFrom("$in", "$nin"), fc.array(value, { maxLength: 3 })),
  fc.tuple(fieldArb, fc.constant("$contains"), fc.constantFrom("a", "b", "un", "2026")),
  fc.tuple(fieldArb, fc.constant("$exists"), fc.boolean()),
);

let table: string;
let docs: { id: number; doc: Doc }[];

beforeAll(async () => {
  table = await createTable(undefined, "prop");
  const sample = fc.sample(docArb, { numRuns: 60, seed: 20261121 });
  docs = [];
  for (const [i, d] of sample.entries()) {
    const doc = JSON.parse(JSON.stringify({ ...d, id: i })) as Doc;
    docs.push({ id: i, doc });
    await api("POST", `${P()}/database/tables/${table}/rows`, { row_data: doc });
  }
});

describe("row query semantics (server vs reference)", () => {
  it("agrees with the reference evaluator on random single and combined conditions", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(condArb, { minLength: 1, maxLength: 2 }), fc.boolean(), async (conds, useOr) => {
        const parts = conds.map(([f, op, v]) => ({ [f]: { [op]: v } }));
        const filter = useOr && parts.length > 1 ? { $or: parts } : { $and: parts };
        const r = await api("POST", `${P()}/database/tables/${table}/query`, { filter, limit: 1000, sort: { id: 1 } });
        expect(r.status).toBe(200);
        const got = r.body.data.map((x: { row_data: { id: number } }) => x.row_data.id);
        const test = (d: Doc): boolean => {
          const res = conds.map(([f, op, v]) => matchOp(get(d, f), op, v));
          return useOr && parts.length > 1 ? res.some(Boolean) : res.every(Boolean);
        };
        const want = docs.filter((d) => test(d.doc)).map((d) => d.id);
        expect(got, JSON.stringify(filter)).toEqual(want);
      }),
      { numRuns: 120, seed: 4242 },
    );
  });
});
