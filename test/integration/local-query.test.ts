import { beforeAll, describe, expect, it } from "vitest";
import { api, P, createTable, useLocalOperatorsServer } from "./local-helpers.js";

// These tests cover the local-only operators too ($and/$or/$exists/$options).
useLocalOperatorsServer();

const people = [
  { name: "Asha", age: 31, city: "Pune", tags: ["donor", "vip"], joined: "2026-01-05T10:00:00Z", profile: { tier: "gold", score: 9 }, note: "Met at gala" },
  { name: "Bilal", age: 45, city: "Delhi", tags: ["donor"], joined: "2025-11-20T08:30:00Z", profile: { tier: "silver", score: 5 }, note: null },
  { name: "Chen", age: 27, city: "Pune", tags: [], joined: "2026-03-01T00:00:00Z", profile: { tier: "gold", score: 7 } },
  { name: "Divya", age: "unknown", city: "Mumbai", tags: ["prospect"], joined: "2024-06-15T12:00:00Z", profile: { tier: "bronze", score: 2 }, note: "Prefers WhatsApp" },
  { name: "Esha", age: 8, city: "pune", tags: ["donor", "prospect"], joined: "2026-02-10T09:00:00Z", profile: { tier: "silver", score: 10 }, note: "call after 6pm" },
];

let t: string;
const q = async (body: unknown): Promise<{ status: number; names: string[]; body: any }> => {
  const r = await api("POST", `${P()}/database/tables/${t}/query`, body);
  return { status: r.status, names: r.status === 200 ? r.body.data.map((x: { row_data: { name: string } }) => x.row_data.name) : [], body: r.body };
};
const names = async (filter: unknown): Promise<string[]> => (await q({ filter, sort: { name: 1 } })).names;

beforeAll(async () => {
  t = await createTable({ fields: { name: { type: "string" } }, indexes: [{ fields: ["city"] }, { fields: ["profile.tier"] }] });
  for (const p of people) await api("POST", `${P()}/database/tables/${t}/rows`, { row_data: p });
});

