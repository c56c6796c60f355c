/**
 * `zerodb-calltime/schema`: the data model as code. One definition per table, from which
 * the zod validators (insert, update, row), the row types, the create-table schema sent
 * to ZeroDB and the CSV columns are derived.
 *
 * @example
 * import { tables, parseInsert } from "zerodb-calltime/schema";
 * await scope.tables.create({ name: tables.contacts.name, schema: tables.contacts.createSchema });
 * const r = parseInsert(tables.contacts, { id, project_id, display_name: "Asha Rao" }, { now: new Date() });
 * @module
 */
import { campaignGoals } from "./tables/campaign-goals.js";
import { campaigns } from "./tables/campaigns.js";
import { contactIdentities } from "./tables/contact-identities.js";
import { contactTags } from "./tables/contact-tags.js";
import { contacts } from "./tables/contacts.js";
import { fileLinks } from "./tables/file-links.js";
import { followups } from "./tables/followups.js";
import { interactions } from "./tables/interactions.js";
import { messages } from "./tables/messages.js";
import { payments } from "./tables/payments.js";
import { pledges } from "./tables/pledges.js";
import { providerUsage } from "./tables/provider-usage.js";
import { schemaVersions } from "./tables/schema-versions.js";
import { sessions } from "./tables/sessions.js";
import { teamMembers } from "./tables/team-members.js";
import { teams } from "./tables/teams.js";
import { users } from "./tables/users.js";

/** Version of this schema; bump it when a table, field, default or index changes. */
export const SCHEMA_VERSION = 1;

/** Every table by name, in seeding order (the optional audit table included). */
export const tables = {
  users,
  teams,
  team_members: teamMembers,
  contacts,
  contact_identities: contactIdentities,
  contact_tags: contactTags,
  campaigns,
  campaign_goals: campaignGoals,
  sessions,
  interactions,
  pledges,
  payments,
  followups,
  provider_usage: providerUsage,
  file_links: fileLinks,
  messages_inbound_outbound: messages,
  schema_versions: schemaVersions,
} as const;

/** Name of a table of the schema. */
export type TableName = keyof typeof tables;

/** Tables a project may go without (US8.3: the message audit is opt-in). */
export const OPTIONAL_TABLES: readonly TableName[] = ["messages_inbound_outbound"];

export * from "./enums.js";
export * from "./columns.js";
export * from "./define.js";
export * from "./validate.js";
export { E164 } from "./tables/common.js";
export * from "./tables/users.js";
export * from "./tables/teams.js";
export * from "./tables/team-members.js";
export * from "./tables/contacts.js";
export * from "./tables/contact-identities.js";
export * from "./tables/contact-tags.js";
export * from "./tables/campaigns.js";
export * from "./tables/campaign-goals.js";
export * from "./tables/sessions.js";
export * from "./tables/interactions.js";
export * from "./tables/pledges.js";
export * from "./tables/payments.js";
export * from "./tables/followups.js";
export * from "./tables/provider-usage.js";
export * from "./tables/file-links.js";
export * from "./tables/messages.js";
export * from "./tables/schema-versions.js";
