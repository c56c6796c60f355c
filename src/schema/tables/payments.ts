/**
 * `payments`: money received (or reported), even when paid outside the app.
 * @module
 */
import { defaultNow, money, oneOf, optional, required, text, timestamp, uuid, withDefault } from "../columns.js";
import { defineTable, type InsertOf, type RowOf, type UpdateOf } from "../define.js";
import { PAYMENT_METHODS, PAYMENT_STATUSES } from "../enums.js";
import { currencyText, keyFields } from "./common.js";

/** `payments`: receipts; several may pay one pledge. */
export const payments = defineTable({
  name: "payments",
  description: "Payments received from contacts.",
  fields: {
    ...keyFields,
    campaign_id: optional(uuid()),
    contact_id: required(uuid()),
    pledge_id: optional(uuid()),
    interaction_id: optional(uuid()),
    currency: withDefault(currencyText(), "INR"),
    amount: required(money()),
    paid_at: defaultNow(timestamp()),
    method: optional(oneOf(PAYMENT_METHODS)),
    reference: optional(text()),
    status: withDefault(oneOf(PAYMENT_STATUSES), "confirmed"),
    notes: optional(text()),
  },
  indexes: [{ fields: ["project_id", "paid_at"] }, { fields: ["project_id", "contact_id", "paid_at"] }],
  checks: [{ field: "amount", message: "a payment must be for more than 0", test: (r) => r.amount > 0 }],
});

/** A row of `payments`. */
export type PaymentRow = RowOf<typeof payments>;
/** An insert into `payments`. */
export type PaymentInsert = InsertOf<typeof payments>;
/** A partial update of `payments`. */
export type PaymentUpdate = UpdateOf<typeof payments>;
