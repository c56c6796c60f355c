/**
 * SDK end to end against the shared local server: authentication and permission
 * errors, server validation errors (422 `detail` lists), request ids, and the three
 * path/auth styles (`pathStyle: "projects"`, `apiPrefix: "/api"`, `authScheme: "bearer"`).
 */
import { randomUUID } from "node:crypto";
import { inspect } from "node:util";
import { describe, expect, inject, it } from "vitest";
import {
  APIError,
  AuthenticationError,
  NotFoundError,
  PermissionDeniedError,
  UnprocessableEntityError,
  ValidationError,
  isAPIError,
  type ClientOptions,
  type JsonObject,
  type Logger,
} from "../../src/index.js";
import { recordingFetch, sdkClient, uniqueName } from "./sdk-helpers.js";

const url = (): string => inject("zerodbUrl");
const pid = (): string => inject("zerodbProjectId");
const otherPid = (): string => inject("zerodbOtherProjectId");

async function caught(p: PromiseLike<unknown>): Promise<APIError> {
  const e = await Promise.resolve(p).then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isAPIError(e)) throw new Error(`expected an APIError, got ${String(e)}`);
  return e;
}

describe("SDK auth errors", () => {
  it("a wrong key is an AuthenticationError (401), sent once, never retried, and never echoed", async () => {
    const rec = recordingFetch();
    const badKey = `zdb_local_${"0".repeat(32)}`;
    const client = sdkClient({ apiKey: badKey, fetch: rec.fetch, maxRetries: 3, retryBaseDelay: 1 });
    const e = await caught(client.project(pid()).tables.list());
    expect(e).toBeInstanceOf(AuthenticationError);
    expect(e.status).toBe(401);
    expect(e.code).toBe("INVALID_API_KEY");
    expect(rec.calls).toHaveLength(1);
    expect(rec.calls[0]?.status).toBe(401);
    expect(e.message).not.toContain(badKey);
    expect(JSON.stringify(e)).not.toContain(badKey);
    expect(JSON.stringify(e.body)).not.toContain(badKey);

    // the projects collection answers the same way
    const e2 = await caught(client.projects.list());
    expect(e2).toBeInstanceOf(AuthenticationError);
    // and a write is not retried either
    const e3 = await caught(client.project(pid()).rows(uniqueName("x")).insert({ a: 1 }));
    expect(e3).toBeInstanceOf(AuthenticationError);
    expect(rec.calls).toHaveLength(3);
  });

  it("the shared key on the other project is a PermissionDeniedError (403), not retried, and nothing is written", async () => {
    const rec = recordingFetch();
    const client = sdkClient({ fetch: rec.fetch, retryBaseDelay: 1 });
    const other = client.project(otherPid());
    const e = await caught(other.tables.list());
    expect(e).toBeInstanceOf(PermissionDeniedError);
    expect(e.status).toBe(403);
    expect(e.code).toBe("FORBIDDEN");
    expect(rec.calls).toHaveLength(1);

    await expect(other.database.status()).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(client.projects.get(otherPid())).rejects.toBeInstanceOf(PermissionDeniedError);
    const name = uniqueName("intruder");
    await expect(other.tables.create({ name })).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(other.sql.query({ sql: "SELECT 1" })).rejects.toBeInstanceOf(PermissionDeniedError);

    // the other key sees its project unchanged, and gets 403 on ours
    const owner = sdkClient({ apiKey: inject("zerodbOtherApiKey") });
    const names = (await owner.project(otherPid()).tables.list({ limit: 1000 }).toArray()).map((t) => t.name);
    expect(names).not.toContain(name);
    await expect(owner.project(pid()).tables.list()).rejects.toBeInstanceOf(PermissionDeniedError);
  });

  it("a project id that does not exist is 403 for any key (no existence oracle)", async () => {
    const e = await caught(sdkClient().project(randomUUID()).database.status());
    expect(e).toBeInstanceOf(PermissionDeniedError);
  });
});

