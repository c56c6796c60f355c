/** scope.runTool against the local server (issue 10 §4): validation, the confirmation gate, results, audit. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEvent, type ProjectScope } from "../../src/index.js";
import type { TestScope } from "../../src/testing/index.js";
import type { ToolName } from "../../src/whatsapp/index.js";
import { repoScope } from "./repo-helpers.js";

let t: TestScope;
let scope: ProjectScope;
let userId: string;
let sessionId: string;
const NOW = "2026-01-09T06:30:00.000Z"; // 12:00 IST
const MISSING = "6cd014e4-9d8d-4e2c-b955-7931be01ea74";

beforeAll(async () => {
  t = await repoScope();
  scope = t.scope;
  userId = (await scope.users.create({ full_name: "Priya Operator", role: "USER" })).id;
  sessionId = (await scope.startSession({ user_id: userId }, { now: NOW })).id;
});
afterAll(() => t?.cleanup());

const ctx = () => ({ userId, sessionId, now: NOW });
const contact = (name: string) => scope.contacts.create({ display_name: name });

async function toolErrors(): Promise<{ tool: string; error: string }[]> {
  const events = (await scope.events.list({ topic: "ai.tool.error", limit: 1000 }).toArray()).map((r) => parseEvent(r));
  return events.flatMap((e) => (e?.type === "ai.tool.error" ? [e.payload] : []));
}

describe("runTool: what the model got wrong comes back as a result naming the field", () => {
  it("every tool refuses a bad argument, names it, and runs nothing", async () => {
    const c = await contact("Anil Shah");
    const cases: [ToolName, Record<string, unknown>, string][] = [
      ["next", { campaign_id: 7 }, "campaign_id"],
      ["log_interaction", { contact_id: c.id, outcome: "no answer" }, "outcome"],
      ["create_pledge", { contact_id: c.id, amount: "10k" }, "amount"],
      ["record_payment", { contact_id: c.id, amount: 500, method: "gpay" }, "method"],
      ["reschedule", { contact_id: c.id, due_at: "tomorrow 4pm" }, "due_at"],
      ["due_followups", { limit: 0 }, "limit"],
      ["complete_followup", {}, "followup_id"],
      ["scoreboard", { date: "2026-13-01" }, "date"],
      ["mark_do_not_contact", { contact_id: "ravi" }, "contact_id"],
      ["find_contact", { query: 42 }, "query"],
      ["send_whatsapp", { contact_id: c.id }, "text"],
    ];
    for (const [name, args, path] of cases) {
      const r = await scope.runTool(name, args, ctx());
      expect(r, name).toMatchObject({ ok: false, error: { code: "invalid_arguments" } });
      expect(!r.ok && r.error.issues?.map((i) => i.path), name).toContain(path);
    }
    expect(await scope.interactions.query({ filter: { contact_id: c.id } }).toArray()).toEqual([]);
    expect(await scope.pledges.query({ filter: { contact_id: c.id } }).toArray()).toEqual([]);
    expect(await scope.payments.query({ filter: { contact_id: c.id } }).toArray()).toEqual([]);
    expect(await scope.followups.query({ filter: { contact_id: c.id } }).toArray()).toEqual([]);
    expect((await scope.contacts.get(c.id)).status).toBe("active");
  });

  it("a contact that is not in the project, or a rule the workflow checks, is an argument error too", async () => {
    const missing = await scope.runTool("create_pledge", { contact_id: MISSING, amount: 100 }, ctx());
    expect(missing).toMatchObject({ ok: false, error: { code: "invalid_arguments", issues: [{ path: "contact_id", message: expect.stringContaining("no contact") }] } });
    const c = await contact("Bina Rao");
    const noTime = await scope.runTool("log_interaction", { contact_id: c.id, outcome: "reschedule" }, ctx());
    expect(noTime).toMatchObject({ ok: false, error: { code: "invalid_arguments", issues: [{ path: "reschedule_at" }] } });
    const followup = await scope.runTool("complete_followup", { followup_id: MISSING }, ctx());
    expect(followup).toMatchObject({ ok: false, error: { issues: [{ path: "followup_id" }] } });
  });

  it("an unknown tool is answered with the list of tools, and published as ai.tool.error", async () => {
    const r = await scope.runTool("send_money", { to: "Raj" }, ctx());
    expect(r).toMatchObject({ ok: false, error: { code: "unknown_tool", message: expect.stringContaining("log_interaction") } });
    expect(await toolErrors()).toContainEqual(expect.objectContaining({ tool: "send_money", error: expect.stringContaining("no tool named") }));
  });

  it("throws only for the app's own mistakes", async () => {
    await expect(scope.runTool("next", {}, { userId: "priya" })).rejects.toMatchObject({ name: "ValidationError", issues: [{ path: "userId" }] });
    await expect(scope.runTool("next", {}, { now: "soon" })).rejects.toMatchObject({ issues: [{ path: "now" }] });
    await expect(scope.runTool("scoreboard", {}, { timeZone: "India/Delhi" })).rejects.toMatchObject({ issues: [{ path: "timeZone" }] });
    // an abort is the app's, not the model's: thrown, never handed to the model as a result
    const aborted = new AbortController();
    aborted.abort();
    await expect(scope.runTool("find_contact", { query: "Meera" }, { signal: aborted.signal })).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("runTool: the confirmation gate", () => {
  it("mark_do_not_contact runs nothing until confirmed, then marks and cancels the followups", async () => {
    const ravi = await contact("Ravi Kumar");
    await scope.logInteraction({ contact_id: ravi.id, channel: "call", direction: "outbound", outcome: "no_response", occurred_at: NOW }, { now: NOW });
    const held = await scope.runTool("mark_do_not_contact", { contact_id: ravi.id, reason: "asked on the phone" }, ctx());
    expect(held).toMatchObject({ ok: false, error: { code: "needs_confirmation" } });
    expect((await scope.contacts.get(ravi.id)).status).toBe("active");
    expect((await scope.followups.query({ filter: { contact_id: ravi.id } }).toArray()).map((f) => f.status)).toEqual(["scheduled"]);
    // a model cannot confirm for the operator by adding an argument
    expect(await scope.runTool("mark_do_not_contact", { contact_id: ravi.id, confirmed: true }, ctx())).toMatchObject({ ok: false, error: { code: "invalid_arguments", issues: [{ path: "confirmed" }] } });

    const done = await scope.runTool("mark_do_not_contact", { contact_id: ravi.id, reason: "asked on the phone" }, { ...ctx(), confirmed: true });
    expect(done).toEqual({ ok: true, result: { contact_id: ravi.id, name: "Ravi Kumar", status: "do_not_contact", cancelled_followups: 1 } });
    expect((await scope.contacts.get(ravi.id)).status).toBe("do_not_contact");
    // and nobody logs work on a do-not-contact contact through the tools
    expect(await scope.runTool("log_interaction", { contact_id: ravi.id, outcome: "spoke" }, ctx())).toMatchObject({ ok: false, error: { issues: [{ path: "contact_id", message: expect.stringContaining("do-not-contact") }] } });
  });
});

describe("runTool: send_whatsapp records a sent message only once the operator confirmed", () => {
  it("held without confirmation; then the audit row and the outbound interaction, once per wamid", async () => {
    const asha = await contact("Asha Menon");
    await scope.contactIdentities.create({ contact_id: asha.id, type: "phone", value: "+91 98450 55555", is_whatsapp_capable: true });
    const args = { contact_id: asha.id, text: "Namaste Asha ji! Could we speak today about the school appeal?", provider_message_id: "wamid.tools-1" };
    expect(await scope.runTool("send_whatsapp", args, ctx())).toMatchObject({ ok: false, error: { code: "needs_confirmation" } });
    expect(await scope.messages.query({ filter: { contact_id: asha.id } }).toArray()).toEqual([]);
    expect(await scope.interactions.query({ filter: { contact_id: asha.id } }).toArray()).toEqual([]);

    const sent = await scope.runTool("send_whatsapp", args, { ...ctx(), confirmed: true });
    expect(sent).toEqual({ ok: true, result: { message_id: expect.any(String), contact_id: asha.id, interaction_id: expect.any(String), status: "sent", duplicate: false } });
    const again = await scope.runTool("send_whatsapp", args, { ...ctx(), confirmed: true });
    expect(again).toMatchObject({ ok: true, result: { duplicate: true } });
    const messages = await scope.messages.query({ filter: { contact_id: asha.id } }).toArray();
    expect(messages).toEqual([expect.objectContaining({ direction: "outbound", provider_message_id: "wamid.tools-1", session_id: sessionId, user_id: userId })]);
    expect(messages[0]!.content ?? undefined).toBeUndefined(); // raw storage is off by default
    const touches = await scope.interactions.query({ filter: { contact_id: asha.id } }).toArray();
    expect(touches).toEqual([expect.objectContaining({ channel: "whatsapp", direction: "outbound", created_by_user_id: userId })]);
  });
});

describe("runTool: good calls run the workflows and answer compactly", () => {
  it("log, pledge, pay, reschedule, due, complete, find", async () => {
    const meera = await contact("Meera Iyer");
    await scope.contactIdentities.create({ contact_id: meera.id, type: "phone", value: "+91 98450 12345" });

    const logged = await scope.runTool("log_interaction", { contact_id: meera.id, outcome: "pledged", summary: "Keen on the school project" }, ctx());
    expect(logged).toMatchObject({ ok: true, result: { contact_id: meera.id, outcome: "pledged", interaction_id: expect.any(String) } });
    const interactionId = logged.ok ? (logged.result.interaction_id as string) : "";
    expect(await scope.interactions.get(interactionId)).toMatchObject({ channel: "call", direction: "outbound", session_id: sessionId, created_by_user_id: userId, occurred_at: NOW });

    const pledged = await scope.runTool("create_pledge", { contact_id: meera.id, amount: 10000, interaction_id: interactionId, expected_by: "2026-01-31" }, ctx());
    expect(pledged).toEqual({ ok: true, result: { pledge_id: expect.any(String), contact_id: meera.id, amount: 10000, currency: "INR", status: "open", expected_by: "2026-01-31" } });
    const pledgeId = pledged.ok ? (pledged.result.pledge_id as string) : "";

    const paid = await scope.runTool("record_payment", JSON.stringify({ contact_id: meera.id, amount: 2500.5, method: "upi", pledge_id: pledgeId, reference: "UTR77" }), ctx());
    expect(paid).toEqual({
      ok: true,
      result: { payment_id: expect.any(String), contact_id: meera.id, amount: 2500.5, method: "upi", status: "confirmed", pledge_id: pledgeId, pledge_status: "open", outstanding: 7499.5 },
    });
    expect(JSON.stringify(paid)).not.toContain("null");

    const at = "2026-01-09T16:00:00+05:30";
    const again = await scope.runTool("reschedule", { contact_id: meera.id, due_at: at }, ctx());
    expect(again).toMatchObject({ ok: true, result: { contact_id: meera.id, name: "Meera Iyer", due_at: "2026-01-09T10:30:00.000Z", status: "scheduled" } });
    const twice = await scope.runTool("reschedule", { contact_id: meera.id, due_at: at }, ctx());
    expect(twice.ok && twice.result.followup_id).toBe(again.ok && again.result.followup_id);
    const open = await scope.followups.query({ filter: { contact_id: meera.id, reason: "reschedule" } }).toArray();
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ assigned_to_user_id: userId });

    // the operator's due list: theirs and the unassigned, never a colleague's
    const colleague = (await scope.users.create({ full_name: "Colleague", role: "USER" })).id;
    const unassigned = await scope.followups.create({ contact_id: meera.id, due_at: "2026-01-09T09:00:00.000Z", reason: "thank_you" });
    const theirs = await scope.followups.create({ contact_id: meera.id, due_at: "2026-01-09T09:00:00.000Z", reason: "visit", assigned_to_user_id: colleague });
    const due = await scope.runTool("due_followups", { limit: 50 }, { ...ctx(), now: "2026-01-09T11:00:00.000Z" });
    const dueIds = due.ok ? (due.result.followups as { followup_id: string }[]).map((f) => f.followup_id) : [];
    expect(due.ok && due.result.followups).toContainEqual({ followup_id: open[0]!.id, contact_id: meera.id, name: "Meera Iyer", due_at: "2026-01-09T10:30:00.000Z", reason: "reschedule" });
    expect(dueIds).toContain(unassigned.id);
    expect(dueIds).not.toContain(theirs.id);

    const completed = await scope.runTool("complete_followup", { followup_id: open[0]!.id }, ctx());
    expect(completed).toEqual({ ok: true, result: { followup_id: open[0]!.id, contact_id: meera.id, status: "done", completed_at: NOW } });

    const byName = await scope.runTool("find_contact", { query: "meera" }, ctx());
    expect(byName.ok && byName.result.contacts).toEqual([expect.objectContaining({ contact_id: meera.id, name: "Meera Iyer", status: "active" })]);
    const byPhone = await scope.runTool("find_contact", { query: "098450 12345" }, ctx());
    expect(byPhone.ok && byPhone.result.contacts).toEqual([expect.objectContaining({ contact_id: meera.id })]);
  });

  it("every call is an agent log with the tool and its time, never the arguments' text", async () => {
    const c = await contact("Suresh Nair");
    const secret = "Donor mentioned a private family matter";
    await scope.runTool("log_interaction", { contact_id: c.id, outcome: "spoke", summary: secret }, ctx());
    await scope.runTool("create_pledge", { contact_id: c.id, amount: "lots" }, ctx());
    const logs = await scope.agentLogs.list({ agent_id: "calltime_operator", limit: 1000 }).toArray();
    const mine = logs.filter((l) => l.session_id === sessionId);
    expect(mine.length).toBeGreaterThanOrEqual(2);
    expect(mine.map((l) => l.raw_payload)).toContainEqual(expect.objectContaining({ action: "log_interaction", status: "ok", execution_time_ms: expect.any(Number) }));
    expect(mine.map((l) => l.raw_payload)).toContainEqual(expect.objectContaining({ action: "create_pledge", status: "invalid_arguments", issue_paths: ["amount"] }));
    expect(JSON.stringify(logs)).not.toContain(secret);
    expect(JSON.stringify(await toolErrors())).not.toContain(secret);
  });

  it("next answers with the pick and runners-up, compactly", async () => {
    const fresh = await repoScope();
    try {
      const s2 = fresh.scope;
      const kiran = await s2.contacts.create({ display_name: "Kiran Desai" });
      await s2.contactIdentities.create({ contact_id: kiran.id, type: "phone", value: "+91 98450 33333", is_whatsapp_capable: true });
      await s2.followups.create({ contact_id: kiran.id, due_at: "2026-01-09T05:30:00.000Z", reason: "reschedule" });
      const other = await s2.contacts.create({ display_name: "Lata Bose" });
      await s2.contactIdentities.create({ contact_id: other.id, type: "phone", value: "+91 98450 44444" });
      const r = await s2.runTool("next", {}, { now: NOW });
      expect(r).toMatchObject({ ok: true, result: { pick: { contact_id: kiran.id, name: "Kiran Desai", reason_code: "reschedule_due", action: expect.stringMatching(/^(call|whatsapp)$/) } } });
      expect(r.ok && r.result.runners_up).toEqual([expect.objectContaining({ contact_id: other.id, name: "Lata Bose" })]);
      expect(JSON.stringify(r)).not.toContain("null");
    } finally {
      await fresh.cleanup();
    }
  });

  it("scoreboard reports the day's numbers in rupees, without the target when none is set", async () => {
    const fresh = await repoScope();
    try {
      const s2 = fresh.scope;
      const c = await s2.contacts.create({ display_name: "Mohan Das" });
      await s2.runTool("log_interaction", { contact_id: c.id, outcome: "paid" }, { now: NOW });
      await s2.runTool("record_payment", { contact_id: c.id, amount: 1234.5, method: "cash" }, { now: NOW });
      await s2.runTool("create_pledge", { contact_id: c.id, amount: 100000 }, { now: NOW });
      const r = await s2.runTool("scoreboard", { date: "2026-01-09" }, { now: NOW });
      expect(r).toEqual({ ok: true, result: { date: "2026-01-09", raised: 1234.5, pledged: 100000, contacts_reached: 1, attempts: 1 } });
      const yesterday = await s2.runTool("scoreboard", { date: "2026-01-08" }, { now: NOW });
      expect(yesterday).toMatchObject({ ok: true, result: { raised: 0, pledged: 0, attempts: 0 } });
    } finally {
      await fresh.cleanup();
    }
  });
});
