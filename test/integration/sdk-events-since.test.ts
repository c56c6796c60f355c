/**
 * SDK end to end: `scope.events.since` against the shared local server: a consumer reads
 * the log in pages, disconnects, and resumes from its saved cursor.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { buildEvent, publishEvent, type CalltimeEvent, type ProjectScope } from "../../src/index.js";
import { sdkClient, uniqueName } from "./sdk-helpers.js";

const SESSION = "0b9e5c1e-8f1e-4a57-9a53-0d5a4c1f3a11";

describe("events.since (end to end)", () => {
  let projectId: string;
  let scope: ProjectScope;
  const published: CalltimeEvent[] = [];

  beforeAll(async () => {
    const client = sdkClient();
    projectId = (await client.projects.create({ name: uniqueName("sdk_since") })).id;
    scope = client.project(projectId);
    for (let i = 0; i < 250; i++) {
      const e =
        i % 2 === 0
          ? buildEvent(projectId, "ai.tool.error", { occurred_at: new Date(Date.UTC(2026, 0, 9, 4, 0, i)).toISOString(), payload: { tool: "next", error: `e${i}` } }, [i])
          : buildEvent(projectId, "session.closed", { session_id: SESSION, occurred_at: new Date(Date.UTC(2026, 0, 9, 4, 0, i)).toISOString(), payload: {} }, [i]);
      await publishEvent(scope.events, e);
      published.push(e);
      // a publish retried after a lost answer: the same event stored twice
      if (i === 60 || i === 119) await publishEvent(scope.events, e);
      // another app's event on the same log
      if (i % 50 === 7) await scope.events.publish({ topic: "other.app", event_payload: { n: i } });
    }
  }, 120_000);

  it("reads every event once, in publish order, in pages of 100 from null; a consumer resumes from its cursor saved after 120", async () => {
    const first = await scope.events.since(null, { limit: 100 });
    expect(first.caughtUp).toBe(false);
    const second = await scope.events.since(first.cursor, { limit: 20 });
    const before = [...first.events, ...second.events];
    expect(before.map((e) => e.event_id)).toEqual(published.slice(0, before.length).map((e) => e.event_id));
    // 120 records read: 116 events, the retried publish of i = 60 and 3 records of another app
    expect(before.length).toBe(116);
    expect([...first.others, ...second.others].map((r) => r.event_payload)).toEqual([{ n: 7 }, { n: 57 }, { n: 107 }]);
    const saved = second.cursor;

    // disconnect: a new client with nothing but the saved cursor
    const resumed = sdkClient().project(projectId);
    const after: CalltimeEvent[] = [];
    let cursor: string = saved;
    for (let pages = 0; pages < 10; pages++) {
      const r = await resumed.events.since(cursor, { limit: 100 });
      after.push(...r.events);
      cursor = r.cursor;
      if (r.caughtUp) break;
    }
    expect([...before, ...after].map((e) => e.event_id)).toEqual(published.map((e) => e.event_id));
    expect(new Set(after.map((e) => e.event_id)).size).toBe(after.length);
    // the events come back typed and equal to what was published
    expect(after.at(-1)).toEqual(published.at(-1));

    // caught up: nothing new until something is published
    const idle = await resumed.events.since(cursor);
    expect(idle).toMatchObject({ events: [], others: [], caughtUp: true });
    const late = buildEvent(projectId, "ai.tool.error", { occurred_at: "2026-01-09T05:00:00.000Z", payload: { tool: "next", error: "late" } }, ["late"]);
    await publishEvent(scope.events, late);
    expect((await resumed.events.since(idle.cursor)).events).toEqual([late]);
  });

  it("reads one topic from its own cursor", async () => {
    const r = await scope.events.since(null, { topic: "session.closed", limit: 1000 });
    expect(r.events.map((e) => e.event_id)).toEqual(published.filter((e) => e.type === "session.closed").map((e) => e.event_id));
    expect(r.events.every((e) => e.type === "session.closed")).toBe(true);
    expect(r.caughtUp).toBe(true);
  });
});
