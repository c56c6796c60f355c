/** The operator's conversation of issue 10 against the local server: next → reply → pledge → payment → scoreboard. */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ProjectScope } from "../../src/index.js";
import type { TestScope } from "../../src/testing/index.js";
import { repoScope } from "./repo-helpers.js";

let t: TestScope;
let scope: ProjectScope;
beforeAll(async () => {
  t = await repoScope();
  scope = t.scope;
});
afterAll(() => t?.cleanup());

const NOW = "2026-01-09T06:30:00.000Z"; // Friday 12:00 IST, inside calling hours

it("next → no answer → pledged 10k → paid 5000 by UPI → score, every write on the suggested contact", async () => {
  const user = await scope.users.create({ full_name: "Priya Operator", role: "USER" });
  const asha = await scope.contacts.create({ display_name: "Asha Rao" });
  await scope.contactIdentities.create({ contact_id: asha.id, type: "phone", value: "+91 98450 11111", is_whatsapp_capable: true });
  // she asked to be called back at 11:00, so NEXT puts her first
  await scope.followups.create({ contact_id: asha.id, due_at: "2026-01-09T05:30:00.000Z", reason: "reschedule" });
  const chitra = await scope.contacts.create({ display_name: "Chitra Menon" });
  await scope.contactIdentities.create({ contact_id: chitra.id, type: "phone", value: "+91 98450 22222", is_whatsapp_capable: true });
  const s = (await scope.startSession({ user_id: user.id }, { now: NOW })).id;
  const say = async (text: string) => {
    const r = await scope.handleOperatorMessage(s, text, { now: NOW });
    expect(r.reply.length).toBeLessThanOrEqual(1000);
    return r;
  };

  const next = await say("who's next?");
  expect(next).toMatchObject({ ran: "next", intent: { intent: "next" } });
  expect(next.reply).toContain("*Asha Rao*");
  expect(next.reply).toContain("called back");
  expect((await scope.sessions.get(s)).state_json).toMatchObject({ currentContactId: asha.id, lastSuggestion: { contactId: asha.id, reasonCode: "reschedule_due" } });

  const noAnswer = await say("no answer");
  expect(noAnswer).toMatchObject({ ran: "log_interaction" });
  expect(noAnswer.reply).toContain("*Asha Rao*");

  const pledge = await say("pledged 10k");
  expect(pledge).toMatchObject({ ran: "create_pledge", intent: { intent: "pledge", amount: 10000 } });
  expect(pledge.reply).toContain("*₹10,000*");

  const paid = await say("paid 5000 by UPI");
  expect(paid).toMatchObject({ ran: "record_payment", intent: { intent: "payment", amount: 5000, method: "upi" } });
  expect(paid.reply).toContain("*₹5,000* still to collect on the ₹10,000 pledge");

  const score = await say("score");
  expect(score).toMatchObject({ ran: "scoreboard", intent: { intent: "scoreboard" } });
  expect(score.reply).toContain("Raised: *₹5,000*");
  expect(score.reply).toContain("Pledged: *₹10,000*");
  expect(score.reply).toContain("Reached: 1 of 2 attempts");

  const interactions = await scope.interactions.query({ filter: { contact_id: asha.id }, sort: { created_at: 1 } }).toArray();
  expect(interactions.map((i) => i.outcome).sort()).toEqual(["no_response", "pledged"]);
  for (const i of interactions) expect(i).toMatchObject({ session_id: s, created_by_user_id: user.id, occurred_at: NOW });
  const pledges = await scope.pledges.query({ filter: { contact_id: asha.id } }).toArray();
  expect(pledges).toEqual([expect.objectContaining({ amount: 10000, status: "open" })]);
  const payments = await scope.payments.query({ filter: { contact_id: asha.id } }).toArray();
  expect(payments).toEqual([expect.objectContaining({ amount: 5000, method: "upi", pledge_id: pledges[0]!.id })]);
  // nothing landed on the contact who was not suggested
  expect(await scope.interactions.query({ filter: { contact_id: chitra.id } }).toArray()).toEqual([]);
  expect(await scope.payments.query({ filter: { contact_id: chitra.id } }).toArray()).toEqual([]);
});
