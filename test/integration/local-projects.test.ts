import { describe, expect, it } from "vitest";
import { api, P } from "./local-helpers.js";

describe("local server: projects and database status", () => {
  it("creates, lists, gets, updates, soft-deletes and restores a project", async () => {
    const c = await api("POST", "/v1/public/projects", { name: "Call time", description: "d", tier: "pro" });
    expect(c.status).toBe(201);
    const p = c.body;
    expect(p).toMatchObject({ name: "Call time", description: "d", tier: "pro", status: "ACTIVE", database_enabled: true });
    expect(p.id).toMatch(/^[0-9a-f-]{36}$/);
    // the creating key is bound to the new project
    expect((await api("GET", `${P(p.id)}/database`)).status).toBe(200);

    const g = await api("GET", `/v1/projects/${p.id}`);
    expect(g.status).toBe(200);
    expect(g.body.usage.tables_count).toBe(0);

    const u = await api("PATCH", `/v1/projects/${p.id}`, { name: "Renamed", tier: "scale" });
    expect(u.body).toMatchObject({ name: "Renamed", tier: "scale", description: "d" });

    const d = await api("DELETE", `/v1/projects/${p.id}`);
    expect(d.body).toMatchObject({ id: p.id, status: "DELETED" });
    expect(d.body.deleted_at).toBeTruthy();
    expect((await api("GET", `/v1/projects/${p.id}`)).status).toBe(404);
    expect((await api("GET", `${P(p.id)}/database/tables`)).status).toBe(404);
    const listed = await api("GET", "/v1/public/projects?limit=1000");
    expect(listed.body.items.some((x: { id: string }) => x.id === p.id)).toBe(false);
    const withDeleted = await api("GET", "/v1/public/projects?include_deleted=true&limit=1000");
    expect(withDeleted.body.items.find((x: { id: string }) => x.id === p.id)?.status).toBe("DELETED");
    expect((await api("GET", `/v1/projects/${p.id}?include_deleted=true`)).status).toBe(200);

    const r = await api("POST", `/v1/public/projects/${p.id}/restore`);
    expect(r.status).toBe(200);
    expect(r.body.status).toBe("ACTIVE");
    expect((await api("GET", `${P(p.id)}/database/tables`)).status).toBe(200);
  });

  it("validates project fields with 422 loc/msg/type", async () => {
    const r = await api("POST", "/v1/public/projects", { name: "x", tier: "gold" });
    expect(r.status).toBe(422);
    const locs = r.body.detail.map((d: { loc: string[] }) => d.loc.join("."));
    expect(locs).toEqual(expect.arrayContaining(["body.name", "body.tier"]));
    expect(r.body.detail[0]).toHaveProperty("msg");
    expect(r.body.detail[0]).toHaveProperty("type");
    const missing = await api("POST", "/v1/public/projects", {});
    expect(missing.body.detail[0]).toEqual({ loc: ["body", "name"], msg: "Field required", type: "missing" });
    const lim = await api("GET", "/v1/public/projects?limit=1001");
    expect(lim.status).toBe(422);
  });

  it("lists with items/total/skip/limit/has_more", async () => {
    await api("POST", "/v1/public/projects", { name: "P one" });
    await api("POST", "/v1/public/projects", { name: "P two" });
    const r = await api("GET", "/v1/public/projects?skip=0&limit=1");
    expect(r.body.items).toHaveLength(1);
    expect(r.body.total).toBeGreaterThanOrEqual(3);
    expect(r.body).toMatchObject({ skip: 0, limit: 1, has_more: true });
  });

  it("enables and reports the database", async () => {
    const c = await api("POST", "/v1/public/projects", { name: "Db project", database_enabled: false });
    const id = c.body.id;
    expect((await api("GET", `${P(id)}/database`)).body.database_enabled).toBe(false);
    const e = await api("POST", `${P(id)}/database`);
    expect(e.body).toMatchObject({ project_id: id, database_enabled: true, tables_count: 0, vectors_count: 0, memory_records_count: 0, events_count: 0, files_count: 0 });
  });

  it("hard delete removes the project", async () => {
    const c = await api("POST", "/v1/public/projects", { name: "Hard" });
    await api("POST", `${P(c.body.id)}/database/tables`, { name: "things", schema: { indexes: [{ fields: ["k"], unique: true }] } });
    const d = await api("DELETE", `/v1/projects/${c.body.id}?hard_delete=true`);
    expect(d.status).toBe(200);
    expect((await api("GET", `/v1/projects/${c.body.id}?include_deleted=true`)).status).toBe(403);
  });
});
