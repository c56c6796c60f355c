import * as z from "zod/mini";
import type { RequestOptions } from "../http/transport.js";
import { type APIPromise, get, post } from "./resource.js";
import type { ProjectContext } from "./shared.js";

/**
 * The project database's state, normalized (`database_enabled` from `database_enabled` or
 * `enabled`). The counts are only there when the server sends them.
 */
export interface DatabaseStatus {
  project_id: string | undefined;
  database_enabled: boolean;
  tables_count: number | undefined;
  vectors_count: number | undefined;
  memory_records_count: number | undefined;
  events_count: number | undefined;
  files_count: number | undefined;
  [key: string]: unknown;
}

const count = z.nullish(z.number());

// `enable` may answer with a config object that has no flag at all; a 2xx there means enabled.
function statusSchema(assumeEnabled: boolean): z.ZodMiniType<DatabaseStatus> {
  const fields = z
    .looseObject({
      project_id: z.nullish(z.string()),
      database_enabled: z.nullish(z.boolean()),
      enabled: z.nullish(z.boolean()),
      tables_count: count,
      vectors_count: count,
      memory_records_count: count,
      events_count: count,
      files_count: count,
    })
    .check(
      z.refine((s) => assumeEnabled || (s.database_enabled ?? s.enabled) != null, {
        message: "a database status needs database_enabled (or enabled)",
      }),
    );
  const shape = z.pipe(
    fields,
    z.transform(({ enabled, ...s }): DatabaseStatus => ({
      ...s,
      project_id: s.project_id ?? undefined,
      database_enabled: s.database_enabled ?? enabled ?? true,
      tables_count: s.tables_count ?? undefined,
      vectors_count: s.vectors_count ?? undefined,
      memory_records_count: s.memory_records_count ?? undefined,
      events_count: s.events_count ?? undefined,
      files_count: s.files_count ?? undefined,
    })),
  );
  // An empty (204 or text) answer to enable still means "enabled".
  const schema = assumeEnabled ? z.pipe(z.transform((v: unknown) => (typeof v === "object" && v !== null ? v : {})), shape) : shape;
  return schema as unknown as z.ZodMiniType<DatabaseStatus>;
}

/** `{P}/database`: turn the project database on and read its state. */
export class DatabaseAPI {
  readonly #ctx: ProjectContext;
  /** @internal Made by the client; use `scope.database`. */
  constructor(ctx: ProjectContext) {
    this.#ctx = ctx;
  }

  #path(): string {
    return `${this.#ctx.prefix}/database`;
  }

  /**
   * Enables the project database (`POST {P}/database`). Enabling twice is harmless, so it is retried.
   * @example
   * ```ts
   * const status = await scope.database.enable();
   * ```
   */
  enable(options?: RequestOptions): APIPromise<DatabaseStatus> {
    return post(this.#ctx.http, { path: this.#path(), idempotent: true, schema: statusSchema(true) }, options);
  }

  /**
   * Reads whether the database is enabled, with per-area counts when the server gives them.
   * @example
   * ```ts
   * const { database_enabled, vectors_count } = await scope.database.status();
   * ```
   */
  status(options?: RequestOptions): APIPromise<DatabaseStatus> {
    return get(this.#ctx.http, { path: this.#path(), schema: statusSchema(false) }, options);
  }
}
