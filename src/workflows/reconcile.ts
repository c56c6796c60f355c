/**
 * `reconcile`: recomputes every derived field from the rows that are the truth, so a crash
 * between two writes of a workflow is always repairable.
 * @module
 */
import type { ContactRow, InteractionRow, PaymentRow, PledgeRow } from "../schema/index.js";
import { cancelOpenFollowups } from "./contacts.js";
import { syncInteractionAmounts, syncPledge } from "./money.js";
import { nowOf, requestOptions, type WorkflowOptions, type WorkflowScope } from "./shared.js";

/** One repair made by `reconcile`. */
export interface ReconcileFix {
  /** The table of the row. */
  table: "pledges" | "interactions" | "contacts" | "followups";
  /** The row's id. */
  id: string;
  /** What was wrong: the field recomputed, or the followup action taken. */
  field: string;
  /** The value before. */
  before: unknown;
  /** The value after. */
  after: unknown;
}

/** What `scope.reconcile` resolves to. */
export interface ReconcileResult {
  /** Every repair, in the order made. */
  fixed: ReconcileFix[];
  /** How many rows were checked, per table. */
  checked: { pledges: number; interactions: number; contacts: number };
  /** Outstanding rupees of every open pledge after the repair, by pledge id. */
  outstanding: Record<string, number>;
}

/**
 * The workflow behind `scope.reconcile`. Recomputes, in paise:
 * - each pledge's status from its confirmed payments (and its "collect remaining" followup);
 * - each interaction's `amount_pledged` / `amount_received` from the pledges and payments linked to it;
 * - each contact's `last_contacted_at` from its latest interaction;
 * - the open followups of do-not-contact contacts are cancelled.
 */
export async function reconcile(scope: WorkflowScope, options: WorkflowOptions = {}): Promise<ReconcileResult> {
  const now = nowOf(options);
  const ro = requestOptions(options);
  const fixed: ReconcileFix[] = [];
  const outstanding: Record<string, number> = {};
  const all = <R>(p: { toArray(): Promise<R[]> }) => p.toArray();
  const [pledges, payments, interactions, contacts] = await Promise.all([
    all<PledgeRow>(scope.pledges.list({ limit: 1000 }, ro)),
    all<PaymentRow>(scope.payments.list({ limit: 1000 }, ro)),
    all<InteractionRow>(scope.interactions.list({ limit: 1000 }, ro)),
    all<ContactRow>(scope.contacts.list({ limit: 1000, includeDeleted: true }, ro)),
  ]);

  for (const p of pledges) {
    if (p.status === "cancelled") continue;
    const s = await syncPledge(scope, p.id, now, ro);
    if (s.statusChanged) fixed.push({ table: "pledges", id: p.id, field: "status", before: p.status, after: s.pledge.status });
    if (s.followupChange !== undefined && s.followup !== undefined) fixed.push({ table: "followups", id: s.followup.id, field: `collect_remaining ${s.followupChange}`, before: undefined, after: s.followup.status });
    if (s.pledge.status === "open") outstanding[p.id] = s.outstanding;
  }

  const linked = new Set<string>();
  for (const p of pledges) if (p.interaction_id != null) linked.add(p.interaction_id);
  for (const p of payments) if (p.interaction_id != null) linked.add(p.interaction_id);
  const byId = new Map(interactions.map((i) => [i.id, i]));
  for (const id of linked) {
    const before = byId.get(id);
    const r = await syncInteractionAmounts(scope, id, ro);
    if (r === undefined || before === undefined) continue;
    for (const f of r.changed) fixed.push({ table: "interactions", id, field: f, before: before[f as "amount_pledged"] ?? undefined, after: r.interaction[f as "amount_pledged"] });
  }

  const latest = new Map<string, string>();
  for (const i of interactions) {
    const t = latest.get(i.contact_id);
    if (t === undefined || Date.parse(i.occurred_at) > Date.parse(t)) latest.set(i.contact_id, i.occurred_at);
  }
  for (const c of contacts) {
    const want = latest.get(c.id);
    if (want !== undefined && (c.last_contacted_at == null || Date.parse(c.last_contacted_at) !== Date.parse(want))) {
      await scope.contacts.update(c.id, { last_contacted_at: want }, ro);
      fixed.push({ table: "contacts", id: c.id, field: "last_contacted_at", before: c.last_contacted_at ?? undefined, after: want });
    }
    if (c.status === "do_not_contact") {
      for (const f of await cancelOpenFollowups(scope, c.id, "do_not_contact: reconcile", ro)) fixed.push({ table: "followups", id: f.id, field: "status", before: "open", after: "cancelled" });
    }
  }
  return { fixed, checked: { pledges: pledges.length, interactions: interactions.length, contacts: contacts.length }, outstanding };
}
