/** seed() and health(): missing tables created once, existing ones left alone, the schema version recorded. */
import { describe, expect, it } from "vitest";
import { inject } from "vitest";
import { createClient } from "../../src/index.js";
import { OPTIONAL_TABLES, SCHEMA_VERSION, tables } from "../../src/schema/index.js";
import { repoScope } from "./repo-helpers.js";

const ALL = Object.keys(tables).sort();

describe("scope.seed()", () => {
  it("creates every missing table once, records the schema version, and a second run creates nothing", async () => {
    const t = await repoScope({ seed: false });
    try {
      const before = await t.scope.health();
      expect(before.ok).toBe(true);
      expect(before.schemaVersion).toBeUndefined();
      expect(before.missingTables.sort()).toEqual(ALL.filter((n) => !OPTIONAL_TABLES.includes(n as never)));

      // a table that exists already (with another schema) is left alone
      await t.scope.tables.create({ name: "contacts" });
      const first = await t.scope.seed();
      expect(first.failed).toEqual([]);
      expect(first.present).toEqual(["contacts"]);
      expect([...first.created].sort()).toEqual(ALL.filter((n) => n !== "contacts"));
      expect(first.created).toContain("messages_inbound_outbound");
      expect(first.schemaVersion).toBe(SCHEMA_VERSION);

      const second = await t.scope.seed();
      expect(second.created).toEqual([]);
      expect([...second.present].sort()).toEqual(ALL);
      expect(second.failed).toEqual([]);

      const versions = await t.scope.rows("schema_versions").list();
      expect(versions.data).toHaveLength(1);
      expect(versions.data[0]!.row_data).toMatchObject({ version: SCHEMA_VERSION, project_id: t.scope.projectId });

      const after = await t.scope.health();
      expect(after.missingTables).toEqual([]);
      expect(after.schemaVersion).toBe(SCHEMA_VERSION);
    } finally {
      await t.cleanup();
    }
  });

  it("collects a table that fails with its error and still creates the others", async () => {
    const t = await repoScope({ seed: false });
    try {
      const failing = (async (input: string | URL | Request, init?: RequestInit) => {
        const req = new Request(input, init);
        if (req.method === "POST" && new URL(req.url).pathname.endsWith("/database/tables") && (await req.clone().text()).includes('"name":"pledges"')) {
          return new Response(JSON.stringify({ detail: "boom" }), { status: 500, headers: { "content-type": "application/json" } });
        }
        return fetch(req);
      }) as typeof fetch;
      const scope = createClient({ apiKey: inject("zerodbApiKey"), baseUrl: inject("zerodbUrl"), fetch: failing, maxRetries: 0 }).project(t.scope.projectId);
      const r = await scope.seed();
      expect(r.failed.map((f) => f.table)).toEqual(["pledges"]);
      expect(r.failed[0]!.error.message).toMatch(/500.*boom/);
      expect(r.created).toHaveLength(ALL.length - 1);
      expect((await t.scope.health()).missingTables).toEqual(["pledges"]);
      expect((await t.scope.seed()).created).toEqual(["pledges"]);
    } finally {
      await t.cleanup();
    }
  });
});
