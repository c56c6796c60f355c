/**
 * Contact and session workflows: create (with `contact.created`), do-not-contact (US2.4),
 * soft delete / restore (US15.2), session start / close (with their events).
 * @module
 */
import type { RequestOptions } from "../http/transport.js";
import type { CreateInput } from "../repositories/index.js";
import type { ContactRow, FollowupRow, SessionRow, contacts, sessions } from "../schema/index.js";
import { buildEvent, publishEvent } from "./events.js";
import { Check, ensureRow, nowOf, requestOptions, type WorkflowOptions, type WorkflowScope } from "./shared.js";

/** Options of `scope.markDoNotContact`. */
export interface DoNotContactOptions {
  /** Why (recorded on the cancelled followups and in the event). */
  reason?: string | undefined;
  /** The operator who decided, for the event. */
  userId?: string | undefined;
}

/** What `scope.markDoNotContact` resolves to. */
export interface DoNotContactResult {
  /** The contact, now `do_not_contact`. */
  contact: ContactRow;
  /** The open followups it had, now cancelled. */
  cancelledFollowups: FollowupRow[];
}

/** Options of `scope.deleteContact` and `scope.restoreContact`. */
export interface ContactChangeOptions {
  /** Why (in the event). */
  reason?: string | undefined;
  /** The operator who did it, for the event. */
  userId?: string | undefined;
}

/** @internal Cancels every open (`scheduled` or `due`) followup of a contact. */
export async function cancelOpenFollowups(scope: WorkflowScope, contactId: string, reason: string, ro: RequestOptions): Promise<FollowupRow[]> {
  const open = await scope.followups.query({ filter: { contact_id: contactId, status: { $in: ["scheduled", "due"] } }, limit: 1000 }, ro).toArray();
  const out: FollowupRow[] = [];
  for (const f of open) out.push(await scope.followups.update(f.id, { status: "cancelled", cancel_reason: reason }, ro));
  return out;
}

function checkReason(contactId: string, options: { reason?: string | undefined; userId?: string | undefined }): void {
  const c = new Check({ contactId, reason: options.reason, userId: options.userId });
  c.uuid("contactId", true);
  c.text("reason", { max: 1000 });
  c.uuid("userId");
  c.done();
}

/**
 * The workflow behind `scope.markDoNotContact`: the status first (so every due list and
 * suggestion drops the contact at once), then its open followups cancelled (`reconcile`
 * finishes this after a crash), then `contact.updated`.
 */
export async function markDoNotContact(scope: WorkflowScope, contactId: string, change: DoNotContactOptions = {}, options: WorkflowOptions = {}): Promise<DoNotContactResult> {
  checkReason(contactId, change);
  const now = nowOf(options);
  const ro = requestOptions(options);
  let contact = await scope.contacts.get(contactId, ro);
  if (contact.status !== "do_not_contact") contact = await scope.contacts.update(contactId, { status: "do_not_contact" }, ro);
  const reason = change.reason ?? "do_not_contact";
  const cancelledFollowups = await cancelOpenFollowups(scope, contactId, `do_not_contact: ${reason}`, ro);
  await publishEvent(
    scope.events,
    buildEvent(scope.projectId, "contact.updated", {
      user_id: change.userId,
      occurred_at: now.toISOString(),
      contact_id: contactId,
      payload: { changes: ["status"], status: "do_not_contact", reason, cancelled_followup_ids: cancelledFollowups.map((f) => f.id) },
    }, ["do_not_contact", now.toISOString()]),
    ro,
  );
  return { contact, cancelledFollowups };
}

/**
 * The workflow behind `scope.deleteContact`: a soft delete (`deleted_at`), so due lists and
 * suggestions leave the contact out while its history stays; `restoreContact` undoes it.
 */
