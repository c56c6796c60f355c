/**
 * Repositories under the local server's seeded fault injection (its own embedded server
 * through createTestScope, so the shared one stays clean): lost responses, resets and 503s
 * while creating rows. Every create resolves, and each client id is stored exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

describe("retried creates under injected faults", () => {
  it("lost answers, resets and 503s never duplicate a row", async () => {
    const { scope, factories, server } = t;
    const contact = await scope.contacts.create(factories.contact({ display_name: "Faulty" }));
    server!.setFaults({ seed: 20261201, lostResponseRate: 0.3, resetRate: 0.1, errorRate: 0.1, retryAfterSeconds: 0.001 });
    const made: string[] = [];
    for (let i = 0; i < 25; i++) made.push((await scope.interactions.create(factories.interaction({ contact_id: contact.id }))).id);
    for (const tag of ["vip", "donor", "warm", "renewal"]) made.push((await scope.contactTags.add(contact.id, tag)).id);
    const stats = server!.faultStats();
    server!.setFaults(undefined);
    expect(stats.lostResponses).toBeGreaterThan(0);

    const stored = [
      ...(await scope.rows("interactions").list({ limit: 1000 }).toArray()),
      ...(await scope.rows("contact_tags").list({ limit: 1000 }).toArray()),
    ].map((r) => r.row_data.id as string);
    expect(stored.sort()).toEqual([...made].sort());
    expect(new Set(stored).size).toBe(stored.length);
  });
});
