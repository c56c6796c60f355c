/**
 * WhatsApp ingestion (issue 10 §2) against the local server: idempotency under redelivery,
 * repeat-donor recognition, unknown senders, raw storage off, project isolation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INTERACTIONS_NAMESPACE, type CalltimeEvent, type EventOf, type ProjectScope } from "../../src/index.js";
import type { ContactRow } from "../../src/schema/index.js";
import type { TestScope } from "../../src/testing/index.js";
import { repoScope } from "./repo-helpers.js";
import { parseWebhook } from "../../src/whatsapp/index.js";
import { fixture, MESSAGE_FIXTURES, messageWebhook, shuffled } from "./whatsapp-webhooks.js";

const T0 = Date.parse("2026-01-09T04:30:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

async function addDonor(scope: ProjectScope, name: string, typed: string): Promise<ContactRow> {
  const c = await scope.createContact({ display_name: name });
  await scope.contactIdentities.create({ contact_id: c.id, type: "phone", value: typed, is_primary: true, is_whatsapp_capable: true });
  return c;
}

async function eventsOf(scope: ProjectScope, topic: string): Promise<{ events: CalltimeEvent[]; records: number }> {
  const records = await scope.events.list({ topic, limit: 1000 }).toArray();
  return { events: (await scope.events.since(null, { topic, limit: 1000 })).events, records: records.length };
}

describe("ingestWhatsApp: the same 50 webhooks delivered three times, shuffled", () => {
  let t: TestScope;
  let scope: ProjectScope;
  const known: Record<string, ContactRow> = {};
  const KNOWN = ["+919876543210", "+919812345678", "+919900112233", "+919123456780"];
  const UNKNOWN = ["+919811122233", "+919822233344"];

  beforeAll(async () => {
    t = await repoScope();
    // the summaries' embeddings and memory are tested below; here only the rows count
    scope = t.scope.configureWorkflows({ semantic: false });
    // typed as an operator would: the webhook's E.164 must still find them
    known[KNOWN[0]!] = await addDonor(scope, "Meera Iyer", "098765 43210");
    known[KNOWN[1]!] = await addDonor(scope, "Raj Malhotra", "+91 98123 45678");
    known[KNOWN[2]!] = await addDonor(scope, "Anil Kumar", "9900112233");
    known[KNOWN[3]!] = await addDonor(scope, "Sana Khan", "0091 91234 56780");
  });
  afterAll(() => t?.cleanup());

  it("stores exactly 50 messages and one interaction per message from a known sender, whatever the order", async () => {
    const senders = [...KNOWN, ...UNKNOWN];
    const webhooks = Array.from({ length: 50 }, (_, i) => ({
      wamid: `wamid.IDEM${String(i).padStart(3, "0")}`,
      from: senders[i % senders.length]!,
      payload: messageWebhook(MESSAGE_FIXTURES[i % MESSAGE_FIXTURES.length]!, { wamid: `wamid.IDEM${String(i).padStart(3, "0")}`, from: senders[i % senders.length]!, profileName: `P${i % senders.length}`, at: at(i) }),
    }));
    const fromKnown = webhooks.filter((w) => KNOWN.includes(w.from));
    expect(fromKnown.length).toBe(34);

    const deliveries = shuffled([...webhooks, ...webhooks, ...webhooks], 20260109);
    const seenBefore = new Set<string>();
    const unknownReported = new Set<string>();
    for (const d of deliveries) {
      const r = await scope.ingestWhatsApp(d.payload, { now: at(100) });
      expect(r.received).toHaveLength(1);
      const got = r.received[0]!;
      expect(got.messageId).toBe(d.wamid);
      // the first delivery writes; every later one (now or later) finds it done
      expect(got.duplicate).toBe(seenBefore.has(d.wamid));
      seenBefore.add(d.wamid);
      expect(got.contactId).toBe(known[d.from]?.id);
      expect(got.interactionId !== undefined).toBe(KNOWN.includes(d.from));
      for (const u of r.unknownSenders) unknownReported.add(u.from);
    }
    expect([...unknownReported].sort()).toEqual([...UNKNOWN].sort());

    const rows = await scope.messages.query({ filter: { direction: "inbound" }, limit: 1000 }).toArray();
    expect(rows).toHaveLength(50);
    expect(new Set(rows.map((r) => r.provider_message_id)).size).toBe(50);
    const interactions = await scope.interactions.query({ filter: { channel: "whatsapp", direction: "inbound" }, limit: 1000 }).toArray();
    expect(interactions).toHaveLength(34);
    expect(interactions.every((i) => i.outcome === "spoke")).toBe(true);
    // each sender's messages hang on that sender's contact
    for (const [phone, c] of Object.entries(known)) {
      expect(interactions.filter((i) => i.contact_id === c.id)).toHaveLength(webhooks.filter((w) => w.from === phone).length);
    }
    expect(rows.filter((r) => r.contact_id === undefined || r.contact_id === null)).toHaveLength(16);
    // one event per message: a redelivery publishes nothing
    const received = await eventsOf(scope, "whatsapp.message.received");
    expect(received.records).toBe(50);
    expect(new Set(received.events.map((e) => e.event_id)).size).toBe(50);
    // unknown senders without opt-in make no contacts
    expect((await scope.contacts.query({ limit: 1000 }).toArray()).length).toBe(4);
  });

  it("the same webhook delivered three times at once is stored once", async () => {
    const payload = messageWebhook("text", { wamid: "wamid.RACE1", from: KNOWN[0]!, at: at(200) });
    const results = await Promise.all([1, 2, 3].map(() => scope.ingestWhatsApp(structuredClone(payload), { now: at(201) })));
    expect(results.map((r) => r.received[0]!.interactionId)).toEqual(Array(3).fill(results[0]!.received[0]!.interactionId));
    expect(await scope.messages.query({ filter: { provider_message_id: "wamid.RACE1" } }).toArray()).toHaveLength(1);
    expect(await scope.interactions.query({ filter: { id: results[0]!.received[0]!.interactionId! } }).toArray()).toHaveLength(1);
  });
});

describe("ingestWhatsApp: senders", () => {
  let t: TestScope;
  let other: TestScope;
  let scope: ProjectScope;
  beforeAll(async () => {
    [t, other] = await Promise.all([repoScope(), repoScope()]);
    scope = t.scope;
  });
  afterAll(async () => {
    await t?.cleanup();
    await other?.cleanup();
  });

  it("recognizes a repeat donor by number and opens the 24-hour window with an inbound whatsapp interaction", async () => {
    const meera = await addDonor(scope, "Meera Iyer", "98765 43210");
    const first = await scope.ingestWhatsApp(messageWebhook("text", { wamid: "wamid.REP1", from: "+919876543210", profileName: "Meera", at: at(0) }), { now: at(1) });
    const later = await scope.ingestWhatsApp(messageWebhook("image", { wamid: "wamid.REP2", from: "+919876543210", at: at(60 * 24 * 3) }), { now: at(60 * 24 * 3 + 1) });
    expect([first.received[0]!.contactId, later.received[0]!.contactId]).toEqual([meera.id, meera.id]);
    expect(first.unknownSenders).toEqual([]);
    const inbound = await scope.interactions.query({ filter: { contact_id: meera.id }, sort: { occurred_at: 1 } }).toArray();
    expect(inbound.map((i) => [i.channel, i.direction, i.outcome, i.occurred_at])).toEqual([
      ["whatsapp", "inbound", "spoke", at(0).toISOString()],
      ["whatsapp", "inbound", "spoke", at(60 * 24 * 3).toISOString()],
    ]);
    // a reply is a touch: last_contacted_at follows it; it schedules no followup
    expect((await scope.contacts.get(meera.id)).last_contacted_at).toBe(at(60 * 24 * 3).toISOString());
    expect(await scope.followups.query({ filter: { contact_id: meera.id } }).toArray()).toEqual([]);
    const row = await scope.messages.get(first.received[0]!.rowId);
    expect(row).toMatchObject({ direction: "inbound", counterparty_phone: "+919876543210", provider_message_id: "wamid.REP1", occurred_at: at(0).toISOString(), interaction_id: first.received[0]!.interactionId });
  });

  it("a sender known only in another project is unknown here", async () => {
    await addDonor(other.scope, "Vikram Reddy", "+91 99887 76655");
    const r = await scope.ingestWhatsApp(messageWebhook("text", { wamid: "wamid.ISO1", from: "+919988776655", profileName: "Vikram", at: at(5) }));
    expect(r.unknownSenders).toEqual([{ from: "+919988776655", name: "Vikram" }]);
    expect(r.received[0]).toMatchObject({ contactId: undefined, interactionId: undefined, duplicate: false });
    expect(await other.scope.messages.query({ limit: 10 }).toArray()).toEqual([]);
  });

  it("with createUnknownContacts makes the contact once, with a primary WhatsApp-capable phone, and knows it afterwards", async () => {
    const payload = messageWebhook("text", { wamid: "wamid.NEW1", from: "+919845012345", profileName: "Lakshmi Menon", at: at(10) });
    const r = await scope.ingestWhatsApp(payload, { createUnknownContacts: true });
    expect(r.unknownSenders).toEqual([]);
    expect(r.createdContacts).toEqual([{ contactId: r.received[0]!.contactId, from: "+919845012345", name: "Lakshmi Menon" }]);
    const contact = await scope.contacts.get(r.received[0]!.contactId!);
    expect(contact.display_name).toBe("Lakshmi Menon");
    expect(await scope.contactIdentities.forContact(contact.id)).toMatchObject([{ type: "phone", value: "+919845012345", is_primary: true, is_whatsapp_capable: true }]);
    expect(r.received[0]!.interactionId).toBeDefined();
    // replayed an hour later: nothing new
    const replay = await scope.ingestWhatsApp(payload, { createUnknownContacts: true, now: at(70) });
    expect(replay.createdContacts).toEqual([]);
    expect(replay.received[0]).toMatchObject({ duplicate: true, contactId: contact.id });
    const next = await scope.ingestWhatsApp(messageWebhook("text", { wamid: "wamid.NEW2", from: "+919845012345", at: at(80) }));
    expect(next.received[0]!.contactId).toBe(contact.id);
    expect((await scope.events.since(null, { topic: "contact.created" })).events.filter((e) => e.type === "contact.created" && e.contact_id === contact.id)).toHaveLength(1);
  });

  it("records a do-not-contact donor's message without changing the status", async () => {
    const c = await addDonor(scope, "Ravi Shah", "+91 91234 00011");
    await scope.markDoNotContact(c.id, { reason: "asked" });
    const r = await scope.ingestWhatsApp(messageWebhook("text", { wamid: "wamid.DNC1", from: "+919123400011", at: at(20) }));
    expect(r.received[0]).toMatchObject({ contactId: c.id, duplicate: false });
    expect(r.received[0]!.interactionId).toBeDefined();
    expect((await scope.contacts.get(c.id)).status).toBe("do_not_contact");
    expect(await scope.followups.query({ filter: { contact_id: c.id, status: "scheduled" } }).toArray()).toEqual([]);
  });

  it("ignores parts that are no message or status, and audits unreadable message types without an interaction", async () => {
    const c = await addDonor(scope, "Suresh Nair", "+91 90000 11122");
    const weird = fixture("unknown-types");
    for (const m of weird.entry[0].changes[0].value.messages) m.from = "919000011122";
    const messages = parseWebhook(weird).filter((e) => e.kind === "message");
    const readable = messages.filter((m) => m.type !== "unknown").length;
    expect(readable).toBeLessThan(messages.length);
    const r = await scope.ingestWhatsApp(weird);
    expect(r.received).toHaveLength(messages.length);
    // sticker, audio, order, system, unsupported: audited, but no sign of a reply, so no interaction
    expect(r.received.filter((x) => x.interactionId !== undefined)).toHaveLength(readable);
    expect(await scope.interactions.query({ filter: { contact_id: c.id } }).toArray()).toHaveLength(readable);
    expect(await scope.messages.query({ filter: { contact_id: c.id } }).toArray()).toHaveLength(messages.length);
    expect((await scope.ingestWhatsApp(fixture("field-not-messages"))).ignored).toBeGreaterThan(0);
    expect(await scope.ingestWhatsApp({ hello: "world" })).toEqual({ received: [], statuses: [], unknownSenders: [], createdContacts: [], ignored: 0 });
  });
});

describe("ingestWhatsApp: raw storage", () => {
  let t: TestScope;
  beforeAll(async () => {
    t = await repoScope();
  });
  afterAll(() => t?.cleanup());

  it("off (the default): the text is nowhere, not in the row, the interaction, its vector, the memory or the event", async () => {
    const scope = t.scope;
    const c = await addDonor(scope, "Meera Iyer", "+91 98765 43210");
    const secret = "My UPI pin is quokka-zebra, pledging ₹7,500";
    const r = await scope.ingestWhatsApp(messageWebhook("text", { wamid: "wamid.RAW1", from: "+919876543210", at: at(0), text: secret }));
    const row = await scope.messages.get(r.received[0]!.rowId);
    expect(row.content ?? null).toBeNull();
    expect(row.content_sha256).toMatch(/^[0-9a-f]{64}$/);
    const interaction = await scope.interactions.get(r.received[0]!.interactionId!);
    expect(interaction.summary).toBe("WhatsApp text received");
    const everything = JSON.stringify({
      rows: await scope.messages.query({ limit: 100 }).toArray(),
      interactions: await scope.interactions.query({ limit: 100 }).toArray(),
      vectors: await scope.vectors.list({ namespace: INTERACTIONS_NAMESPACE, limit: 100 }).toArray(),
      memory: await scope.memory.list({ limit: 100 }).toArray(),
      events: await scope.events.list({ limit: 1000 }).toArray(),
    });
    expect(everything).not.toContain("quokka");
    expect(everything).not.toContain("UPI pin");
    // the semantic side did run: the summary was embedded and the contact's memory written
    expect(everything).toContain(`interaction:${interaction.id}:summary`);
    expect(everything).toContain(c.id);
  });

  it("on: the row keeps the text and the interaction's summary quotes it", async () => {
    const scope = t.scope;
    scope.configureWorkflows({ storeMessageContent: true });
    try {
      const r = await scope.ingestWhatsApp(messageWebhook("text", { wamid: "wamid.RAW2", from: "+919876543210", at: at(5), text: "Call me at 6" }));
      expect((await scope.messages.get(r.received[0]!.rowId)).content).toBe("Call me at 6");
      expect((await scope.interactions.get(r.received[0]!.interactionId!)).summary).toBe("WhatsApp text received: Call me at 6");
      const e = (await scope.events.since(null, { topic: "whatsapp.message.received" })).events.find((x) => x.type === "whatsapp.message.received" && x.payload.provider_message_id === "wamid.RAW2") as EventOf<"whatsapp.message.received"> | undefined;
      expect(e?.payload.content_stored).toBe(true);
    } finally {
      scope.configureWorkflows({ storeMessageContent: false });
    }
  });
});
