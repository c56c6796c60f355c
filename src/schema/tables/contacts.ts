/**
 * `contacts`: the people fundraised from.
 * @module
 */
import { defaultNow, integer, oneOf, optional, required, text, timestamp, withDefault } from "../columns.js";
import { defineTable, type InsertOf, type RowOf, type UpdateOf } from "../define.js";
import { CHANNELS, CONTACT_STATUSES } from "../enums.js";
import { keyFields } from "./common.js";

/** `contacts`: donors and prospects. Soft-deleted with `deleted_at`. */
export const contacts = defineTable({
  name: "contacts",
  description: "Donors and prospects a fundraiser works.",
  fields: {
    ...keyFields,
    display_name: required(text({ nonEmpty: true })),
    primary_channel: withDefault(oneOf(CHANNELS), "whatsapp"),
    relationship_strength: withDefault(integer({ min: 1, max: 5 }), 3),
    capacity_band: optional(text()),
    status: withDefault(oneOf(CONTACT_STATUSES), "active"),
    last_contacted_at: optional(timestamp()),
    next_suggested_at: optional(timestamp()),
    notes: optional(text()),
    created_at: defaultNow(timestamp()),
    updated_at: defaultNow(timestamp()),
    deleted_at: optional(timestamp()),
  },
  indexes: [
    { fields: ["project_id", "status"] },
    { fields: ["project_id", "last_contacted_at"] },
    { fields: ["project_id", "next_suggested_at"] },
    { fields: ["project_id", "relationship_strength"] },
  ],
});

/** A row of `contacts`. */
export type ContactRow = RowOf<typeof contacts>;
/** An insert into `contacts`. */
export type ContactInsert = InsertOf<typeof contacts>;
/** A partial update of `contacts`. */
export type ContactUpdate = UpdateOf<typeof contacts>;
