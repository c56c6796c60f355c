/**
 * Pledges and payments (US6.1-6.3): create a pledge (from an interaction), record a
 * payment, keep the pledge's status, the interaction's amounts and the "collect
 * remaining" followup in step. Every sum is in integer paise.
 * @module
 */
import { naturalKeyId, newId } from "../domain/ids.js";
import { fromPaise, sumPaise, toPaise } from "../domain/money.js";
import { pledgeBalance } from "../domain/pledge-balance.js";
import { InvariantError, ValidationError } from "../http/errors.js";
import type { RequestOptions } from "../http/transport.js";
import { PAYMENT_METHODS, PAYMENT_STATUSES, type FollowupRow, type InteractionRow, type PaymentMethod, type PaymentRow, type PaymentStatus, type PledgeRow } from "../schema/index.js";
import { buildEvent, publishEvent } from "./events.js";
import { loadContact } from "./interactions.js";
import { Check, ensureRow, isoOf, nowOf, requestOptions, type WorkflowOptions, type WorkflowScope } from "./shared.js";

/** `reason` of the followup opened while a pledge has a balance (US6.3). */
export const COLLECT_REMAINING_REASON = "collect_remaining";
/** Hours after a partial payment the "collect remaining" followup is due. */
export const COLLECT_REMAINING_AFTER_HOURS = 48;

/** The id of a pledge's one "collect remaining" followup (derived, so it is never made twice). */
export const collectRemainingFollowupId = (projectId: string, pledgeId: string): string => naturalKeyId(projectId, "followups", [pledgeId, COLLECT_REMAINING_REASON]);

/** Input of `scope.createPledge`. */
export interface CreatePledgeInput {
  /** Who pledged. */
  contact_id: string;
  /** Rupees, more than 0, at most two decimals. */
  amount: number;
  /** The interaction it came from; its `amount_pledged` is set. */
  interaction_id?: string | undefined;
  /** The campaign. Default: the interaction's. */
  campaign_id?: string | undefined;
  /** Promised by, `YYYY-MM-DD`. */
  expected_by?: string | undefined;
  /** ISO 4217 code. Default `INR`. */
  currency?: string | undefined;
  /** Internal note. */
  notes?: string | undefined;
  /** When pledged. Default: `options.now`, else the clock. */
  pledged_at?: Date | string | undefined;
  /** Your id for the pledge: running the workflow again with it repeats no write. */
  id?: string | undefined;
  /** The operator, for the event. */
  created_by_user_id?: string | undefined;
}

/** Input of `scope.recordPayment`. */
export interface RecordPaymentInput {
  /** Who paid. */
  contact_id: string;
  /** Rupees, more than 0, at most two decimals. */
  amount: number;
  /** `upi`, `bank`, `cash`, `card` or `other`. */
  method: PaymentMethod;
  /** The pledge it pays (partly or fully). */
  pledge_id?: string | undefined;
  /** The interaction it was received in; its `amount_received` is set. */
  interaction_id?: string | undefined;
  /** Transaction id or note. */
  reference?: string | undefined;
  /** Default `confirmed`; only confirmed payments count toward a pledge. */
  status?: PaymentStatus | undefined;
  /** When paid. Default: `options.now`, else the clock. */
  paid_at?: Date | string | undefined;
  /** The campaign. Default: the pledge's, else the interaction's. */
  campaign_id?: string | undefined;
  /** ISO 4217 code. Default: the pledge's, else `INR`. */
  currency?: string | undefined;
  /** Internal note. */
  notes?: string | undefined;
  /** Your id for the payment: running the workflow again with it repeats no write. */
  id?: string | undefined;
  /** The operator, for the event and the followup. */
  created_by_user_id?: string | undefined;
}

/** What `scope.recordPayment` resolves to. */
export interface RecordPaymentResult {
  /** The payment as stored. */
  payment: PaymentRow;
  /** The pledge it pays, with its status brought up to date. */
  pledge?: PledgeRow | undefined;
  /** Rupees still owed on the pledge (0 once fulfilled). */
  outstanding?: number | undefined;
  /** The pledge's "collect remaining" followup: open while a balance is, done once paid. */
  followup?: FollowupRow | undefined;
}

