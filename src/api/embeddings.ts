import * as z from "zod/mini";
import type { RequestOptions } from "../http/transport.js";
import { type APIPromise, get, post } from "./resource.js";
import { inputOf, compact, jsonObject, parseInput, type JsonObject, type ProjectContext } from "./shared.js";

import { DEFAULT_EMBEDDING_MODEL, EMBED_TEXTS_MAX, EMBEDDING_MODELS, SEARCH_LIMIT_DEFAULT, SEARCH_LIMIT_MAX, type KnownEmbeddingModel } from "../contract/index.js";

export { DEFAULT_EMBEDDING_MODEL, EMBEDDING_MODELS, type KnownEmbeddingModel };
/**
 * Similarity threshold sent when a search names none. ZeroDB's own defaults disagree
 * (0.7 in the API catalog, 0.3 on the live server per AINative's IDE, 0 in the developer
 * guide), so the SDK always sends one to get the same results everywhere.
 */
export const DEFAULT_SEARCH_THRESHOLD = 0.7;
/** Results asked for when a search names no `limit`. */
export const DEFAULT_SEARCH_LIMIT = SEARCH_LIMIT_DEFAULT;

/** Size of `model`'s vectors, if the SDK knows the model. */
function knownDimensions(model: string): number | undefined {
  return Object.hasOwn(EMBEDDING_MODELS, model) ? EMBEDDING_MODELS[model as KnownEmbeddingModel] : undefined;
}

const text = z.string().check(z.refine((t) => t.trim().length > 0, "must be a non-empty string"));
const texts = z.array(text).check(z.minLength(1, `needs 1-${EMBED_TEXTS_MAX} texts`), z.maxLength(EMBED_TEXTS_MAX, `needs 1-${EMBED_TEXTS_MAX} texts`));
const model = z._default(z.string().check(z.minLength(1)), DEFAULT_EMBEDDING_MODEL);

const generateParams = inputOf<GenerateEmbeddingsParams>()(z.strictObject({ texts, model, normalize: z.optional(z.boolean()) }));
/** Input of {@link EmbeddingsAPI.generate}. `model` defaults to {@link DEFAULT_EMBEDDING_MODEL}; the server normalizes by default. */
export interface GenerateEmbeddingsParams {
  /** 1-100 texts to embed, each with some non-blank character. */
  texts: string[];
  /** Embedding model, one of {@link EMBEDDING_MODELS} or any other name the server knows. Default {@link DEFAULT_EMBEDDING_MODEL}, always sent. */
  model?: KnownEmbeddingModel | (string & {}) | undefined;
  /** Scale each embedding to unit length. Not sent unless given (the server normalizes by default). */
  normalize?: boolean | undefined;
}

const storeParams = inputOf<EmbedAndStoreParams>()(z.strictObject({
    texts,
    model,
    metadata_list: z.optional(z.array(jsonObject)),
    namespace: z.optional(z.string().check(z.minLength(1))),
  }).check(z.superRefine((p, ctx) => {
    if (p.metadata_list !== undefined && p.metadata_list.length !== p.texts.length) {
      ctx.addIssue({
        code: "custom",
        path: ["metadata_list"],
        message: `must have one entry per text (${p.texts.length}); got ${p.metadata_list.length}`,
      });
    }
  })));
/** Input of {@link EmbeddingsAPI.embedAndStore}: `metadata_list[i]` belongs to `texts[i]`. */
export interface EmbedAndStoreParams {
  /** 1-100 texts to embed and store, each with some non-blank character. */
  texts: string[];
  /** Embedding model, one of {@link EMBEDDING_MODELS} or any other name the server knows; search with the same one. Default {@link DEFAULT_EMBEDDING_MODEL}, always sent. */
  model?: KnownEmbeddingModel | (string & {}) | undefined;
  /** One JSON object per text, in the same order (the lengths must match). */
  metadata_list?: JsonObject[] | undefined;
  /** Vector namespace to store into; non-empty (server default `"default"`). */
  namespace?: string | undefined;
}

