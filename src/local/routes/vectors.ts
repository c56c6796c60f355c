/**
 * Vectors: `{P}/database/vectors/*`. Each size (384, 768, 1024, 1536) has its
 * own column and HNSW index (`vector_cosine_ops`); a search compares only
 * vectors of the query's size.
 * @internal
 * @module
 */
import type { Hono } from "hono";
import { VECTOR_DIMS } from "../db.js";
import { HttpError, type ValidationIssue } from "../errors.js";
import { Fields, isObject, queryFields, readBody, readJson, offsetLimit } from "../validate.js";
import { elapsedMs, type AppEnv, type Deps } from "../util.js";
import { BASE_COLS, embeddingCol, presentVector, searchVectors, upsertVector, type VectorInput } from "../vectors-store.js";
import { MAX_VECTOR_BATCH, PAGE_LIMIT_MAX, SEARCH_LIMIT_DEFAULT, VECTOR_ID_MAX } from "../../contract/index.js";

// cosine similarity is undefined for a vector without a direction (pgvector answers NaN)
const isZero = (v: readonly number[]): boolean => v.every((x) => x === 0);
const ZERO_MSG = "Value error, the vector is all zeros: cosine similarity needs a non-zero vector";

/** Validates one upsert body; issues are recorded on `f`. */
function readVector(f: Fields): VectorInput | undefined {
  const emb = f.arr("vector_embedding", { required: true, min: 1 });
  const vector_id = f.str("vector_id", { min: 1, max: VECTOR_ID_MAX });
  const namespace = f.str("namespace", { min: 1, max: VECTOR_ID_MAX });
  const metaKey = f.raw.vector_metadata === undefined && f.raw.metadata !== undefined ? "metadata" : "vector_metadata";
  const metadata = f.obj(metaKey);
  const document = f.str("document");
  const source = f.str("source");
  if (emb === undefined) return undefined;
  if (!emb.every((x) => typeof x === "number" && Number.isFinite(x))) {
    f.fail("vector_embedding", "Input should be a list of finite numbers", "float_type");
    return undefined;
  }
  if (isZero(emb as number[])) {
    f.fail("vector_embedding", ZERO_MSG, "value_error");
    return undefined;
  }
  return { vector_id, namespace, embedding: emb as number[], metadata, document, source };
}

