import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startLocalZeroDB } from "../../src/local/index.js";

const dir = mkdtempSync(join(tmpdir(), "zdb-local-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("local server: dataDir persistence", () => {
  it("persists to dataDir and reopens it with the same project and data, under a new generated key", async () => {
    const a = await startLocalZeroDB({ dataDir: join(dir, "db") });
    const h = { "X-API-Key": a.apiKey, "Content-Type": "application/json" };
    const base = `${a.url}/v1/public/${a.projectId}/database`;
    expect((await fetch(`${base}/tables`, { method: "POST", headers: h, body: JSON.stringify({ name: "kept" }) })).status).toBe(201);
    expect((await fetch(`${base}/tables/kept/rows`, { method: "POST", headers: h, body: JSON.stringify({ row_data: { v: 1 } }) })).status).toBe(201);
    const firstKey = a.apiKey;
    const firstProject = a.projectId;
    await a.stop();
    await a.stop(); // idempotent

    const b = await startLocalZeroDB({ dataDir: join(dir, "db") });
    try {
      expect(b.projectId).toBe(firstProject);
      expect(b.apiKey).not.toBe(firstKey);
      const r = await fetch(`${b.url}/v1/public/${b.projectId}/database/tables/kept/rows`, { headers: { "X-API-Key": b.apiKey } });
      expect(r.status).toBe(200);
      expect(((await r.json()) as { data: { row_data: unknown }[] }).data[0]!.row_data).toEqual({ v: 1 });
    } finally {
      await b.stop();
    }
  });

  it("accepts a given apiKey and projectId, and refuses bad options", async () => {
    const pid = "11111111-2222-4333-8444-555555555555";
    const z = await startLocalZeroDB({ apiKey: "my-dev-key", projectId: pid });
    try {
      expect(z.projectId).toBe(pid);
      const r = await fetch(`${z.url}/v1/projects/${pid}/database`, { headers: { Authorization: "Bearer my-dev-key" } });
      expect(r.status).toBe(200);
      expect(z.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await z.stop();
    }
    await expect(startLocalZeroDB({ projectId: "nope" })).rejects.toThrow(TypeError);
    await expect(startLocalZeroDB({ port: 70000 })).rejects.toThrow(RangeError);
  });
});
