import nock from "nock";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_EMBEDDING_MODEL,
  EMBEDDING_MODELS,
  ResponseValidationError,
  ValidationError,
} from "../../src/index.js";
import { BASE, capture, KEY, makeScope, PID, STYLES, useNock } from "./helpers.js";

useNock();

type Seen = Array<{ body: unknown; headers: Headers; url: string }>;
const emb = (n: number): number[] => Array.from({ length: n }, () => 0.1);
const generated = { embeddings: [emb(384), emb(384)], model: DEFAULT_EMBEDDING_MODEL, dimensions: 384, count: 2, processing_time_ms: 12, project_id: PID };
const stored = {
  success: true,
  vectors_stored: 2,
  embeddings_generated: 2,
  model: DEFAULT_EMBEDDING_MODEL,
  dimensions: 384,
  target_column: "vector_384",
  namespace: "notes",
  project_id: PID,
  processing_time_ms: 30,
  vector_ids: ["v1", "v2"],
};
const searched = {
  results: [{ id: "v1", document: "Asha pledged 500", similarity: 0.83, metadata: { contact_id: "c-1" } }],
  query: "who pledged?",
  total_results: 1,
  model: DEFAULT_EMBEDDING_MODEL,
  project_id: PID,
  processing_time_ms: 8,
};

describe.each(STYLES)("embeddings ($name)", ({ options, prefix }) => {
  const embeddings = () => makeScope(options).embeddings;

  it("generate POSTs {texts, model, normalize} with the default model always sent", async () => {
    const seen: Seen = [];
    nock(BASE).post(`${prefix}/embeddings/generate`).matchHeader("x-api-key", KEY).reply(capture(seen, 200, generated));
    const r = await embeddings().generate({ texts: ["a", "b"], normalize: false });
    expect(seen[0]?.body).toEqual({ texts: ["a", "b"], model: "BAAI/bge-small-en-v1.5", normalize: false });
    expect(r).toMatchObject({ model: DEFAULT_EMBEDDING_MODEL, dimensions: 384, count: 2, processing_time_ms: 12 });
    expect(r.embeddings).toHaveLength(2);
  });

  it("embedAndStore POSTs {texts, model, metadata_list, namespace}", async () => {
    const seen: Seen = [];
    nock(BASE).post(`${prefix}/embeddings/embed-and-store`).reply(capture(seen, 200, stored));
    const r = await embeddings().embedAndStore({
      texts: ["Asha pledged 500", "Ravi asked for a callback"],
      metadata_list: [{ contact_id: "c-1" }, { contact_id: "c-2" }],
      namespace: "notes",
    });
    expect(seen[0]?.body).toEqual({
      texts: ["Asha pledged 500", "Ravi asked for a callback"],
      model: DEFAULT_EMBEDDING_MODEL,
      metadata_list: [{ contact_id: "c-1" }, { contact_id: "c-2" }],
      namespace: "notes",
    });
    expect(r).toMatchObject({ success: true, vectors_stored: 2, vector_ids: ["v1", "v2"], target_column: "vector_384" });
  });

  it("search always sends model, limit 10 and threshold 0.7, plus namespace and filter_metadata", async () => {
    const seen: Seen = [];
    nock(BASE)
      .post(`${prefix}/embeddings/search`)
      .reply(capture(seen, 200, searched))
      .post(`${prefix}/embeddings/search`)
      .reply(capture(seen, 200, { results: [] }));
    const r = await embeddings().search({ query: "who pledged?", namespace: "notes", filter_metadata: { contact_id: "c-1" } });
    expect(seen[0]?.body).toEqual({
      query: "who pledged?",
      model: DEFAULT_EMBEDDING_MODEL,
      limit: 10,
      threshold: 0.7,
      namespace: "notes",
      filter_metadata: { contact_id: "c-1" },
    });
    expect(r.results).toEqual([{ id: "v1", document: "Asha pledged 500", similarity: 0.83, metadata: { contact_id: "c-1" } }]);
    expect(r).toMatchObject({ total_results: 1, query: "who pledged?" });
    await embeddings().search({ query: "x", model: "BAAI/bge-base-en-v1.5", limit: 3, threshold: 0 });
    expect(seen[1]?.body).toEqual({ query: "x", model: "BAAI/bge-base-en-v1.5", limit: 3, threshold: 0 });
  });

  it("models GETs {P}/embeddings/models", async () => {
    nock(BASE)
      .get(`${prefix}/embeddings/models`)
      .reply(200, { models: [{ name: "BAAI/bge-small-en-v1.5", dimensions: 384, default: true }, { name: "BAAI/bge-base-en-v1.5", dimensions: 768, default: false }] });
    expect(await embeddings().models()).toEqual([
      { name: "BAAI/bge-small-en-v1.5", dimensions: 384, default: true },
      { name: "BAAI/bge-base-en-v1.5", dimensions: 768, default: false },
    ]);
  });
});

