/**
 * Outbound WhatsApp (issue 10 §2) against the local server: recording a sent draft, and
 * delivery statuses that only move forward.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EventOf, type ProjectScope } from "../../src/index.js";
import type { TestScope } from "../../src/testing/index.js";
import { repoScope } from "./repo-helpers.js";
import { messageWebhook, statusWebhook } from "./whatsapp-webhooks.js";

const T0 = Date.parse("2026-01-09T04:30:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

let t: TestScope;
let scope: ProjectScope;
let contactId: string;
beforeAll(async () => {
  t = await repoScope();
  scope = t.scope.configureWorkflows({ semantic: false });
  const c = await scope.createContact({ display_name: "Meera Iyer" });
  await scope.contactIdentities.create({ contact_id: c.id, type: "phone", value: "+91 98765 43210", is_primary: true, is_whatsapp_capable: true });
  contactId = c.id;
});
afterAll(() => t?.cleanup());

describe("recordOutboundWhatsApp", () => {
  it("audits the send (no text), logs a no_response whatsapp interaction without a followup, publishes once; a retry writes nothing", async () => {
    const user = await scope.users.create({ full_name: "Op", role: "USER" });
    const input = { contact_id: contactId, text: "Namaste Meera ji, thank you for last year's ₹5,000!", provider_message_id: "wamid.OUT1", user_id: user.id };
    const r = await scope.recordOutboundWhatsApp(input, { now: at(0) });
    expect(r.duplicate).toBe(false);
    expect(r.message).toMatchObject({ direction: "outbound", status: "sent", contact_id: contactId, counterparty_phone: "+919876543210", provider_message_id: "wamid.OUT1", interaction_id: r.interaction?.id, user_id: user.id });
    expect(r.message.content ?? null).toBeNull();
    expect(r.interaction).toMatchObject({ channel: "whatsapp", direction: "outbound", outcome: "no_response", summary: "WhatsApp message sent", created_by_user_id: user.id });
    expect(r.followups).toEqual([]);
    const again = await scope.recordOutboundWhatsApp(input, { now: at(5) });
    expect(again).toMatchObject({ duplicate: true, message: { id: r.message.id }, interaction: { id: r.interaction!.id } });
    expect(await scope.messages.query({ filter: { provider_message_id: "wamid.OUT1" } }).toArray()).toHaveLength(1);
    expect(await scope.interactions.query({ filter: { contact_id: contactId, direction: "outbound" } }).toArray()).toHaveLength(1);
    const sent = (await scope.events.list({ topic: "whatsapp.message.sent" }).toArray()).filter((e) => (e.event_payload.payload as { provider_message_id?: string }).provider_message_id === "wamid.OUT1");
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent)).not.toContain("Namaste");
  });

  it("schedules the no_response followup only when asked; interaction: false logs none", async () => {
    const withFollowup = await scope.recordOutboundWhatsApp({ contact_id: contactId, text: "Reminder", provider_message_id: "wamid.OUT2" }, { now: at(10), noResponseFollowup: true });
    expect(withFollowup.followups.map((f) => [f.reason, f.due_at])).toEqual([["no_response", at(10 + 24 * 60).toISOString()]]);
    const bare = await scope.recordOutboundWhatsApp({ contact_id: contactId, text: "Link", provider_message_id: "wamid.OUT3", interaction: false });
    expect(bare.interaction).toBeUndefined();
    expect(bare.message.interaction_id ?? null).toBeNull();
  });

  it("refuses bad input naming the field, before any write", async () => {
    await expect(scope.recordOutboundWhatsApp({ contact_id: "nope", text: "" })).rejects.toMatchObject({ name: "ValidationError", issues: [{ path: "contact_id" }, { path: "text" }] });
    await expect(scope.recordOutboundWhatsApp({ contact_id: contactId, text: "x".repeat(4097) })).rejects.toMatchObject({ issues: [{ path: "text", code: "too_long" }] });
    await expect(scope.recordOutboundWhatsApp({ contact_id: contactId, text: "hi", outcome: "reschedule" })).rejects.toMatchObject({ issues: [{ path: "outcome" }] });
  });
});

describe("delivery statuses", () => {
  it("move forward only: a late delivered never undoes read; failed is final and keeps its error code", async () => {
    await scope.recordOutboundWhatsApp({ contact_id: contactId, text: "Pledge link", provider_message_id: "wamid.ST1" }, { now: at(20) });
    const apply = async (status: "sent" | "delivered" | "read" | "failed", minute: number) => (await scope.ingestWhatsApp(statusWebhook(status, "wamid.ST1", at(minute)))).statuses[0]!;
    const statusNow = async () => (await scope.messages.query({ filter: { provider_message_id: "wamid.ST1" } }).toArray())[0]!.status;

    expect(await apply("read", 23)).toMatchObject({ messageId: "wamid.ST1", status: "read", updated: true });
    expect(await apply("delivered", 22)).toMatchObject({ status: "delivered", updated: false });
    expect(await apply("sent", 21)).toMatchObject({ updated: false });
    expect(await statusNow()).toBe("read");
    expect(await apply("failed", 24)).toMatchObject({ status: "failed", updated: true, errorCode: 131047 });
    expect(await apply("read", 25)).toMatchObject({ updated: false });
    expect(await apply("failed", 24)).toMatchObject({ updated: false });
    expect(await statusNow()).toBe("failed");

    const events = (await scope.events.since(null, { topic: "whatsapp.message.status" })).events as EventOf<"whatsapp.message.status">[];
    expect(events.map((e) => [e.payload.previous_status, e.payload.status, e.payload.error_code])).toEqual([
      ["sent", "read", undefined],
      ["read", "failed", 131047],
    ]);
    expect(events.every((e) => e.contact_id === contactId)).toBe(true);
  });

  it("in order, each step lands once even when redelivered", async () => {
    await scope.recordOutboundWhatsApp({ contact_id: contactId, text: "Thanks", provider_message_id: "wamid.ST2" }, { now: at(30) });
    const steps = ["sent", "delivered", "delivered", "read", "sent", "read"] as const;
    const updated = [];
    for (const [i, s] of steps.entries()) updated.push((await scope.ingestWhatsApp(statusWebhook(s, "wamid.ST2", at(31 + i)))).statuses[0]!.updated);
    // sent: the row already says sent
    expect(updated).toEqual([false, true, false, true, false, false]);
  });

  it("a status about a message never recorded (or a received one) changes nothing", async () => {
    const r = await scope.ingestWhatsApp(statusWebhook("delivered", "wamid.NEVER", at(40)));
    expect(r.statuses).toEqual([{ messageId: "wamid.NEVER", status: "delivered", updated: false }]);
    expect(await scope.messages.query({ filter: { provider_message_id: "wamid.NEVER" } }).toArray()).toEqual([]);
    await scope.ingestWhatsApp(messageWebhook("text", { wamid: "wamid.IN9", from: "+919876543210", at: at(41) }));
    expect((await scope.ingestWhatsApp(statusWebhook("read", "wamid.IN9", at(42)))).statuses[0]!.updated).toBe(false);
    expect((await scope.messages.query({ filter: { provider_message_id: "wamid.IN9" } }).toArray())[0]!.status ?? null).toBeNull();
  });
});
