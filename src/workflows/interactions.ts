/**
 * Log an interaction (US5.1-5.4, US7.2): the interaction row, the contact touched, the
 * auto-followups, the summary embedded, the rolling contact memory and the event.
 * @module
 */
import type { JsonObject } from "../api/shared.js";
import { contactHistorySummary } from "../domain/contact-summary.js";
import { FollowupRuleError, followupsForInteraction, resolveFollowupRules, type FollowupRuleToggles } from "../domain/followup-rules.js";
import { newId } from "../domain/ids.js";
import { InvariantError, ValidationError } from "../http/errors.js";
import type { RequestOptions } from "../http/transport.js";
import { CHANNELS, DIRECTIONS, OUTCOMES, type Channel, type ContactRow, type Direction, type FollowupRow, type InteractionRow, type Outcome } from "../schema/index.js";
import { markDoNotContact } from "./contacts.js";
import { buildEvent, publishEvent } from "./events.js";
import { Check, ensureRow, isoOf, nowOf, requestOptions, type WorkflowOptions, type WorkflowScope, type WorkflowSettings } from "./shared.js";

/** Vector namespace of interaction summaries (data model §4.1). */
export const INTERACTIONS_NAMESPACE = "interactions";
/** Memory type of the rolling contact summary (data model §4.3). */
export const CONTACT_SUMMARY_MEMORY_TYPE = "contact_history_summary";
/** Agent id the SDK stores its memories under. */
export const CALLTIME_AGENT_ID = "calltime";

/** The stable vector id of an interaction's summary: `interaction:{id}:summary`. */
export const interactionVectorId = (interactionId: string): string => `interaction:${interactionId}:summary`;
/** The memory session key under which a contact's memories are kept: `contact:{id}`. */
export const contactMemoryKey = (contactId: string): string => `contact:${contactId}`;

/** Input of `scope.logInteraction`. Amounts are rupees with at most two decimals. */
export interface LogInteractionInput {
  /** The contact touched. */
  contact_id: string;
  /** `whatsapp`, `call`, `email` or `sms`. */
  channel: Channel;
  /** `inbound` or `outbound`. */
  direction: Direction;
  /** What came of it. */
  outcome: Outcome;
  /** When it happened. Default: `options.now`, else the clock. */
  occurred_at?: Date | string | undefined;
  /** A short note; embedded into the `interactions` namespace. */
  summary?: string | undefined;
  /** The campaign it counts for. */
  campaign_id?: string | undefined;
  /** The operator's session. */
  session_id?: string | undefined;
  /** Rupees pledged in this touch. */
  amount_pledged?: number | undefined;
  /** Rupees received in this touch. */
  amount_received?: number | undefined;
  /** The operator who logged it (followups are assigned to them). */
  created_by_user_id?: string | undefined;
  /** Your id for the interaction: running the workflow again with it repeats no write. Default: a new UUID. */
  id?: string | undefined;
  /** For `reschedule`: when to call back (required then). */
  reschedule_at?: Date | string | undefined;
  /** For `wrong_number`: the identity used. Default: the contact's primary phone (email for the email channel). */
  identity_id?: string | undefined;
  /** `source` metadata of the vector: `wa`, `call`, `import` or `manual`. Default from the channel. */
  source?: "wa" | "call" | "import" | "manual" | undefined;
}

/** Options of `scope.logInteraction`. */
export interface LogInteractionOptions extends WorkflowOptions {
  /** Rule toggles for this call, over the scope's settings (`operator` wins over `team`). */
  rules?: { team?: FollowupRuleToggles | undefined; operator?: FollowupRuleToggles | undefined } | undefined;
}

/** What `scope.logInteraction` resolves to. */
export interface LogInteractionResult {
  /** The interaction as stored. */
  interaction: InteractionRow;
  /** The auto-followups it created (or found, on a re-run). */
  followups: FollowupRow[];
}

const FIELDS = [
  "contact_id", "channel", "direction", "outcome", "occurred_at", "summary", "campaign_id", "session_id", "amount_pledged",
  "amount_received", "created_by_user_id", "id", "reschedule_at", "identity_id", "source",
];

function validate(input: LogInteractionInput): void {
  const c = new Check(input as unknown as Record<string, unknown>);
  c.known(FIELDS);
  c.uuid("contact_id", true);
  c.oneOf("channel", CHANNELS, true);
  c.oneOf("direction", DIRECTIONS, true);
  c.oneOf("outcome", OUTCOMES, true);
  c.time("occurred_at");
  c.text("summary", { max: 4000 });
  c.uuid("campaign_id");
  c.uuid("session_id");
  c.money("amount_pledged");
  c.money("amount_received");
  c.uuid("created_by_user_id");
  c.uuid("id");
  c.time("reschedule_at");
  c.uuid("identity_id");
  c.oneOf("source", ["wa", "call", "import", "manual"]);
  if (input.outcome === "reschedule" && input.reschedule_at == null) c.fail("reschedule_at", "required when the outcome is reschedule", "required");
  c.done();
}

