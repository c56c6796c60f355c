/**
 * 2,000 contacts imported into a local server of its own with seeded faults (503s,
 * connection resets, and lost responses whose writes committed): every contact, identity
 * and tag exists exactly once. Failed rows are finished by running the same import
 * again, which is how a user recovers too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, type ProjectScope } from "../../src/index.js";
import { startLocalZeroDB, type LocalZeroDB } from "../../src/local/index.js";

const N = 2000;
let zdb: LocalZeroDB;
let scope: ProjectScope;

beforeAll(async () => {
  zdb = await startLocalZeroDB({ port: 0 });
  scope = createClient({ apiKey: zdb.apiKey, baseUrl: zdb.url, maxRetries: 10, retryBaseDelay: 2, retryMaxDelay: 20, timeout: 10_000 }).project(zdb.projectId);
  const seeded = await scope.seed();
  expect(seeded.failed).toEqual([]);
});
afterAll(async () => {
  await zdb?.stop();
});

function csv(): string {
  const lines = ["Name,Mobile,Email,Tags"];
  for (let i = 0; i < N; i++) {
    const phone = `98${String(10_000_000 + i * 37).padStart(8, "0")}`;
    const spaced = i % 2 === 0 ? `${phone.slice(0, 5)} ${phone.slice(5)}` : `+91-${phone}`;
    lines.push(`Donor ${i},${spaced},${i % 2 === 0 ? `donor${i}@example.org` : ""},bulk;${["warm", "cold", "vip"][i % 3]}`);
  }
  return lines.join("\n") + "\n";
}

async function all(table: string): Promise<Record<string, unknown>[]> {
  const rows = await scope.rows(table).list({ limit: 1000 }).toArray();
  return rows.map((r) => r.row_data);
}

describe("import under injected faults", () => {
  it(
    "2,000 contacts with >= 20% of requests failing (some after commit): each contact, identity and tag stored exactly once",
    async () => {
      const text = csv();
      zdb.setFaults({ seed: 20261201, errorRate: 0.12, status: 503, retryAfterSeconds: 0.001, resetRate: 0.05, lostResponseRate: 0.06 });
      let result = await scope.importContacts(text, { concurrency: 8 });
      const stats = zdb.faultStats();
      const passes = [result];
      // rows whose writes ran out of retries are finished by importing the same file again
      while (result.failed > 0 && passes.length < 4) {
        result = await scope.importContacts(text, { concurrency: 8 });
        passes.push(result);
      }
      zdb.setFaults(undefined);

      expect(stats.errors + stats.resets + stats.lostResponses).toBeGreaterThanOrEqual(stats.requests * 0.2);
      expect(stats.lostResponses).toBeGreaterThan(50);
      expect(result.failed).toBe(0);
      expect(passes.reduce((s, p) => s + p.created, 0)).toBeLessThanOrEqual(N);
      expect(passes[0]!.skipped).toBe(0);

      const contacts = await all("contacts");
      const identities = await all("contact_identities");
      const tags = await all("contact_tags");
      const once = (values: unknown[]): void => expect(new Set(values).size).toBe(values.length);
      expect(contacts).toHaveLength(N);
      once(contacts.map((c) => c.id));
      once(contacts.map((c) => c.display_name));
      expect(identities).toHaveLength(N + N / 2);
      once(identities.map((i) => i.id));
      once(identities.map((i) => `${String(i.type)}:${String(i.value)}`));
      expect(tags).toHaveLength(2 * N);
      once(tags.map((t) => t.id));
      once(tags.map((t) => `${String(t.contact_id)}:${String(t.tag)}`));
      const ids = new Set(contacts.map((c) => c.id));
      for (const i of identities) expect(ids.has(i.contact_id)).toBe(true);
      // one primary phone per contact
      expect(identities.filter((i) => i.type === "phone" && i.is_primary === true)).toHaveLength(N);

      const again = await scope.importContacts(text);
      expect(again).toMatchObject({ created: 0, updated: 0, unchanged: N, failed: 0 });
    },
    300_000,
  );
});
