// The main job: a fundraiser's morning on ZeroDB, end to end. With no ZERODB_API_KEY it
// runs on the embedded local ZeroDB (in memory, nothing to install or configure).
//
//   npm run demo        (builds, then runs this file on Node 24)
//
// It seeds the data model's tables, imports 200 donor contacts from a messy CSV, logs a
// morning of calls and WhatsApp touches (followups are scheduled by the rules), turns two
// conversations into pledges, records a partial and a full payment, shows the followups
// that are due, and ends with the NEXT suggestion (reason, channel, draft, deep link) and
// the day's scoreboard.
import { fileURLToPath } from "node:url";
import { connect } from "./connect.ts";

const rupees = (n: number | undefined) => `₹${(n ?? 0).toLocaleString("en-IN", { maximumFractionDigits: 2 })}`;

const { scope, where, close } = await connect();
try {
  console.log(`zerodb-calltime demo on ${where}\n`);

  // 1. One call creates every table of the data model (and records the schema version).
  const seeded = await scope.seed();
  console.log(`seed: ${seeded.created.length} tables created, ${seeded.present.length} already there, schema v${seeded.schemaVersion}`);
  if (seeded.failed.length > 0) throw new Error(`seed failed: ${seeded.failed.map((f) => f.table).join(", ")}`);

  // 2. Import the donor list: phones to E.164, duplicates merged, bad rows reported by line.
  const csv = { path: fileURLToPath(new URL("./data/contacts.csv", import.meta.url)) };
  const imported = await scope.importContacts(csv);
  console.log(
    `import: ${imported.rows} rows -> ${imported.created} created, ${imported.updated} updated, ${imported.skipped} skipped`,
  );
  for (const issue of imported.issues.slice(0, 3)) console.log(`  line ${issue.line}: ${issue.field} (${issue.rule}) ${issue.message}`);
  const again = await scope.importContacts(csv);
  console.log(`import again: ${again.created} created (a rerun creates nothing new)`);

  // 3. A morning of call time with the six strongest relationships.
  const contacts = (await scope.contacts.query({ filter: { status: "active" }, sort: { relationship_strength: -1 }, limit: 6 })).data;
  const [c1, c2, c3, c4, c5, c6] = contacts;
  if (c6 === undefined) throw new Error("the import gave fewer than 6 active contacts");
  const morning = new Date();
  const log = (contact: typeof c1, channel: "call" | "whatsapp", outcome: "spoke" | "pledged" | "no_response" | "reschedule" | "declined", summary: string, extra: object = {}) =>
    scope.logInteraction({ contact_id: contact!.id, channel, direction: "outbound", outcome, summary, ...extra });

  const a = await log(c1, "call", "pledged", "Loved the school library update; pledged 50k for girls' scholarships", { amount_pledged: 50000 });
  const v = await log(c2, "call", "pledged", "Will give 10k after payday, send a UPI link", { amount_pledged: 10000 });
  const f = await log(c3, "whatsapp", "no_response", "Sent the event thank-you note and the campaign brochure");
  const r = await log(c4, "call", "reschedule", "In a meeting, call back tomorrow at 4 pm", {
    reschedule_at: new Date(morning.getTime() + 26 * 3_600_000),
  });
  await log(c5, "whatsapp", "spoke", "Asked for the annual report before deciding");
  await log(c6, "call", "declined", "Supporting a family wedding this year; try again in spring");
  const logged = [a, v, f, r];
  console.log(`\nlogged 6 interactions; the rules scheduled ${logged.reduce((n, x) => n + x.followups.length, 0)} followups`);

  // 4. Pledges from two conversations, then a partial and a full payment (sums in paise).
  const p1 = await scope.createPledge({ contact_id: c1!.id, amount: 50000, interaction_id: a.interaction.id });
  const p2 = await scope.createPledge({ contact_id: c2!.id, amount: 10000, interaction_id: v.interaction.id });
  const part = await scope.recordPayment({ contact_id: c1!.id, amount: 20000, method: "upi", pledge_id: p1.id, reference: "UPI-4411" });
  console.log(`${c1!.display_name}: paid ${rupees(20000)} of ${rupees(50000)}, outstanding ${rupees(part.outstanding)} (pledge ${part.pledge?.status})`);
  const full = await scope.recordPayment({ contact_id: c2!.id, amount: 10000, method: "bank", pledge_id: p2.id, reference: "NEFT-9021" });
  console.log(`${c2!.display_name}: paid ${rupees(10000)} of ${rupees(10000)}, outstanding ${rupees(full.outstanding)} (pledge ${full.pledge?.status})`);

  // 5. What is due (overdue included, never for a do-not-contact contact), soonest first.
  const inTwoDays = new Date(morning.getTime() + 50 * 3_600_000);
  const due = await scope.followups.due({ now: inTwoDays });
  const names = new Map(contacts.map((c) => [c.id, c.display_name]));
  console.log(`\nfollowups due within two days: ${due.length}`);
  const ist = (iso: string) => new Date(iso).toLocaleString("en-IN", { timeZone: "Asia/Kolkata", dateStyle: "medium", timeStyle: "short" });
  for (const d of due) console.log(`  ${ist(d.due_at)} IST  ${names.get(d.contact_id) ?? d.contact_id}  (${d.reason ?? "followup"})`);

  // 6. The day in one line.
  const raised = 20000 + 10000;
  console.log(`\nsummary: 6 contacts reached, 2 pledges for ${rupees(60000)}, ${rupees(raised)} received, ${rupees(part.outstanding)} still to collect`);

  // 7. NEXT: who to reach first tomorrow at 10:00 IST, why, how, and with what words.
  const istToday = new Date(Date.now() + 5.5 * 3_600_000).toISOString().slice(0, 10);
  const tomorrow10 = new Date(Date.parse(`${istToday}T04:30:00.000Z`) + 86_400_000);
  const next = await scope.next({ now: tomorrow10, draft: { payee: { vpa: "trust@okaxis", name: "Vidya Trust" } } });
  if (next.pick === null) console.log(`\nNEXT: nobody (${next.noneReason})`);
  else {
    console.log(`\nNEXT (tomorrow 10:00 IST): ${next.pick.displayName} by ${next.pick.action}`);
    console.log(`  why:   ${next.pick.reason} [${next.pick.reasonCode}]`);
    console.log(`  draft: ${next.pick.message}`);
    if (next.pick.links.whatsapp) console.log(`  link:  ${next.pick.links.whatsapp}`);
    if (next.pick.links.upi) console.log(`  upi:   ${next.pick.links.upi}`);
    for (const s of next.runnersUp) console.log(`  then ${s.displayName}: ${s.whyLower}`);
  }

  // 8. Today's scoreboard in the operators' zone.
  const board = await scope.scoreboard();
  console.log(`\nscoreboard ${board.date} (${board.timeZone}): raised ${rupees(board.raised)}, pledged ${rupees(board.pledged)}, ${board.contactsReached} reached in ${board.attempts} attempts`);
  console.log(`  outcomes: ${board.topOutcomes.map((o) => `${o.outcome} ${o.count}`).join(", ")}`);
} finally {
  await close();
}