/** @internal Loads a contact that may be worked (exists, not deleted). */
export async function loadContact(scope: WorkflowScope, contactId: string, field: string, ro: RequestOptions): Promise<ContactRow> {
  const contact = await scope.contacts.find(contactId, ro);
  if (contact === undefined || contact.deleted_at != null) throw new ValidationError([{ path: field, message: `no contact ${contactId} in this project (or it is deleted)`, code: "not_found" }]);
  return contact;
}

async function ruleToggles(scope: WorkflowScope, settings: WorkflowSettings, interaction: InteractionRow, options: LogInteractionOptions, ro: RequestOptions): Promise<Record<string, boolean>> {
  const s = settings.followupRules ?? {};
  let team: FollowupRuleToggles = { ...s.project };
  const user = interaction.created_by_user_id;
  if (s.teams !== undefined && Object.keys(s.teams).length > 0) {
    let teamId: string | undefined;
    if (interaction.session_id != null) teamId = (await scope.sessions.find(interaction.session_id, ro))?.team_id ?? undefined;
    if (teamId === undefined && user != null) teamId = (await scope.teamMembers.query({ filter: { user_id: user }, limit: 1 }, ro)).data[0]?.team_id;
    if (teamId !== undefined) team = { ...team, ...s.teams[teamId] };
  }
  team = { ...team, ...options.rules?.team };
  const operator = { ...(user == null ? {} : s.operators?.[user]), ...options.rules?.operator };
  return resolveFollowupRules({ team, operator });
}

/** @internal Embeds the interaction's summary under its stable id (an upsert by id: a re-run replaces it). */
export async function embedInteraction(scope: WorkflowScope, interaction: InteractionRow, source: string, ro: RequestOptions): Promise<void> {
  const text = interaction.summary;
  if (text == null || text.trim() === "") return;
  const { embeddings } = await scope.embeddings.generate({ texts: [text] }, ro);
  const metadata: JsonObject = {
    project_id: interaction.project_id,
    type: "interaction_summary",
    contact_id: interaction.contact_id,
    interaction_id: interaction.id,
    outcome: interaction.outcome,
    channel: interaction.channel,
    occurred_at: interaction.occurred_at,
    created_at: interaction.created_at,
    source,
  };
  if (interaction.campaign_id != null) metadata.campaign_id = interaction.campaign_id;
  await scope.vectors.upsert({ id: interactionVectorId(interaction.id), vector: embeddings[0]!, namespace: INTERACTIONS_NAMESPACE, metadata, document: text }, ro);
}

/**
 * @internal Rebuilds the contact's rolling summary and keeps exactly one
 * `contact_history_summary` memory: the oldest is updated in place, any extra (left by a
 * lost answer) is deleted.
 */
export async function refreshContactSummary(scope: WorkflowScope, contact: ContactRow, ro: RequestOptions, now: Date): Promise<void> {
  const [interactions, pledges, payments] = await Promise.all([
    scope.interactions.query({ filter: { contact_id: contact.id }, sort: { occurred_at: -1 }, limit: 1000 }, ro).toArray(),
    scope.pledges.query({ filter: { contact_id: contact.id }, limit: 1000 }, ro).toArray(),
    scope.payments.query({ filter: { contact_id: contact.id }, limit: 1000 }, ro).toArray(),
  ]);
  const content = contactHistorySummary({ contact, interactions, pledges, payments });
  const key = contactMemoryKey(contact.id);
  const mine = (await scope.memory.list({ agent_id: CALLTIME_AGENT_ID, session_id: key, limit: 1000 }, ro).toArray()).filter(
    (m) => m.memory_metadata?.memory_type === CONTACT_SUMMARY_MEMORY_TYPE && m.memory_metadata?.contact_id === contact.id,
  );
  const version = mine.reduce((v, m) => Math.max(v, Number(m.memory_metadata?.version ?? 0)), 0) + 1;
  const metadata: JsonObject = {
    project_id: contact.project_id,
    contact_id: contact.id,
    memory_type: CONTACT_SUMMARY_MEMORY_TYPE,
    importance: "high",
    tags: [CONTACT_SUMMARY_MEMORY_TYPE],
    version,
    updated_at: now.toISOString(),
  };
  const [keep, ...extra] = mine;
  if (keep === undefined) await scope.memory.store({ content, agent_id: CALLTIME_AGENT_ID, session_id: key, role: "system", memory_metadata: metadata }, ro);
  else await scope.memory.update(keep.memory_id, { content, memory_metadata: metadata }, ro);
  for (const m of extra) await scope.memory.delete(m.memory_id, ro);
}

async function flagIdentity(scope: WorkflowScope, contact: ContactRow, interaction: InteractionRow, identityId: string | undefined, ro: RequestOptions): Promise<string | undefined> {
  let identity;
  if (identityId !== undefined) {
    identity = await scope.contactIdentities.find(identityId, ro);
    if (identity === undefined || identity.contact_id !== contact.id) {
      throw new ValidationError([{ path: "identity_id", message: `no identity ${identityId} of contact ${contact.id}`, code: "not_found" }]);
    }
  } else {
    const type = interaction.channel === "email" ? "email" : "phone";
    const all = (await scope.contactIdentities.forContact(contact.id, ro)).filter((i) => i.type === type && i.is_valid);
    identity = all.find((i) => i.is_primary) ?? all[0];
  }
  if (identity === undefined) return undefined;
  if (identity.is_valid) await scope.contactIdentities.update(identity.id, { is_valid: false }, ro);
  return identity.id;
}

