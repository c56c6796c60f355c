/**
 * `users`: operators (not donors).
 * @module
 */
import { defaultNow, oneOf, optional, required, text, timestamp, withDefault, bool } from "../columns.js";
import { defineTable, type InsertOf, type RowOf, type UpdateOf } from "../define.js";
import { ROLES } from "../enums.js";
import { e164Text, emailText, keyFields } from "./common.js";

/** `users`: operator identities. */
export const users = defineTable({
  name: "users",
  description: "Operator identities (not donors).",
  fields: {
    ...keyFields,
    full_name: required(text({ nonEmpty: true })),
    phone: optional(e164Text()),
    email: optional(emailText()),
    role: required(oneOf(ROLES)),
    is_active: withDefault(bool(), true),
    created_at: defaultNow(timestamp()),
    updated_at: defaultNow(timestamp()),
  },
  indexes: [
    { fields: ["project_id", "email"], unique: true },
    { fields: ["project_id", "role"] },
    { fields: ["project_id", "is_active"] },
  ],
});

/** A row of `users`. */
export type UserRow = RowOf<typeof users>;
/** An insert into `users`. */
export type UserInsert = InsertOf<typeof users>;
/** A partial update of `users`. */
export type UserUpdate = UpdateOf<typeof users>;