/** What bringing a pledge up to date with its payments changed. */
export interface PledgeSync {
  pledge: PledgeRow;
  outstanding: number;
  followup: FollowupRow | undefined;
  statusChanged: boolean;
  followupChange: "opened" | "reopened" | "completed" | undefined;
}

function currency(c: Check, field: string): void {
  const v = c.input[field];
  if (v !== undefined && (typeof v !== "string" || !/^[A-Z]{3}$/.test(v))) c.fail(field, "must be a 3-letter currency code, e.g. INR", "invalid_currency");
}

/**
 * @internal Brings a pledge up to date with its confirmed payments: status
 * (`fulfilled` once they reach the amount, back to `open` if they fall below), and its one
 * "collect remaining" followup (open while a balance is left after some payment, done once
 * paid); once fulfilled, the `send_payment_link` followups of its interaction are done too.
 */
export async function syncPledge(scope: WorkflowScope, pledgeId: string, now: Date, ro: RequestOptions, assignee?: string): Promise<PledgeSync> {
  let pledge = await scope.pledges.get(pledgeId, ro);
  const payments = await scope.payments.query({ filter: { pledge_id: pledgeId }, limit: 1000 }, ro).toArray();
  const b = pledgeBalance(pledge, payments);
  let statusChanged = false;
  if (b.status !== pledge.status) {
    pledge = await scope.pledges.update(pledge.id, { status: b.status }, ro);
    statusChanged = true;
  }
  const fid = collectRemainingFollowupId(scope.projectId, pledge.id);
  let followup = await scope.followups.find(fid, ro);
  let followupChange: PledgeSync["followupChange"];
  const open = (f: FollowupRow | undefined) => f !== undefined && (f.status === "scheduled" || f.status === "due");
  if (b.status === "open" && b.paidPaise > 0) {
    if (followup === undefined) {
      const created = await ensureRow(scope.followups, {
        id: fid,
        contact_id: pledge.contact_id,
        ...(pledge.interaction_id == null ? {} : { interaction_id: pledge.interaction_id }),
        ...(pledge.campaign_id == null ? {} : { campaign_id: pledge.campaign_id }),
        ...(assignee === undefined ? {} : { assigned_to_user_id: assignee }),
        due_at: new Date(now.getTime() + COLLECT_REMAINING_AFTER_HOURS * 3_600_000).toISOString(),
        status: "scheduled",
        reason: COLLECT_REMAINING_REASON,
      }, ro);
      followup = created.row;
      followupChange = created.created ? "opened" : undefined;
    } else if (followup.status === "done") {
      followup = await scope.followups.update(fid, { status: "scheduled", completed_at: null }, ro);
      followupChange = "reopened";
    }
  } else if (b.status !== "open" && open(followup)) {
    followup = await scope.followups.update(fid, { status: "done", completed_at: now.toISOString() }, ro);
    followupChange = "completed";
  }
  if (b.status === "fulfilled" && pledge.interaction_id != null) {
    const chasing = await scope.followups.query({ filter: { interaction_id: pledge.interaction_id, reason: "send_payment_link", status: { $in: ["scheduled", "due"] } }, limit: 100 }, ro).toArray();
    for (const f of chasing) await scope.followups.update(f.id, { status: "done", completed_at: now.toISOString() }, ro);
  }
  return { pledge, outstanding: b.outstanding, followup, statusChanged, followupChange };
}

/** @internal Sets an interaction's `amount_pledged` / `amount_received` from its pledges and payments, when it has any. */
export async function syncInteractionAmounts(scope: WorkflowScope, interactionId: string, ro: RequestOptions): Promise<{ interaction: InteractionRow; changed: string[] } | undefined> {
  const interaction = await scope.interactions.find(interactionId, ro);
  if (interaction === undefined) return undefined;
  const pledges = (await scope.pledges.query({ filter: { interaction_id: interactionId }, limit: 1000 }, ro).toArray()).filter((p) => p.status !== "cancelled");
  const payments = (await scope.payments.query({ filter: { interaction_id: interactionId }, limit: 1000 }, ro).toArray()).filter((p) => p.status === "confirmed");
  const patch: { amount_pledged?: number; amount_received?: number } = {};
  if (pledges.length > 0) {
    const v = fromPaise(sumPaise(pledges.map((p) => toPaise(p.amount))));
    if (interaction.amount_pledged == null || toPaise(interaction.amount_pledged) !== toPaise(v)) patch.amount_pledged = v;
  }
  if (payments.length > 0) {
    const v = fromPaise(sumPaise(payments.map((p) => toPaise(p.amount))));
    if (interaction.amount_received == null || toPaise(interaction.amount_received) !== toPaise(v)) patch.amount_received = v;
  }
  const changed = Object.keys(patch);
  if (changed.length === 0) return { interaction, changed };
  return { interaction: await scope.interactions.update(interactionId, patch, ro), changed };
}

