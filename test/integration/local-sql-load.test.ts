import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalZeroDB, type LocalZeroDB } from "../../src/local/index.js";
import { api, P } from "./local-helpers.js";

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("local server: a long SQL statement does not stall the server", () => {
  // The latency figure (goal: within 100 ms) is measured by `npm run bench` from another
  // process; a timed assertion here would fail on a busy machine. What is asserted is what
  // stalled before: /health answered many times while the statement was still running.
  it("answers /health while a statement runs, and queues other requests (never resets them)", async () => {
    let slowDone = false;
    const slow = api("POST", `${P()}/database/query`, { sql: "SELECT pg_sleep(3) AS slept", timeout_seconds: 10 }).finally(() => {
      slowDone = true;
    });
    await sleep(300);
    let answeredDuringStatement = 0;
    const queued: Promise<{ status: number }>[] = [];
    const until = performance.now() + 2000;
    let probes = 0;
    while (performance.now() < until && !slowDone) {
      const h = await api("GET", "/health", undefined, { key: null });
      expect(h.status).toBe(200);
      if (!slowDone) answeredDuringStatement++;
      if (++probes % 5 === 0) queued.push(api("POST", `${P()}/database/query`, { sql: "SELECT 1 AS one" }));
      await sleep(50);
    }
    expect(answeredDuringStatement).toBeGreaterThanOrEqual(3);
    expect((await slow).status).toBe(200);
    expect(queued.length).toBeGreaterThan(0);
    for (const q of await Promise.all(queued)) expect(q.status).toBe(200);
  });
});

describe("local server: the cost of an SQL call does not grow with the project's rows", () => {
  let zdb: LocalZeroDB;
  beforeAll(async () => {
    zdb = await startLocalZeroDB({ port: 0 });
  });
  afterAll(async () => {
    await zdb?.stop();
  });

  it("SELECT 1 in a project of 30,000 rows costs about what it costs in an empty one", async () => {
    const h = { "X-API-Key": zdb.apiKey, "Content-Type": "application/json" };
    const post = async (pid: string, path: string, body: unknown) => {
      const r = await fetch(`${zdb.url}/v1/public/${pid}${path}`, { method: "POST", headers: h, body: JSON.stringify(body) });
      return { status: r.status, body: (await r.json()) as Record<string, any> };
    };
    const empty = (await zdb.createProject({ name: "empty" })).projectId;
    const t = await post(zdb.projectId, "/database/tables", { name: "big" });
    await post(empty, "/database/tables", { name: "big" });
    await zdb.db.query(
      `INSERT INTO zdb.rows (row_id, table_id, row_data)
       SELECT gen_random_uuid(), $1, jsonb_build_object('n', g, 's', 'x' || g, 'b', g % 2 = 0) FROM generate_series(1, 30000) g`,
      [t.body.table_id],
    );
    const time = async (pid: string) => {
      const ms: number[] = [];
      for (let i = 0; i < 7; i++) {
        const r = await post(pid, "/database/query", { sql: "SELECT 1 AS one" });
        expect(r.status).toBe(200);
        ms.push(r.body.execution_time_ms as number);
      }
      return median(ms);
    };
    const emptyMs = await time(empty);
    const bigMs = await time(zdb.projectId);
    expect(bigMs, `empty ${emptyMs} ms, 30,000 rows ${bigMs} ms`).toBeLessThan(emptyMs * 3 + 20);
    const types = await post(zdb.projectId, "/database/query", { sql: "SELECT pg_typeof(n)::text AS n, pg_typeof(b)::text AS b FROM big LIMIT 1" });
    expect(types.body.data).toEqual([{ n: "numeric", b: "boolean" }]);
  });
});
