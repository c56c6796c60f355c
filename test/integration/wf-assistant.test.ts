/** scope.handleOperatorMessage against the local server (issue 10 §3): the operator's WhatsApp chat. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProjectScope } from "../../src/index.js";
import type { TestScope } from "../../src/testing/index.js";
import { repoScope } from "./repo-helpers.js";

let t: TestScope;
let scope: ProjectScope;
let userId: string;
const NOW = "2026-01-09T06:30:00.000Z"; // Friday 12:00 IST
const replies: string[] = [];

beforeAll(async () => {
  t = await repoScope();
  scope = t.scope;
  userId = (await scope.users.create({ full_name: "Priya Operator", role: "USER" })).id;
});
afterAll(() => t?.cleanup());

async function session(): Promise<string> {
  return (await scope.startSession({ user_id: userId }, { now: NOW })).id;
}
async function say(sessionId: string, text: string, now = NOW) {
  const r = await scope.handleOperatorMessage(sessionId, text, { now });
  replies.push(r.reply);
  return r;
}
const rowsOf = async (contactId: string) => ({
  interactions: await scope.interactions.query({ filter: { contact_id: contactId } }).toArray(),
  pledges: await scope.pledges.query({ filter: { contact_id: contactId } }).toArray(),
  payments: await scope.payments.query({ filter: { contact_id: contactId } }).toArray(),
  followups: await scope.followups.query({ filter: { contact_id: contactId } }).toArray(),
});
const auditOf = async (sessionId: string) =>
  (await scope.agentLogs.list({ agent_id: "calltime_operator", limit: 1000 }).toArray()).filter((l) => l.session_id === sessionId).map((l) => l.raw_payload?.action);

describe("handleOperatorMessage", () => {
  it("a named pledge, then a payment without a name goes to the same contact and against the pledge", async () => {
    const meera = await scope.contacts.create({ display_name: "Meera Iyer" });
    const s = await session();
    const pledged = await say(s, "Meera pledged 10k");
    expect(pledged).toMatchObject({ intent: { intent: "pledge", amount: 10000, contactId: meera.id }, ran: "create_pledge" });
    expect(pledged.reply).toContain("*Meera Iyer* pledged *₹10,000*");
    const paid = await say(s, "paid 5000 by UPI");
    expect(paid).toMatchObject({ intent: { intent: "payment", amount: 5000, method: "upi" }, ran: "record_payment" });
    expect(paid.reply).toContain("*₹5,000* from *Meera Iyer* by UPI");
    expect(paid.reply).toContain("*₹5,000* still to collect on the ₹10,000 pledge");

    const rows = await rowsOf(meera.id);
    expect(rows.interactions).toEqual([expect.objectContaining({ outcome: "pledged", channel: "call", session_id: s, created_by_user_id: userId, amount_pledged: 10000 })]);
    expect(rows.pledges).toEqual([expect.objectContaining({ amount: 10000, status: "open", interaction_id: rows.interactions[0]!.id })]);
    expect(rows.payments).toEqual([expect.objectContaining({ amount: 5000, method: "upi", pledge_id: rows.pledges[0]!.id, status: "confirmed" })]);
    expect((await scope.sessions.get(s)).state_json).toMatchObject({ currentContactId: meera.id });
  });

  it("asks who when there is no name and no current contact, or which one when the name is ambiguous; writes nothing", async () => {
    const raj1 = await scope.contacts.create({ display_name: "Raj Kumar" });
    const raj2 = await scope.contacts.create({ display_name: "Raj Malhotra" });
    const s = await session();
    const who = await say(s, "no answer");
    expect(who.reply).toMatch(/^Who\?/);
    expect(who.ran).toBeUndefined();
    const which = await say(s, "Raj pledged 25,000");
    expect(which.reply).toBe("Which Raj? Raj Kumar or Raj Malhotra?");
    const stranger = await say(s, "Zubin paid 500 cash");
    expect(stranger.reply).toContain("can't find *Zubin*");
    for (const c of [raj1, raj2]) expect(await rowsOf(c.id)).toEqual({ interactions: [], pledges: [], payments: [], followups: [] });
    expect(await scope.payments.query({ filter: { amount: 500 } }).toArray()).toEqual([]);
  });

  it("logs an outcome and schedules a callback in the operator's zone", async () => {
    const anil = await scope.contacts.create({ display_name: "Anil Shah" });
    const s = await session();
    const log = await say(s, "no answer from Anil");
    expect(log).toMatchObject({ ran: "log_interaction", intent: { intent: "log", outcome: "no_response" } });
    expect(log.reply).toContain("Logged *no answer* for *Anil Shah*");
    const back = await say(s, "call him back tomorrow 4pm");
    expect(back).toMatchObject({ ran: "reschedule", intent: { intent: "reschedule", dueAt: "2026-01-10T10:30:00.000Z" } });
    expect(back.reply).toContain("*Anil Shah* again on *Sat 10 Jan, 4:00 pm*");
    const rows = await rowsOf(anil.id);
    expect(rows.interactions.map((i) => i.outcome)).toEqual(["no_response"]);
    expect(rows.followups.map((f) => [f.reason, f.due_at]).sort()).toEqual([
      ["no_response", "2026-01-10T06:30:00.000Z"],
      ["reschedule", "2026-01-10T10:30:00.000Z"],
    ]);
  });

  it("do-not-contact asks first and writes nothing until yes; no drops it; each step is audited", async () => {
    const ravi = await scope.contacts.create({ display_name: "Ravi Kumar" });
    await scope.logInteraction({ contact_id: ravi.id, channel: "call", direction: "outbound", outcome: "no_response", occurred_at: NOW }, { now: NOW });
    const s = await session();
    const asked = await say(s, "stop contacting Ravi Kumar");
    expect(asked.reply).toBe("Mark *Ravi Kumar* do-not-contact? Reply *yes* to confirm, *no* to cancel.");
    expect(asked.pending).toMatchObject({ tool: "mark_do_not_contact", args: { contact_id: ravi.id } });
    expect(asked.ran).toBeUndefined();
    expect((await scope.contacts.get(ravi.id)).status).toBe("active");
    expect((await rowsOf(ravi.id)).followups.map((f) => f.status)).toEqual(["scheduled"]);

    const cancelled = await say(s, "cancel");
    expect(cancelled.reply).toContain("cancelled");
    expect((await scope.sessions.get(s)).state_json.pending).toBeNull();
    expect(await say(s, "yes")).toMatchObject({ reply: "Nothing is waiting for a yes." });
    expect((await scope.contacts.get(ravi.id)).status).toBe("active");

    await say(s, "DNC Ravi Kumar");
    const confirmed = await say(s, "yes");
    expect(confirmed).toMatchObject({ ran: "mark_do_not_contact" });
    expect(confirmed.reply).toBe("Done: *Ravi Kumar* is do-not-contact (1 followup cancelled).");
    expect((await scope.contacts.get(ravi.id)).status).toBe("do_not_contact");
    expect((await rowsOf(ravi.id)).followups.map((f) => f.status)).toEqual(["cancelled"]);
    expect(await auditOf(s)).toEqual(expect.arrayContaining(["confirmation_requested", "cancelled", "confirmed", "mark_do_not_contact"]));
  });

  it("a yes after the question expired, or after another command, runs nothing", async () => {
    const vikram = await scope.contacts.create({ display_name: "Vikram Sethi" });
    const s = await session();
    await say(s, "stop contacting Vikram");
    const late = await say(s, "yes", "2026-01-09T06:50:00.000Z");
    expect(late.reply).toContain("expired");
    await say(s, "stop contacting Vikram");
    await say(s, "help");
    expect(await say(s, "yes")).toMatchObject({ reply: "Nothing is waiting for a yes." });
    expect((await scope.contacts.get(vikram.id)).status).toBe("active");
    expect(await auditOf(s)).toEqual(expect.arrayContaining(["confirmation_expired", "confirmation_dropped"]));
  });

  it("unreadable messages get a hint and write nothing; help lists the commands; the session's activity is stamped", async () => {
    const suresh = await scope.contacts.create({ display_name: "Suresh Nair" });
    const s = await session();
    const before = (await scope.sessions.get(s)).last_activity_at;
    expect((await say(s, "Suresh pledged")).reply).toContain("How much?");
    expect((await say(s, "asdf qwerty")).reply).toContain("*help*");
    expect((await say(s, "help")).reply).toContain("*next*");
    expect(await rowsOf(suresh.id)).toEqual({ interactions: [], pledges: [], payments: [], followups: [] });
    expect(Date.parse((await scope.sessions.get(s)).last_activity_at)).toBeGreaterThan(Date.parse(before));
  });

  it("every reply fits in 1,000 characters, even for a long note", async () => {
    await scope.contacts.create({ display_name: "Long Note" });
    const s = await session();
    const long = await say(s, `spoke to Long Note - ${"very interested in the library wing ".repeat(20)}`);
    expect(long.ran).toBe("log_interaction");
    await say(s, `${"x".repeat(999)}`);
    for (const r of replies) expect(r.length).toBeLessThanOrEqual(1000);
  });
});
