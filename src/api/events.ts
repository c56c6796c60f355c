import { EVENT_TOPIC_MAX } from "../contract/index.js";
import * as z from "zod/mini";
import { PagePromise, pagesOrError } from "../http/pagination.js";
import { segment } from "../http/paths.js";
import type { RequestOptions } from "../http/transport.js";
import { type APIPromise, get, post } from "./resource.js";
import { inputOf, listPages, jsonObject, pageParams, parseInput, type JsonObject, type ProjectContext } from "./shared.js";

/** A published event, normalized (`event_id` from `event_id`/`id`, `event_payload` from `event_payload`/`data`/`payload`, `published_at` from `published_at`/`timestamp`/`created_at`). */
export interface EventRecord {
  event_id: string;
  project_id: string | undefined;
  topic: string | undefined;
  event_payload: JsonObject;
  published_at: string | undefined;
}

const eventSchema = z.pipe(
  z
    .looseObject({
      event_id: z.optional(z.string()),
      id: z.optional(z.string()),
      project_id: z.nullish(z.string()),
      topic: z.nullish(z.string()),
      event_type: z.nullish(z.string()),
      type: z.nullish(z.string()),
      event_payload: z.nullish(jsonObject),
      data: z.nullish(jsonObject),
      payload: z.nullish(jsonObject),
      published_at: z.nullish(z.string()),
      timestamp: z.nullish(z.string()),
      created_at: z.nullish(z.string()),
    })
    .check(z.refine((e) => (e.event_id ?? e.id) !== undefined, { message: "an event needs event_id (or id)" })),
  z.transform(
    (e): EventRecord => ({
      event_id: (e.event_id ?? e.id) as string,
      project_id: e.project_id ?? undefined,
      topic: e.topic ?? e.event_type ?? e.type ?? undefined,
      event_payload: e.event_payload ?? e.data ?? e.payload ?? {},
      published_at: e.published_at ?? e.timestamp ?? e.created_at ?? undefined,
    }),
  ),
);

const topic = z.string().check(z.minLength(1), z.maxLength(EVENT_TOPIC_MAX));
const publishParams = inputOf<PublishEventParams>()(z.strictObject({
    topic: z.optional(topic),
    /** Alias of `topic`. */
    event_type: z.optional(topic),
    /** Alias of `topic`. */
    eventType: z.optional(topic),
    event_payload: z.optional(jsonObject),
    /** Alias of `event_payload`. */
    data: z.optional(jsonObject),
  }).check(z.superRefine((p, ctx) => {
    const topics = [p.topic, p.event_type, p.eventType].filter((t) => t !== undefined);
    if (topics.length === 0) ctx.addIssue({ code: "custom", path: ["topic"], message: "required (or its alias event_type / eventType)" });
    if (new Set(topics).size > 1) ctx.addIssue({ code: "custom", path: ["topic"], message: "topic and its aliases disagree" });
    if (p.event_payload !== undefined && p.data !== undefined) {
      ctx.addIssue({ code: "custom", path: ["data"], message: "give event_payload or its alias data, not both" });
    }
  })));
/** Input of {@link EventsAPI.publish}: `topic` (aliases `event_type`, `eventType`) and `event_payload` (alias `data`, default `{}`). */
export interface PublishEventParams {
  /** Topic, 1-255 characters, e.g. `call.completed`. Required: give it here or under one alias (aliases must agree). */
  topic?: string | undefined;
  /** Alias of `topic`. */
  event_type?: string | undefined;
  /** Alias of `topic`. */
  eventType?: string | undefined;
  /** The event's JSON payload. Default `{}`. */
  event_payload?: JsonObject | undefined;
  /** Alias of `event_payload`; give one of the two, not both. */
  data?: JsonObject | undefined;
}

const listParams = inputOf<ListEventsParams>()(z.extend(pageParams, { topic: z.optional(topic) }));
/** Input of {@link EventsAPI.list}. */
export interface ListEventsParams {
  /** Events to skip before the first one returned; an integer ≥ 0. Default 0. */
  skip?: number | undefined;
  /** Page size, 1-1000. Default 100. */
  limit?: number | undefined;
  /** Only events of this topic, 1-255 characters. */
  topic?: string | undefined;
}

/** Options of {@link EventsAPI}. */
export interface EventsOptions {
  /** Path of publish: `/database/events` (default) or the older `/database/events/publish`. */
  publishPath?: "/database/events" | "/database/events/publish";
}
const eventsOptions = z.strictObject({ publishPath: z.optional(z.enum(["/database/events", "/database/events/publish"])) });

/**
 * Events, `{P}/database/events`: publish, list (in publish order), get. Publish is not
 * retried after an ambiguous failure (subscribers would see the event twice).
 * @example
 * ```ts
 * await client.project(pid).events.publish({ topic: "call.completed", event_payload: { minutes: 12 } });
 * ```
 */
export class EventsAPI {
  readonly #ctx: ProjectContext;
  readonly #publishPath: string;

  /** @internal Made by the client; use `scope.events`, or `withOptions` for a copy with other options. */
  constructor(ctx: ProjectContext, options: EventsOptions = {}) {
    const o = parseInput(eventsOptions, options, "options");
    this.#ctx = ctx;
    this.#publishPath = o.publishPath ?? "/database/events";
  }

  /**
   * A copy with another publish path.
   * @example
   * ```ts
   * const legacy = scope.events.withOptions({ publishPath: "/database/events/publish" });
   * ```
   */
  withOptions(options: EventsOptions): EventsAPI {
    return new EventsAPI(this.#ctx, options);
  }

  #path(rest = ""): string {
    return `${this.#ctx.prefix}/database/events${rest}`;
  }

  /**
   * Publishes one event as `{topic, event_payload}`.
   * @example
   * ```ts
   * await scope.events.publish({ topic: "call.completed", event_payload: { contact_id: "c-1", minutes: 12 } });
   * ```
   */
  publish(params: PublishEventParams, options?: RequestOptions): APIPromise<EventRecord> {
    return post(this.#ctx.http, () => {
      const p = parseInput(publishParams, params, "params");
      const body = { topic: p.topic ?? p.event_type ?? p.eventType, event_payload: p.event_payload ?? p.data ?? {} };
      return { path: `${this.#ctx.prefix}${this.#publishPath}`, body, schema: eventSchema };
    }, options);
  }

  /**
   * Lists events, optionally of one topic, in publish order; await for one page or `for await` over all.
   * @example
   * ```ts
   * for await (const e of scope.events.list({ topic: "call.completed" })) console.log(e.event_payload);
   * ```
   */
  list(params: ListEventsParams = {}, options?: RequestOptions): PagePromise<EventRecord> {
    return pagesOrError(() => {
      const { skip, limit, ...filters } = parseInput(listParams, params, "params");
      return listPages(this.#ctx.http, this.#path(), eventSchema, { skip, limit }, filters, options);
    });
  }

  /**
   * Gets one event by id.
   * @example
   * ```ts
   * const e = await scope.events.get(eventId);
   * ```
   */
  get(eventId: string, options?: RequestOptions): APIPromise<EventRecord> {
    return get(this.#ctx.http, () => ({ path: this.#path(`/${segment("eventId", eventId)}`), schema: eventSchema }), options);
  }
}
