/**
 * SDK end to end: `scope.memory` against the shared local server over real HTTP.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { NotFoundError, ValidationError, type Memory, type ProjectScope } from "../../src/index.js";
import { sdkClient, uniqueName } from "./sdk-helpers.js";

describe("SDK memory (end to end)", () => {
  let scope: ProjectScope;
  beforeAll(async () => {
    const client = sdkClient();
    scope = client.project((await client.projects.create({ name: uniqueName("sdk_memory") })).id);
  });

  it("store answers the stored record; get reads it back", async () => {
    const session = uniqueName("s");
    const m = await scope.memory.store({ content: "Asha prefers calls after 6pm", session_id: session, agent_id: "dialer", role: "user", memory_metadata: { contact_id: "c-1" } });
    expect(m).toMatchObject({
      content: "Asha prefers calls after 6pm",
      session_id: session,
      agent_id: "dialer",
      role: "user",
      memory_metadata: { contact_id: "c-1" },
      project_id: scope.projectId,
    });
    expect(m.memory_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(m.created_at).toEqual(expect.any(String));
    expect(await scope.memory.get(m.memory_id)).toEqual(m);

    // the alias `metadata` lands in memory_metadata
    const alias = await scope.memory.store({ content: "Ravi: pledge pending", metadata: { contact_id: "c-2" } });
    expect(alias.memory_metadata).toEqual({ contact_id: "c-2" });
  });

  it("lists with filters (session, agent, role) in store order and pages with for await", async () => {
    const s1 = uniqueName("s1");
    const s2 = uniqueName("s2");
    const stored: Memory[] = [];
    for (let i = 0; i < 7; i++) {
      stored.push(
        await scope.memory.store({
          content: `turn ${i}`,
          session_id: i % 2 === 0 ? s1 : s2,
          agent_id: i < 4 ? "agent-a" : "agent-b",
          role: i % 3 === 0 ? "assistant" : "user",
        }),
      );
    }
    const bySession = await scope.memory.list({ session_id: s1 });
    expect(bySession.data.map((m) => m.content)).toEqual(["turn 0", "turn 2", "turn 4", "turn 6"]);
    expect(bySession.total).toBe(4);

    const bySessionAgent = await scope.memory.list({ session_id: s1, agent_id: "agent-b" });
    expect(bySessionAgent.data.map((m) => m.content)).toEqual(["turn 4", "turn 6"]);

    const bySessionRole = await scope.memory.list({ session_id: s2, role: "assistant" });
    expect(bySessionRole.data.map((m) => m.content)).toEqual(["turn 3"]);

    const walked: string[] = [];
    for await (const m of scope.memory.list({ session_id: s1, limit: 3 })) walked.push(m.memory_id);
    expect(walked).toEqual(stored.filter((_, i) => i % 2 === 0).map((m) => m.memory_id));

    const skipped = await scope.memory.list({ session_id: s1, skip: 3, limit: 10 });
    expect(skipped.data.map((m) => m.content)).toEqual(["turn 6"]);
    expect(skipped.hasMore).toBe(false);
  });

  it("search ranks the memory that shares the query's words first, and honours filters and threshold", async () => {
    const session = uniqueName("s");
    await scope.memory.store({ content: "Meera wants receipts by email", session_id: session, role: "user" });
    const target = await scope.memory.store({ content: "Vikram prefers WhatsApp over phone calls", session_id: session, role: "user" });
    await scope.memory.store({ content: "Budget meeting moved to Friday", session_id: session, role: "assistant" });

    const hits = await scope.memory.search({ query: "Vikram prefers WhatsApp", session_id: session });
    expect(hits[0]!.memory_id).toBe(target.memory_id);
    expect(hits[0]!.content).toBe(target.content);
    expect(hits[0]!.score).toBeGreaterThan(0.3);
    const scores = hits.map((h) => h.score!);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);

    const assistantOnly = await scope.memory.search({ query: "Vikram prefers WhatsApp", session_id: session, role: "assistant" });
    expect(assistantOnly.every((h) => h.role === "assistant")).toBe(true);
    expect(assistantOnly.some((h) => h.memory_id === target.memory_id)).toBe(false);

    const strict = await scope.memory.search({ query: "Vikram prefers WhatsApp", session_id: session, threshold: 0.5 });
    expect(strict.map((h) => h.memory_id)).toEqual([target.memory_id]);

    const one = await scope.memory.search({ query: "Vikram prefers WhatsApp", session_id: session, limit: 1 });
    expect(one).toHaveLength(1);
  });

  it("update changes only the given fields, and a new content is searchable", async () => {
    const session = uniqueName("s");
    const m = await scope.memory.store({ content: "call Asha on Monday", session_id: session, role: "user", memory_metadata: { pinned: false } });
    const u1 = await scope.memory.update(m.memory_id, { memory_metadata: { pinned: true } });
    expect(u1).toMatchObject({ memory_id: m.memory_id, content: "call Asha on Monday", role: "user", session_id: session, memory_metadata: { pinned: true } });

    const u2 = await scope.memory.update(m.memory_id, { content: "call Asha on Thursday afternoon", role: "assistant" });
    expect(u2).toMatchObject({ content: "call Asha on Thursday afternoon", role: "assistant", memory_metadata: { pinned: true } });
    expect(await scope.memory.get(m.memory_id)).toMatchObject({ content: "call Asha on Thursday afternoon", role: "assistant" });

    const hits = await scope.memory.search({ query: "Thursday afternoon", session_id: session, threshold: 0.2 });
    expect(hits.map((h) => h.memory_id)).toEqual([m.memory_id]);

    await expect(scope.memory.update(m.memory_id, {})).rejects.toBeInstanceOf(ValidationError);
  });

  it("delete removes it: get, update and a second delete give NotFoundError", async () => {
    const m = await scope.memory.store({ content: "to be forgotten" });
    expect(await scope.memory.delete(m.memory_id)).toMatchObject({ success: true, memory_id: m.memory_id });
    await expect(scope.memory.get(m.memory_id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(scope.memory.update(m.memory_id, { content: "back?" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(scope.memory.delete(m.memory_id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(scope.memory.get("not-a-uuid")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses bad input before sending, and stores nothing", async () => {
    const before = (await scope.memory.list({ limit: 1 })).total;
    await expect(scope.memory.store({ content: "" })).rejects.toBeInstanceOf(ValidationError);
    await expect(scope.memory.store({ content: "x", metadata: {}, memory_metadata: {} })).rejects.toBeInstanceOf(ValidationError);
    // @ts-expect-error a role the SDK does not know
    await expect(scope.memory.store({ content: "x", role: "robot" })).rejects.toBeInstanceOf(ValidationError);
    expect((await scope.memory.list({ limit: 1 })).total).toBe(before);
  });
});

