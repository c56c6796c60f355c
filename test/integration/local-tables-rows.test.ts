import { describe, expect, it } from "vitest";
import { api, P, createTable, tableName } from "./local-helpers.js";

describe("local server: tables", () => {
  it("creates with both body shapes, 409 on duplicates, gets by id, deletes by name", async () => {
    const name = tableName();
    const c = await api("POST", `${P()}/database/tables`, { name, description: "contacts", schema: { fields: { email: { type: "string" } } } });
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ name, table_name: name, description: "contacts", row_count: 0 });
    expect(c.body.schema).toEqual({ fields: { email: { type: "string" } } });
    expect((await api("POST", `${P()}/database/tables`, { name })).status).toBe(409);

    const legacy = tableName();
    const l = await api("POST", `${P()}/database/tables`, { table_name: legacy, schema_definition: { a: "string" } });
    expect(l.status).toBe(201);
    expect(l.body.schema).toEqual({ a: "string" });

    const g = await api("GET", `${P()}/database/tables/${c.body.table_id}`);
    expect(g.body.name).toBe(name);
    expect((await api("GET", `${P()}/database/tables/${name}`)).status).toBe(404);

    const list = await api("GET", `${P()}/database/tables?limit=1000`);
    expect(list.body.data.some((t: { name: string }) => t.name === legacy)).toBe(true);
    expect(list.body).toHaveProperty("has_more");

    const d = await api("DELETE", `${P()}/database/tables/${name}`);
    expect(d.body).toMatchObject({ success: true, table_name: name });
    expect((await api("DELETE", `${P()}/database/tables/${name}`)).status).toBe(404);
    expect((await api("GET", `${P()}/database/tables/${name}/rows`)).status).toBe(404);
  });

  it("validates table names", async () => {
    for (const bad of ["has space", "1starts_with_digit", "dash-ed", "x".repeat(64), ""]) {
      const r = await api("POST", `${P()}/database/tables`, { name: bad });
      expect(r.status, bad).toBe(422);
      expect(r.body.detail[0].loc).toEqual(["body", "name"]);
    }
    expect((await api("POST", `${P()}/database/tables`, { description: "no name" })).body.detail[0].type).toBe("missing");
  });

  it("refuses invalid declared indexes with 400", async () => {
    const r = await api("POST", `${P()}/database/tables`, { name: tableName(), schema: { indexes: [{ fields: ["bad-field"] }] } });
    expect(r.status).toBe(400);
  });
});

describe("local server: rows", () => {
  it("inserts one row per call with row_data; 422 for data/rows bodies", async () => {
    const t = await createTable();
    const ok = await api("POST", `${P()}/database/tables/${t}/rows`, { row_data: { name: "Asha", n: 1 } });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ table_name: t, row_data: { name: "Asha", n: 1 } });
    expect(ok.body.row_id).toMatch(/^[0-9a-f-]{36}$/);
    for (const body of [{ data: { a: 1 } }, { rows: [{ a: 1 }] }, {}]) {
      const r = await api("POST", `${P()}/database/tables/${t}/rows`, body);
      expect(r.status).toBe(422);
      expect(r.body.detail[0]).toMatchObject({ loc: ["body", "row_data"], type: "missing" });
    }
    const notObj = await api("POST", `${P()}/database/tables/${t}/rows`, { row_data: [1] });
    expect(notObj.status).toBe(422);
    expect((await api("POST", `${P()}/database/tables/nope_missing/rows`, { row_data: {} })).status).toBe(404);
  });

  it("gets, replaces with PUT, deletes", async () => {
    const t = await createTable();
    const { body: row } = await api("POST", `${P()}/database/tables/${t}/rows`, { row_data: { a: 1, b: 2 } });
    const g = await api("GET", `${P()}/database/tables/${t}/rows/${row.row_id}`);
    expect(g.body.row_data).toEqual({ a: 1, b: 2 });
    const u = await api("PUT", `${P()}/database/tables/${t}/rows/${row.row_id}`, { row_data: { a: 5 } });
    expect(u.body.row_data).toEqual({ a: 5 });
    expect(u.body.row_id).toBe(row.row_id);
    expect((await api("PUT", `${P()}/database/tables/${t}/rows/${row.row_id}`, { data: {} })).status).toBe(422);
    const d = await api("DELETE", `${P()}/database/tables/${t}/rows/${row.row_id}`);
    expect(d.body).toEqual({ success: true, row_id: row.row_id });
    expect((await api("GET", `${P()}/database/tables/${t}/rows/${row.row_id}`)).status).toBe(404);
    expect((await api("DELETE", `${P()}/database/tables/${t}/rows/${row.row_id}`)).status).toBe(404);
    expect((await api("GET", `${P()}/database/tables/${t}/rows/not-a-uuid`)).status).toBe(404);
  });

  it("paginates with skip/limit and has_more; limit above 1000 is 422", async () => {
    const t = await createTable();
    for (let i = 0; i < 5; i++) await api("POST", `${P()}/database/tables/${t}/rows`, { row_data: { i } });
    const p1 = await api("GET", `${P()}/database/tables/${t}/rows?skip=0&limit=2`);
    expect(p1.body).toMatchObject({ total: 5, skip: 0, limit: 2, has_more: true });
    expect(p1.body.data.map((r: { row_data: { i: number } }) => r.row_data.i)).toEqual([0, 1]);
    const p3 = await api("GET", `${P()}/database/tables/${t}/rows?skip=4&limit=2`);
    expect(p3.body.has_more).toBe(false);
    expect(p3.body.data).toHaveLength(1);
    const big = await api("GET", `${P()}/database/tables/${t}/rows?limit=1001`);
    expect(big.status).toBe(422);
    expect(big.body.detail[0]).toMatchObject({ loc: ["query", "limit"], type: "less_than_equal" });
    expect((await api("GET", `${P()}/database/tables/${t}/rows?limit=1000`)).status).toBe(200);
  });

  it("one project's rows are invisible to another", async () => {
    const c = await api("POST", "/v1/public/projects", { name: "Iso" });
    const t = tableName();
    await api("POST", `${P(c.body.id)}/database/tables`, { name: t });
    await api("POST", `${P()}/database/tables`, { name: t });
    await api("POST", `${P(c.body.id)}/database/tables/${t}/rows`, { row_data: { secret: true } });
    const mine = await api("GET", `${P()}/database/tables/${t}/rows`);
    expect(mine.body.total).toBe(0);
  });
});
