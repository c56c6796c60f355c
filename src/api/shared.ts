import { z } from "zod";
import { ValidationError } from "../http/errors.js";
import { PagePromise, type Page } from "../http/pagination.js";
import type { HttpClient, Query, RequestOptions } from "../http/transport.js";

/** What every project-scoped api module needs: the transport and the path prefix of its project. */
export interface ProjectContext {
  readonly http: HttpClient;
  readonly projectId: string;
  /** `/v1/public/{id}` or `/v1/projects/{id}` (with the optional `/api`). */
  readonly prefix: string;
}

/** Checks caller input before anything is sent; the error names every bad field and its rule. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, root: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((i) => ({
      path: [root, ...i.path.map(String)].join("."),
      message: i.message,
      code: i.code,
    })),
  );
}

/** Page size accepted by every list endpoint (server maximum 1000). */
export const pageLimit = z.number().int().min(1).max(1000);
export const pageSkip = z.number().int().min(0);

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

/** skip/limit options shared by list calls. */
export const pageParams = z.strictObject({
  skip: pageSkip.optional(),
  limit: pageLimit.optional(),
});
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
const _pageParams: Agrees<PageParams, z.input<typeof pageParams>> = true;
void _pageParams;

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

const envelope = z.looseObject({
  total: z.number().optional().nullable(),
  total_count: z.number().optional().nullable(),
  skip: z.number().optional().nullable(),
  offset: z.number().optional().nullable(),
  limit: z.number().optional().nullable(),
  has_more: z.boolean().optional().nullable(),
});

/**
 * A list answer in any envelope ZeroDB uses (`data`, `items`, `vectors`, ..., or a bare
 * array), normalized to a {@link Page}. This is the one place list envelopes are read.
 */
export function pageSchema<T>(item: z.ZodType<T>, asked: { skip: number; limit: number }): z.ZodType<Page<T>> {
  return z.union([z.array(z.unknown()), envelope]).transform((raw, ctx): Page<T> => {
    let items: unknown = raw;
    let env: z.infer<typeof envelope> = {};
    if (!Array.isArray(raw)) {
      env = raw;
      const key = ITEM_KEYS.find((k) => Array.isArray((raw as Record<string, unknown>)[k]));
      items = key === undefined ? [] : (raw as Record<string, unknown>)[key];
    }
    const parsed = z.array(item).safeParse(items);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: ["data", ...issue.path] } as never);
      return z.NEVER;
    }
    return {
      data: parsed.data,
      total: env.total ?? env.total_count ?? undefined,
      skip: env.skip ?? env.offset ?? asked.skip,
      limit: env.limit ?? asked.limit,
      hasMore: env.has_more ?? undefined,
    };
  }) as unknown as z.ZodType<Page<T>>;
}

/** An answer whose shape we do not rely on (deletes, enable): kept as-is. */
export const anyObject = z.union([z.looseObject({}), z.undefined(), z.string()]).transform((v) =>
  typeof v === "object" ? v : {},
) as unknown as z.ZodType<Record<string, unknown>>;

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
export const exportResultSchema: z.ZodType<ExportResult> = z
  .union([z.looseObject({ format: z.string().optional(), count: z.number().optional(), data: z.unknown().optional() }), z.string(), z.array(z.unknown())])
  .transform((r): ExportResult => (typeof r === "string" || Array.isArray(r) ? { format: undefined, count: undefined, data: r } : { ...r, format: r.format, count: r.count, data: r.data })) as unknown as z.ZodType<ExportResult>;

/**
 * A GET list endpoint as a {@link PagePromise}: every page sends `filters` plus its own
 * offset and size, under `skip` (most lists) or `offset` (vectors, RLHF) on the wire.
 */
export function listPages<T>(
  http: HttpClient,
  path: string,
  item: z.ZodType<T>,
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
    start.limit ?? 100,
  );
}
