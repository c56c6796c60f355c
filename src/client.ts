import { TablesAPI } from "./api/tables.js";
import { RowsAPI, type RowsOptions } from "./api/rows.js";
import { DatabaseAPI } from "./api/database.js";
import { EmbeddingsAPI } from "./api/embeddings.js";
import { ProjectsAPI } from "./api/projects.js";
import { SqlAPI } from "./api/sql.js";
import { VectorsAPI } from "./api/vectors.js";
import { MemoryAPI } from "./api/memory.js";
import { FilesAPI } from "./api/files.js";
import { EventsAPI } from "./api/events.js";
import { RlhfAPI } from "./api/rlhf.js";
import { AgentLogsAPI } from "./api/agent-logs.js";
import type { JsonObject, Learned, ProjectContext } from "./api/shared.js";
import { resolveConfig, type ClientOptions } from "./http/config.js";
import { ValidationError } from "./http/errors.js";
import { projectPrefix } from "./http/paths.js";
import { HttpClient, type RequestOptions } from "./http/transport.js";
import { checkHealth, type HealthReport } from "./health.js";

const inspect = Symbol.for("nodejs.util.inspect.custom");

/**
 * Everything scoped to one project. API clients are created on first use, so a
 * scope is cheap to make.
 */
export class ProjectScope {
  /** The project every call of this scope is bound to. */
  readonly projectId: string;
  readonly #ctx: ProjectContext;
  #tables: TablesAPI | undefined;
  #database: DatabaseAPI | undefined;
  #sql: SqlAPI | undefined;
  #vectors: VectorsAPI | undefined;
  #embeddings: EmbeddingsAPI | undefined;
  #memory: MemoryAPI | undefined;
  #files: FilesAPI | undefined;
  #events: EventsAPI | undefined;
  #rlhf: RlhfAPI | undefined;
  #agentLogs: AgentLogsAPI | undefined;

  /** @internal Made by `client.project(id)`; `learned` is the client's, shared by its scopes. */
  constructor(http: HttpClient, projectId: string, learned: Learned = {}) {
    this.projectId = projectId;
    this.#ctx = { http, projectId, prefix: projectPrefix(http.config, projectId), learned };
  }

