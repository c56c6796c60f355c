/** `events.since`: the cursor (pure, property-tested) and the reads it sends (nock). */
import fc from "fast-check";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { decodeSinceCursor, encodeSinceCursor, mergeSincePage, SINCE_WINDOW, sinceRead, type SinceCursor } from "../../src/api/events-since.js";
import { buildEvent, calltimeEventSchema, eventEnvelopeSchema, ValidationError, type EventRecord } from "../../src/index.js";
import { BASE, makeScope, PID, useNock } from "./helpers.js";

const cursorArb = fc
  .record({ s: fc.nat({ max: 1_000_000 }), t: fc.option(fc.string({ minLength: 1, maxLength: 255 }), { nil: undefined }), w: fc.array(fc.uuid(), { maxLength: SINCE_WINDOW }) })
  .map(({ s, t, w }): SinceCursor => ({ v: 1, s: s + w.length, ...(t === undefined ? {} : { t }), w }));

describe("since cursor", () => {
  it("round-trips and is URL-safe", () => {
    fc.assert(
      fc.property(cursorArb, (c) => {
        const s = encodeSinceCursor(c);
        expect(s).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(decodeSinceCursor(s)).toEqual(c);
      }),
    );
  });

  it("null starts at the beginning; anything not made by since is a ValidationError on cursor", () => {
    expect(decodeSinceCursor(null)).toEqual({ v: 1, s: 0, w: [] });
    const forged = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
    for (const bad of ["", "not a cursor!", forged({ v: 2, s: 0, w: [] }), forged({ v: 1, s: -1, w: [] }), forged({ v: 1, s: 1, w: ["a", "b"] }), forged({ v: 1, s: 0, w: [], x: 1 }), forged([1])]) {
      expect(() => decodeSinceCursor(bad), bad).toThrow(ValidationError);
    }
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          decodeSinceCursor(s);
        } catch (e) {
          expect(e).toBeInstanceOf(ValidationError);
          expect((e as ValidationError).issues[0]?.path).toBe("cursor");
        }
      }),
    );
  });

  it("goes back over its window, less when the limit leaves no room", () => {
    const c: SinceCursor = { v: 1, s: 120, w: ["a", "b", "c"] };
    expect(sinceRead(c, 100)).toEqual({ skip: 117, limit: 103, overlap: 3 });
    expect(sinceRead(c, 999)).toEqual({ skip: 119, limit: 1000, overlap: 1 });
    expect(sinceRead(c, 1000)).toEqual({ skip: 120, limit: 1000, overlap: 0 });
  });
});

/** An append-only log read through pure since() steps, as the server would list it. */
function readAll(log: readonly string[], limits: readonly number[], restartAt: ReadonlySet<number>) {
  let cursor = encodeSinceCursor(decodeSinceCursor(null));
  const out: string[] = [];
  for (let i = 0; ; i++) {
    const c = decodeSinceCursor(cursor);
    const limit = limits[i % limits.length]!;
    const read = sinceRead(c, limit);
    const records = log.slice(read.skip, read.skip + read.limit);
    const m = mergeSincePage(c, { records, overlap: read.overlap }, (k) => k);
    out.push(...m.fresh);
    // a consumer that restarts keeps only the encoded cursor
    cursor = restartAt.has(i) ? encodeSinceCursor(decodeSinceCursor(encodeSinceCursor(m.cursor))) : encodeSinceCursor(m.cursor);
    if (records.length < read.limit) return out;
  }
}

describe("since over an append-only log", () => {
  it("returns every key once, in first-publish order, whatever the page sizes; a retry next to its original is dropped", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 200 }),
        fc.array(fc.boolean(), { maxLength: 200 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat({ max: 50 }), { maxLength: 5 }),
        (ids, retried, limits, restarts) => {
          // a retried publish lands right after (or within a few records of) the original
          const log: string[] = [];
          ids.forEach((id, i) => {
            log.push(`e${id}-${i}`);
            if (retried[i] === true) log.push(`e${id}-${i}`);
          });
          const expected = [...new Set(log)];
          expect(readAll(log, limits, new Set(restarts))).toEqual(expected);
        },
      ),
    );
  });

  it("an event the server swaps across the page boundary (same instant) is neither lost nor repeated", () => {
    let c = decodeSinceCursor(null);
    const first = ["a", "b", "c", "d"];
    let m = mergeSincePage(c, { records: first, overlap: 0 }, (k) => k);
    expect(m.fresh).toEqual(["a", "b", "c", "d"]);
    c = m.cursor;
    // on the next read the server lists e (published in the same instant as d) before d
    const read = sinceRead(c, 4);
    const relisted = ["a", "b", "c", "e", "d", "f", "g", "h"].slice(read.skip, read.skip + read.limit);
    m = mergeSincePage(c, { records: relisted, overlap: read.overlap }, (k) => k);
    expect(m.fresh).toEqual(["e", "f", "g", "h"]);
    expect(m.cursor.s).toBe(8);
  });
});

