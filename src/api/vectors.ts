import * as z from "zod/mini";
import { ValidationError, type FieldIssue } from "../http/errors.js";
import { PagePromise, pagesOrError } from "../http/pagination.js";
import { segment } from "../http/paths.js";
import type { RequestOptions } from "../http/transport.js";
import { type APIPromise, del, get, post } from "./resource.js";
import { inputOf, listPages, anyObject, compact, jsonObject, pageLimit, pageSkip, parseInput, type JsonObject, type ProjectContext } from "./shared.js";

import { DEFAULT_VECTOR_DIMENSIONS, MAX_VECTOR_BATCH, PAGE_LIMIT_MAX, SEARCH_LIMIT_DEFAULT, VECTOR_DIMENSIONS, type VectorDimension } from "../contract/index.js";

export { DEFAULT_VECTOR_DIMENSIONS, MAX_VECTOR_BATCH, VECTOR_DIMENSIONS, type VectorDimension };

/** A stored vector, normalized (`vector_id` from `vector_id` or `id`, `vector_metadata` from `vector_metadata` or `metadata`). */
export interface Vector<M extends JsonObject = JsonObject> {
  vector_id: string;
  namespace: string | undefined;
  /** Present when the server returns embeddings (get, or list with `detailed: true`). */
  vector_embedding: number[] | undefined;
  vector_metadata: M;
  document: string | undefined;
  source: string | undefined;
  dimensions: number | undefined;
  created_at: string | undefined;
  updated_at: string | undefined;
}

/** A search hit: a vector plus its similarity (`similarity` or `score` on the wire). */
export interface VectorMatch<M extends JsonObject = JsonObject> extends Vector<M> {
  similarity: number;
}

const vectorFields = {
  vector_id: z.optional(z.string()),
  id: z.optional(z.string()),
  namespace: z.nullish(z.string()),
  vector_embedding: z.nullish(z.array(z.number())),
  embedding: z.nullish(z.array(z.number())),
  vector_metadata: z.nullish(jsonObject),
  metadata: z.nullish(jsonObject),
  document: z.nullish(z.string()),
  source: z.nullish(z.string()),
  dimensions: z.nullish(z.number()),
  created_at: z.nullish(z.string()),
  updated_at: z.nullish(z.string()),
};
type WireVector = z.infer<z.ZodMiniObject<typeof vectorFields>>;

function toVector(v: WireVector): Vector {
  const embedding = v.vector_embedding ?? v.embedding ?? undefined;
  return {
    vector_id: (v.vector_id ?? v.id) as string,
    namespace: v.namespace ?? undefined,
    vector_embedding: embedding,
    vector_metadata: v.vector_metadata ?? v.metadata ?? {},
    document: v.document ?? undefined,
    source: v.source ?? undefined,
    dimensions: v.dimensions ?? embedding?.length,
    created_at: v.created_at ?? undefined,
    updated_at: v.updated_at ?? undefined,
  };
}
const hasId = [(v: WireVector) => (v.vector_id ?? v.id) !== undefined, { message: "a vector needs vector_id (or id)" }] as const;

const vectorSchema = z.pipe(z.looseObject(vectorFields).check(z.refine(...hasId)), z.transform(toVector));
const matchSchema = z.pipe(
  z
    .looseObject({ ...vectorFields, similarity: z.nullish(z.number()), score: z.nullish(z.number()) })
    .check(z.refine(...hasId), z.refine((m) => (m.similarity ?? m.score) != null, { message: "a match needs similarity (or score)" })),
  z.transform((m): VectorMatch => ({ ...toVector(m), similarity: (m.similarity ?? m.score) as number })),
);

/** Input of {@link VectorsAPI.upsert}: the wire names, or their aliases `vector`, `id`, `metadata`. */
export interface UpsertVectorParams<M extends JsonObject = JsonObject> {
  /** The embedding (alias `vector`); its length must be one of {@link VECTOR_DIMENSIONS}. */
  vector_embedding?: readonly number[];
  vector?: readonly number[];
  /** Your id (alias `id`). With an id the upsert replaces in place and is safe to retry; without one the server makes an id. */
  vector_id?: string;
  id?: string;
  /** Namespace (server default `"default"`). */
  namespace?: string;
  /** Metadata (alias `metadata`). */
  vector_metadata?: M;
  metadata?: M;
  document?: string;
  source?: string;
}

