import nock from "nock";
import { describe, expect, it } from "vitest";
import { ValidationError, VectorsAPI, type ProjectScope } from "../../src/index.js";
import { BASE, capture, KEY, makeScope, PID, STYLES, useNock } from "./helpers.js";

useNock();

type Seen = Array<{ body: unknown; headers: Headers; url: string }>;
const vec = (n: number, x = 0.25): number[] => Array.from({ length: n }, () => x);
const V384 = vec(384);
const wireVector = {
  vector_id: "note-1",
  namespace: "notes",
  vector_metadata: { contact_id: "c-1" },
  document: "Asha pledged 500",
  source: "call",
  dimensions: 384,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
};

/** Runs `fn`, expects a ValidationError, and returns its issues; any request would hit disableNetConnect instead. */
async function issuesOf(fn: () => unknown): Promise<Array<{ path: string; message: string }>> {
  let err: unknown;
  try {
    await fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ValidationError);
  return [...(err as ValidationError).issues];
}

describe.each(STYLES)("vectors ($name)", ({ options, prefix }) => {
  const vectors = () => makeScope(options).vectors;

  it("upsert POSTs the live wire names, mapping the vector/id/metadata aliases", async () => {
    const seen: Seen = [];
    nock(BASE).post(`${prefix}/database/vectors/upsert`).matchHeader("x-api-key", KEY).reply(capture(seen, 200, wireVector));
    const v = await vectors().upsert({ id: "note-1", vector: V384, metadata: { contact_id: "c-1" }, namespace: "notes", document: "Asha pledged 500", source: "call" });
    expect(seen[0]?.body).toEqual({
      vector_id: "note-1",
      vector_embedding: V384,
      vector_metadata: { contact_id: "c-1" },
      namespace: "notes",
      document: "Asha pledged 500",
      source: "call",
    });
    expect(v).toMatchObject({ vector_id: "note-1", vector_metadata: { contact_id: "c-1" }, dimensions: 384 });
  });

  it("upsertBatch sends a bare array by default and {vectors} with wrap", async () => {
    const seen: Seen = [];
    const result = { success_count: 2, error_count: 0, errors: [], total_time_ms: 4, vector_ids: ["a", "b"] };
    nock(BASE)
      .post(`${prefix}/database/vectors/upsert-batch`)
      .reply(capture(seen, 200, result))
      .post(`${prefix}/database/vectors/upsert-batch`)
      .reply(capture(seen, 200, { success_count: 1 }));
    const r = await vectors().upsertBatch({ vectors: [{ id: "a", vector: V384 }, { vector_embedding: vec(768), vector_metadata: { k: 1 } }] });
    expect(seen[0]?.body).toEqual([
      { vector_id: "a", vector_embedding: V384 },
      { vector_embedding: vec(768), vector_metadata: { k: 1 } },
    ]);
    expect(r).toEqual(result);
    const w = await vectors().upsertBatch({ vectors: [{ vector_id: "c", vector_embedding: V384 }], wrap: true });
    expect(seen[1]?.body).toEqual({ vectors: [{ vector_id: "c", vector_embedding: V384 }] });
    expect(w).toMatchObject({ success_count: 1, error_count: 0, errors: [] });
  });

  it("search sends query_vector, limit (default 10), threshold, namespace, metadata_filter and reads {vectors}", async () => {
    const seen: Seen = [];
    nock(BASE)
      .post(`${prefix}/database/vectors/search`)
      .reply(capture(seen, 200, { vectors: [{ ...wireVector, similarity: 0.91 }], total_count: 1, search_time_ms: 2 }))
      .post(`${prefix}/database/vectors/search`)
      .reply(capture(seen, 200, { vectors: [] }));
    const r = await vectors().search({ vector: V384, top_k: 5, threshold: 0.5, namespace: "notes", filter: { contact_id: "c-1" } });
    expect(seen[0]?.body).toEqual({ query_vector: V384, limit: 5, threshold: 0.5, namespace: "notes", metadata_filter: { contact_id: "c-1" } });
    expect(r).toMatchObject({ total_count: 1, search_time_ms: 2 });
    expect(r.vectors[0]).toMatchObject({ vector_id: "note-1", similarity: 0.91, vector_metadata: { contact_id: "c-1" } });
    await vectors().search({ query_vector: V384 });
    expect(seen[1]?.body).toEqual({ query_vector: V384, limit: 10 });
  });

  it("list pages by offset (not skip) and reads the {vectors} envelope", async () => {
    nock(BASE)
      .get(`${prefix}/database/vectors`)
      .query({ offset: "0", limit: "2", namespace: "notes", detailed: "true" })
      .reply(200, { vectors: [wireVector, { ...wireVector, vector_id: "note-2" }], total: 3, offset: 0, limit: 2, has_more: true })
      .get(`${prefix}/database/vectors`)
      .query({ offset: "2", limit: "2", namespace: "notes", detailed: "true" })
      .reply(200, { vectors: [{ ...wireVector, vector_id: "note-3", vector_embedding: V384 }], total: 3, offset: 2, limit: 2, has_more: false });
    const list = vectors().list({ namespace: "notes", limit: 2, detailed: true });
    expect(await list).toMatchObject({ total: 3, skip: 0, limit: 2, hasMore: true });
    const all = await list.toArray();
    expect(all.map((v) => v.vector_id)).toEqual(["note-1", "note-2", "note-3"]);
    expect(all[2]?.vector_embedding).toHaveLength(384);
  });

  it("get, delete and stats use the vector paths and pass namespace", async () => {
    nock(BASE)
      .get(`${prefix}/database/vectors/note-1`)
      .query({ namespace: "notes" })
      .reply(200, wireVector)
      .delete(`${prefix}/database/vectors/note-1`)
      .query({ namespace: "notes" })
      .reply(200, { success: true, vector_id: "note-1" })
      .get(`${prefix}/database/vectors/stats`)
      .query((q) => Object.keys(q).length === 0)
      .reply(200, { total_vectors: 40, namespaces: { notes: 40 }, dimensions: { "384": 40 }, avg_dimensions: 384, total_size_mb: 0.1 });
    expect((await vectors().get("note-1", { namespace: "notes" })).document).toBe("Asha pledged 500");
    expect(await vectors().delete("note-1", { namespace: "notes" })).toEqual({ success: true, vector_id: "note-1" });
    expect(await vectors().stats()).toMatchObject({ total_vectors: 40, namespaces: { notes: 40 }, dimensions: { "384": 40 } });
  });
});

