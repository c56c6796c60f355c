/**
 * `campaigns`: fundraising drives.
 * @module
 */
import { date, defaultNow, oneOf, optional, required, text, timestamp, withDefault } from "../columns.js";
import { defineTable, type InsertOf, type RowOf, type UpdateOf } from "../define.js";
import { CAMPAIGN_STATUSES } from "../enums.js";
import { keyFields, notBefore } from "./common.js";

/** `campaigns`: fundraising initiatives. */
export const campaigns = defineTable({
  name: "campaigns",
  description: "Fundraising initiatives and drives.",
  fields: {
    ...keyFields,
    name: required(text({ nonEmpty: true })),
    description: optional(text()),
    start_date: optional(date()),
    end_date: optional(date()),
    status: withDefault(oneOf(CAMPAIGN_STATUSES), "active"),
    created_at: defaultNow(timestamp()),
    updated_at: defaultNow(timestamp()),
  },
  indexes: [{ fields: ["project_id", "status"] }, { fields: ["project_id", "start_date"] }],
  checks: [{ field: "end_date", message: "must not be before start_date", test: (r) => notBefore(r.start_date, r.end_date) }],
});

/** A row of `campaigns`. */
export type CampaignRow = RowOf<typeof campaigns>;
/** An insert into `campaigns`. */
export type CampaignInsert = InsertOf<typeof campaigns>;
/** A partial update of `campaigns`. */
export type CampaignUpdate = UpdateOf<typeof campaigns>;
