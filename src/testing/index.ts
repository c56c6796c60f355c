/**
 * `zerodb-calltime/testing`: a seeded, throw-away project on the embedded local server
 * for an app's own test suite, plus row factories.
 *
 * @example
 * ```ts
 * // my-app.test.ts (vitest)
 * import { afterAll, beforeAll, expect, it } from "vitest";
 * import { createTestScope, stopTestServer, type TestScope } from "zerodb-calltime/testing";
 *
 * let t: TestScope;
 * beforeAll(async () => { t = await createTestScope(); });
 * afterAll(async () => { await t.cleanup(); await stopTestServer(); });
 *
 * it("tags a contact once", async () => {
 *   const asha = await t.scope.contacts.create(t.factories.contact({ display_name: "Asha" }));
 *   await t.scope.contactTags.add(asha.id, "VIP");
 *   await t.scope.contactTags.add(asha.id, "vip");
 *   expect(await t.scope.contactTags.forContact(asha.id)).toEqual(["vip"]);
 * });
 * ```
 * @module
 */
import { createClient, type ClientOptions, type ProjectScope } from "../index.js";
import { startLocalZeroDB, type LocalZeroDB, type LocalZeroDBOptions } from "../local/index.js";
import type { SeedResult } from "../seed.js";
import { createFactories, type Factories } from "./factories.js";

export { createFactories, FACTORY_OF, type Built, type Factories, type FactoryOptions, type Overrides } from "./factories.js";

/** Options of {@link createTestScope}. */
export interface TestScopeOptions {
  /** Use this server instead of the shared embedded one: its URL and a key that may create projects. */
  server?: { url: string; apiKey: string } | undefined;
  /** Options of the embedded server when it is started (first call only). Default: a free port on 127.0.0.1. */
  local?: LocalZeroDBOptions | undefined;
  /** Client options (retries, timeouts, a `fetch` wrapper...). `apiKey` and `baseUrl` are filled in. */
  client?: ClientOptions | undefined;
  /** Create the schema's tables in the new project. Default true. */
  seed?: boolean | undefined;
  /** Seed of the row factories. Default 1. */
  factorySeed?: number | undefined;
  /** Name of the project. Default `test <n>`. */
  name?: string | undefined;
}

/** What {@link createTestScope} returns. */
export interface TestScope {
  /** A scope on a fresh project, seeded unless `seed: false`. */
  scope: ProjectScope;
  /** Row factories bound to the project. */
  factories: Factories;
  /** What seeding did (undefined with `seed: false`). */
  seeded: SeedResult | undefined;
  /** The embedded server, when one is used (for `setFaults` and friends). */
  server: LocalZeroDB | undefined;
  /** Deletes the project (hard). Safe to call twice. */
  cleanup(): Promise<void>;
}

let shared: Promise<LocalZeroDB> | undefined;
let counter = 0;

/** The embedded server shared by every `createTestScope()` of this process, started on first use. */
export function testServer(options?: LocalZeroDBOptions): Promise<LocalZeroDB> {
  shared ??= startLocalZeroDB({ port: 0, host: "127.0.0.1", ...options }).catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}

/**
 * Stops the shared embedded server (call it once, in `afterAll`); the next
 * `createTestScope()` starts a new one.
 * @example
 * ```ts
 * afterAll(() => stopTestServer());
 * ```
 */
export async function stopTestServer(): Promise<void> {
  const s = shared;
  shared = undefined;
  if (s !== undefined) await (await s).stop();
}

/**
 * Starts (or reuses, once per process) the embedded local server, creates a fresh
 * project, seeds it, and returns a scope on it with row factories and a `cleanup`.
 * @example
 * ```ts
 * const { scope, factories, cleanup } = await createTestScope();
 * const c = await scope.contacts.create(factories.contact({ display_name: "Asha" }));
 * await cleanup();
 * ```
 */
export async function createTestScope(options: TestScopeOptions = {}): Promise<TestScope> {
  const name = options.name ?? `test ${++counter}`;
  let server: LocalZeroDB | undefined;
  let url: string;
  let apiKey: string;
  let projectId: string;
  const fast: ClientOptions = { retryBaseDelay: 5, retryMaxDelay: 50 };
  if (options.server !== undefined) {
    ({ url, apiKey } = options.server);
    const admin = createClient({ ...fast, ...options.client, apiKey, baseUrl: url });
    projectId = (await admin.projects.create({ name })).id;
  } else {
    server = await testServer(options.local);
    ({ url, apiKey } = server);
    projectId = (await server.createProject({ name })).projectId;
  }
  const client = createClient({ ...fast, ...options.client, apiKey, baseUrl: url });
  const scope = client.project(projectId);
  const seeded = options.seed === false ? undefined : await scope.seed();
  if (seeded !== undefined && seeded.failed.length > 0) {
    throw new Error(`seeding the test project failed: ${seeded.failed.map((f) => `${f.table}: ${f.error.message}`).join("; ")}`);
  }
  let done = false;
  return {
    scope,
    factories: createFactories(projectId, { seed: options.factorySeed }),
    seeded,
    server,
    async cleanup() {
      if (done) return;
      done = true;
      await client.projects.delete(projectId, { hard_delete: true });
    },
  };
}
