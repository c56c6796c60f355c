/**
 * `campaign_goals`: daily targets. Natural key (campaign, date): id from `campaignGoalId`.
 * @module
 */
import { date, defaultNow, integer, money, required, timestamp, uuid, withDefault } from "../columns.js";
import { defineTable, type InsertOf, type RowOf, type UpdateOf } from "../define.js";
import { keyFields } from "./common.js";

/** `campaign_goals`: one target per campaign and day. */
export const campaignGoals = defineTable({
  name: "campaign_goals",
  description: "Daily targets of campaigns.",
  fields: {
    ...keyFields,
    campaign_id: required(uuid()),
    date: required(date()),
    target_amount: required(money()),
    target_contacts: withDefault(integer(), 0),
    created_at: defaultNow(timestamp()),
  },
  naturalKey: ["campaign_id", "date"],
  indexes: [{ fields: ["project_id", "campaign_id", "date"] }],
});

/** A row of `campaign_goals`. */
export type CampaignGoalRow = RowOf<typeof campaignGoals>;
/** An insert into `campaign_goals`. */
export type CampaignGoalInsert = InsertOf<typeof campaignGoals>;
/** A partial update of `campaign_goals`. */
export type CampaignGoalUpdate = UpdateOf<typeof campaignGoals>;
