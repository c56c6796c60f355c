export { createClient, ZeroDBClient, ProjectScope } from "./client.js";
export type { ClientOptions, ClientHooks, PathStyle, AuthScheme } from "./http/config.js";
export { DEFAULT_BASE_URL } from "./http/config.js";
export type { Logger, LogLevel } from "./http/logger.js";
export type { RequestOptions, RawResponse, ResponseMeta } from "./http/transport.js";
export { APIPromise, type WithResponse } from "./api/resource.js";
export { PagePromise, type Page, type PageFetcher } from "./http/pagination.js";
export {
  ZeroDBError,
  APIError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  GoneError,
  UnprocessableEntityError,
  RateLimitError,
  ServerError,
  ConnectionError,
  TimeoutError,
  AbortError,
  ValidationError,
  InvariantError,
  DuplicateError,
  ResponseValidationError,
  isZeroDBError,
  isAPIError,
  isErrorOf,
  type ErrorName,
  type ErrorClasses,
  type APIErrorInit,
  type FieldIssue,
} from "./http/errors.js";
export type { JsonObject } from "./api/shared.js";
export { TablesAPI, type Table, type CreateTableParams } from "./api/tables.js";
export {
  RowsAPI,
  type Row,
  type RowsOptions,
  type Filter as RowsFilter,
  type Sort,
  type QueryParams,
  type BulkUpdateParams,
  type BulkDeleteParams,
  type BulkUpdateResult,
  type BulkDeleteResult,
} from "./api/rows.js";
export {
  ProjectsAPI,
  PROJECT_TIERS,
  type Project,
  type ProjectTier,
  type CreateProjectParams,
  type ListProjectsParams,
  type GetProjectParams,
  type UpdateProjectParams,
  type DeleteProjectParams,
} from "./api/projects.js";
export { DatabaseAPI, type DatabaseStatus } from "./api/database.js";
export { SqlAPI, type SqlQueryParams, type SqlResult } from "./api/sql.js";
export {
  VectorsAPI,
  VECTOR_DIMENSIONS,
  DEFAULT_VECTOR_DIMENSIONS,
  MAX_VECTOR_BATCH,
  type VectorDimension,
  type Vector,
  type VectorMatch,
  type VectorsOptions,
  type UpsertVectorParams,
  type UpsertVectorBatchParams,
  type SearchVectorsParams,
  type VectorSearchResult,
  type VectorBatchResult,
  type VectorStats,
  type ListVectorsParams,
  type VectorNamespaceParams,
} from "./api/vectors.js";
export {
  EmbeddingsAPI,
  EMBEDDING_MODELS,
  DEFAULT_EMBEDDING_MODEL,
  DEFAULT_SEARCH_THRESHOLD,
  DEFAULT_SEARCH_LIMIT,
  type KnownEmbeddingModel,
  type GenerateEmbeddingsParams,
  type EmbedAndStoreParams,
  type SemanticSearchParams,
  type EmbeddingsResult,
  type EmbedAndStoreResult,
  type EmbeddingMatch,
  type SemanticSearchResult,
  type EmbeddingModel,
} from "./api/embeddings.js";
export {
  MemoryAPI,
  type Memory,
  type MemoryMatch,
  type MemoryRole,
  type MemoryOptions,
  type StoreMemoryParams,
  type UpdateMemoryParams,
  type ListMemoryParams,
  type SearchMemoryParams,
} from "./api/memory.js";
export {
  FilesAPI,
  DEFAULT_MAX_UPLOAD_BYTES,
  type FileInfo,
  type FileContent,
  type FilesOptions,
  type UploadFileParams,
  type ListFilesParams,
  type PresignedUrlParams,
  type PresignedUrl,
  type DownloadedFile,
} from "./api/files.js";
export { EventsAPI, type EventRecord, type EventsOptions, type PublishEventParams, type ListEventsParams, type SinceEventsParams, type EventsSince } from "./api/events.js";
export {
  RlhfAPI,
  type RlhfFeedback,
  type Interaction,
  type CreateInteractionParams,
  type ListInteractionsParams,
  type InteractionFeedbackParams,
  type SingleReviewParams,
  type CompareParams,
  type RlhfStats,
  type RlhfExportParams,
  type RlhfExport,
} from "./api/rlhf.js";
export {
  AgentLogsAPI,
  type AgentLog,
  type AgentLogLevel,
  type CreateAgentLogParams,
  type ListAgentLogsParams,
  type AgentLogExportParams,
  type AgentLogStats,
  type AgentLogExport,
} from "./api/agent-logs.js";
export type { HealthReport } from "./health.js";
export type { SeedResult } from "./seed.js";
export { activeProjectFile, readActiveProject, saveActiveProject } from "./active-project.js";
export {
  Repository,
  UsersRepository,
  ContactIdentitiesRepository,
  loadPhoneNormalizer,
  ContactTagsRepository,
  CampaignsRepository,
  CampaignGoalsRepository,
  SessionsRepository,
  FollowupsRepository,
  MessagesRepository,
  CAMPAIGN_TRANSITIONS,
  DEFAULT_TIME_ZONE,
  localDate,
  type Filter,
  type FieldFilter,
  type FieldOperators,
  type SortBy,
  type RepositoryQuery,
  type RepositoryList,
  type RepositoryDeps,
  type CreateInput,
  type UpdatePatch,
  type CreateIdentityInput,
  type CreateIdentityOptions,
  type DueOptions,
} from "./repositories/index.js";
export type { ExportResult } from "./api/shared.js";