describe("SDK client-side validation", () => {
  it("bad input throws ValidationError naming the field, and nothing is sent", async () => {
    const rec = recordingFetch();
    const client = sdkClient({ fetch: rec.fetch });
    const scope = client.project(pid());
    const issuesOf = async (f: () => unknown): Promise<string[]> => {
      try {
        await f();
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        return (e as ValidationError).issues.map((i) => i.path);
      }
      throw new Error("expected a ValidationError");
    };
    expect(await issuesOf(() => client.projects.create({ name: "x" }))).toEqual(["params.name"]);
    expect(await issuesOf(() => client.projects.update(pid(), {}))).toEqual(["params"]);
    expect(await issuesOf(() => scope.tables.create({ name: "1bad-name" }))).toEqual(["params.name"]);
    expect(await issuesOf(() => scope.rows("has space"))).toEqual(["tableName"]);
    expect(await issuesOf(() => scope.rows("ok").query({ filter: { city: { $in: "Pune" } } }))).toEqual(["params.filter.city.$in"]);
    expect(await issuesOf(() => scope.rows("ok").query({ filter: { "bad field": 1 } }))).toEqual(["params.filter.bad field"]);
    expect(await issuesOf(() => scope.rows("ok").list({ limit: 1001 }))).toEqual(["params.limit"]);
    expect(await issuesOf(() => scope.rows("ok").bulkUpdate({ filter: { a: 1 }, update: {} }))).toEqual(["params.update"]);
    expect(await issuesOf(() => scope.sql.query({ sql: "SELECT 1", timeout_seconds: 301 }))).toEqual(["params.timeout_seconds"]);
    expect(await issuesOf(() => scope.rows("ok").get(""))).toEqual(["rowId"]);
    expect(() => sdkClient({ pathStyle: "v2" as never })).toThrow(ValidationError);
    expect(() => client.project("")).toThrow(ValidationError);
    expect(rec.calls).toHaveLength(0);
  });
});

describe("SDK never leaks the key", () => {
  it("not in debug logs of good and failed calls, printed clients or scopes, or errors", async () => {
    const key = inject("zerodbApiKey");
    const lines: string[] = [];
    const log =
      (level: string) =>
      (message: string, fields?: Record<string, unknown>): void => {
        lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
      };
    const logger: Logger = { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
    for (const authScheme of ["x-api-key", "bearer"] as const) {
      const client = sdkClient({ logger, logLevel: "debug", authScheme });
      const scope = client.project(pid());
      expect((await scope.database.status()).database_enabled).toBe(true);
      const e1 = await caught(scope.rows(uniqueName("nope")).list());
      const e2 = await caught(client.project(otherPid()).tables.list());
      const e3 = await caught(scope.sql.query({ sql: "SELECT 1", params: { a: 1 } }));
      for (const e of [e1, e2, e3]) {
        expect(`${e.message} ${e.stack ?? ""} ${JSON.stringify(e)} ${inspect(e, { depth: 10 })}`).not.toContain(key);
      }
      expect(inspect(client, { depth: 10 })).not.toContain(key);
      expect(JSON.stringify(client)).not.toContain(key);
      expect(inspect(scope, { depth: 10 })).not.toContain(key);
      expect(JSON.stringify(scope)).not.toContain(key);
    }
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).not.toContain(key);
  });
});

