import { describe, expect, it } from "vitest";
import { api, P } from "./local-helpers.js";

/** A deterministic unit vector of `d` dims pointing mostly along axis `axis`. */
function vec(d: number, axis: number, noise = 0, seed = 1): number[] {
  let s = seed;
  const rnd = (): number => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) - 0.5;
  const v = Array.from({ length: d }, (_, i) => (i === axis ? 1 : 0) + noise * rnd());
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}
const ns = (): string => `ns_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 7)}`;

describe("local server: vectors", () => {
  it("upsert is idempotent by vector_id and generates ids", async () => {
    const n = ns();
    const a = await api("POST", `${P()}/database/vectors/upsert`, { vector_id: "v1", namespace: n, vector_embedding: vec(384, 1), vector_metadata: { k: 1 }, document: "doc" });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ vector_id: "v1", namespace: n, dimensions: 384, vector_metadata: { k: 1 }, document: "doc" });
    expect(a.body.vector_embedding).toHaveLength(384);
    const again = await api("POST", `${P()}/database/vectors/upsert`, { vector_id: "v1", namespace: n, vector_embedding: vec(384, 2), vector_metadata: { k: 2 } });
    expect(again.body.vector_metadata).toEqual({ k: 2 });
    const gen = await api("POST", `${P()}/database/vectors/upsert`, { namespace: n, vector_embedding: vec(384, 3) });
    expect(gen.body.vector_id).toMatch(/^[0-9a-f-]{36}$/);
    const list = await api("GET", `${P()}/database/vectors?namespace=${n}`);
    expect(list.body).toMatchObject({ total: 2, offset: 0, has_more: false });
    expect(list.body.vectors[0].vector_embedding).toBeUndefined();
    const detailed = await api("GET", `${P()}/database/vectors?namespace=${n}&detailed=true&limit=1`);
    expect(detailed.body.vectors[0].vector_embedding).toHaveLength(384);
    expect(detailed.body.has_more).toBe(true);
  });

  it("validates bodies and refuses other sizes with 500 DIMENSION_MISMATCH", async () => {
    const missing = await api("POST", `${P()}/database/vectors/upsert`, { vector: [1, 2] });
    expect(missing.status).toBe(422);
    expect(missing.body.detail[0].loc).toEqual(["body", "vector_embedding"]);
    const bad = await api("POST", `${P()}/database/vectors/upsert`, { vector_embedding: vec(100, 1) });
    expect(bad.status).toBe(500);
    expect(bad.body).toEqual({ detail: "Vector dimension mismatch. Expected 384, got 100", error_code: "DIMENSION_MISMATCH" });
    const s = await api("POST", `${P()}/database/vectors/search`, { query_vector: vec(512, 1) });
    expect(s.status).toBe(500);
    expect(s.body.error_code).toBe("DIMENSION_MISMATCH");
    expect((await api("POST", `${P()}/database/vectors/upsert`, { vector_embedding: ["a"] })).status).toBe(422);
  });

  it("keeps sizes apart: a search compares only vectors of the query's size", async () => {
    const n = ns();
    for (const d of [384, 768, 1024, 1536]) {
      const r = await api("POST", `${P()}/database/vectors/upsert`, { vector_id: `d${d}`, namespace: n, vector_embedding: vec(d, 0) });
      expect(r.body.dimensions).toBe(d);
    }
    for (const d of [384, 768, 1024, 1536]) {
      const s = await api("POST", `${P()}/database/vectors/search`, { query_vector: vec(d, 0), namespace: n, limit: 10 });
      expect(s.body.vectors.map((v: { vector_id: string }) => v.vector_id)).toEqual([`d${d}`]);
      expect(s.body.vectors[0].similarity).toBeCloseTo(1, 5);
    }
    const stats = await api("GET", `${P()}/database/vectors/stats?namespace=${n}`);
    expect(stats.body).toMatchObject({ total_vectors: 4, namespaces: { [n]: 4 }, dimensions: { "384": 1, "768": 1, "1024": 1, "1536": 1 } });
  });

  it("batch upsert accepts a bare array or {vectors}, reporting per-item errors", async () => {
    const n = ns();
    const items = Array.from({ length: 5 }, (_, i) => ({ vector_id: `b${i}`, namespace: n, vector_embedding: vec(384, i) }));
    const r = await api("POST", `${P()}/database/vectors/upsert-batch`, [...items, { vector_id: "bad", namespace: n, vector_embedding: [1, 2, 3] }, { namespace: n }]);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ success_count: 5, error_count: 2 });
    expect(r.body.vector_ids).toEqual(["b0", "b1", "b2", "b3", "b4"]);
    expect(r.body.errors.map((e: { index: number }) => e.index)).toEqual([5, 6]);
    const w = await api("POST", `${P()}/database/vectors/upsert-batch`, { vectors: items });
    expect(w.body.success_count).toBe(5);
    expect((await api("GET", `${P()}/database/vectors?namespace=${n}`)).body.total).toBe(5);
    expect((await api("POST", `${P()}/database/vectors/upsert-batch`, { nope: 1 })).status).toBe(422);
  });

  it("searches by cosine with limit, threshold, namespace and metadata_filter (recall sanity)", async () => {
    const n = ns();
    const items = [];
    for (let c = 0; c < 20; c++) {
      for (let j = 0; j < 10; j++) {
        items.push({ vector_id: `c${c}_${j}`, namespace: n, vector_embedding: vec(384, c * 7, 0.3, c * 100 + j + 1), vector_metadata: { cluster: c, even: j % 2 === 0 } });
      }
    }
    expect((await api("POST", `${P()}/database/vectors/upsert-batch`, items)).body.success_count).toBe(200);
    let hits = 0;
    for (let c = 0; c < 20; c++) {
      const s = await api("POST", `${P()}/database/vectors/search`, { query_vector: vec(384, c * 7, 0.3, 9999 + c), namespace: n, limit: 10 });
      expect(s.body.vectors).toHaveLength(10);
      expect(s.body.total_count).toBe(10);
      expect(typeof s.body.search_time_ms).toBe("number");
      const sims = s.body.vectors.map((v: { similarity: number }) => v.similarity);
      expect([...sims].sort((a, b) => b - a)).toEqual(sims);
      hits += s.body.vectors.filter((v: { vector_metadata: { cluster: number } }) => v.vector_metadata.cluster === c).length;
    }
    expect(hits / 200).toBeGreaterThanOrEqual(0.95);
    const filtered = await api("POST", `${P()}/database/vectors/search`, { query_vector: vec(384, 0, 0.3, 5), namespace: n, limit: 10, metadata_filter: { cluster: 0, even: true } });
    expect(filtered.body.vectors).toHaveLength(5);
    const th = await api("POST", `${P()}/database/vectors/search`, { query_vector: vec(384, 0, 0.3, 5), namespace: n, limit: 50, threshold: 0.8 });
    expect(th.body.vectors.every((v: { similarity: number }) => v.similarity >= 0.8)).toBe(true);
    expect(th.body.vectors.length).toBeLessThan(50);
    const other = await api("POST", `${P()}/database/vectors/search`, { query_vector: vec(384, 0), namespace: `${n}_empty` });
    expect(other.body.vectors).toEqual([]);
  });

  it("gets and deletes by id", async () => {
    const n = ns();
    await api("POST", `${P()}/database/vectors/upsert`, { vector_id: "g1", namespace: n, vector_embedding: vec(384, 4) });
    const g = await api("GET", `${P()}/database/vectors/g1?namespace=${n}`);
    expect(g.body).toMatchObject({ vector_id: "g1", namespace: n });
    expect(g.body.vector_embedding[4]).toBeCloseTo(1, 5);
    const d = await api("DELETE", `${P()}/database/vectors/g1?namespace=${n}`);
    expect(d.body).toMatchObject({ success: true, vector_id: "g1" });
    expect((await api("GET", `${P()}/database/vectors/g1?namespace=${n}`)).status).toBe(404);
    expect((await api("DELETE", `${P()}/database/vectors/g1?namespace=${n}`)).status).toBe(404);
  });
});
