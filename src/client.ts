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
import { RlhfAPI, type Interaction, type RlhfExport } from "./api/rlhf.js";
import { AgentLogsAPI } from "./api/agent-logs.js";
import type { JsonObject, Learned, ProjectContext } from "./api/shared.js";
import { resolveConfig, type ClientOptions } from "./http/config.js";
import { ValidationError } from "./http/errors.js";
import { projectPrefix } from "./http/paths.js";
import { HttpClient, type RequestOptions } from "./http/transport.js";
import { checkHealth, type HealthReport } from "./health.js";
import { activeProjectFile, readActiveProject } from "./active-project.js";
import { seedTables, type SeedResult } from "./seed.js";
// workflows (issue 7)
import type { ContactRow, FollowupRow, MessageRow, PledgeRow, ProviderUsageRow, SessionRow } from "./schema/index.js";
import type { CreateInput } from "./repositories/index.js";
import * as wf from "./workflows/index.js";
import type {
  AttachReceiptInput,
  CompleteFollowupOptions,
  ContactChangeOptions,
  CreateContactOptions,
  CreatePledgeInput,
  DoNotContactOptions,
  DoNotContactResult,
  LogInteractionInput,
  LogInteractionOptions,
  LogInteractionResult,
  Receipt,
  ReceiptOptions,
  ReconcileResult,
  RecordMessageInput,
  RecordMessageOptions,
  RecordPaymentInput,
  RecordPaymentResult,
  RecordToolErrorInput,
  RecordUsageInput,
  UsageDailyOptions,
  WorkflowOptions,
  WorkflowSettings,
} from "./workflows/index.js";
import type { DailyUsage } from "./reports/usage.js";
import type { CampaignProgress, CsvKind, Scoreboard } from "./reports/index.js";
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
// whatsapp ingestion (issue 10)
import { ingestWhatsApp, type IngestWhatsAppOptions, type IngestWhatsAppResult } from "./workflows/whatsapp-ingest.js";
import { recordOutboundWhatsApp, type RecordOutboundWhatsAppInput, type RecordOutboundWhatsAppOptions, type RecordOutboundWhatsAppResult } from "./workflows/whatsapp-outbound.js";
// assistant tools and operator chat (issue 10)
import { runTool } from "./workflows/tools.js";
import { handleOperatorMessage } from "./workflows/assistant.js";
import type { OperatorMessageOptions, OperatorReply, RunToolOptions, ToolRunResult } from "./whatsapp/tools.js";

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

  // --- workflows ---
  #workflowSettings: WorkflowSettings = {};

  /**
   * Settings of this scope's workflows: raw message storage (off by default), auto-followup
   * rule toggles per project, team and operator, the operators' time zone, and whether
   * interactions are embedded and summarized into memory. Merged over earlier settings.
   * @example
   * ```ts
   * scope.configureWorkflows({ storeMessageContent: false, followupRules: { operators: { [userId]: { no_response: false } } } });
   * ```
   */
  configureWorkflows(settings: WorkflowSettings): this {
    this.#workflowSettings = { ...this.#workflowSettings, ...settings };
    return this;
  }

  /** The workflow settings in force (see {@link ProjectScope.configureWorkflows}). */
  get workflowSettings(): Readonly<WorkflowSettings> {
    return this.#workflowSettings;
  }

  /**
   * Logs a touch of a contact: the interaction row, `last_contacted_at`, the auto-followups
   * (`no_response` → 24 h, `reschedule` → `reschedule_at`, `pledged` unpaid → 48 h), the
   * summary embedded as `interaction:{id}:summary` in the `interactions` namespace, the one
   * rolling `contact_history_summary` memory, and `interaction.logged`. A `do_not_contact`
   * outcome marks the contact; `wrong_number` flags the identity used (`is_valid: false`).
   * Pass `id` to make a retry of the whole call repeat no write.
   * @example
   * ```ts
   * const { interaction, followups } = await scope.logInteraction({
   *   contact_id, channel: "call", direction: "outbound", outcome: "no_response", summary: "No answer, try evening",
   * });
   * ```
   */
  logInteraction(input: LogInteractionInput, options?: LogInteractionOptions): Promise<LogInteractionResult> {
    return wf.logInteraction(this, this.#workflowSettings, input, options);
  }

  /**
   * Creates an open pledge; from an interaction, sets its `amount_pledged` (the sum of its pledges).
   * @example
   * ```ts
   * const pledge = await scope.createPledge({ contact_id, amount: 5000, interaction_id, expected_by: "2026-01-31" });
   * ```
   */
  createPledge(input: CreatePledgeInput, options?: WorkflowOptions): Promise<PledgeRow> {
    return wf.createPledge(this, input, options);
  }

  /**
   * Records a payment. Against a pledge it returns the pledge (status `fulfilled` once
   * confirmed payments reach its amount, summed in paise), the `outstanding` rupees, and the
   * pledge's "collect remaining" followup (open while a balance is, done once paid).
   * @example
   * ```ts
   * const { payment, pledge, outstanding } = await scope.recordPayment({ contact_id, pledge_id, amount: 2500, method: "upi", reference: "UTR123" });
   * ```
   */
  recordPayment(input: RecordPaymentInput, options?: WorkflowOptions): Promise<RecordPaymentResult> {
    return wf.recordPayment(this, input, options);
  }

  /**
   * Marks a followup done (`completed_at` set) and publishes `followup.completed`.
   * @example
   * ```ts
   * await scope.completeFollowup(followupId);
   * ```
   */
  completeFollowup(id: string, options?: CompleteFollowupOptions): Promise<FollowupRow> {
    return wf.completeFollowup(this, id, options);
  }

  /**
   * Cancels a followup with a reason (kept in `cancel_reason`); it leaves every due list.
   * @example
   * ```ts
   * await scope.cancelFollowup(followupId, "met in person");
   * ```
   */
  cancelFollowup(id: string, reason: string, options?: WorkflowOptions): Promise<FollowupRow> {
    return wf.cancelFollowup(this, id, reason, options);
  }

  /**
   * Marks a contact do-not-contact: status set, open followups cancelled, `contact.updated`
   * published; the contact leaves every due list and suggestion.
   * @example
   * ```ts
   * const { contact, cancelledFollowups } = await scope.markDoNotContact(contactId, { reason: "asked by SMS" });
   * ```
   */
  markDoNotContact(contactId: string, change?: DoNotContactOptions, options?: WorkflowOptions): Promise<DoNotContactResult> {
    return wf.markDoNotContact(this, contactId, change, options);
  }

  /**
   * Soft-deletes a contact (`deleted_at`): it leaves due lists and suggestions, its history
   * stays, and `restoreContact` brings it back. Publishes `contact.updated`.
   * @example
   * ```ts
   * await scope.deleteContact(contactId, { reason: "duplicate" });
   * ```
   */
  deleteContact(contactId: string, change?: ContactChangeOptions, options?: WorkflowOptions): Promise<void> {
    return wf.deleteContact(this, contactId, change, options);
  }

  /**
   * Restores a soft-deleted contact (clears `deleted_at`) and publishes `contact.updated`.
   * @example
   * ```ts
   * const contact = await scope.restoreContact(contactId);
   * ```
   */
  restoreContact(contactId: string, change?: ContactChangeOptions, options?: WorkflowOptions): Promise<ContactRow> {
    return wf.restoreContact(this, contactId, change, options);
  }

  /**
   * Uploads a payment proof, links it to the payment in `file_links`, and returns a presigned link.
   * @example
   * ```ts
   * const { file, url } = await scope.attachReceipt({ payment_id, file_name: "upi.png", content: bytes, content_type: "image/png" });
   * ```
   */
  attachReceipt(input: AttachReceiptInput, options?: ReceiptOptions): Promise<Receipt> {
    return wf.attachReceipt(this, input, options);
  }

  /**
   * The receipts of a payment, each with a fresh presigned link.
   * @example
   * ```ts
   * for (const r of await scope.receipts(paymentId)) console.log(r.url.url);
   * ```
   */
  receipts(paymentId: string, options?: ReceiptOptions): Promise<Receipt[]> {
    return wf.receipts(this, paymentId, options);
  }

  /**
   * Records a sent or received message in the audit table: raw text only when
   * `storeMessageContent` is on, metadata and the SHA-256 always; publishes
   * `whatsapp.message.sent` / `whatsapp.message.received`.
   * @example
   * ```ts
   * await scope.recordMessage({ direction: "outbound", content: "Namaste!", contact_id, provider_message_id: "wamid.1" });
   * ```
   */
  recordMessage(input: RecordMessageInput, options?: RecordMessageOptions): Promise<MessageRow> {
    return wf.recordMessage(this, this.#workflowSettings, input, options);
  }

  /**
   * Records the tokens of one assistant turn and publishes `ai.usage.recorded`.
   * @example
   * ```ts
   * await scope.recordUsage({ provider: "anthropic", model: "claude-haiku", prompt_tokens: 900, completion_tokens: 120, user_id });
   * ```
   */
  recordUsage(input: RecordUsageInput, options?: WorkflowOptions): Promise<ProviderUsageRow> {
    return wf.recordUsage(this, input, options);
  }

  /**
   * Provider usage per local day (the operators' time zone) and operator.
   * @example
   * ```ts
   * const days = await scope.usageDaily({ from: "2026-01-01", to: "2026-01-31" });
   * ```
   */
  usageDaily(options?: UsageDailyOptions): Promise<DailyUsage[]> {
    return wf.usageDaily(this, this.#workflowSettings, options);
  }

  /**
   * Recomputes derived fields (pledge status and outstanding, interaction amounts,
   * `last_contacted_at`, followups of do-not-contact contacts) and resolves to what it fixed.
   * @example
   * ```ts
   * const { fixed } = await scope.reconcile();
   * ```
   */
  reconcile(options?: WorkflowOptions): Promise<ReconcileResult> {
    return wf.reconcile(this, options);
  }
  /**
   * Creates a contact and publishes `contact.created`.
   * @example
   * ```ts
   * const asha = await scope.createContact({ display_name: "Asha Rao" }, { source: "manual" });
   * ```
   */
  createContact(input: CreateInput<typeof registry.contacts>, options?: CreateContactOptions): Promise<ContactRow> {
    return wf.createContact(this, input, options);
  }

  /**
   * Starts an operator session and publishes `session.started`.
   * @example
   * ```ts
   * const s = await scope.startSession({ user_id: userId, whatsapp_thread_id: "wa-123" });
   * ```
   */
  startSession(input: CreateInput<typeof registry.sessions>, options?: WorkflowOptions): Promise<SessionRow> {
    return wf.startSession(this, input, options);
  }

  /**
   * Closes an operator session and publishes `session.closed`.
   * @example
   * ```ts
   * await scope.closeSession(sessionId);
   * ```
   */
  closeSession(sessionId: string, options?: WorkflowOptions): Promise<SessionRow> {
    return wf.closeSession(this, sessionId, options);
  }
  /**
   * Publishes `ai.tool.error` for a failed assistant tool call.
   * @example
   * ```ts
   * await scope.recordToolError({ tool: "log_interaction", error: "contact not found", session_id });
   * ```
   */
  recordToolError(input: RecordToolErrorInput, options?: WorkflowOptions): Promise<void> {
    return wf.recordToolError(this, input, options);
  }
  // --- end workflows ---

  // --- next, reports, feedback, knowledge base (issue 8) ---

  /**
   * Who to contact now, why, by which channel and with what words. Loads only what the
   * ranking needs (active contacts, a year of interactions, followups due by tonight, open
   * pledges and their payments; memories and similar wins of the top candidates), ranks
   * with `rankNext` (zone default: `workflowSettings.timeZone`), re-drafts the pick with
   * your `drafter` if given (usage recorded), writes `next_suggested_at` and caches the
   * draft on the pick's open followup (`persist`, default true), and leaves one agent log
   * and a `next.suggested` event per run.
   * @example
   * ```ts
   * const { pick, runnersUp, noneReason } = await scope.next({ campaignId, draft: { payee: { vpa: "trust@okaxis", name: "Trust" } } });
   * if (pick) console.log(pick.reason, pick.action, pick.message, pick.links.whatsapp);
   * ```
   */
  next(input?: wf.NextInput, options?: RequestOptions): Promise<wf.NextResult> {
    return wf.next(this, this.#workflowSettings, input, options);
  }

  /**
   * Stores the operator's 1-5 rating of a suggestion or draft through the RLHF endpoints
   * (reward 5→1 … 1→−1, label positive / mixed / negative; `prompt_type`, `session_id`,
   * `user_id`, `rating` and `comment` in its metadata) and publishes `feedback.recorded`.
   * @example
   * ```ts
   * await scope.rateSuggestion({ rating: 2, comment: "Wrong tone", prompt_type: "next", suggestion: { contactId, reasonCode: "pledge_overdue" } });
   * ```
   */
  rateSuggestion(input: wf.RateSuggestionInput, options?: WorkflowOptions): Promise<Interaction> {
    return wf.rateSuggestion(this, input, options);
  }

  /**
   * Exports the stored ratings (RLHF export: JSON records or a CSV string).
   * @example
   * ```ts
   * const { data } = await scope.exportFeedback({ from: "2026-01-01", feedback: "negative" });
   * ```
   */
  exportFeedback(options?: wf.ExportFeedbackOptions): Promise<RlhfExport> {
    return wf.exportFeedback(this, options);
  }

  /**
   * Adds a pitch script, FAQ or objection-handling document to the knowledge base: uploaded
   * as a file, chunked, embedded as `kb:{doc_id}:{n}` in the `kb` namespace with its tags.
   * The same content is the same document: adding it again writes nothing.
   * @example
   * ```ts
   * const { docId, chunks } = await scope.addKbDocument({ title: "Objections", content: markdown, tags: ["objections"] });
   * ```
   */
  addKbDocument(input: wf.KbDocumentInput, options?: wf.KbDocumentOptions): Promise<wf.KbDocumentResult> {
    return wf.addKbDocument(this, input, options);
  }

  /**
   * The knowledge-base chunks closest to `query` (top 3 by default), each with a short title.
   * @example
   * ```ts
   * const snippets = await scope.objectionSnippets("too expensive", { tag: "objections" });
   * ```
   */
  objectionSnippets(query: string, options?: wf.SnippetOptions): Promise<wf.KbSnippet[]> {
    return wf.objectionSnippets(this, query, options);
  }

  /**
   * Removes a knowledge-base document (its chunks and file); resolves to the chunks removed.
   * @example
   * ```ts
   * await scope.removeKbDocument(docId);
   * ```
   */
  removeKbDocument(docId: string, options?: RequestOptions): Promise<number> {
    return wf.removeKbDocument(this, docId, options);
  }

  /**
   * The scoreboard of one local day (the operators' zone): target, raised, pledged,
   * contacts reached, attempts, the remaining gap and the top outcomes. Reads only that
   * day's rows.
   * @example
   * ```ts
   * const { target, raised, remainingGap } = await scope.scoreboard({ date: "2026-01-09", campaignId });
   * ```
   */
  scoreboard(input?: wf.ScoreboardQuery, options?: RequestOptions): Promise<Scoreboard> {
    return wf.scoreboard(this, this.#workflowSettings, input, options);
  }

  /**
   * A campaign's totals (pledged, paid, outstanding, in paise-exact rupees) and conversion.
   * @example
   * ```ts
   * const { totalPledged, totalPaid, conversion } = await scope.campaignProgress(campaignId);
   * ```
   */
  campaignProgress(campaignId: string, options?: RequestOptions): Promise<CampaignProgress> {
    return wf.campaignProgressOf(this, campaignId, options);
  }

  /**
   * This project's contacts, interactions or payments of local dates `[from, to]` as CSV
   * (formula-like cells prefixed with `'`); `store: true` uploads it and links it to the campaign.
   * @example
   * ```ts
   * const { csv, rows, file } = await scope.exportCsv("payments", { from: "2026-01-01", to: "2026-01-31", campaignId, store: true });
   * ```
   */
  exportCsv(kind: CsvKind, input: wf.ExportCsvInput, options?: RequestOptions): Promise<wf.ExportCsvResult> {
    return wf.exportCsv(this, this.#workflowSettings, kind, input, options);
  }
  // --- end issue 8 ---
  // --- whatsapp ingestion (issue 10) ---

  /**
   * Ingests a WhatsApp Cloud API webhook (the parsed JSON body; verify its signature first
   * with `verifyWebhookSignature` from `zerodb-calltime/whatsapp`). Each message: the
   * sender's number matched to the contact who owns it (a repeat donor is recognized), the
   * message audited (raw text only with `storeMessageContent`, else a SHA-256), an inbound
   * `whatsapp` interaction with outcome `spoke` logged (it opens the 24-hour window NEXT
   * uses) and `whatsapp.message.received` published. An unknown number is reported in
   * `unknownSenders` (or becomes a contact with `createUnknownContacts`). Each delivery
   * status moves the sent message's audit row forward (`sent` < `delivered` < `read`;
   * `failed` is final) and publishes `whatsapp.message.status`. Idempotent by WhatsApp
   * message id: the same webhook delivered again, now or an hour later, writes nothing.
   * @example
   * ```ts
   * const r = await scope.ingestWhatsApp(JSON.parse(rawBody));
   * for (const u of r.unknownSenders) console.log("new number", u.from, u.name);
   * ```
   */
  ingestWhatsApp(payload: unknown, options?: IngestWhatsAppOptions): Promise<IngestWhatsAppResult> {
    return ingestWhatsApp(this, this.#workflowSettings, payload, options);
  }

  /**
   * Records a WhatsApp message the app sent (a NEXT draft or the operator's own): the audit
   * row (status `sent`; raw text only with `storeMessageContent`), an outbound `whatsapp`
   * interaction (outcome `no_response` until the donor replies; no followup unless
   * `noResponseFollowup`) and `whatsapp.message.sent`. Pass the `wamid` the send returned as
   * `provider_message_id`: a retry then writes nothing, and delivery statuses find the row.
   * @example
   * ```ts
   * await scope.recordOutboundWhatsApp({ contact_id, text: draft.message, provider_message_id: "wamid.HBgM...", user_id });
   * ```
   */
  recordOutboundWhatsApp(input: RecordOutboundWhatsAppInput, options?: RecordOutboundWhatsAppOptions): Promise<RecordOutboundWhatsAppResult> {
    return recordOutboundWhatsApp(this, this.#workflowSettings, input, options);
  }

  // --- end whatsapp ingestion ---

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

  // --- assistant tools and operator chat (issue 10) ---

  /**
   * Runs a chat model's tool call (`callTimeTools` from `zerodb-calltime/whatsapp`): the
   * arguments (an object or its JSON text) are validated, a bad one comes back as
   * `{ ok: false, error: { code: "invalid_arguments", issues: [{ path, message }] } }`
   * with nothing run; a tool that needs confirmation runs only with `confirmed: true`;
   * the result is compact JSON (ids, amounts, statuses). Every call writes an agent log
   * (`calltime_operator`, the tool, `execution_time_ms`); a failed one publishes
   * `ai.tool.error`. It never throws for the model's mistakes, only for bad `options` or an abort.
   * @example
   * ```ts
   * const r = await scope.runTool(call.name, call.arguments, { sessionId, userId });
   * messages.push({ role: "tool", tool_call_id: call.id, content: JSON.stringify(r) });
   * ```
   */
  runTool(name: string, args: unknown, options?: RunToolOptions): Promise<ToolRunResult> {
    return runTool(this, name, args, options);
  }

  /**
   * Answers one WhatsApp message of the operator in their session: reads it
   * (`parseOperatorMessage`), runs the matching tool on the named contact or, without a
   * name, on the session's current one (the last suggested or worked), and returns the
   * reply (WhatsApp formatting, at most 1,000 characters). A do-not-contact request only
   * asks; it runs after *yes* in the same session (each step audited in the agent logs).
   * Unreadable messages get a hint and write nothing.
   * @example
   * ```ts
   * const { reply } = await scope.handleOperatorMessage(sessionId, "Meera paid ₹5,000 by UPI");
   * await sendWhatsApp(operatorPhone, reply); // your WhatsApp sender
   * ```
   */
  handleOperatorMessage(sessionId: string, text: string, options?: OperatorMessageOptions): Promise<OperatorReply> {
    return handleOperatorMessage(this, this.#workflowSettings, sessionId, text, options);
  }

  // --- end assistant ---

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
