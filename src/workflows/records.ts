/**
 * Records around the call work: payment receipts (US11.1), the message audit (US8.3) and
 * provider token usage (US13.1).
 * @module
 */
import { createHash } from "node:crypto";
import type { FileContent, FileInfo, PresignedUrl } from "../api/files.js";
import { messageId, naturalKeyId, newId } from "../domain/ids.js";
import { isTimeZone } from "../domain/zone.js";
import { loadPhoneNormalizer, phoneNormalizer } from "../repositories/contacts.js";
import { ValidationError } from "../http/errors.js";
import { PRESIGN_EXPIRATION_MAX_SECONDS } from "../contract/index.js";
import { dailyUsage, dateInZone, type DailyUsage } from "../reports/usage.js";
import { CHANNELS, DIRECTIONS, type Channel, type Direction, type FileLinkRow, type MessageRow, type ProviderUsageRow } from "../schema/index.js";
import { buildEvent, publishEvent } from "./events.js";
import { Check, isoOf, nowOf, requestOptions, type WorkflowOptions, type WorkflowScope, type WorkflowSettings } from "./shared.js";

/** Input of `scope.attachReceipt`. */
export interface AttachReceiptInput {
  /** The payment the proof is for. */
  payment_id: string;
  /** File name, e.g. `upi-screenshot.png`. */
  file_name: string;
  /** The bytes (a string is sent as UTF-8). */
  content: FileContent;
  /** MIME type, e.g. `image/png`. */
  content_type?: string | undefined;
}

/** Options of `scope.attachReceipt` and `scope.receipts`. */
export interface ReceiptOptions extends WorkflowOptions {
  /** Lifetime of the presigned link in seconds (1-604800). Default 3600. */
  expirationSeconds?: number | undefined;
}

/** A receipt: the file, its link to the payment, and a presigned download link. */
export interface Receipt {
  /** The uploaded file. */
  file: FileInfo;
  /** The `file_links` row tying it to the payment. */
  link: FileLinkRow;
  /** A presigned download URL. */
  url: PresignedUrl;
}

function checkExpiry(c: Check, v: number | undefined): void {
  if (v !== undefined && (!Number.isInteger(v) || v < 1 || v > PRESIGN_EXPIRATION_MAX_SECONDS)) c.fail("options.expirationSeconds", `must be an integer 1-${PRESIGN_EXPIRATION_MAX_SECONDS}`, "invalid_int");
}

/** The id of the link of a file to an entity (derived, so a re-run links once). */
export const fileLinkId = (projectId: string, fileId: string, entityType: string, entityId: string): string => naturalKeyId(projectId, "file_links", [fileId, entityType, entityId]);

/**
 * The workflow behind `scope.attachReceipt`: uploads the proof (metadata names the
 * payment and contact), links it to the payment in `file_links`, and returns a presigned link.
 */
export async function attachReceipt(scope: WorkflowScope, input: AttachReceiptInput, options: ReceiptOptions = {}): Promise<Receipt> {
  const c = new Check(input as unknown as Record<string, unknown>);
  c.known(["payment_id", "file_name", "content", "content_type"]);
  c.uuid("payment_id", true);
  c.text("file_name", { required: true, max: 255 });
  c.text("content_type");
  if (input.content === undefined || input.content === null) c.fail("content", "required", "required");
  checkExpiry(c, options.expirationSeconds);
  c.done();
  const { expirationSeconds, ...wo } = options;
  const ro = requestOptions(wo);
  const payment = await scope.payments.find(input.payment_id, ro);
  if (payment === undefined) throw new ValidationError([{ path: "payment_id", message: `no payment ${input.payment_id} in this project`, code: "not_found" }]);
  const file = await scope.files.upload(
    {
      file_name: input.file_name,
      content: input.content,
      ...(input.content_type === undefined ? {} : { content_type: input.content_type }),
      folder: "receipts",
      metadata: { project_id: scope.projectId, kind: "receipt", payment_id: payment.id, contact_id: payment.contact_id },
    },
    ro,
  );
  const link = await scope.fileLinks.create({ id: fileLinkId(scope.projectId, file.file_id, "payment", payment.id), file_id: file.file_id, entity_type: "payment", entity_id: payment.id }, ro);
  const url = await scope.files.presignedUrl(file.file_id, expirationSeconds === undefined ? {} : { expiration_seconds: expirationSeconds }, ro);
  return { file, link, url };
}

