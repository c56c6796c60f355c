/**
 * Recording a WhatsApp message the app sent (a NEXT draft or the operator's own): the
 * outbound interaction, `whatsapp.message.sent`, then the audit row, which marks it done.
 * @module
 */
import { newId } from "../domain/ids.js";
import { OUTCOMES, type FollowupRow, type InteractionRow, type MessageRow, type Outcome } from "../schema/index.js";
import { WHATSAPP_TEXT_LIMIT } from "../whatsapp/webhook.js";
import { buildEvent, publishEvent } from "./events.js";
import { loadContact, logInteraction } from "./interactions.js";
import { Check, ensureRow, isoOf, nowOf, requestOptions, type WorkflowOptions, type WorkflowScope, type WorkflowSettings } from "./shared.js";
import { auditContent, whatsappIds, whatsappPhone, whatsappSummary } from "./whatsapp-audit.js";

/** Input of `scope.recordOutboundWhatsApp`. */
export interface RecordOutboundWhatsAppInput {
  /** The contact it went to. */
  contact_id: string;
  /** The text sent (at most 4,096 characters); stored only when raw storage is on, hashed always. */
  text: string;
  /** The `wamid` the Cloud API answered the send with. With it a retry repeats no write and delivery statuses find the message. */
  provider_message_id?: string | undefined;
  /** The operator's session. */
  session_id?: string | undefined;
  /** The operator who sent it. */
  user_id?: string | undefined;
  /** Log an outbound `whatsapp` interaction too. Default true. */
  interaction?: boolean | undefined;
  /** The interaction's outcome. Default `no_response`: nothing came back yet (a reply is its own inbound interaction). */
  outcome?: Outcome | undefined;
  /** The campaign it counts for. */
  campaign_id?: string | undefined;
  /** When it was sent. Default: `options.now`, else the clock. */
  occurred_at?: Date | string | undefined;
}

/** Options of `scope.recordOutboundWhatsApp`. */
export interface RecordOutboundWhatsAppOptions extends WorkflowOptions {
  /**
   * Let a `no_response` outcome schedule its 24-hour followup as the rule toggles say.
   * Default false (no followup): donors answer WhatsApp hours later, and a followup per
   * message sent would flood the due list.
   */
  noResponseFollowup?: boolean | undefined;
}

/** What `scope.recordOutboundWhatsApp` resolves to. */
export interface RecordOutboundWhatsAppResult {
  /** The audit row. */
  message: MessageRow;
  /** The outbound interaction (unless `interaction: false`). */
  interaction?: InteractionRow | undefined;
  /** Followups its outcome scheduled (see `noResponseFollowup`). */
  followups: FollowupRow[];
  /** This `provider_message_id` had been recorded before: nothing was written. */
  duplicate: boolean;
}

const FIELDS = ["contact_id", "text", "provider_message_id", "session_id", "user_id", "interaction", "outcome", "campaign_id", "occurred_at"];

function validate(input: RecordOutboundWhatsAppInput, options: RecordOutboundWhatsAppOptions): void {
  const c = new Check(input as unknown as Record<string, unknown>);
  c.known(FIELDS);
  c.uuid("contact_id", true);
  if (typeof input.text !== "string" || input.text.trim() === "") c.fail("text", "must be a non-empty string", "invalid_string");
  else if (input.text.length > WHATSAPP_TEXT_LIMIT) c.fail("text", `must be at most ${WHATSAPP_TEXT_LIMIT} characters (WhatsApp's limit)`, "too_long");
  c.text("provider_message_id", { max: 256 });
  c.uuid("session_id");
  c.uuid("user_id");
  if (input.interaction !== undefined && typeof input.interaction !== "boolean") c.fail("interaction", "must be a boolean", "invalid_type");
  c.oneOf("outcome", OUTCOMES);
  if (input.outcome === "reschedule") c.fail("outcome", "reschedule needs a time: log it with scope.logInteraction", "invalid_value");
  c.uuid("campaign_id");
  c.time("occurred_at");
  if (options.noResponseFollowup !== undefined && typeof options.noResponseFollowup !== "boolean") c.fail("options.noResponseFollowup", "must be a boolean", "invalid_type");
  c.done();
}

