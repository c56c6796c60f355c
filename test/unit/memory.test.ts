import nock from "nock";
import { describe, expect, it } from "vitest";
import { ServerError, ValidationError } from "../../src/index.js";
import { BASE, capture, KEY, makeScope, PID, STYLES, useNock } from "./helpers.js";

useNock();

const P = `/v1/public/${PID}`;
const wireMemory = {
  memory_id: "m-1",
  project_id: PID,
  agent_id: "a-1",
  session_id: "s-1",
  role: "user",
  content: "Prefers calls after 6pm",
  memory_metadata: { source: "call" },
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
};
type Seen = Array<{ body: unknown; headers: Headers; url: string }>;

describe.each(STYLES)("memory ($name)", ({ options, prefix }) => {
  const memory = () => makeScope(options).memory;

  it("store POSTs {content, agent_id, session_id, role, memory_metadata} with the key header", async () => {
    const seen: Seen = [];
    nock(BASE).post(`${prefix}/database/memory`).reply(capture(seen, 201, wireMemory));
    const m = await memory().store({ content: "Prefers calls after 6pm", agent_id: "a-1", session_id: "s-1", role: "user", memory_metadata: { source: "call" } });
    expect(seen[0]?.body).toEqual({ content: "Prefers calls after 6pm", agent_id: "a-1", session_id: "s-1", role: "user", memory_metadata: { source: "call" } });
    expect(seen[0]?.headers.get("x-api-key")).toBe(KEY);
    expect(seen[0]?.headers.get("authorization")).toBeNull();
    expect(m).toEqual(wireMemory);
  });

  it("list sends skip/limit and the filters, reading the {data} envelope", async () => {
    nock(BASE)
      .get(`${prefix}/database/memory`)
      .query({ skip: "0", limit: "2", session_id: "s-1", agent_id: "a-1", role: "assistant" })
      .reply(200, { data: [wireMemory, { ...wireMemory, memory_id: "m-2" }], total: 3, skip: 0, limit: 2, has_more: true })
      .get(`${prefix}/database/memory`)
      .query({ skip: "2", limit: "2", session_id: "s-1", agent_id: "a-1", role: "assistant" })
      .reply(200, { data: [{ ...wireMemory, memory_id: "m-3" }], total: 3, skip: 2, limit: 2, has_more: false });
    const all = await memory().list({ limit: 2, session_id: "s-1", agent_id: "a-1", role: "assistant" }).toArray();
    expect(all.map((m) => m.memory_id)).toEqual(["m-1", "m-2", "m-3"]);
  });

  it("search POSTs {query, limit, threshold, filters} and reads memories + similarity_score", async () => {
    const seen: Seen = [];
    nock(BASE)
      .post(`${prefix}/database/memory/search`)
      .reply(capture(seen, 200, { memories: [{ ...wireMemory, similarity_score: 0.91 }], total_count: 1 }));
    const hits = await memory().search({ query: "best time", limit: 5, threshold: 0.6, agent_id: "a-1", session_id: "s-1", role: "user" });
    expect(seen[0]?.body).toEqual({ query: "best time", limit: 5, threshold: 0.6, agent_id: "a-1", session_id: "s-1", role: "user" });
    expect(hits).toEqual([{ ...wireMemory, score: 0.91 }]);
  });

  it("get, update (PUT partial) and delete use the memory_id path", async () => {
    const seen: Seen = [];
    nock(BASE)
      .get(`${prefix}/database/memory/m-1`)
      .reply(200, wireMemory)
      .put(`${prefix}/database/memory/m-1`)
      .reply(capture(seen, 200, { ...wireMemory, content: "After 7pm" }))
      .delete(`${prefix}/database/memory/m-1`)
      .reply(200, { success: true, memory_id: "m-1" });
    expect((await memory().get("m-1")).content).toBe("Prefers calls after 6pm");
    expect((await memory().update("m-1", { content: "After 7pm", metadata: { pinned: true } })).content).toBe("After 7pm");
    expect(seen[0]?.body).toEqual({ content: "After 7pm", memory_metadata: { pinned: true } });
    expect(await memory().delete("m-1")).toEqual({ success: true, memory_id: "m-1" });
  });
});

