import { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX, type ContractIssue } from "../contract/index.js";
import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";
import { ValidationError } from "../http/errors.js";
import { PagePromise, type Page } from "../http/pagination.js";
import type { HttpClient, Query, RequestOptions } from "../http/transport.js";

// zod/mini loads no locale, so every issue would read "Invalid input". Every schema module
// imports this one for its exports, so a bundler keeps this call despite `sideEffects: false`.
z.config(en());

/** What every project-scoped api module needs: the transport and the path prefix of its project. */
export interface ProjectContext {
  readonly http: HttpClient;
  readonly projectId: string;
  /** `/v1/public/{id}` or `/v1/projects/{id}` (with the optional `/api`). */
  readonly prefix: string;
  /** Shared by every scope of one client, so a server quirk is found once per client. */
  readonly learned: Learned;
}

/** What a client found out about its server while talking to it. */
export interface Learned {
  /** The server answered 405 to `PATCH .../rows/{row_id}`: patch rows by get, merge and PUT. */
  rowPatchUnsupported?: boolean;
}

/**
 * Checks caller input before anything is sent; the error names every bad field and its
 * rule. Takes any zod schema, classic or mini (a caller's row schema may be either).
 */
export function parseInput<S extends z.core.$ZodType>(schema: S, value: unknown, root: string): z.output<S> {
  const result = z.safeParse(schema, value);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((i) => ({
      path: [root, ...i.path.map(String)].join("."),
      message: i.message,
      code: i.code,
    })),
  );
}

/** Adds the wire contract's issues (`src/contract/`) to a zod refinement, at their paths. */
export function addIssues(ctx: { addIssue(issue: { code: "custom"; path: PropertyKey[]; message: string; input: unknown }): void; value: unknown }, issues: ContractIssue[]): void {
  for (const issue of issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message, input: ctx.value });
}

/** Page size accepted by every list endpoint (1 to the contract's `PAGE_LIMIT_MAX`). */
export const pageLimit = z.int().check(z.minimum(1), z.maximum(PAGE_LIMIT_MAX));
export const pageSkip = z.int().check(z.minimum(0));

/**
 * `true` when `A` and `B` accept exactly the same values: each is assignable to the other
 * and both name the same keys (mutual assignability alone lets an optional field go
 * missing on one side). Pins each hand-written input interface to the zod schema that
 * validates it at runtime, so the two cannot drift apart without `tsc` failing.
 */
export type Agrees<A, B> = [A] extends [B]
  ? [B] extends [A]
    ? [keyof A] extends [keyof B]
      ? [keyof B] extends [keyof A]
        ? true
        : false
      : false
    : false
  : false;

/**
 * Pins the hand-written input interface `P` to the schema that checks it at runtime:
 * `tsc` fails where the two accept different values, so they cannot drift apart.
 * @example
 * ```ts
 * const pageParams = inputOf<PageParams>()(z.strictObject({ skip: z.optional(pageSkip), limit: z.optional(pageLimit) }));
 * ```
 */
export function inputOf<P>() {
  return <S extends z.ZodMiniType>(schema: S & (Agrees<P, z.input<S>> extends true ? unknown : { "input interface and schema disagree": P })): S => schema;
}

/** skip/limit options shared by list calls. */
export const pageParams = inputOf<PageParams>()(z.strictObject({ skip: z.optional(pageSkip), limit: z.optional(pageLimit) }));
/**
 * skip/limit options of a list call (`tables.list`, `rows(name).list`).
 * @inline
 */
export interface PageParams {
  /** Items to skip before the first one returned; an integer ≥ 0. Default 0. */
  skip?: number | undefined;
  /** Page size, 1-1000. Default 100. */
  limit?: number | undefined;
}

const ITEM_KEYS = [
  "data",
  "items",
  "results",
  "vectors",
  "interactions",
  "logs",
  "memories",
  "events",
  "files",
  "tables",
  "rows",
  "projects",
] as const;

const count = z.nullish(z.number());
const envelope = z.looseObject({
  total: count,
  total_count: count,
  skip: count,
  offset: count,
  limit: count,
  has_more: z.nullish(z.boolean()),
});

/**
 * A list answer in any envelope ZeroDB uses (`data`, `items`, `vectors`, ..., or a bare
 * array), normalized to a {@link Page}. This is the one place list envelopes are read.
 */
export function pageSchema<T>(item: z.ZodMiniType<T>, asked: { skip: number; limit: number }): z.ZodMiniType<Page<T>> {
  const items = z.array(item);
  return z.pipe(
    z.union([z.array(z.unknown()), envelope]),
    z.transform((raw, ctx): Page<T> => {
      let list: unknown = raw;
      let env: z.infer<typeof envelope> = {};
      if (!Array.isArray(raw)) {
        env = raw;
        const key = ITEM_KEYS.find((k) => Array.isArray((raw as Record<string, unknown>)[k]));
        list = key === undefined ? [] : (raw as Record<string, unknown>)[key];
      }
      const parsed = items.safeParse(list);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) ctx.issues.push({ ...issue, path: ["data", ...issue.path], input: list } as never);
        return z.NEVER;
      }
      return {
        data: parsed.data,
        total: env.total ?? env.total_count ?? undefined,
        skip: env.skip ?? env.offset ?? asked.skip,
        limit: env.limit ?? asked.limit,
        hasMore: env.has_more ?? undefined,
      };
    }),
  ) as unknown as z.ZodMiniType<Page<T>>;
}

/** An answer whose shape we do not rely on (deletes, enable): kept as-is. */
export const anyObject = z.pipe(
  z.union([z.looseObject({}), z.undefined(), z.string()]),
  z.transform((v) => (typeof v === "object" ? v : {})),
) as unknown as z.ZodMiniType<Record<string, unknown>>;

/** Drops `undefined` fields so the JSON body only carries what the caller set. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** JSON object type used for row data, metadata and payloads. */
export type JsonObject = Record<string, unknown>;
export const jsonObject = z.record(z.string(), z.unknown());

/** An export answer: `data` is an array for `json`, a string for `csv`, whatever the server sends otherwise. */
export interface ExportResult {
  format: string | undefined;
  count: number | undefined;
  data: unknown;
  [key: string]: unknown;
}

/** Reads `{format, count, data}`, or a bare CSV / JSON answer (RLHF and agent-log exports). */
export const exportResultSchema = z.pipe(
  z.union([z.looseObject({ format: z.optional(z.string()), count: z.optional(z.number()), data: z.optional(z.unknown()) }), z.string(), z.array(z.unknown())]),
  z.transform((r): ExportResult => (typeof r === "string" || Array.isArray(r) ? { format: undefined, count: undefined, data: r } : { ...r, format: r.format, count: r.count, data: r.data })),
) as unknown as z.ZodMiniType<ExportResult>;

/**
 * A GET list endpoint as a {@link PagePromise}: every page sends `filters` plus its own
 * offset and size, under `skip` (most lists) or `offset` (vectors, RLHF) on the wire.
 */
export function listPages<T>(
  http: HttpClient,
  path: string,
  item: z.ZodMiniType<T>,
  start: { skip?: number | undefined; limit?: number | undefined },
  filters: Query,
  options: RequestOptions | undefined,
  offsetName: "skip" | "offset" = "skip",
): PagePromise<T> {
  return new PagePromise(
    (skip, limit) =>
      http.request(
        { method: "GET", path, query: { ...filters, [offsetName]: skip, limit }, idempotent: true, schema: pageSchema(item, { skip, limit }) },
        options,
      ),
    start.skip ?? 0,
    start.limit ?? PAGE_LIMIT_DEFAULT,
  );
}
