/**
 * Workflows under the local server's seeded faults (its own embedded server): a workflow
 * that fails half-way is run again with the same ids until it resolves, and no row,
 * followup or memory summary is ever stored twice.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contactMemoryKey } from "../../src/index.js";
import { createTestScope, stopTestServer, type TestScope } from "../../src/testing/index.js";

let t: TestScope;
beforeAll(async () => {
  t = await createTestScope({ client: { maxRetries: 8, retryBaseDelay: 1, retryMaxDelay: 10, timeout: 5_000 } });
});
afterAll(async () => {
  t?.server?.setFaults(undefined);
  await t?.cleanup();
  await stopTestServer();
});

async function untilDone<T>(run: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await run();
    } catch (error) {
      if (i > 30) throw error;
    }
  }
}

describe("workflows re-run after injected faults", () => {
  it("logInteraction, createPledge and recordPayment with client ids store everything once", async () => {
    const { scope, server } = t;
    const contact = await scope.contacts.create({ display_name: "Faulty" });
    server!.setFaults({ seed: 7, lostResponseRate: 0.2, resetRate: 0.05, errorRate: 0.05, retryAfterSeconds: 0.001 });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const id = globalThis.crypto.randomUUID();
      ids.push(id);
      const at = new Date(Date.UTC(2026, 0, 9, 4, 30 + i)).toISOString();
      await untilDone(() => scope.logInteraction({ id, contact_id: contact.id, channel: "call", direction: "outbound", outcome: "no_response", summary: `try ${i}`, occurred_at: at }, { now: at }));
    }
    const pledgeId = globalThis.crypto.randomUUID();
    await untilDone(() => scope.createPledge({ id: pledgeId, contact_id: contact.id, amount: 100, interaction_id: ids[0] }));
    const payIds = [globalThis.crypto.randomUUID(), globalThis.crypto.randomUUID()];
    for (const id of payIds) await untilDone(() => scope.recordPayment({ id, contact_id: contact.id, pledge_id: pledgeId, amount: 50, method: "upi" }));
    const stats = server!.faultStats();
    server!.setFaults(undefined);
    expect(stats.lostResponses).toBeGreaterThan(0);

    const interactions = await scope.interactions.query({ filter: { contact_id: contact.id }, limit: 100 }).toArray();
    expect(interactions.map((i) => i.id).sort()).toEqual([...ids].sort());
    const followups = await scope.followups.query({ filter: { contact_id: contact.id }, limit: 100 }).toArray();
    expect(followups.filter((f) => f.reason === "no_response")).toHaveLength(6);
    const payments = await scope.payments.query({ filter: { contact_id: contact.id }, limit: 100 }).toArray();
    expect(payments.map((p) => p.id).sort()).toEqual([...payIds].sort());
    expect((await scope.pledges.get(pledgeId)).status).toBe("fulfilled");
    expect((await scope.interactions.get(ids[0]!)).amount_pledged).toBe(100);
    const memories = (await scope.memory.list({ session_id: contactMemoryKey(contact.id), limit: 100 }).toArray()).filter((m) => m.memory_metadata?.memory_type === "contact_history_summary");
    expect(memories).toHaveLength(1);
    expect((await scope.reconcile()).fixed).toEqual([]);
  });
});
