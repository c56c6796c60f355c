/**
 * WhatsApp Business Cloud API webhooks, pure: the subscription handshake, the
 * `X-Hub-Signature-256` check and a parser from the payload to typed events.
 * @module
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type {
  MessageEvent,
  StatusEvent,
  UnknownMessageEvent,
  WebhookError,
  WebhookEvent,
  WebhookMedia,
} from "./webhook-types.js";

export type * from "./webhook-types.js";

/** The longest text message WhatsApp accepts, in characters. */
export const WHATSAPP_TEXT_LIMIT = 4096;

/** The answer to a subscription handshake: echo `challenge` as `text/plain` with 200, else answer `status`. */
export type WebhookChallengeResult =
  | { ok: true; challenge: string }
  | { ok: false; status: 400 | 403; reason: "missing_parameter" | "unsupported_mode" | "token_mismatch" };

/**
 * Answers Meta's `GET` handshake (`hub.mode=subscribe`, `hub.verify_token`, `hub.challenge`).
 * The token is compared in constant time. A missing parameter or another mode gives 400, a wrong
 * token 403. Send the challenge back as `text/plain` (it is echoed as received).
 *
 * @throws TypeError if `verifyToken` is empty (a configuration mistake, not a bad request).
 * @example
 * const result = verifyWebhookChallenge(new URL(req.url, "http://x").searchParams, process.env.WA_VERIFY_TOKEN!);
 * if (result.ok) res.writeHead(200, { "content-type": "text/plain" }).end(result.challenge);
 * else res.writeHead(result.status).end();
 */
export function verifyWebhookChallenge(
  query: URLSearchParams | Record<string, string | string[] | undefined>,
  verifyToken: string,
): WebhookChallengeResult {
  if (typeof verifyToken !== "string" || verifyToken === "") throw new TypeError("verifyToken must be a non-empty string");
  const param = (name: string): string | undefined => {
    const value = query instanceof URLSearchParams ? query.get(name) : query[name];
    const first = Array.isArray(value) ? value[0] : value;
    return typeof first === "string" && first !== "" ? first : undefined;
  };
  const mode = param("hub.mode");
  const token = param("hub.verify_token");
  const challenge = param("hub.challenge");
  if (mode === undefined || token === undefined || challenge === undefined) {
    return { ok: false, status: 400, reason: "missing_parameter" };
  }
  if (mode !== "subscribe") return { ok: false, status: 400, reason: "unsupported_mode" };
  // Hashing first gives equal lengths, so the compare leaks neither the token nor its length.
  const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
  if (!timingSafeEqual(digest(token), digest(verifyToken))) return { ok: false, status: 403, reason: "token_mismatch" };
  return { ok: true, challenge };
}

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/**
 * Checks `X-Hub-Signature-256: sha256=<hex>`: the HMAC-SHA256 of the raw body under the app
 * secret, compared in constant time. Pass the exact bytes received, before any JSON parsing: a
 * parsed and re-serialized body differs in whitespace and escaping and will not verify. A string
 * body is taken as its UTF-8 bytes. The hex digits may be in either case. Returns false (never
 * throws) for a missing or malformed header.
 *
 * @throws TypeError if `appSecret` is empty (a configuration mistake, not a bad request).
 * @example
 * const raw = Buffer.concat(chunks); // the request body as received
 * if (!verifyWebhookSignature(raw, req.headers["x-hub-signature-256"] as string, process.env.WA_APP_SECRET!)) {
 *   return res.writeHead(401).end();
 * }
 * const events = parseWebhook(JSON.parse(raw.toString("utf8")));
 */
export function verifyWebhookSignature(
  rawBody: Uint8Array | string,
  header: string | null | undefined,
  appSecret: string,
): boolean {
  if (typeof appSecret !== "string" || appSecret === "") throw new TypeError("appSecret must be a non-empty string");
  const hex = typeof header === "string" ? SIGNATURE.exec(header.trim())?.[1] : undefined;
  if (hex === undefined) return false;
  const body = typeof rawBody === "string" ? Buffer.from(rawBody, "utf8") : rawBody;
  const expected = createHmac("sha256", appSecret).update(body).digest();
  return timingSafeEqual(Buffer.from(hex, "hex"), expected);
}

