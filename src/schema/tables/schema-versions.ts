/**
 * `schema_versions`: which version of this schema a project was seeded with (US0.4).
 * One row per version: id from `schemaVersionId`.
 * @module
 */
import { defaultNow, integer, optional, required, stringList, text, timestamp } from "../columns.js";
import { defineTable, type InsertOf, type RowOf, type UpdateOf } from "../define.js";
import { keyFields } from "./common.js";

/** `schema_versions`: one row per schema version applied to the project. */
export const schemaVersions = defineTable({
  name: "schema_versions",
  description: "Schema versions applied to the project.",
  fields: {
    ...keyFields,
    version: required(integer({ min: 1 })),
    description: optional(text()),
    tables: required(stringList()),
    applied_at: defaultNow(timestamp()),
  },
  naturalKey: ["project_id", "version"],
});

/** A row of `schema_versions`. */
export type SchemaVersionRow = RowOf<typeof schemaVersions>;
/** An insert into `schema_versions`. */
export type SchemaVersionInsert = InsertOf<typeof schemaVersions>;
/** A partial update of `schema_versions`. */
export type SchemaVersionUpdate = UpdateOf<typeof schemaVersions>;