async function loadInteraction(scope: WorkflowScope, id: string, contactId: string, ro: RequestOptions): Promise<InteractionRow> {
  const i = await scope.interactions.find(id, ro);
  if (i === undefined) throw new ValidationError([{ path: "interaction_id", message: `no interaction ${id} in this project`, code: "not_found" }]);
  if (i.contact_id !== contactId) throw new ValidationError([{ path: "interaction_id", message: `interaction ${id} is of another contact`, code: "contact_mismatch" }]);
  return i;
}

/**
 * The workflow behind `scope.createPledge`: the open pledge first, then the interaction's
 * `amount_pledged` (the sum of its pledges; `reconcile` repairs it), then `pledge.created`.
 */
export async function createPledge(scope: WorkflowScope, input: CreatePledgeInput, options: WorkflowOptions = {}): Promise<PledgeRow> {
  const c = new Check(input as unknown as Record<string, unknown>);
  c.known(["contact_id", "amount", "interaction_id", "campaign_id", "expected_by", "currency", "notes", "pledged_at", "id", "created_by_user_id"]);
  c.uuid("contact_id", true);
  c.money("amount", { required: true, positive: true });
  c.uuid("interaction_id");
  c.uuid("campaign_id");
  c.date("expected_by");
  currency(c, "currency");
  c.text("notes", { max: 600 });
  c.time("pledged_at");
  c.uuid("id");
  c.uuid("created_by_user_id");
  c.done();
  const now = nowOf(options);
  const ro = requestOptions(options);
  await loadContact(scope, input.contact_id, "contact_id", ro);
  const interaction = input.interaction_id === undefined ? undefined : await loadInteraction(scope, input.interaction_id, input.contact_id, ro);
  const { pledged_at, id, created_by_user_id, ...fields } = input;
  const campaign = input.campaign_id ?? interaction?.campaign_id ?? undefined;
  const { row: pledge } = await ensureRow(scope.pledges, {
    ...fields,
    ...(campaign == null ? {} : { campaign_id: campaign }),
    id: id ?? newId(),
    pledged_at: isoOf(pledged_at ?? now),
    status: "open",
  }, ro);
  if (interaction !== undefined) await syncInteractionAmounts(scope, interaction.id, ro);
  await publishEvent(
    scope.events,
    buildEvent(scope.projectId, "pledge.created", {
      user_id: created_by_user_id ?? interaction?.created_by_user_id ?? undefined,
      session_id: interaction?.session_id ?? undefined,
      occurred_at: now.toISOString(),
      contact_id: pledge.contact_id,
      pledge_id: pledge.id,
      interaction_id: pledge.interaction_id ?? undefined,
      campaign_id: pledge.campaign_id ?? undefined,
      payload: { amount: pledge.amount, currency: pledge.currency, expected_by: pledge.expected_by ?? undefined },
    }),
    ro,
  );
  return pledge;
}

/**
 * The workflow behind `scope.recordPayment`: the payment first (the truth), then the
 * pledge's status and its "collect remaining" followup, then the interaction's
 * `amount_received`, then the events. A crash in between is repaired by `reconcile`.
 */
