/**
 * Row factories: one valid insert per table, deterministic for a seed, with overrides.
 * @module
 */
import { naturalKeyId } from "../domain/ids.js";
import { mulberry32 } from "../local/faults.js";
import { tables, type InsertOf, type TableName } from "../schema/index.js";



/** A valid insert of table `N` (with `id` and `project_id`), as the factories build it. */
export type Built<N extends TableName> = InsertOf<(typeof tables)[N]> & { id: string; project_id: string };

/** What a factory's overrides may hold: any insert field of the table. */
export type Overrides<N extends TableName> = Partial<InsertOf<(typeof tables)[N]>>;

/** Options of {@link createFactories}. */
export interface FactoryOptions {
  /** Seed of the generator: the same seed builds the same rows in the same order. Default 1. */
  seed?: number | undefined;
  /** Base instant for timestamps the factories make. Default `2026-01-09T04:30:00.000Z`. */
  now?: Date | undefined;
}

/** One factory per table: `factories.contact({ display_name: "Asha" })` returns a valid insert of `contacts`. */
export interface Factories {
  /** A `users` insert. */
  user(overrides?: Overrides<"users">): Built<"users">;
  /** A `teams` insert. */
  team(overrides?: Overrides<"teams">): Built<"teams">;
  /** A `team_members` insert (id from `(team_id, user_id)`). */
  teamMember(overrides?: Overrides<"team_members">): Built<"team_members">;
  /** A `contacts` insert. */
  contact(overrides?: Overrides<"contacts">): Built<"contacts">;
  /** A `contact_identities` insert (a valid Indian mobile by default; id from `(type, value)`). */
  contactIdentity(overrides?: Overrides<"contact_identities">): Built<"contact_identities">;
  /** A `contact_tags` insert (id from `(contact_id, tag)`). */
  contactTag(overrides?: Overrides<"contact_tags">): Built<"contact_tags">;
  /** A `campaigns` insert. */
  campaign(overrides?: Overrides<"campaigns">): Built<"campaigns">;
  /** A `campaign_goals` insert (id from `(campaign_id, date)`). */
  campaignGoal(overrides?: Overrides<"campaign_goals">): Built<"campaign_goals">;
  /** A `sessions` insert. */
  session(overrides?: Overrides<"sessions">): Built<"sessions">;
  /** An `interactions` insert. */
  interaction(overrides?: Overrides<"interactions">): Built<"interactions">;
  /** A `pledges` insert. */
  pledge(overrides?: Overrides<"pledges">): Built<"pledges">;
  /** A `payments` insert. */
  payment(overrides?: Overrides<"payments">): Built<"payments">;
  /** A `followups` insert. */
  followup(overrides?: Overrides<"followups">): Built<"followups">;
  /** A `provider_usage` insert. */
  providerUsage(overrides?: Overrides<"provider_usage">): Built<"provider_usage">;
  /** A `file_links` insert. */
  fileLink(overrides?: Overrides<"file_links">): Built<"file_links">;
  /** A `messages_inbound_outbound` insert. */
  message(overrides?: Overrides<"messages_inbound_outbound">): Built<"messages_inbound_outbound">;
  /** A `schema_versions` insert. */
  schemaVersion(overrides?: Overrides<"schema_versions">): Built<"schema_versions">;
}

/** Factory name of each table (what `factoryFor` and the registry-wide tests use). */
export const FACTORY_OF: Readonly<Record<TableName, keyof Factories>> = {
  users: "user",
  teams: "team",
  team_members: "teamMember",
  contacts: "contact",
  contact_identities: "contactIdentity",
  contact_tags: "contactTag",
  campaigns: "campaign",
  campaign_goals: "campaignGoal",
  sessions: "session",
  interactions: "interaction",
  pledges: "pledge",
  payments: "payment",
  followups: "followup",
  provider_usage: "providerUsage",
  file_links: "fileLink",
  messages_inbound_outbound: "message",
  schema_versions: "schemaVersion",
};

const FIRST = ["Asha", "Ravi", "Meera", "Arjun", "Priya", "Kabir", "Anika", "Vikram", "Sana", "Dev"];
const LAST = ["Rao", "Iyer", "Shah", "Menon", "Kapoor", "Nair", "Gupta", "Das", "Reddy", "Joshi"];

