/**
 * What `scope.next` reads: the rows `rankNext` needs, loaded with filters rather than the
 * whole project, and the semantic context of the top candidates only (data model §10).
 * @module
 */
import type { JsonObject } from "../api/shared.js";
import type { RequestOptions } from "../http/transport.js";
import { localDayStart } from "../domain/zone.js";
import type { NextSnapshot, SimilarWin, SnapshotMemory } from "../next/types.js";
import type { ContactTagsRepository } from "../repositories/index.js";
import { CALLTIME_AGENT_ID, contactMemoryKey, INTERACTIONS_NAMESPACE } from "./interactions.js";
import type { WorkflowScope } from "./shared.js";

/** The parts of a project scope the NEXT snapshot reads. */
export interface NextSnapshotScope extends WorkflowScope {
  readonly contactTags: ContactTagsRepository;
}

/** Options of {@link gatherNextSnapshot}. */
export interface GatherOptions extends RequestOptions {
  /** The instant of the ranking. */
  now: Date;
  /** The operator's zone: followups due up to the end of its local day are read. Default `Asia/Kolkata`. */
  timeZone?: string | undefined;
  /** Only followups assigned to this operator or to nobody. */
  userId?: string | undefined;
  /** Only interactions, pledges and followups of this campaign. */
  campaignId?: string | undefined;
}

/** Rows of each kind a snapshot holds (what the agent log reports, never the rows). */
export type SnapshotCounts = Record<"contacts" | "identities" | "tags" | "interactions" | "followups" | "pledges" | "payments" | "memories" | "similarWins", number>;

const DAY_MS = 86_400_000;
const PAGE = 1000;
/**
 * Loads what `rankNext` needs: active, non-deleted contacts with their identities and
 * tags; their interactions of the last 365 days (which covers the 24-hour window and the
 * touched-today check); open followups (`scheduled` / `due`) due by the end of the
 * operator's local day; open pledges and the payments against them. `campaignId` narrows
 * interactions, pledges and followups; `userId` narrows followups to the operator's and
 * the unassigned. No memories or similar wins yet: see {@link retrieveForCandidates}.
 * @example
 * ```ts
 * const snapshot = await gatherNextSnapshot(scope, { now: new Date(), campaignId });
 * ```
 */
export async function gatherNextSnapshot(scope: NextSnapshotScope, options: GatherOptions): Promise<NextSnapshot> {
  const { now, timeZone = "Asia/Kolkata", userId, campaignId, ...ro } = options;
  const nowMs = now.getTime();
  const campaign = campaignId === undefined ? {} : { campaign_id: campaignId };
  const endOfToday = new Date(localDayStart(localDayStart(nowMs, timeZone) + DAY_MS + 3 * 3_600_000, timeZone) - 1).toISOString();

  const [contacts, interactions, followups, pledges] = await Promise.all([
    scope.contacts.query({ filter: { status: "active" }, limit: PAGE }, ro).toArray(),
    scope.interactions.query({ filter: { ...campaign, occurred_at: { $gte: new Date(nowMs - 365 * DAY_MS).toISOString() } }, limit: PAGE }, ro).toArray(),
    scope.followups
      .query({ filter: { ...campaign, status: { $in: ["scheduled", "due"] }, due_at: { $lte: endOfToday }, ...(userId === undefined ? {} : { assigned_to_user_id: { $in: [userId, null] } }) }, limit: PAGE }, ro)
      .toArray(),
    scope.pledges.query({ filter: { ...campaign, status: "open" }, limit: PAGE }, ro).toArray(),
  ]);
  const ids = contacts.map((c) => c.id);
  const known = new Set(ids);
  const mine = <T extends { contact_id: string }>(rows: T[]): T[] => rows.filter((r) => known.has(r.contact_id));
  const openPledges = mine(pledges);
  const [identities, tags, payments] = await Promise.all([
    scope.contactIdentities.queryIn("contact_id", ids, { limit: PAGE }, ro),
    scope.contactTags.queryIn("contact_id", ids, { limit: PAGE }, ro),
    scope.payments.queryIn("pledge_id", openPledges.map((p) => p.id), { limit: PAGE }, ro),
  ]);
  return { contacts, identities, tags, interactions: mine(interactions), followups: mine(followups), pledges: openPledges, payments };
}

