/**
 * `followups`: the discipline engine's queue.
 * @module
 */
import { defaultNow, oneOf, optional, required, text, timestamp, uuid, withDefault } from "../columns.js";
import { defineTable, type InsertOf, type RowOf, type UpdateOf } from "../define.js";
import { FOLLOWUP_STATUSES } from "../enums.js";
import { keyFields } from "./common.js";

/** `followups`: what to do next for a contact, and by when. */
export const followups = defineTable({
  name: "followups",
  description: "Scheduled and due followups of contacts.",
  fields: {
    ...keyFields,
    campaign_id: optional(uuid()),
    contact_id: required(uuid()),
    interaction_id: optional(uuid()),
    due_at: required(timestamp()),
    status: withDefault(oneOf(FOLLOWUP_STATUSES), "scheduled"),
    reason: optional(text()),
    // WhatsApp's limit for one text message
    suggested_message: optional(text({ max: 4096 })),
    assigned_to_user_id: optional(uuid()),
    created_at: defaultNow(timestamp()),
    completed_at: optional(timestamp()),
    // why it was cancelled (US7.4); the data model has no field for it
    cancel_reason: optional(text()),
  },
  indexes: [
    { fields: ["project_id", "status", "due_at"] },
    { fields: ["project_id", "assigned_to_user_id", "due_at"] },
    { fields: ["project_id", "contact_id", "due_at"] },
  ],
  checks: [{ field: "completed_at", message: "a done followup needs completed_at", test: (r) => r.status !== "done" || r.completed_at != null }],
});

/** A row of `followups`. */
export type FollowupRow = RowOf<typeof followups>;
/** An insert into `followups`. */
export type FollowupInsert = InsertOf<typeof followups>;
/** A partial update of `followups`. */
export type FollowupUpdate = UpdateOf<typeof followups>;
