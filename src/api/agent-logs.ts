import * as z from "zod/mini";
import { PagePromise, pagesOrError } from "../http/pagination.js";
import { segment } from "../http/paths.js";
import type { RequestOptions } from "../http/transport.js";
import { type APIPromise, get, post } from "./resource.js";
import { inputOf, listPages, exportResultSchema, type ExportResult, compact, jsonObject, pageParams, parseInput, type JsonObject, type ProjectContext } from "./shared.js";

/** Severity of an agent log line. */
export type AgentLogLevel = "DEBUG" | "INFO" | "WARN" | "ERROR";
// Accepts any case ("warn") and sends the upper-case wire value.
const logLevel = z.pipe(z.pipe(z.string(), z.transform((s) => s.toUpperCase())), z.enum(["DEBUG", "INFO", "WARN", "ERROR"], { message: "must be one of DEBUG INFO WARN ERROR" }));
const text = z.string().check(z.minLength(1));

/** One agent log line, normalized (`log_id` from `log_id` or `id`). */
export interface AgentLog {
  log_id: string;
  project_id: string | undefined;
  agent_id: string | undefined;
  session_id: string | undefined;
  log_level: string | undefined;
  log_message: string | undefined;
  raw_payload: JsonObject | undefined;
  created_at: string | undefined;
}

const logSchema = z.pipe(
  z
    .looseObject({
      log_id: z.optional(z.string()),
      id: z.optional(z.string()),
      project_id: z.nullish(z.string()),
      agent_id: z.nullish(z.string()),
      session_id: z.nullish(z.string()),
      log_level: z.nullish(z.string()),
      log_message: z.nullish(z.string()),
      raw_payload: z.nullish(jsonObject),
      created_at: z.nullish(z.string()),
    })
    .check(z.refine((l) => (l.log_id ?? l.id) !== undefined, { message: "a log needs log_id (or id)" })),
  z.transform(
    (l): AgentLog => ({
      log_id: (l.log_id ?? l.id) as string,
      project_id: l.project_id ?? undefined,
      agent_id: l.agent_id ?? undefined,
      session_id: l.session_id ?? undefined,
      log_level: l.log_level ?? undefined,
      log_message: l.log_message ?? undefined,
      raw_payload: l.raw_payload ?? undefined,
      created_at: l.created_at ?? undefined,
    }),
  ),
);

const createParams = inputOf<CreateAgentLogParams>()(z.strictObject({
  agent_id: text,
  session_id: z.optional(text),
  log_level: z.optional(logLevel),
  log_message: text,
  raw_payload: z.optional(jsonObject),
}));
/** Input of {@link AgentLogsAPI.create}. `log_level` defaults to `INFO`; lower case is accepted. */
export interface CreateAgentLogParams {
  /** Id of the agent that writes the line; non-empty. */
  agent_id: string;
  /** Session the line belongs to; non-empty. */
  session_id?: string | undefined;
  /** Severity, one of `DEBUG` `INFO` `WARN` `ERROR` in any case (sent upper-case). Default `INFO`. */
  log_level?: string | undefined;
  /** The log text; non-empty. */
  log_message: string;
  /** Any JSON object stored with the line. */
  raw_payload?: JsonObject | undefined;
}

const filters = { agent_id: z.optional(text), session_id: z.optional(text), log_level: z.optional(logLevel) };
const listParams = inputOf<ListAgentLogsParams>()(z.extend(pageParams, filters));
/** Input of {@link AgentLogsAPI.list}: skip/limit plus filters. */
export interface ListAgentLogsParams {
  /** Lines to skip before the first one returned; an integer ≥ 0. Default 0. */
  skip?: number | undefined;
  /** Page size, 1-1000. Default 100. */
  limit?: number | undefined;
  /** Only lines of this agent; non-empty. */
  agent_id?: string | undefined;
  /** Only lines of this session; non-empty. */
  session_id?: string | undefined;
  /** Only lines of this severity: `DEBUG` `INFO` `WARN` `ERROR`, any case. */
  log_level?: string | undefined;
}

