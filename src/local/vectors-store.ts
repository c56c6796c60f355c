/**
 * Vector storage and nearest-neighbour search, shared by the vector and
 * embeddings routes. Each size (384, 768, 1024, 1536) has its own column and
 * HNSW index (`vector_cosine_ops`); a search compares only vectors of the
 * query's size.
 * @internal
 * @module
 */
import type { Transaction } from "@electric-sql/pglite";
import { VECTOR_DIMS, type Db } from "./db.js";
import { HttpError } from "./errors.js";
import type { Json } from "./validate.js";
import { parseVector, uuid, vectorLiteral } from "./util.js";
import { isVectorDimension } from "../contract/index.js";

/** A vector to store. */
export interface VectorInput {
  vector_id?: string | undefined;
  namespace?: string | undefined;
  embedding: number[];
  metadata?: Json | undefined;
  document?: string | null | undefined;
  source?: string | null | undefined;
}

/** Columns of a vector look-up without the embedding. */
export const BASE_COLS = "vector_id, namespace, dimensions, vector_metadata, document, source, created_at, updated_at, project_id";

/** The Vector object of the wire contract. */
export function presentVector(r: Record<string, unknown>, withEmbedding: boolean): Record<string, unknown> {
  const dims = r.dimensions as number;
  const out: Record<string, unknown> = {
    vector_id: r.vector_id,
    id: r.vector_id,
    project_id: r.project_id,
    namespace: r.namespace,
    vector_metadata: r.vector_metadata,
    metadata: r.vector_metadata,
    document: r.document,
    source: r.source,
    dimensions: dims,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
  if (withEmbedding) out.vector_embedding = parseVector(r.embedding);
  if (r.similarity !== undefined) {
    out.similarity = r.similarity;
    out.score = r.similarity;
  }
  return out;
}

/** 500 DIMENSION_MISMATCH unless the size is one ZeroDB stores. */
export function checkDims(n: number, expected = 384): void {
  if (!isVectorDimension(n)) {
    throw new HttpError(500, `Vector dimension mismatch. Expected ${expected}, got ${n}`, "DIMENSION_MISMATCH");
  }
}

/** The stored embedding, whichever size column holds it, as text. */
export const embeddingCol = `COALESCE(${VECTOR_DIMS.map((d) => `v${d}::text`).join(", ")}) AS embedding`;

/** Inserts or replaces a vector (idempotent by namespace + vector_id). */
export async function upsertVector(db: Db | Transaction, pid: string, v: VectorInput): Promise<Record<string, unknown>> {
  const dims = v.embedding.length;
  checkDims(dims);
  const id = v.vector_id ?? uuid();
  const cols = VECTOR_DIMS.map((d) => `v${d}`);
  const vals = VECTOR_DIMS.map((d) => (d === dims ? "$5::vector" : "NULL"));
  const r = await db.query<Record<string, unknown>>(
    `INSERT INTO zdb.vectors (project_id, namespace, vector_id, dimensions, ${cols.join(", ")}, vector_metadata, document, source)
     VALUES ($1, $2, $3, $4, ${vals.join(", ")}, $6, $7, $8)
     ON CONFLICT (project_id, namespace, vector_id) DO UPDATE SET dimensions = EXCLUDED.dimensions,
       ${cols.map((c) => `${c} = EXCLUDED.${c}`).join(", ")}, vector_metadata = EXCLUDED.vector_metadata,
       document = EXCLUDED.document, source = EXCLUDED.source, updated_at = clock_timestamp()
     RETURNING ${BASE_COLS}, ${embeddingCol}`,
    [pid, v.namespace ?? "default", id, dims, vectorLiteral(v.embedding), JSON.stringify(v.metadata ?? {}), v.document ?? null, v.source ?? null],
  );
  return r.rows[0]!;
}

/** Nearest neighbours by cosine similarity through the HNSW index of the query's size. */
export async function searchVectors(
  db: Db,
  pid: string,
  q: { vector: number[]; limit: number; threshold?: number | undefined; namespace?: string | undefined; metadataFilter?: Json | undefined; withEmbedding?: boolean },
): Promise<Record<string, unknown>[]> {
  const dims = q.vector.length;
  checkDims(dims);
  const col = `v${dims}`;
  const params: unknown[] = [pid, vectorLiteral(q.vector)];
  let where = `project_id = $1 AND ${col} IS NOT NULL`;
  if (q.namespace !== undefined) {
    params.push(q.namespace);
    where += ` AND namespace = $${params.length}`;
  }
  if (q.metadataFilter !== undefined && Object.keys(q.metadataFilter).length > 0) {
    params.push(JSON.stringify(q.metadataFilter));
    where += ` AND vector_metadata @> $${params.length}::jsonb`;
  }
  const r = await db.query<Record<string, unknown>>(
    `SELECT ${BASE_COLS}${q.withEmbedding ? `, ${col}::text AS embedding` : ""}, (${col} <=> $2::vector) AS distance
     FROM zdb.vectors WHERE ${where} ORDER BY ${col} <=> $2::vector LIMIT ${q.limit}`,
    params,
  );
  return r.rows
    .map((row) => ({ ...row, similarity: Math.round((1 - (row.distance as number)) * 1e6) / 1e6 }))
    .filter((row) => q.threshold === undefined || row.similarity >= q.threshold)
    .sort((a, b) => b.similarity - a.similarity);
}