export async function deleteContact(scope: WorkflowScope, contactId: string, change: ContactChangeOptions = {}, options: WorkflowOptions = {}): Promise<void> {
  checkReason(contactId, change);
  const now = nowOf(options);
  const ro = requestOptions(options);
  await scope.contacts.delete(contactId, ro);
  await publishEvent(
    scope.events,
    buildEvent(scope.projectId, "contact.updated", { user_id: change.userId, occurred_at: now.toISOString(), contact_id: contactId, payload: { changes: ["deleted_at"], deleted: true, reason: change.reason } }, ["deleted", now.toISOString()]),
    ro,
  );
}

/** The workflow behind `scope.restoreContact`: clears `deleted_at` and publishes `contact.updated`. */
export async function restoreContact(scope: WorkflowScope, contactId: string, change: ContactChangeOptions = {}, options: WorkflowOptions = {}): Promise<ContactRow> {
  checkReason(contactId, change);
  const now = nowOf(options);
  const ro = requestOptions(options);
  const contact = await scope.contacts.restore(contactId, ro);
  await publishEvent(
    scope.events,
    buildEvent(scope.projectId, "contact.updated", { user_id: change.userId, occurred_at: now.toISOString(), contact_id: contactId, payload: { changes: ["deleted_at"], deleted: false, reason: change.reason } }, ["restored", now.toISOString()]),
    ro,
  );
  return contact;
}

/** Options of `scope.createContact`. */
export interface CreateContactOptions extends WorkflowOptions {
  /** Where the contact came from, for the event (`manual`, `import`, `whatsapp`...). Default `manual`. */
  source?: string | undefined;
  /** The operator who added it, for the event. */
  userId?: string | undefined;
}

/**
 * The workflow behind `scope.createContact`: the row (validated by the repository), then
 * `contact.created`. With `id`, a re-run returns the stored row and publishes the same event id.
 */
export async function createContact(scope: WorkflowScope, input: CreateInput<typeof contacts>, options: CreateContactOptions = {}): Promise<ContactRow> {
  const { source, userId, ...wo } = options;
  const c = new Check({ userId, source });
  c.uuid("userId");
  c.text("source", { max: 50 });
  c.done();
  const now = nowOf(wo);
  const ro = requestOptions(wo);
  const contact = input.id === undefined ? await scope.contacts.create(input, ro) : (await ensureRow(scope.contacts, { ...input, id: input.id }, ro)).row;
  await publishEvent(
    scope.events,
    buildEvent(scope.projectId, "contact.created", { user_id: userId, occurred_at: now.toISOString(), contact_id: contact.id, payload: { display_name: contact.display_name, source: source ?? "manual" } }),
    ro,
  );
  return contact;
}

/** The workflow behind `scope.startSession`: the session row, then `session.started`. */
export async function startSession(scope: WorkflowScope, input: CreateInput<typeof sessions>, options: WorkflowOptions = {}): Promise<SessionRow> {
  const now = nowOf(options);
  const ro = requestOptions(options);
  const session = input.id === undefined ? await scope.sessions.start(input, ro) : (await ensureRow(scope.sessions, { ...input, id: input.id }, ro)).row;
  await publishEvent(
    scope.events,
    buildEvent(scope.projectId, "session.started", { user_id: session.user_id, session_id: session.id, occurred_at: now.toISOString(), payload: { team_id: session.team_id ?? undefined, channel: session.channel } }),
    ro,
  );
  return session;
}

/** The workflow behind `scope.closeSession`: `closed_at` set (once), then `session.closed`. */
export async function closeSession(scope: WorkflowScope, sessionId: string, options: WorkflowOptions = {}): Promise<SessionRow> {
  const c = new Check({ sessionId });
  c.uuid("sessionId", true);
  c.done();
  const now = nowOf(options);
  const ro = requestOptions(options);
  const session = await scope.sessions.close(sessionId, ro);
  await publishEvent(
    scope.events,
    buildEvent(scope.projectId, "session.closed", { user_id: session.user_id, session_id: session.id, occurred_at: now.toISOString(), payload: { team_id: session.team_id ?? undefined } }),
    ro,
  );
  return session;
}
