/**
 * The operational events of the data model (§6) as one typed union with its zod schema.
 * Every event is an envelope: a client-made `event_id` (UUIDv5 of the type and the entity
 * ids, so a re-run workflow publishes the same id and consumers can drop the repeat),
 * `type`, `schema_version`, `occurred_at`, `project_id`, the optional `user_id` and
 * `session_id`, the entity ids, and a `payload`. It is published through `scope.events`
 * with the topic equal to the type.
 * @module
 */
import * as z from "zod/mini";
import type { EventRecord, EventsAPI } from "../api/events.js";
import type { JsonObject } from "../api/shared.js";
import { naturalKeyId } from "../domain/ids.js";
import type { RequestOptions } from "../http/transport.js";

/** Version of the event envelope and payloads; bumped when a field changes meaning or goes away. */
export const EVENT_SCHEMA_VERSION = 1;

/** Every event type of the data model (§6.1). */
export const EVENT_TYPES = [
  "session.started",
  "session.closed",
  "contact.created",
  "contact.updated",
  "interaction.logged",
  "pledge.created",
  "payment.recorded",
  "followup.scheduled",
  "followup.completed",
  "whatsapp.message.sent",
  "whatsapp.message.received",
  "ai.usage.recorded",
  "ai.tool.error",
  "next.suggested",
  "feedback.recorded",
] as const;
/** One event type of the data model. */
export type EventType = (typeof EVENT_TYPES)[number];

const uuid = z.string().check(z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be a UUID"));
const optUuid = z.optional(uuid);
const iso = z.iso.datetime({ message: "must be an ISO-8601 UTC timestamp" });
const amount = z.number();

const envelope = {
  event_id: uuid,
  schema_version: z.literal(EVENT_SCHEMA_VERSION),
  occurred_at: iso,
  project_id: z.string().check(z.minLength(1)),
  user_id: optUuid,
  session_id: optUuid,
};

const sessionStarted = z.strictObject({ ...envelope, type: z.literal("session.started"), session_id: uuid, payload: z.strictObject({ team_id: optUuid, channel: z.optional(z.string()) }) });
const sessionClosed = z.strictObject({ ...envelope, type: z.literal("session.closed"), session_id: uuid, payload: z.strictObject({ team_id: optUuid }) });
const contactCreated = z.strictObject({ ...envelope, type: z.literal("contact.created"), contact_id: uuid, payload: z.strictObject({ display_name: z.optional(z.string()), source: z.optional(z.string()) }) });
const contactUpdated = z.strictObject({
  ...envelope,
  type: z.literal("contact.updated"),
  contact_id: uuid,
  payload: z.strictObject({
    /** What changed: `status`, `deleted_at`, `identity`... */
    changes: z.array(z.string()),
    status: z.optional(z.string()),
    reason: z.optional(z.string()),
    deleted: z.optional(z.boolean()),
    identity_id: z.optional(uuid),
    cancelled_followup_ids: z.optional(z.array(uuid)),
  }),
});
const interactionLogged = z.strictObject({
  ...envelope,
  type: z.literal("interaction.logged"),
  contact_id: uuid,
  interaction_id: uuid,
  campaign_id: optUuid,
  payload: z.strictObject({
    channel: z.string(),
    direction: z.string(),
    outcome: z.string(),
    amount_pledged: z.optional(amount),
    amount_received: z.optional(amount),
    followup_ids: z.array(uuid),
  }),
});
const pledgeCreated = z.strictObject({
  ...envelope,
  type: z.literal("pledge.created"),
  contact_id: uuid,
  pledge_id: uuid,
  interaction_id: optUuid,
  campaign_id: optUuid,
  payload: z.strictObject({ amount, currency: z.string(), expected_by: z.optional(z.string()) }),
});
const paymentRecorded = z.strictObject({
  ...envelope,
  type: z.literal("payment.recorded"),
  contact_id: uuid,
  payment_id: uuid,
  pledge_id: optUuid,
  interaction_id: optUuid,
  campaign_id: optUuid,
  payload: z.strictObject({
    amount,
    currency: z.string(),
    method: z.optional(z.string()),
    status: z.string(),
    outstanding: z.optional(amount),
    pledge_status: z.optional(z.string()),
  }),
});
const followupScheduled = z.strictObject({
  ...envelope,
  type: z.literal("followup.scheduled"),
  contact_id: uuid,
  followup_id: uuid,
  interaction_id: optUuid,
  pledge_id: optUuid,
  campaign_id: optUuid,
  payload: z.strictObject({ due_at: iso, reason: z.optional(z.string()), assigned_to_user_id: optUuid }),
});
const followupCompleted = z.strictObject({
  ...envelope,
  type: z.literal("followup.completed"),
  contact_id: uuid,
  followup_id: uuid,
  interaction_id: optUuid,
  pledge_id: optUuid,
  payload: z.strictObject({ completed_at: iso, reason: z.optional(z.string()) }),
});
const messagePayload = z.strictObject({
  channel: z.string(),
  content_sha256: z.string(),
  provider_message_id: z.optional(z.string()),
  content_stored: z.boolean(),
});
const messageSent = z.strictObject({ ...envelope, type: z.literal("whatsapp.message.sent"), message_id: uuid, contact_id: optUuid, payload: messagePayload });
const messageReceived = z.strictObject({ ...envelope, type: z.literal("whatsapp.message.received"), message_id: uuid, contact_id: optUuid, payload: messagePayload });
const usageRecorded = z.strictObject({
  ...envelope,
  type: z.literal("ai.usage.recorded"),
  usage_id: uuid,
  payload: z.strictObject({
    provider: z.string(),
    model: z.string(),
    iterations: z.number(),
    prompt_tokens: z.number(),
    completion_tokens: z.number(),
    total_tokens: z.number(),
    request_id: z.optional(z.string()),
  }),
});
const toolError = z.strictObject({
  ...envelope,
  type: z.literal("ai.tool.error"),
  payload: z.strictObject({ tool: z.string(), error: z.string(), agent_id: z.optional(z.string()) }),
});

const counts = z.record(z.string(), z.number());
const nextSuggested = z.strictObject({
  ...envelope,
  type: z.literal("next.suggested"),
  contact_id: optUuid,
  campaign_id: optUuid,
  payload: z.strictObject({
    run_id: uuid,
    reason_code: z.optional(z.string()),
    action: z.optional(z.string()),
    none_reason: z.optional(z.string()),
    /** Rows of each kind the ranking read (never their content). */
    counts,
    excluded: counts,
    runners_up: z.number(),
  }),
});
const feedbackRecorded = z.strictObject({
  ...envelope,
  type: z.literal("feedback.recorded"),
  contact_id: optUuid,
  payload: z.strictObject({
    rlhf_interaction_id: z.string(),
    prompt_type: z.string(),
    rating: z.number(),
    reason_code: z.optional(z.string()),
    run_id: z.optional(uuid),
  }),
});

/** The zod schema of every event (a union discriminated by `type`). */
export const calltimeEventSchema = z.discriminatedUnion("type", [
  sessionStarted,
  sessionClosed,
  contactCreated,
  contactUpdated,
  interactionLogged,
  pledgeCreated,
  paymentRecorded,
  followupScheduled,
  followupCompleted,
  messageSent,
  messageReceived,
  usageRecorded,
  toolError,
  nextSuggested,
  feedbackRecorded,
]);

/** Any event of the data model: a union discriminated by `type`. */
export type CalltimeEvent = z.output<typeof calltimeEventSchema>;
/** The event of one type. */
export type EventOf<T extends EventType> = Extract<CalltimeEvent, { type: T }>;
/** What a caller gives to build an event: everything but the envelope fields the SDK fills in. */
export type EventInit<T extends EventType> = Omit<EventOf<T>, "event_id" | "schema_version" | "occurred_at" | "project_id" | "type"> & {
  /** Default: the UUIDv5 of the type and `idParts` in the project's namespace. */
  event_id?: string | undefined;
  /** Default: now. */
  occurred_at?: string | undefined;
};

const ENTITY_KEYS = ["contact_id", "interaction_id", "pledge_id", "payment_id", "followup_id", "message_id", "usage_id", "session_id"] as const;

function stripUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripUndefined);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, stripUndefined(v)]));
  }
  return value;
}

