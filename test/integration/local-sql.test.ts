import { beforeAll, describe, expect, inject, it } from "vitest";
import { api, P, createTable, tableName } from "./local-helpers.js";

const sql = (body: Record<string, unknown>, projectId?: string, key?: string) =>
  api("POST", `${P(projectId)}/database/query`, body, key === undefined ? {} : { key });

let t: string;
beforeAll(async () => {
  t = await createTable(undefined, "pledges");
  const rows = [
    { donor: "Asha", amount: 1500.5, paid: true, meta: { via: "upi" }, at: "2026-01-02T10:00:00Z" },
    { donor: "Bilal", amount: 300, paid: false, meta: { via: "cash" }, at: "2026-01-03T10:00:00Z" },
    { donor: "Chen", amount: 900, paid: true, at: "2026-01-04T10:00:00Z" },
  ];
  for (const r of rows) await api("POST", `${P()}/database/tables/${t}/rows`, { row_data: r });
});

describe("local server: SQL endpoint", () => {
  it("exposes each table as a relation with typed row_data columns", async () => {
    const r = await sql({ sql: `SELECT donor, amount, paid, meta, row_id, created_at FROM ${t} WHERE amount > $1 ORDER BY amount DESC`, params: [500] });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ success: true, query_type: "SELECT", rows_returned: 2, project_id: inject("zerodbProjectId"), credits_consumed: 0 });
    expect(r.body.columns).toEqual(["donor", "amount", "paid", "meta", "row_id", "created_at"]);
    expect(r.body.data[0]).toMatchObject({ donor: "Asha", amount: 1500.5, paid: true, meta: { via: "upi" } });
    expect(r.body.data[0].row_id).toMatch(/^[0-9a-f-]{36}$/);
    const agg = await sql({ sql: `SELECT count(*) AS n, sum(amount) AS total FROM ${t} WHERE paid` });
    expect(agg.body.data[0]).toEqual({ n: 2, total: 2400.5 });
    const ts = await sql({ sql: `SELECT donor FROM ${t} WHERE at >= '2026-01-03' ORDER BY at` });
    expect(ts.body.data.map((x: { donor: string }) => x.donor)).toEqual(["Bilal", "Chen"]);
  });

  it("honours max_rows and validates the body", async () => {
    const r = await sql({ sql: `SELECT * FROM ${t}`, max_rows: 1 });
    expect(r.body.rows_returned).toBe(1);
    expect(r.body.truncated).toBe(true);
    expect((await sql({})).status).toBe(422);
    expect((await sql({ sql: "SELECT 1", timeout_seconds: 301 })).status).toBe(422);
    expect((await sql({ sql: "SELEC 1" })).status).toBe(400);
    expect((await sql({ sql: "SELECT * FROM no_such_table" })).status).toBe(400);
  });

  it("is read-only unless read_only is false", async () => {
    const w = await sql({ sql: `INSERT INTO ${t} (donor, amount) VALUES ('Dev', 10)` });
    expect(w.status).toBe(400);
    const cte = await sql({ sql: `WITH x AS (DELETE FROM ${t} RETURNING 1) SELECT count(*) FROM x` });
    expect(cte.status).toBe(400);
    expect((await sql({ sql: `SELECT count(*) AS n FROM ${t}` })).body.data[0].n).toBe(3);
  });

  it("writes through the views with read_only=false", async () => {
    const w = await sql({ sql: `INSERT INTO ${t} (donor, amount, paid) VALUES ($1, $2, $3)`, params: ["Dev", 42, false], read_only: false });
    expect(w.status).toBe(200);
    expect(w.body).toMatchObject({ query_type: "INSERT", rows_affected: 1 });
    const rows = await api("POST", `${P()}/database/tables/${t}/query`, { filter: { donor: "Dev" } });
    expect(rows.body.data[0].row_data).toEqual({ donor: "Dev", amount: 42, paid: false });
    const u = await sql({ sql: `UPDATE ${t} SET amount = amount + 1 WHERE donor = 'Dev'`, read_only: false });
    expect(u.body.rows_affected).toBe(1);
    const d = await sql({ sql: `DELETE FROM ${t} WHERE donor = 'Dev'`, read_only: false });
    expect(d.body.rows_affected).toBe(1);
    expect((await api("POST", `${P()}/database/tables/${t}/query`, { filter: { donor: "Dev" } })).body.total).toBe(0);
  });

  it("never shows another project's tables or the internal storage", async () => {
    const otherPid = inject("zerodbOtherProjectId");
    const otherKey = inject("zerodbOtherApiKey");
    const secretTable = tableName("secret");
    await api("POST", `${P(otherPid)}/database/tables`, { name: secretTable }, { key: otherKey });
    await api("POST", `${P(otherPid)}/database/tables/${secretTable}/rows`, { row_data: { card: "4111-secret" } }, { key: otherKey });
    // the other project sees its own data
    const own = await sql({ sql: `SELECT card FROM ${secretTable}` }, otherPid, otherKey);
    expect(own.body.data).toEqual([{ card: "4111-secret" }]);
    // ...and only its own tables
    expect((await sql({ sql: `SELECT * FROM ${t}` }, otherPid, otherKey)).status).toBe(400);

    const attempts = [
      `SELECT * FROM ${secretTable}`,
      "SELECT * FROM zdb.rows",
      'SELECT * FROM "zdb"."rows"',
      "SELECT row_data FROM zdb.rows WHERE row_data::text LIKE '%secret%'",
      "SELECT key_hash FROM zdb.api_keys",
      "SELECT * FROM zdb.projects",
      "SELECT set_config('role', 'postgres', true)",
      "SELECT pg_catalog.set_config('search_path', 'zdb', true)",
      "SELECT query_to_xml('select * from zdb.rows', true, false, '')",
      "SELECT pg_read_file('PG_VERSION')",
      "SELECT lo_import('/etc/passwd')",
      "SELECT nextval('zdb.rows_seq_seq')",
      "SELECT * FROM pg_catalog.pg_authid",
      "SET ROLE postgres",
      "RESET ROLE",
      "SET SESSION AUTHORIZATION postgres",
      "/* hi */ RESET ROLE",
      "SELECT 1; RESET ROLE",
      "SELECT 1; SELECT * FROM zdb.rows",
      "DO $$ BEGIN PERFORM 1; END $$",
      "COPY (SELECT 1) TO STDOUT",
      "CREATE TEMP TABLE x AS SELECT * FROM zdb.rows",
      "PREPARE p AS SELECT 1",
      "COMMIT",
    ];
    for (const s of attempts) {
      for (const read_only of [true, false]) {
        const r = await sql({ sql: s, read_only });
        expect([400, 403], `${s} (read_only=${read_only}) -> ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`).toContain(r.status);
        expect(JSON.stringify(r.body)).not.toContain("4111-secret");
      }
    }
    // leaky-cast trick: an error message must not reveal other rows
    const leak = await sql({ sql: `SELECT * FROM ${t} WHERE donor::int = 1` });
    expect(JSON.stringify(leak.body)).not.toContain("4111-secret");
    // catalog metadata is readable, data is not
    const cat = await sql({ sql: "SELECT count(*) AS n FROM pg_class" });
    expect(cat.status).toBe(200);
    // the session is back to normal afterwards
    expect((await sql({ sql: `SELECT count(*) AS n FROM ${t}` })).body.data[0].n).toBe(3);
    const who = await sql({ sql: "SELECT current_user AS u" });
    expect(who.body.data[0].u).toBe("zdb_sql");
  });

  it("answers 408 when the statement exceeds timeout_seconds, and rolls it back", async () => {
    const r = await sql({ sql: "SELECT pg_sleep(1.3)", timeout_seconds: 1 });
    expect(r.status).toBe(408);
    const w = await sql({
      sql: `WITH s AS (SELECT pg_sleep(1.3)) INSERT INTO ${t} (donor) SELECT 'Slow' FROM s`,
      timeout_seconds: 1,
      read_only: false,
    });
    expect(w.status).toBe(408);
    expect((await api("POST", `${P()}/database/tables/${t}/query`, { filter: { donor: "Slow" } })).body.total).toBe(0);
  });
});
