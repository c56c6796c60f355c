/**
 * `scope.next`: who to contact now. Gathers the snapshot, ranks it with `rankNext`,
 * optionally re-drafts the pick with the app's chat model, remembers the suggestion, and
 * leaves one agent log and one event per run.
 * @module
 */
import type { AgentLogsAPI } from "../api/agent-logs.js";
import type { JsonObject } from "../api/shared.js";
import { newId } from "../domain/ids.js";
import type { RequestOptions } from "../http/transport.js";
import { checkRankOptions, draftContextFor, draftWith, rankNext, type DraftFallback, type Drafter, type DraftOptions, type RankOptions, type RankResult, type Suggestion } from "../next/index.js";
import { buildEvent, publishEvent } from "./events.js";
import { CALLTIME_OPERATOR_AGENT_ID } from "./feedback.js";
import { countSnapshot, gatherNextSnapshot, retrieveForCandidates, type NextSnapshotScope, type SnapshotCounts } from "./next-snapshot.js";
import { recordUsage } from "./records.js";
import { Check, type WorkflowSettings } from "./shared.js";

/** The parts of a project scope `scope.next` uses. */
export interface NextScope extends NextSnapshotScope {
  readonly agentLogs: AgentLogsAPI;
}

/** Input of `scope.next`. */
export interface NextInput extends Omit<RankOptions, "now" | "draft"> {
  /** The operator asking: followups assigned to someone else are left out. */
  userId?: string | undefined;
  /** Only this campaign's interactions, pledges and followups. */
  campaignId?: string | undefined;
  /** The instant of the ranking. Default: the clock. */
  now?: Date | string | undefined;
  /** Draft options (payee for UPI links, sender name, variant). */
  draft?: DraftOptions | undefined;
  /** The app's chat model: re-drafts the pick only; its token usage is recorded. */
  drafter?: Drafter | undefined;
  /** Write `contacts.next_suggested_at` and cache the draft on the pick's open followup. Default true. */
  persist?: boolean | undefined;
  /** The operator's session (agent log, event, usage). */
  sessionId?: string | undefined;
}

/** What `scope.next` resolves to: the ranking and the id of this run (in its agent log and event). */
export type NextResult = RankResult & { runId: string };

/** The agent log's `action` of a NEXT run. */
export const NEXT_ACTION = "next";

function validate(input: NextInput): void {
  const c = new Check(input as unknown as Record<string, unknown>);
  c.uuid("userId");
  c.uuid("campaignId");
  c.uuid("sessionId");
  c.time("now");
  if (input.persist !== undefined && typeof input.persist !== "boolean") c.fail("persist", "must be a boolean", "invalid_type");
  if (input.drafter !== undefined && typeof input.drafter?.draft !== "function") c.fail("drafter", "must have a draft(context, options) method", "invalid_type");
  c.done();
}

// An error's text can quote input; never let a phone number or a long payload reach the log.
function safeError(error: unknown): { name: string; message: string } {
  const name = error instanceof Error ? error.name : "Error";
  const raw = error instanceof Error ? error.message : String(error);
  return { name, message: raw.replace(/(?:\+|\b)\d(?:[ -]?\d){9,14}\b/g, "[number]").slice(0, 300) };
}

interface RunLog {
  runId: string;
  sessionId: string | undefined;
  started: number;
  counts: SnapshotCounts | undefined;
  result?: RankResult | undefined;
  fallback?: DraftFallback | undefined;
  error?: unknown;
}

function writeLog(scope: NextScope, log: RunLog, ro: RequestOptions): Promise<unknown> {
  const ms = Math.round(performance.now() - log.started);
  const pick = log.result?.pick ?? null;
  const result: JsonObject = { counts: (log.counts ?? {}) as JsonObject };
  if (log.result !== undefined) {
    result.pick = pick === null ? null : { contactId: pick.contactId, reasonCode: pick.reasonCode, action: pick.action };
    result.runnersUp = log.result.runnersUp.length;
    result.excluded = log.result.excluded;
    if (log.result.noneReason !== undefined) result.noneReason = log.result.noneReason;
    if (log.fallback !== undefined) result.draftFallback = log.fallback;
  }
  const failed = log.error !== undefined;
  if (failed) result.error = safeError(log.error) as unknown as JsonObject;
  const what = failed ? `failed: ${(result.error as { name: string }).name}` : pick === null ? `no pick (${log.result?.noneReason ?? "none"})` : `${pick.reasonCode} → ${pick.contactId} by ${pick.action}`;
  return scope.agentLogs.create(
    {
      agent_id: CALLTIME_OPERATOR_AGENT_ID,
      log_level: failed ? "ERROR" : "INFO",
      log_message: `next ${what} in ${ms} ms`,
      ...(log.sessionId === undefined ? {} : { session_id: log.sessionId }),
      raw_payload: { run_id: log.runId, project_id: scope.projectId, action: NEXT_ACTION, success: !failed, execution_time_ms: ms, result },
    },
    ro,
  );
}

