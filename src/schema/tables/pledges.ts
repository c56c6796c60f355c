/**
 * `pledges`: promises of money, apart from the interactions they came from.
 * @module
 */
import { date, defaultNow, money, oneOf, optional, required, text, timestamp, uuid, withDefault } from "../columns.js";
import { defineTable, type InsertOf, type RowOf, type UpdateOf } from "../define.js";
import { PLEDGE_STATUSES } from "../enums.js";
import { currencyText, keyFields } from "./common.js";

/** `pledges`: amount promised by a contact; `fulfilled` once payments cover it. */
export const pledges = defineTable({
  name: "pledges",
  description: "Pledges (promised amounts) of contacts.",
  fields: {
    ...keyFields,
    campaign_id: optional(uuid()),
    contact_id: required(uuid()),
    interaction_id: optional(uuid()),
    currency: withDefault(currencyText(), "INR"),
    amount: required(money()),
    pledged_at: defaultNow(timestamp()),
    expected_by: optional(date()),
    status: withDefault(oneOf(PLEDGE_STATUSES), "open"),
    notes: optional(text()),
  },
  indexes: [{ fields: ["project_id", "status"] }, { fields: ["project_id", "contact_id", "pledged_at"] }],
  checks: [{ field: "amount", message: "a pledge must be for more than 0", test: (r) => r.amount > 0 }],
});

/** A row of `pledges`. */
export type PledgeRow = RowOf<typeof pledges>;
/** An insert into `pledges`. */
export type PledgeInsert = InsertOf<typeof pledges>;
/** A partial update of `pledges`. */
export type PledgeUpdate = UpdateOf<typeof pledges>;
