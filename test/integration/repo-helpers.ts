/**
 * Helpers of the repository tests: `createTestScope` against the shared server of
 * global-setup.ts (one server for the run, a fresh seeded project per call).
 */
import { inject } from "vitest";
import { createTestScope, type TestScope, type TestScopeOptions } from "../../src/testing/index.js";

/** A fresh seeded project on the shared local server. */
export function repoScope(options: TestScopeOptions = {}): Promise<TestScope> {
  return createTestScope({ server: { url: inject("zerodbUrl"), apiKey: inject("zerodbApiKey") }, ...options });
}

/** Scope getter of each table's repository. */
export const REPO_OF = {
  users: "users",
  teams: "teams",
  team_members: "teamMembers",
  contacts: "contacts",
  contact_identities: "contactIdentities",
  contact_tags: "contactTags",
  campaigns: "campaigns",
  campaign_goals: "campaignGoals",
  sessions: "sessions",
  interactions: "interactions",
  pledges: "pledges",
  payments: "payments",
  followups: "followups",
  provider_usage: "providerUsage",
  file_links: "fileLinks",
  messages_inbound_outbound: "messages",
} as const;