describe("vectors: lenient answers", () => {
  const path = `/v1/public/${PID}/database/vectors`;

  it("reads search answers under results, with score, metadata and id", async () => {
    nock(BASE)
      .post(`${path}/search`)
      .reply(200, { results: [{ id: "n-9", similarity: null, score: 0.8, metadata: { a: 1 }, document: "x" }] });
    const r = await makeScope().vectors.search({ query_vector: V384 });
    expect(r.vectors).toEqual([
      expect.objectContaining({ vector_id: "n-9", similarity: 0.8, vector_metadata: { a: 1 }, document: "x" }),
    ]);
    expect(r.total_count).toBe(1);
  });

  it("reads a vector with id, metadata and embedding, and stats with a namespace list", async () => {
    nock(BASE)
      .get(`${path}/n-9`)
      .reply(200, { id: "n-9", metadata: { a: 1 }, embedding: vec(768) })
      .get(`${path}/stats`)
      .reply(200, { total_vectors: 1, namespaces: ["default"] });
    const v = await makeScope().vectors.get("n-9");
    expect(v).toMatchObject({ vector_id: "n-9", vector_metadata: { a: 1 }, dimensions: 768 });
    expect((await makeScope().vectors.stats()).namespaces).toEqual(["default"]);
  });
});

describe("vectors: retries follow vector_id", () => {
  const path = `/v1/public/${PID}/database/vectors`;

  it("an upsert without an id is tried once on 503", async () => {
    nock(BASE).post(`${path}/upsert`).once().reply(503, { detail: "busy" });
    await expect(makeScope({ retryBaseDelay: 1 }).vectors.upsert({ vector: V384 })).rejects.toMatchObject({ name: "ServerError", status: 503 }); // nock answers an unmatched retry with 501
  });

  it("an upsert with a vector_id survives 503 then 200", async () => {
    nock(BASE).post(`${path}/upsert`).reply(503, { detail: "busy" }).post(`${path}/upsert`).reply(200, wireVector);
    expect((await makeScope({ retryBaseDelay: 1 }).vectors.upsert({ vector_id: "note-1", vector: V384 })).vector_id).toBe("note-1");
  });

  it("a batch is retried only when every item has an id", async () => {
    nock(BASE).post(`${path}/upsert-batch`).reply(503, {}).post(`${path}/upsert-batch`).reply(200, { success_count: 2 });
    const scope = makeScope({ retryBaseDelay: 1 });
    expect((await scope.vectors.upsertBatch({ vectors: [{ id: "a", vector: V384 }, { id: "b", vector: V384 }] })).success_count).toBe(2);
    nock(BASE).post(`${path}/upsert-batch`).once().reply(503, {});
    await expect(scope.vectors.upsertBatch({ vectors: [{ id: "a", vector: V384 }, { vector: V384 }] })).rejects.toMatchObject({ name: "ServerError", status: 503 }); // nock answers an unmatched retry with 501
  });

  it("search is a read: retried after 503", async () => {
    nock(BASE).post(`${path}/search`).reply(503, {}).post(`${path}/search`).reply(200, { vectors: [] });
    expect((await makeScope({ retryBaseDelay: 1 }).vectors.search({ vector: V384 })).vectors).toEqual([]);
  });
});