/**
 * Row factories for a project: every row they build is valid by the table's insert
 * schema, and the same seed gives the same rows. References (`contact_id`...) are fresh
 * ids unless overridden; natural-key tables get the UUIDv5 id of their key.
 * @example
 * ```ts
 * const f = createFactories(scope.projectId, { seed: 7 });
 * const asha = await scope.contacts.create(f.contact({ display_name: "Asha" }));
 * ```
 */
export function createFactories(projectId: string, options: FactoryOptions = {}): Factories {
  const rand = mulberry32(options.seed ?? 1);
  const base = (options.now ?? new Date("2026-01-09T04:30:00.000Z")).getTime();
  let n = 0;
  const int = (max: number) => Math.floor(rand() * max);
  const pick = <V>(xs: readonly V[]): V => xs[int(xs.length)] as V;
  const uuid = (): string => {
    const h = Array.from({ length: 32 }, () => int(16).toString(16));
    h[12] = "4";
    h[16] = "89ab"[int(4)] as string;
    const s = h.join("");
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  };
  const at = (hours: number) => new Date(base + hours * 3_600_000).toISOString();
  const name = () => `${pick(FIRST)} ${pick(LAST)}`;
  const key = () => ({ id: uuid(), project_id: projectId });
  const natural = (table: TableName, row: Record<string, unknown>) => {
    const parts = tables[table].naturalKey.filter((f: string) => f !== "project_id").map((f: string) => row[f] as string | number);
    return { ...row, id: naturalKeyId(projectId, table, parts), project_id: projectId };
  };
  const build = <N extends TableName>(table: N, row: Record<string, unknown>, overrides: object | undefined): Built<N> => {
    n++;
    const merged = { ...row, ...overrides };
    return (tables[table].naturalKey.length > 0 ? natural(table, merged) : merged) as Built<N>;
  };
  return {
    user: (o) => build("users", { ...key(), full_name: name(), role: "USER", email: `user${n + 1}.${int(1e6)}@example.org` }, o),
    team: (o) => build("teams", { ...key(), name: `Team ${pick(LAST)} ${n + 1}` }, o),
    teamMember: (o) => build("team_members", { team_id: uuid(), user_id: uuid(), member_role: "MEMBER" }, o),
    contact: (o) => build("contacts", { ...key(), display_name: name(), relationship_strength: 1 + int(5) }, o),
    contactIdentity: (o) => build("contact_identities", { contact_id: uuid(), type: "phone", value: `+9198${String(int(1e8)).padStart(8, "0")}` }, o),
    contactTag: (o) => build("contact_tags", { contact_id: uuid(), tag: pick(["warm", "cold", "donor", "sponsor", "renewal", "vip"]) }, o),
    campaign: (o) => build("campaigns", { ...key(), name: `Drive ${n + 1}`, start_date: at(0).slice(0, 10) }, o),
    campaignGoal: (o) => build("campaign_goals", { campaign_id: uuid(), date: at(24 * (n + 1)).slice(0, 10), target_amount: 1000 * (1 + int(50)) }, o),
    session: (o) => build("sessions", { ...key(), user_id: uuid(), started_at: at(0), last_activity_at: at(0) }, o),
    interaction: (o) => build("interactions", { ...key(), contact_id: uuid(), channel: "call", direction: "outbound", outcome: pick(["spoke", "no_response"]), occurred_at: at(-int(72)) }, o),
    pledge: (o) => build("pledges", { ...key(), contact_id: uuid(), amount: 500 * (1 + int(20)), pledged_at: at(-int(72)) }, o),
    payment: (o) => build("payments", { ...key(), contact_id: uuid(), amount: 250 * (1 + int(20)), paid_at: at(-int(72)), method: "upi" }, o),
    followup: (o) => build("followups", { ...key(), contact_id: uuid(), due_at: at(int(48) - 24), reason: "no_response" }, o),
    providerUsage: (o) => build("provider_usage", { ...key(), provider: "anthropic", model: "claude-haiku", prompt_tokens: int(1000), completion_tokens: int(500) }, o),
    fileLink: (o) => build("file_links", { ...key(), file_id: `file_${int(1e9)}`, entity_type: "contact", entity_id: uuid() }, o),
    message: (o) =>
      build("messages_inbound_outbound", { ...key(), direction: "inbound", content: "Namaste", content_sha256: Array.from({ length: 64 }, () => int(16).toString(16)).join("") }, o),
    schemaVersion: (o) => build("schema_versions", { version: 1 + int(1000), tables: ["contacts"] }, o),
  };
}
