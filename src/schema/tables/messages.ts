/**
 * `messages_inbound_outbound`: the optional audit of WhatsApp (and SMS) messages. Not
 * specified field by field in the data model; raw text is kept only when the project
 * allows it, the hash always.
 * @module
 */
import { defaultNow, oneOf, optional, required, text, timestamp, uuid, withDefault } from "../columns.js";
import { defineTable, type InsertOf, type RowOf, type UpdateOf } from "../define.js";
import { CHANNELS, DIRECTIONS } from "../enums.js";
import { e164Text, keyFields } from "./common.js";

/** `messages_inbound_outbound`: one row per message sent or received. */
export const messages = defineTable({
  name: "messages_inbound_outbound",
  description: "Audit of messages sent and received (optional).",
  fields: {
    ...keyFields,
    channel: withDefault(oneOf(CHANNELS), "whatsapp"),
    direction: required(oneOf(DIRECTIONS)),
    contact_id: optional(uuid()),
    session_id: optional(uuid()),
    user_id: optional(uuid()),
    interaction_id: optional(uuid()),
    counterparty_phone: optional(e164Text()),
    provider_message_id: optional(text({ nonEmpty: true })),
    status: optional(text()),
    content: optional(text()),
    content_sha256: required(text({ rule: { test: (s) => /^[0-9a-f]{64}$/.test(s), message: "must be a lower-case hex SHA-256" } })),
    occurred_at: defaultNow(timestamp()),
    created_at: defaultNow(timestamp()),
  },
  indexes: [
    // a redelivered webhook carries the same provider id; the row id is also derived from it (messageId)
    { fields: ["provider_message_id"], unique: true },
    { fields: ["project_id", "contact_id", "occurred_at"] },
    { fields: ["project_id", "session_id", "occurred_at"] },
  ],
});

/** A row of `messages_inbound_outbound`. */
export type MessageRow = RowOf<typeof messages>;
/** An insert into `messages_inbound_outbound`. */
export type MessageInsert = InsertOf<typeof messages>;
/** A partial update of `messages_inbound_outbound`. */
export type MessageUpdate = UpdateOf<typeof messages>;