describe("events.since on the wire", () => {
  useNock();
  const P = `/v1/public/${PID}`;
  const C = "0b9e5c1e-8f1e-4a57-9a53-0d5a4c1f3a11";
  const sent = (n: number) => buildEvent(PID, "session.closed", { session_id: C, occurred_at: "2026-01-09T04:30:00.000Z", payload: {} }, [n]);
  const rec = (id: string, payload: Record<string, unknown>, topic = "session.closed"): EventRecord => ({ event_id: id, project_id: PID, topic, event_payload: payload as never, published_at: "2026-01-09T04:30:00Z" });

  it("reads from skip 0, then re-reads the window; types the SDK's events, keeps others apart, drops a retried publish", async () => {
    const [e1, e2, e3] = [sent(1), sent(2), sent(3)];
    nock(BASE)
      .get(`${P}/database/events`)
      .query({ topic: "session.closed", skip: "0", limit: "3" })
      .reply(200, { data: [rec("r1", e1), rec("r2", { hello: "world" }), rec("r3", e1)], total: 3, skip: 0, limit: 3, has_more: false })
      .get(`${P}/database/events`)
      .query({ topic: "session.closed", skip: "0", limit: "6" })
      .reply(200, { data: [rec("r1", e1), rec("r2", { hello: "world" }), rec("r3", e1), rec("r4", e2), rec("r5", e3)], total: 5, skip: 0, limit: 6, has_more: false });
    const events = makeScope().events;
    const a = await events.since(null, { topic: "session.closed", limit: 3 });
    expect(a.events.map((e) => e.event_id)).toEqual([e1.event_id]);
    expect(a.events[0]?.type).toBe("session.closed");
    expect(a.others.map((r) => r.event_id)).toEqual(["r2"]);
    expect(a.caughtUp).toBe(false);
    // the topic comes with the cursor
    const b = await events.since(a.cursor, { limit: 3 });
    expect(b.events.map((e) => e.event_id)).toEqual([e2.event_id, e3.event_id]);
    expect(b.others).toEqual([]);
    expect(b.caughtUp).toBe(true);
    expect(decodeSinceCursor(b.cursor)).toMatchObject({ s: 5, t: "session.closed" });
  });

  it("keeps an envelope of a newer schema version in others, deduplicated by its event_id", async () => {
    const future = { ...sent(9), schema_version: 2, type: "whatsapp.message.edited", payload: { anything: true } };
    expect(eventEnvelopeSchema.safeParse(future).success).toBe(true);
    expect(calltimeEventSchema.safeParse(future).success).toBe(false);
    nock(BASE)
      .get(`${P}/database/events`)
      .query({ skip: "0", limit: "100" })
      .reply(200, { data: [rec("r1", future), rec("r2", future)], total: 2, skip: 0, limit: 100, has_more: false });
    const r = await makeScope().events.since(null);
    expect(r).toMatchObject({ events: [], others: [{ event_id: "r1", event_payload: future }], caughtUp: true });
    expect(r.others).toHaveLength(1);
  });

  it("refuses a bad cursor, a topic the cursor does not read and a bad limit, before any request", async () => {
    const events = makeScope().events;
    await expect(events.since("garbage!")).rejects.toMatchObject({ name: "ValidationError", issues: [{ path: "cursor" }] });
    const topicCursor = encodeSinceCursor({ v: 1, s: 0, t: "a", w: [] });
    await expect(events.since(topicCursor, { topic: "b" })).rejects.toMatchObject({ issues: [{ path: "params.topic", code: "cursor_mismatch" }] });
    await expect(events.since(encodeSinceCursor({ v: 1, s: 0, w: [] }), { topic: "b" })).rejects.toMatchObject({ issues: [{ path: "params.topic" }] });
    await expect(events.since(null, { limit: 1001 })).rejects.toMatchObject({ issues: [{ path: "params.limit" }] });
  });
});