export function registerVectors(app: Hono<AppEnv>, deps: Deps): void {
  const { db } = deps;
  const base = "/projects/:pid/database/vectors";

  app.post(`${base}/upsert`, async (c) => {
    const b = await readBody(c);
    const v = readVector(b);
    b.done();
    return c.json(presentVector(await upsertVector(db, c.get("pid"), v!), true));
  });

  app.post(`${base}/upsert-batch`, async (c) => {
    const t0 = performance.now();
    const body = await readJson(c);
    const items = Array.isArray(body) ? body : isObject(body) && Array.isArray(body.vectors) ? body.vectors : undefined;
    if (items === undefined) {
      throw new HttpError(422, [{ loc: ["body"], msg: "Input should be a valid list", type: "list_type" }]);
    }
    if (items.length > MAX_VECTOR_BATCH) {
      throw new HttpError(422, [{ loc: ["body"], msg: `List should have at most ${MAX_VECTOR_BATCH} items after validation, not ${items.length}`, type: "too_long" }]);
    }
    const errors: { index: number; vector_id: unknown; error: string; details?: ValidationIssue[] }[] = [];
    const ids: string[] = [];
    const pid = c.get("pid");
    await db.transaction(async (tx) => {
      for (const [i, item] of items.entries()) {
        const vid = isObject(item) ? item.vector_id : undefined;
        if (!isObject(item)) {
          errors.push({ index: i, vector_id: null, error: "Item should be an object" });
          continue;
        }
        const f = new Fields(item, "body", [i]);
        const v = readVector(f);
        if (f.issues.length > 0 || v === undefined) {
          errors.push({ index: i, vector_id: vid ?? null, error: "Validation error", details: f.issues });
          continue;
        }
        if (!(VECTOR_DIMS as readonly number[]).includes(v.embedding.length)) {
          errors.push({ index: i, vector_id: vid ?? null, error: `Vector dimension mismatch. Expected 384, got ${v.embedding.length}` });
          continue;
        }
        const r = await upsertVector(tx, pid, v);
        ids.push(r.vector_id as string);
      }
    });
    return c.json({ success_count: ids.length, error_count: errors.length, errors, total_time_ms: elapsedMs(t0), vector_ids: ids });
  });

  app.post(`${base}/search`, async (c) => {
    const t0 = performance.now();
    const b = await readBody(c);
    const qv = b.arr("query_vector", { required: true, min: 1 });
    const limit = b.int("limit", { min: 1, max: PAGE_LIMIT_MAX }) ?? SEARCH_LIMIT_DEFAULT;
    const threshold = b.num("threshold", { min: 0, max: 1 });
    const namespace = b.str("namespace");
    const metadataFilter = b.obj("metadata_filter") ?? b.obj("filter_metadata");
    const withEmbedding = b.bool("include_embeddings") ?? b.bool("include_vectors") ?? false;
    if (qv !== undefined && !qv.every((x) => typeof x === "number" && Number.isFinite(x))) {
      b.fail("query_vector", "Input should be a list of finite numbers", "float_type");
    } else if (qv !== undefined && isZero(qv as number[])) {
      b.fail("query_vector", ZERO_MSG, "value_error");
    }
    b.done();
    const rows = await searchVectors(db, c.get("pid"), { vector: qv as number[], limit, threshold, namespace, metadataFilter, withEmbedding });
    return c.json({ vectors: rows.map((r) => presentVector(r, withEmbedding)), total_count: rows.length, search_time_ms: elapsedMs(t0) });
  });

  app.get(`${base}/stats`, async (c) => {
    const q = queryFields(c);
    const namespace = q.str("namespace");
    q.done();
    const params: unknown[] = [c.get("pid")];
    const where = namespace === undefined ? "project_id = $1" : "project_id = $1 AND namespace = $2";
    if (namespace !== undefined) params.push(namespace);
    const byNs = await db.query<{ namespace: string; n: number }>(
      `SELECT namespace, count(*) AS n FROM zdb.vectors WHERE ${where} GROUP BY namespace ORDER BY namespace`,
      params,
    );
    const byDim = await db.query<{ dimensions: number; n: number }>(
      `SELECT dimensions, count(*) AS n FROM zdb.vectors WHERE ${where} GROUP BY dimensions ORDER BY dimensions`,
      params,
    );
    const total = byNs.rows.reduce((s, r) => s + r.n, 0);
    const dimsSum = byDim.rows.reduce((s, r) => s + r.n * r.dimensions, 0);
    return c.json({
      total_vectors: total,
      namespaces: Object.fromEntries(byNs.rows.map((r) => [r.namespace, r.n])),
      dimensions: Object.fromEntries(byDim.rows.map((r) => [String(r.dimensions), r.n])),
      avg_dimensions: total === 0 ? 0 : dimsSum / total,
      total_size_mb: Math.round(((dimsSum * 4) / 1048576) * 1000) / 1000,
    });
  });

  app.get(base, async (c) => {
    const q = queryFields(c);
    const namespace = q.str("namespace");
    const detailed = q.bool("detailed") ?? false;
    const { offset, limit } = offsetLimit(q);
    const params: unknown[] = [c.get("pid")];
    const where = namespace === undefined ? "project_id = $1" : "project_id = $1 AND namespace = $2";
    if (namespace !== undefined) params.push(namespace);
    const total = (await db.query<{ n: number }>(`SELECT count(*) AS n FROM zdb.vectors WHERE ${where}`, params)).rows[0]!.n;
    const r = await db.query<Record<string, unknown>>(
      `SELECT ${BASE_COLS}${detailed ? `, ${embeddingCol}` : ""} FROM zdb.vectors WHERE ${where} ORDER BY seq LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
    const vectors = r.rows.map((x) => presentVector(x, detailed));
    return c.json({ vectors, total, offset, limit, has_more: offset + vectors.length < total });
  });

  const findOne = async (pid: string, id: string, namespace: string | undefined): Promise<Record<string, unknown> | undefined> => {
    const params: unknown[] = [pid, id];
    if (namespace !== undefined) params.push(namespace);
    const r = await db.query<Record<string, unknown>>(
      `SELECT ${BASE_COLS}, ${embeddingCol} FROM zdb.vectors WHERE project_id = $1 AND vector_id = $2
       ${namespace === undefined ? "" : "AND namespace = $3"} ORDER BY (namespace = 'default') DESC, seq LIMIT 1`,
      params,
    );
    return r.rows[0];
  };

  const findOr404 = async (pid: string, id: string, namespace: string | undefined) => {
    const row = await findOne(pid, id, namespace);
    if (row === undefined) throw new HttpError(404, `Vector '${id}' not found`, "VECTOR_NOT_FOUND");
    return row;
  };

  app.get(`${base}/:vectorId`, async (c) => {
    const q = queryFields(c);
    const namespace = q.str("namespace");
    q.done();
    const id = c.req.param("vectorId");
    const row = await findOr404(c.get("pid"), id, namespace);
    return c.json(presentVector(row, true));
  });

  app.delete(`${base}/:vectorId`, async (c) => {
    const q = queryFields(c);
    const namespace = q.str("namespace");
    q.done();
    const id = c.req.param("vectorId");
    const row = await findOr404(c.get("pid"), id, namespace);
    await db.query("DELETE FROM zdb.vectors WHERE project_id = $1 AND vector_id = $2 AND namespace = $3", [c.get("pid"), id, row.namespace]);
    return c.json({ success: true, vector_id: id, namespace: row.namespace });
  });
}