/** Options of {@link retrieveForCandidates}. */
export interface RetrieveOptions extends RequestOptions {
  /** Memories per contact. Default 5 (data model §10). */
  memoryLimit?: number | undefined;
  /** Similar won interactions per contact. Default 5 (data model §10). */
  similarLimit?: number | undefined;
}

const WIN_OUTCOMES = new Set(["pledged", "paid"]);

/**
 * The semantic context of a few candidates (data model §10): each contact's memories
 * (memory search in its `contact:{id}` session, limit 5) and the interactions most like its
 * latest one that ended `pledged` or `paid` (vector search in the `interactions`
 * namespace, top 5). Only this project's records are kept.
 * @example
 * ```ts
 * const { memories, similarWins } = await retrieveForCandidates(scope, snapshot, [pick.contactId]);
 * ```
 */
export async function retrieveForCandidates(
  scope: WorkflowScope,
  snapshot: NextSnapshot,
  contactIds: readonly string[],
  options: RetrieveOptions = {},
): Promise<{ memories: SnapshotMemory[]; similarWins: SimilarWin[] }> {
  const { memoryLimit = 5, similarLimit = 5, ...ro } = options;
  const latest = new Map<string, { at: number; text: string }>();
  for (const i of snapshot.interactions ?? []) {
    const at = Date.parse(i.occurred_at);
    const text = i.summary?.trim();
    if (text === undefined || text === "") continue;
    const seen = latest.get(i.contact_id);
    if (seen === undefined || at > seen.at) latest.set(i.contact_id, { at, text });
  }
  const names = new Map(snapshot.contacts.map((c) => [c.id, c.display_name]));
  const perContact = await Promise.all(
    contactIds.map(async (contactId) => {
      const query = latest.get(contactId)?.text ?? `how to talk to ${names.get(contactId) ?? "this donor"}: tone, preferred channel, objections`;
      const [found, similar] = await Promise.all([
        scope.memory.search({ query, agent_id: CALLTIME_AGENT_ID, session_id: contactMemoryKey(contactId), limit: memoryLimit }, ro),
        // over-fetch: the metadata filter compares whole values, and two outcomes count as a win
        scope.embeddings.search({ query, namespace: INTERACTIONS_NAMESPACE, limit: Math.min(100, similarLimit * 4), threshold: 0, filter_metadata: { project_id: scope.projectId } }, ro),
      ]);
      const memories: SnapshotMemory[] = found
        .filter((m) => m.memory_metadata?.contact_id === contactId && (m.memory_metadata?.project_id ?? scope.projectId) === scope.projectId)
        .map((m) => ({ content: m.content, memory_metadata: m.memory_metadata as JsonObject }));
      const wins: SimilarWin[] = similar.results
        .filter((r) => r.metadata.project_id === scope.projectId && WIN_OUTCOMES.has(String(r.metadata.outcome)))
        .slice(0, similarLimit)
        .map((r) => ({
          contact_id: typeof r.metadata.contact_id === "string" ? r.metadata.contact_id : null,
          interaction_id: typeof r.metadata.interaction_id === "string" ? r.metadata.interaction_id : null,
          outcome: String(r.metadata.outcome),
          summary: r.document ?? null,
          score: r.similarity,
        }));
      return { memories, wins };
    }),
  );
  return { memories: perContact.flatMap((p) => p.memories), similarWins: perContact.flatMap((p) => p.wins) };
}

/**
 * Rows of each kind in a snapshot.
 * @example
 * ```ts
 * countSnapshot(snapshot).interactions;
 * ```
 */
export function countSnapshot(snapshot: NextSnapshot): SnapshotCounts {
  return {
    contacts: snapshot.contacts.length,
    identities: snapshot.identities?.length ?? 0,
    tags: snapshot.tags?.length ?? 0,
    interactions: snapshot.interactions?.length ?? 0,
    followups: snapshot.followups?.length ?? 0,
    pledges: snapshot.pledges?.length ?? 0,
    payments: snapshot.payments?.length ?? 0,
    memories: snapshot.memories?.length ?? 0,
    similarWins: snapshot.similarWins?.length ?? 0,
  };
}
