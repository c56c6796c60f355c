/**
 * `provider_usage`: tokens used per chat-completion call (bring-your-own-key cost accounting).
 * @module
 */
import { defaultNow, integer, optional, required, text, timestamp, uuid, withDefault } from "../columns.js";
import { defineTable, type InsertOf, type RowOf, type UpdateOf } from "../define.js";
import { keyFields } from "./common.js";

/** `provider_usage`: one row per assistant step. */
export const providerUsage = defineTable({
  name: "provider_usage",
  description: "Model token usage per chat completion.",
  fields: {
    ...keyFields,
    user_id: optional(uuid()),
    session_id: optional(uuid()),
    // meta_llama | anthropic today; kept open so a new provider needs no schema change
    provider: required(text({ nonEmpty: true })),
    model: required(text({ nonEmpty: true })),
    iterations: withDefault(integer({ min: 1 }), 1),
    prompt_tokens: withDefault(integer(), 0),
    completion_tokens: withDefault(integer(), 0),
    total_tokens: withDefault(integer(), 0),
    request_id: optional(text()),
    created_at: defaultNow(timestamp()),
  },
  indexes: [{ fields: ["project_id", "created_at"] }, { fields: ["project_id", "user_id", "created_at"] }],
});

/** A row of `provider_usage`. */
export type ProviderUsageRow = RowOf<typeof providerUsage>;
/** An insert into `provider_usage`. */
export type ProviderUsageInsert = InsertOf<typeof providerUsage>;
/** A partial update of `provider_usage`. */
export type ProviderUsageUpdate = UpdateOf<typeof providerUsage>;