/** Input of {@link VectorsAPI.upsertBatch}. */
export interface UpsertVectorBatchParams<M extends JsonObject = JsonObject> {
  /** 1 to 1000 vectors. */
  vectors: ReadonlyArray<UpsertVectorParams<M>>;
  /** Send `{vectors: [...]}` instead of the bare array (some deployments want the wrapper). Default false. */
  wrap?: boolean;
}

/** Input of {@link VectorsAPI.search}: the wire names, or their aliases `vector`, `top_k`, `filter`. */
export interface SearchVectorsParams {
  /** The query embedding (alias `vector`). */
  query_vector?: readonly number[];
  vector?: readonly number[];
  /** Matches to return, 1-1000 (alias `top_k`). Default 10, always sent. */
  limit?: number;
  top_k?: number;
  /** Minimum similarity, 0-1. */
  threshold?: number;
  namespace?: string;
  /** Metadata equality filter (alias `filter`). */
  metadata_filter?: JsonObject;
  filter?: JsonObject;
}

/** Answer of a vector search (`vectors` or `results` on the wire). */
export interface VectorSearchResult<M extends JsonObject = JsonObject> {
  vectors: VectorMatch<M>[];
  total_count: number;
  search_time_ms: number | undefined;
}

/** Answer of a batch upsert. */
export interface VectorBatchResult {
  success_count: number;
  error_count: number;
  errors: unknown[];
  total_time_ms: number | undefined;
  vector_ids: string[] | undefined;
}

/** Store-wide counts. `namespaces` is `{name: count}` (local server) or a list of names. */
export interface VectorStats {
  total_vectors: number;
  namespaces: Record<string, number> | string[] | undefined;
  dimensions: Record<string, number> | undefined;
  avg_dimensions: number | undefined;
  total_size_mb: number | undefined;
  [key: string]: unknown;
}

const listParams = inputOf<ListVectorsParams>()(z.strictObject({
  offset: z.optional(pageSkip),
  limit: z.optional(pageLimit),
  namespace: z.optional(z.string().check(z.minLength(1))),
  detailed: z.optional(z.boolean()),
}));
/** Input of {@link VectorsAPI.list}: `offset`/`limit` (default 0/100), `detailed: true` to get embeddings back. */
export interface ListVectorsParams {
  /** Vectors to skip before the first one returned; an integer ≥ 0. Default 0. */
  offset?: number | undefined;
  /** Page size, 1-1000. Default 100. */
  limit?: number | undefined;
  /** Only vectors of this namespace; non-empty. Default: this client's `namespace` option, if set. */
  namespace?: string | undefined;
  /** Also return each vector's embedding. Default false (not sent). */
  detailed?: boolean | undefined;
}
const nsParams = inputOf<VectorNamespaceParams>()(z.strictObject({ namespace: z.optional(z.string().check(z.minLength(1))) }));
/** Optional namespace of get, delete and stats. */
export interface VectorNamespaceParams {
  /** Namespace to look in; non-empty. Default: this client's `namespace` option, if set, else none is sent. */
  namespace?: string | undefined;
}

/** Options of a {@link VectorsAPI} instance. */
export interface VectorsOptions {
  /**
   * The only vector size this client accepts, e.g. the size of your index. Default: none,
   * any of {@link VECTOR_DIMENSIONS} is accepted.
   */
  dimensions?: VectorDimension;
  /** Namespace used when a call names none. Default: none (the server's `"default"`). */
  namespace?: string;
}

const batchResultSchema = z.pipe(
  z.looseObject({
    success_count: z.number(),
    error_count: z.nullish(z.number()),
    errors: z.nullish(z.array(z.unknown())),
    total_time_ms: z.nullish(z.number()),
    vector_ids: z.nullish(z.array(z.string())),
  }),
  z.transform(
    (r): VectorBatchResult => ({
      ...r,
      error_count: r.error_count ?? 0,
      errors: r.errors ?? [],
      total_time_ms: r.total_time_ms ?? undefined,
      vector_ids: r.vector_ids ?? undefined,
    }),
  ),
);