const exportParams = inputOf<AgentLogExportParams>()(z.strictObject({ format: z.optional(z.enum(["json", "csv"])), ...filters }));
/** Input of {@link AgentLogsAPI.export}: `format` (default `json`) plus filters. */
export interface AgentLogExportParams {
  /** `json` (an array of lines) or `csv` (one string). Default `json`. */
  format?: "json" | "csv" | undefined;
  /** Only lines of this agent; non-empty. */
  agent_id?: string | undefined;
  /** Only lines of this session; non-empty. */
  session_id?: string | undefined;
  /** Only lines of this severity: `DEBUG` `INFO` `WARN` `ERROR`, any case. */
  log_level?: string | undefined;
}

/** Counts of log lines. */
export interface AgentLogStats {
  total_logs?: number;
  by_level?: Record<string, unknown>;
  by_agent?: Record<string, unknown>;
  [key: string]: unknown;
}
const statsSchema = z.looseObject({
  total_logs: z.optional(z.number()),
  by_level: z.optional(jsonObject),
  by_agent: z.optional(jsonObject),
}) as unknown as z.ZodMiniType<AgentLogStats>;

/** An agent-log export: `data` is an array for `json`, a string for `csv`. */
export type AgentLogExport = ExportResult;

/**
 * Agent logs, `{P}/database/agent-logs`: create, list, get, stats, export.
 * @example
 * ```ts
 * await client.project(pid).agentLogs.create({ agent_id: "dialer", log_level: "ERROR", log_message: "timeout" });
 * ```
 */
export class AgentLogsAPI {
  readonly #ctx: ProjectContext;
  /** @internal Made by the client; use `scope.agentLogs`. */
  constructor(ctx: ProjectContext) {
    this.#ctx = ctx;
  }

  #path(rest = ""): string {
    return `${this.#ctx.prefix}/database/agent-logs${rest}`;
  }

  /**
   * Writes one log line. Not retried after an ambiguous failure.
   * @example
   * ```ts
   * await scope.agentLogs.create({ agent_id: "dialer", log_level: "WARN", log_message: "number unreachable", raw_payload: { contact_id: "c-1" } });
   * ```
   */
  create(params: CreateAgentLogParams, options?: RequestOptions): APIPromise<AgentLog> {
    return post(this.#ctx.http, () => {
      const p = parseInput(createParams, params, "params");
      return { path: this.#path(), body: compact({ ...p, log_level: p.log_level ?? "INFO" }), schema: logSchema };
    }, options);
  }

  /**
   * Lists log lines, optionally filtered; await for one page or `for await` over all.
   * @example
   * ```ts
   * for await (const log of scope.agentLogs.list({ agent_id: "dialer", log_level: "ERROR" })) console.log(log.log_message);
   * ```
   */
  list(params: ListAgentLogsParams = {}, options?: RequestOptions): PagePromise<AgentLog> {
    return pagesOrError(() => {
      const { skip, limit, ...filters } = parseInput(listParams, params, "params");
      return listPages(this.#ctx.http, this.#path(), logSchema, { skip, limit }, filters, options);
    });
  }

  /**
   * Gets one log line.
   * @example
   * ```ts
   * const log = await scope.agentLogs.get(logId);
   * ```
   */
  get(logId: string, options?: RequestOptions): APIPromise<AgentLog> {
    return get(this.#ctx.http, () => ({ path: this.#path(`/${segment("logId", logId)}`), schema: logSchema }), options);
  }

  /**
   * Counts by level and by agent.
   * @example
   * ```ts
   * const { total_logs, by_level } = await scope.agentLogs.stats();
   * ```
   */
  stats(options?: RequestOptions): APIPromise<AgentLogStats> {
    return get(this.#ctx.http, { path: this.#path("/stats"), schema: statsSchema }, options);
  }

  /**
   * Exports log lines as JSON or CSV. A read, so it is retried like a GET.
   * @example
   * ```ts
   * const { data } = await scope.agentLogs.export({ format: "csv", agent_id: "dialer" });
   * ```
   */
  export(params: AgentLogExportParams = {}, options?: RequestOptions): APIPromise<AgentLogExport> {
    return post(this.#ctx.http, () => {
      const p = parseInput(exportParams, params, "params");
      return { path: this.#path("/export"), body: compact({ ...p, format: p.format ?? "json" }), idempotent: true, schema: exportResultSchema };
    }, options);
  }
}
