/**
 * WhatsApp webhook ingestion (issue 10 §2): each message matched to the contact who owns
 * the sender's number, audited, logged as an inbound `whatsapp` interaction and published;
 * each delivery status moved forward on the audit row of the message it is about.
 *
 * Idempotent by WhatsApp message id: every id written derives from the `wamid`, and the
 * audit row is written last, so it marks a message as done. A redelivered webhook (WhatsApp
 * retries) finds the row and writes nothing; a delivery cut off half-way redoes only what
 * is missing, with the same ids.
 * @module
 */
import { naturalKeyId } from "../domain/ids.js";
import { loadPhoneNormalizer, phoneNormalizer } from "../repositories/contacts.js";
import { isErrorOf } from "../http/errors.js";
import type { RequestOptions } from "../http/transport.js";
import type { ContactRow } from "../schema/index.js";
import { parseWebhook } from "../whatsapp/webhook.js";
import type { MessageEvent, StatusEvent } from "../whatsapp/webhook-types.js";
import { createContact } from "./contacts.js";
import { buildEvent, publishEvent } from "./events.js";
import { logInteraction } from "./interactions.js";
import { Check, ensureRow, isoOf, nowOf, requestOptions, type WorkflowOptions, type WorkflowScope, type WorkflowSettings } from "./shared.js";
import { auditContent, statusAdvances, whatsappIds, whatsappSummary } from "./whatsapp-audit.js";

/** Options of `scope.ingestWhatsApp`. */
export interface IngestWhatsAppOptions extends WorkflowOptions {
  /**
   * Make a contact for a number no contact has (display name: the WhatsApp profile name,
   * else the number; its phone primary and WhatsApp-capable). Default false: the sender is
   * reported in `unknownSenders` and the message audited without a contact.
   */
  createUnknownContacts?: boolean | undefined;
}

/** One message of the webhook, as ingested. */
export interface IngestedMessage {
  /** The WhatsApp message id (`wamid.…`). */
  messageId: string;
  /** Id of its row in `messages_inbound_outbound`. */
  rowId: string;
  /** The contact who sent it, when the number is known (or was just created). */
  contactId?: string | undefined;
  /** The inbound `whatsapp` interaction logged for it (none for an unknown sender, a deleted contact or a message type the parser does not read). */
  interactionId?: string | undefined;
  /** It had been ingested before: nothing was written. */
  duplicate: boolean;
}

/** One delivery status of the webhook, as applied. */
export interface IngestedStatus {
  /** The WhatsApp id of the sent message. */
  messageId: string;
  /** The status WhatsApp reported (`unknown` for one the parser does not know). */
  status: string;
  /** The audit row moved to this status. False when it is not newer (`delivered` after `read`), or no sent message with this id is audited. */
  updated: boolean;
  /** The provider's error code of a failed delivery (e.g. 131047: the 24-hour window had closed). */
  errorCode?: number | undefined;
}

/** A sender whose number belongs to no contact of the project. */
export interface UnknownSender {
  /** The number in E.164. */
  from: string;
  /** The WhatsApp profile name, when sent. */
  name?: string | undefined;
}

/** What `scope.ingestWhatsApp` resolves to. */
export interface IngestWhatsAppResult {
  /** Every message of the webhook, in payload order. */
  received: IngestedMessage[];
  /** Every delivery status of the webhook, in payload order. */
  statuses: IngestedStatus[];
  /** Senders no contact owns, once each (empty with `createUnknownContacts`, unless the number is invalid). */
  unknownSenders: UnknownSender[];
  /** Contacts made for unknown senders (`createUnknownContacts`). */
  createdContacts: Array<{ contactId: string; from: string; name?: string | undefined }>;
  /** Parts of the payload that are neither a message nor a status (another `field`, a malformed entry). */
  ignored: number;
}

interface Run {
  scope: WorkflowScope;
  settings: WorkflowSettings;
  now: Date;
  wo: WorkflowOptions;
  ro: RequestOptions;
  create: boolean;
  result: IngestWhatsAppResult;
}

/** The contact's id for a number first seen on WhatsApp (derived, so a replay makes it once). */
const whatsappContactId = (projectId: string, e164: string): string => naturalKeyId(projectId, "contacts_whatsapp", [e164]);

async function ownerOf(run: Run, e164: string): Promise<ContactRow | undefined> {
  const identity = (await run.scope.contactIdentities.query({ filter: { type: "phone", value: e164 }, limit: 1 }, run.ro)).data[0];
  return identity === undefined ? undefined : run.scope.contacts.find(identity.contact_id, run.ro);
}

async function createSender(run: Run, e164: string, name: string | undefined): Promise<ContactRow> {
  const { scope } = run;
  const contact = await createContact(scope, { id: whatsappContactId(scope.projectId, e164), display_name: name?.trim() || e164 }, { ...run.wo, source: "whatsapp" });
  const identity = { contact_id: contact.id, type: "phone" as const, value: e164, is_primary: true, is_whatsapp_capable: true };
  try {
    await scope.contactIdentities.create(identity, run.ro);
  } catch (error) {
    // the number metadata calls it a fixed line; WhatsApp just delivered from it, but the table refuses the flag
    if (!isErrorOf(error, "InvariantError") || (error as { rule?: string }).rule !== "whatsapp_needs_mobile") throw error;
    await scope.contactIdentities.create({ ...identity, is_whatsapp_capable: false }, run.ro);
  }
  run.result.createdContacts.push({ contactId: contact.id, from: e164, ...(name === undefined ? {} : { name }) });
  return contact;
}

