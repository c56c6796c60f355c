import * as z from "zod/mini";
import { PagePromise, pagesOrError } from "../http/pagination.js";
import { segment } from "../http/paths.js";
import type { RequestOptions } from "../http/transport.js";
import { type APIPromise, get, post, put } from "./resource.js";
import { inputOf, listPages, exportResultSchema, type ExportResult, compact, jsonObject, pageLimit, pageSkip, parseInput, type JsonObject, type ProjectContext } from "./shared.js";

/** Feedback label of an interaction. */
export type RlhfFeedback = "positive" | "negative" | "mixed";
const feedback = z.enum(["positive", "negative", "mixed"]);
const reward = z.number().check(z.minimum(-1), z.maximum(1));
const rating = z.int().check(z.minimum(1), z.maximum(5));
const text = z.string().check(z.minLength(1));

/** One RLHF interaction, normalized (`interaction_id` from `interaction_id` or `id`). */
export interface Interaction {
  interaction_id: string;
  prompt: string | undefined;
  response: string | undefined;
  feedback: string | undefined;
  reward: number | undefined;
  model: string | undefined;
  session_id: string | undefined;
  agent_id: string | undefined;
  human_feedback: string | undefined;
  tags: string[] | undefined;
  context: unknown;
  metadata: JsonObject | undefined;
  created_at: string | undefined;
  updated_at: string | undefined;
}

const interactionSchema = z.pipe(
  z
    .looseObject({
      interaction_id: z.optional(z.string()),
      id: z.optional(z.string()),
      prompt: z.nullish(z.string()),
      response: z.nullish(z.string()),
      feedback: z.nullish(z.string()),
      reward: z.nullish(z.number()),
      model: z.nullish(z.string()),
      session_id: z.nullish(z.string()),
      agent_id: z.nullish(z.string()),
      human_feedback: z.nullish(z.string()),
      tags: z.nullish(z.array(z.string())),
      context: z.optional(z.unknown()),
      metadata: z.nullish(jsonObject),
      created_at: z.nullish(z.string()),
      updated_at: z.nullish(z.string()),
    })
    .check(z.refine((i) => (i.interaction_id ?? i.id) !== undefined, { message: "an interaction needs interaction_id (or id)" })),
  z.transform(
    (i): Interaction => ({
      interaction_id: (i.interaction_id ?? i.id) as string,
      prompt: i.prompt ?? undefined,
      response: i.response ?? undefined,
      feedback: i.feedback ?? undefined,
      reward: i.reward ?? undefined,
      model: i.model ?? undefined,
      session_id: i.session_id ?? undefined,
      agent_id: i.agent_id ?? undefined,
      human_feedback: i.human_feedback ?? undefined,
      tags: i.tags ?? undefined,
      context: i.context ?? undefined,
      metadata: i.metadata ?? undefined,
      created_at: i.created_at ?? undefined,
      updated_at: i.updated_at ?? undefined,
    }),
  ),
);

const createParams = inputOf<CreateInteractionParams>()(z.strictObject({
  prompt: text,
  response: text,
  feedback: z.optional(feedback),
  reward: z.optional(reward),
  model: z.optional(text),
  session_id: z.optional(text),
  agent_id: z.optional(text),
  human_feedback: z.optional(z.string()),
  tags: z.optional(z.array(z.string())),
  context: z.optional(z.union([z.string(), jsonObject])),
  metadata: z.optional(jsonObject),
}));
/** Input of {@link RlhfAPI.create}. `reward` is a finite number in [-1, 1]. */
export interface CreateInteractionParams {
  /** The prompt given to the model; non-empty. */
  prompt: string;
  /** The model's answer; non-empty. */
  response: string;
  /** Label: `positive`, `negative` or `mixed`. */
  feedback?: RlhfFeedback | undefined;
  /** Reward, a finite number from -1 to 1. */
  reward?: number | undefined;
  /** Model that answered; non-empty. */
  model?: string | undefined;
  /** Session the interaction belongs to; non-empty. */
  session_id?: string | undefined;
  /** Agent that asked; non-empty. */
  agent_id?: string | undefined;
  /** A person's free-text comment. */
  human_feedback?: string | undefined;
  /** Free-form tags. */
  tags?: string[] | undefined;
  /** Context the model saw: a string or a JSON object. */
  context?: string | JsonObject | undefined;
  /** Any JSON object stored with the interaction. */
  metadata?: JsonObject | undefined;
}

