import nock from "nock";
import { describe, expect, it } from "vitest";
import { ResponseValidationError } from "../../src/index.js";
import { BASE, capture, KEY, makeScope, PID, STYLES, useNock } from "./helpers.js";

useNock();

type Seen = Array<{ body: unknown; headers: Headers; url: string }>;
const wireStatus = {
  project_id: PID,
  database_enabled: true,
  tables_count: 2,
  vectors_count: 40,
  memory_records_count: 3,
  events_count: 9,
  files_count: 1,
};

describe.each(STYLES)("database ($name)", ({ options, prefix }) => {
  it("enable POSTs {P}/database with no body and the key header", async () => {
    const seen: Seen = [];
    nock(BASE).post(`${prefix}/database`).matchHeader("x-api-key", KEY).reply(capture(seen, 200, wireStatus));
    expect(await makeScope(options).database.enable()).toMatchObject({ database_enabled: true, vectors_count: 40 });
    expect(seen[0]?.body).toBeUndefined();
  });

  it("status GETs {P}/database and keeps the counts", async () => {
    nock(BASE).get(`${prefix}/database`).reply(200, wireStatus);
    expect(await makeScope(options).database.status()).toEqual(wireStatus);
  });
});

describe("database: lenient parsing and retries", () => {
  const path = `/v1/public/${PID}/database`;

  it("reads `enabled` when database_enabled is missing, counts optional", async () => {
    nock(BASE).get(path).reply(200, { enabled: false });
    const s = await makeScope().database.status();
    expect(s.database_enabled).toBe(false);
    expect(s.tables_count).toBeUndefined();
    expect(s).not.toHaveProperty("enabled");
  });

  it("refuses a status answer with neither flag", async () => {
    nock(BASE).get(path).reply(200, { tables_count: 1 });
    await expect(makeScope().database.status()).rejects.toBeInstanceOf(ResponseValidationError);
  });

  it("treats a flagless or empty enable answer as enabled", async () => {
    nock(BASE).post(path).reply(200, { config: { vector_dimensions: 384 } }).post(path).reply(204);
    expect((await makeScope().database.enable()).database_enabled).toBe(true);
    expect((await makeScope().database.enable()).database_enabled).toBe(true);
  });

  it("enable is idempotent: retried after a 503", async () => {
    nock(BASE).post(path).reply(503, { detail: "busy" }).post(path).reply(200, wireStatus);
    expect((await makeScope({ retryBaseDelay: 1 }).database.enable()).database_enabled).toBe(true);
  });

  it("sends Authorization: Bearer and no x-api-key with authScheme bearer", async () => {
    const seen: Seen = [];
    nock(BASE).get(path).reply(capture(seen, 200, wireStatus));
    await makeScope({ authScheme: "bearer" }).database.status();
    expect(seen[0]?.headers.get("authorization")).toBe(`Bearer ${KEY}`);
    expect(seen[0]?.headers.get("x-api-key")).toBeNull();
  });
});
