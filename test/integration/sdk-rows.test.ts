/**
 * SDK end to end against the shared local server: tables, rows, queries with every
 * filter operator, and bulk update/delete (with the >100 rows confirmation rule).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BadRequestError, ConflictError, NotFoundError, ValidationError, type Filter, type JsonObject, type RowsAPI, type Sort } from "../../src/index.js";
import { lossyFetch, sdkScope, uniqueName } from "./sdk-helpers.js";

const scope = sdkScope();

/** Inserts rows a few at a time (one HTTP call per row), keeping the order of `data`. */
async function insertAll<T extends JsonObject>(rows: RowsAPI<T>, data: T[], parallel = 8): Promise<string[]> {
  const ids: string[] = new Array<string>(data.length);
  for (let i = 0; i < data.length; i += parallel) {
    const chunk = data.slice(i, i + parallel);
    // sequential inside the chunk would be slow; order across rows matters only for list
    // tests, which use parallel = 1
    const made = await Promise.all(chunk.map((d) => rows.insert(d)));
    made.forEach((r, j) => (ids[i + j] = r.row_id));
  }
  return ids;
}

describe("SDK tables", () => {
  it("create with {name, schema} and with the legacy {table_name, schema_definition} body; get, list, delete", async () => {
    const a = uniqueName("tbl_new");
    const b = uniqueName("tbl_old");
    const schema = { fields: { email: { type: "text", unique: true }, age: { type: "integer" } } };

    const ta = await scope.tables.create({ name: a, description: "new body", schema });
    expect(ta).toMatchObject({ name: a, description: "new body", schema, row_count: 0 });
    expect(ta.table_id).toMatch(/^[0-9a-f-]{36}$/);

    const tb = await scope.tables.create({ name: b, schema: { fields: { city: { type: "text" } } }, legacyBody: true });
    expect(tb).toMatchObject({ name: b, schema: { fields: { city: { type: "text" } } } });
    expect(tb.table_id).not.toBe(ta.table_id);

    const ga = await scope.tables.get(ta.table_id);
    expect(ga).toMatchObject({ table_id: ta.table_id, name: a, description: "new body", schema });
    expect((await scope.tables.get(tb.table_id)).name).toBe(b);

    await scope.rows(a).insert({ email: "a@x.org", age: 3 });
    expect((await scope.tables.get(ta.table_id)).row_count).toBe(1);

    const all = await scope.tables.list({ limit: 1000 }).toArray();
    const names = all.map((t) => t.name);
    expect(names).toContain(a);
    expect(names).toContain(b);
    expect(all.find((t) => t.name === a)?.table_id).toBe(ta.table_id);

    const d = await scope.tables.delete(a);
    expect(d).toMatchObject({ success: true, table_name: a });
    await scope.tables.delete(b);
    const afterNames = (await scope.tables.list({ limit: 1000 }).toArray()).map((t) => t.name);
    expect(afterNames).not.toContain(a);
    expect(afterNames).not.toContain(b);

    await expect(scope.tables.get(ta.table_id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(scope.tables.delete(a)).rejects.toBeInstanceOf(NotFoundError);
    await expect(scope.rows(a).list()).rejects.toBeInstanceOf(NotFoundError);
  });

  it("a duplicate name is a ConflictError (409), with either body shape", async () => {
    const name = uniqueName("tbl_dup");
    await scope.tables.create({ name });
    const e1 = await scope.tables.create({ name }).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(ConflictError);
    expect((e1 as ConflictError).status).toBe(409);
    expect((e1 as ConflictError).code).toBe("TABLE_EXISTS");
    expect((e1 as ConflictError).message).toContain(name);
    await expect(scope.tables.create({ name, legacyBody: true })).rejects.toBeInstanceOf(ConflictError);
    // exactly one table of that name exists
    expect((await scope.tables.list({ limit: 1000 }).toArray()).filter((t) => t.name === name)).toHaveLength(1);
    await scope.tables.delete(name);
  });

  it("a schema's unique field is enforced: insert, update and bulkUpdate get ConflictError and write nothing", async () => {
    const name = uniqueName("tbl_uniq");
    await scope.tables.create({ name, schema: { fields: { email: { type: "text", unique: true } } } });
    const rows = scope.rows<{ email: string }>(name);
    const a = await rows.insert({ email: "a@x.org" });
    const b = await rows.insert({ email: "b@x.org" });
    const e1 = await rows.insert({ email: "a@x.org" }).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(ConflictError);
    expect((e1 as ConflictError).code).toBe("DUPLICATE");
    await expect(rows.update(b.row_id, { email: "a@x.org" })).rejects.toBeInstanceOf(ConflictError);
    await expect(rows.bulkUpdate({ filter: { email: "b@x.org" }, update: { $set: { email: "a@x.org" } } })).rejects.toBeInstanceOf(ConflictError);
    const all = await rows.list();
    expect(all.total).toBe(2);
    expect(all.data.map((r) => [r.row_id, r.row_data.email])).toEqual([
      [a.row_id, "a@x.org"],
      [b.row_id, "b@x.org"],
    ]);
    await scope.tables.delete(name);
  });

  it("list pages tables with await (one page) and for await (all)", async () => {
    const names = [uniqueName("tl_a"), uniqueName("tl_b"), uniqueName("tl_c")];
    for (const n of names) await scope.tables.create({ name: n });
    const page = await scope.tables.list({ limit: 1 });
    expect(page.data).toHaveLength(1);
    expect(page.total).toBeGreaterThanOrEqual(3);
    const seen: string[] = [];
    for await (const t of scope.tables.list({ limit: 2 })) {
      seen.push(t.name);
      if (seen.length > 2000) throw new Error("runaway");
    }
    for (const n of names) expect(seen).toContain(n);
    for (const n of names) await scope.tables.delete(n);
  });
});

describe("SDK rows CRUD and list", () => {
  let table: string;
  beforeAll(async () => {
    table = uniqueName("rows");
    await scope.tables.create({ name: table });
  });
  afterAll(async () => {
    await scope.tables.delete(table).catch(() => undefined);
  });

  it("insert, get, update (full replacement), delete", async () => {
    const contacts = scope.rows<{ full_name: string; city?: string; tags?: string[]; meta?: JsonObject }>(table);
    const row = await contacts.insert({ full_name: "Asha Rao", city: "Pune", tags: ["vip"], meta: { source: "import" } });
    expect(row.row_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(row.table_name).toBe(table);
    expect(row.row_data).toEqual({ full_name: "Asha Rao", city: "Pune", tags: ["vip"], meta: { source: "import" } });
    expect(typeof row.created_at).toBe("string");

    const got = await contacts.get(row.row_id);
    expect(got.row_id).toBe(row.row_id);
    expect(got.row_data).toEqual(row.row_data);

    const upd = await contacts.update(row.row_id, { full_name: "Asha R." });
    expect(upd.row_id).toBe(row.row_id);
    // PUT replaces the whole document: city, tags and meta are gone
    expect(upd.row_data).toEqual({ full_name: "Asha R." });
    expect((await contacts.get(row.row_id)).row_data).toEqual({ full_name: "Asha R." });

    const del = await contacts.delete(row.row_id);
    expect(del).toEqual({ success: true, row_id: row.row_id });
    const err = await contacts.get(row.row_id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).code).toBe("ROW_NOT_FOUND");
    await expect(contacts.delete(row.row_id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(contacts.update(randomUUID(), { full_name: "nobody" })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("list walks >= 3 pages with for await, returning exact ids in insert order", async () => {
    const t = uniqueName("rows_pg");
    await scope.tables.create({ name: t });
    const rows = scope.rows<{ i: number }>(t);
    const ids = await insertAll(rows, Array.from({ length: 7 }, (_, i) => ({ i })), 1);

    const first = await rows.list({ limit: 3 });
    expect(first.data.map((r) => r.row_id)).toEqual(ids.slice(0, 3));
    expect(first).toMatchObject({ total: 7, skip: 0, limit: 3, hasMore: true });

    const pageSizes: number[] = [];
    for await (const page of rows.list({ limit: 3 }).pages()) {
      pageSizes.push(page.data.length);
      if (pageSizes.length > 10) throw new Error("runaway pagination");
    }
    expect(pageSizes).toEqual([3, 3, 1]);

    const seen: string[] = [];
    const values: number[] = [];
    for await (const r of rows.list({ limit: 3 })) {
      seen.push(r.row_id);
      values.push(r.row_data.i);
      if (seen.length > 20) throw new Error("runaway iteration");
    }
    expect(seen).toEqual(ids);
    expect(values).toEqual([0, 1, 2, 3, 4, 5, 6]);

    // starting at an offset
    const tail = await rows.list({ skip: 5, limit: 3 }).toArray();
    expect(tail.map((r) => r.row_id)).toEqual(ids.slice(5));
    await scope.tables.delete(t);
  });
});

describe("SDK rows query", () => {
  interface Donor extends JsonObject {
    name: string;
    age: number;
    city: string;
    tags: string[];
    address: { zip: string; country: string };
    note?: string;
  }
  const donors: Donor[] = [
    { name: "Asha", age: 30, city: "Pune", tags: ["vip", "donor"], address: { zip: "411001", country: "IN" }, note: "called twice" },
    { name: "Bilal", age: 42, city: "Mumbai", tags: ["donor"], address: { zip: "400001", country: "IN" } },
    { name: "Chen", age: 25, city: "Delhi", tags: [], address: { zip: "110001", country: "IN" } },
    { name: "Dana", age: 58, city: "Austin", tags: ["vip"], address: { zip: "73301", country: "US" }, note: "prefers email" },
    { name: "Eve", age: 30, city: "Boston", tags: ["lapsed"], address: { zip: "02101", country: "US" } },
  ];
  let rows: RowsAPI<Donor>;
  let ids: string[];
  const t = uniqueName("donors");

  beforeAll(async () => {
    await scope.tables.create({ name: t });
    rows = scope.rows<Donor>(t);
    ids = await insertAll(rows, donors, 1);
  });
  afterAll(async () => {
    await scope.tables.delete(t).catch(() => undefined);
  });

  const names = async (filter: Filter, sort?: Sort): Promise<string[]> => {
    const page = await rows.query(sort === undefined ? { filter } : { filter, sort });
    expect(page.total).toBe(page.data.length);
    return page.data.map((r) => r.row_data.name);
  };

  it("plain equality, and an empty filter matches every row", async () => {
    expect(await names({ city: "Austin" })).toEqual(["Dana"]);
    expect(await names({ age: 30 })).toEqual(["Asha", "Eve"]);
    expect(await names({ city: "Nowhere" })).toEqual([]);
    const all = await rows.query();
    expect(all.data.map((r) => r.row_id)).toEqual(ids);
    expect(all.total).toBe(5);
  });

  it("every comparison operator", async () => {
    expect(await names({ age: { $eq: 30 } })).toEqual(["Asha", "Eve"]);
    expect(await names({ city: { $ne: "Pune" } })).toEqual(["Bilal", "Chen", "Dana", "Eve"]);
    expect(await names({ age: { $gt: 30 } })).toEqual(["Bilal", "Dana"]);
    expect(await names({ age: { $gte: 30 } })).toEqual(["Asha", "Bilal", "Dana", "Eve"]);
    expect(await names({ age: { $lt: 30 } })).toEqual(["Chen"]);
    expect(await names({ age: { $lte: 30 } })).toEqual(["Asha", "Chen", "Eve"]);
    expect(await names({ city: { $in: ["Pune", "Delhi", "Paris"] } })).toEqual(["Asha", "Chen"]);
    expect(await names({ city: { $nin: ["Pune", "Delhi"] } })).toEqual(["Bilal", "Dana", "Eve"]);
    expect(await names({ tags: { $contains: "vip" } })).toEqual(["Asha", "Dana"]);
    expect(await names({ note: { $contains: "email" } })).toEqual(["Dana"]);
    expect(await names({ name: { $regex: "^[A-C]" } })).toEqual(["Asha", "Bilal", "Chen"]);
    expect(await names({ name: { $regex: "e" } })).toEqual(["Chen", "Eve"]);
    // a range on one field, and conditions on several fields, are ANDed
    expect(await names({ age: { $gte: 25, $lt: 42 } })).toEqual(["Asha", "Chen", "Eve"]);
    expect(await names({ age: { $gte: 30 }, tags: { $contains: "vip" } })).toEqual(["Asha", "Dana"]);
    // $ne also matches rows without the field
    expect(await names({ note: { $ne: "called twice" } })).toEqual(["Bilal", "Chen", "Dana", "Eve"]);
  });

  it("dotted fields reach into nested objects", async () => {
    expect(await names({ "address.country": "US" })).toEqual(["Dana", "Eve"]);
    expect(await names({ "address.zip": { $regex: "^4" } })).toEqual(["Asha", "Bilal"]);
    expect(await names({ "address.country": { $in: ["IN"] }, age: { $gt: 26 } })).toEqual(["Asha", "Bilal"]);
    expect(await names({ "address.missing": "x" })).toEqual([]);
  });

  it("sort asc/desc (ties keep insert order), by a dotted field, and skip/limit", async () => {
    expect(await names({}, { age: 1 })).toEqual(["Chen", "Asha", "Eve", "Bilal", "Dana"]);
    expect(await names({}, { age: -1 })).toEqual(["Dana", "Bilal", "Asha", "Eve", "Chen"]);
    expect(await names({}, { age: 1, name: -1 })).toEqual(["Chen", "Eve", "Asha", "Bilal", "Dana"]);
    expect(await names({}, { "address.zip": 1 })).toEqual(["Eve", "Chen", "Bilal", "Asha", "Dana"]);
    expect(await names({ "address.country": "IN" }, { name: -1 })).toEqual(["Chen", "Bilal", "Asha"]);

    const page = await rows.query({ filter: {}, sort: { age: 1 }, skip: 1, limit: 2 });
    expect(page.data.map((r) => r.row_data.name)).toEqual(["Asha", "Eve"]);
    expect(page).toMatchObject({ total: 5, skip: 1, limit: 2, hasMore: true });

    const last = await rows.query({ sort: { age: 1 }, skip: 4, limit: 2 });
    expect(last.data.map((r) => r.row_data.name)).toEqual(["Dana"]);
    expect(last.hasMore).toBe(false);

    // for await over a filtered, sorted query in pages of 2
    const walked: string[] = [];
    for await (const r of rows.query({ filter: { age: { $gte: 25 } }, sort: { age: -1 }, limit: 2 })) {
      walked.push(r.row_data.name);
      if (walked.length > 20) throw new Error("runaway");
    }
    expect(walked).toEqual(["Dana", "Bilal", "Asha", "Eve", "Chen"]);
  });

  it("an unknown operator is refused before sending (ValidationError); a bad regex by the server (BadRequestError)", async () => {
    await expect(rows.query({ filter: { age: { $between: [1, 2] } } })).rejects.toThrow(ValidationError);
    const err = await rows.query({ filter: { name: { $regex: "([" } } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as BadRequestError).status).toBe(400);
  });
});

describe("SDK bulk update and delete", () => {
  interface Item extends JsonObject {
    n: number;
    group: string;
    tags: string[];
    tmp?: number;
    status?: string;
  }

  it("$set $inc $push $pull $unset on the matching rows only", async () => {
    const t = uniqueName("bulk");
    await scope.tables.create({ name: t });
    const rows = scope.rows<Item>(t);
    const ids = await insertAll(
      rows,
      Array.from({ length: 5 }, (_, i): Item => ({ n: i, group: i < 3 ? "a" : "b", tags: ["x", "y"], tmp: 1 })),
      1,
    );

    const r1 = await rows.bulkUpdate({
      filter: { group: "a" },
      update: { $set: { status: "called" }, $inc: { n: 10 }, $push: { tags: "z" }, $unset: { tmp: "" } },
    });
    expect(r1.matched_count).toBe(3);
    expect(r1.modified_count).toBe(3);
    expect(r1.update_operators).toEqual(["$set", "$inc", "$push", "$unset"]);

    const after1 = await rows.list({ limit: 100 });
    expect(after1.data.map((r) => r.row_id)).toEqual(ids);
    expect(after1.data.map((r) => r.row_data)).toEqual([
      { n: 10, group: "a", tags: ["x", "y", "z"], status: "called" },
      { n: 11, group: "a", tags: ["x", "y", "z"], status: "called" },
      { n: 12, group: "a", tags: ["x", "y", "z"], status: "called" },
      { n: 3, group: "b", tags: ["x", "y"], tmp: 1 },
      { n: 4, group: "b", tags: ["x", "y"], tmp: 1 },
    ]);

    const r2 = await rows.bulkUpdate({ filter: { tags: { $contains: "z" }, n: { $gte: 11 } }, update: { $pull: { tags: "x" }, $inc: { n: -1.5 } } });
    expect(r2).toMatchObject({ matched_count: 2, modified_count: 2 });
    expect((await rows.get(ids[1]!)).row_data).toEqual({ n: 9.5, group: "a", tags: ["y", "z"], status: "called" });
    expect((await rows.get(ids[2]!)).row_data).toEqual({ n: 10.5, group: "a", tags: ["y", "z"], status: "called" });
    expect((await rows.get(ids[0]!)).row_data.tags).toEqual(["x", "y", "z"]);

    // a $set that changes nothing matches but does not modify
    const r3 = await rows.bulkUpdate({ filter: { group: "b" }, update: { $set: { group: "b" } } });
    expect(r3).toMatchObject({ matched_count: 2, modified_count: 0 });
    // dotted $set creates nested objects
    await rows.bulkUpdate({ filter: { n: 3 }, update: { $set: { "meta.owner": "dev" } } });
    expect((await rows.get(ids[3]!)).row_data).toEqual({ n: 3, group: "b", tags: ["x", "y"], tmp: 1, meta: { owner: "dev" } });

    const d = await rows.bulkDelete({ filter: { group: "a" } });
    expect(d.deleted_count).toBe(3);
    const left = await rows.list();
    expect(left.data.map((r) => r.row_id)).toEqual(ids.slice(3));
    expect(left.total).toBe(2);
    expect((await rows.bulkDelete({ filter: { group: "zzz" } })).deleted_count).toBe(0);
    await scope.tables.delete(t);
  });

  it("an empty filter is refused client-side (ValidationError) and nothing is sent", async () => {
    const rows = scope.rows<Item>(uniqueName("bulk_empty"));
    await expect(rows.bulkUpdate({ filter: {}, update: { $set: { a: 1 } } })).rejects.toBeInstanceOf(ValidationError);
    await expect(rows.bulkDelete({ filter: {} })).rejects.toBeInstanceOf(ValidationError);
  });

  it("more than 100 matching rows need confirm_large_operation: BadRequestError and no change without it", async () => {
    const t = uniqueName("bulk_big");
    await scope.tables.create({ name: t });
    const rows = scope.rows<Item>(t);
    await insertAll(rows, Array.from({ length: 101 }, (_, i): Item => ({ n: i, group: "big", tags: [] })));
    expect((await rows.list({ limit: 1 })).total).toBe(101);

    const e1 = await rows.bulkUpdate({ filter: { group: "big" }, update: { $set: { status: "done" } } }).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(BadRequestError);
    expect((e1 as BadRequestError).status).toBe(400);
    expect((e1 as BadRequestError).code).toBe("CONFIRMATION_REQUIRED");
    expect((e1 as BadRequestError).message).toContain("101");
    expect((await rows.query({ filter: { status: "done" }, limit: 1 })).total).toBe(0);

    const e2 = await rows.bulkUpdate({ filter: { group: "big" }, update: { $inc: { n: 1 } }, confirm_large_operation: false }).catch((e: unknown) => e);
    expect(e2).toBeInstanceOf(BadRequestError);
    expect((await rows.query({ filter: { n: 0 }, limit: 1 })).total).toBe(1);

    // 100 rows is not "large": no confirmation needed
    const small = await rows.bulkUpdate({ filter: { n: { $lt: 100 } }, update: { $set: { status: "small" } } });
    expect(small).toMatchObject({ matched_count: 100, modified_count: 100, warnings: [] });

    const ok = await rows.bulkUpdate({ filter: { group: "big" }, update: { $set: { status: "done" } }, confirm_large_operation: true });
    expect(ok).toMatchObject({ matched_count: 101, modified_count: 101 });
    expect((ok.warnings as string[]).length).toBe(1);
    expect((await rows.query({ filter: { status: "done" }, limit: 1 })).total).toBe(101);

    const e3 = await rows.bulkDelete({ filter: { group: "big" } }).catch((e: unknown) => e);
    expect(e3).toBeInstanceOf(BadRequestError);
    expect((e3 as BadRequestError).code).toBe("CONFIRMATION_REQUIRED");
    expect((await rows.list({ limit: 1 })).total).toBe(101);

    expect((await rows.bulkDelete({ filter: { n: { $lt: 10 } } })).deleted_count).toBe(10);
    expect((await rows.bulkDelete({ filter: { group: "big" }, confirm_large_operation: true })).deleted_count).toBe(91);
    const empty = await rows.list();
    expect(empty.total).toBe(0);
    expect(empty.data).toEqual([]);
    await scope.tables.delete(t);
  });
});

describe("SDK deletes after a lost response", () => {
  // README "Retries": DELETE is idempotent, so after a connection error the SDK sends it
  // again. When the first attempt was committed, the retry finds nothing to delete and the
  // server answers 404; the delete the user asked for happened, so the call resolves.
  it("rows.delete: the response is lost, the SDK retries, and the call resolves with the row gone", async () => {
    const t = uniqueName("lost_del");
    await scope.tables.create({ name: t });
    try {
      const lossy = lossyFetch();
      const rows = sdkScope({ fetch: lossy.fetch, retryBaseDelay: 1 }).rows(t);
      const row = await rows.insert({ a: 1 });
      lossy.attempts = 0;
      lossy.lose = 1;
      const outcome = await rows.delete(row.row_id).then(
        (v) => ({ ok: true as const, v }),
        (e: unknown) => ({ ok: false as const, e }),
      );
      expect(lossy.attempts).toBe(2); // sent, lost, re-sent
      expect((await scope.rows(t).list()).total).toBe(0); // the delete happened
      const thrown = outcome.ok ? undefined : `${(outcome.e as Error).name}: ${(outcome.e as Error).message}`;
    expect(thrown, `the delete was committed, yet the call threw ${thrown}`).toBeUndefined();
    } finally {
      await scope.tables.delete(t).catch(() => undefined);
    }
  });

  it("tables.delete: the response is lost, the SDK retries, and the call resolves with the table gone", async () => {
    const t = uniqueName("lost_tbl");
    await scope.tables.create({ name: t });
    const lossy = lossyFetch();
    const tables = sdkScope({ fetch: lossy.fetch, retryBaseDelay: 1 }).tables;
    lossy.lose = 1;
    const outcome = await tables.delete(t).then(
      (v) => ({ ok: true as const, v }),
      (e: unknown) => ({ ok: false as const, e }),
    );
    expect(lossy.attempts).toBe(2);
    expect((await scope.tables.list({ limit: 1000 }).toArray()).map((x) => x.name)).not.toContain(t);
    const thrown = outcome.ok ? undefined : `${(outcome.e as Error).name}: ${(outcome.e as Error).message}`;
    expect(thrown, `the delete was committed, yet the call threw ${thrown}`).toBeUndefined();
  });
});
