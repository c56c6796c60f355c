/**
 * `sessions`: an operator's WhatsApp work block and the assistant's state in it.
 * @module
 */
import { defaultNow, jsonObject, oneOf, optional, required, text, timestamp, uuid, withDefault } from "../columns.js";
import { defineTable, type InsertOf, type RowOf, type UpdateOf } from "../define.js";
import { CHANNELS } from "../enums.js";
import { keyFields, notBefore } from "./common.js";

/** `sessions`: WhatsApp conversation state of an operator with the system. */
export const sessions = defineTable({
  name: "sessions",
  description: "Operator work sessions and their planner state.",
  fields: {
    ...keyFields,
    user_id: required(uuid()),
    team_id: optional(uuid()),
    channel: withDefault(oneOf(CHANNELS), "whatsapp"),
    whatsapp_thread_id: optional(text()),
    state_json: withDefault(jsonObject(), {}),
    started_at: defaultNow(timestamp()),
    last_activity_at: defaultNow(timestamp()),
    closed_at: optional(timestamp()),
  },
  indexes: [{ fields: ["project_id", "user_id", "last_activity_at"] }, { fields: ["project_id", "whatsapp_thread_id"] }],
  checks: [
    { field: "last_activity_at", message: "must not be before started_at", test: (r) => notBefore(r.started_at, r.last_activity_at) },
    { field: "closed_at", message: "must not be before started_at", test: (r) => notBefore(r.started_at, r.closed_at) },
  ],
});

/** A row of `sessions`. */
export type SessionRow = RowOf<typeof sessions>;
/** An insert into `sessions`. */
export type SessionInsert = InsertOf<typeof sessions>;
/** A partial update of `sessions`. */
export type SessionUpdate = UpdateOf<typeof sessions>;
