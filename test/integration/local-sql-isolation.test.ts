import { describe, expect, inject, it } from "vitest";
import { api, P, createTable, tableName } from "./local-helpers.js";

const sql = (body: Record<string, unknown>, projectId?: string, key?: string) =>
  api("POST", `${P(projectId)}/database/query`, body, key === undefined ? {} : { key });
const other = () => ({ pid: inject("zerodbOtherProjectId"), key: inject("zerodbOtherApiKey") });

describe("local server: SQL reaches nothing outside the project's tables", () => {
  it("keeps large objects out of reach: nothing stored by one project is readable or removable by another", async () => {
    const o = other();
    const made = await sql({ sql: "SELECT lo_from_bytea(0, convert_to('A private note','UTF8')) AS oid", read_only: false });
    expect(made.status).toBe(400);
    for (const s of [
      "SELECT lo_get(oid) FROM pg_largeobject_metadata",
      "SELECT count(*) FROM pg_largeobject_metadata",
      "SELECT lo_unlink(16384)",
      "SELECT lo_create(0)",
      "SELECT lo_open(16384, 262144)",
      "SELECT loread(0, 10)",
      "SELECT * FROM pg_largeobject",
    ]) {
      for (const read_only of [true, false]) {
        const r = await sql({ sql: s, read_only }, o.pid, o.key);
        expect(r.status, `${s} -> ${JSON.stringify(r.body)}`).toBe(400);
        expect(JSON.stringify(r.body)).not.toContain("private note");
      }
    }
  });

  it("keeps session state that outlives a request (advisory locks, settings) out of reach", async () => {
    expect((await sql({ sql: "SELECT pg_advisory_lock(42)" })).status).toBe(400);
    expect((await sql({ sql: "SELECT pg_try_advisory_lock(42)" })).status).toBe(400);
    for (const [name, value] of [["search_path", "zdb"], ["role", "postgres"], ["application_name", "leak"]]) {
      const r = await sql({ sql: `UPDATE pg_settings SET setting = '${value}' WHERE name = '${name}'`, read_only: false });
      expect(r.status, `${name}: ${JSON.stringify(r.body)}`).toBe(400);
    }
    const after = await sql({ sql: "SELECT current_setting('application_name') AS a, current_user AS u" }, other().pid, other().key);
    expect(after.body.data).toEqual([{ a: expect.not.stringContaining("leak"), u: "zdb_sql" }]);
  });

  it("does not show another project's index definitions, field names or table ids", async () => {
    const o = other();
    const name = tableName("idxsecret");
    const created = await api(
      "POST",
      `${P(o.pid)}/database/tables`,
      { name, schema: { fields: { donor_ssn_field: { type: "string", unique: true } } } },
      { key: o.key },
    );
    expect(created.status).toBe(201);
    const tableId = (created.body.table_id as string).replace(/-/g, "");
    const probes = [
      "SELECT indexname, indexdef FROM pg_indexes",
      "SELECT pg_get_indexdef(indexrelid) FROM pg_index",
      "SELECT indexprs::text FROM pg_index",
      "SELECT c.oid, pg_get_indexdef(c.oid) AS d FROM pg_class c WHERE c.relkind = 'i'",
      "SELECT relname FROM pg_class WHERE relkind = 'i'",
    ];
    for (const s of probes) {
      const r = await sql({ sql: s, max_rows: 100_000 });
      const text = JSON.stringify(r.body);
      expect(text, s).not.toContain("donor_ssn_field");
      expect(text, s).not.toContain(tableId);
    }
  });
});

describe("local server: SQL and odd row keys", () => {
  it("a row with empty, long, quoted, dotted or unicode keys never breaks the project's SQL", async () => {
    const t = await createTable();
    const odd = { "": 1, ["x".repeat(70)]: 2, 'say "hi"': 3, "a.b": 4, "név": 5, "  ": 6, row_id: "mine", plain: 7 };
    const ins = await api("POST", `${P()}/database/tables/${t}/rows`, { row_data: odd });
    expect(ins.status).toBe(201);
    const one = await sql({ sql: "SELECT 1 AS one" });
    expect(one.status, JSON.stringify(one.body)).toBe(200);
    const r = await sql({ sql: `SELECT "say ""hi""", "a.b", "név", "  ", plain, row_id FROM ${t}` });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.data[0]).toMatchObject({ 'say "hi"': 3, "a.b": 4, "név": 5, "  ": 6, plain: 7 });
    // row_id is the server's id; the stored field of that name stays in the row
    expect(r.body.data[0].row_id).toBe(ins.body.row_id);
    const cols = await sql({ sql: `SELECT * FROM ${t}` });
    expect(cols.body.columns).not.toContain("");
    expect(cols.body.columns.some((c: string) => c.startsWith("xxx"))).toBe(false);
  });
});

describe("local server: SQL cost is bounded", () => {
  it("applies max_rows inside the statement: a 50-million-row query with max_rows 1 answers at once", async () => {
    const t0 = performance.now();
    const r = await sql({ sql: "SELECT generate_series(1, 50000000) AS g;", max_rows: 1 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ rows_returned: 1, truncated: true, data: [{ g: 1 }], columns: ["g"] });
    expect(performance.now() - t0).toBeLessThan(5000);
    const exact = await sql({ sql: "VALUES (1), (2)", max_rows: 2 });
    expect(exact.body).toMatchObject({ rows_returned: 2, truncated: false });
  });

  it("keeps column types current as rows are written, changed and deleted", async () => {
    const t = await createTable();
    const a = await api("POST", `${P()}/database/tables/${t}/rows`, { row_data: { v: 1 } });
    const typeOfV = async () => (await sql({ sql: `SELECT pg_typeof(v)::text AS ty FROM ${t} LIMIT 1` })).body.data[0].ty;
    expect(await typeOfV()).toBe("numeric");
    const b = await api("POST", `${P()}/database/tables/${t}/rows`, { row_data: { v: "one" } });
    expect(await typeOfV()).toBe("text");
    await api("PUT", `${P()}/database/tables/${t}/rows/${b.body.row_id}`, { row_data: { v: 2 } });
    expect(await typeOfV()).toBe("numeric");
    await api("PUT", `${P()}/database/tables/${t}/rows/bulk`, { filter: { v: 2 }, update: { $set: { v: { deep: true } } } });
    expect(await typeOfV()).toBe("jsonb");
    await api("DELETE", `${P()}/database/tables/${t}/rows/${b.body.row_id}`);
    expect(await typeOfV()).toBe("numeric");
    await api("DELETE", `${P()}/database/tables/${t}/rows/${a.body.row_id}`);
    expect((await sql({ sql: `SELECT * FROM ${t}` })).body.columns).toEqual(["row_id", "created_at", "updated_at"]);
  });
});