const searchResultSchema = z.pipe(
  z
    .looseObject({
      vectors: z.optional(z.array(matchSchema)),
      results: z.optional(z.array(matchSchema)),
      total_count: z.nullish(z.number()),
      total: z.nullish(z.number()),
      search_time_ms: z.nullish(z.number()),
    })
    .check(z.refine((r) => (r.vectors ?? r.results) !== undefined, { message: "a search answer needs vectors (or results)" })),
  z.transform((r): VectorSearchResult => {
    const vectors = (r.vectors ?? r.results) as VectorMatch[];
    return { vectors, total_count: r.total_count ?? r.total ?? vectors.length, search_time_ms: r.search_time_ms ?? undefined };
  }),
);

const statsSchema = z.pipe(
  z.looseObject({
    total_vectors: z.number(),
    namespaces: z.nullish(z.union([z.record(z.string(), z.number()), z.array(z.string())])),
    dimensions: z.nullish(z.record(z.string(), z.number())),
    avg_dimensions: z.nullish(z.number()),
    total_size_mb: z.nullish(z.number()),
  }),
  z.transform(
    (s): VectorStats => ({
      ...s,
      namespaces: s.namespaces ?? undefined,
      dimensions: s.dimensions ?? undefined,
      avg_dimensions: s.avg_dimensions ?? undefined,
      total_size_mb: s.total_size_mb ?? undefined,
    }),
  ),
);

/**
 * Maps input aliases onto wire names in one place; giving both spellings is an error
 * rather than a silent pick.
 */
function unalias(value: unknown, aliases: Record<string, string>, root: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ValidationError([{ path: root, message: "must be an object", code: "invalid_type" }]);
  }
  const out: Record<string, unknown> = { ...value };
  const issues: FieldIssue[] = [];
  for (const [alias, wire] of Object.entries(aliases)) {
    if (out[alias] === undefined) {
      delete out[alias];
      continue;
    }
    if (out[wire] !== undefined) issues.push({ path: `${root}.${alias}`, message: `give ${wire} or its alias ${alias}, not both`, code: "alias_conflict" });
    out[wire] = out[alias];
    delete out[alias];
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return out;
}

/** Checks a vector's size and numbers; one issue per vector, not one per bad element. */
function vectorCheck(fixed: VectorDimension | undefined) {
  return z.array(z.unknown(), "must be an array of numbers").check(z.superRefine((v, ctx) => {
    const allowed: readonly number[] = fixed === undefined ? VECTOR_DIMENSIONS : [fixed];
    if (!allowed.includes(v.length)) {
      const rule =
        fixed === undefined
          ? `must have ${VECTOR_DIMENSIONS.slice(0, -1).join(", ")} or ${VECTOR_DIMENSIONS.at(-1)} numbers (the sizes ZeroDB stores)`
          : `must have ${fixed} numbers (this client is fixed to ${fixed} dimensions)`;
      ctx.addIssue({ code: "custom", message: `${rule}; got ${v.length}`, params: { rule: "dimension" } });
    }
    const bad = v.findIndex((x) => typeof x !== "number" || !Number.isFinite(x));
    if (bad >= 0) ctx.addIssue({ code: "custom", path: [bad], message: `must be a finite number; got ${String(v[bad])}` });
  })) as unknown as z.ZodMiniType<number[]>;
}

const batchParams = z.strictObject({
  vectors: z.array(z.unknown()).check(z.minLength(1, "must not be empty"), z.maxLength(MAX_VECTOR_BATCH, `must hold at most ${MAX_VECTOR_BATCH} vectors`)),
  wrap: z.optional(z.boolean()),
});

const id = z.string().check(z.minLength(1, "must be a non-empty string"));
const namespace = z.string().check(z.minLength(1, "must be a non-empty string"));