  /** Tables of the project: create, list, get, delete. */
  get tables(): TablesAPI {
    return (this.#tables ??= new TablesAPI(this.#ctx));
  }

  /** The project database switch: enable, status. */
  get database(): DatabaseAPI {
    return (this.#database ??= new DatabaseAPI(this.#ctx));
  }

  /** SQL queries against the project's Postgres (read-only by default). */
  get sql(): SqlAPI {
    return (this.#sql ??= new SqlAPI(this.#ctx));
  }

  /**
   * Vectors of the project. Accepts any of 384, 768, 1024, 1536 dimensions; fix one
   * (and a default namespace) with `withOptions`.
   * @example
   * ```ts
   * const index = scope.vectors.withOptions({ dimensions: 384 });
   * ```
   */
  get vectors(): VectorsAPI {
    return (this.#vectors ??= new VectorsAPI(this.#ctx));
  }

  /** Server-side embeddings: generate, embed-and-store, semantic search, models. */
  get embeddings(): EmbeddingsAPI {
    return (this.#embeddings ??= new EmbeddingsAPI(this.#ctx));
  }

  /**
   * Project memory: store, list, search, get, update, delete.
   * @example
   * ```ts
   * await scope.memory.store({ content: "Prefers calls after 6pm", session_id: "s-1" });
   * ```
   */
  get memory(): MemoryAPI {
    return (this.#memory ??= new MemoryAPI(this.#ctx));
  }

  /**
   * Files: upload (base64 JSON, 7 MiB default limit), metadata, list, download, presigned URLs, delete.
   * @example
   * ```ts
   * const { bytes } = await scope.files.download(fileId);
   * ```
   */
  get files(): FilesAPI {
    return (this.#files ??= new FilesAPI(this.#ctx));
  }

  /**
   * Events: publish, list (in publish order), get.
   * @example
   * ```ts
   * await scope.events.publish({ topic: "call.completed", event_payload: { contact_id: "c-1" } });
   * ```
   */
  get events(): EventsAPI {
    return (this.#events ??= new EventsAPI(this.#ctx));
  }

  /**
   * RLHF interactions, feedback, reviews, comparisons, stats and export.
   * @example
   * ```ts
   * await scope.rlhf.singleReview({ prompt: "Summarize the call", response: "...", rating: 4 });
   * ```
   */
  get rlhf(): RlhfAPI {
    return (this.#rlhf ??= new RlhfAPI(this.#ctx));
  }

  /**
   * Agent logs: create, list, get, stats, export.
   * @example
   * ```ts
   * await scope.agentLogs.create({ agent_id: "dialer", log_message: "started" });
   * ```
   */
  get agentLogs(): AgentLogsAPI {
    return (this.#agentLogs ??= new AgentLogsAPI(this.#ctx));
  }

  /**
   * Rows of one table. With a zod schema (classic or `zod/mini`), `row_data` is checked
   * before every write (a `ValidationError` naming `row_data.<field>`, nothing sent) and on
   * every read (a `ResponseValidationError`), and typed from the schema. Without one, the
   * type argument is only a cast, for ad-hoc tables.
   * @example
   * ```ts
   * import { z } from "zod";
   * const contacts = scope.rows("contacts", { schema: z.object({ id: z.string(), full_name: z.string() }) });
   * const adHoc = scope.rows<{ note: string }>("scratch");
   * ```
   */
  rows<T extends JsonObject = JsonObject>(tableName: string, options: RowsOptions<T> = {}): RowsAPI<T> {
    return new RowsAPI<T>(this.#ctx, tableName, options);
  }

  /**
   * Checks that the project exists, its database is enabled and its tables can be listed.
   * Failed checks are reported in `problems`, not thrown.
   * @example
   * ```ts
   * const report = await scope.health();
   * if (!report.ok) console.error(report.problems.join("\n"));
   * ```
   */
  health(options?: RequestOptions): Promise<HealthReport> {
    return checkHealth(
      { projectId: this.projectId, projects: new ProjectsAPI(this.#ctx.http), database: this.database, tables: this.tables },
      options,
    );
  }

  toJSON(): Record<string, unknown> {
    return { projectId: this.projectId };
  }
  [inspect](): string {
    return `ProjectScope { projectId: ${JSON.stringify(this.projectId)} }`;
  }
}

/** The client returned by {@link createClient}. */
export class ZeroDBClient {
  readonly #http: HttpClient;
  readonly #learned: Learned = {};
  #projects: ProjectsAPI | undefined;

  /** @internal Made by {@link createClient}. */
  constructor(http: HttpClient) {
    this.#http = http;
  }

  /** The projects collection: create, list, get, update, delete, restore. */
  get projects(): ProjectsAPI {
    return (this.#projects ??= new ProjectsAPI(this.#http));
  }

  /**
   * A scope bound to one project; defaults to the `projectId` option or `ZERODB_PROJECT_ID`.
   * @example
   * ```ts
   * const scope = client.project("6f1c...");
   * ```
   */
  project(projectId?: string): ProjectScope {
    const id = projectId ?? this.#http.config.projectId;
    if (id === undefined || id === "") {
      throw new ValidationError([
        { path: "projectId", message: "missing: pass a project id or set projectId / ZERODB_PROJECT_ID", code: "required" },
      ]);
    }
    return new ProjectScope(this.#http, id, this.#learned);
  }

  toJSON(): Record<string, unknown> {
    return { client: "zerodb-calltime", ...this.#http.toJSON() };
  }
  [inspect](): string {
    return `ZeroDBClient ${JSON.stringify(this.toJSON())}`;
  }
}

/**
 * Creates a client. The key comes from `apiKey` or `ZERODB_API_KEY`; a missing key
 * throws a `ValidationError` naming the variable.
 * @example
 * ```ts
 * import { createClient } from "zerodb-calltime";
 * const client = createClient({ apiKey: process.env.ZERODB_API_KEY });
 * const scope = client.project(process.env.ZERODB_PROJECT_ID);
 * ```
 */
export function createClient(options: ClientOptions = {}): ZeroDBClient {
  const { config, apiKey } = resolveConfig(options);
  return new ZeroDBClient(new HttpClient(config, apiKey));
}
