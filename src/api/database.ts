import { z } from "zod";
import type { RequestOptions } from "../http/transport.js";
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

const count = z.number().nullish();

// `enable` may answer with a config object that has no flag at all; a 2xx there means enabled.
function statusSchema(assumeEnabled: boolean): z.ZodType<DatabaseStatus> {
  const shape = z
    .looseObject({
      project_id: z.string().nullish(),
      database_enabled: z.boolean().nullish(),
      enabled: z.boolean().nullish(),
      tables_count: count,
      vectors_count: count,
      memory_records_count: count,
      events_count: count,
      files_count: count,
    })
    .refine((s) => assumeEnabled || (s.database_enabled ?? s.enabled) != null, {
      message: "a database status needs database_enabled (or enabled)",
    })
    .transform(({ enabled, ...s }): DatabaseStatus => ({
      ...s,
      project_id: s.project_id ?? undefined,
      database_enabled: s.database_enabled ?? enabled ?? true,
      tables_count: s.tables_count ?? undefined,
      vectors_count: s.vectors_count ?? undefined,
      memory_records_count: s.memory_records_count ?? undefined,
      events_count: s.events_count ?? undefined,
      files_count: s.files_count ?? undefined,
    }));
  // An empty (204 or text) answer to enable still means "enabled".
  const schema = assumeEnabled ? z.preprocess((v) => (typeof v === "object" && v !== null ? v : {}), shape) : shape;
  return schema as unknown as z.ZodType<DatabaseStatus>;
}

/** `{P}/database`: turn the project database on and read its state. */
export class DatabaseAPI {
  readonly #ctx: ProjectContext;
  /** @internal Made by the client; use the scope's getters (and `withOptions`). */
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
  async enable(options?: RequestOptions): Promise<DatabaseStatus> {
    return this.#ctx.http.request({ method: "POST", path: this.#path(), idempotent: true, schema: statusSchema(true) }, options);
  }

  /**
   * Reads whether the database is enabled, with per-area counts when the server gives them.
   * @example
   * ```ts
   * const { database_enabled, vectors_count } = await scope.database.status();
   * ```
   */
  async status(options?: RequestOptions): Promise<DatabaseStatus> {
    return this.#ctx.http.request({ method: "GET", path: this.#path(), idempotent: true, schema: statusSchema(false) }, options);
  }
}
