/**
 * Embeddings: `{P}/embeddings/{generate,embed-and-store,search,models}`,
 * computed by the configured embedder (lexical by default).
 * @internal
 * @module
 */
import type { Hono } from "hono";
import { DEFAULT_MODEL } from "../embedder.js";
import { embedTexts, findModel } from "../embedding.js";
import { isObject, readBody } from "../validate.js";
import { elapsedMs, type AppEnv, type Deps } from "../util.js";
import { searchVectors, upsertVector } from "../vectors-store.js";
import { EMBED_TEXTS_MAX, SEARCH_LIMIT_DEFAULT, SEARCH_LIMIT_MAX } from "../../contract/index.js";

export function registerEmbeddings(app: Hono<AppEnv>, deps: Deps): void {
  const { db, embedder } = deps;
  const base = "/projects/:pid/embeddings";

  app.post(`${base}/generate`, async (c) => {
    const t0 = performance.now();
    const b = await readBody(c);
    const texts = b.strList("texts", { required: true, min: 1, max: EMBED_TEXTS_MAX });
    const modelName = b.str("model") ?? DEFAULT_MODEL;
    const normalize = b.bool("normalize") ?? true;
    b.done();
    const model = findModel(embedder, modelName);
    const embeddings = await embedTexts(embedder, model, texts!, normalize);
    return c.json({
      embeddings,
      model: model.name,
      dimensions: model.dimensions,
      count: embeddings.length,
      processing_time_ms: elapsedMs(t0),
      project_id: c.get("pid"),
    });
  });

  app.post(`${base}/embed-and-store`, async (c) => {
    const t0 = performance.now();
    const b = await readBody(c);
    const texts = b.strList("texts", { required: true, min: 1, max: EMBED_TEXTS_MAX });
    const modelName = b.str("model") ?? DEFAULT_MODEL;
    const metaKey = b.raw.metadata_list === undefined && Array.isArray(b.raw.metadata) ? "metadata" : "metadata_list";
    const metas = b.arr(metaKey);
    const namespace = b.str("namespace", { min: 1 }) ?? "default";
    const idsKey = b.raw.vector_ids === undefined && b.raw.ids !== undefined ? "ids" : "vector_ids";
    const ids = b.strList(idsKey);
    if (texts !== undefined && metas !== undefined) {
      if (metas.length !== texts.length) b.fail(metaKey, `Expected ${texts.length} items (one per text), got ${metas.length}`, "length_mismatch");
      else if (!metas.every((m) => m === null || isObject(m))) b.fail(metaKey, "Each item should be a dictionary", "dict_type");
    }
    if (texts !== undefined && ids !== undefined && ids.length !== texts.length) {
      b.fail(idsKey, `Expected ${texts.length} items (one per text), got ${ids.length}`, "length_mismatch");
    }
    b.done();
    const model = findModel(embedder, modelName);
    const vectors = await embedTexts(embedder, model, texts!);
    const pid = c.get("pid");
    const stored = await db.transaction(async (tx) => {
      const out: string[] = [];
      for (const [i, text] of texts!.entries()) {
        const r = await upsertVector(tx, pid, {
          vector_id: ids?.[i],
          namespace,
          embedding: vectors[i]!,
          metadata: (metas?.[i] as Record<string, unknown> | null | undefined) ?? {},
          document: text,
          source: `embeddings:${model.name}`,
        });
        out.push(r.vector_id as string);
      }
      return out;
    });
    return c.json({
      success: true,
      vectors_stored: stored.length,
      embeddings_generated: vectors.length,
      model: model.name,
      dimensions: model.dimensions,
      target_column: `vector_${model.dimensions}`,
      namespace,
      project_id: pid,
      processing_time_ms: elapsedMs(t0),
      vector_ids: stored,
    });
  });

  app.post(`${base}/search`, async (c) => {
    const t0 = performance.now();
    const b = await readBody(c);
    const query = b.str("query", { required: true, min: 1 });
    const modelName = b.str("model") ?? DEFAULT_MODEL;
    const limit = b.int("limit", { min: 1, max: SEARCH_LIMIT_MAX }) ?? SEARCH_LIMIT_DEFAULT;
    const threshold = b.num("threshold", { min: 0, max: 1 }) ?? 0.7;
    const namespace = b.str("namespace", { min: 1 }) ?? "default";
    const filter = b.obj("filter_metadata") ?? b.obj("metadata_filter");
    b.done();
    const model = findModel(embedder, modelName);
    const [qv] = await embedTexts(embedder, model, [query!]);
    const rows = await searchVectors(db, c.get("pid"), { vector: qv!, limit, threshold, namespace, metadataFilter: filter });
    return c.json({
      results: rows.map((r) => ({ id: r.vector_id, document: r.document, similarity: r.similarity, metadata: r.vector_metadata, namespace: r.namespace })),
      query,
      total_results: rows.length,
      model: model.name,
      project_id: c.get("pid"),
      processing_time_ms: elapsedMs(t0),
    });
  });

  app.get(`${base}/models`, (c) =>
    c.json({ models: embedder.models.map((m) => ({ name: m.name, dimensions: m.dimensions, default: m.name === DEFAULT_MODEL })) }),
  );
}
