import nock from "nock";
import { describe, expect, it } from "vitest";
import { BASE, KEY, makeScope, PID, useNock } from "./helpers.js";

useNock();
const P = `/v1/public/${PID}`;

describe("scope.health()", () => {
  it("is ok when the project exists, the database is enabled and tables list", async () => {
    nock(BASE)
      .matchHeader("x-api-key", KEY)
      .get(`/v1/public/projects/${PID}`).reply(200, { id: PID, name: "Calltime", status: "ACTIVE" })
      .get(`${P}/database`).reply(200, { database_enabled: true, tables_count: 1 })
      .get(`${P}/database/tables`).query({ skip: "0", limit: "1000" })
      .reply(200, { data: [{ table_id: "t1", name: "contacts" }], total: 1, skip: 0, limit: 1000, has_more: false });
    const report = await makeScope().health();
    expect(report).toMatchObject({
      ok: true,
      projectId: PID,
      project: { ok: true, name: "Calltime", status: "ACTIVE" },
      database: { ok: true, enabled: true },
      tables: { ok: true, names: ["contacts"] },
      problems: [],
    });
  });

  it("reports each failed check instead of throwing", async () => {
    nock(BASE)
      .get(`/v1/public/projects/${PID}`).reply(404, { detail: "Project not found" })
      .get(`${P}/database`).reply(200, { enabled: false })
      .get(`${P}/database/tables`).query(true).reply(403, { detail: "no access" });
    const report = await makeScope({ maxRetries: 0 }).health();
    expect(report.ok).toBe(false);
    expect(report.project.ok).toBe(false);
    expect(report.database).toEqual({ ok: false, enabled: false });
    expect(report.problems).toEqual([
      expect.stringMatching(/^project: 404 .*Project not found/),
      "database: not enabled (call scope.database.enable())",
      expect.stringMatching(/^tables: 403 .*no access/),
    ]);
  });
});
