/** Workflows (issue 7): pledges, payments in paise, collect-remaining followups, reconcile, receipts. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectRemainingFollowupId, parseEvent, type ProjectScope } from "../../src/index.js";
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

describe("pledges and payments", () => {
  it("a pledge from an interaction sets its amount_pledged and publishes pledge.created", async () => {
    const c = await scope.contacts.create({ display_name: "Asha Rao" });
    const { interaction } = await scope.logInteraction({ contact_id: c.id, channel: "call", direction: "outbound", outcome: "pledged", occurred_at: T0 });
    const pledge = await scope.createPledge({ contact_id: c.id, amount: 5000, interaction_id: interaction.id, expected_by: "2026-01-31" }, { now: T0 });
    expect(pledge).toMatchObject({ status: "open", amount: 5000, currency: "INR", interaction_id: interaction.id, expected_by: "2026-01-31", pledged_at: T0 });
    expect((await scope.interactions.get(interaction.id)).amount_pledged).toBe(5000);
    const e = (await scope.events.list({ topic: "pledge.created" }).toArray()).map((r) => parseEvent(r)).find((x) => x?.type === "pledge.created" && x.pledge_id === pledge.id);
    expect(e).toMatchObject({ project_id: scope.projectId, contact_id: c.id, interaction_id: interaction.id, payload: { amount: 5000, currency: "INR" } });
    await expect(scope.createPledge({ contact_id: c.id, amount: 0 })).rejects.toMatchObject({ name: "ValidationError", issues: [{ path: "amount" }] });
    const other = await scope.contacts.create({ display_name: "Other" });
    await expect(scope.createPledge({ contact_id: other.id, amount: 10, interaction_id: interaction.id })).rejects.toMatchObject({ issues: [{ path: "interaction_id" }] });
  });

  it("a partial then a full payment: outstanding, collect-remaining followup opened then closed, pledge fulfilled", async () => {
    const c = await scope.contacts.create({ display_name: "Ravi Iyer" });
    const { interaction } = await scope.logInteraction({ contact_id: c.id, channel: "call", direction: "outbound", outcome: "pledged", amount_pledged: 5000, occurred_at: T0 });
    const pledge = await scope.createPledge({ contact_id: c.id, amount: 5000, interaction_id: interaction.id });
    const r1 = await scope.recordPayment({ contact_id: c.id, pledge_id: pledge.id, interaction_id: interaction.id, amount: 2000.5, method: "upi", reference: "UTR1" }, { now: T0 });
    expect(r1.outstanding).toBe(2999.5);
    expect(r1.pledge?.status).toBe("open");
    expect(r1.payment).toMatchObject({ amount: 2000.5, method: "upi", reference: "UTR1", status: "confirmed" });
    const fid = collectRemainingFollowupId(scope.projectId, pledge.id);
    expect(r1.followup).toMatchObject({ id: fid, status: "scheduled", reason: "collect_remaining", due_at: "2026-01-11T04:30:00.000Z" });
    expect((await scope.interactions.get(interaction.id)).amount_received).toBe(2000.5);

    // a failed payment does not count
    const failed = await scope.recordPayment({ contact_id: c.id, pledge_id: pledge.id, amount: 2999.5, method: "card", status: "failed" });
    expect(failed.outstanding).toBe(2999.5);

    const r2 = await scope.recordPayment({ contact_id: c.id, pledge_id: pledge.id, interaction_id: interaction.id, amount: 2999.5, method: "bank" }, { now: T0 });
    expect(r2.outstanding).toBe(0);
    expect(r2.pledge?.status).toBe("fulfilled");
    expect(await scope.followups.get(fid)).toMatchObject({ status: "done", completed_at: T0 });
    expect((await scope.interactions.get(interaction.id)).amount_received).toBe(5000);
    // the pledge's "send payment link" followup is done too
    const chasing = await scope.followups.query({ filter: { interaction_id: interaction.id, reason: "send_payment_link" } }).toArray();
    expect(chasing.map((f) => f.status)).toEqual(["done"]);
    const recorded = (await scope.events.list({ topic: "payment.recorded", limit: 1000 }).toArray()).map((r) => parseEvent(r)).filter((e) => e?.type === "payment.recorded" && e.pledge_id === pledge.id);
    expect(recorded.at(-1)).toMatchObject({ payment_id: r2.payment.id, payload: { outstanding: 0, pledge_status: "fulfilled" } });
  });

  it("30 payments of 0.10 settle a 3.00 pledge exactly, end to end", async () => {
    const c = await scope.contacts.create({ display_name: "Tiny" });
    const pledge = await scope.createPledge({ contact_id: c.id, amount: 3 });
    let last;
    for (let i = 0; i < 30; i++) last = await scope.recordPayment({ contact_id: c.id, pledge_id: pledge.id, amount: 0.1, method: "cash" });
    expect(last?.outstanding).toBe(0);
    expect(last?.pledge?.status).toBe("fulfilled");
  });

  it("a retried payment with the same id is stored once", async () => {
    const c = await scope.contacts.create({ display_name: "Retry" });
    const id = globalThis.crypto.randomUUID();
    await scope.recordPayment({ id, contact_id: c.id, amount: 100, method: "upi" });
    await scope.recordPayment({ id, contact_id: c.id, amount: 100, method: "upi" });
    expect(await scope.payments.query({ filter: { contact_id: c.id } }).toArray()).toHaveLength(1);
  });
});

describe("scope.reconcile", () => {
  it("repairs a broken pledge status, interaction amounts and last_contacted_at", async () => {
    const c = await scope.contacts.create({ display_name: "Broken" });
    const { interaction } = await scope.logInteraction({ contact_id: c.id, channel: "call", direction: "outbound", outcome: "pledged", occurred_at: T0 });
    const pledge = await scope.createPledge({ contact_id: c.id, amount: 1000, interaction_id: interaction.id });
    await scope.recordPayment({ contact_id: c.id, pledge_id: pledge.id, amount: 1000, method: "upi" });
    // a crash between writes: the pledge stayed open, the contact untouched, the interaction amount lost
    await scope.pledges.update(pledge.id, { status: "open" });
    await scope.contacts.update(c.id, { last_contacted_at: null });
    await scope.interactions.update(interaction.id, { amount_pledged: null });
    const r = await scope.reconcile({ now: T0 });
    expect(r.fixed).toEqual(
      expect.arrayContaining([
        { table: "pledges", id: pledge.id, field: "status", before: "open", after: "fulfilled" },
        { table: "contacts", id: c.id, field: "last_contacted_at", before: undefined, after: T0 },
        { table: "interactions", id: interaction.id, field: "amount_pledged", before: undefined, after: 1000 },
      ]),
    );
    expect((await scope.pledges.get(pledge.id)).status).toBe("fulfilled");
    expect((await scope.contacts.get(c.id)).last_contacted_at).toBe(T0);
    expect((await scope.interactions.get(interaction.id)).amount_pledged).toBe(1000);
    // a second run finds nothing to fix
    expect((await scope.reconcile({ now: T0 })).fixed).toEqual([]);
  });
});

describe("receipts", () => {
  it("uploads a payment proof, links it to the payment and gives a presigned link", async () => {
    const c = await scope.contacts.create({ display_name: "Receipt" });
    const { payment } = await scope.recordPayment({ contact_id: c.id, amount: 250, method: "upi" });
    const r = await scope.attachReceipt({ payment_id: payment.id, file_name: "upi.png", content: new Uint8Array([137, 80, 78, 71]), content_type: "image/png" }, { expirationSeconds: 600 });
    expect(r.file.file_id).toBeTruthy();
    expect(r.link).toMatchObject({ file_id: r.file.file_id, entity_type: "payment", entity_id: payment.id });
    expect(r.url.url).toMatch(/^https?:\/\//);
    const listed = await scope.receipts(payment.id);
    expect(listed.map((x) => x.file.file_id)).toEqual([r.file.file_id]);
    const got = await fetch(listed[0]!.url.url);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(new Uint8Array([137, 80, 78, 71]));
  });
});
