/**
 * What inbound and outbound WhatsApp messages share: their derived ids, the audit row's
 * content and hash, and the interaction summary that never carries the text unless raw
 * storage is on.
 * @module
 */
import { messageId, naturalKeyId } from "../domain/ids.js";
import type { ContactIdentityRow } from "../schema/index.js";
import { messageSha256 } from "./records.js";

/** Delivery statuses in the order they may follow each other; `failed` is final. */
const STATUS_RANK: Readonly<Record<string, number>> = { sent: 1, delivered: 2, read: 3, failed: 4 };

/**
 * Whether a message's delivery status may move from `current` to `next`: only forward
 * (`sent` < `delivered` < `read`), and `failed` wins over all and is never left.
 * @example
 * ```ts
 * statusAdvances("read", "delivered"); // false: a late "delivered" never undoes "read"
 * statusAdvances("delivered", "failed"); // true
 * ```
 */
export function statusAdvances(current: string | null | undefined, next: string): boolean {
  const to = STATUS_RANK[next];
  if (to === undefined) return false;
  return to > (current == null ? 0 : (STATUS_RANK[current] ?? 0));
}

/**
 * The ids a WhatsApp message id (`wamid`) fixes, so a redelivered webhook or a retried
 * send finds the rows it already wrote: the audit row and the interaction.
 * @example
 * ```ts
 * const { rowId, interactionId } = whatsappIds(scope.projectId, "wamid.HBgM...");
 * ```
 */
export function whatsappIds(projectId: string, wamid: string): { rowId: string; interactionId: string } {
  return { rowId: messageId(projectId, wamid), interactionId: naturalKeyId(projectId, "interactions", ["whatsapp", wamid]) };
}

/** Interaction summaries stay short; the interactions table takes up to 4,000 characters. */
const SUMMARY_MAX = 4000;

/**
 * The interaction's summary for a WhatsApp message: a description without the content
 * ("WhatsApp text received"), or with the text after it when raw storage is on.
 * @example
 * ```ts
 * whatsappSummary("inbound", "text", "Namaste", false); // "WhatsApp text received"
 * ```
 */
export function whatsappSummary(direction: "inbound" | "outbound", kind: string, text: string | undefined, keepContent: boolean): string {
  const head = direction === "inbound" ? `WhatsApp ${kind} received` : "WhatsApp message sent";
  if (!keepContent || text === undefined || text.trim() === "") return head;
  return `${head}: ${text}`.slice(0, SUMMARY_MAX);
}

/**
 * The audit row's content fields: the SHA-256 always (of the text, else of the message as
 * received), the raw text only when kept.
 * @example
 * ```ts
 * auditContent("Namaste", undefined, false); // { content_sha256: "…" }
 * ```
 */
export function auditContent(text: string | undefined, raw: unknown, keepContent: boolean): { content_sha256: string; content?: string } {
  const content_sha256 = messageSha256(text ?? JSON.stringify(raw ?? null));
  return keepContent && text !== undefined ? { content_sha256, content: text } : { content_sha256 };
}

/**
 * The phone a contact is reached on over WhatsApp: the valid primary WhatsApp-capable
 * phone, else any valid WhatsApp-capable one, else the valid primary phone.
 * @example
 * ```ts
 * whatsappPhone(await scope.contactIdentities.forContact(contactId))?.value; // "+919876543210"
 * ```
 */
export function whatsappPhone(identities: readonly ContactIdentityRow[]): ContactIdentityRow | undefined {
  const phones = identities.filter((i) => i.type === "phone" && i.is_valid);
  return phones.find((i) => i.is_whatsapp_capable && i.is_primary) ?? phones.find((i) => i.is_whatsapp_capable) ?? phones.find((i) => i.is_primary);
}
