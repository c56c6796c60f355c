import { z } from "zod";
import type { RequestOptions } from "../http/transport.js";
import { type Agrees, compact, jsonObject, parseInput, type JsonObject, type ProjectContext } from "./shared.js";

/** Embedding models ZeroDB hosts, with the vector size each produces. */
export const EMBEDDING_MODELS = {
  "BAAI/bge-small-en-v1.5": 384,
  "BAAI/bge-base-en-v1.5": 768,
  "BAAI/bge-large-en-v1.5": 1024,
} as const;
/** A model named in {@link EMBEDDING_MODELS}; other names are passed through unchecked. */
export type KnownEmbeddingModel = keyof typeof EMBEDDING_MODELS;
/** Model sent when a call names none; store and search must use the same one. */
export const DEFAULT_EMBEDDING_MODEL: KnownEmbeddingModel = "BAAI/bge-small-en-v1.5";
/**
 * Similarity threshold sent when a search names none. ZeroDB's own defaults disagree
 * (0.7 in the API catalog, 0.3 on the live server per AINative's IDE, 0 in the developer
 * guide), so the SDK always sends one to get the same results everywhere.
 */
export const DEFAULT_SEARCH_THRESHOLD = 0.7;
/** Results asked for when a search names no `limit`. */
export const DEFAULT_SEARCH_LIMIT = 10;

/** Size of `model`'s vectors, if the SDK knows the model. */
function knownDimensions(model: string): number | undefined {
  return Object.hasOwn(EMBEDDING_MODELS, model) ? EMBEDDING_MODELS[model as KnownEmbeddingModel] : undefined;
}

const text = z.string().refine((t) => t.trim().length > 0, "must be a non-empty string");
const texts = z.array(text).min(1, "needs 1-100 texts").max(100, "needs 1-100 texts");
const model = z.string().min(1).default(DEFAULT_EMBEDDING_MODEL);

const generateParams = z.strictObject({ texts, model, normalize: z.boolean().optional() });
/** Input of {@link EmbeddingsAPI.generate}. `model` defaults to {@link DEFAULT_EMBEDDING_MODEL}; the server normalizes by default. */
export interface GenerateEmbeddingsParams {
  /** 1-100 texts to embed, each with some non-blank character. */
  texts: string[];
  /** Embedding model, one of {@link EMBEDDING_MODELS} or any other name the server knows. Default {@link DEFAULT_EMBEDDING_MODEL}, always sent. */
  model?: KnownEmbeddingModel | (string & {}) | undefined;
  /** Scale each embedding to unit length. Not sent unless given (the server normalizes by default). */
  normalize?: boolean | undefined;
}
const _generateEmbeddingsParams: Agrees<GenerateEmbeddingsParams, z.input<typeof generateParams>> = true;
void _generateEmbeddingsParams;

const storeParams = z
  .strictObject({
    texts,
    model,
    metadata_list: z.array(jsonObject).optional(),
    namespace: z.string().min(1).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.metadata_list !== undefined && p.metadata_list.length !== p.texts.length) {
      ctx.addIssue({
        code: "custom",
        path: ["metadata_list"],
        message: `must have one entry per text (${p.texts.length}); got ${p.metadata_list.length}`,
      });
    }
  });
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
const _embedAndStoreParams: Agrees<EmbedAndStoreParams, z.input<typeof storeParams>> = true;
void _embedAndStoreParams;

const searchParams = z.strictObject({
  query: text,
  model,
  limit: z.number().int().min(1).max(100).default(DEFAULT_SEARCH_LIMIT),
  threshold: z.number().min(0).max(1).default(DEFAULT_SEARCH_THRESHOLD),
  namespace: z.string().min(1).optional(),
  filter_metadata: jsonObject.optional(),
});
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
const _semanticSearchParams: Agrees<SemanticSearchParams, z.input<typeof searchParams>> = true;
void _semanticSearchParams;

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

function generateSchema(asked: string): z.ZodType<EmbeddingsResult> {
  return z
    .looseObject({
      embeddings: z.array(z.array(z.number())),
      model: z.string().nullish(),
      dimensions: z.number().nullish(),
      count: z.number().nullish(),
      processing_time_ms: z.number().nullish(),
    })
    .refine((r) => dimensionsMatch(asked, r), dimensionIssue(asked))
    .refine((r) => r.embeddings.every((e) => e.length === (r.dimensions ?? r.embeddings[0]?.length)), {
      path: ["embeddings"],
      message: "every embedding must have `dimensions` numbers",
    })
    .transform(
      (r): EmbeddingsResult => ({
        ...r,
        model: r.model ?? asked,
        dimensions: r.dimensions ?? r.embeddings[0]?.length ?? knownDimensions(asked) ?? 0,
        count: r.count ?? r.embeddings.length,
        processing_time_ms: r.processing_time_ms ?? undefined,
      }),
    ) as unknown as z.ZodType<EmbeddingsResult>;
}

