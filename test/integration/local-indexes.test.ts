import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalZeroDB, type LocalZeroDB } from "../../src/local/index.js";
import { compileFilter } from "../../src/local/query-compile.js";

let zdb: LocalZeroDB;
beforeAll(async () => {
  zdb = await startLocalZeroDB({ port: 0 });
});
afterAll(async () => {
  await zdb?.stop();
});

describe("local server: declared indexes are real and used", () => {
  it("creates expression indexes from the schema that the query compiler's SQL uses, and drops them with the table", async () => {
    const h = { "X-API-Key": zdb.apiKey, "Content-Type": "application/json" };
    const base = `${zdb.url}/v1/public/${zdb.projectId}/database/tables`;
    const c = await fetch(base, {
      method: "POST",
      headers: h,
      body: JSON.stringify({ name: "contacts", schema: { fields: { email: { type: "string", unique: true } }, indexes: [{ fields: ["profile.city"] }] } }),
    });
    const table = (await c.json()) as { table_id: string };
    for (let i = 0; i < 300; i++) {
      const r = await fetch(`${base}/contacts/rows`, { method: "POST", headers: h, body: JSON.stringify({ row_data: { email: `u${i}@x.in`, profile: { city: `c${i % 30}` } } }) });
      expect(r.status).toBe(201);
    }
    await zdb.db.exec("ANALYZE zdb.rows");
    const idx = await zdb.db.query<{ indexname: string; indexdef: string }>(
      "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'zdb' AND indexname LIKE 'zidx_%'",
    );
    expect(idx.rows).toHaveLength(2);
    expect(idx.rows.some((r) => r.indexdef.startsWith("CREATE UNIQUE INDEX"))).toBe(true);

    for (const filter of [{ email: "u7@x.in" }, { "profile.city": "c3" }]) {
      const w = compileFilter(filter, 2);
      const plan = await zdb.db.query<{ "QUERY PLAN": string }>(
        `EXPLAIN SELECT row_id FROM zdb.rows WHERE table_id = $1 AND ${w.sql}`,
        [table.table_id, ...w.params],
      );
      expect(plan.rows.map((r) => r["QUERY PLAN"]).join("\n"), JSON.stringify(filter)).toMatch(/zidx_/);
    }

    await fetch(`${base}/contacts`, { method: "DELETE", headers: h });
    const after = await zdb.db.query("SELECT 1 FROM pg_indexes WHERE schemaname = 'zdb' AND indexname LIKE 'zidx_%'");
    expect(after.rows).toHaveLength(0);
  });
});
