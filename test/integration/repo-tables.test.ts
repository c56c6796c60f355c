/** Users, teams, campaigns, goals, sessions and followups repositories; retried inserts. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { createClient, isErrorOf, localDate, type ProjectScope } from "../../src/index.js";
import type { TestScope } from "../../src/testing/index.js";
import { lossyFetch } from "./sdk-helpers.js";
import { repoScope } from "./repo-helpers.js";

let t: TestScope;
let scope: ProjectScope;
beforeAll(async () => {
  t = await repoScope();
  scope = t.scope;
});
afterAll(() => t?.cleanup());

describe("scope.users and teams", () => {
  it("an email belongs to one user; deactivate keeps the row", async () => {
    const u = await scope.users.create({ full_name: "Ravi", role: "USER", email: "ravi@example.org" });
    await scope.users.create({ full_name: "No email", role: "GUEST" });
    await scope.users.create({ full_name: "No email either", role: "GUEST" });
    const dup = await scope.users.create({ full_name: "Ravi 2", role: "USER", email: "ravi@example.org" }).catch((e: unknown) => e);
    expect(isErrorOf(dup, "DuplicateError")).toBe(true);
    expect(dup).toMatchObject({ rule: "unique_email", field: "email", existingId: u.id });
    const other = await scope.users.create({ full_name: "Sana", role: "USER", email: "sana@example.org" });
    await expect(scope.users.update(other.id, { email: "ravi@example.org" })).rejects.toMatchObject({ rule: "unique_email" });
    const off = await scope.users.deactivate(u.id);
    expect(off.is_active).toBe(false);
    expect((await scope.users.get(u.id)).is_active).toBe(false);
    await expect(scope.users.create({ full_name: "Bad", role: "OWNER" as never })).rejects.toSatisfy((e) => isErrorOf(e, "ValidationError"));
  });

  it("team members are unique per (team_id, user_id) and member_role is an enum", async () => {
    const team = await scope.teams.create({ name: "North" });
    const user = await scope.users.create({ full_name: "Kabir", role: "USER" });
    const m = await scope.teamMembers.create({ team_id: team.id, user_id: user.id, member_role: "MEMBER" });
    expect((await scope.teamMembers.create({ team_id: team.id, user_id: user.id, member_role: "MEMBER" })).id).toBe(m.id);
    await expect(scope.teamMembers.create({ team_id: team.id, user_id: user.id, member_role: "ADMIN" })).rejects.toMatchObject({
      name: "DuplicateError",
      rule: "unique_team_id_user_id",
    });
    await expect(scope.teamMembers.create({ team_id: team.id, user_id: user.id, member_role: "BOSS" as never })).rejects.toThrow(/member_role/);
    await expect(scope.teamMembers.restore(m.id)).rejects.toMatchObject({ rule: "restore_needs_soft_delete" });
    await scope.teamMembers.delete(m.id);
    expect(await scope.teamMembers.find(m.id)).toBeUndefined();
  });
});

describe("scope.campaigns and campaignGoals", () => {
  it("status moves active ⇄ paused → completed, and never out of completed", async () => {
    const c = await scope.campaigns.create({ name: "Diwali drive" });
    expect(c.status).toBe("active");
    expect((await scope.campaigns.pause(c.id)).status).toBe("paused");
    expect((await scope.campaigns.resume(c.id)).status).toBe("active");
    expect((await scope.campaigns.complete(c.id)).status).toBe("completed");
    await expect(scope.campaigns.resume(c.id)).rejects.toMatchObject({ name: "InvariantError", rule: "campaign_status_transition", field: "status" });
  });

  it("one goal per (campaign, date); forDay finds today's goal in Asia/Kolkata across the UTC midnight", async () => {
    const c = await scope.campaigns.create({ name: "Goals" });
    const g9 = await scope.campaignGoals.create({ campaign_id: c.id, date: "2026-01-09", target_amount: 50000 });
    const g10 = await scope.campaignGoals.create({ campaign_id: c.id, date: "2026-01-10", target_amount: 75000.5 });
    await expect(scope.campaignGoals.create({ campaign_id: c.id, date: "2026-01-09", target_amount: 1 })).rejects.toMatchObject({
      rule: "unique_campaign_id_date",
    });
    // 18:29Z on the 9th is 23:59 IST on the 9th; 18:30Z is 00:00 IST on the 10th
    expect((await scope.campaignGoals.forDay(c.id, { now: new Date("2026-01-09T18:29:59Z") }))?.id).toBe(g9.id);
    expect((await scope.campaignGoals.forDay(c.id, { now: new Date("2026-01-09T18:30:00Z") }))?.id).toBe(g10.id);
    // 23:00Z on the 9th: still the 9th in UTC, already the 10th in Kolkata
    expect((await scope.campaignGoals.forDay(c.id, { now: new Date("2026-01-09T23:00:00Z") }))?.target_amount).toBe(75000.5);
    expect((await scope.campaignGoals.forDay(c.id, { now: new Date("2026-01-09T23:00:00Z"), timeZone: "UTC" }))?.id).toBe(g9.id);
    expect(await scope.campaignGoals.forDay(c.id, { now: new Date("2026-01-11T00:00:00Z") })).toBeUndefined();
    expect(localDate(new Date("2026-01-08T19:00:00Z"))).toBe("2026-01-09");
    expect(() => localDate(new Date(), "Mars/Olympus")).toThrow(/time zone/);
  });
});

describe("scope.sessions", () => {
  it("updateState merges without dropping other keys and bumps last_activity_at; a closed session is readable, never active", async () => {
    const user = await scope.users.create({ full_name: "Priya", role: "USER" });
    const s = await scope.sessions.start({ user_id: user.id, state_json: { step: "start", queue: ["a", "b"] } });
    expect((await scope.sessions.active(user.id))?.id).toBe(s.id);
    await new Promise((r) => setTimeout(r, 5));
    const u1 = await scope.sessions.updateState(s.id, { current_contact_id: "c-1" });
    const u2 = await scope.sessions.updateState(s.id, { step: "calling" });
    expect(u2.state_json).toEqual({ step: "calling", queue: ["a", "b"], current_contact_id: "c-1" });
    expect(Date.parse(u1.last_activity_at)).toBeGreaterThan(Date.parse(s.last_activity_at));
    const closed = await scope.sessions.close(s.id);
    expect(closed.closed_at).toBeDefined();
    expect((await scope.sessions.get(s.id)).closed_at).toBe(closed.closed_at);
    expect(await scope.sessions.active(user.id)).toBeUndefined();
    await expect(scope.sessions.updateState(s.id, { step: "x" })).rejects.toMatchObject({ rule: "session_closed" });
    expect((await scope.sessions.close(s.id)).closed_at).toBe(closed.closed_at);
  });
});

describe("scope.followups.due", () => {
  it("sorted by due_at, overdue included, never done/cancelled, never for do-not-contact or deleted contacts", async () => {
    const now = new Date("2026-01-09T10:00:00Z");
    const campaign = await scope.campaigns.create({ name: "Due" });
    const ok = await scope.contacts.create({ display_name: "Workable" });
    const dnc = await scope.contacts.create({ display_name: "DNC", status: "do_not_contact" });
    const gone = await scope.contacts.create({ display_name: "Gone" });
    await scope.contacts.delete(gone.id);
    const f = (contact_id: string, due_at: string, extra: Record<string, unknown> = {}) =>
      scope.followups.create({ contact_id, due_at, campaign_id: campaign.id, ...extra });
    const late = await f(ok.id, "2026-01-07T09:00:00Z");
    const now1 = await f(ok.id, "2026-01-09T10:00:00Z", { status: "due" });
    const early = await f(ok.id, "2026-01-08T23:00:00Z");
    await f(ok.id, "2026-01-09T10:00:01Z");
    await f(ok.id, "2026-01-08T00:00:00Z", { status: "done", completed_at: "2026-01-08T01:00:00Z" });
    await f(ok.id, "2026-01-08T00:00:00Z", { status: "cancelled" });
    await f(dnc.id, "2026-01-08T00:00:00Z");
    await f(gone.id, "2026-01-08T00:00:00Z");
    const due = await scope.followups.due({ now, campaignId: campaign.id });
    expect(due.map((d) => d.id)).toEqual([late.id, early.id, now1.id]);
    const assigned = await scope.followups.create({ contact_id: ok.id, due_at: "2026-01-01T00:00:00Z", assigned_to_user_id: crypto.randomUUID() });
    expect((await scope.followups.due({ now, userId: assigned.assigned_to_user_id! })).map((d) => d.id)).toEqual([assigned.id]);
  });
});

describe("retried inserts", () => {
  it("an insert whose answer was lost is retried and leaves exactly one row", async () => {
    const lossy = lossyFetch();
    const flaky = createClient({ apiKey: inject("zerodbApiKey"), baseUrl: inject("zerodbUrl"), fetch: lossy.fetch, retryBaseDelay: 1, retryMaxDelay: 5 }).project(scope.projectId);
    lossy.lose = 1;
    const c = await flaky.contacts.create({ display_name: "Lost answer", capacity_band: "lost-answer" });
    expect(lossy.attempts).toBeGreaterThanOrEqual(2);
    const rows = await scope.rows("contacts").query({ filter: { capacity_band: "lost-answer" } });
    expect(rows.data.map((r) => r.row_data.id)).toEqual([c.id]);
    lossy.lose = 1;
    const tag = await flaky.contactTags.add(c.id, "vip");
    expect((await scope.rows("contact_tags").query({ filter: { contact_id: c.id } })).data.map((r) => r.row_data.id)).toEqual([tag.id]);
  });
});

describe("scope.messages", () => {
  it("a redelivered message (same provider id) is stored once", async () => {
    const m = t.factories.message({ provider_message_id: "wamid.TEST123" });
    const { id: _ignored, ...input } = m;
    const first = await scope.messages.create(input);
    const again = await scope.messages.create(input);
    expect(again.id).toBe(first.id);
    expect((await scope.messages.query({ filter: { provider_message_id: "wamid.TEST123" } })).data).toHaveLength(1);
  });
});
