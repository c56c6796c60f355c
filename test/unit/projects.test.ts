import nock from "nock";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/index.js";
import { BASE, capture, KEY, makeClient, STYLES, useNock } from "./helpers.js";

useNock();

const PROJ = "0c9e2b1a-5d4f-4a3b-8c2d-1e0f9a8b7c6d";
const wireProject = {
  id: PROJ,
  name: "Call time 2026",
  description: "Spring push",
  tier: "free",
  status: "ACTIVE",
  database_enabled: true,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-02T00:00:00Z",
};
type Seen = Array<{ body: unknown; headers: Headers; url: string }>;

describe.each(STYLES)("projects ($name)", ({ options, root }) => {
  const projects = () => makeClient(options).projects;

  it("create POSTs {name, description, tier, database_enabled} to the root with the key header", async () => {
    const seen: Seen = [];
    nock(BASE).post(root).matchHeader("x-api-key", KEY).reply(capture(seen, 201, wireProject));
    const p = await projects().create({ name: "Call time 2026", description: "Spring push", tier: "free", database_enabled: true });
    expect(seen[0]?.body).toEqual({ name: "Call time 2026", description: "Spring push", tier: "free", database_enabled: true });
    expect(p).toMatchObject({ id: PROJ, name: "Call time 2026", status: "ACTIVE", database_enabled: true, usage: undefined });
  });

  it("list sends skip, limit, status, include_deleted and reads the {items} envelope; iteration follows skip", async () => {
    nock(BASE)
      .get(root)
      .query({ skip: "0", limit: "2", status: "ACTIVE", include_deleted: "true" })
      .reply(200, { items: [wireProject, { ...wireProject, id: "p2" }], total: 3, skip: 0, limit: 2, has_more: true })
      .get(root)
      .query({ skip: "2", limit: "2", status: "ACTIVE", include_deleted: "true" })
      .reply(200, { items: [{ ...wireProject, id: "p3" }], total: 3, skip: 2, limit: 2, has_more: false });
    const list = projects().list({ limit: 2, status: "ACTIVE", include_deleted: true });
    expect(await list).toMatchObject({ total: 3, hasMore: true, skip: 0, limit: 2 });
    expect((await list.toArray()).map((p) => p.id)).toEqual([PROJ, "p2", "p3"]);
  });

  it("get sends include_deleted; update PATCHes only the given fields; delete is soft by default", async () => {
    const seen: Seen = [];
    nock(BASE)
      .get(`${root}/${PROJ}`)
      .query({ include_deleted: "true" })
      .reply(200, { ...wireProject, usage: { tables: 2 } })
      .patch(`${root}/${PROJ}`)
      .reply(capture(seen, 200, { ...wireProject, tier: "pro" }))
      .delete(`${root}/${PROJ}`)
      .query((q) => Object.keys(q).length === 0)
      .reply(200, { id: PROJ, status: "DELETED", deleted_at: "2026-01-03T00:00:00Z" })
      .delete(`${root}/${PROJ}`)
      .query({ hard_delete: "true" })
      .reply(204);
    expect((await projects().get(PROJ, { include_deleted: true })).usage).toEqual({ tables: 2 });
    expect((await projects().update(PROJ, { tier: "pro", status: "ACTIVE" })).tier).toBe("pro");
    expect(seen[0]?.body).toEqual({ tier: "pro", status: "ACTIVE" });
    expect(await projects().delete(PROJ)).toMatchObject({ status: "DELETED" });
    expect(await projects().delete(PROJ, { hard_delete: true })).toEqual({});
  });

  it("restore POSTs {R}/{id}/restore with no body", async () => {
    const seen: Seen = [];
    nock(BASE).post(`${root}/${PROJ}/restore`).reply(capture(seen, 200, wireProject));
    expect((await projects().restore(PROJ)).status).toBe("ACTIVE");
    expect(seen[0]?.body).toBeUndefined();
  });
});

describe("projects: lenient parsing, auth, retries, validation", () => {
  it("reads project_id when the answer has no id", async () => {
    const { id: _id, ...rest } = wireProject;
    nock(BASE).get(`/v1/public/projects/${PROJ}`).reply(200, { ...rest, project_id: PROJ });
    expect((await makeClient().projects.get(PROJ)).id).toBe(PROJ);
  });

  it("sends Authorization: Bearer and no x-api-key with authScheme bearer", async () => {
    const seen: Seen = [];
    nock(BASE).get("/v1/public/projects").query(true).reply(capture(seen, 200, { items: [] }));
    await makeClient({ authScheme: "bearer" }).projects.list();
    expect(seen[0]?.headers.get("authorization")).toBe(`Bearer ${KEY}`);
    expect(seen[0]?.headers.get("x-api-key")).toBeNull();
  });

  it("create is tried once on 503; restore (idempotent) is retried", async () => {
    nock(BASE).post("/v1/public/projects").once().reply(503, { detail: "busy" });
    await expect(makeClient({ retryBaseDelay: 1 }).projects.create({ name: "ab" })).rejects.toMatchObject({ name: "ServerError", status: 503 }); // nock answers an unmatched retry with 501
    nock(BASE).post(`/v1/public/projects/${PROJ}/restore`).reply(503, { detail: "busy" }).post(`/v1/public/projects/${PROJ}/restore`).reply(200, wireProject);
    expect((await makeClient({ retryBaseDelay: 1 }).projects.restore(PROJ)).id).toBe(PROJ);
  });

  it("refuses a short name, an unknown tier and an empty update before sending", async () => {
    const projects = makeClient().projects;
    await expect(projects.create({ name: "a" })).rejects.toThrow(/params\.name: must be 2-100 characters/);
    await expect(projects.create({ name: "ok", tier: "gold" as "pro" })).rejects.toThrow(/params\.tier/);
    await expect(projects.update(PROJ, {})).rejects.toThrow(ValidationError);
    await expect(projects.list({ limit: 5000 })).rejects.toThrow(/params\.limit/);
    // useNock's afterEach would flag any request made; none was mocked, and disableNetConnect blocks real ones.
  });
});