const listParams = inputOf<ListInteractionsParams>()(z.strictObject({
  offset: z.optional(pageSkip),
  limit: z.optional(pageLimit),
  feedback: z.optional(feedback),
  model: z.optional(text),
  session_id: z.optional(text),
  agent_id: z.optional(text),
}));
/** Input of {@link RlhfAPI.list}: offset/limit (the wire names here) plus filters. */
export interface ListInteractionsParams {
  /** Interactions to skip before the first one returned; an integer ≥ 0. Default 0. */
  offset?: number | undefined;
  /** Page size, 1-1000. Default 100. */
  limit?: number | undefined;
  /** Only interactions labelled `positive`, `negative` or `mixed`. */
  feedback?: RlhfFeedback | undefined;
  /** Only interactions of this model; non-empty. */
  model?: string | undefined;
  /** Only interactions of this session; non-empty. */
  session_id?: string | undefined;
  /** Only interactions of this agent; non-empty. */
  agent_id?: string | undefined;
}

const feedbackParams = inputOf<InteractionFeedbackParams>()(
  z
    .strictObject({ rating: z.optional(rating), comment: z.optional(z.string()), feedback: z.optional(feedback), reward: z.optional(reward) })
    .check(z.refine((p) => Object.values(p).some((v) => v !== undefined), "needs at least one of rating, comment, feedback, reward")),
);
/** Input of {@link RlhfAPI.feedback}. `rating` is an integer 1-5. */
export interface InteractionFeedbackParams {
  /** Rating, an integer 1-5. At least one field must be given. */
  rating?: number | undefined;
  /** Free-text comment. */
  comment?: string | undefined;
  /** Label: `positive`, `negative` or `mixed`. */
  feedback?: RlhfFeedback | undefined;
  /** Reward, a finite number from -1 to 1. */
  reward?: number | undefined;
}

const singleReviewParams = inputOf<SingleReviewParams>()(z.strictObject({
  prompt: text,
  response: text,
  rating,
  feedback_comment: z.optional(z.string()),
  model: z.optional(text),
  tags: z.optional(z.array(z.string())),
  session_id: z.optional(text),
}));
/** Input of {@link RlhfAPI.singleReview}. The server maps rating 5..1 to reward 1, 0.5, 0, -0.5, -1. */
export interface SingleReviewParams {
  /** The prompt given to the model; non-empty. */
  prompt: string;
  /** The model's answer; non-empty. */
  response: string;
  /** Rating, an integer 1-5 (5 is best). */
  rating: number;
  /** Free-text comment on the answer. */
  feedback_comment?: string | undefined;
  /** Model that answered; non-empty. */
  model?: string | undefined;
  /** Free-form tags. */
  tags?: string[] | undefined;
  /** Session the review belongs to; non-empty. */
  session_id?: string | undefined;
}

const compareParams = inputOf<CompareParams>()(z.strictObject({
  prompt: text,
  response_a: text,
  response_b: text,
  preferred_response: z.enum(["A", "B"]),
  model_a: z.optional(text),
  model_b: z.optional(text),
  feedback_comment: z.optional(z.string()),
  session_id: z.optional(text),
}));
/** Input of {@link RlhfAPI.compare}. */
export interface CompareParams {
  /** The prompt both answers respond to; non-empty. */
  prompt: string;
  /** Answer A; non-empty. */
  response_a: string;
  /** Answer B; non-empty. */
  response_b: string;
  /** The better answer: `A` or `B`. */
  preferred_response: "A" | "B";
  /** Model that wrote answer A; non-empty. */
  model_a?: string | undefined;
  /** Model that wrote answer B; non-empty. */
  model_b?: string | undefined;
  /** Free-text reason for the preference. */
  feedback_comment?: string | undefined;
  /** Session the comparison belongs to; non-empty. */
  session_id?: string | undefined;
}

