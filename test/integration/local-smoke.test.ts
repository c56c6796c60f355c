import { describe, expect, it } from "vitest";
import { api, P, createTable } from "./local-helpers.js";

describe("local server smoke", () => {
  it("serves health, tables and rows", async () => {
    expect((await api("GET", "/health", undefined, { key: null })).status).toBe(200);
    const t = await createTable();
    const r = await api("POST", `${P()}/database/tables/${t}/rows`, { row_data: { a: 1 } });
    expect(r.status).toBe(201);
    expect(r.headers.get("x-request-id")).toBeTruthy();
    const l = await api("GET", `${P()}/database/tables/${t}/rows`);
    expect(l.body.total).toBe(1);
  });
});
