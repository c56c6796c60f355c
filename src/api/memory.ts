import * as z from "zod/mini";
import { PagePromise, pagesOrError } from "../http/pagination.js";
import { segment } from "../http/paths.js";
import type { RequestOptions } from "../http/transport.js";
import { type APIPromise, del, get, post, put } from "./resource.js";
import { inputOf, listPages, anyObject, compact, jsonObject, pageLimit, pageParams, parseInput, type JsonObject, type ProjectContext } from "./shared.js";

/** Who spoke a memory. */
export type MemoryRole = "user" | "assistant" | "system";
const role = z.enum(["user", "assistant", "system"]);

/** One project memory record, normalized (`memory_id` from `memory_id` or `id`, `memory_metadata` from `memory_metadata` or `metadata`). */
export interface Memory {
  memory_id: string;
  project_id: string | undefined;
  agent_id: string | undefined;
  session_id: string | undefined;
  role: string | undefined;
  content: string;
  memory_metadata: JsonObject | undefined;
  created_at: string | undefined;
  updated_at: string | undefined;
}

/** A search hit: the memory plus its score (`similarity_score`, `similarity` or `score` on the wire). */
export interface MemoryMatch extends Memory {
  score: number | undefined;
}

const wireMemory = z.looseObject({
  memory_id: z.optional(z.string()),
  id: z.optional(z.string()),
  project_id: z.nullish(z.string()),
  agent_id: z.nullish(z.string()),
  session_id: z.nullish(z.string()),
  role: z.nullish(z.string()),
  content: z.nullish(z.string()),
  memory_metadata: z.nullish(jsonObject),
  metadata: z.nullish(jsonObject),
  created_at: z.nullish(z.string()),
  updated_at: z.nullish(z.string()),
  similarity_score: z.nullish(z.number()),
  similarity: z.nullish(z.number()),
  score: z.nullish(z.number()),
});
type WireMemory = z.infer<typeof wireMemory>;

const toMemory = (m: WireMemory): Memory => ({
  memory_id: (m.memory_id ?? m.id) as string,
  project_id: m.project_id ?? undefined,
  agent_id: m.agent_id ?? undefined,
  session_id: m.session_id ?? undefined,
  role: m.role ?? undefined,
  content: m.content ?? "",
  memory_metadata: m.memory_metadata ?? m.metadata ?? undefined,
  created_at: m.created_at ?? undefined,
  updated_at: m.updated_at ?? undefined,
});

const hasId = (m: WireMemory) => (m.memory_id ?? m.id) !== undefined;
const memorySchema = z.pipe(wireMemory.check(z.refine(hasId, { message: "a memory needs memory_id (or id)" })), z.transform(toMemory));
const matchSchema = z.pipe(
  wireMemory.check(z.refine(hasId, { message: "a memory needs memory_id (or id)" })),
  z.transform((m): MemoryMatch => ({ ...toMemory(m), score: m.similarity_score ?? m.similarity ?? m.score ?? undefined })),
);

// Search answers `{memories: [...]}` (wire contract), `{results: [...]}` or `{data: [...]}`.
const list = z.optional(z.array(z.unknown()));
const searchSchema = z.pipe(
  z.pipe(
    z.union([z.array(z.unknown()), z.looseObject({ memories: list, results: list, data: list })]),
    z.transform((r) => (Array.isArray(r) ? r : (r.memories ?? r.results ?? r.data ?? []))),
  ),
  z.array(matchSchema),
);

const fields = {
  agent_id: z.optional(z.string().check(z.minLength(1))),
  session_id: z.optional(z.string().check(z.minLength(1))),
  role: z.optional(role),
  memory_metadata: z.optional(jsonObject),
  /** Alias of `memory_metadata`. */
  metadata: z.optional(jsonObject),
};
const oneMetadata = (p: { memory_metadata?: unknown; metadata?: unknown }) => p.memory_metadata === undefined || p.metadata === undefined;
const oneMetadataMsg = { message: "give memory_metadata or its alias metadata, not both", path: ["metadata"] };

