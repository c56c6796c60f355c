import { describe, expect, it } from "vitest";
import { api, createTable, P } from "./local-helpers.js";

describe("local server: PATCH a row merges a partial row_data", () => {
  it("replaces only the keys sent, keeps the others, and stores a null instead of deleting the key", async () => {
    const t = await createTable();
    const ins = await api("POST", `${P()}/database/tables/${t}/rows`, { row_data: { name: "Asha", status: "open", n: 1, nested: { a: 1 } } });
    expect(ins.status).toBe(201);
    const id = ins.body.row_id as string;

    const res = await api("PATCH", `${P()}/database/tables/${t}/rows/${id}`, { row_data: { status: "done", note: null } });
    expect(res.status).toBe(200);
    expect(res.body.row_data).toEqual({ name: "Asha", status: "done", n: 1, nested: { a: 1 }, note: null });

    const got = await api("GET", `${P()}/database/tables/${t}/rows/${id}`);
    expect(got.body.row_data).toEqual({ name: "Asha", status: "done", n: 1, nested: { a: 1 }, note: null });
    expect(Date.parse(got.body.updated_at)).toBeGreaterThanOrEqual(Date.parse(ins.body.updated_at));
  });

  it("keeps a concurrent writer's field: two patches of different keys both land", async () => {
    const t = await createTable();
    const id = (await api("POST", `${P()}/database/tables/${t}/rows`, { row_data: { a: 0, b: 0 } })).body.row_id as string;
    await Promise.all([
      api("PATCH", `${P()}/database/tables/${t}/rows/${id}`, { row_data: { a: 1 } }),
      api("PATCH", `${P()}/database/tables/${t}/rows/${id}`, { row_data: { b: 2 } }),
    ]);
    expect((await api("GET", `${P()}/database/tables/${t}/rows/${id}`)).body.row_data).toEqual({ a: 1, b: 2 });
  });

  it("answers 404 for a missing row and 422 without row_data", async () => {
    const t = await createTable();
    const missing = await api("PATCH", `${P()}/database/tables/${t}/rows/00000000-0000-4000-8000-000000000000`, { row_data: { a: 1 } });
    expect(missing.status).toBe(404);
    const id = (await api("POST", `${P()}/database/tables/${t}/rows`, { row_data: { a: 0 } })).body.row_id as string;
    const bad = await api("PATCH", `${P()}/database/tables/${t}/rows/${id}`, { data: { a: 1 } });
    expect(bad.status).toBe(422);
    expect(bad.body.detail[0].loc).toEqual(["body", "row_data"]);
  });
});
