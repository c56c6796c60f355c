/**
 * SDK end to end under injected faults: a SEPARATE local server (not the shared one of
 * global-setup.ts) whose seeded fault injector answers 503/429, resets connections and
 * drops responses after committing the write. The SDK must lose nothing and duplicate
 * nothing. Calls are sequential, so each seed gives the same faults on every run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, ConflictError, ConnectionError, NotFoundError, RateLimitError, TimeoutError, ZeroDBError, type ProjectScope, type RowsAPI } from "../../src/index.js";
import { startLocalZeroDB, type LocalZeroDB } from "../../src/local/index.js";

const N = 60;
const FAST = { retryBaseDelay: 5, retryMaxDelay: 20, maxRetries: 6, timeout: 5_000 } as const;
const TEST_TIMEOUT = 45_000;

type Contact = { id: string; full_name: string; round?: number };

let zdb: LocalZeroDB;
let scope: ProjectScope;

/** A deterministic unit vector of 384 dims pointing mostly along `axis`. */
function vec(axis: number): number[] {
  const v = Array.from({ length: 384 }, (_, i) => (i === axis ? 1 : 0.01));
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

/** Every row of a table, read with faults off; count of rows per client id. */
async function countsById(rows: RowsAPI<Contact>): Promise<Map<string, number>> {
  zdb.setFaults(undefined);
  const all = await rows.list({ limit: 1000 }).toArray();
  const counts = new Map<string, number>();
  for (const r of all) counts.set(r.row_data.id, (counts.get(r.row_data.id) ?? 0) + 1);
  return counts;
}

async function newTable(name: string, schema?: Record<string, unknown>): Promise<RowsAPI<Contact>> {
  zdb.setFaults(undefined);
  await scope.tables.create(schema === undefined ? { name } : { name, schema });
  return scope.rows<Contact>(name);
}

const ids = (prefix: string): string[] => Array.from({ length: N }, (_, i) => `${prefix}-${String(i).padStart(3, "0")}`);

describe("SDK under injected faults (own server)", () => {
  beforeAll(async () => {
    zdb = await startLocalZeroDB({ port: 0, faults: { seed: 1, errorRate: 0 } });
    zdb.setFaults(undefined);
    scope = createClient({ apiKey: zdb.apiKey, baseUrl: zdb.url, ...FAST }).project(zdb.projectId);
  });
  afterAll(async () => {
    await zdb?.stop();
  });

  it(
    "(a) 503 with a small Retry-After at a high rate: every idempotent call (get, PUT update, upsert by id) succeeds with the right value",
    async () => {
      const rows = await newTable("faults_a503");
      const seeded = [];
      for (let i = 0; i < 10; i++) seeded.push(await rows.insert({ id: `c-${i}`, full_name: `Contact ${i}`, round: -1 }));

      zdb.setFaults({ seed: 20261121, errorRate: 0.35, status: 503, retryAfterSeconds: 0.01 });
      for (let i = 0; i < N; i++) {
        const k = i % 10;
        const row = seeded[k]!;
        const updated = await rows.update(row.row_id, { id: `c-${k}`, full_name: `Contact ${k}`, round: i });
        expect(updated.row_data.round).toBe(i);
        const got = await rows.get(row.row_id);
        expect(got.row_data).toEqual({ id: `c-${k}`, full_name: `Contact ${k}`, round: i });
        const v = await scope.vectors.upsert({ id: `v-${k}`, vector: vec(k), metadata: { round: i }, namespace: "faults_a" });
        expect(v.vector_metadata).toEqual({ round: i });
        expect((await scope.vectors.get(`v-${k}`, { namespace: "faults_a" })).vector_metadata).toEqual({ round: i });
      }
      const stats = zdb.faultStats();
      zdb.setFaults(undefined);

      // (c) the faults really fired: about a third of the requests were refused and retried
      expect(stats.requests).toBeGreaterThan(4 * N);
      expect(stats.errors).toBeGreaterThan(stats.requests * 0.2);
      expect(stats.resets + stats.lostResponses).toBe(0);

      // nothing lost, nothing duplicated: 10 rows with their last round, 10 vectors
      const final = await rows.list({ limit: 100 }).toArray();
      expect(final).toHaveLength(10);
      for (const r of final) expect(r.row_data.round).toBe(50 + Number(r.row_data.id.slice(2)));
      expect((await scope.vectors.stats({ namespace: "faults_a" })).total_vectors).toBe(10);
      expect((await scope.vectors.get("v-3", { namespace: "faults_a" })).vector_metadata).toEqual({ round: 53 });
    },
    TEST_TIMEOUT,
  );

  it(
    "(a) 429 with a small Retry-After: idempotent calls and even plain inserts succeed, each insert stored once",
    async () => {
      const rows = await newTable("faults_a429");
      zdb.setFaults({ seed: 429, errorRate: 0.35, status: 429, retryAfterSeconds: 0.01 });
      const stored = [];
      for (const id of ids("r")) {
        // a 429 proves the server did nothing, so even a non-idempotent insert is retried
        const row = await rows.insert({ id, full_name: `Row ${id}` });
        expect(row.row_data.id).toBe(id);
        expect((await rows.get(row.row_id)).row_data.id).toBe(id);
        stored.push(row);
      }
      const stats = zdb.faultStats();
      expect(stats.errors).toBeGreaterThan(stats.requests * 0.2);

      const counts = await countsById(rows);
      expect(counts.size).toBe(N);
      for (const id of ids("r")) expect(counts.get(id)).toBe(1);
    },
    TEST_TIMEOUT,
  );

  it(
    "a Retry-After longer than maxRetryAfter throws RateLimitError at once instead of waiting",
    async () => {
      zdb.setFaults({ seed: 7, errorRate: 1, status: 429, retryAfterSeconds: 30 });
      const impatient = createClient({ apiKey: zdb.apiKey, baseUrl: zdb.url, ...FAST, maxRetryAfter: 1_000 }).project(zdb.projectId);
      const t0 = Date.now();
      const err = await impatient.vectors.get("anything").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RateLimitError);
      expect((err as RateLimitError).retryAfterMs).toBe(30_000);
      expect(Date.now() - t0).toBeLessThan(2_000);
      expect(zdb.faultStats().requests).toBe(1);
      zdb.setFaults(undefined);
    },
    TEST_TIMEOUT,
  );

  it(
    "(b) lost responses and resets: a plain insert is never re-sent after an ambiguous failure, so no client id is ever stored twice",
    async () => {
      const rows = await newTable("faults_b_plain");
      zdb.setFaults({ seed: 4242, lostResponseRate: 0.25, resetRate: 0.15 });
      const ok = new Set<string>();
      const failed = new Set<string>();
      for (const id of ids("p")) {
        try {
          const row = await rows.insert({ id, full_name: `Plain ${id}` });
          expect(row.row_data.id).toBe(id);
          ok.add(id);
        } catch (error) {
          // an ambiguous failure reaches the caller as a ConnectionError, after ONE attempt
          expect(error).toBeInstanceOf(ConnectionError);
          failed.add(id);
        }
      }
      const stats = zdb.faultStats();
      // one request per insert: no insert was re-sent
      expect(stats.requests).toBe(N);
      // (c) both kinds of fault fired, and each one failed exactly one insert
      expect(stats.lostResponses).toBeGreaterThan(0);
      expect(stats.resets).toBeGreaterThan(0);
      expect(failed.size).toBe(stats.lostResponses + stats.resets);

      const counts = await countsById(rows);
      for (const [, n] of counts) expect(n).toBe(1); // never a duplicate
      for (const id of ok) expect(counts.get(id)).toBe(1); // every acknowledged insert is there
      // the lost responses committed (the failure really was ambiguous); the resets did not
      const committedButFailed = [...failed].filter((id) => counts.has(id));
      expect(committedButFailed).toHaveLength(stats.lostResponses);
      expect(counts.size).toBe(ok.size + stats.lostResponses);
    },
    TEST_TIMEOUT,
  );

  it(
    "(b) every other non-idempotent write (publish, memory store, upload, upsert without id, rlhf, agent log, 503 on inserts) is sent once: stored = acknowledged + lost responses",
    async () => {
      const tag = `w${Date.now().toString(36)}`;
      const kinds: { name: string; call: (i: number) => Promise<unknown>; count: () => Promise<number> }[] = [
        {
          name: "events.publish",
          call: (i) => scope.events.publish({ topic: `${tag}.evt`, event_payload: { i } }),
          count: async () => (await scope.events.list({ topic: `${tag}.evt` })).total ?? -1,
        },
        {
          name: "memory.store",
          call: (i) => scope.memory.store({ content: `memory ${i}`, session_id: `${tag}-mem` }),
          count: async () => (await scope.memory.list({ session_id: `${tag}-mem` })).total ?? -1,
        },
        {
          name: "files.upload",
          call: (i) => scope.files.upload({ file_name: `f${i}.bin`, content: new Uint8Array([i, 255, 0]), folder: `${tag}-files` }),
          count: async () => (await scope.files.list({ folder: `${tag}-files` })).total ?? -1,
        },
        {
          name: "vectors.upsert (no id)",
          call: (i) => scope.vectors.upsert({ vector: vec(i), namespace: `${tag}-vec` }),
          count: async () => (await scope.vectors.stats({ namespace: `${tag}-vec` })).total_vectors,
        },
        {
          name: "rlhf.create",
          call: (i) => scope.rlhf.create({ prompt: `p${i}`, response: "r", session_id: `${tag}-rlhf` }),
          count: async () => (await scope.rlhf.list({ session_id: `${tag}-rlhf` })).total ?? -1,
        },
        {
          name: "agentLogs.create",
          call: (i) => scope.agentLogs.create({ agent_id: `${tag}-agent`, log_message: `line ${i}` }),
          count: async () => (await scope.agentLogs.list({ agent_id: `${tag}-agent` })).total ?? -1,
        },
      ];
      const rows = await newTable(`${tag}_rows503`);
      kinds.push({
        name: "rows.insert under 503",
        call: (i) => rows.insert({ id: `x-${i}`, full_name: "x" }),
        count: async () => (await rows.list({ limit: 1 })).total ?? -1,
      });

      const n = 30;
      for (const [k, kind] of kinds.entries()) {
        const faults =
          kind.name === "rows.insert under 503"
            ? { seed: 500 + k, errorRate: 0.3, status: 503 as const, retryAfterSeconds: 0.01 }
            : { seed: 500 + k, lostResponseRate: 0.25, resetRate: 0.1, errorRate: 0.1, status: 503 as const, retryAfterSeconds: 0.01 };
        zdb.setFaults(faults);
        let ok = 0;
        for (let i = 0; i < n; i++) {
          try {
            await kind.call(i);
            ok++;
          } catch (error) {
            expect(error, kind.name).toBeInstanceOf(ZeroDBError);
          }
        }
        const stats = zdb.faultStats();
        zdb.setFaults(undefined);
        expect(stats.requests, `${kind.name}: one request per call, nothing re-sent`).toBe(n);
        expect(ok, `${kind.name}: every unfaulted call succeeded`).toBe(n - stats.errors - stats.resets - stats.lostResponses);
        expect(stats.errors + stats.resets + stats.lostResponses, `${kind.name}: faults fired`).toBeGreaterThan(0);
        expect(await kind.count(), `${kind.name}: stored = acknowledged + committed-but-lost`).toBe(ok + stats.lostResponses);
      }
    },
    TEST_TIMEOUT,
  );

  /**
   * Insert-if-absent as the README's retry section describes it: look the row up by its
   * client id, insert only when absent, and on any failure repeat the whole step. The
   * insert itself must not be re-sent blindly (`maxRetries: 0`): a lost response may
   * hide a committed row, and only the look-up can tell.
   */
  async function insertIfAbsent(rows: RowsAPI<Contact>, id: string): Promise<number> {
    for (let attempt = 1; attempt <= 30; attempt++) {
      try {
        const found = await rows.query({ filter: { id } });
        if (found.data.length > 0) return attempt;
        await rows.insert({ id, full_name: `Safe ${id}` }, { maxRetries: 0 });
        return attempt;
      } catch (error) {
        if (!(error instanceof ZeroDBError)) throw error;
      }
    }
    throw new Error(`insert-if-absent of ${id} did not finish in 30 steps`);
  }

  it(
    "(b) { idempotent: true } on a table with a unique client id: a re-sent insert answers 409, every row present exactly once",
    async () => {
      const rows = await newTable("faults_b_unique", { fields: { id: { type: "text" } }, indexes: [{ fields: ["id"], unique: true }] });
      zdb.setFaults({ seed: 777, lostResponseRate: 0.25, resetRate: 0.15 });
      let conflicts = 0;
      for (const id of ids("s")) {
        // The transport re-sends after a lost response; the unique index turns a repeat into 409.
        await rows.insert({ id, full_name: `Safe ${id}` }, { idempotent: true }).catch((error: unknown) => {
          if (!(error instanceof ConflictError)) throw error;
          conflicts++;
        });
      }
      const stats = zdb.faultStats();
      expect(stats.lostResponses).toBeGreaterThan(0);
      expect(conflicts).toBeGreaterThan(0);

      const counts = await countsById(rows);
      expect([...counts].filter(([, n]) => n > 1)).toEqual([]);
      expect(counts.size).toBe(N);
    },
    TEST_TIMEOUT,
  );

  it(
    "(b) insert-if-absent (look up, insert with maxRetries: 0, repeat the step on failure): every row present exactly once",
    async () => {
      const rows = await newTable("faults_b_safe0");
      zdb.setFaults({ seed: 778, lostResponseRate: 0.25, resetRate: 0.15 });
      for (const id of ids("z")) await insertIfAbsent(rows, id);
      const stats = zdb.faultStats();
      expect(stats.lostResponses).toBeGreaterThan(0);
      expect(stats.resets).toBeGreaterThan(0);

      const counts = await countsById(rows);
      expect([...counts].filter(([, n]) => n > 1)).toEqual([]);
      expect(counts.size).toBe(N);
    },
    TEST_TIMEOUT,
  );

  it(
    "attempt timeouts: a slow insert times out once and is not re-sent; slow gets are retried until they answer",
    async () => {
      const rows = await newTable("faults_timeout");
      const slow = createClient({ apiKey: zdb.apiKey, baseUrl: zdb.url, ...FAST, timeout: 100 }).project(zdb.projectId).rows<Contact>("faults_timeout");
      zdb.setFaults({ seed: 31, latencyMs: 400 });
      for (let i = 0; i < 5; i++) {
        const err = await slow.insert({ id: `t-${i}`, full_name: "slow" }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(TimeoutError);
      }
      expect(zdb.faultStats().requests).toBe(5); // one attempt each
      await new Promise((r) => setTimeout(r, 600)); // let the server finish the slow handlers
      const counts = await countsById(rows);
      for (const n of counts.values()) expect(n).toBe(1);

      const row = await rows.insert({ id: "fast", full_name: "fast" });
      const patient = createClient({ apiKey: zdb.apiKey, baseUrl: zdb.url, ...FAST, timeout: 250 }).project(zdb.projectId).rows<Contact>("faults_timeout");
      zdb.setFaults({ seed: 32, latencyMs: [0, 300] });
      for (let i = 0; i < 15; i++) expect((await patient.get(row.row_id)).row_data.id).toBe("fast");
      const stats = zdb.faultStats();
      zdb.setFaults(undefined);
      expect(stats.delayed).toBe(stats.requests);
      expect(stats.requests).toBeGreaterThan(15); // some attempts timed out and were retried
    },
    TEST_TIMEOUT,
  );

  // DELETE is retried as idempotent; after a lost response the retry finds the item gone,
  // which means the delete succeeded (see also sdk-rows for rows, tables and projects).
  it(
    "deletes under lost responses: the item is gone and the call does not report NotFoundError",
    async () => {
      const ns = "faults_del";
      const memIds: string[] = [];
      const fileIds: string[] = [];
      for (let i = 0; i < 10; i++) {
        await scope.vectors.upsert({ id: `d-${i}`, vector: vec(i), namespace: ns });
        memIds.push((await scope.memory.store({ content: `m ${i}`, session_id: "faults_del" })).memory_id);
        fileIds.push((await scope.files.upload({ file_name: `d${i}`, content: new Uint8Array([i]), folder: "faults_del" })).file_id);
      }
      zdb.setFaults({ seed: 55, lostResponseRate: 0.3 });
      const notFound: string[] = [];
      const del = async (what: string, call: () => Promise<unknown>): Promise<void> => {
        const r = await call().catch((e: unknown) => e);
        if (r instanceof NotFoundError) notFound.push(what);
        else if (r instanceof Error) throw r;
      };
      for (let i = 0; i < 10; i++) {
        await del(`vector d-${i}`, () => scope.vectors.delete(`d-${i}`, { namespace: ns }));
        await del(`memory ${i}`, () => scope.memory.delete(memIds[i]!));
        await del(`file ${i}`, () => scope.files.delete(fileIds[i]!));
      }
      const stats = zdb.faultStats();
      zdb.setFaults(undefined);
      expect(stats.lostResponses).toBeGreaterThan(0);
      // everything is gone either way
      expect((await scope.vectors.stats({ namespace: ns })).total_vectors).toBe(0);
      expect((await scope.memory.list({ session_id: "faults_del" })).total).toBe(0);
      expect((await scope.files.list({ folder: "faults_del" })).total).toBe(0);
      expect(notFound).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    "(a)+(b) everything at once on idempotent calls: 503s, resets and lost responses never leave a wrong value",
    async () => {
      const rows = await newTable("faults_mix");
      const seeded = [];
      for (let i = 0; i < 5; i++) seeded.push(await rows.insert({ id: `m-${i}`, full_name: `Mix ${i}`, round: -1 }));
      zdb.setFaults({ seed: 99, errorRate: 0.15, status: 503, retryAfterSeconds: 0.01, resetRate: 0.1, lostResponseRate: 0.1 });
      for (let i = 0; i < N; i++) {
        const row = seeded[i % 5]!;
        const u = await rows.update(row.row_id, { id: row.row_data.id, full_name: row.row_data.full_name, round: i });
        expect(u.row_data.round).toBe(i);
        const found = await rows.query({ filter: { id: row.row_data.id } });
        expect(found.data.map((r) => r.row_data.round)).toEqual([i]);
      }
      const stats = zdb.faultStats();
      expect(stats.errors).toBeGreaterThan(0);
      expect(stats.resets).toBeGreaterThan(0);
      expect(stats.lostResponses).toBeGreaterThan(0);
      const counts = await countsById(rows);
      expect([...counts.values()]).toEqual([1, 1, 1, 1, 1]);
    },
    TEST_TIMEOUT,
  );
});