describe("SDK server validation errors and request ids", () => {
  it("a 422 detail list surfaces as UnprocessableEntityError with readable issues", async () => {
    // The SDK sends any non-empty status string; the server accepts only ACTIVE or SUSPENDED.
    const client = sdkClient();
    const p = await client.projects.create({ name: uniqueName("sdk_422") });
    try {
      const e = await caught(client.projects.update(p.id, { status: "PAUSED" }));
      expect(e).toBeInstanceOf(UnprocessableEntityError);
      expect(e.status).toBe(422);
      expect(e.issues).toEqual([{ path: "body.status", message: "Input should be 'ACTIVE' or 'SUSPENDED'", code: "enum" }]);
      expect(Array.isArray(e.details)).toBe(true);
      expect(e.message).toContain("failed with 422: body.status: Input should be 'ACTIVE' or 'SUSPENDED'");
      // nothing changed
      expect((await client.projects.get(p.id)).status).toBe("ACTIVE");
      // a valid status goes through
      expect((await client.projects.update(p.id, { status: "SUSPENDED" })).status).toBe("SUSPENDED");
    } finally {
      await client.projects.delete(p.id, { hard_delete: true });
    }
  });

  it("422 is not retried, even for a call marked idempotent", async () => {
    const rec = recordingFetch();
    const scope = sdkClient({ fetch: rec.fetch, retryBaseDelay: 1 }).project(pid());
    const e = await caught(scope.sql.query({ sql: "SELECT 1", params: { a: 1 } }, { idempotent: true }));
    expect(e).toBeInstanceOf(UnprocessableEntityError);
    expect(e.issues.map((i) => i.path)).toEqual(["body.params"]);
    expect(rec.calls).toHaveLength(1);
  });

  it("X-Request-ID surfaces as error.requestId: the server's own id, or the one the caller sent", async () => {
    const rec = recordingFetch();
    const scope = sdkClient({ fetch: rec.fetch }).project(pid());
    const table = uniqueName("reqid");
    await scope.tables.create({ name: table });
    try {
      const e = await caught(scope.rows(table).get(randomUUID()));
      expect(e).toBeInstanceOf(NotFoundError);
      expect(e.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(e.message).toContain(`(request id ${e.requestId})`);

      const mine = `sdk-test-${Date.now()}`;
      const e2 = await caught(scope.rows(table).get(randomUUID(), { headers: { "X-Request-ID": mine } }));
      expect(e2.requestId).toBe(mine);
      expect(e2.message).toContain(`(request id ${mine})`);
      expect(rec.calls.at(-1)?.headers.get("x-request-id")).toBe(mine);

      // client-wide headers work too
      const scope2 = sdkClient({ headers: { "X-Request-ID": "client-wide-id" } }).project(pid());
      expect((await caught(scope2.tables.get(randomUUID()))).requestId).toBe("client-wide-id");
    } finally {
      await scope.tables.delete(table);
    }
  });
});

describe("SDK path and auth styles", () => {
  const styles: { label: string; opts: ClientOptions; scoped: (id: string) => string; root: string; bearer: boolean }[] = [
    { label: 'pathStyle: "projects"', opts: { pathStyle: "projects" }, scoped: (id) => `/v1/projects/${id}`, root: "/v1/projects", bearer: false },
    { label: 'apiPrefix: "/api"', opts: { apiPrefix: "/api" }, scoped: (id) => `/api/v1/public/${id}`, root: "/api/v1/public/projects", bearer: false },
    { label: 'authScheme: "bearer"', opts: { authScheme: "bearer" }, scoped: (id) => `/v1/public/${id}`, root: "/v1/public/projects", bearer: true },
    {
      label: "all three together",
      opts: { pathStyle: "projects", apiPrefix: "/api", authScheme: "bearer" },
      scoped: (id) => `/api/v1/projects/${id}`,
      root: "/api/v1/projects",
      bearer: true,
    },
  ];

  for (const style of styles) {
    it(`the same calls work with ${style.label}`, async () => {
      const rec = recordingFetch();
      const client = sdkClient({ ...style.opts, fetch: rec.fetch });
      const scope = client.project(pid());
      const key = inject("zerodbApiKey");

      expect((await client.projects.get(pid())).id).toBe(pid());
      const projectIds = (await client.projects.list({ limit: 1000 })).data.map((p) => p.id);
      expect(projectIds).toContain(pid());
      expect((await scope.database.status()).database_enabled).toBe(true);

      const name = uniqueName("style");
      const table = await scope.tables.create({ name, legacyBody: style.bearer });
      expect((await scope.tables.get(table.table_id)).name).toBe(name);
      const rows = scope.rows<{ k: string; v: number } & JsonObject>(name);
      const a = await rows.insert({ k: "a", v: 1 });
      const b = await rows.insert({ k: "b", v: 2 });
      expect((await rows.get(a.row_id)).row_data).toEqual({ k: "a", v: 1 });
      expect((await rows.update(b.row_id, { k: "b", v: 20 })).row_data.v).toBe(20);
      expect((await rows.list()).data.map((r) => r.row_id)).toEqual([a.row_id, b.row_id]);
      expect((await rows.query({ filter: { v: { $gt: 5 } } })).data.map((r) => r.row_id)).toEqual([b.row_id]);
      expect(await rows.bulkUpdate({ filter: { k: "a" }, update: { $inc: { v: 1 } } })).toMatchObject({ matched_count: 1, modified_count: 1 });
      const s = await scope.sql.query<{ k: string; v: number }>({ sql: `SELECT k, v FROM ${name} ORDER BY k`, params: [] });
      expect(s.data).toEqual([
        { k: "a", v: 2 },
        { k: "b", v: 20 },
      ]);
      expect(await rows.delete(a.row_id)).toEqual({ success: true, row_id: a.row_id });
      await expect(rows.get(a.row_id)).rejects.toBeInstanceOf(NotFoundError);
      expect((await rows.bulkDelete({ filter: { k: "b" } })).deleted_count).toBe(1);
      expect((await scope.health()).ok).toBe(true);
      expect(await scope.tables.delete(name)).toMatchObject({ success: true, table_name: name });

      // every request used the style's paths and auth header
      expect(rec.calls.length).toBeGreaterThanOrEqual(18);
      for (const call of rec.calls) {
        const path = new URL(call.url).pathname;
        expect(call.url.startsWith(url())).toBe(true);
        const okPath = path === style.root || path.startsWith(`${style.root}/`) || path.startsWith(`${style.scoped(pid())}/`);
        expect(okPath, `${call.method} ${path}`).toBe(true);
        if (style.bearer) {
          expect(call.headers.get("authorization")).toBe(`Bearer ${key}`);
          expect(call.headers.get("x-api-key")).toBeNull();
        } else {
          expect(call.headers.get("x-api-key")).toBe(key);
          expect(call.headers.get("authorization")).toBeNull();
        }
      }
      expect(rec.calls.some((c) => new URL(c.url).pathname.startsWith(`${style.scoped(pid())}/database/tables/${name}/rows`))).toBe(true);

      // errors map the same way in every style
      const wrong = sdkClient({ ...style.opts, apiKey: "zdb_local_wrong" });
      await expect(wrong.project(pid()).tables.list()).rejects.toBeInstanceOf(AuthenticationError);
      await expect(client.project(otherPid()).tables.list()).rejects.toBeInstanceOf(PermissionDeniedError);
    });
  }
});