describe("local server: row queries", () => {
  it("plain equality and $eq/$ne", async () => {
    expect(await names({ city: "Pune" })).toEqual(["Asha", "Chen"]);
    expect(await names({ city: { $eq: "Pune" } })).toEqual(["Asha", "Chen"]);
    expect(await names({ city: { $ne: "Pune" } })).toEqual(["Bilal", "Divya", "Esha"]);
    expect(await names({ note: null })).toEqual(["Bilal", "Chen"]);
    expect(await names({ note: { $ne: null } })).toEqual(["Asha", "Divya", "Esha"]);
  });

  it("numeric comparisons are numeric and type-bracketed", async () => {
    expect(await names({ age: { $gt: 30 } })).toEqual(["Asha", "Bilal"]);
    expect(await names({ age: { $gte: 31 } })).toEqual(["Asha", "Bilal"]);
    expect(await names({ age: { $lt: 27 } })).toEqual(["Esha"]);
    expect(await names({ age: { $lte: 27 } })).toEqual(["Chen", "Esha"]);
    expect(await names({ age: { $gt: 10, $lt: 40 } })).toEqual(["Asha", "Chen"]);
  });

  it("ISO timestamps compare as text", async () => {
    expect(await names({ joined: { $gte: "2026-01-01T00:00:00Z" } })).toEqual(["Asha", "Chen", "Esha"]);
    expect(await names({ joined: { $lt: "2025-01-01" } })).toEqual(["Divya"]);
  });

  it("$in / $nin", async () => {
    expect(await names({ city: { $in: ["Delhi", "Mumbai"] } })).toEqual(["Bilal", "Divya"]);
    expect(await names({ city: { $nin: ["Delhi", "Mumbai"] } })).toEqual(["Asha", "Chen", "Esha"]);
    expect(await names({ age: { $in: [31, 8] } })).toEqual(["Asha", "Esha"]);
    expect(await names({ city: { $in: [] } })).toEqual([]);
  });

  it("$contains on strings and arrays, $regex with $options", async () => {
    expect(await names({ tags: { $contains: "donor" } })).toEqual(["Asha", "Bilal", "Esha"]);
    expect(await names({ note: { $contains: "What" } })).toEqual(["Divya"]);
    expect(await names({ name: { $regex: "^[AB]" } })).toEqual(["Asha", "Bilal"]);
    expect(await names({ city: { $regex: "^pune$", $options: "i" } })).toEqual(["Asha", "Chen", "Esha"]);
    expect(await names({ city: { $regex: "^pune$" } })).toEqual(["Esha"]);
  });

  it("dotted fields, $and/$or and $exists", async () => {
    expect(await names({ "profile.tier": "gold" })).toEqual(["Asha", "Chen"]);
    expect(await names({ "profile.score": { $gte: 9 } })).toEqual(["Asha", "Esha"]);
    expect(await names({ $or: [{ city: "Delhi" }, { "profile.tier": "bronze" }] })).toEqual(["Bilal", "Divya"]);
    expect(await names({ $and: [{ city: "Pune" }, { age: { $gt: 30 } }] })).toEqual(["Asha"]);
    expect(await names({ note: { $exists: false } })).toEqual(["Chen"]);
  });

  it("sorts, skips and limits, with total and has_more", async () => {
    const r = await q({ filter: {}, sort: { "profile.score": -1 }, skip: 1, limit: 2 });
    expect(r.names).toEqual(["Asha", "Chen"]);
    expect(r.body).toMatchObject({ total: 5, skip: 1, limit: 2, has_more: true });
    expect(r.body.filter_summary).toBeDefined();
    expect(typeof r.body.execution_time_ms).toBe("number");
    expect((await q({ filter: {}, limit: 1001 })).status).toBe(422);
    expect((await q({ filter: {}, sort: { name: 2 } })).status).toBe(400);
  });

  it("400 for a bad field name or an unknown operator, 404 for a missing table", async () => {
    const bad = await q({ filter: { "na-me": "x" } });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/field/i);
    expect((await q({ filter: { "a;drop": 1 } })).status).toBe(400);
    const op = await q({ filter: { age: { $near: 3 } } });
    expect(op.status).toBe(400);
    expect(op.body.detail).toMatch(/\$near/);
    expect((await q({ filter: { $where: "1" } })).status).toBe(400);
    expect((await q({ filter: { name: { $regex: "(" } } })).status).toBe(400);
    const r = await api("POST", `${P()}/database/tables/no_such_table/query`, { filter: {} });
    expect(r.status).toBe(404);
  });

  it("treats hostile values as data, never as SQL", async () => {
    expect(await names({ name: "x' OR '1'='1" })).toEqual([]);
    expect(await names({ name: { $in: ["'); DROP TABLE zdb.rows; --"] } })).toEqual([]);
    expect((await q({ filter: {} })).body.total).toBe(5);
  });
});

