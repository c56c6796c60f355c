/**
 * The operational events of the data model (§6) as one versioned envelope and a typed
 * union, in zod. Pure: it sits below the api layer so `scope.events.since` can read events
 * back, and the workflows build and publish them (`buildEvent`, `publishEvent`).
 * @module
 */
import * as z from "zod/mini";

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
  "whatsapp.message.status",
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

const envelopeFields = {
  event_id: uuid,
  schema_version: z.literal(EVENT_SCHEMA_VERSION),
  occurred_at: iso,
  project_id: z.string().check(z.minLength(1)),
  user_id: optUuid,
  session_id: optUuid,
};

const sessionStarted = z.strictObject({ ...envelopeFields, type: z.literal("session.started"), session_id: uuid, payload: z.strictObject({ team_id: optUuid, channel: z.optional(z.string()) }) });
const sessionClosed = z.strictObject({ ...envelopeFields, type: z.literal("session.closed"), session_id: uuid, payload: z.strictObject({ team_id: optUuid }) });
const contactCreated = z.strictObject({ ...envelopeFields, type: z.literal("contact.created"), contact_id: uuid, payload: z.strictObject({ display_name: z.optional(z.string()), source: z.optional(z.string()) }) });
const contactUpdated = z.strictObject({
  ...envelopeFields,
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
  ...envelopeFields,
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
  ...envelopeFields,
  type: z.literal("pledge.created"),
  contact_id: uuid,
  pledge_id: uuid,
  interaction_id: optUuid,
  campaign_id: optUuid,
  payload: z.strictObject({ amount, currency: z.string(), expected_by: z.optional(z.string()) }),
});
const paymentRecorded = z.strictObject({
  ...envelopeFields,
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
  ...envelopeFields,
  type: z.literal("followup.scheduled"),
  contact_id: uuid,
  followup_id: uuid,
  interaction_id: optUuid,
  pledge_id: optUuid,
  campaign_id: optUuid,
  payload: z.strictObject({ due_at: iso, reason: z.optional(z.string()), assigned_to_user_id: optUuid }),
});
const followupCompleted = z.strictObject({
  ...envelopeFields,
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
const messageSent = z.strictObject({ ...envelopeFields, type: z.literal("whatsapp.message.sent"), message_id: uuid, contact_id: optUuid, payload: messagePayload });
const messageReceived = z.strictObject({ ...envelopeFields, type: z.literal("whatsapp.message.received"), message_id: uuid, contact_id: optUuid, payload: messagePayload });
const messageStatus = z.strictObject({
  ...envelopeFields,
  type: z.literal("whatsapp.message.status"),
  message_id: uuid,
  contact_id: optUuid,
  payload: z.strictObject({
    channel: z.string(),
    provider_message_id: z.string(),
    /** `sent`, `delivered`, `read` or `failed`: the audit row's status after the update. */
    status: z.string(),
    previous_status: z.optional(z.string()),
    /** The provider's error code and title of a `failed` delivery (e.g. 131047). */
    error_code: z.optional(z.union([z.number(), z.string()])),
    error_title: z.optional(z.string()),
  }),
});
const usageRecorded = z.strictObject({
  ...envelopeFields,
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
  ...envelopeFields,
  type: z.literal("ai.tool.error"),
  payload: z.strictObject({ tool: z.string(), error: z.string(), agent_id: z.optional(z.string()) }),
});

const counts = z.record(z.string(), z.number());
const nextSuggested = z.strictObject({
  ...envelopeFields,
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
  ...envelopeFields,
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
  messageStatus,
  usageRecorded,
  toolError,
  nextSuggested,
  feedbackRecorded,
]);

/** Any event of the data model: a union discriminated by `type`. */
export type CalltimeEvent = z.output<typeof calltimeEventSchema>;
/** The event of one type. */
export type EventOf<T extends EventType> = Extract<CalltimeEvent, { type: T }>;

/**
 * The envelope every event shares, whatever its type or version: `event_id`, `type`,
 * `schema_version`, `occurred_at`, `project_id`, the optional `user_id` / `session_id`,
 * any entity ids (kept as they are) and an object `payload` (not checked). For consumers
 * that route or store events without knowing each type, or that must keep events of a
 * newer `schema_version`.
 * @example
 * ```ts
 * const r = eventEnvelopeSchema.safeParse(record.event_payload);
 * if (r.success) console.log(r.data.type, r.data.event_id);
 * ```
 */
export const eventEnvelopeSchema = z.looseObject({
  ...envelopeFields,
  type: z.string().check(z.minLength(1)),
  schema_version: z.int().check(z.positive()),
  payload: z.record(z.string(), z.unknown()),
});
/** The common fields of every event (see {@link eventEnvelopeSchema}). */
export type EventEnvelope = z.output<typeof eventEnvelopeSchema>;

/**
 * Reads one of the data model's events from a JSON value (an event's `event_payload`), or
 * `undefined` when it is not one (another publisher's event, another schema version).
 * @example
 * ```ts
 * const e = calltimeEventOf(record.event_payload);
 * if (e?.type === "whatsapp.message.received") console.log(e.message_id);
 * ```
 */
export function calltimeEventOf(value: unknown): CalltimeEvent | undefined {
  const r = z.safeParse(calltimeEventSchema, value);
  return r.success ? r.data : undefined;
}