/** The receipts linked to a payment, each with a fresh presigned link. */
export async function receipts(scope: WorkflowScope, paymentId: string, options: ReceiptOptions = {}): Promise<Receipt[]> {
  const c = new Check({ paymentId });
  c.uuid("paymentId", true);
  checkExpiry(c, options.expirationSeconds);
  c.done();
  const { expirationSeconds, ...wo } = options;
  const ro = requestOptions(wo);
  const links = await scope.fileLinks.query({ filter: { entity_type: "payment", entity_id: paymentId }, limit: 1000 }, ro).toArray();
  const out: Receipt[] = [];
  for (const link of links) {
    const file = await scope.files.get(link.file_id, ro);
    const url = await scope.files.presignedUrl(link.file_id, expirationSeconds === undefined ? {} : { expiration_seconds: expirationSeconds }, ro);
    out.push({ file, link, url });
  }
  return out;
}

/** Input of `scope.recordMessage`. */
export interface RecordMessageInput {
  /** `outbound` (sent) or `inbound` (received). */
  direction: Direction;
  /** The text; stored only when the scope's `storeMessageContent` (or `options.storeContent`) is on, hashed always. */
  content: string;
  /** Default `whatsapp`. */
  channel?: Channel | undefined;
  contact_id?: string | undefined;
  session_id?: string | undefined;
  user_id?: string | undefined;
  interaction_id?: string | undefined;
  /** The other party's phone, any common format (stored E.164). */
  counterparty_phone?: string | undefined;
  /** The provider's message id (WhatsApp `wamid`); the row id derives from it, so a redelivery is stored once. */
  provider_message_id?: string | undefined;
  /** Delivery status from the provider. */
  status?: string | undefined;
  /** When sent or received. Default: `options.now`, else the clock. */
  occurred_at?: Date | string | undefined;
}

/** Options of `scope.recordMessage`. */
export interface RecordMessageOptions extends WorkflowOptions {
  /** Keep the raw text for this message, over the scope's `storeMessageContent`. */
  storeContent?: boolean | undefined;
}

/**
 * The lower-case hex SHA-256 of a message's UTF-8 text.
 * @example
 * ```ts
 * messageSha256("Namaste"); // "…64 hex digits…"
 * ```
 */
export function messageSha256(content: string): string {
  return createHash("sha256").update(content, "utf8").digest("hex");
}

/**
 * The workflow behind `scope.recordMessage`: one audit row (raw text only when storage is
 * on; metadata and the SHA-256 always), then `whatsapp.message.sent` / `.received`.
 */