const storeParams = inputOf<StoreMemoryParams>()(z.strictObject({ content: z.string().check(z.minLength(1)), ...fields }).check(z.refine(oneMetadata, oneMetadataMsg)));
/** Input of {@link MemoryAPI.store}. `metadata` is accepted as an alias of `memory_metadata`. */
export interface StoreMemoryParams {
  /** The text to remember; non-empty. */
  content: string;
  /** Agent the memory belongs to; non-empty. */
  agent_id?: string | undefined;
  /** Session the memory belongs to; non-empty. */
  session_id?: string | undefined;
  /** Who spoke it: `user`, `assistant` or `system`. */
  role?: MemoryRole | undefined;
  /** Any JSON object stored with the memory. */
  memory_metadata?: JsonObject | undefined;
  /** Alias of `memory_metadata`; give one of the two, not both. */
  metadata?: JsonObject | undefined;
}

const updateParams = inputOf<UpdateMemoryParams>()(
  z
    .strictObject({ content: z.optional(z.string().check(z.minLength(1))), ...fields })
    .check(
      z.refine(oneMetadata, oneMetadataMsg),
      z.refine((p) => Object.values(p).some((v) => v !== undefined), "needs at least one field to change"),
    ),
);
/** Input of {@link MemoryAPI.update}: only the fields to change. */
export interface UpdateMemoryParams {
  /** New text; non-empty. At least one field must be given. */
  content?: string | undefined;
  /** New agent id; non-empty. */
  agent_id?: string | undefined;
  /** New session id; non-empty. */
  session_id?: string | undefined;
  /** New speaker: `user`, `assistant` or `system`. */
  role?: MemoryRole | undefined;
  /** New metadata object. */
  memory_metadata?: JsonObject | undefined;
  /** Alias of `memory_metadata`; give one of the two, not both. */
  metadata?: JsonObject | undefined;
}

const listParams = inputOf<ListMemoryParams>()(z.extend(pageParams, {
  session_id: z.optional(z.string().check(z.minLength(1))),
  agent_id: z.optional(z.string().check(z.minLength(1))),
  role: z.optional(role),
}));
/** Input of {@link MemoryAPI.list}: skip/limit plus optional filters. */
export interface ListMemoryParams {
  /** Memories to skip before the first one returned; an integer ≥ 0. Default 0. */
  skip?: number | undefined;
  /** Page size, 1-1000. Default 100. */
  limit?: number | undefined;
  /** Only memories of this session; non-empty. */
  session_id?: string | undefined;
  /** Only memories of this agent; non-empty. */
  agent_id?: string | undefined;
  /** Only memories spoken by `user`, `assistant` or `system`. */
  role?: MemoryRole | undefined;
}

const searchParams = inputOf<SearchMemoryParams>()(z.strictObject({
  query: z.string().check(z.minLength(1)),
  limit: z.optional(pageLimit),
  threshold: z.optional(z.number().check(z.minimum(0), z.maximum(1))),
  agent_id: z.optional(z.string().check(z.minLength(1))),
  session_id: z.optional(z.string().check(z.minLength(1))),
  role: z.optional(role),
}));
/** Input of {@link MemoryAPI.search}. `threshold` is a similarity in [0, 1]. */
export interface SearchMemoryParams {
  /** Text to search for; non-empty. */
  query: string;
  /** Most matches to return, 1-1000. Not sent unless given (the server decides). */
  limit?: number | undefined;
  /** Lowest similarity a match may have, 0-1. Not sent unless given (the server decides). */
  threshold?: number | undefined;
  /** Only memories of this agent; non-empty. */
  agent_id?: string | undefined;
  /** Only memories of this session; non-empty. */
  session_id?: string | undefined;
  /** Only memories spoken by `user`, `assistant` or `system`. */
  role?: MemoryRole | undefined;
}

/** Wire spellings of {@link MemoryAPI}; the defaults follow the current API. */
export interface MemoryOptions {
  /** Path of store: `/database/memory` (default) or the older `/database/memory/store`. */
  storePath?: "/database/memory" | "/database/memory/store";
  /** Body key of the metadata: `memory_metadata` (default) or `metadata` (emulator / MCP spelling). */
  metadataKey?: "memory_metadata" | "metadata";
}
const memoryOptions = z.strictObject({
  storePath: z.optional(z.enum(["/database/memory", "/database/memory/store"])),
  metadataKey: z.optional(z.enum(["memory_metadata", "metadata"])),
});

/**
 * Project memory, `{P}/database/memory`: store, list, search, get, update, delete.
 * Store is not retried after an ambiguous failure (it would store twice).
 * @example
 * ```ts
 * const hits = await client.project(pid).memory.search({ query: "when to call Asha" });
 * ```
 */
