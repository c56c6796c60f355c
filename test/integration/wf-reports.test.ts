/** Reports on the scope: the day's scoreboard and a campaign's progress on known data; CSV export (one project, formula cells, stored + linked). */
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProjectScope } from "../../src/index.js";
import type { TestScope } from "../../src/testing/index.js";
import { repoScope } from "./repo-helpers.js";

let t: TestScope;
let o: TestScope;
let scope: ProjectScope;
let campaignId: string;
let otherInteraction: string;
const D = "2026-01-09";
const AT = (hhmm: string) => `${D}T${hhmm}:00.000Z`; // UTC; IST = +05:30
const NEXT_LOCAL_DAY = `${D}T18:31:00.000Z`; // 00:01 IST on the 10th

beforeAll(async () => {
  [t, o] = await Promise.all([repoScope(), repoScope()]);
  scope = t.scope;
  scope.configureWorkflows({ semantic: false });
  campaignId = (await scope.campaigns.create({ name: "Library drive" })).id;
  await scope.campaignGoals.create({ campaign_id: campaignId, date: D, target_amount: 50000, target_contacts: 10 });
  const [a, b, c] = await Promise.all(["Asha Rao", "Ravi Iyer", "Meena Shah"].map((n) => scope.contacts.create({ display_name: n })));
  const log = (contact: string, outcome: "spoke" | "no_response" | "pledged", at: string, summary?: string) =>
    scope.logInteraction({ contact_id: contact, channel: "call", direction: "outbound", outcome, occurred_at: at, campaign_id: campaignId, ...(summary === undefined ? {} : { summary }) });
  await log(a!.id, "spoke", AT("04:00"), "=HYPERLINK(\"http://127.0.0.1/x\",\"click\")");
  await log(b!.id, "no_response", AT("05:00"));
  await log(c!.id, "pledged", AT("18:29"));
  await log(c!.id, "spoke", NEXT_LOCAL_DAY);
  const pledge = await scope.createPledge({ contact_id: a!.id, amount: 10000, campaign_id: campaignId, pledged_at: AT("04:10") });
  await scope.recordPayment({ contact_id: a!.id, pledge_id: pledge.id, amount: 4000, method: "upi", paid_at: AT("06:00") });
  await scope.recordPayment({ contact_id: a!.id, pledge_id: pledge.id, amount: 999, method: "card", status: "failed", paid_at: AT("06:30") });
  await scope.recordPayment({ contact_id: b!.id, amount: 100.1, method: "upi", campaign_id: campaignId, paid_at: AT("07:00") });
  await scope.recordPayment({ contact_id: c!.id, amount: 500, method: "cash", campaign_id: campaignId, paid_at: NEXT_LOCAL_DAY });
  // another project, same day: never in this project's reports
  o.scope.configureWorkflows({ semantic: false });
  const stranger = await o.scope.contacts.create({ display_name: "Stranger" });
  otherInteraction = (await o.scope.logInteraction({ contact_id: stranger.id, channel: "call", direction: "outbound", outcome: "spoke", occurred_at: AT("05:00") })).interaction.id;
});
afterAll(async () => {
  await t?.cleanup();
  await o?.cleanup();
});

describe("reports on the scope", () => {
  it("scoreboard of one IST day: target, raised (confirmed only, paise-exact), pledged, reached, gap, outcomes", async () => {
    const board = await scope.scoreboard({ date: D, campaignId });
    expect(board).toMatchObject({
      date: D,
      timeZone: "Asia/Kolkata",
      target: 50000,
      targetContacts: 10,
      raised: 4100.1,
      pledged: 10000,
      contactsReached: 2,
      attempts: 3,
      remainingGap: 45899.9,
      topOutcomes: [
        { outcome: "no_response", count: 1 },
        { outcome: "pledged", count: 1 },
        { outcome: "spoke", count: 1 },
      ],
    });
    const next = await scope.scoreboard({ now: NEXT_LOCAL_DAY });
    expect(next).toMatchObject({ date: "2026-01-10", raised: 500, attempts: 1, target: null, remainingGap: null });
    const utc = await scope.scoreboard({ date: D, timeZone: "UTC" });
    expect(utc.attempts).toBe(4);
    await expect(scope.scoreboard({ date: "09-01-2026" })).rejects.toMatchObject({ issues: [{ path: "date" }] });
    await expect(scope.scoreboard({ timeZone: "Mars/Base" })).rejects.toMatchObject({ issues: [{ path: "timeZone" }] });
  });

  it("campaign progress: totals in paise-exact rupees and conversion", async () => {
    const p = await scope.campaignProgress(campaignId);
    expect(p).toMatchObject({ campaignId, totalPledged: 10000, totalPaid: 4600.1, outstanding: 6000, pledgeCount: 1, fulfilledCount: 0, paymentCount: 3 });
    expect(p.conversion).toMatchObject({ contactsTouched: 3, contactsPledged: 1, contactsPaid: 3 });
    expect(p.conversion.byOutcome).toMatchObject({ spoke: 2, no_response: 1, pledged: 1 });
    await expect(o.scope.campaignProgress(campaignId)).rejects.toMatchObject({ name: "NotFoundError" });
  });

  it("exportCsv: this project's rows of the range, formula cells prefixed, stored as a file linked to the campaign", async () => {
    const r = await scope.exportCsv("interactions", { from: D, to: D, campaignId, store: true });
    expect(r.rows).toBe(3);
    const cells = parse(r.csv, { columns: true }) as Record<string, string>[];
    expect(cells).toHaveLength(3);
    expect(cells.every((row) => row.project_id === scope.projectId && row.campaign_id === campaignId)).toBe(true);
    expect(cells.map((row) => row.summary)).toContain("'=HYPERLINK(\"http://127.0.0.1/x\",\"click\")");
    expect(r.csv).not.toContain(otherInteraction);
    expect(r.file?.file_name).toBe(`interactions-${D}-${D}.csv`);
    const { bytes } = await scope.files.download(r.file!.file_id);
    expect(new TextDecoder().decode(bytes)).toBe(r.csv);
    const links = await scope.fileLinks.query({ filter: { file_id: r.file!.file_id } }).toArray();
    expect(links).toMatchObject([{ entity_type: "campaign", entity_id: campaignId }]);

    const payments = await scope.exportCsv("payments", { from: D, to: "2026-01-10" });
    expect(payments.rows).toBe(4);
    expect(payments.file).toBeUndefined();
    await expect(scope.exportCsv("interactions", { from: "2026-01-10", to: D })).rejects.toMatchObject({ issues: [{ path: "to" }] });
  });

  it("exportCsv of a campaign's contacts: those with an interaction, pledge or payment of the campaign in the range", async () => {
    // touched the same day, but not for this campaign
    const outside = await scope.contacts.create({ display_name: "Dev Outside" });
    await scope.logInteraction({ contact_id: outside.id, channel: "call", direction: "outbound", outcome: "spoke", occurred_at: AT("05:30") });
    const names = async (from: string, to: string) =>
      (parse((await scope.exportCsv("contacts", { from, to, campaignId })).csv, { columns: true }) as Record<string, string>[]).map((r) => r.display_name).sort();
    expect(await names(D, D)).toEqual(["Asha Rao", "Meena Shah", "Ravi Iyer"]);
    // 00:01 IST on the 10th: only Meena spoke and paid then
    expect(await names("2026-01-10", "2026-01-10")).toEqual(["Meena Shah"]);
  });
});
