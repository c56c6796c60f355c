/**
 * The operator's ratings of suggestions and drafts (US14.2), stored through the RLHF
 * endpoints so they can be exported as a training or evaluation set.
 * @module
 */
import type { Interaction, RlhfAPI, RlhfExport, RlhfExportParams, RlhfFeedback } from "../api/rlhf.js";
import type { JsonObject } from "../api/shared.js";
import type { RequestOptions } from "../http/transport.js";
import { REASON_CODES } from "../next/types.js";
import { buildEvent, publishEvent } from "./events.js";
import { Check, nowOf, requestOptions, type WorkflowOptions, type WorkflowScope } from "./shared.js";

/** Agent id of the SDK's operator-facing workflows in RLHF records and agent logs (data model §7.2). */
export const CALLTIME_OPERATOR_AGENT_ID = "calltime_operator";

/** The parts of a project scope the feedback workflows use. */
export interface FeedbackScope extends WorkflowScope {
  readonly rlhf: RlhfAPI;
}

/** What was rated: a NEXT suggestion, the due list, the day's start, or the stats. */
export const PROMPT_TYPES = ["next", "due", "start", "stats"] as const;
/** What was rated. */
export type PromptType = (typeof PROMPT_TYPES)[number];

/** The rated suggestion, when the rating is about one. */
export interface RatedSuggestion {
  contactId: string;
  reasonCode: string;
  /** The draft shown to the operator (stored as the RLHF response). */
  message?: string | undefined;
}

/** Input of `scope.rateSuggestion`. */
export interface RateSuggestionInput {
  /** 1 (bad) to 5 (good), an integer. */
  rating: number;
  /** What was wrong or right ("Draft too long", "Wrong tone", "Bad prioritization"). */
  comment?: string | undefined;
  prompt_type: PromptType;
  session_id?: string | undefined;
  user_id?: string | undefined;
  suggestion?: RatedSuggestion | undefined;
  /** The chat model's provider, when a drafter wrote the text. */
  provider?: string | undefined;
  model?: string | undefined;
  /** The `runId` of the `scope.next` run rated. */
  run_id?: string | undefined;
}

/** Options of `scope.exportFeedback`. */
export interface ExportFeedbackOptions extends RequestOptions {
  /** `json` (default) or `csv`. */
  format?: "json" | "csv" | undefined;
  /** From this instant (ISO or Date). */
  from?: string | Date | undefined;
  /** Up to this instant (ISO or Date). */
  to?: string | Date | undefined;
  /** Only ratings of this session. */
  sessionId?: string | undefined;
  /** Only `positive` (4-5), `mixed` (3) or `negative` (1-2) ratings. */
  feedback?: RlhfFeedback | undefined;
}

/** How a 1-5 rating maps onto the RLHF record: the reward and label the API gives single reviews. */
export const REWARD_BY_RATING: Readonly<Record<number, number>> = { 5: 1, 4: 0.5, 3: 0, 2: -0.5, 1: -1 };
const feedbackOf = (rating: number): RlhfFeedback => (rating >= 4 ? "positive" : rating === 3 ? "mixed" : "negative");

function validate(input: RateSuggestionInput): void {
  const c = new Check(input as unknown as Record<string, unknown>);
  c.known(["rating", "comment", "prompt_type", "session_id", "user_id", "suggestion", "provider", "model", "run_id"]);
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) c.fail("rating", "must be an integer 1–5", "invalid_rating");
  c.text("comment", { max: 2000 });
  c.oneOf("prompt_type", PROMPT_TYPES, true);
  c.uuid("session_id");
  c.uuid("user_id");
  c.uuid("run_id");
  c.text("provider", { max: 100 });
  c.text("model", { max: 200 });
  const s = input.suggestion;
  if (s !== undefined) {
    if (typeof s !== "object" || s === null) c.fail("suggestion", "must be an object", "invalid_type");
    else {
      const sc = new Check(s as unknown as Record<string, unknown>);
      sc.uuid("contactId", true);
      sc.oneOf("reasonCode", REASON_CODES, true);
      sc.text("message", { max: 4096 });
      for (const i of sc.issues) c.fail(`suggestion.${i.path}`, i.message, i.code ?? "invalid");
    }
  }
  c.done();
}

/**
 * Stores the operator's rating of a suggestion or draft as an RLHF interaction (agent
 * `calltime_operator`): the rating maps to the API's `reward` (5→1 … 1→−1) and `feedback`
 * label, the comment is its `human_feedback`, and `metadata` keeps `project_id`,
 * `prompt_type`, `session_id`, `user_id`, `rating`, `comment`, the contact and reason
 * code. Publishes `feedback.recorded` (the rating and ids, never the text).
 * @example
 * ```ts
 * await rateSuggestion(scope, { rating: 4, prompt_type: "next", suggestion: { contactId, reasonCode: "pledge_overdue" } });
 * ```
 */
export async function rateSuggestion(scope: FeedbackScope, input: RateSuggestionInput, options: WorkflowOptions = {}): Promise<Interaction> {
  validate(input);
  const now = nowOf(options);
  const ro = requestOptions(options);
  const s = input.suggestion;
  const metadata: JsonObject = { project_id: scope.projectId, prompt_type: input.prompt_type, rating: input.rating, rated_at: now.toISOString() };
  const optional = { session_id: input.session_id, user_id: input.user_id, comment: input.comment, provider: input.provider, model: input.model, run_id: input.run_id, contact_id: s?.contactId, reason_code: s?.reasonCode };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) metadata[k] = v;
  const message = s?.message?.trim();
  const record = await scope.rlhf.create(
    {
      prompt: s === undefined ? `calltime ${input.prompt_type}` : `calltime ${input.prompt_type}: ${s.reasonCode} for contact ${s.contactId}`,
      response: message !== undefined && message !== "" ? message : `(${input.prompt_type} answer, text not recorded)`,
      feedback: feedbackOf(input.rating),
      reward: REWARD_BY_RATING[input.rating]!,
      agent_id: CALLTIME_OPERATOR_AGENT_ID,
      tags: [`prompt_type:${input.prompt_type}`, `rating:${input.rating}`],
      metadata,
      ...(input.model === undefined ? {} : { model: input.model }),
      ...(input.session_id === undefined ? {} : { session_id: input.session_id }),
      ...(input.comment === undefined ? {} : { human_feedback: input.comment }),
    },
    ro,
  );
  await publishEvent(
    scope.events,
    buildEvent(scope.projectId, "feedback.recorded", {
      user_id: input.user_id,
      session_id: input.session_id,
      contact_id: s?.contactId,
      occurred_at: now.toISOString(),
      payload: { rlhf_interaction_id: record.interaction_id, prompt_type: input.prompt_type, rating: input.rating, reason_code: s?.reasonCode, run_id: input.run_id },
    }, [record.interaction_id]),
    ro,
  );
  return record;
}

/**
 * Exports the stored ratings through the RLHF export endpoint (JSON records or one CSV
 * string), optionally by date range, session and label.
 * @example
 * ```ts
 * const { data } = await exportFeedback(scope, { format: "json", from: "2026-01-01" });
 * ```
 */
export function exportFeedback(scope: FeedbackScope, options: ExportFeedbackOptions = {}): Promise<RlhfExport> {
  const { format, from, to, sessionId, feedback, ...ro } = options;
  const params: RlhfExportParams = { format: format ?? "json" };
  if (from !== undefined) params.start_date = from;
  if (to !== undefined) params.end_date = to;
  if (sessionId !== undefined) params.session_id = sessionId;
  if (feedback !== undefined) params.feedback = feedback;
  return scope.rlhf.export(params, ro);
}