const list = z.optional(z.array(z.unknown()));
const compareSchema = z.pipe(
  z.pipe(
    z.union([z.array(z.unknown()), z.looseObject({ interactions: list, data: list })]),
    z.transform((r) => (Array.isArray(r) ? r : (r.interactions ?? r.data ?? []))),
  ),
  z.array(interactionSchema),
);

/** Counts over the project's interactions. */
export interface RlhfStats {
  total_interactions?: number;
  positive?: number;
  negative?: number;
  mixed?: number;
  average_reward?: number | null;
  by_model?: Record<string, unknown>;
  [key: string]: unknown;
}
const statsSchema = z.looseObject({
  total_interactions: z.optional(z.number()),
  positive: z.optional(z.number()),
  negative: z.optional(z.number()),
  mixed: z.optional(z.number()),
  average_reward: z.optional(z.nullable(z.number())),
  by_model: z.optional(jsonObject),
}) as unknown as z.ZodMiniType<RlhfStats>;

const date = z.pipe(z.union([z.string().check(z.minLength(1)), z.date()]), z.transform((d) => (d instanceof Date ? d.toISOString() : d)));
const exportParams = inputOf<RlhfExportParams>()(z.strictObject({
  format: z.optional(z.enum(["json", "csv", "parquet", "openai", "anthropic"])),
  start_date: z.optional(date),
  end_date: z.optional(date),
  feedback: z.optional(feedback),
  model: z.optional(text),
  session_id: z.optional(text),
}));
/** Input of {@link RlhfAPI.export}: `format` (default `json`), dates as ISO strings or `Date`, and filters. */
export interface RlhfExportParams {
  /** `json`, `csv`, `parquet`, `openai` or `anthropic`. Default `json`. */
  format?: "json" | "csv" | "parquet" | "openai" | "anthropic" | undefined;
  /** Only interactions from this time on: an ISO string or a `Date` (sent as ISO). */
  start_date?: string | Date | undefined;
  /** Only interactions up to this time: an ISO string or a `Date` (sent as ISO). */
  end_date?: string | Date | undefined;
  /** Only interactions labelled `positive`, `negative` or `mixed`. */
  feedback?: RlhfFeedback | undefined;
  /** Only interactions of this model; non-empty. */
  model?: string | undefined;
  /** Only interactions of this session; non-empty. */
  session_id?: string | undefined;
}

/** An RLHF export: `data` is an array for `json`, a string for `csv`. */
export type RlhfExport = ExportResult;

/**
 * RLHF, `{P}/database/rlhf`: interactions (create, list, get), feedback, single reviews,
 * A/B comparisons, stats and export. Enums and ranges are checked before sending.
 * @example
 * ```ts
 * const stats = await client.project(pid).rlhf.stats();
 * ```
 */
export class RlhfAPI {
  readonly #ctx: ProjectContext;
  /** @internal Made by the client; use `scope.rlhf`. */
  constructor(ctx: ProjectContext) {
    this.#ctx = ctx;
  }