/**
 * The workflow behind `scope.logInteraction`. Writes, in an order a crash can only leave
 * repairable (`reconcile` fixes `last_contacted_at`; a re-run with the same `id` repeats
 * nothing): the interaction, the contact's `last_contacted_at` (and do-not-contact or the
 * wrong-number flag), the rule followups (ids derived from the interaction), the summary
 * vector (upsert by id), the rolling memory, then the events.
 */
export async function logInteraction(scope: WorkflowScope, settings: WorkflowSettings, input: LogInteractionInput, options: LogInteractionOptions = {}): Promise<LogInteractionResult> {
  validate(input);
  const now = nowOf(options);
  const ro = requestOptions(options);
  const { rules: _rules, ...wo } = options;
  const contact = await loadContact(scope, input.contact_id, "contact_id", ro);
  const { reschedule_at, identity_id, source, occurred_at, id, ...fields } = input;
  const { interaction } = { interaction: (await ensureRow(scope.interactions, { ...fields, id: id ?? newId(), occurred_at: isoOf(occurred_at ?? now) }, ro)).row };
  if (interaction.contact_id !== contact.id) throw new InvariantError({ table: "interactions", rule: "id_reused", field: "id", message: `interaction ${interaction.id} belongs to another contact` });

  // 1. the contact: touched, and do-not-contact / wrong number
  let current = contact;
  if (current.last_contacted_at == null || Date.parse(current.last_contacted_at) < Date.parse(interaction.occurred_at)) {
    current = await scope.contacts.update(contact.id, { last_contacted_at: interaction.occurred_at }, ro);
  }
  if (interaction.outcome === "do_not_contact" && current.status !== "do_not_contact") {
    current = (await markDoNotContact(scope, contact.id, { reason: interaction.summary ?? "do_not_contact outcome", userId: interaction.created_by_user_id ?? undefined }, wo)).contact;
  }
  let flagged: string | undefined;
  if (interaction.outcome === "wrong_number") flagged = await flagIdentity(scope, contact, interaction, identity_id, ro);

  // 2. rule followups (never for a contact who may not be contacted)
  let followups: FollowupRow[] = [];
  if (current.status !== "do_not_contact") {
    let planned;
    try {
      planned = followupsForInteraction(interaction, { rules: await ruleToggles(scope, settings, interaction, options, ro), ...(reschedule_at === undefined ? {} : { rescheduleAt: reschedule_at }) });
    } catch (error) {
      if (error instanceof FollowupRuleError) throw new ValidationError([{ path: "reschedule_at", message: error.message, code: "invalid_date" }], { cause: error });
      throw error;
    }
    for (const f of planned) followups.push((await ensureRow(scope.followups, f as typeof f & { id: string }, ro)).row);
  }

  // 3. semantic: the summary vector and the rolling memory
  if (settings.semantic !== false) {
    const src = source ?? (interaction.channel === "whatsapp" ? "wa" : interaction.channel === "call" ? "call" : "manual");
    await embedInteraction(scope, interaction, src, ro);
    await refreshContactSummary(scope, current, ro, now);
  }

  // 4. events
  const base = { user_id: interaction.created_by_user_id ?? undefined, session_id: interaction.session_id ?? undefined, occurred_at: now.toISOString() };
  await publishEvent(
    scope.events,
    buildEvent(scope.projectId, "interaction.logged", {
      ...base,
      contact_id: interaction.contact_id,
      interaction_id: interaction.id,
      campaign_id: interaction.campaign_id ?? undefined,
      payload: {
        channel: interaction.channel,
        direction: interaction.direction,
        outcome: interaction.outcome,
        amount_pledged: interaction.amount_pledged ?? undefined,
        amount_received: interaction.amount_received ?? undefined,
        followup_ids: followups.map((f) => f.id),
      },
    }),
    ro,
  );
  if (flagged !== undefined) {
    await publishEvent(scope.events, buildEvent(scope.projectId, "contact.updated", { ...base, contact_id: contact.id, payload: { changes: ["identity"], identity_id: flagged, reason: "wrong_number" } }, [interaction.id]), ro);
  }
  for (const f of followups) {
    await publishEvent(
      scope.events,
      buildEvent(scope.projectId, "followup.scheduled", {
        ...base,
        contact_id: f.contact_id,
        followup_id: f.id,
        interaction_id: f.interaction_id ?? undefined,
        campaign_id: f.campaign_id ?? undefined,
        payload: { due_at: f.due_at, reason: f.reason ?? undefined, assigned_to_user_id: f.assigned_to_user_id ?? undefined },
      }),
      ro,
    );
  }
  followups = followups.sort((a, b) => Date.parse(a.due_at) - Date.parse(b.due_at));
  return { interaction, followups };
}
