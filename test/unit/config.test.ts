import { afterEach, describe, expect, it, vi } from "vitest";
import { createClient, ValidationError } from "../../src/index.js";
import { resolveConfig } from "../../src/http/config.js";
import { scriptedFetch } from "./fake-fetch.js";
import { KEY, PID } from "./helpers.js";

afterEach(() => vi.unstubAllEnvs());

describe("createClient options", () => {
  it("a missing key fails at construction naming ZERODB_API_KEY", () => {
    vi.stubEnv("ZERODB_API_KEY", "");
    expect(() => createClient()).toThrow(/apiKey: missing.*ZERODB_API_KEY/);
  });

  it("falls back to ZERODB_API_KEY, ZERODB_BASE_URL and ZERODB_PROJECT_ID", async () => {
    vi.stubEnv("ZERODB_API_KEY", KEY);
    vi.stubEnv("ZERODB_BASE_URL", "http://env.test/");
    vi.stubEnv("ZERODB_PROJECT_ID", PID);
    const f = scriptedFetch([{ status: 200, body: { row_id: "r", row_data: {} } }]);
    await createClient({ fetch: f.fetch }).project().rows("t").get("r");
    expect(f.calls[0]?.url).toBe(`http://env.test/v1/public/${PID}/database/tables/t/rows/r`);
    expect(f.calls[0]?.headers.get("x-api-key")).toBe(KEY);
  });

  it("explicit options win over env, and 0/false are honoured (?? semantics)", () => {
    vi.stubEnv("ZERODB_BASE_URL", "http://env.test");
    const { config } = resolveConfig({ apiKey: KEY, baseUrl: "http://opt.test", maxRetries: 0, timeout: 0, retryBaseDelay: 0 });
    expect(config).toMatchObject({ baseUrl: "http://opt.test", maxRetries: 0, timeout: 0, retryBaseDelay: 0 });
  });

  it("defaults: cloud base URL, public path style, x-api-key, 2 retries, 60 s timeout", () => {
    vi.stubEnv("ZERODB_BASE_URL", "");
    const { config } = resolveConfig({ apiKey: KEY });
    expect(config).toMatchObject({
      baseUrl: "https://api.ainative.studio",
      pathStyle: "public",
      apiPrefix: "",
      authScheme: "x-api-key",
      maxRetries: 2,
      timeout: 60_000,
      deadline: 0,
      maxRetryAfter: 60_000,
    });
  });

  it("rejects unknown keys and bad values, naming each field", () => {
    const err = (() => {
      try {
        createClient({ apiKey: KEY, baseUrl: "not a url", maxRetries: -1, pathStyle: "zerodb", timout: 5 } as never);
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(err).toBeInstanceOf(ValidationError);
    expect(err?.issues.map((i) => i.path).sort()).toEqual(["baseUrl", "maxRetries", "pathStyle", "timout"]);
  });

  it("project() without an id and without ZERODB_PROJECT_ID is a ValidationError", () => {
    vi.stubEnv("ZERODB_PROJECT_ID", "");
    expect(() => createClient({ apiKey: KEY }).project()).toThrow(/projectId: missing/);
  });

  it("bearer scheme sends Authorization and no X-API-Key; custom headers cannot override auth", async () => {
    const f = scriptedFetch([{ status: 200, body: { row_id: "r", row_data: {} } }]);
    const client = createClient({
      apiKey: KEY,
      baseUrl: "http://x.test",
      authScheme: "bearer",
      fetch: f.fetch,
      headers: { authorization: "Bearer other", "x-app": "calltime" },
    });
    await client.project(PID).rows("t").get("r");
    expect(f.calls[0]?.headers.get("authorization")).toBe(`Bearer ${KEY}`);
    expect(f.calls[0]?.headers.get("x-api-key")).toBeNull();
    expect(f.calls[0]?.headers.get("x-app")).toBe("calltime");
  });

  it('"." and ".." ids are refused before sending (URL parsing would climb to the parent)', async () => {
    const f = scriptedFetch([{ status: 200, body: {} }]);
    const rows = createClient({ apiKey: KEY, baseUrl: "http://x.test", fetch: f.fetch }).project(PID).rows("t");
    await expect(rows.delete("..")).rejects.toThrow(/rowId: must not be/);
    await expect(rows.get(".")).rejects.toThrow(/rowId: must not be/);
    expect(f.calls).toHaveLength(0);
  });

  it("ids are encoded as one path segment", async () => {
    const f = scriptedFetch([{ status: 200, body: { row_id: "a/b", row_data: {} } }]);
    await createClient({ apiKey: KEY, baseUrl: "http://x.test", fetch: f.fetch }).project(PID).rows("t").get("a/b?c");
    expect(f.calls[0]?.url).toBe(`http://x.test/v1/public/${PID}/database/tables/t/rows/a%2Fb%3Fc`);
  });
});
