// NEXT: who to contact now, why, by which channel and with what words, then the operator
// rates the suggestion (stored through the RLHF endpoints).
// Run: npm run build && node examples/next.ts
import { connect } from "./connect.ts";

const DAY = 86_400_000;
// 11:00 IST today: inside the default calling hours (09:00-21:00 in Asia/Kolkata) whenever this runs.
const now = new Date();
now.setUTCHours(5, 30, 0, 0);
const ago = (days: number) => new Date(now.getTime() - days * DAY);
const date = (d: Date) => d.toISOString().slice(0, 10);

const { scope, close } = await connect();
try {
  await scope.seed();
  const donor = async (display_name: string, phone: string, extra: object = {}) => {
    const c = await scope.contacts.create({ display_name, ...extra });
    await scope.contactIdentities.create({ contact_id: c.id, type: "phone", value: phone, is_primary: true, is_whatsapp_capable: true });
    return c;
  };
  const asha = await donor("Asha Rao", "+919876500001", { capacity_band: "B", relationship_strength: 4 });
  const ravi = await donor("Ravi Iyer", "+919876500002");
  const meena = await donor("Meena Shah", "+919876500003", { relationship_strength: 5 });

  // Asha pledged ₹10,000 ten days ago, due a week ago, and paid ₹4,000 of it.
  const { interaction } = await scope.logInteraction(
    { contact_id: asha.id, channel: "call", direction: "outbound", outcome: "pledged", summary: "Pledged for the library", occurred_at: ago(10) },
    { now: ago(10) },
  );
  const pledge = await scope.createPledge({ contact_id: asha.id, amount: 10000, interaction_id: interaction.id, expected_by: date(ago(7)) }, { now: ago(10) });
  await scope.recordPayment({ contact_id: asha.id, pledge_id: pledge.id, amount: 4000, method: "upi", reference: "UTR-1" }, { now: ago(9) });
  // Meena spoke warmly last month.
  await scope.logInteraction({ contact_id: meena.id, channel: "call", direction: "outbound", outcome: "spoke", summary: "Loved the school visit photos", occurred_at: ago(30) }, { now: ago(30) });

  const r = await scope.next({ now, draft: { payee: { vpa: "trust@okaxis", name: "Vidya Trust" }, senderName: "Kiran" } });
  if (r.pick === null) throw new Error(`no suggestion: ${r.noneReason}`);
  console.log(`NEXT: ${r.pick.displayName} by ${r.pick.action}`);
  console.log(`  why:   ${r.pick.reason} [${r.pick.reasonCode}]`);
  console.log(`  draft: ${r.pick.message}`);
  if (r.pick.links.whatsapp) console.log(`  link:  ${r.pick.links.whatsapp}`);
  if (r.pick.links.upi) console.log(`  upi:   ${r.pick.links.upi}`);
  for (const s of r.runnersUp) console.log(`then ${s.displayName}: ${s.reason}\n  ${s.whyLower}`);
  console.log(`(${ravi.display_name} was never contacted; excluded: ${JSON.stringify(r.excluded)})`);

  const rating = await scope.rateSuggestion({
    rating: 4,
    comment: "Right person, a bit formal",
    prompt_type: "next",
    suggestion: { contactId: r.pick.contactId, reasonCode: r.pick.reasonCode, message: r.pick.message },
    run_id: r.runId,
  });
  console.log(`rated 4/5: stored as RLHF interaction ${rating.interaction_id} (reward ${rating.reward}, ${rating.feedback})`);
} finally {
  await close();
}
