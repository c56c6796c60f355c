/**
 * `contact_tags`: labels for filtering and ranking. Natural key (contact, tag): id from `contactTagId`.
 * @module
 */
import { normalizeTag } from "../../domain/tags.js";
import { defaultNow, required, text, timestamp, uuid } from "../columns.js";
import { defineTable, type InsertOf, type RowOf, type UpdateOf } from "../define.js";
import { keyFields } from "./common.js";

/** `contact_tags`: one row per tag on a contact (warm, cold, donor, sponsor, renewal, vip, intro_needed...). */
export const contactTags = defineTable({
  name: "contact_tags",
  description: "Tags on contacts.",
  fields: {
    ...keyFields,
    contact_id: required(uuid()),
    tag: required(text({ nonEmpty: true, max: 64, rule: { test: (t) => normalizeTag(t) === t, message: "must be normalized: trimmed, lower-case, spaces as _" } })),
    created_at: defaultNow(timestamp()),
  },
  naturalKey: ["contact_id", "tag"],
  indexes: [{ fields: ["project_id", "tag"] }, { fields: ["project_id", "contact_id"] }],
});

/** A row of `contact_tags`. */
export type ContactTagRow = RowOf<typeof contactTags>;
/** An insert into `contact_tags`. */
export type ContactTagInsert = InsertOf<typeof contactTags>;
/** A partial update of `contact_tags`. */
export type ContactTagUpdate = UpdateOf<typeof contactTags>;
