/**
 * `contact_identities`: phones and emails of a contact. Natural key (project, type,
 * value): id from `contactIdentityId`, so one number or address belongs to one contact.
 * @module
 */
import { isNormalizedEmail } from "../../domain/email.js";
import { bool, defaultNow, oneOf, optional, required, text, timestamp, uuid, withDefault } from "../columns.js";
import { defineTable, type InsertOf, type RowOf, type UpdateOf } from "../define.js";
import { IDENTITY_TYPES } from "../enums.js";
import { E164, keyFields } from "./common.js";

/** What kind of line a phone identity is (`unknown` for emails and where the metadata cannot say). */
export const PHONE_LINE_TYPES = ["mobile", "fixed_line", "unknown"] as const;

/** `contact_identities`: a contact's phone numbers (E.164) and emails (lower-cased). */
export const contactIdentities = defineTable({
  name: "contact_identities",
  description: "Phone numbers and emails of contacts.",
  fields: {
    ...keyFields,
    contact_id: required(uuid()),
    type: required(oneOf(IDENTITY_TYPES)),
    value: required(text({ nonEmpty: true })),
    is_primary: withDefault(bool(), false),
    is_whatsapp_capable: withDefault(bool(), false),
    // what the operator typed, and what normalization found (US2.2: keep the raw input)
    raw_value: optional(text()),
    country: optional(text()),
    is_valid: withDefault(bool(), true),
    line_type: optional(oneOf(PHONE_LINE_TYPES)),
    created_at: defaultNow(timestamp()),
  },
  naturalKey: ["project_id", "type", "value"],
  indexes: [{ fields: ["project_id", "contact_id"] }, { fields: ["project_id", "value"] }],
  checks: [
    { field: "value", message: "a phone must be in E.164 form, e.g. +919876543210", test: (r) => r.type !== "phone" || E164.test(r.value) },
    { field: "value", message: "an email must be valid, trimmed and lower-cased", test: (r) => r.type !== "email" || isNormalizedEmail(r.value) },
    { field: "is_whatsapp_capable", message: "only a phone can be WhatsApp-capable", test: (r) => r.type === "phone" || !r.is_whatsapp_capable },
  ],
});

/** A row of `contact_identities`. */
export type ContactIdentityRow = RowOf<typeof contactIdentities>;
/** An insert into `contact_identities`. */
export type ContactIdentityInsert = InsertOf<typeof contactIdentities>;
/** A partial update of `contact_identities`. */
export type ContactIdentityUpdate = UpdateOf<typeof contactIdentities>;