/**
 * The workflow behind `scope.next`: gathers the snapshot ({@link gatherNextSnapshot}),
 * ranks it, fetches the memories and similar wins of the top candidates only and ranks
 * again (memories change tone and channel, not who is picked); with a `drafter`,
 * re-drafts the pick and records the usage; with `persist` (default) writes
 * `contacts.next_suggested_at` and caches the draft in `followups.suggested_message` of
 * the pick's earliest open followup. Every run writes one agent log (`calltime_operator`,
 * action `next`: counts, the pick's id and reason code, `execution_time_ms`, success or
 * the error's name and message; never message text or phone numbers) and, when it
 * succeeds, publishes `next.suggested`. A failure is logged, then rethrown.
 * @example
 * ```ts
 * const { pick, runnersUp, runId } = await next(scope, scope.workflowSettings, { campaignId });
 * ```
 */
export async function next(scope: NextScope, settings: WorkflowSettings, input: NextInput = {}, options: RequestOptions = {}): Promise<NextResult> {
  const log: RunLog = { runId: newId(), sessionId: input.sessionId, started: performance.now(), counts: undefined };
  let result: RankResult;
  let now: Date;
  try {
    validate(input);
    const { userId, campaignId, drafter, persist = true, sessionId: _s, now: at, draft, ...rank } = input;
    now = at === undefined ? new Date() : new Date(at instanceof Date ? at.getTime() : Date.parse(at));
    const timeZone = rank.timeZone ?? settings.timeZone ?? "Asia/Kolkata";
    const rankOptions: RankOptions = { ...rank, timeZone, now, ...(draft === undefined ? {} : { draft }) };
    checkRankOptions(rankOptions); // a bad option fails before any request
    let snapshot = await gatherNextSnapshot(scope, { now, timeZone, userId, campaignId, ...options });
    log.counts = countSnapshot(snapshot);
    result = rankNext(snapshot, rankOptions);
    const candidates = [result.pick, ...result.runnersUp].filter((s): s is Suggestion => s !== null).map((s) => s.contactId);
    if (candidates.length > 0) {
      snapshot = { ...snapshot, ...(await retrieveForCandidates(scope, snapshot, candidates, options)) };
      log.counts = countSnapshot(snapshot);
      result = rankNext(snapshot, rankOptions);
    }
    let pick = result.pick;
    if (pick !== null && drafter !== undefined) {
      const d = await draftWith(drafter, draftContextFor(snapshot, pick, rankOptions), { ...draft, signal: options.signal });
      pick = { ...pick, message: d.draft.text, links: d.draft.links };
      result = { ...result, pick };
      log.fallback = d.fallback;
      if (d.usage !== undefined) {
        await recordUsage(
          scope,
          {
            provider: d.usage.provider,
            model: d.usage.model,
            prompt_tokens: d.usage.prompt_tokens,
            completion_tokens: d.usage.completion_tokens,
            ...(d.usage.request_id === undefined ? {} : { request_id: d.usage.request_id }),
            ...(userId === undefined ? {} : { user_id: userId }),
            ...(input.sessionId === undefined ? {} : { session_id: input.sessionId }),
          },
          { ...options, now },
        );
      }
    }
    log.result = result;
    if (pick !== null && persist) {
      await scope.contacts.update(pick.contactId, { next_suggested_at: now.toISOString() }, options);
      const open = (snapshot.followups ?? []).filter((f) => f.contact_id === pick!.contactId).sort((a, b) => Date.parse(a.due_at) - Date.parse(b.due_at) || a.id.localeCompare(b.id))[0];
      if (open !== undefined && pick.message !== "") await scope.followups.update(open.id, { suggested_message: pick.message }, options);
    }
  } catch (error) {
    log.error = error;
    try {
      await writeLog(scope, log, options);
    } catch {
      // the run's own error matters more than its log's
    }
    throw error;
  }
  await writeLog(scope, log, options);
  const pick = result.pick;
  await publishEvent(
    scope.events,
    buildEvent(
      scope.projectId,
      "next.suggested",
      {
        occurred_at: now.toISOString(),
        user_id: input.userId,
        session_id: input.sessionId,
        contact_id: pick?.contactId,
        campaign_id: input.campaignId,
        payload: {
          run_id: log.runId,
          reason_code: pick?.reasonCode,
          action: pick?.action,
          none_reason: result.noneReason,
          counts: log.counts ?? {},
          excluded: result.excluded,
          runners_up: result.runnersUp.length,
        },
      },
      [log.runId],
    ),
    options,
  );
  return { ...result, runId: log.runId };
}