/**
 * Builds and validates an event. Its `event_id` is deterministic: the UUIDv5 of the type,
 * the entity ids and `idParts`, so a workflow run twice publishes the same id.
 * @example
 * ```ts
 * const e = buildEvent(projectId, "followup.completed", { contact_id, followup_id, payload: { completed_at } });
 * ```
 */
export function buildEvent<T extends EventType>(projectId: string, type: T, init: EventInit<T>, idParts: readonly (string | number)[] = []): EventOf<T> {
  const i = init as Record<string, unknown>;
  const ids = ENTITY_KEYS.map((k) => (typeof i[k] === "string" ? `${k}=${i[k] as string}` : "")).filter((s) => s !== "");
  const event = stripUndefined({
    ...init,
    event_id: init.event_id ?? naturalKeyId(projectId, "events", [type, ...ids, ...idParts]),
    type,
    schema_version: EVENT_SCHEMA_VERSION,
    occurred_at: init.occurred_at ?? new Date().toISOString(),
    project_id: projectId,
  });
  const r = z.safeParse(calltimeEventSchema, event);
  if (!r.success) throw new TypeError(`invalid ${type} event: ${r.error.issues.map((x) => `${x.path.join(".")}: ${x.message}`).join("; ")}`);
  return r.data as EventOf<T>;
}

/**
 * Publishes an event through the events API with the topic equal to its type.
 * @example
 * ```ts
 * await publishEvent(scope.events, buildEvent(scope.projectId, "ai.tool.error", { payload: { tool: "next", error: "timeout" } }));
 * ```
 */
export function publishEvent(events: EventsAPI, event: CalltimeEvent, options?: RequestOptions): Promise<EventRecord> {
  return events.publish({ topic: event.type, event_payload: event as unknown as JsonObject }, options);
}

/**
 * Reads an event back from an {@link EventRecord} (its payload), or `undefined` when it is
 * not one of the data model's events.
 * @example
 * ```ts
 * for await (const r of scope.events.list({ topic: "interaction.logged" })) console.log(parseEvent(r)?.interaction_id);
 * ```
 */
export function parseEvent(record: EventRecord | JsonObject): CalltimeEvent | undefined {
  const payload = "event_payload" in record && typeof record.event_payload === "object" ? record.event_payload : record;
  const r = z.safeParse(calltimeEventSchema, payload);
  return r.success ? r.data : undefined;
}
