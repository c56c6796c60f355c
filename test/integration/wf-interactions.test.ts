/** Workflows (issue 7): logInteraction side effects, followups, do-not-contact, soft delete. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contactMemoryKey, interactionVectorId, isErrorOf, parseEvent, type ProjectScope } from "../../src/index.js";
import type { TestScope } from "../../src/testing/index.js";
import { repoScope } from "./repo-helpers.js";

let t: TestScope;
let scope: ProjectScope;
beforeAll(async () => {
  t = await repoScope();
  scope = t.scope;
});
afterAll(() => t?.cleanup());

const T0 = "2026-01-09T04:30:00.000Z";
const hours = (h: number) => new Date(Date.parse(T0) + h * 3_600_000).toISOString();

async function events(topic: string) {
  return (await scope.events.list({ topic, limit: 1000 }).toArray()).map((r) => parseEvent(r)!);
}

describe("scope.logInteraction", () => {
  it("touches the contact, embeds the summary under its stable id, keeps one memory summary, publishes interaction.logged", async () => {
    const user = await scope.users.create({ full_name: "Ravi", role: "USER" });
    const asha = await scope.contacts.create({ display_name: "Asha Rao" });
    const r1 = await scope.logInteraction(
      { contact_id: asha.id, channel: "call", direction: "outbound", outcome: "no_response", summary: "No answer, try evening", created_by_user_id: user.id },
      { now: T0 },
    );
    expect(r1.interaction).toMatchObject({ contact_id: asha.id, outcome: "no_response", occurred_at: T0 });
    expect((await scope.contacts.get(asha.id)).last_contacted_at).toBe(T0);
    expect(r1.followups).toHaveLength(1);
    expect(r1.followups[0]).toMatchObject({ status: "scheduled", due_at: hours(24), reason: "no_response", interaction_id: r1.interaction.id, assigned_to_user_id: user.id });

    const v = await scope.vectors.get(interactionVectorId(r1.interaction.id), { namespace: "interactions" });
    expect(v.vector_id).toBe(`interaction:${r1.interaction.id}:summary`);
    expect(v.vector_metadata).toMatchObject({ project_id: scope.projectId, type: "interaction_summary", contact_id: asha.id, outcome: "no_response", occurred_at: T0, source: "call" });
    expect(v.vector_embedding).toHaveLength(384);

    await scope.logInteraction({ contact_id: asha.id, channel: "whatsapp", direction: "inbound", outcome: "spoke", summary: "Asked about tax receipt", occurred_at: hours(2) });
    await scope.logInteraction({ contact_id: asha.id, channel: "call", direction: "outbound", outcome: "pledged", amount_pledged: 5000, summary: "Pledged 5000 by month end", occurred_at: hours(3) });
    // an older interaction does not move last_contacted_at back
    await scope.logInteraction({ contact_id: asha.id, channel: "sms", direction: "outbound", outcome: "spoke", occurred_at: hours(-5) });
    expect((await scope.contacts.get(asha.id)).last_contacted_at).toBe(hours(3));

    const memories = (await scope.memory.list({ session_id: contactMemoryKey(asha.id), limit: 100 }).toArray()).filter((m) => m.memory_metadata?.memory_type === "contact_history_summary");
    expect(memories).toHaveLength(1);
    expect(memories[0]!.content).toMatch(/Asha Rao/);
    expect(memories[0]!.content).toMatch(/4 interactions/);
    expect(memories[0]!.memory_metadata).toMatchObject({ contact_id: asha.id, project_id: scope.projectId, version: 4 });

    const logged = (await events("interaction.logged")).filter((e) => e.type === "interaction.logged" && e.contact_id === asha.id);
    expect(logged).toHaveLength(4);
    expect(logged[0]).toMatchObject({ project_id: scope.projectId, user_id: user.id, interaction_id: r1.interaction.id, schema_version: 1, payload: { outcome: "no_response", followup_ids: [r1.followups[0]!.id] } });
    const scheduled = (await events("followup.scheduled")).filter((e) => e.type === "followup.scheduled" && e.contact_id === asha.id);
    expect(scheduled.map((e) => (e as { followup_id: string }).followup_id)).toContain(r1.followups[0]!.id);
  });

  it("creates followups per outcome: reschedule at the time given, pledged unpaid after 48 h, none for spoke; rules toggle per operator", async () => {
    const c = await scope.contacts.create({ display_name: "Ravi Iyer" });
    const op = await scope.users.create({ full_name: "Op", role: "USER" });
    const re = await scope.logInteraction({ contact_id: c.id, channel: "call", direction: "outbound", outcome: "reschedule", reschedule_at: hours(30), occurred_at: T0 });
    expect(re.followups.map((f) => [f.reason, f.due_at])).toEqual([["reschedule", hours(30)]]);
    const pl = await scope.logInteraction({ contact_id: c.id, channel: "call", direction: "outbound", outcome: "pledged", amount_pledged: 1000, occurred_at: T0 });
    expect(pl.followups.map((f) => [f.reason, f.due_at])).toEqual([["send_payment_link", hours(48)]]);
    const paid = await scope.logInteraction({ contact_id: c.id, channel: "call", direction: "outbound", outcome: "pledged", amount_pledged: 1000, amount_received: 1000, occurred_at: T0 });
    expect(paid.followups).toEqual([]);
    expect((await scope.logInteraction({ contact_id: c.id, channel: "call", direction: "outbound", outcome: "spoke", occurred_at: T0 })).followups).toEqual([]);
    await expect(scope.logInteraction({ contact_id: c.id, channel: "call", direction: "outbound", outcome: "reschedule" })).rejects.toMatchObject({ name: "ValidationError", issues: [{ path: "reschedule_at" }] });

    scope.configureWorkflows({ followupRules: { operators: { [op.id]: { no_response: false } } } });
    try {
      const off = await scope.logInteraction({ contact_id: c.id, channel: "call", direction: "outbound", outcome: "no_response", created_by_user_id: op.id, occurred_at: T0 });
      expect(off.followups).toEqual([]);
      const on = await scope.logInteraction({ contact_id: c.id, channel: "call", direction: "outbound", outcome: "no_response", occurred_at: T0 });
      expect(on.followups).toHaveLength(1);
      // the created followup stays editable
      const moved = await scope.followups.update(on.followups[0]!.id, { due_at: hours(5) });
      expect(moved.due_at).toBe(hours(5));
    } finally {
      scope.configureWorkflows({ followupRules: {} });
    }
  });

  it("a retry with the same id repeats no write", async () => {
    const c = await scope.contacts.create({ display_name: "Meera Shah" });
    const id = globalThis.crypto.randomUUID();
    const input = { id, contact_id: c.id, channel: "call", direction: "outbound", outcome: "no_response", occurred_at: T0 } as const;
    const a = await scope.logInteraction(input, { now: T0 });
    const b = await scope.logInteraction(input, { now: T0 });
    expect(b.interaction.id).toBe(a.interaction.id);
    expect(b.followups.map((f) => f.id)).toEqual(a.followups.map((f) => f.id));
    expect(await scope.interactions.query({ filter: { contact_id: c.id } }).toArray()).toHaveLength(1);
    expect(await scope.followups.query({ filter: { contact_id: c.id } }).toArray()).toHaveLength(1);
  });

  it("validates before any request, naming the field", async () => {
    const bad = await scope.logInteraction({ contact_id: "nope", channel: "fax" as never, direction: "outbound", outcome: "spoke", amount_pledged: 10.005 }).catch((e: unknown) => e);
    expect(isErrorOf(bad, "ValidationError")).toBe(true);
    expect((bad as { issues: { path: string }[] }).issues.map((i) => i.path).sort()).toEqual(["amount_pledged", "channel", "contact_id"]);
  });

  it("a do_not_contact outcome marks the contact and cancels its open followups; wrong_number flags the identity used", async () => {
    const c = await scope.contacts.create({ display_name: "Kabir Nair" });
    const first = await scope.logInteraction({ contact_id: c.id, channel: "call", direction: "outbound", outcome: "no_response", occurred_at: T0 });
    const r = await scope.logInteraction({ contact_id: c.id, channel: "call", direction: "inbound", outcome: "do_not_contact", summary: "Please stop calling", occurred_at: hours(1) });
    expect(r.followups).toEqual([]);
    expect((await scope.contacts.get(c.id)).status).toBe("do_not_contact");
    expect(await scope.followups.get(first.followups[0]!.id)).toMatchObject({ status: "cancelled" });

    const d = await scope.contacts.create({ display_name: "Sana Das" });
    const phone = await scope.contactIdentities.create({ contact_id: d.id, type: "phone", value: "98765 43210", is_primary: true });
    const email = await scope.contactIdentities.create({ contact_id: d.id, type: "email", value: "sana@example.org" });
    await scope.logInteraction({ contact_id: d.id, channel: "call", direction: "outbound", outcome: "wrong_number", occurred_at: T0 });
    expect((await scope.contactIdentities.get(phone.id)).is_valid).toBe(false);
    expect((await scope.contactIdentities.get(email.id)).is_valid).toBe(true);
    const updated = (await events("contact.updated")).filter((e) => e.type === "contact.updated" && e.contact_id === d.id);
    expect(updated[0]).toMatchObject({ payload: { changes: ["identity"], identity_id: phone.id, reason: "wrong_number" } });
  });
});

describe("followups, do-not-contact, soft delete", () => {
  it("completeFollowup sets completed_at; cancelFollowup keeps the reason; both leave due()", async () => {
    const c = await scope.contacts.create({ display_name: "Dev Joshi" });
    const f1 = await scope.followups.create({ contact_id: c.id, due_at: hours(-1) });
    expect(f1.status).toBe("scheduled");
    const f2 = await scope.followups.create({ contact_id: c.id, due_at: hours(-2) });
    expect((await scope.followups.due({ now: new Date(T0) })).map((f) => f.id)).toEqual(expect.arrayContaining([f1.id, f2.id]));
    const done = await scope.completeFollowup(f1.id, { now: T0 });
    expect(done).toMatchObject({ status: "done", completed_at: T0 });
    const cancelled = await scope.cancelFollowup(f2.id, "met in person");
    expect(cancelled).toMatchObject({ status: "cancelled", cancel_reason: "met in person" });
    const due = (await scope.followups.due({ now: new Date(T0) })).map((f) => f.id);
    expect(due).not.toContain(f1.id);
    expect(due).not.toContain(f2.id);
    await expect(scope.completeFollowup(f2.id)).rejects.toMatchObject({ rule: "followup_status_transition" });
    await expect(scope.cancelFollowup(f1.id, "")).rejects.toMatchObject({ name: "ValidationError" });
    const completed = (await events("followup.completed")).filter((e) => e.type === "followup.completed" && e.followup_id === f1.id);
    expect(completed).toHaveLength(1);
  });

  it("markDoNotContact cancels open followups, publishes contact.updated, and due() excludes the contact", async () => {
    const c = await scope.contacts.create({ display_name: "Priya Menon" });
    const f = await scope.followups.create({ contact_id: c.id, due_at: hours(-1) });
    expect((await scope.followups.due({ now: new Date(T0) })).map((x) => x.id)).toContain(f.id);
    const r = await scope.markDoNotContact(c.id, { reason: "asked by SMS" });
    expect(r.contact.status).toBe("do_not_contact");
    expect(r.cancelledFollowups.map((x) => x.id)).toEqual([f.id]);
    expect((await scope.followups.get(f.id)).status).toBe("cancelled");
    // even a followup created later is never due for the contact
    const later = await scope.followups.create({ contact_id: c.id, due_at: hours(-1) });
    expect((await scope.followups.due({ now: new Date(T0) })).map((x) => x.id)).not.toContain(later.id);
    const e = (await events("contact.updated")).find((x) => x.type === "contact.updated" && x.contact_id === c.id);
    expect(e).toMatchObject({ project_id: scope.projectId, payload: { status: "do_not_contact", reason: "asked by SMS", cancelled_followup_ids: [f.id] } });
  });

  it("deleteContact hides the contact from due(); restoreContact brings it back", async () => {
    const c = await scope.contacts.create({ display_name: "Anika Gupta" });
    const f = await scope.followups.create({ contact_id: c.id, due_at: hours(-1) });
    await scope.deleteContact(c.id, { reason: "duplicate" });
    expect((await scope.contacts.find(c.id))?.deleted_at).toBeDefined();
    expect((await scope.followups.due({ now: new Date(T0) })).map((x) => x.id)).not.toContain(f.id);
    await expect(scope.logInteraction({ contact_id: c.id, channel: "call", direction: "outbound", outcome: "spoke" })).rejects.toMatchObject({ name: "ValidationError" });
    const back = await scope.restoreContact(c.id);
    expect(back.deleted_at).toBeUndefined();
    expect((await scope.followups.due({ now: new Date(T0) })).map((x) => x.id)).toContain(f.id);
  });
});


describe("validation before any request", () => {
  it("names the bad field of every workflow", async () => {
    await expect(scope.markDoNotContact("x")).rejects.toMatchObject({ name: "ValidationError", issues: [{ path: "contactId" }] });
    await expect(scope.deleteContact("x")).rejects.toMatchObject({ name: "ValidationError", issues: [{ path: "contactId" }] });
    await expect(scope.completeFollowup("x")).rejects.toMatchObject({ name: "ValidationError", issues: [{ path: "id" }] });
    await expect(scope.recordPayment({ contact_id: globalThis.crypto.randomUUID(), amount: 1.234, method: "upi" })).rejects.toMatchObject({ issues: [{ path: "amount" }] });
    await expect(scope.recordPayment({ contact_id: globalThis.crypto.randomUUID(), amount: 10, method: "cheque" as never })).rejects.toMatchObject({ issues: [{ path: "method" }] });
    await expect(scope.createPledge({ contact_id: globalThis.crypto.randomUUID(), amount: 10, expected_by: "31/01/2026" })).rejects.toMatchObject({ issues: [{ path: "expected_by" }] });
    await expect(scope.recordUsage({ provider: "", model: "m" })).rejects.toMatchObject({ issues: [{ path: "provider" }] });
    await expect(scope.recordMessage({ direction: "sideways" as never, content: "x" })).rejects.toMatchObject({ issues: [{ path: "direction" }] });
    await expect(scope.logInteraction({ contact_id: globalThis.crypto.randomUUID(), channel: "call", direction: "outbound", outcome: "spoke" }, { now: "yesterday" })).rejects.toMatchObject({ issues: [{ path: "options.now" }] });
  });
});