describe("vectors: client-side checks (nothing is sent)", () => {
  const vectors = () => makeScope().vectors;

  it("refuses a size outside 384/768/1024/1536, naming params.vector_embedding and the rule", async () => {
    const issues = await issuesOf(() => vectors().upsert({ vector: [0.1, 0.2, 0.3] }));
    expect(issues).toEqual([{ path: "params.vector_embedding", message: "must have 384, 768, 1024 or 1536 numbers (the sizes ZeroDB stores); got 3", code: "custom" }]);
  });

  it("refuses NaN, Infinity and non-numbers, naming the index", async () => {
    const bad = [...V384];
    bad[7] = Number.NaN;
    expect((await issuesOf(() => vectors().upsert({ vector_embedding: bad })))[0]?.path).toBe("params.vector_embedding.7");
    bad[7] = Number.POSITIVE_INFINITY;
    expect((await issuesOf(() => vectors().upsert({ vector_embedding: bad })))[0]?.message).toMatch(/finite number; got Infinity/);
    const str = [...V384] as unknown[];
    str[0] = "0.1";
    expect((await issuesOf(() => vectors().upsert({ vector_embedding: str as number[] })))[0]?.path).toBe("params.vector_embedding.0");
  });

  it("a client fixed to 384 dimensions refuses a 768 vector (upsert and search)", async () => {
    const scope: ProjectScope = makeScope();
    const fixed = scope.vectors.withOptions({ dimensions: 384 });
    expect(fixed.dimensions).toBe(384);
    expect(scope.vectors.dimensions).toBeUndefined();
    const issues = await issuesOf(() => fixed.upsert({ vector: vec(768) }));
    expect(issues[0]).toMatchObject({ path: "params.vector_embedding", message: expect.stringMatching(/^must have 384 numbers \(this client is fixed to 384 dimensions\); got 768$/) });
    expect((await issuesOf(() => fixed.search({ vector: vec(768) })))[0]?.path).toBe("params.query_vector");
    const viaCtor = new VectorsAPI({ http: undefined as never, projectId: PID, prefix: "/x", learned: {} }, { dimensions: 1024 });
    expect((await issuesOf(() => viaCtor.upsert({ vector: V384 })))[0]?.message).toMatch(/fixed to 1024/);
    expect(() => scope.vectors.withOptions({ dimensions: 512 as 384 })).toThrow(/options\.dimensions/);
  });

  it("refuses an empty batch, a batch over 1000 and a bad item, naming params.vectors[.i]", async () => {
    expect((await issuesOf(() => vectors().upsertBatch({ vectors: [] })))[0]).toMatchObject({ path: "params.vectors", message: "must not be empty" });
    const big = Array.from({ length: 1001 }, () => ({ vector: V384 }));
    expect((await issuesOf(() => vectors().upsertBatch({ vectors: big })))[0]?.path).toBe("params.vectors");
    const issues = await issuesOf(() => vectors().upsertBatch({ vectors: [{ vector: V384 }, { vector: [1, 2] }] }));
    expect(issues[0]?.path).toBe("params.vectors.1.vector_embedding");
  });

  it("refuses both an alias and its wire name, unknown fields and a bad search limit", async () => {
    expect((await issuesOf(() => vectors().upsert({ vector: V384, vector_embedding: V384 })))[0]).toMatchObject({
      path: "params.vector",
      message: "give vector_embedding or its alias vector, not both",
    });
    expect((await issuesOf(() => vectors().upsert({ vector: V384, embedding: V384 } as never)))[0]?.message).toMatch(/embedding/);
    expect((await issuesOf(() => vectors().search({ vector: V384, top_k: 0 })))[0]?.path).toBe("params.limit");
    expect((await issuesOf(() => vectors().search({ vector: V384, threshold: 1.5 })))[0]?.path).toBe("params.threshold");
  });
});

describe("vectors: options and auth", () => {
  const path = `/v1/public/${PID}/database/vectors`;

  it("a default namespace fills calls that name none", async () => {
    const seen: Seen = [];
    nock(BASE)
      .post(`${path}/upsert`)
      .reply(capture(seen, 200, wireVector))
      .get(path)
      .query({ offset: "0", limit: "100", namespace: "notes" })
      .reply(200, { vectors: [] });
    const notes = makeScope().vectors.withOptions({ namespace: "notes" });
    await notes.upsert({ vector: V384 });
    expect(seen[0]?.body).toEqual({ vector_embedding: V384, namespace: "notes" });
    expect((await notes.list()).data).toEqual([]);
  });

  it("sends Authorization: Bearer and no x-api-key with authScheme bearer", async () => {
    const seen: Seen = [];
    nock(BASE).post(`${path}/search`).reply(capture(seen, 200, { vectors: [] }));
    await makeScope({ authScheme: "bearer" }).vectors.search({ vector: V384 });
    expect(seen[0]?.headers.get("authorization")).toBe(`Bearer ${KEY}`);
    expect(seen[0]?.headers.get("x-api-key")).toBeNull();
  });
});
