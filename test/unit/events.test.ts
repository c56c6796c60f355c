import nock from "nock";
import { describe, expect, it } from "vitest";
import { ServerError, ValidationError } from "../../src/index.js";
import { BASE, capture, KEY, makeScope, PID, STYLES, useNock } from "./helpers.js";

useNock();

const P = `/v1/public/${PID}`;
const wireEvent = {
  event_id: "e-1",
  project_id: PID,
  topic: "call.completed",
  event_payload: { contact_id: "c-1", minutes: 12 },
  published_at: "2026-01-01T00:00:00Z",
};
type Seen = Array<{ body: unknown; headers: Headers; url: string }>;

describe.each(STYLES)("events ($name)", ({ options, prefix }) => {
  const events = () => makeScope(options).events;

  it("publish POSTs exactly {topic, event_payload} with the key header", async () => {
    const seen: Seen = [];
    nock(BASE).post(`${prefix}/database/events`).reply(capture(seen, 201, wireEvent));
    const e = await events().publish({ topic: "call.completed", event_payload: { contact_id: "c-1", minutes: 12 } });
    expect(seen[0]?.body).toEqual({ topic: "call.completed", event_payload: { contact_id: "c-1", minutes: 12 } });
    expect(seen[0]?.headers.get("x-api-key")).toBe(KEY);
    expect(e).toEqual(wireEvent);
  });

  it("list sends topic/skip/limit and keeps publish order across pages", async () => {
    const ev = (n: number) => ({ ...wireEvent, event_id: `e-${n}` });
    nock(BASE)
      .get(`${prefix}/database/events`)
      .query({ topic: "call.completed", skip: "0", limit: "2" })
      .reply(200, { data: [ev(1), ev(2)], total: 3, skip: 0, limit: 2, has_more: true })
      .get(`${prefix}/database/events`)
      .query({ topic: "call.completed", skip: "2", limit: "2" })
      .reply(200, { data: [ev(3)], total: 3, skip: 2, limit: 2, has_more: false });
    const all = await events().list({ topic: "call.completed", limit: 2 }).toArray();
    expect(all.map((e) => e.event_id)).toEqual(["e-1", "e-2", "e-3"]);
  });

  it("get GETs the event path", async () => {
    nock(BASE).get(`${prefix}/database/events/e-1`).reply(200, wireEvent);
    expect(await events().get("e-1")).toEqual(wireEvent);
  });
});

describe("events: aliases, legacy path, lenient parsing", () => {
  it.each([
    ["event_type + data", { event_type: "call.completed", data: { a: 1 } }],
    ["eventType + data", { eventType: "call.completed", data: { a: 1 } }],
  ])("sends the %s aliases under the wire names", async (_n, input) => {
    const seen: Seen = [];
    nock(BASE).post(`${P}/database/events`).reply(capture(seen, 201, wireEvent));
    await makeScope().events.publish(input);
    expect(seen[0]?.body).toEqual({ topic: "call.completed", event_payload: { a: 1 } });
  });

  it("sends an empty payload when none is given", async () => {
    const seen: Seen = [];
    nock(BASE).post(`${P}/database/events`).reply(capture(seen, 201, wireEvent));
    await makeScope().events.publish({ topic: "ping" });
    expect(seen[0]?.body).toEqual({ topic: "ping", event_payload: {} });
  });

  it("withOptions publishes to the legacy /database/events/publish", async () => {
    nock(BASE).post(`${P}/database/events/publish`, { topic: "t", event_payload: {} }).reply(200, wireEvent);
    expect((await makeScope().events.withOptions({ publishPath: "/database/events/publish" }).publish({ topic: "t" })).event_id).toBe("e-1");
  });

  it("sends Authorization: Bearer with authScheme bearer", async () => {
    const seen: Seen = [];
    nock(BASE).post(`${P}/database/events`).reply(capture(seen, 201, wireEvent));
    await makeScope({ authScheme: "bearer" }).events.publish({ topic: "t" });
    expect(seen[0]?.headers.get("authorization")).toBe(`Bearer ${KEY}`);
    expect(seen[0]?.headers.get("x-api-key")).toBeNull();
  });

  it.each([
    ["id / data / timestamp / event_type", { id: "e-9", event_type: "x", data: { a: 1 }, timestamp: "T1" }],
    ["payload / created_at / type", { event_id: "e-9", type: "x", payload: { a: 1 }, created_at: "T1" }],
  ])("reads %s", async (_n, reply) => {
    nock(BASE).get(`${P}/database/events/e-9`).reply(200, reply);
    expect(await makeScope().events.get("e-9")).toEqual({ event_id: "e-9", project_id: undefined, topic: "x", event_payload: { a: 1 }, published_at: "T1" });
  });

  it("reads the {events: [...]} list envelope", async () => {
    nock(BASE).get(`${P}/database/events`).query(true).reply(200, { events: [wireEvent] });
    expect((await makeScope().events.list()).data[0]?.event_id).toBe("e-1");
  });
});

describe("events: validation and retries", () => {
  it.each([
    ["no topic", { event_payload: {} }, /params\.topic: required/],
    ["empty topic", { topic: "" }, /params\.topic/],
    ["disagreeing topic aliases", { topic: "a", event_type: "b" }, /params\.topic: topic and its aliases disagree/],
    ["both payload spellings", { topic: "a", event_payload: {}, data: {} }, /params\.data/],
    ["non-object payload", { topic: "a", event_payload: [1] }, /params\.event_payload/],
  ])("publish refuses %s without sending", async (_n, input, msg) => {
    const err = await makeScope().events.publish(input as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(String(err)).toMatch(msg);
  });

  it("refuses a bad list limit and an unknown publish path", async () => {
    await expect(makeScope().events.list({ limit: 0 })).rejects.toThrow(/params\.limit/);
    expect(() => makeScope().events.withOptions({ publishPath: "/events" as never })).toThrow(/options\.publishPath/);
  });

  it("a publish that gets 503 is tried once", async () => {
    let calls = 0;
    nock(BASE)
      .post(`${P}/database/events`)
      .reply(() => {
        calls++;
        return [503, { detail: "busy" }];
      })
      .persist();
    await expect(makeScope().events.publish({ topic: "t" })).rejects.toBeInstanceOf(ServerError);
    expect(calls).toBe(1);
  });

  it("a GET that gets 503 then 200 succeeds", async () => {
    nock(BASE).get(`${P}/database/events/e-1`).reply(503).get(`${P}/database/events/e-1`).reply(200, wireEvent);
    expect((await makeScope().events.get("e-1")).event_id).toBe("e-1");
  });
});
