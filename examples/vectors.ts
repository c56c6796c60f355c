// Store call notes as vectors through the embeddings API and find them by meaning.
// The local server's embedder is lexical (word overlap), not a neural model.
// Run: npm run build && node examples/vectors.ts
import { connect } from "./connect.ts";

const { scope, close } = await connect();
try {
  const notes = [
    "Asked to call back after Diwali, interested in the school library fund",
    "Pledged 5000 rupees for the clinic, will pay by UPI next week",
    "Do not contact again, requested removal from the list",
  ];
  const stored = await scope.embeddings.embedAndStore({
    texts: notes,
    namespace: "call_notes",
    metadata_list: notes.map((_, i) => ({ interaction: i })),
  });
  console.log(`stored ${stored.vectors_stored} vectors (${stored.dimensions} dims)`);

  const hits = await scope.embeddings.search({ query: "school library fund", namespace: "call_notes", threshold: 0.1, limit: 2 });
  for (const hit of hits.results) console.log(hit.similarity.toFixed(3), hit.document);
} finally {
  await close();
}
