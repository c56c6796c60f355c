/** scope.next end to end on the local server: the known pick, persistence, the agent log, the event, DNC and isolation. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEvent, type ProjectScope } from "../../src/index.js";
import type { Drafter } from "../../src/next/index.js";
import type { TestScope } from "../../src/testing/index.js";
import { repoScope } from "./repo-helpers.js";

let t: TestScope;
let o: TestScope;
let scope: ProjectScope;
const ids = {} as Record<"asha" | "ravi" | "meena" | "dnc" | "foreign", string>;

const NOW = "2026-03-10T10:30:00.000Z"; // 16:00 IST
const YESTERDAY = "2026-03-09T06:00:00.000Z";
const LATE = "2026-03-10T17:30:00.000Z"; // 23:00 IST

async function contact(s: ProjectScope, name: string, phone: string, extra: Record<string, unknown> = {}): Promise<string> {
  const c = await s.contacts.create({ display_name: name, ...extra });
  await s.contactIdentities.create({ contact_id: c.id, type: "phone", value: phone, is_primary: true, is_whatsapp_capable: true });
  return c.id;
}

beforeAll(async () => {
  [t, o] = await Promise.all([repoScope(), repoScope()]);
  scope = t.scope;
  // Asha asked yesterday to be called back at 16:00 IST today: she comes first at 16:00.
  ids.asha = await contact(scope, "Asha Rao", "+919876500001");
  await scope.logInteraction({ contact_id: ids.asha, channel: "call", direction: "outbound", outcome: "reschedule", summary: "In a meeting, call back tomorrow at 4 pm", occurred_at: YESTERDAY, reschedule_at: NOW });
  ids.ravi = await contact(scope, "Ravi Iyer", "+919876500002");
  ids.meena = await contact(scope, "Meena Shah", "+919876500003");
  await scope.createPledge({ contact_id: ids.meena, amount: 5000, expected_by: "2026-03-20" }, { now: YESTERDAY });
  // a do-not-contact donor with a long-overdue callback never comes back
  ids.dnc = await contact(scope, "Dev Nair", "+919876500004", { relationship_strength: 5, capacity_band: "A" });
  await scope.logInteraction({ contact_id: ids.dnc, channel: "call", direction: "outbound", outcome: "reschedule", occurred_at: "2026-03-01T06:00:00.000Z", reschedule_at: "2026-03-02T06:00:00.000Z" });
  await scope.markDoNotContact(ids.dnc, { reason: "asked by SMS" });
  // another project: a donor whose WhatsApp reply is waiting would beat everyone, but is not ours
  ids.foreign = await contact(o.scope, "Other Project", "+919876500005");
  await o.scope.logInteraction({ contact_id: ids.foreign, channel: "whatsapp", direction: "inbound", outcome: "spoke", summary: "Yes please send details", occurred_at: "2026-03-10T09:00:00.000Z" });
});
afterAll(async () => {
  await t?.cleanup();
  await o?.cleanup();
});

describe("scope.next", () => {
  it("picks the callback that is due now, persists it, logs one run without message text, and publishes next.suggested", async () => {
    const r = await scope.next({ now: NOW, sessionId: "5b0c1e2a-8f1e-4a57-9a53-0d5a4c1f3a11" });
    expect(r.pick).toMatchObject({ contactId: ids.asha, reasonCode: "reschedule_due", displayName: "Asha Rao" });
    expect(r.pick!.message.length).toBeGreaterThan(0);
    expect(r.runId).toMatch(/^[0-9a-f-]{36}$/);
    const all = [r.pick!, ...r.runnersUp].map((s) => s.contactId);
    expect(all).not.toContain(ids.dnc);
    expect(all).not.toContain(ids.foreign);
    expect(all).toEqual(expect.arrayContaining([ids.ravi, ids.meena]));
    expect(r.runnersUp.every((s) => typeof s.whyLower === "string" && s.whyLower.length <= 120)).toBe(true);

    expect((await scope.contacts.get(ids.asha)).next_suggested_at).toBe(NOW);
    const [callback] = await scope.followups.query({ filter: { contact_id: ids.asha, status: "scheduled" } }).toArray();
    expect(callback!.suggested_message).toBe(r.pick!.message);

    const logs = await scope.agentLogs.list({ agent_id: "calltime_operator", limit: 100 }).toArray();
    const mine = logs.filter((l) => l.raw_payload?.run_id === r.runId);
    expect(mine).toHaveLength(1);
    const log = mine[0]!;
    expect(log).toMatchObject({ log_level: "INFO", session_id: "5b0c1e2a-8f1e-4a57-9a53-0d5a4c1f3a11" });
    expect(log.raw_payload).toMatchObject({
      action: "next",
      success: true,
      project_id: scope.projectId,
      result: { pick: { contactId: ids.asha, reasonCode: "reschedule_due" }, counts: { contacts: 3, pledges: 1 } },
    });
    expect(typeof log.raw_payload!.execution_time_ms).toBe("number");
    const counts = (log.raw_payload!.result as { counts: Record<string, number> }).counts;
    expect(counts.interactions).toBeGreaterThanOrEqual(1);
    expect(counts.followups).toBeGreaterThanOrEqual(1);
    const text = JSON.stringify(log);
    expect(text).not.toContain(r.pick!.message);
    expect(text).not.toMatch(/\+91987650000\d/);
    expect(text).not.toContain("Asha");

    const event = (await scope.events.list({ topic: "next.suggested", limit: 100 }).toArray()).map((e) => parseEvent(e)).find((e) => e?.type === "next.suggested" && e.payload.run_id === r.runId);
    expect(event).toMatchObject({ contact_id: ids.asha, payload: { reason_code: "reschedule_due", counts: { contacts: 3 } } });
  });

  it("suggests nobody at 23:00 IST, and persist: false writes nothing", async () => {
    const r = await scope.next({ now: LATE, persist: false });
    expect(r).toMatchObject({ pick: null, noneReason: "quiet_hours" });
    const stamps = async () => Promise.all([ids.asha, ids.ravi, ids.meena].map(async (id) => (await scope.contacts.get(id)).next_suggested_at ?? null));
    const before = await stamps();
    const later = "2026-03-10T11:30:00.000Z";
    const again = await scope.next({ now: later, persist: false });
    expect(again.pick).not.toBeNull();
    expect(await stamps()).toEqual(before);
    expect(before).not.toContain(later);
  });

  it("re-drafts only the pick with the app's drafter and records its usage", async () => {
    const calls: string[] = [];
    const drafter: Drafter = {
      async draft(context) {
        calls.push(context.displayName);
        return { text: "Hi Asha, is now a good time for the call you asked for?", usage: { provider: "anthropic", model: "claude-haiku", prompt_tokens: 120, completion_tokens: 30, request_id: "req-next-1" } };
      },
    };
    const r = await scope.next({ now: NOW, drafter, persist: false });
    expect(calls).toEqual(["Asha Rao"]);
    expect(r.pick!.message).toBe("Hi Asha, is now a good time for the call you asked for?");
    const usage = await scope.providerUsage.query({ filter: { provider: "anthropic" } }).toArray();
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ model: "claude-haiku", prompt_tokens: 120, completion_tokens: 30 });
  });

  it("a bad option fails with a ValidationError naming it, and the failed run is logged", async () => {
    await expect(scope.next({ now: NOW, quietHours: { start: "25:00", end: "21:00" } })).rejects.toMatchObject({ name: "ValidationError" });
    const logs = await scope.agentLogs.list({ agent_id: "calltime_operator", log_level: "ERROR", limit: 100 }).toArray();
    expect(logs.length).toBeGreaterThanOrEqual(1);
    expect(logs.at(-1)!.raw_payload).toMatchObject({ success: false, action: "next", result: { error: { name: "ValidationError" } } });
    await expect(scope.next({ campaignId: "nope" })).rejects.toMatchObject({ issues: [{ path: "campaignId" }] });
  });

  it("narrows to a campaign: another campaign's pledge does not count", async () => {
    const camp = await scope.campaigns.create({ name: "Holi drive" });
    const r = await scope.next({ now: NOW, campaignId: camp.id, persist: false });
    const log = (await scope.agentLogs.list({ agent_id: "calltime_operator", limit: 100 }).toArray()).find((l) => l.raw_payload?.run_id === r.runId)!;
    expect((log.raw_payload!.result as { counts: Record<string, number> }).counts).toMatchObject({ pledges: 0, followups: 0 });
  });

  it("narrows followups to the operator's own and the unassigned ones with userId", async () => {
    const [me, other] = await Promise.all([scope.users.create({ full_name: "Kiran", role: "USER" }), scope.users.create({ full_name: "Sam", role: "USER" })]);
    await scope.followups.create({ contact_id: ids.ravi, due_at: "2026-03-10T09:00:00.000Z", reason: "manual", assigned_to_user_id: other.id });
    const counts = async (userId?: string) => {
      const r = await scope.next({ now: NOW, persist: false, ...(userId === undefined ? {} : { userId }) });
      const log = (await scope.agentLogs.list({ agent_id: "calltime_operator", limit: 1000 }).toArray()).find((l) => l.raw_payload?.run_id === r.runId)!;
      return (log.raw_payload!.result as { counts: Record<string, number> }).counts.followups;
    };
    const all = await counts();
    expect(await counts(me.id)).toBe(all! - 1);
    expect(await counts(other.id)).toBe(all);
  });
});