/**
 * Reads a webhook payload (the parsed JSON body) into events, in payload order. Never throws:
 * a value that is not a WhatsApp Business webhook (no `entry` array, or an `object` other than
 * `whatsapp_business_account`) gives `[]`; inside a webhook, every part it cannot read becomes a
 * `{ kind: "unknown", where, raw }` event, and a message of an unknown type a message of
 * `type: "unknown"` with its raw object, so nothing is dropped. An invalid phone number or
 * timestamp leaves that field undefined.
 *
 * @example
 * for (const event of parseWebhook(JSON.parse(rawBody))) {
 *   if (event.kind === "message" && event.type === "text") console.log(event.from, event.text);
 *   if (event.kind === "status" && event.status === "failed") console.log(event.errors[0]?.code);
 * }
 */
export function parseWebhook(payload: unknown): WebhookEvent[] {
  if (!isRecord(payload) || !Array.isArray(payload.entry)) return [];
  if (payload.object !== undefined && payload.object !== "whatsapp_business_account") return [];
  const events: WebhookEvent[] = [];
  payload.entry.forEach((entry: unknown, e) => {
    const where = `entry[${e}]`;
    if (isRecord(entry) && Array.isArray(entry.changes)) {
      entry.changes.forEach((change: unknown, c) => parseChange(change, `${where}.changes[${c}]`, events));
    } else {
      events.push({ kind: "unknown", where, raw: entry });
    }
  });
  return events;
}

function parseChange(change: unknown, where: string, events: WebhookEvent[]): void {
  if (!isRecord(change) || change.field !== "messages" || !isRecord(change.value)) {
    events.push({ kind: "unknown", where, raw: change });
    return;
  }
  const value = change.value;
  const number = businessNumber(value.metadata);
  const names = contactNames(value.contacts);
  const before = events.length;
  each(value.messages, `${where}.value.messages`, events, (m) => parseMessage(m, number, names));
  each(value.statuses, `${where}.value.statuses`, events, (s) => parseStatus(s, number));
  if (value.errors !== undefined) events.push({ kind: "unknown", where: `${where}.value.errors`, raw: value.errors });
  if (events.length === before) events.push({ kind: "unknown", where, raw: change });
}

/** Pushes `read(item)` for every item of a list, or an unknown event where it gives nothing. */
function each(list: unknown, where: string, events: WebhookEvent[], read: (item: unknown) => WebhookEvent | undefined): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) {
    events.push({ kind: "unknown", where, raw: list });
    return;
  }
  list.forEach((item: unknown, i) => events.push(read(item) ?? { kind: "unknown", where: `${where}[${i}]`, raw: item }));
}

type BusinessNumber = { phoneNumberId?: string; displayPhoneNumber?: string };

function businessNumber(metadata: unknown): BusinessNumber {
  if (!isRecord(metadata)) return {};
  return defined({ phoneNumberId: str(metadata.phone_number_id), displayPhoneNumber: str(metadata.display_phone_number) });
}

/** Profile names by wa_id (a contact without wa_id is keyed `""`). */
function contactNames(contacts: unknown): Map<string, string> {
  const names = new Map<string, string>();
  if (!Array.isArray(contacts)) return names;
  for (const contact of contacts) {
    if (!isRecord(contact)) continue;
    const name = isRecord(contact.profile) ? str(contact.profile.name) : undefined;
    if (name !== undefined) names.set(str(contact.wa_id) ?? "", name);
  }
  return names;
}

/**
 * The sender's profile name. A change carries the contact of its sender, so a lone contact names
 * the sender even when its wa_id is written differently from `from` (it happens for some countries).
 */
function senderName(names: Map<string, string>, sender: string | undefined): string | undefined {
  const byId = sender === undefined ? undefined : names.get(sender);
  return byId ?? (names.size === 1 ? [...names.values()][0] : undefined);
}

function parseMessage(raw: unknown, number: BusinessNumber, names: Map<string, string>): MessageEvent | undefined {
  if (!isRecord(raw)) return undefined;
  const messageId = str(raw.id);
  if (messageId === undefined) return undefined;
  const sender = str(raw.from);
  const base = {
    kind: "message" as const,
    messageId,
    ...number,
    ...defined({
      from: e164(sender),
      fromName: senderName(names, sender),
      timestamp: isoFromUnixSeconds(raw.timestamp),
      contextMessageId: isRecord(raw.context) ? str(raw.context.id) : undefined,
    }),
    raw,
  };
  return typed(raw, base) ?? { ...base, type: "unknown", ...defined({ originalType: str(raw.type) }) };
}

