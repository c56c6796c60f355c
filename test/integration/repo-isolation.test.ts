/**
 * US15.1: a scope of project A can neither get, list, query, update nor delete a row of
 * project B, even given its id; a foreign row that reaches a repository is an error.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isErrorOf, type Repository } from "../../src/index.js";
import type { AnyTable } from "../../src/schema/index.js";
import { FACTORY_OF, type TestScope } from "../../src/testing/index.js";
import { REPO_OF, repoScope } from "./repo-helpers.js";

let a: TestScope;
let b: TestScope;

beforeAll(async () => {
  [a, b] = await Promise.all([repoScope({ factorySeed: 1 }), repoScope({ factorySeed: 2 })]);
});
afterAll(async () => {
  await Promise.all([a?.cleanup(), b?.cleanup()]);
});

const repo = (t: TestScope, table: keyof typeof REPO_OF) => (t.scope as unknown as Record<string, Repository<AnyTable>>)[REPO_OF[table]]!;

describe.each(Object.keys(REPO_OF) as (keyof typeof REPO_OF)[])("isolation of %s", (table) => {
  it("a scope of project A cannot get, list, query, update or delete a row of project B given its id", async () => {
    const build = (b.factories as unknown as Record<string, () => Record<string, unknown>>)[FACTORY_OF[table]]!;
    const theirs = await repo(b, table).create(build() as never);
    const id = theirs.id as string;
    expect(theirs.project_id).toBe(b.scope.projectId);

    const mine = repo(a, table);
    await expect(mine.get(id)).rejects.toSatisfy((e) => isErrorOf(e, "NotFoundError"));
    expect(await mine.find(id)).toBeUndefined();
    expect((await mine.list({ limit: 1000, includeDeleted: true })).data.map((r) => r.id)).not.toContain(id);
    expect((await mine.query({ filter: { id } as never, includeDeleted: true })).data).toEqual([]);
    await expect(mine.update(id, {} as never)).rejects.toSatisfy((e) => isErrorOf(e, "NotFoundError"));
    await mine.delete(id);
    // a filter naming B's project is refused, not widened
    await expect(mine.query({ filter: { project_id: b.scope.projectId } as never })).rejects.toSatisfy((e) => isErrorOf(e, "InvariantError"));
    // an insert claiming B's project is refused before any request
    await expect(mine.create({ ...build(), project_id: b.scope.projectId } as never)).rejects.toMatchObject({ rule: "project_isolation" });

    // B's row is untouched
    expect((await repo(b, table).get(id)).id).toBe(id);
  });
});

describe("a row with a foreign project_id", () => {
  it("is an error, never returned, even when the server ignores the project filter", async () => {
    const planted = a.factories.contact({ display_name: "Planted" });
    await a.scope.rows("contacts").insert({ ...planted, project_id: b.scope.projectId } as never);
    // a server that drops the project filter: the repository must still refuse the row
    const dropFilter = (async (input: string | URL | Request, init?: RequestInit) => {
      const req = new Request(input, init);
      if (req.method === "POST" && new URL(req.url).pathname.endsWith("/query")) {
        const body = (await req.json()) as { filter: Record<string, unknown> };
        delete body.filter.project_id;
        return fetch(new Request(req.url, { method: "POST", headers: req.headers, body: JSON.stringify(body), signal: req.signal }));
      }
      return fetch(req);
    }) as typeof fetch;
    const { createClient } = await import("../../src/index.js");
    const { inject } = await import("vitest");
    const leaky = createClient({ apiKey: inject("zerodbApiKey"), baseUrl: inject("zerodbUrl"), fetch: dropFilter }).project(a.scope.projectId);
    await expect(leaky.contacts.get(planted.id)).rejects.toMatchObject({ name: "InvariantError", rule: "project_isolation" });
    await expect(leaky.contacts.query({ filter: { display_name: "Planted" } })).rejects.toMatchObject({ rule: "project_isolation" });
    // and through the honest server it simply does not exist in A
    await expect(a.scope.contacts.get(planted.id)).rejects.toSatisfy((e) => isErrorOf(e, "NotFoundError"));
  });
});