const searchParams = inputOf<SemanticSearchParams>()(z.strictObject({
  query: text,
  model,
  limit: z._default(z.int().check(z.minimum(1), z.maximum(SEARCH_LIMIT_MAX)), DEFAULT_SEARCH_LIMIT),
  threshold: z._default(z.number().check(z.minimum(0), z.maximum(1)), DEFAULT_SEARCH_THRESHOLD),
  namespace: z.optional(z.string().check(z.minLength(1))),
  filter_metadata: z.optional(jsonObject),
}));
/** Input of {@link EmbeddingsAPI.search}. `model`, `limit` (10, max 100) and `threshold` (0.7) are always sent. */
export interface SemanticSearchParams {
  /** Text to search for; must have some non-blank character. */
  query: string;
  /** Embedding model; use the one the texts were stored with. Default {@link DEFAULT_EMBEDDING_MODEL}, always sent. */
  model?: KnownEmbeddingModel | (string & {}) | undefined;
  /** Most results to return, an integer 1-100. Default {@link DEFAULT_SEARCH_LIMIT} (10), always sent. */
  limit?: number | undefined;
  /** Lowest similarity a result may have, 0-1. Default {@link DEFAULT_SEARCH_THRESHOLD} (0.7), always sent. */
  threshold?: number | undefined;
  /** Search only this vector namespace; non-empty. */
  namespace?: string | undefined;
  /** Only texts whose metadata has these key/value pairs. */
  filter_metadata?: JsonObject | undefined;
}

/** Answer of {@link EmbeddingsAPI.generate}. */
export interface EmbeddingsResult {
  embeddings: number[][];
  model: string;
  dimensions: number;
  count: number;
  processing_time_ms: number | undefined;
  [key: string]: unknown;
}

/** Answer of {@link EmbeddingsAPI.embedAndStore}. */
export interface EmbedAndStoreResult {
  success: boolean;
  vectors_stored: number;
  embeddings_generated: number | undefined;
  model: string;
  dimensions: number | undefined;
  namespace: string | undefined;
  /** Ids of the stored vectors, when the server lists them. */
  vector_ids: string[] | undefined;
  processing_time_ms: number | undefined;
  [key: string]: unknown;
}

/** One semantic-search hit, normalized (`similarity` or `score`, `document` or `text`, `metadata` or `vector_metadata`). */
export interface EmbeddingMatch<M extends JsonObject = JsonObject> {
  id: string;
  document: string | undefined;
  similarity: number;
  metadata: M;
}

/** Answer of {@link EmbeddingsAPI.search}. */
export interface SemanticSearchResult<M extends JsonObject = JsonObject> {
  results: EmbeddingMatch<M>[];
  query: string | undefined;
  total_results: number;
  model: string | undefined;
  processing_time_ms: number | undefined;
}

/** A model the server offers. */
export interface EmbeddingModel {
  name: string;
  dimensions: number | undefined;
  default: boolean;
}

// Answers whose size contradicts the known model mean the wrong model ran: fail loudly.
function dimensionsMatch(asked: string, answered: { model?: string | null | undefined; dimensions?: number | null | undefined }): boolean {
  const expected = knownDimensions(answered.model ?? asked);
  return expected === undefined || answered.dimensions == null || answered.dimensions === expected;
}
const dimensionIssue = (asked: string) => ({
  path: ["dimensions"],
  message: `does not match the size of model ${asked} (${knownDimensions(asked) ?? "unknown"})`,
});

