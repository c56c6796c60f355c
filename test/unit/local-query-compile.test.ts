import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FilterError, compileFilter, compileSort, compileUpdate, fieldExpr } from "../../src/local/query-compile.js";

const seg = fc.stringMatching(/^[A-Za-z0-9_]{1,8}$/);
const field = fc.array(seg, { minLength: 1, maxLength: 3 }).map((s) => s.join("."));
// values carry a marker that never occurs in the SQL templates
const marked = fc.string({ maxLength: 20 }).map((s) => `§${s}`);
const scalar = fc.oneof(marked, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean());
const opExpr = fc.oneof(
  scalar,
  fc.record({ $eq: scalar }),
  fc.record({ $ne: scalar }),
  fc.record({ $gt: scalar, $lte: scalar }),
  fc.record({ $in: fc.array(scalar, { maxLength: 4 }) }),
  fc.record({ $nin: fc.array(scalar, { maxLength: 4 }) }),
  fc.record({ $contains: scalar }),
  fc.record({ $regex: marked, $options: fc.constant("i") }),
  fc.record({ $exists: fc.boolean() }),
);
const leaf = fc.dictionary(field, opExpr, { minKeys: 1, maxKeys: 3 });
const filter = fc.oneof(leaf, fc.record({ $or: fc.array(leaf, { minLength: 1, maxLength: 3 }) }), fc.record({ $and: fc.array(leaf, { minLength: 1, maxLength: 3 }) }));

/** The local-only operators ($and/$or/$exists/$options) are opted into here, as `localOperators: true` does. */
const LOCAL = { localOperators: true };

function placeholders(sql: string): number[] {
  return [...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
}

describe("filter → SQL compiler", () => {
  it("never inlines values and numbers parameters contiguously from start", () => {
    fc.assert(
      fc.property(filter, fc.integer({ min: 1, max: 9 }), (f, start) => {
        const { sql, params } = compileFilter(f, start, "row_data", LOCAL);
        expect(sql.includes("§")).toBe(false);
        const used = new Set(placeholders(sql));
        for (const n of used) expect(n >= start && n < start + params.length).toBe(true);
        expect(used.size).toBe(params.length);
      }),
    );
  });

  it("refuses any field name outside [A-Za-z0-9_.]", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/^[A-Za-z0-9_.]+$/.test(s) && !s.startsWith("$")), (bad) => {
        expect(() => compileFilter({ [bad]: 1 })).toThrow(FilterError);
        expect(() => compileSort({ [bad]: 1 })).toThrow(FilterError);
        expect(() => compileUpdate({ $set: { [bad]: 1 } })).toThrow(FilterError);
      }),
    );
    for (const bad of ["a..b", ".a", "a.", "a'b", "a\"b", "a b", "a;b", "a}b", "a,b"]) {
      expect(() => compileFilter({ [bad]: 1 }), bad).toThrow(FilterError);
    }
  });

  it("refuses unknown operators anywhere", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\$[a-z]{1,8}$/).filter((op) => !["$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$contains", "$regex", "$options", "$exists", "$and", "$or", "$nor"].includes(op)), (op) => {
        expect(() => compileFilter({ a: { [op]: 1 } }, 1, "row_data", LOCAL)).toThrow(FilterError);
        expect(() => compileFilter({ [op]: [{ a: 1 }] }, 1, "row_data", LOCAL)).toThrow(FilterError);
      }),
    );
  });

  it("refuses the local-only operators unless asked to accept them, as ZeroDB does", () => {
    const localOnly = [{ $or: [{ a: 1 }] }, { $and: [{ a: 1 }] }, { $nor: [{ a: 1 }] }, { a: { $exists: true } }, { a: { $regex: "x", $options: "i" } }];
    for (const f of localOnly) {
      expect(() => compileFilter(f), JSON.stringify(f)).toThrow(/unknown operator/);
      expect(() => compileFilter(f, 1, "row_data", LOCAL), JSON.stringify(f)).not.toThrow();
    }
  });

  it("uses the same expression as the declared indexes", () => {
    const { sql } = compileFilter({ "profile.tier": "gold" });
    expect(sql).toContain(fieldExpr("profile.tier"));
    expect(fieldExpr("profile.tier")).toBe("(row_data #> '{profile,tier}')");
  });

  it("summarises fields and operators", () => {
    const { summary } = compileFilter({ a: 1, b: { $gt: 2, $lt: 5 }, $or: [{ c: { $in: [1] } }] }, 1, "row_data", LOCAL);
    expect(summary.fields.sort()).toEqual(["a", "b", "c"]);
    expect(summary.operators.sort()).toEqual(["$eq", "$gt", "$in", "$lt", "$or"]);
    expect(summary.conditions).toBe(4);
  });

  it("rejects malformed operator arguments", () => {
    expect(() => compileFilter({ a: { $in: 1 } })).toThrow(FilterError);
    expect(() => compileFilter({ a: { $gt: { x: 1 } } })).toThrow(FilterError);
    expect(() => compileFilter({ a: { $regex: 1 } })).toThrow(FilterError);
    expect(() => compileFilter({ a: { $options: "i" } }, 1, "row_data", LOCAL)).toThrow(FilterError);
    expect(() => compileFilter({ a: { $exists: "yes" } }, 1, "row_data", LOCAL)).toThrow(FilterError);
    expect(() => compileFilter({ $or: [] }, 1, "row_data", LOCAL)).toThrow(FilterError);
    expect(() => compileFilter([1])).toThrow(FilterError);
  });
});

describe("sort and update compilers", () => {
  it("sorts by 1/-1 only", () => {
    expect(compileSort({ a: 1, "b.c": -1 })).toBe("(row_data #> '{a}') ASC NULLS LAST, (row_data #> '{b,c}') DESC NULLS LAST");
    expect(compileSort(undefined)).toBe("");
    expect(() => compileSort({ a: 0 })).toThrow(FilterError);
  });

  it("parameterizes update values and numbers them from start", () => {
    const ops = fc.record(
      {
        $set: fc.dictionary(field, fc.jsonValue(), { minKeys: 1, maxKeys: 3 }),
        $inc: fc.dictionary(field, fc.integer(), { minKeys: 1, maxKeys: 2 }),
        $push: fc.dictionary(field, marked, { minKeys: 1, maxKeys: 2 }),
        $pull: fc.dictionary(field, marked, { minKeys: 1, maxKeys: 2 }),
        $unset: fc.dictionary(field, fc.constant(""), { minKeys: 1, maxKeys: 2 }),
      },
      { requiredKeys: [] },
    ).filter((o) => Object.keys(o).length > 0);
    fc.assert(
      fc.property(ops, fc.integer({ min: 1, max: 9 }), (u, start) => {
        const { sql, params, operators } = compileUpdate(u, start);
        expect(sql.includes("§")).toBe(false);
        expect(operators).toEqual(Object.keys(u));
        const used = new Set(placeholders(sql));
        expect(used.size).toBe(params.length);
        for (const n of used) expect(n >= start && n < start + params.length).toBe(true);
      }),
    );
  });

  it("refuses non-operator and unknown update keys", () => {
    expect(() => compileUpdate({})).toThrow(FilterError);
    expect(() => compileUpdate({ a: 1 })).toThrow(FilterError);
    expect(() => compileUpdate({ $rename: { a: "b" } })).toThrow(FilterError);
    expect(() => compileUpdate({ $inc: { a: "x" } })).toThrow(FilterError);
    expect(() => compileUpdate({ $set: {} })).toThrow(FilterError);
  });
});
