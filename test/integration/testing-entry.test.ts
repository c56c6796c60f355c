/**
 * `zerodb-calltime/testing` as an app would use it: no server given, so it starts the
 * embedded one once for the process and reuses it.
 */
import { afterAll, describe, expect, it } from "vitest";
import { isErrorOf } from "../../src/index.js";
import { createTestScope, stopTestServer, testServer } from "../../src/testing/index.js";

afterAll(() => stopTestServer());

describe("createTestScope()", () => {
  it("reuses one embedded server, gives each call a fresh seeded project, and cleanup deletes it", async () => {
    const one = await createTestScope();
    const two = await createTestScope({ factorySeed: 9 });
    try {
      expect(one.server).toBe(two.server);
      expect(one.server).toBe(await testServer());
      expect(one.scope.projectId).not.toBe(two.scope.projectId);
      expect(one.seeded?.failed).toEqual([]);
      expect((await one.scope.health()).missingTables).toEqual([]);

      const asha = await one.scope.contacts.create(one.factories.contact({ display_name: "Asha" }));
      expect(asha.display_name).toBe("Asha");
      await expect(two.scope.contacts.get(asha.id)).rejects.toSatisfy((e) => isErrorOf(e, "NotFoundError"));
    } finally {
      await one.cleanup();
      await one.cleanup();
      await two.cleanup();
    }
    await expect(one.scope.contacts.list()).rejects.toSatisfy((e) => isErrorOf(e, "APIError"));
  });
});
