// Small row builders for the NEXT ranking tests: rows as the tables store them.
import type {
  NextSnapshot,
  SnapshotContact,
  SnapshotFollowup,
  SnapshotIdentity,
  SnapshotInteraction,
  SnapshotPayment,
  SnapshotPledge,
} from "../../src/next/types.js";

/** 16:00 in Kolkata on 1 Dec 2026 (the local day started at 2026-11-30T18:30Z). */
export const NOW = "2026-12-01T10:30:00.000Z";
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** An ISO instant `ms` milliseconds from NOW. */
export function at(ms: number, from = NOW): string {
  return new Date(Date.parse(from) + ms).toISOString();
}

export function contact(id: string, extra: Partial<SnapshotContact> = {}): SnapshotContact {
  return { id, display_name: `${id[0]!.toUpperCase()}${id.slice(1)} Rao`, status: "active", ...extra };
}

let seq = 0;
function digits(contactId: string): string {
  let h = 0;
  for (const ch of contactId) h = (h * 31 + ch.charCodeAt(0)) % 100_000;
  return String(h).padStart(5, "0");
}

export function phone(contactId: string, extra: Partial<SnapshotIdentity> = {}): SnapshotIdentity {
  return { contact_id: contactId, type: "phone", value: `+9198765${digits(contactId)}`, is_primary: true, is_whatsapp_capable: true, is_valid: true, ...extra };
}

export function interaction(contactId: string, occurredAt: string, extra: Partial<SnapshotInteraction> = {}): SnapshotInteraction {
  return { id: `i-${contactId}-${occurredAt}-${++seq}`, contact_id: contactId, channel: "call", direction: "outbound", outcome: "spoke", occurred_at: occurredAt, ...extra };
}

export function followup(contactId: string, dueAt: string, extra: Partial<SnapshotFollowup> = {}): SnapshotFollowup {
  return { id: `f-${contactId}-${dueAt}-${++seq}`, contact_id: contactId, due_at: dueAt, status: "scheduled", reason: "no_response", ...extra };
}

export function pledge(contactId: string, amount: number | string, extra: Partial<SnapshotPledge> = {}): SnapshotPledge {
  return { id: `p-${contactId}-${++seq}`, contact_id: contactId, amount, status: "open", ...extra };
}

export function payment(contactId: string, pledgeId: string, amount: number | string, extra: Partial<SnapshotPayment> = {}): SnapshotPayment {
  return { id: `pay-${contactId}-${++seq}`, contact_id: contactId, pledge_id: pledgeId, amount, status: "confirmed", paid_at: at(-10 * DAY), ...extra };
}

/** Contacts with one valid WhatsApp-capable phone each, plus the given rows. */
export function snapshot(contacts: SnapshotContact[], rest: Omit<NextSnapshot, "contacts"> = {}): NextSnapshot {
  const identities = rest.identities ?? contacts.map((c) => phone(c.id));
  return { ...rest, contacts, identities };
}
