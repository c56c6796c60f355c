/**
 * Row ids. Every row id is made by the client: a random UUIDv4 for ordinary rows, and a
 * deterministic UUIDv5 (RFC 9562) for rows with a natural key, so a duplicate or a
 * retried insert collides on `id` (the tables' unique index answers 409) instead of
 * creating a second row.
 * @module
 */
import { v5 as uuidv5 } from "uuid";

/**
 * The fixed root namespace of zerodb-calltime's UUIDv5 ids. It never changes: changing it
 * would give every natural-key row a new id and break deduplication of existing data.
 */
export const CALLTIME_NAMESPACE = "6cd014e4-9d8d-4e2c-b955-7931be01ea74";

/**
 * The UUIDv5 namespace of one project: `v5("project:" + projectId, CALLTIME_NAMESPACE)`.
 * Natural-key ids are made inside it, so equal keys in two projects never share an id.
 *
 * @example
 * projectNamespace("0b9e5c1e-8f1e-4a57-9a53-0d5a4c1f3a11");
 */
export function projectNamespace(projectId: string): string {
  return uuidv5(`project:${projectId}`, CALLTIME_NAMESPACE);
}

/**
 * A deterministic id for a natural key: UUIDv5 of `JSON.stringify([kind, ...parts])` in
 * the project's namespace (JSON keeps `["a:b","c"]` and `["a","b:c"]` apart). Parts must
 * already be normalized (E.164 phone, lower-cased email, trimmed tag).
 *
 * @example
 * naturalKeyId(projectId, "contact_tags", [contactId, "vip"]);
 */
export function naturalKeyId(projectId: string, kind: string, parts: readonly (string | number)[]): string {
  return uuidv5(JSON.stringify([kind, ...parts]), projectNamespace(projectId));
}

/**
 * A random UUIDv4 for a row without a natural key (the only non-deterministic function here).
 *
 * @example
 * const id = newId();
 */
export function newId(): string {
  return globalThis.crypto.randomUUID();
}

/**
 * Id of a `contact_identities` row, from its natural key (project, type, normalized value).
 *
 * @example
 * contactIdentityId(projectId, "phone", "+919876543210");
 */
export function contactIdentityId(projectId: string, type: string, value: string): string {
  return naturalKeyId(projectId, "contact_identities", [type, value]);
}

/**
 * Id of a `contact_tags` row, from its natural key (contact, tag).
 *
 * @example
 * contactTagId(projectId, contactId, "vip");
 */
export function contactTagId(projectId: string, contactId: string, tag: string): string {
  return naturalKeyId(projectId, "contact_tags", [contactId, tag]);
}

/**
 * Id of a `team_members` row, from its natural key (team, user).
 *
 * @example
 * teamMemberId(projectId, teamId, userId);
 */
export function teamMemberId(projectId: string, teamId: string, userId: string): string {
  return naturalKeyId(projectId, "team_members", [teamId, userId]);
}

/**
 * Id of a `campaign_goals` row, from its natural key (campaign, `YYYY-MM-DD` date).
 *
 * @example
 * campaignGoalId(projectId, campaignId, "2026-01-09");
 */
export function campaignGoalId(projectId: string, campaignId: string, date: string): string {
  return naturalKeyId(projectId, "campaign_goals", [campaignId, date]);
}

/**
 * Id of the followup a rule creates for an interaction, so a retried workflow cannot create it twice.
 *
 * @example
 * ruleFollowupId(projectId, interactionId, "no_response");
 */
export function ruleFollowupId(projectId: string, interactionId: string, rule: string): string {
  return naturalKeyId(projectId, "followups", [interactionId, rule]);
}

/**
 * Id of a `schema_versions` row, one per version number.
 *
 * @example
 * schemaVersionId(projectId, 1);
 */
export function schemaVersionId(projectId: string, version: number): string {
  return naturalKeyId(projectId, "schema_versions", [version]);
}

/**
 * Id of a `messages_inbound_outbound` row from the provider's message id (a WhatsApp
 * `wamid`), so a redelivered webhook cannot store the message twice.
 *
 * @example
 * messageId(projectId, "wamid.HBgM...");
 */
export function messageId(projectId: string, providerMessageId: string): string {
  return naturalKeyId(projectId, "messages_inbound_outbound", [providerMessageId]);
}