/** The sender's contact: its owner, or (opt-in, valid numbers only) a new one; undefined otherwise (reported). */
async function senderOf(run: Run, m: MessageEvent): Promise<ContactRow | undefined> {
  if (m.from === undefined) return undefined;
  const owner = await ownerOf(run, m.from);
  if (owner !== undefined) return owner;
  if (run.create && phoneNormalizer().normalizePhone(m.from).valid) return createSender(run, m.from, m.fromName);
  if (!run.result.unknownSenders.some((u) => u.from === m.from)) run.result.unknownSenders.push({ from: m.from, ...(m.fromName === undefined ? {} : { name: m.fromName }) });
  return undefined;
}

async function ingestMessage(run: Run, m: MessageEvent): Promise<IngestedMessage> {
  const { scope, settings, ro } = run;
  const { rowId, interactionId: derivedInteractionId } = whatsappIds(scope.projectId, m.messageId);
  const done = await scope.messages.find(rowId, ro);
  if (done !== undefined) return { messageId: m.messageId, rowId, contactId: done.contact_id ?? undefined, interactionId: done.interaction_id ?? undefined, duplicate: true };

  const contact = await senderOf(run, m);
  const keep = settings.storeMessageContent ?? false;
  const occurredAt = isoOf(m.timestamp ?? run.now);
  let interactionId: string | undefined;
  // a deleted contact stays deleted; a message type the parser cannot read is no sign of a reply
  if (contact !== undefined && contact.deleted_at == null && m.type !== "unknown") {
    const { interaction } = await logInteraction(
      scope,
      settings,
      { id: derivedInteractionId, contact_id: contact.id, channel: "whatsapp", direction: "inbound", outcome: "spoke", occurred_at: occurredAt, summary: whatsappSummary("inbound", m.type, m.text, keep), source: "wa" },
      run.wo,
    );
    interactionId = interaction.id;
  }
  const content = auditContent(m.text, m.raw, keep);
  await publishEvent(
    scope.events,
    buildEvent(scope.projectId, "whatsapp.message.received", {
      occurred_at: occurredAt,
      message_id: rowId,
      contact_id: contact?.id,
      payload: { channel: "whatsapp", content_sha256: content.content_sha256, provider_message_id: m.messageId, content_stored: content.content !== undefined },
    }),
    ro,
  );
  const { created } = await ensureRow(
    scope.messages,
    {
      id: rowId,
      channel: "whatsapp",
      direction: "inbound",
      provider_message_id: m.messageId,
      occurred_at: occurredAt,
      ...content,
      ...(contact === undefined ? {} : { contact_id: contact.id }),
      ...(interactionId === undefined ? {} : { interaction_id: interactionId }),
      ...(m.from === undefined ? {} : { counterparty_phone: m.from }),
    },
    ro,
  );
  return { messageId: m.messageId, rowId, contactId: contact?.id, interactionId, duplicate: !created };
}

async function applyStatus(run: Run, s: StatusEvent): Promise<IngestedStatus> {
  const { scope, ro } = run;
  const errorCode = s.errors.find((e) => e.code !== undefined)?.code;
  const out = { messageId: s.messageId, status: s.status, ...(errorCode === undefined ? {} : { errorCode }) };
  const { rowId } = whatsappIds(scope.projectId, s.messageId);
  const row = await scope.messages.find(rowId, ro);
  if (row === undefined || row.direction !== "outbound" || !statusAdvances(row.status, s.status)) return { ...out, updated: false };
  // published first: a crash before the update is redone by the redelivery, with the same event id
  await publishEvent(
    scope.events,
    buildEvent(
      scope.projectId,
      "whatsapp.message.status",
      {
        occurred_at: isoOf(s.timestamp ?? run.now),
        message_id: row.id,
        contact_id: row.contact_id ?? undefined,
        user_id: row.user_id ?? undefined,
        session_id: row.session_id ?? undefined,
        payload: {
          channel: row.channel,
          provider_message_id: s.messageId,
          status: s.status,
          previous_status: row.status ?? undefined,
          error_code: errorCode,
          error_title: s.errors[0]?.title,
        },
      },
      [s.status],
    ),
    ro,
  );
  await scope.messages.update(row.id, { status: s.status }, ro);
  return { ...out, updated: true };
}

/**
 * The workflow behind `scope.ingestWhatsApp`: parses a WhatsApp Cloud API webhook and, in
 * payload order, ingests each message (see the module) and applies each delivery status
 * (forward only: `sent` < `delivered` < `read`; `failed` is final and its error code goes
 * into `whatsapp.message.status`).
 * @example
 * ```ts
 * const r = await ingestWhatsApp(scope, scope.workflowSettings, JSON.parse(rawBody), { createUnknownContacts: true });
 * ```
 */
export async function ingestWhatsApp(scope: WorkflowScope, settings: WorkflowSettings, payload: unknown, options: IngestWhatsAppOptions = {}): Promise<IngestWhatsAppResult> {
  const { createUnknownContacts, ...wo } = options;
  const c = new Check({ createUnknownContacts });
  if (createUnknownContacts !== undefined && typeof createUnknownContacts !== "boolean") c.fail("options.createUnknownContacts", "must be a boolean", "invalid_type");
  c.done();
  const now = nowOf(wo);
  await loadPhoneNormalizer();
  const run: Run = {
    scope,
    settings,
    now,
    wo: { ...wo, now },
    ro: requestOptions(wo),
    create: createUnknownContacts === true,
    result: { received: [], statuses: [], unknownSenders: [], createdContacts: [], ignored: 0 },
  };
  for (const event of parseWebhook(payload)) {
    if (event.kind === "message") run.result.received.push(await ingestMessage(run, event));
    else if (event.kind === "status") run.result.statuses.push(await applyStatus(run, event));
    else run.result.ignored++;
  }
  return run.result;
}
