// Knowledge base: upload a pitch, an FAQ and objection handling, then quote the best
// answers to an objection. The local server's embedder is lexical (word overlap).
// Run: npm run build && node examples/kb.ts
import { connect } from "./connect.ts";

const PITCH = `# Opening
Namaste! I am calling from Vidya Trust about the school library drive.

# The ask
Would you sponsor a shelf of 50 books for ₹5,000 this Diwali?`;

const FAQ = `# Is my gift tax-deductible?
Yes: every gift gets an 80G receipt within a week.

# Can I pay by UPI?
Yes, to trust@okaxis; we send the receipt on WhatsApp.`;

const OBJECTIONS = `# Objection: it is too expensive
Thank them for considering it. Offer ₹500 a month instead: it is not too expensive for anyone, and it still buys ten books.

# Objection: I already give elsewhere
Ask what they love about that cause; our library sits beside it, it does not replace it.

# Objection: call me later
Ask for a day and time and log a reschedule: the callback comes up on its own.`;

const { scope, close } = await connect();
try {
  for (const [title, content, tags] of [["Pitch script", PITCH, ["pitch"]], ["FAQ", FAQ, ["faq"]], ["Objection handling", OBJECTIONS, ["objections"]]] as const) {
    const r = await scope.addKbDocument({ title, content, tags: [...tags] });
    console.log(`${title}: ${r.chunks} chunks (doc ${r.docId.slice(0, 8)}…, file ${r.fileId.slice(0, 8)}…)`);
  }
  const again = await scope.addKbDocument({ title: "Objection handling", content: OBJECTIONS, tags: ["objections"] });
  console.log(`added again: created=${again.created} (same content, same document)`);

  console.log(`\n"too expensive" in objections:`);
  for (const s of await scope.objectionSnippets("too expensive", { tag: "objections" })) {
    console.log(`  ${s.score.toFixed(3)}  ${s.title}: ${s.text.split("\n").slice(1).join(" ").slice(0, 80)}…`);
  }
} finally {
  await close();
}
