import { EVENT_TOPIC_MAX, PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX } from "../contract/index.js";
import { ValidationError } from "../http/errors.js";
import * as z from "zod/mini";
import { PagePromise, pagesOrError } from "../http/pagination.js";
import { segment } from "../http/paths.js";
import type { RequestOptions } from "../http/transport.js";
import { type APIPromise, get, post } from "./resource.js";
import { inputOf, listPages, jsonObject, pageLimit, pageParams, parseInput, type JsonObject, type ProjectContext } from "./shared.js";
import { calltimeEventOf, eventEnvelopeSchema, type CalltimeEvent } from "../schema/events.js";
import { decodeSinceCursor, encodeSinceCursor, mergeSincePage, sinceRead } from "./events-since.js";

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

const sinceParams = inputOf<SinceEventsParams>()(z.strictObject({ topic: z.optional(topic), limit: z.optional(pageLimit) }));
/** Input of {@link EventsAPI.since}. */
export interface SinceEventsParams {
  /** Only events of this topic (e.g. `whatsapp.message.received`). Default: the cursor's topic, else every topic. */
  topic?: string | undefined;
  /** Records of the log to read, 1-1000. Default 100. */
  limit?: number | undefined;
}

/** What {@link EventsAPI.since} resolves to. */
export interface EventsSince {
  /** The SDK's events read, in log order, each `event_id` once (a retried publish is dropped). */
  events: CalltimeEvent[];
  /** Records that are not one of the SDK's events (another publisher, another schema version), in log order. */
  others: EventRecord[];
  /** Where to resume: pass it to the next `since` call (store it to survive a restart). Opaque. */
  cursor: string;
  /** The read reached the end of the log: wait before asking again. */
  caughtUp: boolean;
}

/** The key an event is deduplicated by: the envelope's client-made `event_id`, else the server's id. */
function dedupeKey(record: EventRecord): string {
  const envelope = z.safeParse(eventEnvelopeSchema, record.event_payload);
  return envelope.success ? envelope.data.event_id : `r:${record.event_id}`;
}

/** Options of {@link EventsAPI}. */
export interface EventsOptions {
  /** Path of publish: `/database/events` (default) or the older `/database/events/publish`. */
  publishPath?: "/database/events" | "/database/events/publish";
}
const eventsOptions = z.strictObject({ publishPath: z.optional(z.enum(["/database/events", "/database/events/publish"])) });

/**
 * Events, `{P}/database/events`: publish, list (in publish order), read on from a cursor
 * (`since`), get. Publish is not
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
   * Reads the log on from a cursor, for a consumer that resumes after a disconnect: the
   * records after the ones it has read (`null` starts at the beginning), in order, with
   * the SDK's events parsed and typed and each `event_id` returned once, and a new cursor.
   * Store the cursor with what you did with the events; reading again from an older cursor
   * returns the same events again.
   *
   * ZeroDB pages events by `skip`/`limit` only and does not document their order; the
   * local server lists them in publish order. So the cursor holds an offset and the ids of
   * the last 16 records read, and each call re-reads those: an event swapped into them by
   * the server is still returned, one already returned is not. A retried publish (same
   * `event_id`) is dropped when it lies within the page or those 16 records; consumers
   * that act on events should still be idempotent by `event_id`. The log must be
   * append-only (ZeroDB has no update or delete route for events).
   * @example
   * ```ts
   * let cursor = await loadCursor(); // null the first time
   * for (;;) {
   *   const r = await scope.events.since(cursor, { topic: "whatsapp.message.received" });
   *   for (const e of r.events) await handle(e);
   *   cursor = r.cursor;
   *   await saveCursor(cursor);
   *   if (r.caughtUp) break;
   * }
   * ```
   */
  async since(cursor?: string | null, params: SinceEventsParams = {}, options?: RequestOptions): Promise<EventsSince> {
    const p = parseInput(sinceParams, params, "params");
    const start = decodeSinceCursor(cursor);
    if (start.t !== undefined && p.topic !== undefined && p.topic !== start.t) {
      throw new ValidationError([{ path: "params.topic", message: `the cursor reads topic ${JSON.stringify(start.t)}; start from null to read another`, code: "cursor_mismatch" }]);
    }
    if (cursor != null && start.t === undefined && p.topic !== undefined) {
      throw new ValidationError([{ path: "params.topic", message: "the cursor reads every topic; start from null to read one topic", code: "cursor_mismatch" }]);
    }
    const t = p.topic ?? start.t;
    const from = { ...start, ...(t === undefined ? {} : { t }) };
    const read = sinceRead(from, p.limit ?? PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX);
    const page = await this.list({ skip: read.skip, limit: read.limit, ...(t === undefined ? {} : { topic: t }) }, options);
    const { fresh, cursor: next } = mergeSincePage(from, { records: page.data, overlap: read.overlap }, dedupeKey);
    const events: CalltimeEvent[] = [];
    const others: EventRecord[] = [];
    for (const r of fresh) {
      const e = calltimeEventOf(r.event_payload);
      if (e === undefined) others.push(r);
      else events.push(e);
    }
    return { events, others, cursor: encodeSinceCursor(next), caughtUp: page.data.length < read.limit };
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
