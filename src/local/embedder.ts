/**
 * Embedders for the local server. The default one is lexical: a deterministic
 * feature-hashing embedder (word unigrams and bigrams, signed buckets, L2
 * normalised) producing 384-dim unit vectors. It is NOT BAAI/bge-small-en-v1.5:
 * texts are similar when they share words, not when they share meaning.
 * @module
 */
import { DEFAULT_EMBEDDING_MODEL, EMBEDDING_MODELS } from "../contract/index.js";

/**
 * A model the embeddings endpoints accept.
 *
 * @example
 * ```ts
 * const model: EmbeddingModel = { name: "BAAI/bge-small-en-v1.5", dimensions: 384 };
 * ```
 */
export interface EmbeddingModel {
  /** Model name as sent in `model`, e.g. `BAAI/bge-small-en-v1.5`. */
  name: string;
  /** Length of the vectors it produces. */
  dimensions: number;
}

/**
 * Turns texts into vectors for `model` (one vector per text, in order).
 *
 * @example
 * ```ts
 * const embed: EmbedFunction = async (texts) => texts.map((t) => lexicalEmbed(t));
 * await startLocalZeroDB({ embedder: embed });
 * ```
 */
export type EmbedFunction = (texts: string[], model: string) => Promise<number[][]>;

/**
 * A pluggable embedder: the models it serves and the function computing them.
 *
 * @example
 * ```ts
 * const embedder: LocalEmbedder = {
 *   models: [{ name: "BAAI/bge-base-en-v1.5", dimensions: 768 }],
 *   embed: async (texts) => myModel.encode(texts),
 * };
 * await startLocalZeroDB({ embedder });
 * ```
 */
export interface LocalEmbedder {
  models: EmbeddingModel[];
  embed: EmbedFunction;
}

/**
 * The default model name (also ZeroDB's default).
 *
 * @example
 * ```ts
 * await fetch(`${url}/v1/public/${pid}/embeddings/generate`, { method: "POST", headers, body: JSON.stringify({ texts: ["hi"], model: DEFAULT_MODEL }) });
 * ```
 */
export const DEFAULT_MODEL: string = DEFAULT_EMBEDDING_MODEL;

/**
 * The models ZeroDB Cloud serves (the local default embedder serves only the first).
 *
 * @example
 * ```ts
 * const dims = ZERODB_MODELS.find((m) => m.name === "BAAI/bge-base-en-v1.5")?.dimensions; // 768
 * ```
 */
export const ZERODB_MODELS: readonly EmbeddingModel[] = Object.entries(EMBEDDING_MODELS).map(([name, dimensions]): EmbeddingModel => ({ name, dimensions }));

function fnv1a(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // final avalanche (murmur3 fmix32)
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** Lower-cased word tokens (Unicode letters with their marks, and digits), with a light plural strip. */
export function tokenize(text: string): string[] {
  const words = text.normalize("NFKC").toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  return words.map((w) => (w.length > 3 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w));
}

/**
 * The lexical embedding of one text: a unit vector of `dims` numbers.
 * Deterministic: the same text always gives the same vector.
 *
 * @example
 * ```ts
 * const v = lexicalEmbed("Asha pledged 5000 at the gala"); // number[384], |v| = 1
 * ```
 */
export function lexicalEmbed(text: string, dims = 384): number[] {
  const v = new Float64Array(dims);
  const toks = tokenize(text);
  const add = (feature: string, w: number): void => {
    const h = fnv1a(feature, 0);
    const sign = (fnv1a(feature, 0x9e3779b9) & 1) === 0 ? 1 : -1;
    v[h % dims]! += sign * w;
  };
  for (let i = 0; i < toks.length; i++) {
    add(`u:${toks[i]}`, 1);
    if (i + 1 < toks.length) add(`b:${toks[i]} ${toks[i + 1]}`, 0.5);
  }
  let norm = 0;
  for (const x of v) norm += x * x;
  if (norm === 0) {
    add("empty:", 1);
    norm = 1;
  }
  const n = Math.sqrt(norm);
  return Array.from(v, (x) => x / n);
}

/**
 * The default embedder: lexical, 384 dims, served under the name `BAAI/bge-small-en-v1.5`.
 *
 * @example
 * ```ts
 * const [v] = await lexicalEmbedder.embed(["call after Diwali"], DEFAULT_MODEL);
 * ```
 */
export const lexicalEmbedder: LocalEmbedder = {
  models: [{ name: DEFAULT_MODEL, dimensions: 384 }],
  embed: (texts) => Promise.resolve(texts.map((t) => lexicalEmbed(t, 384))),
};

/** Accepts a bare function (serving the default 384-dim model) or a LocalEmbedder. */
export function resolveEmbedder(e?: EmbedFunction | LocalEmbedder): LocalEmbedder {
  if (e === undefined) return lexicalEmbedder;
  if (typeof e === "function") return { models: [{ name: DEFAULT_MODEL, dimensions: 384 }], embed: e };
  return e;
}

/** Cosine similarity of two equal-length vectors. */
export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