function generateSchema(asked: string): z.ZodMiniType<EmbeddingsResult> {
  return z.pipe(
    z
      .looseObject({
        embeddings: z.array(z.array(z.number())),
        model: z.nullish(z.string()),
        dimensions: z.nullish(z.number()),
        count: z.nullish(z.number()),
        processing_time_ms: z.nullish(z.number()),
      })
      .check(
        z.refine((r) => dimensionsMatch(asked, r), dimensionIssue(asked)),
        z.refine((r) => r.embeddings.every((e) => e.length === (r.dimensions ?? r.embeddings[0]?.length)), {
          path: ["embeddings"],
          message: "every embedding must have `dimensions` numbers",
        }),
      ),
    z.transform(
      (r): EmbeddingsResult => ({
        ...r,
        model: r.model ?? asked,
        dimensions: r.dimensions ?? r.embeddings[0]?.length ?? knownDimensions(asked) ?? 0,
        count: r.count ?? r.embeddings.length,
        processing_time_ms: r.processing_time_ms ?? undefined,
      }),
    ),
  ) as unknown as z.ZodMiniType<EmbeddingsResult>;
}

function storeSchema(asked: string): z.ZodMiniType<EmbedAndStoreResult> {
  return z.pipe(
    z
      .looseObject({
        success: z.nullish(z.boolean()),
        vectors_stored: z.number(),
        embeddings_generated: z.nullish(z.number()),
        model: z.nullish(z.string()),
        dimensions: z.nullish(z.number()),
        namespace: z.nullish(z.string()),
        vector_ids: z.nullish(z.array(z.string())),
        processing_time_ms: z.nullish(z.number()),
      })
      .check(z.refine((r) => dimensionsMatch(asked, r), dimensionIssue(asked))),
    z.transform(
      (r): EmbedAndStoreResult => ({
        ...r,
        success: r.success ?? true,
        embeddings_generated: r.embeddings_generated ?? undefined,
        model: r.model ?? asked,
        dimensions: r.dimensions ?? undefined,
        namespace: r.namespace ?? undefined,
        vector_ids: r.vector_ids ?? undefined,
        processing_time_ms: r.processing_time_ms ?? undefined,
      }),
    ),
  ) as unknown as z.ZodMiniType<EmbedAndStoreResult>;
}

const matchSchema = z.pipe(
  z
    .looseObject({
      id: z.optional(z.string()),
      vector_id: z.optional(z.string()),
      document: z.nullish(z.string()),
      text: z.nullish(z.string()),
      similarity: z.nullish(z.number()),
      score: z.nullish(z.number()),
      metadata: z.nullish(jsonObject),
      vector_metadata: z.nullish(jsonObject),
    })
    .check(
      z.refine((m) => (m.id ?? m.vector_id) !== undefined, { message: "a result needs id (or vector_id)" }),
      z.refine((m) => (m.similarity ?? m.score) != null, { message: "a result needs similarity (or score)" }),
    ),
  z.transform(
    (m): EmbeddingMatch => ({
      id: (m.id ?? m.vector_id) as string,
      document: m.document ?? m.text ?? undefined,
      similarity: (m.similarity ?? m.score) as number,
      metadata: m.metadata ?? m.vector_metadata ?? {},
    }),
  ),
);

// The hits come as `results` (catalogue) or `vectors` (some servers); none at all means no hits, as in other lists.
const searchResultSchema = z.pipe(
  z.looseObject({
    results: z.optional(z.array(matchSchema)),
    vectors: z.optional(z.array(matchSchema)),
    query: z.nullish(z.string()),
    total_results: z.nullish(z.number()),
    model: z.nullish(z.string()),
    processing_time_ms: z.nullish(z.number()),
  }),
  z.transform((r): SemanticSearchResult => {
    const results = r.results ?? r.vectors ?? [];
    return {
      results,
      query: r.query ?? undefined,
      total_results: r.total_results ?? results.length,
      model: r.model ?? undefined,
      processing_time_ms: r.processing_time_ms ?? undefined,
    };
  }),
);