type Base = Omit<UnknownMessageEvent, "type" | "originalType">;

/** The type-specific part of a message, or undefined when its type is unknown or its part is missing. */
function typed(raw: Record<string, unknown>, base: Base): MessageEvent | undefined {
  const type = str(raw.type);
  const part = type === undefined ? undefined : raw[type];
  if (!isRecord(part)) return undefined;
  switch (type) {
    case "text": {
      const text = str(part.body);
      return text === undefined ? undefined : { ...base, type: "text", text };
    }
    case "button": {
      const payload = str(part.payload);
      const text = str(part.text);
      if (payload === undefined && text === undefined) return undefined;
      return { ...base, type: "button", ...defined({ payload, text }) };
    }
    case "interactive": {
      const kind = part.type === "button_reply" || part.type === "list_reply" ? part.type : undefined;
      const reply = kind === undefined ? undefined : part[kind];
      const id = isRecord(reply) ? str(reply.id) : undefined;
      if (kind === undefined || !isRecord(reply) || id === undefined) return undefined;
      const title = str(reply.title);
      return {
        ...base,
        type: "interactive",
        reply: { kind, id, ...defined({ title, description: str(reply.description) }) },
        ...defined({ text: title }),
      };
    }
    case "image":
    case "document": {
      const id = str(part.id);
      if (id === undefined) return undefined;
      const media: WebhookMedia = {
        id,
        ...defined({ mimeType: str(part.mime_type), sha256: str(part.sha256), caption: str(part.caption), filename: str(part.filename) }),
      };
      return { ...base, type, media, ...defined({ text: media.caption }) };
    }
    case "location": {
      const latitude = num(part.latitude);
      const longitude = num(part.longitude);
      if (latitude === undefined || longitude === undefined || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return undefined;
      return { ...base, type: "location", location: { latitude, longitude, ...defined({ name: str(part.name), address: str(part.address) }) } };
    }
    case "reaction": {
      const messageId = str(part.message_id);
      return messageId === undefined ? undefined : { ...base, type: "reaction", reaction: { messageId, emoji: str(part.emoji) ?? "" } };
    }
    default:
      return undefined;
  }
}

const STATUSES = new Set(["sent", "delivered", "read", "failed"]);

function parseStatus(raw: unknown, number: BusinessNumber): StatusEvent | undefined {
  if (!isRecord(raw)) return undefined;
  const messageId = str(raw.id);
  if (messageId === undefined) return undefined;
  return {
    kind: "status",
    status: STATUSES.has(raw.status as string) ? (raw.status as StatusEvent["status"]) : "unknown",
    messageId,
    ...number,
    ...defined({
      recipient: e164(str(raw.recipient_id)),
      timestamp: isoFromUnixSeconds(raw.timestamp),
      conversationId: isRecord(raw.conversation) ? str(raw.conversation.id) : undefined,
      pricingCategory: isRecord(raw.pricing) ? str(raw.pricing.category) : undefined,
    }),
    errors: Array.isArray(raw.errors) ? raw.errors.filter(isRecord).map(webhookError) : [],
    raw,
  };
}

function webhookError(raw: Record<string, unknown>): WebhookError {
  return defined({
    code: typeof raw.code === "number" && Number.isInteger(raw.code) ? raw.code : undefined,
    title: str(raw.title),
    message: str(raw.message),
    details: isRecord(raw.error_data) ? str(raw.error_data.details) : undefined,
  });
}

/** wa_id digits (country code first, no `+`) to E.164; undefined for anything else. */
function e164(waId: string | undefined): string | undefined {
  return waId !== undefined && /^[1-9]\d{6,14}$/.test(waId) ? `+${waId}` : undefined;
}

/** WhatsApp timestamps are unix seconds, sent as a digit string (sometimes a number). */
function isoFromUnixSeconds(value: unknown): string | undefined {
  const seconds = typeof value === "string" && /^\d{1,11}$/.test(value) ? Number(value) : value;
  if (typeof seconds !== "number" || !Number.isSafeInteger(seconds) || seconds < 0) return undefined;
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function num(value: unknown): number | undefined {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

/** The object without its undefined fields, so optional fields are absent, not `undefined`. */
function defined<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
