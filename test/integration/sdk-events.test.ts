/**
 * SDK end to end: `scope.events` against the shared local server over real HTTP.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { NotFoundError, ValidationError, type EventRecord, type ProjectScope } from "../../src/index.js";
import { sdkClient, uniqueName } from "./sdk-helpers.js";

describe("SDK events (end to end)", () => {
  let scope: ProjectScope;
  beforeAll(async () => {
    const client = sdkClient();
    scope = client.project((await client.projects.create({ name: uniqueName("sdk_events") })).id);
  });

  it("publishes several events; list by topic returns them in publish order; get reads each back", async () => {
    const topic = uniqueName("call.completed");
    const noise = uniqueName("call.started");
    const published: EventRecord[] = [];
    for (let i = 0; i < 12; i++) {
      published.push(await scope.events.publish({ topic, event_payload: { seq: i, contact_id: `c-${i}`, minutes: i * 2 } }));
      if (i % 3 === 0) await scope.events.publish({ topic: noise, event_payload: { seq: i } });
    }
    for (const [i, e] of published.entries()) {
      expect(e).toMatchObject({ topic, event_payload: { seq: i, contact_id: `c-${i}`, minutes: i * 2 }, project_id: scope.projectId });
      expect(e.event_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Number.isNaN(Date.parse(e.published_at!))).toBe(false);
    }
    expect(new Set(published.map((e) => e.event_id)).size).toBe(12);

    const page = await scope.events.list({ topic });
    expect(page.total).toBe(12);
    expect(page.data.map((e) => e.event_payload.seq)).toEqual([...Array(12).keys()]);
    expect(page.data.map((e) => e.event_id)).toEqual(published.map((e) => e.event_id));
    expect(page.data.every((e) => e.topic === topic)).toBe(true);

    // paging keeps the order and loses nothing
    const walked = await scope.events.list({ topic, limit: 5 }).toArray();
    expect(walked.map((e) => e.event_id)).toEqual(published.map((e) => e.event_id));
    const second = await scope.events.list({ topic, skip: 5, limit: 5 });
    expect(second.data.map((e) => e.event_payload.seq)).toEqual([5, 6, 7, 8, 9]);

    expect((await scope.events.list({ topic: noise })).data.map((e) => e.event_payload.seq)).toEqual([0, 3, 6, 9]);

    // published_at never goes backwards in publish order
    const times = page.data.map((e) => Date.parse(e.published_at!));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    for (const e of [published[0]!, published[7]!, published[11]!]) expect(await scope.events.get(e.event_id)).toEqual(e);
  });

  it("list without a topic covers every topic of the project", async () => {
    const own = sdkClient().project((await sdkClient().projects.create({ name: uniqueName("sdk_events_all") })).id);
    await own.events.publish({ topic: "a", event_payload: { n: 1 } });
    await own.events.publish({ topic: "b", event_payload: { n: 2 } });
    await own.events.publish({ topic: "a", event_payload: { n: 3 } });
    const all = await own.events.list();
    expect(all.data.map((e) => [e.topic, e.event_payload.n])).toEqual([
      ["a", 1],
      ["b", 2],
      ["a", 3],
    ]);
  });

  it("aliases event_type / eventType / data arrive as topic / event_payload", async () => {
    const topic = uniqueName("pledge.made");
    const a = await scope.events.publish({ event_type: topic, data: { amount: 500 } });
    const b = await scope.events.publish({ eventType: topic, event_payload: { amount: 250 } });
    const c = await scope.events.publish({ topic }); // payload defaults to {}
    expect(a).toMatchObject({ topic, event_payload: { amount: 500 } });
    expect(b).toMatchObject({ topic, event_payload: { amount: 250 } });
    expect(c).toMatchObject({ topic, event_payload: {} });
    const listed = await scope.events.list({ topic });
    expect(listed.data.map((e) => e.event_payload)).toEqual([{ amount: 500 }, { amount: 250 }, {}]);
    expect((await scope.events.get(a.event_id)).event_payload).toEqual({ amount: 500 });
  });

  it("payloads keep nested JSON, unicode and numbers exactly", async () => {
    const topic = uniqueName("nested");
    const payload = { who: { name: "Asha Rāo 🙏", tags: ["vip", "2026"] }, amount: 1234.5, big: 2 ** 53 - 1, none: null, ok: true };
    const e = await scope.events.publish({ topic, event_payload: payload });
    expect(e.event_payload).toEqual(payload);
    expect((await scope.events.get(e.event_id)).event_payload).toEqual(payload);
  });

  it("refuses bad input before sending and reports unknown events as NotFoundError", async () => {
    const before = (await scope.events.list({ limit: 1 })).total;
    await expect(scope.events.publish({ event_payload: { x: 1 } })).rejects.toBeInstanceOf(ValidationError);
    await expect(scope.events.publish({ topic: "a", event_type: "b" })).rejects.toBeInstanceOf(ValidationError);
    await expect(scope.events.publish({ topic: "a", event_payload: {}, data: {} })).rejects.toBeInstanceOf(ValidationError);
    await expect(scope.events.publish({ topic: "" })).rejects.toBeInstanceOf(ValidationError);
    expect((await scope.events.list({ limit: 1 })).total).toBe(before);

    await expect(scope.events.get("00000000-0000-4000-8000-000000000000")).rejects.toBeInstanceOf(NotFoundError);
    await expect(scope.events.get("not-an-id")).rejects.toBeInstanceOf(NotFoundError);
  });
});
