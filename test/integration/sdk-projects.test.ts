/**
 * SDK end to end against the shared local server: the projects collection, the
 * project database switch, and `scope.health()`.
 */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, inject, it } from "vitest";
import { NotFoundError, type Project, type ZeroDBClient } from "../../src/index.js";
import { lossyFetch, sdkClient, sdkScope, uniqueName } from "./sdk-helpers.js";

const created: { client: ZeroDBClient; id: string }[] = [];

async function newProject(client: ZeroDBClient, name = uniqueName("sdk_proj"), extra: { description?: string; database_enabled?: boolean } = {}): Promise<Project> {
  const p = await client.projects.create({ name, tier: "free", ...extra });
  created.push({ client, id: p.id });
  return p;
}

afterAll(async () => {
  // hard delete everything this file made, so other lists stay small
  for (const { client, id } of created) {
    await client.projects.delete(id, { hard_delete: true }).catch(() => undefined);
  }
});

describe("SDK projects", () => {
  it("create returns the stored project; get reads it back with usage counters", async () => {
    const client = sdkClient();
    const name = uniqueName("sdk_create");
    const p = await newProject(client, name, { description: "pledge drive 2026" });
    expect(p.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(p).toMatchObject({ name, description: "pledge drive 2026", tier: "free", status: "ACTIVE", database_enabled: true });
    expect(p.deleted_at).toBeUndefined();
    expect(typeof p.created_at).toBe("string");

    const got = await client.projects.get(p.id);
    expect(got).toMatchObject({ id: p.id, name, description: "pledge drive 2026", tier: "free", status: "ACTIVE" });
    expect(got.usage).toMatchObject({ tables_count: 0, vectors_count: 0 });
  });

  it("update changes only the given fields (PATCH)", async () => {
    const client = sdkClient();
    const p = await newProject(client, uniqueName("sdk_upd"), { description: "before" });
    const renamed = uniqueName("sdk_upd2");
    const u = await client.projects.update(p.id, { name: renamed, tier: "pro" });
    expect(u).toMatchObject({ id: p.id, name: renamed, tier: "pro", description: "before", status: "ACTIVE" });
    const u2 = await client.projects.update(p.id, { description: "after" });
    expect(u2).toMatchObject({ name: renamed, tier: "pro", description: "after" });
    expect((await client.projects.get(p.id)).description).toBe("after");
  });

  it("list: await gives one page, for await walks every page with exact ids", async () => {
    // The other key is bound to few projects and nobody deletes them concurrently, so
    // offsets are stable while we walk (the shared key's list changes under parallel files).
    const client = sdkClient({ apiKey: inject("zerodbOtherApiKey") });
    const mine: string[] = [];
    for (let i = 0; i < 3; i++) mine.push((await newProject(client, uniqueName(`sdk_list${i}`))).id);

    const first = await client.projects.list({ limit: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.skip).toBe(0);
    expect(first.limit).toBe(2);
    expect(first.total).toBeGreaterThanOrEqual(4); // the other project + 3
    expect(first.hasMore).toBe(true);

    const seen: string[] = [];
    let pages = 0;
    for await (const page of client.projects.list({ limit: 2 }).pages()) {
      pages++;
      seen.push(...page.data.map((p) => p.id));
      if (pages > 50) throw new Error("runaway pagination");
    }
    expect(pages).toBe(Math.ceil(seen.length / 2));
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toContain(inject("zerodbOtherProjectId"));
    for (const id of mine) expect(seen).toContain(id);
    // creation order is kept: ours come last, in order
    expect(seen.slice(-3)).toEqual(mine);

    const items: string[] = [];
    for await (const p of client.projects.list({ limit: 2 })) {
      items.push(p.id);
      if (items.length > 100) throw new Error("runaway iteration");
    }
    expect(items).toEqual(seen);

    // the shared key does not see projects bound only to the other key
    const sharedIds = (await sdkClient().projects.list({ limit: 1000 }).toArray()).map((p) => p.id);
    for (const id of mine) expect(sharedIds).not.toContain(id);
    expect(sharedIds).toContain(inject("zerodbProjectId"));
  });

  it("soft delete hides the project (NotFoundError) unless include_deleted; restore brings it back", async () => {
    const client = sdkClient();
    const p = await newProject(client, uniqueName("sdk_del"));

    const d = await client.projects.delete(p.id);
    expect(d).toMatchObject({ id: p.id, status: "DELETED" });
    expect(typeof d.deleted_at).toBe("string");

    const err = await client.projects.get(p.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).status).toBe(404);
    expect((err as NotFoundError).code).toBe("PROJECT_NOT_FOUND");

    const deleted = await client.projects.get(p.id, { include_deleted: true });
    expect(deleted).toMatchObject({ id: p.id, status: "DELETED" });
    expect(typeof deleted.deleted_at).toBe("string");

    const activeIds = (await client.projects.list({ limit: 1000 }).toArray()).map((x) => x.id);
    expect(activeIds).not.toContain(p.id);
    const all = await client.projects.list({ limit: 1000, include_deleted: true }).toArray();
    expect(all.find((x) => x.id === p.id)?.status).toBe("DELETED");

    // health of a soft-deleted project names every failed check
    const sick = await client.project(p.id).health();
    expect(sick.ok).toBe(false);
    expect(sick.problems).toHaveLength(3);
    for (const line of sick.problems) expect(line).toMatch(/^(project|database|tables): 404 /);

    const r = await client.projects.restore(p.id);
    expect(r).toMatchObject({ id: p.id, name: p.name, status: "ACTIVE" });
    expect(r.deleted_at).toBeUndefined();
    expect((await client.projects.get(p.id)).status).toBe("ACTIVE");
    expect((await client.project(p.id).health()).ok).toBe(true);
  });

  it("a soft delete whose response is lost is retried by the SDK and still resolves", async () => {
    // projects.delete is sent as idempotent; the retry of a committed soft delete gets
    // 404 PROJECT_NOT_FOUND (the project is already deleted), which means it worked.
    const client = sdkClient();
    const p = await newProject(client, uniqueName("sdk_lost"));
    const lossy = lossyFetch();
    const lossyClient = sdkClient({ fetch: lossy.fetch, retryBaseDelay: 1 });
    lossy.lose = 1;
    const outcome = await lossyClient.projects.delete(p.id).then(
      (v) => ({ ok: true as const, v }),
      (e: unknown) => ({ ok: false as const, e }),
    );
    expect(lossy.attempts).toBe(2);
    expect((await client.projects.get(p.id, { include_deleted: true })).status).toBe("DELETED");
    const thrown = outcome.ok ? undefined : `${(outcome.e as Error).name}: ${(outcome.e as Error).message}`;
    expect(thrown, `the delete was committed, yet the call threw ${thrown}`).toBeUndefined();
  });

  it("hard delete removes the project for good (even include_deleted cannot find it)", async () => {
    const client = sdkClient();
    const p = await client.projects.create({ name: uniqueName("sdk_hard") });
    const d = await client.projects.delete(p.id, { hard_delete: true });
    expect(d).toMatchObject({ id: p.id, status: "DELETED", hard_delete: true });
    // the key binding is gone with the project, so the server answers 403 (not bound), not 404
    const err = await client.projects.get(p.id, { include_deleted: true }).catch((e: unknown) => e);
    expect((err as { status?: number }).status).toBe(403);
  });
});

describe("SDK database and health", () => {
  it("status of the shared project reports enabled and counts", async () => {
    const scope = sdkScope();
    const s = await scope.database.status();
    expect(s.project_id).toBe(inject("zerodbProjectId"));
    expect(s.database_enabled).toBe(true);
    for (const k of ["tables_count", "vectors_count", "memory_records_count", "events_count", "files_count"] as const) {
      expect(typeof s[k]).toBe("number");
    }
  });

  it("a project created with the database off: status says so, health reports it, enable fixes both", async () => {
    const client = sdkClient();
    const p = await newProject(client, uniqueName("sdk_db"), { database_enabled: false });
    expect(p.database_enabled).toBe(false);
    const scope = client.project(p.id);

    expect((await scope.database.status()).database_enabled).toBe(false);
    const before = await scope.health();
    expect(before.ok).toBe(false);
    expect(before.database).toEqual({ ok: false, enabled: false });
    expect(before.project).toMatchObject({ ok: true, name: p.name, status: "ACTIVE" });
    expect(before.problems).toHaveLength(1);
    expect(before.problems[0]).toMatch(/^database: not enabled/);

    const enabled = await scope.database.enable();
    expect(enabled.database_enabled).toBe(true);
    expect(enabled.project_id).toBe(p.id);
    expect(enabled.tables_count).toBe(0);
    // enabling twice is harmless
    expect((await scope.database.enable()).database_enabled).toBe(true);
    expect((await scope.database.status()).database_enabled).toBe(true);

    const t = uniqueName("h");
    await scope.tables.create({ name: t });
    const after = await scope.health();
    expect(after).toMatchObject({ ok: true, projectId: p.id, problems: [] });
    expect(after.tables).toEqual({ ok: true, names: [t] });
    expect((await scope.database.status()).tables_count).toBe(1);
  });

  it("health() is ok on the shared project", async () => {
    const report = await sdkScope().health();
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.projectId).toBe(inject("zerodbProjectId"));
    expect(report.project.ok).toBe(true);
    expect(report.project.status).toBe("ACTIVE");
    expect(report.database).toEqual({ ok: true, enabled: true });
    expect(report.tables.ok).toBe(true);
    expect(report.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it("health() of a project id that does not exist is not ok and lists every failed check", async () => {
    const missing = randomUUID();
    const report = await sdkClient().project(missing).health();
    expect(report.ok).toBe(false);
    expect(report.projectId).toBe(missing);
    expect(report.project).toEqual({ ok: false, name: undefined, status: undefined });
    expect(report.database).toEqual({ ok: false, enabled: undefined });
    expect(report.tables).toEqual({ ok: false, names: [] });
    expect(report.problems).toHaveLength(3);
    expect(report.problems[0]).toMatch(/^project: 403 /);
    expect(report.problems[1]).toMatch(/^database: 403 /);
    expect(report.problems[2]).toMatch(/^tables: 403 /);
    // the key never leaks into the report
    expect(JSON.stringify(report)).not.toContain(inject("zerodbApiKey"));
  });
});