/**
 * The workflow behind `scope.recordOutboundWhatsApp`. With a `provider_message_id` every id
 * derives from it, and the audit row is written last: a retry after a crash redoes only
 * what is missing, a retry after success writes nothing.
 * @example
 * ```ts
 * await recordOutboundWhatsApp(scope, scope.workflowSettings, { contact_id, text, provider_message_id: wamid });
 * ```
 */
export async function recordOutboundWhatsApp(
  scope: WorkflowScope,
  settings: WorkflowSettings,
  input: RecordOutboundWhatsAppInput,
  options: RecordOutboundWhatsAppOptions = {},
): Promise<RecordOutboundWhatsAppResult> {
  validate(input, options);
  const { noResponseFollowup, ...wo } = options;
  const now = nowOf(wo);
  const ro = requestOptions(wo);
  const wamid = input.provider_message_id;
  const ids = wamid === undefined ? { rowId: newId(), interactionId: newId() } : whatsappIds(scope.projectId, wamid);
  const done = wamid === undefined ? undefined : await scope.messages.find(ids.rowId, ro);
  if (done !== undefined) {
    const interaction = done.interaction_id == null ? undefined : await scope.interactions.find(done.interaction_id, ro);
    return { message: done, interaction, followups: [], duplicate: true };
  }

  const contact = await loadContact(scope, input.contact_id, "contact_id", ro);
  const keep = settings.storeMessageContent ?? false;
  const occurredAt = isoOf(input.occurred_at ?? now);
  let interaction: InteractionRow | undefined;
  let followups: FollowupRow[] = [];
  if (input.interaction !== false) {
    ({ interaction, followups } = await logInteraction(
      scope,
      settings,
      {
        id: ids.interactionId,
        contact_id: contact.id,
        channel: "whatsapp",
        direction: "outbound",
        outcome: input.outcome ?? "no_response",
        occurred_at: occurredAt,
        summary: whatsappSummary("outbound", "message", input.text, keep),
        campaign_id: input.campaign_id,
        session_id: input.session_id,
        created_by_user_id: input.user_id,
        source: "wa",
      },
      noResponseFollowup === true ? { ...wo, now } : { ...wo, now, rules: { operator: { no_response: false } } },
    ));
  }
  const phone = whatsappPhone(await scope.contactIdentities.forContact(contact.id, ro))?.value;
  const content = auditContent(input.text, undefined, keep);
  await publishEvent(
    scope.events,
    buildEvent(scope.projectId, "whatsapp.message.sent", {
      occurred_at: occurredAt,
      user_id: input.user_id,
      session_id: input.session_id,
      message_id: ids.rowId,
      contact_id: contact.id,
      payload: { channel: "whatsapp", content_sha256: content.content_sha256, provider_message_id: wamid, content_stored: content.content !== undefined },
    }),
    ro,
  );
  const { row, created } = await ensureRow(
    scope.messages,
    {
      id: ids.rowId,
      channel: "whatsapp",
      direction: "outbound",
      status: "sent",
      contact_id: contact.id,
      occurred_at: occurredAt,
      ...content,
      ...(wamid === undefined ? {} : { provider_message_id: wamid }),
      ...(interaction === undefined ? {} : { interaction_id: interaction.id }),
      ...(input.session_id === undefined ? {} : { session_id: input.session_id }),
      ...(input.user_id === undefined ? {} : { user_id: input.user_id }),
      ...(phone === undefined ? {} : { counterparty_phone: phone }),
    },
    ro,
  );
  return { message: row, interaction, followups, duplicate: !created };
}
