import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createClient, type Logger } from "../../src/index.js";
import { BASE, KEY, PID } from "./helpers.js";
import { networkError, scriptedFetch, type Step } from "./fake-fetch.js";

/** Every way a user might print or serialize a value. */
function renderings(value: unknown): string[] {
  const out = [String(value), inspect(value, { depth: 20, showHidden: true }), inspect(value, { depth: 20 })];
  try {
    out.push(JSON.stringify(value) ?? "");
  } catch {
    /* circular: nothing to serialize */
  }
  if (value instanceof Error) out.push(value.stack ?? "", value.message);
  return out;
}

function recordingLogger() {
  const lines: string[] = [];
  const rec = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(`${level} ${message} ${inspect(fields, { depth: 20 })}`);
  };
  const logger: Logger = { debug: rec("debug"), info: rec("info"), warn: rec("warn"), error: rec("error") };
  return { logger, lines };
}

// The server echoes the key in every error body, the worst case for redaction.
const families: Array<[string, Step]> = [
  [400, 401, 403, 404, 409, 410, 422, 429, 500, 503].map((s) => [
    `status ${s}`,
    { status: s, body: { detail: `bad key ${KEY}`, error_code: "X" }, headers: { "x-request-id": "req-1" } },
  ]) as never,
  [["connection", { error: networkError("ECONNRESET") }]],
].flat() as never;

describe("the API key never leaks", () => {
  it.each(families)("%s: error message, stack, cause, inspect and JSON are clean", async (_name, step) => {
    const { logger, lines } = recordingLogger();
    const f = scriptedFetch([step]);
    const client = createClient({ apiKey: KEY, baseUrl: BASE, fetch: f.fetch, maxRetries: 1, retryBaseDelay: 1, logger, logLevel: "debug" });
    const err = await client.project(PID).rows("t").get("r").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    for (const text of [...renderings(err), ...lines]) expect(text).not.toContain(KEY);
    expect(f.calls[0]?.headers.get("x-api-key")).toBe(KEY);
  });

  it("timeout, abort and validation errors are clean", async () => {
    const f = scriptedFetch(["hang"]);
    const client = createClient({ apiKey: KEY, baseUrl: BASE, fetch: f.fetch, maxRetries: 0 });
    const rows = client.project(PID).rows("t");
    const timeout = await rows.get("r", { timeout: 10 }).catch((e: unknown) => e);
    const abort = await rows.get("r", { signal: AbortSignal.timeout(10), timeout: 0 }).catch((e: unknown) => e);
    const invalid = await rows.insert(null as never).catch((e: unknown) => e);
    const badOption = (() => {
      try {
        createClient({ apiKey: KEY, baseUrl: "ftp://x", nope: 1 } as never);
      } catch (e) {
        return e;
      }
    })();
    for (const err of [timeout, abort, invalid, badOption]) {
      expect(err).toBeInstanceOf(Error);
      for (const text of renderings(err)) expect(text).not.toContain(KEY);
    }
  });

  it("the client, a scope and the bearer scheme print no key", () => {
    const client = createClient({ apiKey: KEY, baseUrl: BASE, authScheme: "bearer" });
    for (const value of [client, client.project(PID), client.project(PID).rows("t")]) {
      for (const text of renderings(value)) expect(text).not.toContain(KEY);
    }
  });

  it("the logger masks auth fields and the key inside messages", async () => {
    const { logger, lines } = recordingLogger();
    const f = scriptedFetch([{ status: 503 }, { status: 200, body: { row_id: "r", row_data: {} } }]);
    const client = createClient({
      apiKey: KEY,
      baseUrl: BASE,
      fetch: f.fetch,
      retryBaseDelay: 1,
      logger,
      logLevel: "debug",
      headers: { "x-trace": "t" },
    });
    await client.project(PID).rows("t").get("r");
    expect(lines.some((l) => l.startsWith("warn zerodb: retrying"))).toBe(true);
    expect(lines.some((l) => l.startsWith("debug zerodb: response"))).toBe(true);
    for (const line of lines) expect(line).not.toContain(KEY);
  });

  it("logs nothing without a logger, and nothing below the chosen level", async () => {
    const { logger, lines } = recordingLogger();
    const f = scriptedFetch([{ status: 200, body: { row_id: "r", row_data: {} } }]);
    const client = createClient({ apiKey: KEY, baseUrl: BASE, fetch: f.fetch, logger, logLevel: "warn" });
    await client.project(PID).rows("t").get("r");
    expect(lines).toEqual([]);
  });
});