describe("memory: aliases, legacy spellings, lenient parsing", () => {
  it("sends the metadata alias under memory_metadata", async () => {
    const seen: Seen = [];
    nock(BASE).post(`${P}/database/memory`).reply(capture(seen, 201, wireMemory));
    await makeScope().memory.store({ content: "x", metadata: { a: 1 } });
    expect(seen[0]?.body).toEqual({ content: "x", memory_metadata: { a: 1 } });
  });

  it("withOptions uses /database/memory/store and the metadata key", async () => {
    const seen: Seen = [];
    nock(BASE).post(`${P}/database/memory/store`).reply(capture(seen, 201, wireMemory));
    await makeScope().memory.withOptions({ storePath: "/database/memory/store", metadataKey: "metadata" }).store({ content: "x", memory_metadata: { a: 1 } });
    expect(seen[0]?.body).toEqual({ content: "x", metadata: { a: 1 } });
  });

  it("sends Authorization: Bearer with authScheme bearer", async () => {
    const seen: Seen = [];
    nock(BASE).post(`${P}/database/memory`).reply(capture(seen, 201, wireMemory));
    await makeScope({ authScheme: "bearer" }).memory.store({ content: "x" });
    expect(seen[0]?.headers.get("authorization")).toBe(`Bearer ${KEY}`);
    expect(seen[0]?.headers.get("x-api-key")).toBeNull();
  });

  it("reads id / metadata spellings", async () => {
    nock(BASE).get(`${P}/database/memory/m-9`).reply(200, { id: "m-9", content: "c", metadata: { k: "v" } });
    const m = await makeScope().memory.get("m-9");
    expect(m.memory_id).toBe("m-9");
    expect(m.memory_metadata).toEqual({ k: "v" });
  });

  it.each([
    ["results + similarity", { results: [{ id: "m-1", content: "c", similarity: 0.8 }] }, 0.8],
    ["data + score", { data: [{ memory_id: "m-1", content: "c", score: 0.7 }] }, 0.7],
    ["bare array", [{ memory_id: "m-1", content: "c", similarity_score: 0.6 }], 0.6],
  ])("search reads %s", async (_name, reply, score) => {
    nock(BASE).post(`${P}/database/memory/search`).reply(200, reply as object);
    const [hit] = await makeScope().memory.search({ query: "q" });
    expect(hit?.memory_id).toBe("m-1");
    expect(hit?.score).toBe(score);
  });

  it("reads memories from the {memories} list envelope too", async () => {
    nock(BASE).get(`${P}/database/memory`).query(true).reply(200, { memories: [wireMemory] });
    const page = await makeScope().memory.list();
    expect(page.data[0]?.memory_id).toBe("m-1");
  });
});

describe("memory: client-side validation and retries", () => {
  it.each([
    ["empty content", { content: "" }, /params\.content/],
    ["bad role", { content: "x", role: "bot" }, /params\.role/],
    ["both metadata spellings", { content: "x", metadata: {}, memory_metadata: {} }, /params\.metadata/],
    ["unknown field", { content: "x", importance: 1 }, /params/],
  ])("store refuses %s without sending", async (_n, input, msg) => {
    const err = await makeScope().memory.store(input as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(String(err)).toMatch(msg);
  });

  it("refuses a bad search / empty update / bad list role without sending", async () => {
    const mem = makeScope().memory;
    await expect(mem.search({ query: "" })).rejects.toThrow(/params\.query/);
    await expect(mem.search({ query: "q", threshold: 2 })).rejects.toThrow(/params\.threshold/);
    await expect(mem.update("m-1", {})).rejects.toThrow(/at least one field/);
    await expect(mem.list({ role: "bot" as never })).rejects.toThrow(/params\.role/);
    expect(() => mem.withOptions({ storePath: "/memory" as never })).toThrow(/options\.storePath/);
  });

  it("a store that gets 503 is tried once", async () => {
    let calls = 0;
    nock(BASE)
      .post(`${P}/database/memory`)
      .reply(() => {
        calls++;
        return [503, { detail: "busy" }];
      })
      .persist();
    await expect(makeScope().memory.store({ content: "x" })).rejects.toBeInstanceOf(ServerError);
    expect(calls).toBe(1);
  });

  it("a search (a read) that gets 503 then 200 succeeds", async () => {
    nock(BASE).post(`${P}/database/memory/search`).reply(503).post(`${P}/database/memory/search`).reply(200, { memories: [] });
    expect(await makeScope().memory.search({ query: "q" })).toEqual([]);
  });

  it("a GET that gets 503 then 200 succeeds", async () => {
    nock(BASE).get(`${P}/database/memory/m-1`).reply(503).get(`${P}/database/memory/m-1`).reply(200, wireMemory);
    expect((await makeScope().memory.get("m-1")).memory_id).toBe("m-1");
  });
});
