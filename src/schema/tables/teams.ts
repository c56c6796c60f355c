/**
 * `teams`: groups of operators.
 * @module
 */
import { defaultNow, required, text, timestamp } from "../columns.js";
import { defineTable, type InsertOf, type RowOf, type UpdateOf } from "../define.js";
import { keyFields } from "./common.js";

/** `teams`: multi-operator org support. */
export const teams = defineTable({
  name: "teams",
  description: "Groups of operators.",
  fields: {
    ...keyFields,
    name: required(text({ nonEmpty: true })),
    created_at: defaultNow(timestamp()),
    updated_at: defaultNow(timestamp()),
  },
  indexes: [{ fields: ["project_id", "name"] }],
});

/** A row of `teams`. */
export type TeamRow = RowOf<typeof teams>;
/** An insert into `teams`. */
export type TeamInsert = InsertOf<typeof teams>;
/** A partial update of `teams`. */
export type TeamUpdate = UpdateOf<typeof teams>;
