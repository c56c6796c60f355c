import nock from "nock";
import { describe, expect, it } from "vitest";
import { APIError, ResponseValidationError, ValidationError } from "../../src/index.js";
import { BASE, capture, KEY, makeScope, PID, STYLES, useNock } from "./helpers.js";

useNock();

type Seen = Array<{ body: unknown; headers: Headers; url: string }>;
const wireResult = {
  query_id: "q-1",
  project_id: PID,
  query_type: "SELECT",
  success: true,
  execution_time_ms: 3.5,
  rows_affected: 0,
  rows_returned: 2,
  columns: ["id", "total"],
  data: [
    { id: "a", total: 100 },
    { id: "b", total: 250 },
  ],
  credits_consumed: 1,
};

describe.each(STYLES)("sql ($name)", ({ options, prefix }) => {
  it("POSTs {sql, params, timeout_seconds, read_only, max_rows} to {P}/database/query", async () => {
    const seen: Seen = [];
    nock(BASE).post(`${prefix}/database/query`).matchHeader("x-api-key", KEY).reply(capture(seen, 200, wireResult));
    const r = await makeScope(options).sql.query<{ id: string; total: number }>({
      sql: "SELECT id, total FROM pledges WHERE total > $1",
      params: [50],
      timeout_seconds: 10,
      max_rows: 500,
    });
    expect(seen[0]?.body).toEqual({
      sql: "SELECT id, total FROM pledges WHERE total > $1",
      params: [50],
      timeout_seconds: 10,
      read_only: true,
      max_rows: 500,
    });
    expect(r.data[1]?.total).toBe(250);
    expect(r).toMatchObject({ query_id: "q-1", success: true, rows_returned: 2, rows_affected: 0, execution_time_ms: 3.5, columns: ["id", "total"] });
  });
});

describe("sql: defaults, lenient parsing, retries, validation", () => {
  const path = `/v1/public/${PID}/database/query`;

  it("always sends read_only (true by default, false when asked)", async () => {
    const seen: Seen = [];
    nock(BASE).post(path).reply(capture(seen, 200, wireResult)).post(path).reply(capture(seen, 200, { success: true, rows_affected: 1 }));
    await makeScope().sql.query({ sql: "SELECT 1" });
    const w = await makeScope().sql.query({ sql: "UPDATE pledges SET total = 0", read_only: false });
    expect(seen.map((s) => s.body)).toEqual([
      { sql: "SELECT 1", read_only: true },
      { sql: "UPDATE pledges SET total = 0", read_only: false },
    ]);
    expect(w).toMatchObject({ rows_affected: 1, rows_returned: 0, data: [], columns: [] });
  });

  it("zips rows sent as value arrays with the columns (names or {name, type})", async () => {
    nock(BASE)
      .post(path)
      .reply(200, { success: true, columns: [{ name: "id", type: "text" }, "total"], data: [["a", 100], ["b", 250]] });
    const r = await makeScope().sql.query({ sql: "SELECT id, total FROM pledges" });
    expect(r.columns).toEqual(["id", "total"]);
    expect(r.data).toEqual([
      { id: "a", total: 100 },
      { id: "b", total: 250 },
    ]);
    expect(r.rows_returned).toBe(2);
  });

  it("refuses array rows whose length does not match the columns", async () => {
    nock(BASE).post(path).reply(200, { columns: ["id"], data: [["a", 1]] });
    await expect(makeScope().sql.query({ sql: "SELECT 1" })).rejects.toBeInstanceOf(ResponseValidationError);
  });

  it("retries a read-only query on 503 but tries a write once", async () => {
    nock(BASE).post(path).reply(503, {}).post(path).reply(200, wireResult);
    expect((await makeScope({ retryBaseDelay: 1 }).sql.query({ sql: "SELECT 1" })).query_id).toBe("q-1");
    nock(BASE).post(path).once().reply(503, {});
    await expect(makeScope({ retryBaseDelay: 1 }).sql.query({ sql: "DELETE FROM t", read_only: false })).rejects.toMatchObject({ name: "ServerError", status: 503 }); // nock answers an unmatched retry with 501
  });

  it("surfaces the 408 statement timeout as an APIError without re-running the query", async () => {
    let calls = 0;
    nock(BASE)
      .post(path)
      .reply(() => {
        calls++;
        return [408, { detail: "Query timed out" }];
      })
      .persist();
    const err = await makeScope({ retryBaseDelay: 1 }).sql.query({ sql: "SELECT pg_sleep(400)" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIError);
    expect((err as APIError).status).toBe(408);
    expect(calls).toBe(1);
  });

  it("sends Authorization: Bearer and no x-api-key with authScheme bearer", async () => {
    const seen: Seen = [];
    nock(BASE).post(path).reply(capture(seen, 200, wireResult));
    await makeScope({ authScheme: "bearer" }).sql.query({ sql: "SELECT 1" });
    expect(seen[0]?.headers.get("authorization")).toBe(`Bearer ${KEY}`);
    expect(seen[0]?.headers.get("x-api-key")).toBeNull();
  });

  it("refuses empty SQL and a timeout outside 1-300 before sending", async () => {
    const sql = makeScope().sql;
    await expect(sql.query({ sql: "  " })).rejects.toThrow(/params\.sql: must not be empty/);
    const err = await sql.query({ sql: "SELECT 1", timeout_seconds: 301 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues[0]?.path).toBe("params.timeout_seconds");
  });
});