function storeSchema(asked: string): z.ZodType<EmbedAndStoreResult> {
  return z
    .looseObject({
      success: z.boolean().nullish(),
      vectors_stored: z.number(),
      embeddings_generated: z.number().nullish(),
      model: z.string().nullish(),
      dimensions: z.number().nullish(),
      namespace: z.string().nullish(),
      vector_ids: z.array(z.string()).nullish(),
      processing_time_ms: z.number().nullish(),
    })
    .refine((r) => dimensionsMatch(asked, r), dimensionIssue(asked))
    .transform(
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
    ) as unknown as z.ZodType<EmbedAndStoreResult>;
}

const matchSchema = z
  .looseObject({
    id: z.string().optional(),
    vector_id: z.string().optional(),
    document: z.string().nullish(),
    text: z.string().nullish(),
    similarity: z.number().nullish(),
    score: z.number().nullish(),
    metadata: jsonObject.nullish(),
    vector_metadata: jsonObject.nullish(),
  })
  .refine((m) => (m.id ?? m.vector_id) !== undefined, { message: "a result needs id (or vector_id)" })
  .refine((m) => (m.similarity ?? m.score) != null, { message: "a result needs similarity (or score)" })
  .transform(
    (m): EmbeddingMatch => ({
      id: (m.id ?? m.vector_id) as string,
      document: m.document ?? m.text ?? undefined,
      similarity: (m.similarity ?? m.score) as number,
      metadata: m.metadata ?? m.vector_metadata ?? {},
    }),
  );

const searchResultSchema = z
  .looseObject({
    results: z.array(matchSchema),
    query: z.string().nullish(),
    total_results: z.number().nullish(),
    model: z.string().nullish(),
    processing_time_ms: z.number().nullish(),
  })
  .transform(
    (r): SemanticSearchResult => ({
      results: r.results,
      query: r.query ?? undefined,
      total_results: r.total_results ?? r.results.length,
      model: r.model ?? undefined,
      processing_time_ms: r.processing_time_ms ?? undefined,
    }),
  );

const modelEntry = z.union([
  z.string().transform((name): EmbeddingModel => ({ name, dimensions: knownDimensions(name), default: name === DEFAULT_EMBEDDING_MODEL })),
  z
    .looseObject({
      name: z.string().optional(),
      id: z.string().optional(),
      model: z.string().optional(),
      dimensions: z.number().nullish(),
      default: z.boolean().nullish(),
    })
    .refine((m) => (m.name ?? m.id ?? m.model) !== undefined, { message: "a model needs name (or id, model)" })
    .transform((m): EmbeddingModel => {
      const name = (m.name ?? m.id ?? m.model) as string;
      return { name, dimensions: m.dimensions ?? knownDimensions(name), default: m.default ?? name === DEFAULT_EMBEDDING_MODEL };
    }),
]);
const modelsSchema = z.union([
  z.array(modelEntry),
  z.looseObject({ models: z.array(modelEntry) }).transform((r) => r.models),
]) as unknown as z.ZodType<EmbeddingModel[]>;

/**
 * `{P}/embeddings`: server-side embedding (generate), embed-and-store into the project's
 * vectors, and semantic search over them. `model` is always sent
 * (default {@link DEFAULT_EMBEDDING_MODEL}), and answers whose `dimensions` contradict a
 * known model's size are refused with `ResponseValidationError`.
 */
export class EmbeddingsAPI {
  readonly #ctx: ProjectContext;
  /** @internal Made by the client; use the scope's getters (and `withOptions`). */
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
  async generate(params: GenerateEmbeddingsParams, options?: RequestOptions): Promise<EmbeddingsResult> {
    const p = parseInput(generateParams, params, "params");
    return this.#ctx.http.request(
      { method: "POST", path: this.#path("/generate"), body: compact(p), idempotent: true, schema: generateSchema(p.model) },
      options,
    );
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
  async embedAndStore(params: EmbedAndStoreParams, options?: RequestOptions): Promise<EmbedAndStoreResult> {
    const p = parseInput(storeParams, params, "params");
    return this.#ctx.http.request(
      { method: "POST", path: this.#path("/embed-and-store"), body: compact(p), idempotent: false, schema: storeSchema(p.model) },
      options,
    );
  }

  /**
   * Semantic search over stored texts. Use the model the texts were stored with.
   * @example
   * ```ts
   * const { results } = await scope.embeddings.search({ query: "who pledged?", namespace: "notes", limit: 5 });
   * ```
   */
  async search<M extends JsonObject = JsonObject>(params: SemanticSearchParams, options?: RequestOptions): Promise<SemanticSearchResult<M>> {
    const p = parseInput(searchParams, params, "params");
    return this.#ctx.http.request(
      {
        method: "POST",
        path: this.#path("/search"),
        body: compact(p),
        idempotent: true,
        schema: searchResultSchema as unknown as z.ZodType<SemanticSearchResult<M>>,
      },
      options,
    );
  }

  /**
   * Lists the models the server offers.
   * @example
   * ```ts
   * const models = await scope.embeddings.models();
   * ```
   */
  async models(options?: RequestOptions): Promise<EmbeddingModel[]> {
    return this.#ctx.http.request({ method: "GET", path: this.#path("/models"), idempotent: true, schema: modelsSchema }, options);
  }
}