export async function recordMessage(scope: WorkflowScope, settings: WorkflowSettings, input: RecordMessageInput, options: RecordMessageOptions = {}): Promise<MessageRow> {
  if (input.counterparty_phone !== undefined) await loadPhoneNormalizer();
  const c = new Check(input as unknown as Record<string, unknown>);
  c.known(["direction", "content", "channel", "contact_id", "session_id", "user_id", "interaction_id", "counterparty_phone", "provider_message_id", "status", "occurred_at"]);
  c.oneOf("direction", DIRECTIONS, true);
  if (typeof input.content !== "string") c.fail("content", "must be a string", "invalid_type");
  c.oneOf("channel", CHANNELS);
  c.uuid("contact_id");
  c.uuid("session_id");
  c.uuid("user_id");
  c.uuid("interaction_id");
  c.text("provider_message_id");
  c.text("status");
  c.time("occurred_at");
  let phone: string | undefined;
  if (input.counterparty_phone !== undefined) {
    const p = typeof input.counterparty_phone === "string" ? phoneNormalizer().normalizePhone(input.counterparty_phone) : undefined;
    if (p === undefined || !p.valid || p.e164 === null) c.fail("counterparty_phone", "must be a valid phone number", "invalid_phone");
    else phone = p.e164;
  }
  c.done();
  const { storeContent, ...wo } = options;
  const now = nowOf(wo);
  const ro = requestOptions(wo);
  const keep = storeContent ?? settings.storeMessageContent ?? false;
  const { content, occurred_at, counterparty_phone: _p, ...fields } = input;
  const id = input.provider_message_id === undefined ? newId() : messageId(scope.projectId, input.provider_message_id);
  const found = await scope.messages.find(id, ro);
  const row =
    found ??
    (await scope.messages.create(
      { ...fields, id, ...(phone === undefined ? {} : { counterparty_phone: phone }), ...(keep ? { content } : {}), content_sha256: messageSha256(content), occurred_at: isoOf(occurred_at ?? now) },
      ro,
    ));
  const type = row.direction === "outbound" ? "whatsapp.message.sent" : "whatsapp.message.received";
  await publishEvent(
    scope.events,
    buildEvent(scope.projectId, type, {
      user_id: row.user_id ?? undefined,
      session_id: row.session_id ?? undefined,
      occurred_at: row.occurred_at,
      message_id: row.id,
      contact_id: row.contact_id ?? undefined,
      payload: { channel: row.channel, content_sha256: row.content_sha256, provider_message_id: row.provider_message_id ?? undefined, content_stored: row.content != null },
    }),
    ro,
  );
  return row;
}

/** Input of `scope.recordUsage`: one assistant turn's tokens. */
export interface RecordUsageInput {
  /** `meta_llama`, `anthropic`... */
  provider: string;
  /** The model. */
  model: string;
  prompt_tokens?: number | undefined;
  completion_tokens?: number | undefined;
  /** Default: prompt + completion. */
  total_tokens?: number | undefined;
  /** Tool-loop iterations of the turn. Default 1. */
  iterations?: number | undefined;
  /** The operator. */
  user_id?: string | undefined;
  /** The operator's session. */
  session_id?: string | undefined;
  /** The provider's completion id (`chatcmpl-…`); the row id derives from it, so a retry is stored once. */
  request_id?: string | undefined;
  /** When. Default: `options.now`, else the clock. */
  created_at?: Date | string | undefined;
}

/**
 * The workflow behind `scope.recordUsage`: one `provider_usage` row, then `ai.usage.recorded`.
 */
export async function recordUsage(scope: WorkflowScope, input: RecordUsageInput, options: WorkflowOptions = {}): Promise<ProviderUsageRow> {
  const c = new Check(input as unknown as Record<string, unknown>);
  c.known(["provider", "model", "prompt_tokens", "completion_tokens", "total_tokens", "iterations", "user_id", "session_id", "request_id", "created_at"]);
  c.text("provider", { required: true });
  c.text("model", { required: true });
  for (const f of ["prompt_tokens", "completion_tokens", "total_tokens", "iterations"]) c.int(f);
  if (input.iterations === 0) c.fail("iterations", "must be at least 1", "too_small");
  c.uuid("user_id");
  c.uuid("session_id");
  c.text("request_id");
  c.time("created_at");
  c.done();
  const now = nowOf(options);
  const ro = requestOptions(options);
  const prompt = input.prompt_tokens ?? 0;
  const completion = input.completion_tokens ?? 0;
  const { created_at, ...fields } = input;
  const id = input.request_id === undefined ? newId() : naturalKeyId(scope.projectId, "provider_usage", [input.provider, input.request_id]);
  const row =
    (await scope.providerUsage.find(id, ro)) ??
    (await scope.providerUsage.create({ ...fields, id, prompt_tokens: prompt, completion_tokens: completion, total_tokens: input.total_tokens ?? prompt + completion, created_at: isoOf(created_at ?? now) }, ro));
  await publishEvent(
    scope.events,
    buildEvent(scope.projectId, "ai.usage.recorded", {
      user_id: row.user_id ?? undefined,
      session_id: row.session_id ?? undefined,
      occurred_at: row.created_at,
      usage_id: row.id,
      payload: {
        provider: row.provider,
        model: row.model,
        iterations: row.iterations,
        prompt_tokens: row.prompt_tokens,
        completion_tokens: row.completion_tokens,
        total_tokens: row.total_tokens,
        request_id: row.request_id ?? undefined,
      },
    }),
    ro,
  );
  return row;
}

