/**
 * What the workflows share: the slice of a project scope they use, their options, and
 * input checks that raise a `ValidationError` naming the field before any request.
 * @module
 */
import type { EmbeddingsAPI } from "../api/embeddings.js";
import type { EventsAPI } from "../api/events.js";
import type { FilesAPI } from "../api/files.js";
import type { MemoryAPI } from "../api/memory.js";
import type { VectorsAPI } from "../api/vectors.js";
import { isTwoDecimal } from "../domain/money.js";
import type { FollowupRuleToggles } from "../domain/followup-rules.js";
import { isErrorOf, ValidationError, type FieldIssue } from "../http/errors.js";
import type { RequestOptions } from "../http/transport.js";
import type {
  CampaignsRepository,
  ContactIdentitiesRepository,
  CreateInput,
  FollowupsRepository,
  MessagesRepository,
  Repository,
  SessionsRepository,
} from "../repositories/index.js";
import type { AnyTable, RowOf, contacts, fileLinks, interactions, payments, pledges, providerUsage, teamMembers } from "../schema/index.js";

/** The parts of a project scope the workflows use (a `ProjectScope` is one). */
export interface WorkflowScope {
  readonly projectId: string;
  readonly contacts: Repository<typeof contacts>;
  readonly contactIdentities: ContactIdentitiesRepository;
  readonly interactions: Repository<typeof interactions>;
  readonly pledges: Repository<typeof pledges>;
  readonly payments: Repository<typeof payments>;
  readonly followups: FollowupsRepository;
  readonly providerUsage: Repository<typeof providerUsage>;
  readonly fileLinks: Repository<typeof fileLinks>;
  readonly messages: MessagesRepository;
  readonly teamMembers: Repository<typeof teamMembers>;
  readonly sessions: SessionsRepository;
  readonly campaigns: CampaignsRepository;
  readonly embeddings: EmbeddingsAPI;
  readonly vectors: VectorsAPI;
  readonly memory: MemoryAPI;
  readonly files: FilesAPI;
  readonly events: EventsAPI;
}

/** Per-operator and per-team toggles of the auto-followup rules. */
export interface FollowupRuleSettings {
  /** Toggles of every team in the project (below teams and operators). */
  project?: FollowupRuleToggles | undefined;
  /** Toggles by team id; an operator's team is the session's `team_id`, else their first team membership. */
  teams?: Readonly<Record<string, FollowupRuleToggles>> | undefined;
  /** Toggles by operator (user) id; they win over the team's. */
  operators?: Readonly<Record<string, FollowupRuleToggles>> | undefined;
}

/** Settings of the workflows of one scope (`scope.configureWorkflows`). */
export interface WorkflowSettings {
  /** Keep the raw text of audited messages (US8.3). Default false: only metadata and a SHA-256 hash. */
  storeMessageContent?: boolean | undefined;
  /** Auto-followup rule toggles per project, team and operator. Default: every rule on. */
  followupRules?: FollowupRuleSettings | undefined;
  /** Time zone of the operators, for daily aggregates. Default `Asia/Kolkata`. */
  timeZone?: string | undefined;
  /** Embed interaction summaries and keep the rolling contact memory. Default true. */
  semantic?: boolean | undefined;
}

/** Options of a workflow: {@link RequestOptions} (at least `signal`) plus a clock for tests. */
export interface WorkflowOptions extends RequestOptions {
  /** The instant the workflow acts at (timestamps it writes, due times). Default: the clock. */
  now?: Date | string | undefined;
}

/** @internal The request options of a workflow's options (without `now`). */
export function requestOptions(options: WorkflowOptions | undefined): RequestOptions {
  if (options === undefined) return {};
  const { now: _now, ...rest } = options;
  return rest;
}

