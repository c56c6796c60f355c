/**
 * Vector sizes and embedding models (zerodb-api.md §4-§5).
 * @module
 */

/** Vector sizes ZeroDB stores (one column each: `vector_384` ... `vector_1536`). */
export const VECTOR_DIMENSIONS = [384, 768, 1024, 1536] as const;
/** One of {@link VECTOR_DIMENSIONS}. */
export type VectorDimension = (typeof VECTOR_DIMENSIONS)[number];
/** The default vector size (bge-small). */
export const DEFAULT_VECTOR_DIMENSIONS: VectorDimension = 384;

/** The embedding models ZeroDB serves, with their vector sizes. */
export const EMBEDDING_MODELS = {
  "BAAI/bge-small-en-v1.5": 384,
  "BAAI/bge-base-en-v1.5": 768,
  "BAAI/bge-large-en-v1.5": 1024,
} as const;
/** A model named in {@link EMBEDDING_MODELS}; other names are passed through unchecked. */
export type KnownEmbeddingModel = keyof typeof EMBEDDING_MODELS;
/** Model sent when a call names none; store and search must use the same one. */
export const DEFAULT_EMBEDDING_MODEL: KnownEmbeddingModel = "BAAI/bge-small-en-v1.5";

/** Whether `n` is one of {@link VECTOR_DIMENSIONS}. */
export function isVectorDimension(n: number): n is VectorDimension {
  return (VECTOR_DIMENSIONS as readonly number[]).includes(n);
}
