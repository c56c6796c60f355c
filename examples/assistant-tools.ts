// The call-time tools a chat model calls, and the operator's WhatsApp chat, without a model
// or a network: a scripted "model" makes the tool calls a real one would (one with a bad
// argument first, a send held until confirmed), then the operator chats: next → paid 5000
// by upi → score.
// Run: npm run build && node examples/assistant-tools.ts
import { callTimeTools, toAnthropicTools, toOpenAITools } from "zerodb-calltime/whatsapp";
import { connect } from "./connect.ts";

// A fixed Friday noon in India, so NEXT is inside calling hours whenever this runs.
const now = "2026-01-09T06:30:00.000Z";

console.log("tools (function-calling shape):");
for (const t of toOpenAITools(callTimeTools)) console.log(`  ${t.function.name}(${t.function.parameters.required.join(", ")})`);
console.log(`tools (input_schema shape): ${toAnthropicTools(callTimeTools).map((t) => `${t.name}[${t.input_schema.required.join(" ")}]`).join(" ")}`);
console.log(`needing the operator's yes: ${callTimeTools.filter((t) => t.needsConfirmation).map((t) => t.name).join(", ")}`);

const { scope, where, close } = await connect();
console.log(`connected to ${where}`);
try {
  await scope.seed();
  const operator = await scope.users.create({ full_name: "Priya", role: "USER" });
  const session = await scope.startSession({ user_id: operator.id }, { now });
  const meera = await scope.contacts.create({ display_name: "Meera Iyer" });
  await scope.contactIdentities.create({ contact_id: meera.id, type: "phone", value: "+91 98450 12345", is_whatsapp_capable: true });
  const anil = await scope.contacts.create({ display_name: "Anil Shah", relationship_strength: 4 });
  await scope.contactIdentities.create({ contact_id: anil.id, type: "phone", value: "+91 99000 54321", is_whatsapp_capable: true });
  await scope.followups.create({ contact_id: anil.id, due_at: "2026-01-09T05:30:00.000Z", reason: "reschedule" });

  // The scripted model: each call is what a model would send as a tool call's JSON arguments.
  const ctx = { sessionId: session.id, userId: operator.id, now };
  const call = async (name: string, args: unknown, confirmed = false) => {
    const r = await scope.runTool(name, JSON.stringify(args), { ...ctx, confirmed });
    console.log(`model → ${name}: ${JSON.stringify(r)}`);
    // one provider_usage row per model turn (the tokens a real model reports)
    await scope.recordUsage({ provider: "scripted", model: "example-1", prompt_tokens: 850, completion_tokens: 40, session_id: session.id, user_id: operator.id }, { now });
    return r;
  };
  const bad = await call("create_pledge", { contact_id: meera.id, amount: "10k" });
  if (bad.ok) throw new Error("a rupee amount as text must be refused");
  const logged = await call("log_interaction", { contact_id: meera.id, outcome: "pledged", summary: "Keen on the library wing" });
  const pledge = await call("create_pledge", { contact_id: meera.id, amount: 10000, interaction_id: logged.ok ? logged.result.interaction_id : undefined });
  await call("record_payment", { contact_id: meera.id, amount: 5000, method: "upi", pledge_id: pledge.ok ? pledge.result.pledge_id : undefined, reference: "UTR0001" });
  // send-like: held until the operator says yes, then the app passes confirmed: true
  const thanks = { contact_id: meera.id, text: "Thank you, Meera ji! We received *₹5,000* 🙏", provider_message_id: "wamid.example-1" };
  await call("send_whatsapp", thanks);
  await call("send_whatsapp", thanks, true);
  const usage = await scope.providerUsage.query({ filter: { session_id: session.id } }).toArray();
  console.log(`usage: ${usage.length} turns, ${usage.reduce((n, u) => n + u.total_tokens, 0)} tokens`);

  // The operator's chat: the same tools behind plain WhatsApp messages.
  for (const text of ["next", "paid 5000 by upi", "score"]) {
    const { reply, ran } = await scope.handleOperatorMessage(session.id, text, { now });
    console.log(`\noperator: ${text}\nassistant${ran === undefined ? "" : ` (${ran})`}:\n${reply}`);
  }
} finally {
  await close();
}