/**
 * `{P}/database/vectors`: upsert, search, list, get, delete and stats. Sends ZeroDB's live
 * field names (`vector_embedding`, `vector_metadata`, `query_vector`, `metadata_filter`)
 * and accepts the documented aliases (`vector`, `metadata`, `id`, `top_k`, `filter`).
 * Every vector is checked before sending: 384, 768, 1024 or 1536 finite numbers, or exactly
 * the size the client was made with. `scope.vectors` accepts any allowed size; fix one with
 * `scope.vectors.withOptions({ dimensions: 384 })` or `new VectorsAPI(ctx, { dimensions: 384 })`.
 */
export class VectorsAPI<M extends JsonObject = JsonObject> {
  readonly #ctx: ProjectContext;
  readonly #options: VectorsOptions;
  readonly #upsert: z.ZodMiniType<JsonObject>;
  readonly #search: z.ZodMiniType<JsonObject>;

  /** @internal Made by the client; use `scope.vectors`, or `withOptions` for a copy with other options. */
  constructor(ctx: ProjectContext, options: VectorsOptions = {}) {
    const o = parseInput(
      z.strictObject({ dimensions: z.optional(z.union(VECTOR_DIMENSIONS.map((d) => z.literal(d)))), namespace: z.optional(namespace) }),
      options,
      "options",
    );
    this.#ctx = ctx;
    this.#options = o as VectorsOptions;
    const vec = vectorCheck(o.dimensions);
    this.#upsert = z.strictObject({
      vector_embedding: vec,
      vector_id: z.optional(id),
      namespace: z.optional(namespace),
      vector_metadata: z.optional(jsonObject),
      document: z.optional(z.string()),
      source: z.optional(z.string()),
    });
    this.#search = z.strictObject({
      query_vector: vec,
      limit: z._default(z.int().check(z.minimum(1), z.maximum(PAGE_LIMIT_MAX)), SEARCH_LIMIT_DEFAULT),
      threshold: z.optional(z.number().check(z.minimum(0), z.maximum(1))),
      namespace: z.optional(namespace),
      metadata_filter: z.optional(jsonObject),
    });
  }

  /** The only vector size this client accepts, or `undefined` when any of {@link VECTOR_DIMENSIONS} is fine. */
  get dimensions(): VectorDimension | undefined {
    return this.#options.dimensions;
  }

  /** The namespace used when a call names none, if set. */
  get namespace(): string | undefined {
    return this.#options.namespace;
  }

  /**
   * A copy of this client with other options, e.g. a fixed size or a default namespace.
   * @example
   * ```ts
   * const notes = scope.vectors.withOptions({ dimensions: 384, namespace: "notes" });
   * ```
   */
  withOptions<N extends JsonObject = M>(options: VectorsOptions): VectorsAPI<N> {
    return new VectorsAPI<N>(this.#ctx, { ...this.#options, ...options });
  }

  #path(rest = ""): string {
    return `${this.#ctx.prefix}/database/vectors${rest}`;
  }

  #upsertBody(item: unknown, root: string): JsonObject {
    const wire = unalias(item, { vector: "vector_embedding", metadata: "vector_metadata", id: "vector_id" }, root);
    const body = parseInput(this.#upsert, wire, root);
    return compact({ ...body, namespace: body.namespace ?? this.#options.namespace });
  }

  /**
   * Inserts or replaces one vector. Retried after an ambiguous failure only when it has a
   * `vector_id` (upsert by id cannot duplicate); without one, a retry could store it twice.
   * @example
   * ```ts
   * const v = await scope.vectors.upsert({ id: "note-1", vector: embedding, metadata: { contact_id: "c-1" } });
   * ```
   */
  upsert(params: UpsertVectorParams<M>, options?: RequestOptions): APIPromise<Vector<M>> {
    return post(this.#ctx.http, () => {
      const body = this.#upsertBody(params, "params");
      return { path: this.#path("/upsert"), body, idempotent: body.vector_id !== undefined, schema: vectorSchema as unknown as z.ZodMiniType<Vector<M>> };
    }, options);
  }

  /**
   * Upserts 1-1000 vectors in one call, sent as a bare JSON array (or `{vectors}` with
   * `wrap: true`). Retried only when every item has an id.
   * @example
   * ```ts
   * const r = await scope.vectors.upsertBatch({ vectors: notes.map((n) => ({ id: n.id, vector: n.embedding })) });
   * if (r.error_count > 0) console.warn(r.errors);
   * ```
   */
  upsertBatch(params: UpsertVectorBatchParams<M>, options?: RequestOptions): APIPromise<VectorBatchResult> {
    return post(this.#ctx.http, () => {
      const p = parseInput(batchParams, params, "params");
      const items = p.vectors.map((item, i) => this.#upsertBody(item, `params.vectors.${i}`));
      const idempotent = items.every((item) => item.vector_id !== undefined);
      return { path: this.#path("/upsert-batch"), body: p.wrap === true ? { vectors: items } : items, idempotent, schema: batchResultSchema };
    }, options);
  }

  /**
   * Finds the vectors nearest to `query_vector` (alias `vector`). `limit` defaults to 10.
   * @example
   * ```ts
   * const { vectors } = await scope.vectors.search({ vector: embedding, top_k: 5, filter: { contact_id: "c-1" } });
   * ```
   */
  search(params: SearchVectorsParams, options?: RequestOptions): APIPromise<VectorSearchResult<M>> {
    return post(this.#ctx.http, () => {
      const wire = unalias(params, { vector: "query_vector", top_k: "limit", filter: "metadata_filter" }, "params");
      const p = parseInput(this.#search, wire, "params");
      const body = compact({ ...p, namespace: p.namespace ?? this.#options.namespace });
      return { path: this.#path("/search"), body, idempotent: true, schema: searchResultSchema as unknown as z.ZodMiniType<VectorSearchResult<M>> };
    }, options);
  }

  /**
   * Lists vectors by `offset`/`limit`; await for one page or `for await` over all.
   * @example
   * ```ts
   * for await (const v of scope.vectors.list({ namespace: "notes", limit: 500 })) console.log(v.vector_id);
   * ```
   */
  list(params: ListVectorsParams = {}, options?: RequestOptions): PagePromise<Vector<M>> {
    return pagesOrError(() => {
      const p = parseInput(listParams, params, "params");
      const filters = { namespace: p.namespace ?? this.#options.namespace, detailed: p.detailed };
      const item = vectorSchema as unknown as z.ZodMiniType<Vector<M>>;
      return listPages(this.#ctx.http, this.#path(), item, { skip: p.offset, limit: p.limit }, filters, options, "offset");
    });
  }

  /**
   * Gets one vector by id.
   * @example
   * ```ts
   * const v = await scope.vectors.get("note-1", { namespace: "notes" });
   * ```
   */
  get(vectorId: string, params: VectorNamespaceParams = {}, options?: RequestOptions): APIPromise<Vector<M>> {
    return get(this.#ctx.http, () => {
      const p = parseInput(nsParams, params, "params");
      const query = { namespace: p.namespace ?? this.#options.namespace };
      return { path: this.#path(`/${segment("vectorId", vectorId)}`), query, schema: vectorSchema as unknown as z.ZodMiniType<Vector<M>> };
    }, options);
  }

  /**
   * Deletes one vector by id.
   * @example
   * ```ts
   * await scope.vectors.delete("note-1");
   * ```
   */
  delete(vectorId: string, params: VectorNamespaceParams = {}, options?: RequestOptions): APIPromise<Record<string, unknown>> {
    return del(this.#ctx.http, () => {
      const p = parseInput(nsParams, params, "params");
      return { path: this.#path(`/${segment("vectorId", vectorId)}`), query: { namespace: p.namespace ?? this.#options.namespace } };
    }, options);
  }

  /**
   * Counts vectors, per namespace and per size.
   * @example
   * ```ts
   * const { total_vectors } = await scope.vectors.stats();
   * ```
   */
  stats(params: VectorNamespaceParams = {}, options?: RequestOptions): APIPromise<VectorStats> {
    return get(this.#ctx.http, () => {
      const p = parseInput(nsParams, params, "params");
      return { path: this.#path("/stats"), query: { namespace: p.namespace ?? this.#options.namespace }, schema: statsSchema };
    }, options);
  }
}
