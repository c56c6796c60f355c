/** The CLI's next and scoreboard commands, in-process through `main(argv, io)` against a seeded project. */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { main, type CliIO } from "../../src/cli.js";
import type { TestScope } from "../../src/testing/index.js";
import { repoScope } from "./repo-helpers.js";

let t: TestScope;
let env: Record<string, string>;
const NOW = "2026-03-10T10:30:00.000Z"; // 16:00 IST

beforeAll(async () => {
  t = await repoScope();
  env = { ZERODB_API_KEY: inject("zerodbApiKey"), ZERODB_BASE_URL: inject("zerodbUrl"), ZERODB_PROJECT_ID: t.scope.projectId };
  const s = t.scope;
  const asha = await s.contacts.create({ display_name: "Asha Rao" });
  await s.contactIdentities.create({ contact_id: asha.id, type: "phone", value: "+919876500001", is_primary: true, is_whatsapp_capable: true });
  await s.logInteraction({ contact_id: asha.id, channel: "call", direction: "outbound", outcome: "reschedule", summary: "call back at 4 pm", occurred_at: "2026-03-09T06:00:00.000Z", reschedule_at: NOW });
  await s.logInteraction({ contact_id: asha.id, channel: "call", direction: "outbound", outcome: "pledged", occurred_at: "2026-03-09T06:10:00.000Z" });
});
afterAll(() => t?.cleanup());

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIO = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env };
  const code = await main(argv, io);
  return { code, out, err };
}

describe("zerodb-calltime next / scoreboard", () => {
  it("next prints the pick with reason, channel and draft; at 23:00 IST it says why nobody", async () => {
    const r = await run(["next", "--now", NOW]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Next: Asha Rao\n {2}why: {5}.+\[reschedule_due\]\n {2}channel: (call|whatsapp)\n {2}draft: {3}.*Asha/);
    const late = await run(["next", "--now", "2026-03-10T17:30:00.000Z"]);
    expect(late.out).toBe("Nobody to contact now: it is quiet hours (excluded: quiet_hours 1)\n");
    const json = JSON.parse((await run(["next", "--now", NOW, "--json"])).out) as { pick: { reasonCode: string }; runId: string };
    expect(json.pick.reasonCode).toBe("reschedule_due");
    const bad = await run(["next", "--campaign", "nope"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("campaignId");
  });

  it("scoreboard prints the day's board, or JSON", async () => {
    const r = await run(["scoreboard", "--date", "2026-03-09"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Scoreboard 2026-03-09 (Asia/Kolkata)");
    expect(r.out).toMatch(/reached: {3}1 contacts in 2 attempts/);
    expect(r.out).toContain("outcomes:  pledged 1, reschedule 1");
    const json = JSON.parse((await run(["scoreboard", "--date", "2026-03-09", "--json"])).out) as { attempts: number; target: null };
    expect(json).toMatchObject({ attempts: 2, target: null });
  });
});