export class MemoryAPI {
  readonly #ctx: ProjectContext;
  readonly #opts: Required<MemoryOptions>;

  /** @internal Made by the client; use `scope.memory`, or `withOptions` for a copy with other options. */
  constructor(ctx: ProjectContext, options: MemoryOptions = {}) {
    const o = parseInput(memoryOptions, options, "options");
    this.#ctx = ctx;
    this.#opts = { storePath: o.storePath ?? "/database/memory", metadataKey: o.metadataKey ?? "memory_metadata" };
  }

  /**
   * A copy with other wire spellings, for servers that use the older ones.
   * @example
   * ```ts
   * const legacy = scope.memory.withOptions({ storePath: "/database/memory/store", metadataKey: "metadata" });
   * ```
   */
  withOptions(options: MemoryOptions): MemoryAPI {
    return new MemoryAPI(this.#ctx, { ...this.#opts, ...options });
  }

  #path(rest = ""): string {
    return `${this.#ctx.prefix}/database/memory${rest}`;
  }

  #body(p: { memory_metadata?: JsonObject | undefined; metadata?: JsonObject | undefined } & JsonObject): JsonObject {
    const { memory_metadata, metadata, ...rest } = p;
    return compact({ ...rest, [this.#opts.metadataKey]: memory_metadata ?? metadata });
  }

  /**
   * Stores one memory (`POST {P}/database/memory`).
   * @example
   * ```ts
   * const m = await scope.memory.store({ content: "Prefers calls after 6pm", session_id: "s-1", role: "user" });
   * ```
   */
  store(params: StoreMemoryParams, options?: RequestOptions): APIPromise<Memory> {
    return post(this.#ctx.http, () => {
      const p = parseInput(storeParams, params, "params");
      return { path: `${this.#ctx.prefix}${this.#opts.storePath}`, body: this.#body(p), schema: memorySchema };
    }, options);
  }

  /**
   * Lists memories, optionally filtered; await for one page or `for await` over all.
   * @example
   * ```ts
   * for await (const m of scope.memory.list({ session_id: "s-1" })) console.log(m.content);
   * ```
   */
  list(params: ListMemoryParams = {}, options?: RequestOptions): PagePromise<Memory> {
    return pagesOrError(() => {
      const { skip, limit, ...filters } = parseInput(listParams, params, "params");
      return listPages(this.#ctx.http, this.#path(), memorySchema, { skip, limit }, filters, options);
    });
  }

  /**
   * Semantic search over memories, best match first. A read, so it is retried like a GET.
   * @example
   * ```ts
   * const hits = await scope.memory.search({ query: "best time to call", limit: 5, threshold: 0.6 });
   * ```
   */
  search(params: SearchMemoryParams, options?: RequestOptions): APIPromise<MemoryMatch[]> {
    return post(this.#ctx.http, () => {
      const p = parseInput(searchParams, params, "params");
      return { path: this.#path("/search"), body: compact(p), idempotent: true, schema: searchSchema };
    }, options);
  }

  /**
   * Gets one memory by id.
   * @example
   * ```ts
   * const m = await scope.memory.get(memoryId);
   * ```
   */
  get(memoryId: string, options?: RequestOptions): APIPromise<Memory> {
    return get(this.#ctx.http, () => ({ path: this.#path(`/${segment("memoryId", memoryId)}`), schema: memorySchema }), options);
  }

  /**
   * Changes some fields of a memory (`PUT` with only those fields).
   * @example
   * ```ts
   * await scope.memory.update(memoryId, { memory_metadata: { pinned: true } });
   * ```
   */
  update(memoryId: string, params: UpdateMemoryParams, options?: RequestOptions): APIPromise<Memory> {
    return put(this.#ctx.http, () => {
      const p = parseInput(updateParams, params, "params");
      return { path: this.#path(`/${segment("memoryId", memoryId)}`), body: this.#body(p), schema: memorySchema };
    }, options);
  }

  /**
   * Deletes one memory.
   * @example
   * ```ts
   * await scope.memory.delete(memoryId);
   * ```
   */
  delete(memoryId: string, options?: RequestOptions): APIPromise<Record<string, unknown>> {
    return del(this.#ctx.http, () => ({ path: this.#path(`/${segment("memoryId", memoryId)}`) }), options);
  }
}
