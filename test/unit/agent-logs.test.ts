import nock from "nock";
import { describe, expect, it } from "vitest";
import { ServerError, ValidationError } from "../../src/index.js";
import { BASE, capture, KEY, makeScope, PID, STYLES, useNock } from "./helpers.js";

useNock();

const P = `/v1/public/${PID}`;
const wireLog = {
  log_id: "l-1",
  project_id: PID,
  agent_id: "dialer",
  session_id: "s-1",
  log_level: "WARN",
  log_message: "number unreachable",
  raw_payload: { contact_id: "c-1" },
  created_at: "2026-01-01T00:00:00Z",
};
type Seen = Array<{ body: unknown; headers: Headers; url: string }>;

describe.each(STYLES)("agent logs ($name)", ({ options, prefix }) => {
  const logs = () => makeScope(options).agentLogs;

  it("create POSTs {agent_id, session_id, log_level, log_message, raw_payload} with the key header", async () => {
    const seen: Seen = [];
    nock(BASE).post(`${prefix}/database/agent-logs`).reply(capture(seen, 201, wireLog));
    const log = await logs().create({ agent_id: "dialer", session_id: "s-1", log_level: "WARN", log_message: "number unreachable", raw_payload: { contact_id: "c-1" } });
    expect(seen[0]?.body).toEqual({ agent_id: "dialer", session_id: "s-1", log_level: "WARN", log_message: "number unreachable", raw_payload: { contact_id: "c-1" } });
    expect(seen[0]?.headers.get("x-api-key")).toBe(KEY);
    expect(log).toEqual(wireLog);
  });

  it("list sends the filters with skip/limit and pages through {data}", async () => {
    const q = { agent_id: "dialer", session_id: "s-1", log_level: "ERROR" };
    nock(BASE)
      .get(`${prefix}/database/agent-logs`)
      .query({ ...q, skip: "5", limit: "1" })
      .reply(200, { data: [wireLog], total: 7, skip: 5, limit: 1, has_more: true })
      .get(`${prefix}/database/agent-logs`)
      .query({ ...q, skip: "6", limit: "1" })
      .reply(200, { data: [{ ...wireLog, log_id: "l-2" }], total: 7, skip: 6, limit: 1, has_more: false });
    const all = await logs().list({ agent_id: "dialer", session_id: "s-1", log_level: "error", skip: 5, limit: 1 }).toArray();
    expect(all.map((l) => l.log_id)).toEqual(["l-1", "l-2"]);
  });

  it("get, stats and export use their paths", async () => {
    const seen: Seen = [];
    const stats = { total_logs: 3, by_level: { WARN: 2, ERROR: 1 }, by_agent: { dialer: 3 } };
    nock(BASE)
      .get(`${prefix}/database/agent-logs/l-1`)
      .reply(200, wireLog)
      .get(`${prefix}/database/agent-logs/stats`)
      .reply(200, stats)
      .post(`${prefix}/database/agent-logs/export`)
      .reply(capture(seen, 200, { format: "csv", count: 1, data: "log_id\nl-1\n" }));
    expect(await logs().get("l-1")).toEqual(wireLog);
    expect(await logs().stats()).toEqual(stats);
    const exp = await logs().export({ format: "csv", agent_id: "dialer", session_id: "s-1", log_level: "warn" });
    expect(seen[0]?.body).toEqual({ format: "csv", agent_id: "dialer", session_id: "s-1", log_level: "WARN" });
    expect(exp).toMatchObject({ format: "csv", count: 1, data: "log_id\nl-1\n" });
  });
});

describe("agent logs: defaults, lenient parsing, auth", () => {
  it("create defaults log_level to INFO and upper-cases a given one", async () => {
    const seen: Seen = [];
    nock(BASE).post(`${P}/database/agent-logs`).twice().reply(capture(seen, 201, wireLog));
    await makeScope().agentLogs.create({ agent_id: "a", log_message: "m" });
    await makeScope().agentLogs.create({ agent_id: "a", log_message: "m", log_level: "debug" });
    expect(seen.map((s) => s.body)).toEqual([
      { agent_id: "a", log_level: "INFO", log_message: "m" },
      { agent_id: "a", log_level: "DEBUG", log_message: "m" },
    ]);
  });

  it("export defaults to json", async () => {
    const seen: Seen = [];
    nock(BASE).post(`${P}/database/agent-logs/export`).reply(capture(seen, 200, { format: "json", count: 0, data: [] }));
    expect((await makeScope().agentLogs.export()).data).toEqual([]);
    expect(seen[0]?.body).toEqual({ format: "json" });
  });

  it("reads id instead of log_id and the {logs} envelope", async () => {
    nock(BASE).get(`${P}/database/agent-logs`).query(true).reply(200, { logs: [{ id: "l-9", log_message: "x" }] });
    expect((await makeScope().agentLogs.list()).data[0]?.log_id).toBe("l-9");
  });

  it("sends Authorization: Bearer with authScheme bearer", async () => {
    const seen: Seen = [];
    nock(BASE).post(`${P}/database/agent-logs`).reply(capture(seen, 201, wireLog));
    await makeScope({ authScheme: "bearer" }).agentLogs.create({ agent_id: "a", log_message: "m" });
    expect(seen[0]?.headers.get("authorization")).toBe(`Bearer ${KEY}`);
    expect(seen[0]?.headers.get("x-api-key")).toBeNull();
  });
});

describe("agent logs: validation and retries", () => {
  it.each([
    ["a missing agent_id", { log_message: "m" }, /params\.agent_id/],
    ["an empty log_message", { agent_id: "a", log_message: "" }, /params\.log_message/],
    ["an unknown level", { agent_id: "a", log_message: "m", log_level: "FATAL" }, /params\.log_level: must be one of DEBUG INFO WARN ERROR/],
    ["a non-object raw_payload", { agent_id: "a", log_message: "m", raw_payload: "x" }, /params\.raw_payload/],
  ])("create refuses %s without sending", async (_n, input, msg) => {
    const err = await makeScope().agentLogs.create(input as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(String(err)).toMatch(msg);
  });

  it("refuses a bad list level and export format without sending", async () => {
    await expect(makeScope().agentLogs.list({ log_level: "TRACE" })).rejects.toThrow(/params\.log_level/);
    await expect(makeScope().agentLogs.export({ format: "parquet" as never })).rejects.toThrow(/params\.format/);
  });

  it("a create that gets 503 is tried once", async () => {
    let calls = 0;
    nock(BASE)
      .post(`${P}/database/agent-logs`)
      .reply(() => {
        calls++;
        return [503, { detail: "busy" }];
      })
      .persist();
    await expect(makeScope().agentLogs.create({ agent_id: "a", log_message: "m" })).rejects.toBeInstanceOf(ServerError);
    expect(calls).toBe(1);
  });

  it("a GET that gets 503 then 200 succeeds", async () => {
    nock(BASE).get(`${P}/database/agent-logs/stats`).reply(503).get(`${P}/database/agent-logs/stats`).reply(200, { total_logs: 0 });
    expect((await makeScope().agentLogs.stats()).total_logs).toBe(0);
  });
});
