/**
 * Building and publishing the operational events of the data model (§6); their schema
 * lives in `schema/events.ts`.
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
import { EVENT_SCHEMA_VERSION, calltimeEventOf, calltimeEventSchema, type CalltimeEvent, type EventOf, type EventType } from "../schema/events.js";

// the schema is defined once, below the api layer (so `scope.events.since` can parse it), and re-exported here
export {
  EVENT_SCHEMA_VERSION,
  EVENT_TYPES,
  calltimeEventSchema,
  eventEnvelopeSchema,
  calltimeEventOf,
  type CalltimeEvent,
  type EventEnvelope,
  type EventOf,
  type EventType,
} from "../schema/events.js";

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
  return calltimeEventOf("event_payload" in record && typeof record.event_payload === "object" ? record.event_payload : record);
}
