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
import { activeProjectFile, readActiveProject } from "./active-project.js";
import { seedTables, type SeedResult } from "./seed.js";
import {
  CampaignGoalsRepository,
  CampaignsRepository,
  ContactIdentitiesRepository,
  ContactTagsRepository,
  FollowupsRepository,
  MessagesRepository,
  Repository,
  SessionsRepository,
  UsersRepository,
  type RepositoryDeps,
} from "./repositories/index.js";
import { tables as registry, type AnyTable } from "./schema/index.js";
import { importContacts, type ImportContactsOptions, type ImportContactsResult, type ImportSource } from "./workflows/import-contacts.js";

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
  readonly #repos = new Map<string, unknown>();

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

  #repo<R>(table: AnyTable, make: (deps: RepositoryDeps) => R): R {
    let repo = this.#repos.get(table.name);
    if (repo === undefined) {
      repo = make({ rows: this.rows(table.name), projectId: this.projectId });
      this.#repos.set(table.name, repo);
    }
    return repo as R;
  }

  /**
   * Operators: unique email when given; `deactivate(id)` keeps the row.
   * @example
   * ```ts
   * const u = await scope.users.create({ full_name: "Ravi", role: "USER", email: "ravi@example.org" });
   * ```
   */
  get users(): UsersRepository {
    return this.#repo(registry.users, (d) => new UsersRepository(registry.users, d));
  }

  /**
   * Teams of operators.
   * @example
   * ```ts
   * const t = await scope.teams.create({ name: "North" });
   * ```
   */
  get teams(): Repository<typeof registry.teams> {
    return this.#repo(registry.teams, (d) => new Repository(registry.teams, d));
  }

  /**
   * Team memberships: one per `(team_id, user_id)` (a second is a `DuplicateError`).
   * @example
   * ```ts
   * await scope.teamMembers.create({ team_id, user_id, member_role: "MEMBER" });
   * ```
   */
  get teamMembers(): Repository<typeof registry.team_members> {
    return this.#repo(registry.team_members, (d) => new Repository(registry.team_members, d));
  }

  /**
   * Donors and prospects; soft-deleted (`delete` sets `deleted_at`, `restore` clears it).
   * @example
   * ```ts
   * const asha = await scope.contacts.create({ display_name: "Asha Rao" });
   * ```
   */
  get contacts(): Repository<typeof registry.contacts> {
    return this.#repo(registry.contacts, (d) => new Repository(registry.contacts, d));
  }

  /**
   * Phones (E.164) and emails of contacts, one owner per value, one primary per type.
   * @example
   * ```ts
   * await scope.contactIdentities.create({ contact_id, type: "phone", value: "98765 43210" });
   * ```
   */
  get contactIdentities(): ContactIdentitiesRepository {
    return this.#repo(registry.contact_identities, (d) => new ContactIdentitiesRepository(registry.contact_identities, d));
  }

  /**
   * Tags of contacts: `add` / `remove`, idempotent.
   * @example
   * ```ts
   * await scope.contactTags.add(contactId, "vip");
   * ```
   */
  get contactTags(): ContactTagsRepository {
    return this.#repo(registry.contact_tags, (d) => new ContactTagsRepository(registry.contact_tags, d));
  }

  /**
   * Campaigns: status moves active ⇄ paused → completed.
   * @example
   * ```ts
   * const c = await scope.campaigns.create({ name: "Diwali drive" });
   * ```
   */
  get campaigns(): CampaignsRepository {
    return this.#repo(registry.campaigns, (d) => new CampaignsRepository(registry.campaigns, d));
  }

  /**
   * Daily campaign goals, one per campaign and date; `forDay` finds today's.
   * @example
   * ```ts
   * const goal = await scope.campaignGoals.forDay(campaignId, { now: new Date() });
   * ```
   */
  get campaignGoals(): CampaignGoalsRepository {
    return this.#repo(registry.campaign_goals, (d) => new CampaignGoalsRepository(registry.campaign_goals, d));
  }

  /**
   * Operator sessions: `start`, `updateState`, `close`, `active`.
   * @example
   * ```ts
   * const s = await scope.sessions.start({ user_id: userId });
   * ```
   */
  get sessions(): SessionsRepository {
    return this.#repo(registry.sessions, (d) => new SessionsRepository(registry.sessions, d));
  }

  /**
   * The log of contact touches.
   * @example
   * ```ts
   * await scope.interactions.create({ contact_id, channel: "call", direction: "outbound", outcome: "spoke" });
   * ```
   */
  get interactions(): Repository<typeof registry.interactions> {
    return this.#repo(registry.interactions, (d) => new Repository(registry.interactions, d));
  }

  /**
   * Pledges.
   * @example
   * ```ts
   * await scope.pledges.create({ contact_id, amount: 5000 });
   * ```
   */
  get pledges(): Repository<typeof registry.pledges> {
    return this.#repo(registry.pledges, (d) => new Repository(registry.pledges, d));
  }

  /**
   * Payments received.
   * @example
   * ```ts
   * await scope.payments.create({ contact_id, amount: 2500, method: "upi" });
   * ```
   */
  get payments(): Repository<typeof registry.payments> {
    return this.#repo(registry.payments, (d) => new Repository(registry.payments, d));
  }

  /**
   * Followups; `due({ now })` lists what is due.
   * @example
   * ```ts
   * const due = await scope.followups.due({ now: new Date() });
   * ```
   */
  get followups(): FollowupsRepository {
    return this.#repo(registry.followups, (d) => new FollowupsRepository(registry.followups, d, this.contacts));
  }

  /**
   * Chat-completion usage per step (cost accounting).
   * @example
   * ```ts
   * await scope.providerUsage.create({ provider: "anthropic", model: "claude", total_tokens: 812 });
   * ```
   */
  get providerUsage(): Repository<typeof registry.provider_usage> {
    return this.#repo(registry.provider_usage, (d) => new Repository(registry.provider_usage, d));
  }

  /**
   * Links of uploaded files to contacts, campaigns, interactions, pledges, payments.
   * @example
   * ```ts
   * await scope.fileLinks.create({ file_id, entity_type: "contact", entity_id: contactId });
   * ```
   */
  get fileLinks(): Repository<typeof registry.file_links> {
    return this.#repo(registry.file_links, (d) => new Repository(registry.file_links, d));
  }

  /**
   * The optional message audit table `messages_inbound_outbound`; a message with a
   * `provider_message_id` gets its id from it, so a redelivered webhook is stored once.
   * @example
   * ```ts
   * const recent = await scope.messages.list({ limit: 20 });
   * ```
   */
  get messages(): MessagesRepository {
    return this.#repo(registry.messages_inbound_outbound, (d) => new MessagesRepository(registry.messages_inbound_outbound, d));
  }

  /**
   * Creates every table of the schema the project lacks (the optional
   * `messages_inbound_outbound` audit table included), leaves existing ones alone and
   * records the schema version in `schema_versions`. A table that fails is reported in
   * `failed` and the others are still created; running it again creates nothing.
   * @example
   * ```ts
   * const { created, present, failed, schemaVersion } = await scope.seed();
   * ```
   */
  seed(options?: RequestOptions): Promise<SeedResult> {
    return seedTables({ projectId: this.projectId, tables: this.tables, rows: (name) => this.rows(name) }, options);
  }

  /**
   * Checks that the project exists, its database is enabled and its tables can be listed,
   * and reports the schema's `missingTables` and the seeded `schemaVersion`.
   * Failed checks are reported in `problems`, not thrown.
   * @example
   * ```ts
   * const report = await scope.health();
   * if (!report.ok) console.error(report.problems.join("\n"));
   * ```
   */
  health(options?: RequestOptions): Promise<HealthReport> {
    return checkHealth(
      {
        projectId: this.projectId,
        projects: new ProjectsAPI(this.#ctx.http),
        database: this.database,
        tables: this.tables,
        rows: (name) => this.rows(name),
      },
      options,
    );
  }

  // --- import ---

  /**
   * Imports contacts from CSV text, `{ path }` (Node only), a stream of CSV text or bytes,
   * or an array of objects. Each row is validated (a bad row is skipped with a report
   * line: line, field, rule), its phones normalized to E.164 and emails lower-cased,
   * deduplicated within the source and against the project by `(type, value)`, and
   * tagged. A row whose phone or email belongs to an existing contact updates that
   * contact; a new contact's id comes from its first identity, so importing the same
   * file again creates nothing. Default columns: the contacts table's field names plus
   * `phone`, `email` and `tags` (several separated by `;`); `Name`, `Full Name`, `Mobile`,
   * `Phone Number`, `E-mail`, `Tags` are recognized case-insensitively and `columns`
   * maps any other header. Rows are written 8 at a time (`concurrency`).
   * @example
   * ```ts
   * const r = await scope.importContacts({ path: "contacts.csv" }, { tags: ["diwali-2026"], onProgress: (p) => console.log(p.processed) });
   * console.log(r.created, r.updated, r.skipped, r.issues);
   * ```
   */
  importContacts(source: ImportSource, options?: ImportContactsOptions): Promise<ImportContactsResult> {
    return importContacts(
      { projectId: this.projectId, contacts: this.contacts, contactIdentities: this.contactIdentities, contactTags: this.contactTags, fileLinks: this.fileLinks, files: this.files },
      source,
      options,
    );
  }

  // --- end import ---

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
   * A scope bound to one project. Without an id: the `projectId` option, else
   * `ZERODB_PROJECT_ID`, else the active project saved by `saveActiveProject` (the CLI's
   * `use`) in `$XDG_CONFIG_HOME/zerodb-calltime/config.json`; with none of them it throws a
   * `ValidationError` naming the variable and the file.
   * @example
   * ```ts
   * const scope = client.project("6f1c...");
   * ```
   */
  project(projectId?: string): ProjectScope {
    const id = projectId ?? this.#http.config.projectId ?? readActiveProject();
    if (id === undefined || id === "") {
      throw new ValidationError([
        {
          path: "projectId",
          message: `missing: pass a project id, set ZERODB_PROJECT_ID, or save an active project in ${activeProjectFile()} (zerodb-calltime use <projectId>)`,
          code: "required",
        },
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