/** Options of `scope.usageDaily`. */
export interface UsageDailyOptions extends WorkflowOptions {
  /** First local date `YYYY-MM-DD` (inclusive). Default: 30 days before `to`. */
  from?: string | undefined;
  /** Last local date `YYYY-MM-DD` (inclusive). Default: today in the time zone. */
  to?: string | undefined;
  /** Only this operator. */
  userId?: string | undefined;
  /** Default: the scope's setting, else `Asia/Kolkata`. */
  timeZone?: string | undefined;
}

/**
 * The workflow behind `scope.usageDaily`: provider usage summed per local day and operator.
 */
export async function usageDaily(scope: WorkflowScope, settings: WorkflowSettings, options: UsageDailyOptions = {}): Promise<DailyUsage[]> {
  const { from, to, userId, timeZone, ...wo } = options;
  const c = new Check({ from, to, userId, timeZone });
  c.date("from");
  c.date("to");
  c.uuid("userId");
  c.text("timeZone");
  const tz = timeZone ?? settings.timeZone ?? "Asia/Kolkata";
  if (!isTimeZone(tz)) c.fail("timeZone", "must be an IANA time zone, e.g. Asia/Kolkata", "invalid_time_zone");
  c.done();
  const now = nowOf(wo);
  const ro = requestOptions(wo);
  const last = to ?? dateInZone(now, tz);
  const first = from ?? new Date(Date.parse(`${last}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10);
  // a local day lies within UTC [date - 14 h, date + 1 day + 14 h]: fetch that window, then bucket exactly
  const lo = new Date(Date.parse(`${first}T00:00:00Z`) - 14 * 3_600_000).toISOString();
  const hi = new Date(Date.parse(`${last}T00:00:00Z`) + 38 * 3_600_000).toISOString();
  const rows = await scope.providerUsage
    .query({ filter: { created_at: { $gte: lo, $lt: hi }, ...(userId === undefined ? {} : { user_id: userId }) }, limit: 1000 }, ro)
    .toArray();
  return dailyUsage(rows, { timeZone: tz }).filter((d) => d.date >= first && d.date <= last);
}

/** Input of `scope.recordToolError`. */
export interface RecordToolErrorInput {
  /** The tool that failed (e.g. `log_interaction`). */
  tool: string;
  /** What went wrong (no secrets: the message is published as is). */
  error: string;
  /** The agent that called it. Default `calltime_operator`. */
  agent_id?: string | undefined;
  /** The operator. */
  user_id?: string | undefined;
  /** The operator's session. */
  session_id?: string | undefined;
  /**
   * The model's id of the failed call (e.g. `toolu_01…`): a retried publish of the same call
   * carries the same `event_id`. Without it every call publishes an event of its own.
   */
  call_id?: string | undefined;
}

/** The workflow behind `scope.recordToolError`: publishes `ai.tool.error`. */
export async function recordToolError(scope: WorkflowScope, input: RecordToolErrorInput, options: WorkflowOptions = {}): Promise<void> {
  const c = new Check(input as unknown as Record<string, unknown>);
  c.known(["tool", "error", "agent_id", "user_id", "session_id", "call_id"]);
  c.text("tool", { required: true, max: 200 });
  c.text("call_id", { max: 200 });
  c.text("error", { required: true, max: 2000 });
  c.text("agent_id");
  c.uuid("user_id");
  c.uuid("session_id");
  c.done();
  const now = nowOf(options);
  await publishEvent(
    scope.events,
    buildEvent(scope.projectId, "ai.tool.error", {
      user_id: input.user_id,
      session_id: input.session_id,
      occurred_at: now.toISOString(),
      payload: { tool: input.tool, error: input.error, agent_id: input.agent_id ?? "calltime_operator" },
    }, [input.tool, input.call_id ?? newId()]),
    requestOptions(options),
  );
}
