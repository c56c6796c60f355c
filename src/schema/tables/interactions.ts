/**
 * `interactions`: the canonical log of touches (calls, WhatsApp, email, SMS).
 * @module
 */
import { defaultNow, money, oneOf, optional, required, text, timestamp, uuid } from "../columns.js";
import { defineTable, type InsertOf, type RowOf, type UpdateOf } from "../define.js";
import { CHANNELS, DIRECTIONS, OUTCOMES } from "../enums.js";
import { keyFields } from "./common.js";

/** `interactions`: one row per touch of a contact. */
export const interactions = defineTable({
  name: "interactions",
  description: "Every touch of a contact and its outcome.",
  fields: {
    ...keyFields,
    campaign_id: optional(uuid()),
    contact_id: required(uuid()),
    session_id: optional(uuid()),
    channel: required(oneOf(CHANNELS)),
    direction: required(oneOf(DIRECTIONS)),
    outcome: required(oneOf(OUTCOMES)),
    summary: optional(text()),
    amount_pledged: optional(money()),
    amount_received: optional(money()),
    occurred_at: defaultNow(timestamp()),
    created_by_user_id: optional(uuid()),
    created_at: defaultNow(timestamp()),
  },
  indexes: [
    { fields: ["project_id", "contact_id", "occurred_at"] },
    { fields: ["project_id", "campaign_id", "occurred_at"] },
    { fields: ["project_id", "outcome", "occurred_at"] },
  ],
});

/** A row of `interactions`. */
export type InteractionRow = RowOf<typeof interactions>;
/** An insert into `interactions`. */
export type InteractionInsert = InsertOf<typeof interactions>;
/** A partial update of `interactions`. */
export type InteractionUpdate = UpdateOf<typeof interactions>;
