/** Workflows (issue 7): message audit with raw storage off/on, provider usage per local day. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messageSha256, parseEvent, type ProjectScope } from "../../src/index.js";
import type { TestScope } from "../../src/testing/index.js";
import { repoScope } from "./repo-helpers.js";

let t: TestScope;
let scope: ProjectScope;
beforeAll(async () => {
  t = await repoScope();
  scope = t.scope;
});
afterAll(() => t?.cleanup());

describe("message audit (US8.3)", () => {
  it("with raw storage off keeps only metadata and the SHA-256; a redelivery is stored once", async () => {
    const c = await scope.contacts.create({ display_name: "Asha" });
    const text = "Namaste! Thank you for your pledge.";
    const sent = await scope.recordMessage({ direction: "outbound", content: text, contact_id: c.id, provider_message_id: "wamid.A1", counterparty_phone: "98765 43210" });
    expect(sent.content).toBeUndefined();
    expect(sent).toMatchObject({ content_sha256: messageSha256(text), channel: "whatsapp", counterparty_phone: "+919876543210", provider_message_id: "wamid.A1" });
    expect(sent.content_sha256).toMatch(/^[0-9a-f]{64}$/);
    const stored = await scope.messages.get(sent.id);
    expect(JSON.stringify(stored)).not.toContain("Namaste");
    await scope.recordMessage({ direction: "outbound", content: text, contact_id: c.id, provider_message_id: "wamid.A1" });
    expect(await scope.messages.query({ filter: { contact_id: c.id } }).toArray()).toHaveLength(1);
    const e = (await scope.events.list({ topic: "whatsapp.message.sent" }).toArray()).map((r) => parseEvent(r)).find((x) => x?.type === "whatsapp.message.sent" && x.message_id === sent.id);
    expect(e).toMatchObject({ contact_id: c.id, payload: { content_stored: false, content_sha256: messageSha256(text) } });
    expect(JSON.stringify(e)).not.toContain("Namaste");
  });

  it("with raw storage on keeps the text", async () => {
    scope.configureWorkflows({ storeMessageContent: true });
    try {
      const m = await scope.recordMessage({ direction: "inbound", content: "Call me at 6", provider_message_id: "wamid.B2" });
      expect(m.content).toBe("Call me at 6");
      expect((await scope.events.list({ topic: "whatsapp.message.received" }).toArray()).length).toBeGreaterThan(0);
    } finally {
      scope.configureWorkflows({ storeMessageContent: false });
    }
    const off = await scope.recordMessage({ direction: "inbound", content: "secret", provider_message_id: "wamid.C3" }, { storeContent: false });
    expect(off.content).toBeUndefined();
  });
});

describe("provider usage (US13.1)", () => {
  it("aggregates tokens per operator and day in Asia/Kolkata, across its midnight (18:30 UTC)", async () => {
    const u1 = await scope.users.create({ full_name: "Ravi", role: "USER" });
    const u2 = await scope.users.create({ full_name: "Sana", role: "USER" });
    // 2026-01-09 23:59 IST and 2026-01-10 00:01 IST
    await scope.recordUsage({ provider: "anthropic", model: "claude-haiku", prompt_tokens: 100, completion_tokens: 20, user_id: u1.id, request_id: "chatcmpl-1" }, { now: "2026-01-09T18:29:00.000Z" });
    await scope.recordUsage({ provider: "anthropic", model: "claude-haiku", prompt_tokens: 200, completion_tokens: 40, user_id: u1.id, request_id: "chatcmpl-2" }, { now: "2026-01-09T18:31:00.000Z" });
    await scope.recordUsage({ provider: "meta_llama", model: "llama-4", prompt_tokens: 50, completion_tokens: 5, iterations: 3, user_id: u1.id }, { now: "2026-01-10T10:00:00.000Z" });
    await scope.recordUsage({ provider: "anthropic", model: "claude-haiku", prompt_tokens: 10, completion_tokens: 1, user_id: u2.id }, { now: "2026-01-09T10:00:00.000Z" });
    // a retried turn (same request id) is stored once
    await scope.recordUsage({ provider: "anthropic", model: "claude-haiku", prompt_tokens: 100, completion_tokens: 20, user_id: u1.id, request_id: "chatcmpl-1" }, { now: "2026-01-09T18:29:00.000Z" });
    const days = await scope.usageDaily({ from: "2026-01-09", to: "2026-01-10" });
    const ravi = days.filter((d) => d.user_id === u1.id);
    expect(ravi).toEqual([
      { date: "2026-01-09", user_id: u1.id, turns: 1, iterations: 1, prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
      { date: "2026-01-10", user_id: u1.id, turns: 2, iterations: 4, prompt_tokens: 250, completion_tokens: 45, total_tokens: 295 },
    ]);
    expect(days.find((d) => d.user_id === u2.id)).toMatchObject({ date: "2026-01-09", total_tokens: 11 });
    // in UTC the midnight falls elsewhere
    const utc = await scope.usageDaily({ from: "2026-01-09", to: "2026-01-10", userId: u1.id, timeZone: "UTC" });
    expect(utc.map((d) => [d.date, d.turns])).toEqual([["2026-01-09", 2], ["2026-01-10", 1]]);
    const events = (await scope.events.list({ topic: "ai.usage.recorded", limit: 100 }).toArray()).map((r) => parseEvent(r));
    expect(events.filter((e) => e?.type === "ai.usage.recorded" && e.payload.request_id === "chatcmpl-1").map((e) => e!.event_id).length).toBeGreaterThan(0);
    await expect(scope.usageDaily({ timeZone: "Mars/Base" })).rejects.toMatchObject({ name: "ValidationError", issues: [{ path: "timeZone" }] });
  });
});

describe("contact and session events", () => {
  it("createContact, startSession and closeSession publish contact.created, session.started, session.closed", async () => {
    const u = await scope.users.create({ full_name: "Op", role: "USER" });
    const c = await scope.createContact({ display_name: "Vikram Reddy" }, { source: "manual", userId: u.id });
    const s = await scope.startSession({ user_id: u.id });
    const closed = await scope.closeSession(s.id);
    expect(closed.closed_at).toBeDefined();
    const all = (await scope.events.list({ limit: 1000 }).toArray()).map((r) => parseEvent(r));
    expect(all.find((e) => e?.type === "contact.created" && e.contact_id === c.id)).toMatchObject({ user_id: u.id, project_id: scope.projectId, payload: { display_name: "Vikram Reddy", source: "manual" } });
    expect(all.find((e) => e?.type === "session.started" && e.session_id === s.id)).toMatchObject({ user_id: u.id });
    expect(all.find((e) => e?.type === "session.closed" && e.session_id === s.id)).toMatchObject({ user_id: u.id });
    await scope.recordToolError({ tool: "log_interaction", error: "timeout", session_id: s.id });
    const errs = (await scope.events.list({ topic: "ai.tool.error" }).toArray()).map((r) => parseEvent(r));
    expect(errs[0]).toMatchObject({ type: "ai.tool.error", session_id: s.id, payload: { tool: "log_interaction", error: "timeout", agent_id: "calltime_operator" } });
    // two failures of one tool at the same instant are two events; a retried publish of one call is the same event
    const at = { now: "2026-01-09T10:00:00.000Z" };
    await scope.recordToolError({ tool: "next", error: "timeout", session_id: s.id }, at);
    await scope.recordToolError({ tool: "next", error: "timeout", session_id: s.id }, at);
    await scope.recordToolError({ tool: "next", error: "timeout", session_id: s.id, call_id: "toolu_01" }, at);
    await scope.recordToolError({ tool: "next", error: "timeout", session_id: s.id, call_id: "toolu_01" }, at);
    const nextErrs = (await scope.events.list({ topic: "ai.tool.error" }).toArray()).map((r) => parseEvent(r)).filter((e) => e?.type === "ai.tool.error" && e.payload.tool === "next");
    expect(nextErrs).toHaveLength(4);
    expect(new Set(nextErrs.map((e) => e?.event_id)).size).toBe(3);
    // every published record carries its type as the topic
    const records = await scope.events.list({ limit: 1000 }).toArray();
    for (const r of records) expect(r.topic).toBe((r.event_payload as { type: string }).type);
  });
});
