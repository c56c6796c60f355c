/**
 * The events {@link parseWebhook} reads out of a WhatsApp Business Cloud API webhook.
 * Field names are camelCase; the wire's snake_case stays in `raw`.
 * @module
 */

/** Where a message or status came in: the business number the webhook is about. */
interface FromBusinessNumber {
  /** `metadata.phone_number_id`: the id to send replies from; undefined if the change had none. */
  phoneNumberId?: string;
  /** `metadata.display_phone_number`, digits as WhatsApp sends them. */
  displayPhoneNumber?: string;
}

interface MessageBase extends FromBusinessNumber {
  kind: "message";
  /** The WhatsApp message id (`wamid.…`): the key for idempotent ingestion. */
  messageId: string;
  /** The sender in E.164 (`+919876543210`); undefined if `from` was not a phone number. */
  from?: string;
  /** The sender's WhatsApp profile name, from `contacts[].profile.name`. */
  fromName?: string;
  /** When WhatsApp received it, ISO 8601 UTC; undefined if the timestamp was not unix seconds. */
  timestamp?: string;
  /** The message this one replies to (`context.id`), e.g. the template a button belongs to. */
  contextMessageId?: string;
  /** Readable text: the body, the button's or the reply's title, or the media caption. */
  text?: string;
  /** The message object as received. */
  raw: unknown;
}

/** A plain text message. */
export interface TextMessageEvent extends MessageBase {
  type: "text";
  text: string;
}

/** A tap on a template's quick-reply button. */
export interface ButtonMessageEvent extends MessageBase {
  type: "button";
  /** The payload the template defined for the button. */
  payload?: string;
}

/** A reply to an interactive message: a reply button or a list row. */
export interface InteractiveMessageEvent extends MessageBase {
  type: "interactive";
  reply: {
    kind: "button_reply" | "list_reply";
    /** The id the business gave the button or row. */
    id: string;
    title?: string;
    /** A list row's description. */
    description?: string;
  };
}

/** A media file the sender attached; `id` downloads it through the Graph media endpoint. */
export interface WebhookMedia {
  id: string;
  mimeType?: string;
  sha256?: string;
  caption?: string;
  /** Documents only. */
  filename?: string;
}

/** An image or a document. */
export interface MediaMessageEvent extends MessageBase {
  type: "image" | "document";
  media: WebhookMedia;
}

/** A shared location. */
export interface LocationMessageEvent extends MessageBase {
  type: "location";
  location: { latitude: number; longitude: number; name?: string; address?: string };
}

/** A reaction to an earlier message; an empty `emoji` means the reaction was removed. */
export interface ReactionMessageEvent extends MessageBase {
  type: "reaction";
  reaction: { messageId: string; emoji: string };
}

/**
 * A message of a type this parser does not read (sticker, audio, order, system, unsupported…),
 * or of a known type without its required part; kept with `raw`, never dropped.
 */
export interface UnknownMessageEvent extends MessageBase {
  type: "unknown";
  /** The wire's `type`, e.g. `"sticker"`. */
  originalType?: string;
}

/** One inbound WhatsApp message, discriminated by `type`. */
export type MessageEvent =
  | TextMessageEvent
  | ButtonMessageEvent
  | InteractiveMessageEvent
  | MediaMessageEvent
  | LocationMessageEvent
  | ReactionMessageEvent
  | UnknownMessageEvent;

/** One error WhatsApp attached to a status (`131047` = 24-hour window expired, …). */
export interface WebhookError {
  code?: number;
  title?: string;
  message?: string;
  /** `error_data.details`. */
  details?: string;
}

/** A delivery status of a message the business sent. */
export interface StatusEvent extends FromBusinessNumber {
  kind: "status";
  /** `"unknown"` for statuses this parser does not know (`deleted`, `warning`…); see `raw`. */
  status: "sent" | "delivered" | "read" | "failed" | "unknown";
  /** The id of the sent message this status is about. */
  messageId: string;
  /** The recipient in E.164; undefined if `recipient_id` was not a phone number (e.g. a group). */
  recipient?: string;
  timestamp?: string;
  /** Empty unless WhatsApp sent errors (always on `failed`). */
  errors: WebhookError[];
  conversationId?: string;
  /** `pricing.category`, e.g. `"marketing"`, `"utility"`, `"service"`. */
  pricingCategory?: string;
  /** The status object as received. */
  raw: unknown;
}

/**
 * A part of a webhook this parser does not read: a change whose `field` is not `"messages"`,
 * a message or status without an id, change-level `errors`, or a malformed entry.
 */
export interface UnknownWebhookEvent {
  kind: "unknown";
  /** The path of the part in the payload, e.g. `entry[0].changes[1]`. */
  where: string;
  raw: unknown;
}

/** One event of a WhatsApp webhook, in payload order. */
export type WebhookEvent = MessageEvent | StatusEvent | UnknownWebhookEvent;
