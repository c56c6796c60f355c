import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalZeroDB, type LocalZeroDB } from "../../src/local/index.js";

let zdb: LocalZeroDB;
beforeAll(async () => {
  zdb = await startLocalZeroDB({ port: 0 });
});
afterAll(async () => {
  await zdb?.stop();
});

const get = async (path: string): Promise<Response> =>
  fetch(`${zdb.url}/v1/public/${zdb.projectId}${path}`, { headers: { "X-API-Key": zdb.apiKey } });

describe("local server: fault injection", () => {
  it("injects seeded 429s with Retry-After, identically on every run", async () => {
    const run = async (): Promise<number[]> => {
      zdb.setFaults({ seed: 7, errorRate: 0.3, status: 429, retryAfterSeconds: 2 });
      const out: number[] = [];
      for (let i = 0; i < 30; i++) {
        const r = await get("/database");
        if (r.status === 429) expect(r.headers.get("retry-after")).toBe("2");
        await r.arrayBuffer();
        out.push(r.status);
      }
      return out;
    };
    const a = await run();
    const stats = zdb.faultStats();
    const b = await run();
    expect(b).toEqual(a);
    const errors = a.filter((s) => s === 429).length;
    expect(errors).toBeGreaterThan(3);
    expect(errors).toBeLessThan(20);
    expect(stats).toMatchObject({ requests: 30, errors });
    zdb.setFaults({ seed: 3, errorRate: 1 });
    const r = await get("/database");
    expect(r.status).toBe(503);
    expect(((await r.json()) as { error_code: string }).error_code).toBe("SERVICE_UNAVAILABLE");
    zdb.setFaults(undefined);
    expect((await get("/database")).status).toBe(200);
  });

  it("resets connections", async () => {
    zdb.setFaults({ seed: 1, resetRate: 1 });
    await expect(get("/database")).rejects.toThrow();
    expect(zdb.faultStats().resets).toBe(1);
    zdb.setFaults(undefined);
  });

  it("loses responses after committing the write", async () => {
    const h = { "X-API-Key": zdb.apiKey, "Content-Type": "application/json" };
    const base = `${zdb.url}/v1/public/${zdb.projectId}/database`;
    expect((await fetch(`${base}/tables`, { method: "POST", headers: h, body: JSON.stringify({ name: "lost" }) })).status).toBe(201);
    zdb.setFaults({ seed: 1, lostResponseRate: 1 });
    await expect(fetch(`${base}/tables/lost/rows`, { method: "POST", headers: h, body: JSON.stringify({ row_data: { id: "x1" } }) })).rejects.toThrow();
    expect(zdb.faultStats().lostResponses).toBe(1);
    zdb.setFaults(undefined);
    const rows = (await (await fetch(`${base}/tables/lost/rows`, { headers: h })).json()) as { total: number; data: { row_data: unknown }[] };
    expect(rows.total).toBe(1);
    expect(rows.data[0]!.row_data).toEqual({ id: "x1" });
  });

  it("adds latency within the range", async () => {
    zdb.setFaults({ seed: 5, latencyMs: [80, 100] });
    const t0 = performance.now();
    expect((await get("/database")).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(75);
    expect(zdb.faultStats().delayed).toBe(1);
    zdb.setFaults(undefined);
  });

  it("masks the API key in inspect and JSON but keeps it readable", async () => {
    const { inspect } = await import("node:util");
    expect(inspect(zdb)).not.toContain(zdb.apiKey);
    expect(JSON.stringify(zdb)).not.toContain(zdb.apiKey);
    expect(Object.keys(zdb)).not.toContain("apiKey");
    expect(zdb.apiKey).toMatch(/^zdb_local_[0-9a-f]{32}$/);
  });
});