describe("local server: unique indexes and bulk operations", () => {
  it("a unique index declared in the schema makes a duplicate insert 409", async () => {
    const u = await createTable({ fields: { email: { type: "string" } }, indexes: [{ fields: ["email"], unique: true }] });
    expect((await api("POST", `${P()}/database/tables/${u}/rows`, { row_data: { email: "a@x.in" } })).status).toBe(201);
    const dup = await api("POST", `${P()}/database/tables/${u}/rows`, { row_data: { email: "a@x.in" } });
    expect(dup.status).toBe(409);
    expect((await api("POST", `${P()}/database/tables/${u}/rows`, { row_data: { email: "b@x.in" } })).status).toBe(201);
    // the same value in another table is fine
    const other = await createTable({ indexes: [{ columns: ["email"], unique: true }] });
    expect((await api("POST", `${P()}/database/tables/${other}/rows`, { row_data: { email: "a@x.in" } })).status).toBe(201);
  });

  it("bulk update with $set $inc $push $pull $unset", async () => {
    const b = await createTable();
    for (let i = 0; i < 3; i++) await api("POST", `${P()}/database/tables/${b}/rows`, { row_data: { i, n: 1, tags: ["a", "b"], gone: 1 } });
    const r = await api("PUT", `${P()}/database/tables/${b}/rows/bulk`, {
      filter: { i: { $gte: 1 } },
      update: { $set: { status: "done", "meta.by": "test" }, $inc: { n: 2 }, $push: { tags: "c" }, $pull: { tags: "a" }, $unset: { gone: "" } },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ matched_count: 2, modified_count: 2, update_operators: ["$set", "$inc", "$push", "$pull", "$unset"] });
    expect(r.body.filter_used).toEqual({ i: { $gte: 1 } });
    const rows = await api("POST", `${P()}/database/tables/${b}/query`, { filter: { i: 1 } });
    expect(rows.body.data[0].row_data).toEqual({ i: 1, n: 3, tags: ["b", "c"], status: "done", meta: { by: "test" } });
    const untouched = await api("POST", `${P()}/database/tables/${b}/query`, { filter: { i: 0 } });
    expect(untouched.body.data[0].row_data).toEqual({ i: 0, n: 1, tags: ["a", "b"], gone: 1 });
    // a no-op update matches but modifies nothing
    const noop = await api("PUT", `${P()}/database/tables/${b}/rows/bulk`, { filter: { i: 1 }, update: { $set: { status: "done" } } });
    expect(noop.body).toMatchObject({ matched_count: 1, modified_count: 0 });
  });

  it("bulk calls need a non-empty filter and known operators", async () => {
    const b = await createTable();
    expect((await api("PUT", `${P()}/database/tables/${b}/rows/bulk`, { filter: {}, update: { $set: { a: 1 } } })).status).toBe(400);
    expect((await api("PUT", `${P()}/database/tables/${b}/rows/bulk`, { update: { $set: { a: 1 } } })).status).toBe(422);
    expect((await api("PUT", `${P()}/database/tables/${b}/rows/bulk`, { filter: { a: 1 }, update: { $rename: { a: "b" } } })).status).toBe(400);
    expect((await api("PUT", `${P()}/database/tables/${b}/rows/bulk`, { filter: { a: 1 }, update: { a: 2 } })).status).toBe(400);
    expect((await api("DELETE", `${P()}/database/tables/${b}/rows/bulk`, { filter: {} })).status).toBe(400);
    await api("POST", `${P()}/database/tables/${b}/rows`, { row_data: { a: "x" } });
    const inc = await api("PUT", `${P()}/database/tables/${b}/rows/bulk`, { filter: { a: "x" }, update: { $inc: { a: 1 } } });
    expect(inc.status).toBe(400);
  });

  it("more than 100 matches require confirm_large_operation", async () => {
    const b = await createTable();
    const inserts = Array.from({ length: 101 }, (_, i) => api("POST", `${P()}/database/tables/${b}/rows`, { row_data: { i, kind: "bulk" } }));
    await Promise.all(inserts);
    const refused = await api("PUT", `${P()}/database/tables/${b}/rows/bulk`, { filter: { kind: "bulk" }, update: { $set: { seen: true } } });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toMatch(/confirm_large_operation/);
    const unchanged = await api("POST", `${P()}/database/tables/${b}/query`, { filter: { seen: true } });
    expect(unchanged.body.total).toBe(0);
    const ok = await api("PUT", `${P()}/database/tables/${b}/rows/bulk`, { filter: { kind: "bulk" }, update: { $set: { seen: true } }, confirm_large_operation: true });
    expect(ok.body.matched_count).toBe(101);
    expect(ok.body.warnings.length).toBe(1);
    const delRefused = await api("DELETE", `${P()}/database/tables/${b}/rows/bulk`, { filter: { kind: "bulk" } });
    expect(delRefused.status).toBe(400);
    const small = await api("DELETE", `${P()}/database/tables/${b}/rows/bulk`, { filter: { i: { $lt: 10 } } });
    expect(small.body.deleted_count).toBe(10);
    const del = await api("DELETE", `${P()}/database/tables/${b}/rows/bulk`, { filter: { kind: "bulk" }, confirm_large_operation: true });
    expect(del.body).toMatchObject({ deleted_count: 91 });
    expect((await api("GET", `${P()}/database/tables/${b}/rows`)).body.total).toBe(0);
  });
});
