/** One valid minimal insert per table (only required fields), for the schema tests. */
import type { TableName } from "../../src/schema/index.js";

const u = () => crypto.randomUUID();

/** A valid insert into `name` of project `projectId`, with only the fields that have no default. */
export function minimalInsert(name: TableName, projectId: string = u()): Record<string, unknown> {
  const key = { id: u(), project_id: projectId };
  switch (name) {
    case "users":
      return { ...key, full_name: "Meera Iyer", role: "USER" };
    case "teams":
      return { ...key, name: "North desk" };
    case "team_members":
      return { ...key, team_id: u(), user_id: u(), member_role: "MEMBER" };
    case "contacts":
      return { ...key, display_name: "Asha Rao" };
    case "contact_identities":
      return { ...key, contact_id: u(), type: "phone", value: "+919876543210" };
    case "contact_tags":
      return { ...key, contact_id: u(), tag: "vip" };
    case "campaigns":
      return { ...key, name: "Winter drive" };
    case "campaign_goals":
      return { ...key, campaign_id: u(), date: "2026-01-09", target_amount: 50000 };
    case "sessions":
      return { ...key, user_id: u() };
    case "interactions":
      return { ...key, contact_id: u(), channel: "call", direction: "outbound", outcome: "spoke" };
    case "pledges":
      return { ...key, contact_id: u(), amount: 2500.5 };
    case "payments":
      return { ...key, contact_id: u(), amount: 1000 };
    case "followups":
      return { ...key, contact_id: u(), due_at: "2026-01-10T10:00:00.000Z" };
    case "provider_usage":
      return { ...key, provider: "anthropic", model: "claude-haiku" };
    case "file_links":
      return { ...key, file_id: "file_123", entity_type: "payment", entity_id: u() };
    case "messages_inbound_outbound":
      return { ...key, direction: "inbound", content_sha256: "a".repeat(64) };
    case "schema_versions":
      return { ...key, version: 1, tables: ["contacts"] };
  }
}