  #path(rest: string): string {
    return `${this.#ctx.prefix}/database/rlhf${rest}`;
  }

  /**
   * Logs one interaction.
   * @example
   * ```ts
   * await scope.rlhf.create({ prompt: "Draft a thank-you", response: "Dear Asha, ...", feedback: "positive", reward: 1, model: "gpt-x" });
   * ```
   */
  create(params: CreateInteractionParams, options?: RequestOptions): APIPromise<Interaction> {
    return post(this.#ctx.http, () => {
      const p = parseInput(createParams, params, "params");
      return { path: this.#path("/interactions"), body: compact(p), schema: interactionSchema };
    }, options);
  }

  /**
   * Lists interactions (`offset`/`limit` on the wire), optionally filtered; await for one page or `for await` over all.
   * @example
   * ```ts
   * for await (const i of scope.rlhf.list({ feedback: "negative" })) console.log(i.prompt);
   * ```
   */
  list(params: ListInteractionsParams = {}, options?: RequestOptions): PagePromise<Interaction> {
    return pagesOrError(() => {
      const { offset, limit, ...filters } = parseInput(listParams, params, "params");
      return listPages(this.#ctx.http, this.#path("/interactions"), interactionSchema, { skip: offset, limit }, filters, options, "offset");
    });
  }

  /**
   * Gets one interaction.
   * @example
   * ```ts
   * const i = await scope.rlhf.get(interactionId);
   * ```
   */
  get(interactionId: string, options?: RequestOptions): APIPromise<Interaction> {
    return get(this.#ctx.http, () => ({ path: this.#path(`/interactions/${segment("interactionId", interactionId)}`), schema: interactionSchema }), options);
  }

  /**
   * Sets feedback on an interaction (`PUT .../interactions/{id}/feedback`); repeating it is harmless.
   * @example
   * ```ts
   * await scope.rlhf.feedback(interactionId, { rating: 4, comment: "good tone" });
   * ```
   */
  feedback(interactionId: string, params: InteractionFeedbackParams, options?: RequestOptions): APIPromise<Interaction> {
    return put(this.#ctx.http, () => {
      const p = parseInput(feedbackParams, params, "params");
      return { path: this.#path(`/interactions/${segment("interactionId", interactionId)}/feedback`), body: compact(p), schema: interactionSchema };
    }, options);
  }

  /**
   * Logs a prompt/response with a 1-5 rating.
   * @example
   * ```ts
   * await scope.rlhf.singleReview({ prompt: "Summarize the call", response: "...", rating: 5 });
   * ```
   */
  singleReview(params: SingleReviewParams, options?: RequestOptions): APIPromise<Interaction> {
    return post(this.#ctx.http, () => {
      const p = parseInput(singleReviewParams, params, "params");
      return { path: this.#path("/interactions/single-review"), body: compact(p), schema: interactionSchema };
    }, options);
  }

  /**
   * Logs an A/B preference; the server stores the preferred answer (+1) and the other (-1).
   * @example
   * ```ts
   * const [preferred, other] = await scope.rlhf.compare({ prompt: "Opening line?", response_a: "Hi!", response_b: "Hello Asha,", preferred_response: "B" });
   * ```
   */
  compare(params: CompareParams, options?: RequestOptions): APIPromise<Interaction[]> {
    return post(this.#ctx.http, () => {
      const p = parseInput(compareParams, params, "params");
      return { path: this.#path("/interactions/compare"), body: compact(p), schema: compareSchema };
    }, options);
  }

  /**
   * Counts by feedback, average reward and per-model numbers.
   * @example
   * ```ts
   * const { total_interactions, average_reward } = await scope.rlhf.stats();
   * ```
   */
  stats(options?: RequestOptions): APIPromise<RlhfStats> {
    return get(this.#ctx.http, { path: this.#path("/stats"), schema: statsSchema }, options);
  }

  /**
   * Exports interactions as a training set. A read, so it is retried like a GET.
   * @example
   * ```ts
   * const { data } = await scope.rlhf.export({ format: "json", feedback: "positive", start_date: new Date("2026-01-01") });
   * ```
   */
  export(params: RlhfExportParams = {}, options?: RequestOptions): APIPromise<RlhfExport> {
    return post(this.#ctx.http, () => {
      const p = parseInput(exportParams, params, "params");
      return { path: this.#path("/export"), body: compact({ ...p, format: p.format ?? "json" }), idempotent: true, schema: exportResultSchema };
    }, options);
  }
}