/** @internal The instant of `options.now` (or the clock), validated. */
export function nowOf(options: WorkflowOptions | undefined): Date {
  const n = options?.now;
  if (n === undefined) return new Date();
  const d = n instanceof Date ? new Date(n.getTime()) : new Date(n);
  if (Number.isNaN(d.getTime())) throw new ValidationError([{ path: "options.now", message: "must be a Date or an ISO timestamp", code: "invalid_date" }]);
  return d;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** @internal Collects input issues and throws them at once. */
export class Check {
  readonly issues: FieldIssue[] = [];
  constructor(readonly input: Record<string, unknown>) {
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      throw new ValidationError([{ path: "input", message: "must be an object", code: "invalid_type" }]);
    }
  }
  fail(path: string, message: string, code: string): void {
    this.issues.push({ path, message, code });
  }
  known(fields: readonly string[]): void {
    for (const k of Object.keys(this.input)) if (!fields.includes(k) && this.input[k] !== undefined) this.fail(k, "is not a field of this input", "unrecognized_key");
  }
  uuid(field: string, required = false): void {
    const v = this.input[field];
    if (v === undefined || v === null) {
      if (required) this.fail(field, "required", "required");
      return;
    }
    if (typeof v !== "string" || !UUID.test(v)) this.fail(field, "must be a UUID", "invalid_uuid");
  }
  text(field: string, options: { required?: boolean; max?: number } = {}): void {
    const v = this.input[field];
    if (v === undefined || v === null) {
      if (options.required === true) this.fail(field, "required", "required");
      return;
    }
    if (typeof v !== "string" || v.trim() === "") this.fail(field, "must be a non-empty string", "invalid_string");
    else if (options.max !== undefined && v.length > options.max) this.fail(field, `must be at most ${options.max} characters`, "too_long");
  }
  oneOf(field: string, values: readonly string[], required = false): void {
    const v = this.input[field];
    if (v === undefined || v === null) {
      if (required) this.fail(field, "required", "required");
      return;
    }
    if (typeof v !== "string" || !values.includes(v)) this.fail(field, `must be one of ${values.join(", ")}`, "invalid_value");
  }
  time(field: string, required = false): void {
    const v = this.input[field];
    if (v === undefined || v === null) {
      if (required) this.fail(field, "required", "required");
      return;
    }
    const t = v instanceof Date ? v.getTime() : typeof v === "string" ? Date.parse(v) : Number.NaN;
    if (!Number.isFinite(t)) this.fail(field, "must be a Date or an ISO-8601 timestamp", "invalid_date");
  }
  date(field: string): void {
    const v = this.input[field];
    if (v === undefined || v === null) return;
    if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) this.fail(field, "must be a date YYYY-MM-DD", "invalid_date");
  }
  /** Rupees with at most two decimals; `positive` also refuses 0. */
  money(field: string, options: { required?: boolean; positive?: boolean } = {}): void {
    const v = this.input[field];
    if (v === undefined || v === null) {
      if (options.required === true) this.fail(field, "required", "required");
      return;
    }
    if (typeof v !== "number" || !isTwoDecimal(v)) this.fail(field, "must be rupees with at most two decimals (e.g. 2500 or 99.50)", "invalid_amount");
    else if (v < 0 || (options.positive === true && v === 0)) this.fail(field, options.positive === true ? "must be more than 0" : "must not be negative", "too_small");
  }
  int(field: string): void {
    const v = this.input[field];
    if (v === undefined || v === null) return;
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) this.fail(field, "must be a whole number ≥ 0", "invalid_int");
  }
  done(): void {
    if (this.issues.length > 0) throw new ValidationError(this.issues);
  }
}

/** @internal A timestamp input as canonical ISO. */
export function isoOf(value: Date | string): string {
  return new Date(value instanceof Date ? value.getTime() : Date.parse(value)).toISOString();
}

/**
 * @internal Inserts a row whose id may already exist (a re-run step): a row already stored
 * under that id is returned as it is now (it may have been edited since), never a second one.
 */
export async function ensureRow<T extends AnyTable>(repo: Repository<T>, input: CreateInput<T> & { id: string }, options?: RequestOptions): Promise<{ row: RowOf<T>; created: boolean }> {
  const existing = await repo.find(input.id, options);
  if (existing !== undefined) return { row: existing, created: false };
  try {
    return { row: await repo.create(input, options), created: true };
  } catch (error) {
    if (isErrorOf(error, "DuplicateError") && (error as { existingId?: string }).existingId === input.id) return { row: await repo.get(input.id, options), created: false };
    throw error;
  }
}