describe("embeddings: lenient answers and dimension checks", () => {
  const path = `/v1/public/${PID}/embeddings`;

  it("reads search hits with score, text, vector_metadata and vector_id", async () => {
    nock(BASE)
      .post(`${path}/search`)
      .reply(200, { results: [{ vector_id: "v9", text: "hello", similarity: null, score: 0.75, vector_metadata: { a: 1 } }] });
    const r = await makeScope().embeddings.search({ query: "hi" });
    expect(r.results).toEqual([{ id: "v9", document: "hello", similarity: 0.75, metadata: { a: 1 } }]);
    expect(r.total_results).toBe(1);
  });

  it("reads search hits sent as `vectors` instead of `results`, and an answer with neither as no hits", async () => {
    nock(BASE)
      .post(`${path}/search`)
      .reply(200, { vectors: [{ id: "v1", document: "Asha pledged", similarity: 0.9, metadata: { contact_id: "c-1" } }], total_results: 1 })
      .post(`${path}/search`)
      .reply(200, { query: "hi", total_results: 0 });
    const r = await makeScope().embeddings.search({ query: "who pledged?" });
    expect(r.results).toEqual([{ id: "v1", document: "Asha pledged", similarity: 0.9, metadata: { contact_id: "c-1" } }]);
    expect(await makeScope().embeddings.search({ query: "hi" })).toMatchObject({ results: [], total_results: 0 });
  });

  it("reads models as a bare list of names, filling known sizes", async () => {
    nock(BASE).get(`${path}/models`).reply(200, ["BAAI/bge-large-en-v1.5", "bge-m3"]);
    expect(await makeScope().embeddings.models()).toEqual([
      { name: "BAAI/bge-large-en-v1.5", dimensions: 1024, default: false },
      { name: "bge-m3", dimensions: undefined, default: false },
    ]);
  });

  it("refuses answers whose dimensions contradict the known model", async () => {
    nock(BASE)
      .post(`${path}/generate`)
      .reply(200, { ...generated, dimensions: 768, embeddings: [emb(768)] })
      .post(`${path}/embed-and-store`)
      .reply(200, { ...stored, model: "BAAI/bge-large-en-v1.5", dimensions: 384 })
      .post(`${path}/generate`)
      .reply(200, { ...generated, embeddings: [emb(384), emb(10)] });
    const e = makeScope().embeddings;
    await expect(e.generate({ texts: ["a"] })).rejects.toThrow(ResponseValidationError);
    await expect(e.embedAndStore({ texts: ["a"] })).rejects.toThrow(/dimensions/);
    await expect(e.generate({ texts: ["a", "b"] })).rejects.toThrow(/embeddings/);
  });

  it("accepts any size for a model it does not know", async () => {
    nock(BASE).post(`${path}/generate`).reply(200, { embeddings: [emb(1024)], model: "bge-m3", dimensions: 1024 });
    const r = await makeScope().embeddings.generate({ texts: ["a"], model: "bge-m3" });
    expect(r).toMatchObject({ dimensions: 1024, count: 1, model: "bge-m3" });
  });

  it("exports the known models with their sizes", () => {
    expect(EMBEDDING_MODELS).toEqual({ "BAAI/bge-small-en-v1.5": 384, "BAAI/bge-base-en-v1.5": 768, "BAAI/bge-large-en-v1.5": 1024 });
  });
});

describe("embeddings: retries, auth and client-side checks", () => {
  const path = `/v1/public/${PID}/embeddings`;

  it("embedAndStore is tried once on 503; search is retried", async () => {
    nock(BASE).post(`${path}/embed-and-store`).once().reply(503, { detail: "busy" });
    await expect(makeScope({ retryBaseDelay: 1 }).embeddings.embedAndStore({ texts: ["a"] })).rejects.toMatchObject({ name: "ServerError", status: 503 }); // nock answers an unmatched retry with 501
    nock(BASE).post(`${path}/search`).reply(503, {}).post(`${path}/search`).reply(200, searched);
    expect((await makeScope({ retryBaseDelay: 1 }).embeddings.search({ query: "q" })).results).toHaveLength(1);
  });

  it("sends Authorization: Bearer and no x-api-key with authScheme bearer", async () => {
    const seen: Seen = [];
    nock(BASE).get(`${path}/models`).reply(capture(seen, 200, { models: [] }));
    await makeScope({ authScheme: "bearer" }).embeddings.models();
    expect(seen[0]?.headers.get("authorization")).toBe(`Bearer ${KEY}`);
    expect(seen[0]?.headers.get("x-api-key")).toBeNull();
  });

  it("refuses bad texts, a mismatched metadata_list and out-of-range search options before sending", async () => {
    const e = makeScope().embeddings;
    const issue = async (p: Promise<unknown>) => {
      const err = await p.catch((x: unknown) => x);
      expect(err).toBeInstanceOf(ValidationError);
      return (err as ValidationError).issues[0];
    };
    expect(await issue(e.generate({ texts: [] }))).toMatchObject({ path: "params.texts", message: "needs 1-100 texts" });
    expect(await issue(e.generate({ texts: Array.from({ length: 101 }, () => "t") }))).toMatchObject({ path: "params.texts" });
    expect(await issue(e.generate({ texts: ["ok", "  "] }))).toMatchObject({ path: "params.texts.1", message: "must be a non-empty string" });
    expect(await issue(e.embedAndStore({ texts: ["a", "b"], metadata_list: [{}] }))).toMatchObject({
      path: "params.metadata_list",
      message: "must have one entry per text (2); got 1",
    });
    expect(await issue(e.search({ query: "q", limit: 101 }))).toMatchObject({ path: "params.limit" });
    expect(await issue(e.search({ query: "q", threshold: -0.1 }))).toMatchObject({ path: "params.threshold" });
    expect(await issue(e.search({ query: "" }))).toMatchObject({ path: "params.query" });
  });
});