// --- workflows ---
export {
  EVENT_TYPES,
  EVENT_SCHEMA_VERSION,
  calltimeEventSchema,
  buildEvent,
  publishEvent,
  parseEvent,
  INTERACTIONS_NAMESPACE,
  CONTACT_SUMMARY_MEMORY_TYPE,
  CALLTIME_AGENT_ID,
  interactionVectorId,
  contactMemoryKey,
  COLLECT_REMAINING_REASON,
  COLLECT_REMAINING_AFTER_HOURS,
  collectRemainingFollowupId,
  fileLinkId,
  messageSha256,
  type EventType,
  type CalltimeEvent,
  type EventOf,
  type EventInit,
  type WorkflowScope,
  type WorkflowSettings,
  type WorkflowOptions,
  type FollowupRuleSettings,
  type LogInteractionInput,
  type LogInteractionOptions,
  type LogInteractionResult,
  type CreatePledgeInput,
  type RecordPaymentInput,
  type RecordPaymentResult,
  type PledgeSync,
  type CompleteFollowupOptions,
  type DoNotContactOptions,
  type DoNotContactResult,
  type ContactChangeOptions,
  type CreateContactOptions,
  type AttachReceiptInput,
  type ReceiptOptions,
  type Receipt,
  type RecordMessageInput,
  type RecordMessageOptions,
  type RecordUsageInput,
  type RecordToolErrorInput,
  type UsageDailyOptions,
  type ReconcileFix,
  type ReconcileResult,
} from "./workflows/index.js";
export { pledgeBalance, sumRupees, type PledgeBalance, type PledgeLike, type PaymentLike } from "./domain/pledge-balance.js";
export { contactHistorySummary, CONTACT_SUMMARY_MAX, type ContactSummaryInput } from "./domain/contact-summary.js";
export * from "./reports/index.js";

// --- whatsapp ingestion (issue 10) ---
export { eventEnvelopeSchema, calltimeEventOf, type EventEnvelope } from "./workflows/events.js";
export type { IngestWhatsAppOptions, IngestWhatsAppResult, IngestedMessage, IngestedStatus, UnknownSender } from "./workflows/whatsapp-ingest.js";
export type { RecordOutboundWhatsAppInput, RecordOutboundWhatsAppOptions, RecordOutboundWhatsAppResult } from "./workflows/whatsapp-outbound.js";
// --- end whatsapp ingestion ---

// --- import ---
export type { ImportSource, ImportProgress, ImportContactsOptions, ImportContactsResult, ImportDeps } from "./workflows/import-contacts.js";
export { IMPORT_FIELDS, IMPORT_CONTACT_FIELDS, resolveColumns, mapImportRow, type ImportField, type ImportIssue, type ImportIdentity, type MappedContact, type MappedRow, type MapRowOptions } from "./workflows/import-rows.js";

// --- next, reports, feedback, knowledge base (issue 8) ---
export {
  KB_NAMESPACE,
  KB_FOLDER,
  kbVectorId,
  CALLTIME_OPERATOR_AGENT_ID,
  PROMPT_TYPES,
  REWARD_BY_RATING,
  type KbDocumentInput,
  type KbDocumentOptions,
  type KbDocumentResult,
  type KbSnippet,
  type SnippetOptions,
  type PromptType,
  type RatedSuggestion,
  type RateSuggestionInput,
  type ExportFeedbackOptions,
  type FeedbackScope,
  NEXT_ACTION,
  gatherNextSnapshot,
  retrieveForCandidates,
  countSnapshot,
  type NextInput,
  type NextResult,
  type NextScope,
  type NextSnapshotScope,
  type GatherOptions,
  type RetrieveOptions,
  type SnapshotCounts,
  type ReportsScope,
  type ScoreboardQuery,
  type ExportCsvInput,
  type ExportCsvResult,
} from "./workflows/index.js";
export { chunkDocument, CHUNK_TITLE_MAX, type ChunkOptions, type DocumentChunk } from "./workflows/kb-chunk.js";
// --- end issue 8 ---
