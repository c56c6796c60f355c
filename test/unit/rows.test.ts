import nock from "nock";
import { describe, expect, it } from "vitest";
import { UnprocessableEntityError, ValidationError } from "../../src/index.js";
import { BASE, KEY, makeScope, STYLES, useNock } from "./helpers.js";

useNock();

const wireRow = {
  row_id: "r-1",
  table_id: "t-1",
  table_name: "contacts",
  row_data: { id: "c-1", full_name: "Asha Rao" },
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
};

describe.each(STYLES)("rows ($name)", ({ options, prefix }) => {
  const rows = () => makeScope(options).rows("contacts");

  it("insert POSTs {row_data} with the key header and parses the row", async () => {
    nock(BASE)
      .post(`${prefix}/database/tables/contacts/rows`, { row_data: { id: "c-1", full_name: "Asha Rao" } })
      .matchHeader("x-api-key", KEY)
      .reply(201, wireRow);
    const row = await rows().insert({ id: "c-1", full_name: "Asha Rao" });
    expect(row).toEqual(wireRow);
  });

  it("get, update (PUT full row_data) and delete use the row_id path", async () => {
    nock(BASE)
      .get(`${prefix}/database/tables/contacts/rows/r-1`)
      .reply(200, wireRow)
      .put(`${prefix}/database/tables/contacts/rows/r-1`, { row_data: { id: "c-1", full_name: "Asha R." } })
      .reply(200, { ...wireRow, row_data: { id: "c-1", full_name: "Asha R." } })
      .delete(`${prefix}/database/tables/contacts/rows/r-1`)
      .reply(204);
    expect((await rows().get("r-1")).row_data.full_name).toBe("Asha Rao");
    expect((await rows().update("r-1", { id: "c-1", full_name: "Asha R." })).row_data.full_name).toBe("Asha R.");
    expect(await rows().delete("r-1")).toEqual({});
  });

  it("list sends skip/limit and reads the {data, has_more} envelope", async () => {
    nock(BASE)
      .get(`${prefix}/database/tables/contacts/rows`)
      .query({ skip: "0", limit: "2" })
      .reply(200, { total: 3, skip: 0, limit: 2, has_more: true, data: [wireRow, wireRow] });
    const page = await rows().list({ limit: 2 });
    expect(page).toMatchObject({ total: 3, skip: 0, limit: 2, hasMore: true });
    expect(page.data).toHaveLength(2);
  });

  it("query POSTs filter, sort, skip and limit", async () => {
    const filter = { status: { $in: ["open", "snoozed"] }, "address.city": "Pune" };
    nock(BASE)
      .post(`${prefix}/database/tables/contacts/query`, { filter, sort: { created_at: -1 }, skip: 10, limit: 5 })
      .reply(200, { total: 11, skip: 10, limit: 5, has_more: false, data: [wireRow], filter_summary: {}, execution_time_ms: 1 });
    const page = await rows().query({ filter, sort: { created_at: -1 }, skip: 10, limit: 5 });
    expect(page.data[0]?.row_id).toBe("r-1");
  });

  it("bulk update and bulk delete send filter, operators and confirm_large_operation", async () => {
    nock(BASE)
      .put(`${prefix}/database/tables/contacts/rows/bulk`, {
        filter: { status: "open" },
        update: { $set: { status: "closed" } },
        confirm_large_operation: true,
      })
      .reply(200, { matched_count: 120, modified_count: 120, warnings: [] })
      .delete(`${prefix}/database/tables/contacts/rows/bulk`, { filter: { status: "closed" } })
      .reply(200, { deleted_count: 120 });
    const r = await rows().bulkUpdate({ filter: { status: "open" }, update: { $set: { status: "closed" } }, confirm_large_operation: true });
    expect(r.modified_count).toBe(120);
    expect((await rows().bulkDelete({ filter: { status: "closed" } })).deleted_count).toBe(120);
  });
});

describe("rows: lenient parsing and client-side checks", () => {
  it("reads the emulator's {id, data} row shape", async () => {
    nock(BASE).get(`/v1/public/7d1b8a52-3c4e-4f6a-9b0c-1d2e3f4a5b6c/database/tables/t/rows/x`).reply(200, { id: "x", data: { a: 1 } });
    const row = await makeScope().rows("t").get("x");
    expect(row.row_id).toBe("x");
    expect(row.row_data).toEqual({ a: 1 });
  });

  it("refuses a bad table name, an unknown operator and an empty bulk filter before sending", async () => {
    const scope = makeScope();
    expect(() => scope.rows("bad name")).toThrow(ValidationError);
    await expect(scope.rows("t").query({ filter: { a: { $like: "x" } } })).rejects.toThrow(/params\.filter\.a\.\$like/);
    await expect(scope.rows("t").bulkDelete({ filter: {} })).rejects.toThrow(/params\.filter/);
  });

  it("surfaces a FastAPI 422 detail list as readable field issues", async () => {
    nock(BASE)
      .post(`/v1/public/7d1b8a52-3c4e-4f6a-9b0c-1d2e3f4a5b6c/database/tables/t/rows`)
      .reply(422, { detail: [{ loc: ["body", "row_data"], msg: "Field required", type: "missing" }] });
    const err = await makeScope().rows("t").insert({ a: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnprocessableEntityError);
    expect((err as UnprocessableEntityError).issues).toEqual([{ path: "body.row_data", message: "Field required", code: "missing" }]);
    expect(String(err)).toContain("body.row_data: Field required");
    expect(String(err)).not.toContain("[object Object]");
  });
});
