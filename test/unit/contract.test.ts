import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  FIELD_NAME_PATTERN,
  FILTER_OPERATORS,
  LOCAL_ONLY_OPERATORS,
  TABLE_NAME_MAX,
  UPDATE_OPERATORS,
  VECTOR_DIMENSIONS,
  filterIssues,
  isVectorDimension,
  sortIssues,
  tableNameIssue,
  updateIssues,
} from "../../src/contract/index.js";
import { VECTOR_DIMS } from "../../src/local/db.js";

const seg = fc.stringMatching(/^[A-Za-z0-9_]{1,8}$/);
const field = fc.array(seg, { minLength: 1, maxLength: 3 }).map((s) => s.join("."));
const scalar = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean());
const validArg: Record<string, fc.Arbitrary<unknown>> = {
  $eq: fc.jsonValue(),
  $ne: fc.jsonValue(),
  $gt: scalar,
  $gte: scalar,
  $lt: scalar,
  $lte: scalar,
  $in: fc.array(fc.jsonValue(), { maxLength: 3 }),
  $nin: fc.array(fc.jsonValue(), { maxLength: 3 }),
  $contains: scalar,
  $regex: fc.string({ maxLength: 8 }),
};
const condition = fc.constantFrom(...FILTER_OPERATORS).chain((op) => validArg[op]!.map((v) => ({ [op]: v })));
const documentedFilter = fc.dictionary(field, fc.oneof(scalar, condition), { maxKeys: 4 });

describe("wire contract: filters", () => {
  it("accepts every filter made of documented operators and valid field names", () => {
    fc.assert(
      fc.property(documentedFilter, (f) => {
        expect(filterIssues(f)).toEqual([]);
      }),
    );
  });

  it("refuses every operator outside the documented set, naming where it is", () => {
    const unknown = fc.stringMatching(/^\$[a-zA-Z]{1,10}$/).filter((op) => !(FILTER_OPERATORS as readonly string[]).includes(op));
    fc.assert(
      fc.property(field, unknown, (f, op) => {
        const issues = filterIssues({ [f]: { [op]: 1 } });
        expect(issues).toHaveLength(1);
        expect(issues[0]!.path).toEqual([f, op]);
        expect(issues[0]!.message).toContain("unknown operator");
      }),
    );
  });

  it("takes the local-only operators only when asked to", () => {
    const samples: Record<string, unknown> = {
      $and: { $and: [{ a: 1 }] },
      $or: { $or: [{ a: 1 }, { b: { $in: [1] } }] },
      $nor: { $nor: [{ a: 1 }] },
      $exists: { a: { $exists: false } },
      $options: { a: { $regex: "x", $options: "i" } },
    };
    expect(Object.keys(samples).sort()).toEqual([...LOCAL_ONLY_OPERATORS].sort());
    for (const [op, f] of Object.entries(samples)) {
      expect(filterIssues(f).length, op).toBeGreaterThan(0);
      expect(filterIssues(f, { localOperators: true }), op).toEqual([]);
    }
  });

  it("checks the operands of nested local-only filters too", () => {
    expect(filterIssues({ $or: [{ a: { $bogus: 1 } }] }, { localOperators: true })[0]!.path).toEqual(["$or", 0, "a", "$bogus"]);
    expect(filterIssues({ $or: [] }, { localOperators: true })[0]!.message).toMatch(/non-empty array/);
    expect(filterIssues({ a: { $options: "i" } }, { localOperators: true })[0]!.message).toMatch(/only valid with \$regex/);
  });

  it("field names: exactly the strings made of [A-Za-z0-9_] segments joined by dots", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !s.startsWith("$")), (name) => {
        const valid = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/.test(name);
        expect(filterIssues({ [name]: 1 }).length === 0).toBe(valid);
        expect(sortIssues({ [name]: 1 }).length === 0).toBe(valid);
        expect(updateIssues({ $set: { [name]: 1 } }).length === 0).toBe(valid);
      }),
    );
    expect(FIELD_NAME_PATTERN.test("profile.tier")).toBe(true);
  });

  it("rejects malformed operands", () => {
    for (const f of [{ a: { $in: 1 } }, { a: { $nin: "x" } }, { a: { $gt: {} } }, { a: { $regex: 1 } }, { a: { $contains: null } }, [1], "x", null]) {
      expect(filterIssues(f).length, JSON.stringify(f)).toBeGreaterThan(0);
    }
  });
});

describe("wire contract: sorts and updates", () => {
  it("sort directions are 1 or -1", () => {
    expect(sortIssues({ a: 1, "b.c": -1 })).toEqual([]);
    for (const dir of [0, 2, "asc", "desc", null]) expect(sortIssues({ a: dir }).length, String(dir)).toBe(1);
  });

  it("updates use the five documented operators, each with fields", () => {
    for (const op of UPDATE_OPERATORS) expect(updateIssues({ [op]: { a: op === "$inc" ? 1 : "x" } }), op).toEqual([]);
    for (const bad of [{}, { a: 1 }, { $rename: { a: "b" } }, { $set: {} }, { $inc: { a: "x" } }, { $set: 1 }, null]) {
      expect(updateIssues(bad).length, JSON.stringify(bad)).toBeGreaterThan(0);
    }
  });
});

describe("wire contract: names and dimensions", () => {
  it("table names: a letter or _, then letters, digits or _, at most 63 characters", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 70 }), (name) => {
        const valid = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && name.length <= TABLE_NAME_MAX;
        expect(tableNameIssue(name) === undefined).toBe(valid);
      }),
    );
    expect(tableNameIssue("a".repeat(TABLE_NAME_MAX))).toBeUndefined();
    expect(tableNameIssue("a".repeat(TABLE_NAME_MAX + 1))).toBeDefined();
  });

  it("vector dimensions are the four ZeroDB stores, and the local database's columns match them", () => {
    expect([...VECTOR_DIMENSIONS]).toEqual([384, 768, 1024, 1536]);
    expect([...VECTOR_DIMS]).toEqual([...VECTOR_DIMENSIONS]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), (n) => {
        expect(isVectorDimension(n)).toBe([384, 768, 1024, 1536].includes(n));
      }),
    );
  });
});