export async function recordPayment(scope: WorkflowScope, input: RecordPaymentInput, options: WorkflowOptions = {}): Promise<RecordPaymentResult> {
  const c = new Check(input as unknown as Record<string, unknown>);
  c.known(["contact_id", "amount", "method", "pledge_id", "interaction_id", "reference", "status", "paid_at", "campaign_id", "currency", "notes", "id", "created_by_user_id"]);
  c.uuid("contact_id", true);
  c.money("amount", { required: true, positive: true });
  c.oneOf("method", PAYMENT_METHODS, true);
  c.uuid("pledge_id");
  c.uuid("interaction_id");
  c.text("reference", { max: 500 });
  c.oneOf("status", PAYMENT_STATUSES);
  c.time("paid_at");
  c.uuid("campaign_id");
  currency(c, "currency");
  c.text("notes", { max: 600 });
  c.uuid("id");
  c.uuid("created_by_user_id");
  c.done();
  const now = nowOf(options);
  const ro = requestOptions(options);
  await loadContact(scope, input.contact_id, "contact_id", ro);
  let pledge: PledgeRow | undefined;
  if (input.pledge_id !== undefined) {
    pledge = await scope.pledges.find(input.pledge_id, ro);
    if (pledge === undefined) throw new ValidationError([{ path: "pledge_id", message: `no pledge ${input.pledge_id} in this project`, code: "not_found" }]);
    if (pledge.contact_id !== input.contact_id) throw new ValidationError([{ path: "pledge_id", message: `pledge ${pledge.id} is of another contact`, code: "contact_mismatch" }]);
    if (pledge.status === "cancelled") throw new InvariantError({ table: "pledges", rule: "pledge_cancelled", field: "pledge_id", message: `pledge ${pledge.id} is cancelled` });
    if (input.currency !== undefined && input.currency !== pledge.currency) throw new ValidationError([{ path: "currency", message: `must be the pledge's currency ${pledge.currency}`, code: "currency_mismatch" }]);
  }
  const interaction = input.interaction_id === undefined ? undefined : await loadInteraction(scope, input.interaction_id, input.contact_id, ro);
  const { paid_at, id, created_by_user_id, ...fields } = input;
  const campaign = input.campaign_id ?? pledge?.campaign_id ?? interaction?.campaign_id ?? undefined;
  const { row: payment } = await ensureRow(scope.payments, {
    ...fields,
    ...(campaign == null ? {} : { campaign_id: campaign }),
    currency: input.currency ?? pledge?.currency ?? "INR",
    id: id ?? newId(),
    paid_at: isoOf(paid_at ?? now),
  }, ro);

  let sync: PledgeSync | undefined;
  if (payment.pledge_id != null) sync = await syncPledge(scope, payment.pledge_id, now, ro, created_by_user_id ?? interaction?.created_by_user_id ?? undefined);
  if (payment.interaction_id != null) await syncInteractionAmounts(scope, payment.interaction_id, ro);

  const base = { user_id: created_by_user_id ?? interaction?.created_by_user_id ?? undefined, session_id: interaction?.session_id ?? undefined, occurred_at: now.toISOString() };
  await publishEvent(
    scope.events,
    buildEvent(scope.projectId, "payment.recorded", {
      ...base,
      contact_id: payment.contact_id,
      payment_id: payment.id,
      pledge_id: payment.pledge_id ?? undefined,
      interaction_id: payment.interaction_id ?? undefined,
      campaign_id: payment.campaign_id ?? undefined,
      payload: { amount: payment.amount, currency: payment.currency, method: payment.method ?? undefined, status: payment.status, outstanding: sync?.outstanding, pledge_status: sync?.pledge.status },
    }),
    ro,
  );
  const f = sync?.followup;
  if (f !== undefined && (sync?.followupChange === "opened" || sync?.followupChange === "reopened")) {
    await publishEvent(scope.events, buildEvent(scope.projectId, "followup.scheduled", { ...base, contact_id: f.contact_id, followup_id: f.id, pledge_id: payment.pledge_id ?? undefined, payload: { due_at: f.due_at, reason: f.reason ?? undefined } }, [payment.id]), ro);
  }
  if (f !== undefined && sync?.followupChange === "completed") {
    await publishEvent(scope.events, buildEvent(scope.projectId, "followup.completed", { ...base, contact_id: f.contact_id, followup_id: f.id, pledge_id: payment.pledge_id ?? undefined, payload: { completed_at: f.completed_at ?? now.toISOString(), reason: f.reason ?? undefined } }, [payment.id]), ro);
  }
  const result: RecordPaymentResult = { payment };
  if (sync !== undefined) {
    result.pledge = sync.pledge;
    result.outstanding = sync.outstanding;
    if (sync.followup !== undefined) result.followup = sync.followup;
  }
  return result;
}
