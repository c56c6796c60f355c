/**
 * `file_links`: files (ZeroDB Files API) attached to contacts, campaigns, interactions, pledges or payments.
 * @module
 */
import { defaultNow, oneOf, required, text, timestamp, uuid } from "../columns.js";
import { defineTable, type InsertOf, type RowOf, type UpdateOf } from "../define.js";
import { FILE_ENTITY_TYPES } from "../enums.js";
import { keyFields } from "./common.js";

/** `file_links`: one row per file attached to one entity. */
export const fileLinks = defineTable({
  name: "file_links",
  description: "Files linked to entities.",
  fields: {
    ...keyFields,
    file_id: required(text({ nonEmpty: true })),
    entity_type: required(oneOf(FILE_ENTITY_TYPES)),
    entity_id: required(uuid()),
    created_at: defaultNow(timestamp()),
  },
  indexes: [{ fields: ["project_id", "entity_type", "entity_id"] }, { fields: ["project_id", "file_id"] }],
});

/** A row of `file_links`. */
export type FileLinkRow = RowOf<typeof fileLinks>;
/** An insert into `file_links`. */
export type FileLinkInsert = InsertOf<typeof fileLinks>;
/** A partial update of `file_links`. */
export type FileLinkUpdate = UpdateOf<typeof fileLinks>;
