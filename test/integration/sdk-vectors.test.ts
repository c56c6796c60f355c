/**
 * SDK end to end: `scope.vectors` against the shared local server over real HTTP.
 * Every test works in its own project, so counts and stats are exact.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { NotFoundError, ValidationError, type ProjectScope } from "../../src/index.js";
import { sdkClient, uniqueName } from "./sdk-helpers.js";

/** A deterministic unit vector of `d` dims pointing mostly along `axis`. */
function vec(d: number, axis: number, noise = 0, seed = 1): number[] {
  let s = seed;
  const rnd = (): number => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32 - 0.5;
  const v = Array.from({ length: d }, (_, i) => (i === axis ? 1 : 0) + noise * rnd());
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

async function freshScope(): Promise<ProjectScope> {
  const client = sdkClient();
  const project = await client.projects.create({ name: uniqueName("sdk_vectors") });
  return client.project(project.id);
}

describe("SDK vectors (end to end)", () => {
  let scope: ProjectScope;
  beforeAll(async () => {
    scope = await freshScope();
  });

  it("upserts with an id idempotently: the same id twice leaves one vector with the new metadata", async () => {
    const ns = uniqueName("ns");
    const first = await scope.vectors.upsert({ id: "note-1", vector: vec(384, 1), metadata: { v: 1, contact_id: "c-1" }, namespace: ns, document: "first" });
    expect(first).toMatchObject({ vector_id: "note-1", namespace: ns, vector_metadata: { v: 1, contact_id: "c-1" }, document: "first", dimensions: 384 });
    const second = await scope.vectors.upsert({ vector_id: "note-1", vector_embedding: vec(384, 2), vector_metadata: { v: 2 }, namespace: ns, document: "second" });
    expect(second.vector_id).toBe("note-1");
    expect(second.vector_metadata).toEqual({ v: 2 });

    const page = await scope.vectors.list({ namespace: ns });
    expect(page.data.map((v) => v.vector_id)).toEqual(["note-1"]);
    expect(page.total).toBe(1);
    const got = await scope.vectors.get("note-1", { namespace: ns });
    expect(got.vector_metadata).toEqual({ v: 2 });
    expect(got.document).toBe("second");
    expect(got.vector_embedding).toHaveLength(384);
    // the stored embedding is the new one (axis 2), not the old one
    const emb = got.vector_embedding!;
    expect(emb[2]).toBeCloseTo(1, 5);
    expect(emb[1]).toBeCloseTo(0, 5);
  });

  it("upserts without an id: the server makes one, and two such upserts are two vectors", async () => {
    const ns = uniqueName("ns");
    const a = await scope.vectors.upsert({ vector: vec(384, 3), namespace: ns, metadata: { n: "a" } });
    const b = await scope.vectors.upsert({ vector: vec(384, 3), namespace: ns, metadata: { n: "b" } });
    expect(a.vector_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.vector_id).not.toBe(a.vector_id);
    expect((await scope.vectors.get(a.vector_id, { namespace: ns })).vector_metadata).toEqual({ n: "a" });
    expect((await scope.vectors.stats({ namespace: ns })).total_vectors).toBe(2);
  });

  it("upsertBatch stores every vector and reports their ids; a second batch with the same ids replaces", async () => {
    const ns = uniqueName("ns");
    const vectors = Array.from({ length: 25 }, (_, i) => ({ id: `b-${i}`, vector: vec(384, i, 0.01, i + 1), metadata: { i } }));
    const r = await scope.vectors.upsertBatch({ vectors: vectors.map((v) => ({ ...v, namespace: ns })) });
    expect(r.success_count).toBe(25);
    expect(r.error_count).toBe(0);
    expect(r.errors).toEqual([]);
    expect(r.vector_ids).toEqual(vectors.map((v) => v.id));

    const again = await scope.vectors.upsertBatch({ vectors: vectors.map((v) => ({ ...v, namespace: ns, metadata: { i: v.metadata.i, again: true } })), wrap: true });
    expect(again.success_count).toBe(25);
    expect((await scope.vectors.stats({ namespace: ns })).total_vectors).toBe(25);
    expect((await scope.vectors.get("b-7", { namespace: ns })).vector_metadata).toEqual({ i: 7, again: true });
  });

  it("search returns the nearest first and respects threshold, namespace and metadata_filter", async () => {
    const ns = uniqueName("ns");
    const other = uniqueName("ns");
    await scope.vectors.upsertBatch({
      vectors: [
        { id: "x", vector: vec(384, 10), namespace: ns, metadata: { kind: "call", contact: "c-1" } },
        { id: "y", vector: vec(384, 11), namespace: ns, metadata: { kind: "call", contact: "c-2" } },
        { id: "z", vector: vec(384, 12), namespace: ns, metadata: { kind: "note", contact: "c-1" } },
        // same direction as the query, but in another namespace
        { id: "x-other", vector: vec(384, 10), namespace: other, metadata: { kind: "call" } },
      ],
    });
    // a query close to x, a little toward y
    const q = vec(384, 10, 0.05, 99).map((x, i) => (i === 11 ? x + 0.3 : x));

    const all = await scope.vectors.search({ vector: q, namespace: ns, top_k: 3 });
    expect(all.vectors.map((v) => v.vector_id)).toEqual(["x", "y", "z"]);
    expect(all.total_count).toBe(3);
    const sims = all.vectors.map((v) => v.similarity);
    expect([...sims].sort((a, b) => b - a)).toEqual(sims);
    expect(all.vectors[0]!.similarity).toBeGreaterThan(0.9);
    expect(all.vectors[0]!.vector_metadata).toEqual({ kind: "call", contact: "c-1" });
    expect(all.vectors[0]!.namespace).toBe(ns);

    const limited = await scope.vectors.search({ query_vector: q, namespace: ns, limit: 1 });
    expect(limited.vectors.map((v) => v.vector_id)).toEqual(["x"]);

    const high = await scope.vectors.search({ vector: q, namespace: ns, threshold: 0.5 });
    expect(high.vectors.map((v) => v.vector_id)).toEqual(["x"]);
    for (const v of high.vectors) expect(v.similarity).toBeGreaterThanOrEqual(0.5);

    const filtered = await scope.vectors.search({ vector: q, namespace: ns, metadata_filter: { contact: "c-1" } });
    expect(filtered.vectors.map((v) => v.vector_id)).toEqual(["x", "z"]);
    const aliasFilter = await scope.vectors.search({ vector: q, namespace: ns, filter: { kind: "note" } });
    expect(aliasFilter.vectors.map((v) => v.vector_id)).toEqual(["z"]);

    const otherNs = await scope.vectors.search({ vector: q, namespace: other });
    expect(otherNs.vectors.map((v) => v.vector_id)).toEqual(["x-other"]);

    // a default namespace set on the client applies to searches that name none
    const bound = scope.vectors.withOptions({ namespace: other });
    expect((await bound.search({ vector: q })).vectors.map((v) => v.vector_id)).toEqual(["x-other"]);
  });

  it("lists with offset pagination: `for await` walks every vector exactly once, in insertion order", async () => {
    const ns = uniqueName("ns");
    const ids = Array.from({ length: 23 }, (_, i) => `p-${String(i).padStart(2, "0")}`);
    await scope.vectors.upsertBatch({ vectors: ids.map((id, i) => ({ id, vector: vec(384, i), namespace: ns })) });

    const first = await scope.vectors.list({ namespace: ns, limit: 5 });
    expect(first.data.map((v) => v.vector_id)).toEqual(ids.slice(0, 5));
    expect(first).toMatchObject({ total: 23, skip: 0, limit: 5, hasMore: true });
    expect(first.data[0]!.vector_embedding).toBeUndefined();

    const seen: string[] = [];
    for await (const v of scope.vectors.list({ namespace: ns, limit: 5 })) seen.push(v.vector_id);
    expect(seen).toEqual(ids);

    const pages: number[] = [];
    for await (const p of scope.vectors.list({ namespace: ns, limit: 5 }).pages()) pages.push(p.data.length);
    expect(pages).toEqual([5, 5, 5, 5, 3]);

    const fromOffset = await scope.vectors.list({ namespace: ns, offset: 20, limit: 10 });
    expect(fromOffset.data.map((v) => v.vector_id)).toEqual(ids.slice(20));
    expect(fromOffset.hasMore).toBe(false);

    const detailed = await scope.vectors.list({ namespace: ns, limit: 2, detailed: true });
    expect(detailed.data[0]!.vector_embedding).toHaveLength(384);
  });

  it("get and delete: a deleted vector is gone (NotFoundError on get and on a second delete)", async () => {
    const ns = uniqueName("ns");
    await scope.vectors.upsert({ id: "gone", vector: vec(384, 5), namespace: ns, metadata: { a: 1 } });
    expect((await scope.vectors.get("gone", { namespace: ns })).vector_metadata).toEqual({ a: 1 });
    const del = await scope.vectors.delete("gone", { namespace: ns });
    expect(del).toMatchObject({ success: true, vector_id: "gone" });
    const err = await scope.vectors.get("gone", { namespace: ns }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).status).toBe(404);
    expect((err as NotFoundError).requestId).toEqual(expect.any(String));
    await expect(scope.vectors.delete("gone", { namespace: ns })).rejects.toBeInstanceOf(NotFoundError);
    await expect(scope.vectors.get("never-was")).rejects.toBeInstanceOf(NotFoundError);
    expect((await scope.vectors.list({ namespace: ns })).data).toEqual([]);
  });

  it("keeps 768-dim vectors apart from 384-dim ones, and stats count per namespace and per size", async () => {
    const ns = uniqueName("ns");
    await scope.vectors.upsertBatch({
      vectors: [
        { id: "s1", vector: vec(384, 1), namespace: ns },
        { id: "s2", vector: vec(384, 2), namespace: ns },
        { id: "s3", vector: vec(384, 3), namespace: ns },
        { id: "l1", vector: vec(768, 1), namespace: ns },
        { id: "l2", vector: vec(768, 500), namespace: ns },
      ],
    });
    const big = await scope.vectors.search({ vector: vec(768, 1), namespace: ns });
    expect(big.vectors.map((v) => v.vector_id)).toEqual(["l1", "l2"]);
    expect(big.vectors.every((v) => v.dimensions === 768)).toBe(true);
    const small = await scope.vectors.search({ vector: vec(384, 1), namespace: ns });
    expect(small.vectors.map((v) => v.vector_id).sort()).toEqual(["s1", "s2", "s3"]);
    expect(small.vectors[0]!.vector_id).toBe("s1");
    expect((await scope.vectors.get("l1", { namespace: ns })).vector_embedding).toHaveLength(768);

    const stats = await scope.vectors.stats({ namespace: ns });
    expect(stats.total_vectors).toBe(5);
    expect(stats.namespaces).toEqual({ [ns]: 5 });
    expect(stats.dimensions).toEqual({ "384": 3, "768": 2 });
    expect(stats.avg_dimensions).toBeCloseTo((3 * 384 + 2 * 768) / 5, 6);

    // a 384-only client refuses 768 before sending
    const fixed = scope.vectors.withOptions({ dimensions: 384 });
    await expect(fixed.upsert({ id: "l3", vector: vec(768, 3), namespace: ns })).rejects.toBeInstanceOf(ValidationError);
    expect((await scope.vectors.stats({ namespace: ns })).total_vectors).toBe(5);
  });

  it("project-wide stats add up over namespaces", async () => {
    const own = await freshScope();
    await own.vectors.upsert({ id: "a", vector: vec(384, 1), namespace: "one" });
    await own.vectors.upsert({ id: "b", vector: vec(384, 2), namespace: "two" });
    await own.vectors.upsert({ id: "c", vector: vec(1536, 2) });
    const stats = await own.vectors.stats();
    expect(stats.total_vectors).toBe(3);
    expect(stats.namespaces).toEqual({ default: 1, one: 1, two: 1 });
    expect(stats.dimensions).toEqual({ "384": 2, "1536": 1 });
    // the id "a" lives in namespace "one"; get without a namespace still finds it
    expect((await own.vectors.get("a")).namespace).toBe("one");
  });

  it("refuses a wrong size client-side with ValidationError, and nothing is stored", async () => {
    const ns = uniqueName("ns");
    const sent: string[] = [];
    const spy = sdkClient({ fetch: (input, init) => (sent.push(String(input)), fetch(input, init)) }).project(scope.projectId);

    const err = await spy.vectors.upsert({ id: "bad", vector: vec(100, 1), namespace: ns }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).message).toMatch(/384/);
    await expect(spy.vectors.upsert({ id: "bad", vector: vec(385, 1), namespace: ns })).rejects.toBeInstanceOf(ValidationError);
    await expect(spy.vectors.upsert({ id: "nan", vector: vec(384, 1).map((x, i) => (i === 3 ? Number.NaN : x)), namespace: ns })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(
      spy.vectors.upsertBatch({ vectors: [{ id: "ok", vector: vec(384, 1), namespace: ns }, { id: "bad", vector: vec(10, 1), namespace: ns }] }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(spy.vectors.search({ vector: vec(512, 1), namespace: ns })).rejects.toBeInstanceOf(ValidationError);
    expect(sent).toEqual([]); // nothing went over the wire

    await expect(scope.vectors.get("bad", { namespace: ns })).rejects.toBeInstanceOf(NotFoundError);
    await expect(scope.vectors.get("ok", { namespace: ns })).rejects.toBeInstanceOf(NotFoundError);
    expect((await scope.vectors.stats({ namespace: ns })).total_vectors).toBe(0);
  });

  // URL parsing resolves "." and ".." (even percent-encoded) as path steps, so such an id
  // would send the call to the parent resource (DELETE {P}/database!); the SDK refuses it.
  it("a vector id of '.' or '..' never sends the call to another resource", async () => {
    const own = await freshScope();
    await own.vectors.upsert({ id: "..", vector: vec(384, 1) });
    await own.vectors.upsert({ id: ".", vector: vec(384, 2) });
    for (const id of [".", ".."]) {
      const got = await own.vectors.get(id).catch((e: unknown) => e);
      if (got instanceof ValidationError) continue; // refused before sending: fine
      expect(got).toMatchObject({ vector_id: id });
    }
    const del = await own.vectors.delete("..").catch((e: unknown) => e);
    if (!(del instanceof ValidationError)) expect(del).toMatchObject({ success: true, vector_id: ".." });
    expect((await own.database.status()).database_enabled).toBe(true);
  });
});