const modelEntry = z.union([
  z.pipe(z.string(), z.transform((name): EmbeddingModel => ({ name, dimensions: knownDimensions(name), default: name === DEFAULT_EMBEDDING_MODEL }))),
  z.pipe(
    z
      .looseObject({
        name: z.optional(z.string()),
        id: z.optional(z.string()),
        model: z.optional(z.string()),
        dimensions: z.nullish(z.number()),
        default: z.nullish(z.boolean()),
      })
      .check(z.refine((m) => (m.name ?? m.id ?? m.model) !== undefined, { message: "a model needs name (or id, model)" })),
    z.transform((m): EmbeddingModel => {
      const name = (m.name ?? m.id ?? m.model) as string;
      return { name, dimensions: m.dimensions ?? knownDimensions(name), default: m.default ?? name === DEFAULT_EMBEDDING_MODEL };
    }),
  ),
]);
const modelsSchema = z.union([
  z.array(modelEntry),
  z.pipe(z.looseObject({ models: z.array(modelEntry) }), z.transform((r) => r.models)),
]) as unknown as z.ZodMiniType<EmbeddingModel[]>;

/**
 * `{P}/embeddings`: server-side embedding (generate), embed-and-store into the project's
 * vectors, and semantic search over them. `model` is always sent
 * (default {@link DEFAULT_EMBEDDING_MODEL}), and answers whose `dimensions` contradict a
 * known model's size are refused with `ResponseValidationError`.
 */
export class EmbeddingsAPI {
  readonly #ctx: ProjectContext;
  /** @internal Made by the client; use `scope.embeddings`. */
  constructor(ctx: ProjectContext) {
    this.#ctx = ctx;
  }

  #path(rest: string): string {
    return `${this.#ctx.prefix}/embeddings${rest}`;
  }

  /**
   * Embeds 1-100 texts without storing them. Has no side effect, so it is retried.
   * @example
   * ```ts
   * const { embeddings } = await scope.embeddings.generate({ texts: ["Asha pledged 500"] });
   * ```
   */
  generate(params: GenerateEmbeddingsParams, options?: RequestOptions): APIPromise<EmbeddingsResult> {
    return post(this.#ctx.http, () => {
      const p = parseInput(generateParams, params, "params");
      return { path: this.#path("/generate"), body: compact(p), idempotent: true, schema: generateSchema(p.model) };
    }, options);
  }

  /**
   * Embeds 1-100 texts and stores them as vectors. Not retried after an ambiguous failure
   * (a retry would store them twice).
   * @example
   * ```ts
   * await scope.embeddings.embedAndStore({
   *   texts: ["Asha pledged 500", "Ravi asked for a callback"],
   *   metadata_list: [{ contact_id: "c-1" }, { contact_id: "c-2" }],
   *   namespace: "notes",
   * });
   * ```
   */
  embedAndStore(params: EmbedAndStoreParams, options?: RequestOptions): APIPromise<EmbedAndStoreResult> {
    return post(this.#ctx.http, () => {
      const p = parseInput(storeParams, params, "params");
      return { path: this.#path("/embed-and-store"), body: compact(p), schema: storeSchema(p.model) };
    }, options);
  }

  /**
   * Semantic search over stored texts. Use the model the texts were stored with.
   * @example
   * ```ts
   * const { results } = await scope.embeddings.search({ query: "who pledged?", namespace: "notes", limit: 5 });
   * ```
   */
  search<M extends JsonObject = JsonObject>(params: SemanticSearchParams, options?: RequestOptions): APIPromise<SemanticSearchResult<M>> {
    return post(this.#ctx.http, () => {
      const p = parseInput(searchParams, params, "params");
      return { path: this.#path("/search"), body: compact(p), idempotent: true, schema: searchResultSchema as unknown as z.ZodMiniType<SemanticSearchResult<M>> };
    }, options);
  }

  /**
   * Lists the models the server offers.
   * @example
   * ```ts
   * const models = await scope.embeddings.models();
   * ```
   */
  models(options?: RequestOptions): APIPromise<EmbeddingModel[]> {
    return get(this.#ctx.http, { path: this.#path("/models"), schema: modelsSchema }, options);
  }
}
