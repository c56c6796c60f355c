/**
 * WhatsApp ingestion under the local server's seeded faults (its own embedded server): a
 * delivery that fails half-way is delivered again, as WhatsApp does after a 5xx, until it
 * succeeds; every message, interaction and event is still stored once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestScope, stopTestServer, type TestScope } from "../../src/testing/index.js";
import { MESSAGE_FIXTURES, messageWebhook, statusWebhook } from "./whatsapp-webhooks.js";

let t: TestScope;
beforeAll(async () => {
  t = await createTestScope({ client: { maxRetries: 8, retryBaseDelay: 1, retryMaxDelay: 10, timeout: 5_000 } });
});
afterAll(async () => {
  t?.server?.setFaults(undefined);
  await t?.cleanup();
  await stopTestServer();
});

/** Delivers until the endpoint answers 200: what WhatsApp does with a failed delivery. */
async function deliverUntilOk<T>(run: () => Promise<T>): Promise<{ result: T; attempts: number }> {
  for (let attempts = 1; ; attempts++) {
    try {
      return { result: await run(), attempts };
    } catch (error) {
      if (attempts > 40) throw error;
    }
  }
}

describe("ingestWhatsApp re-delivered after injected faults", () => {
  it("stores each message, interaction and event once", async () => {
    const { scope, server } = t;
    scope.configureWorkflows({ semantic: false });
    const c = await scope.createContact({ display_name: "Meera Iyer" });
    await scope.contactIdentities.create({ contact_id: c.id, type: "phone", value: "+91 98765 43210", is_primary: true, is_whatsapp_capable: true });
    const at = (m: number) => new Date(Date.UTC(2026, 0, 9, 4, 30 + m));
    server!.setFaults({ seed: 11, lostResponseRate: 0.2, resetRate: 0.05, errorRate: 0.05, retryAfterSeconds: 0.001 });
    let attempts = 0;
    for (let i = 0; i < 12; i++) {
      const payload = messageWebhook(MESSAGE_FIXTURES[i % MESSAGE_FIXTURES.length]!, { wamid: `wamid.FLT${i}`, from: "+919876543210", at: at(i) });
      attempts += (await deliverUntilOk(() => scope.ingestWhatsApp(payload, { now: at(i) }))).attempts;
    }
    await deliverUntilOk(() => scope.recordOutboundWhatsApp({ contact_id: c.id, text: "Thank you!", provider_message_id: "wamid.FLTOUT" }, { now: at(20) }));
    for (const s of ["delivered", "read"] as const) await deliverUntilOk(() => scope.ingestWhatsApp(statusWebhook(s, "wamid.FLTOUT", at(21))));
    const stats = server!.faultStats();
    server!.setFaults(undefined);
    expect(stats.lostResponses).toBeGreaterThan(0);
    expect(attempts).toBeGreaterThan(12);

    const rows = await scope.messages.query({ filter: { contact_id: c.id }, limit: 100 }).toArray();
    expect(rows.map((r) => r.provider_message_id).sort()).toEqual([...Array.from({ length: 12 }, (_, i) => `wamid.FLT${i}`), "wamid.FLTOUT"].sort());
    expect(rows.find((r) => r.provider_message_id === "wamid.FLTOUT")?.status).toBe("read");
    const interactions = await scope.interactions.query({ filter: { contact_id: c.id }, limit: 100 }).toArray();
    expect(interactions).toHaveLength(13);
    expect(new Set(rows.map((r) => r.interaction_id)).size).toBe(13);
    // a lost answer to a publish stores the event twice; since() gives each event_id once
    const received = (await scope.events.since(null, { topic: "whatsapp.message.received", limit: 1000 })).events;
    expect(received).toHaveLength(12);
    expect(new Set(received.map((e) => e.event_id)).size).toBe(12);
  });
});
