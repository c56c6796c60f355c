/**
 * SDK end to end: `scope.embeddings` against the shared local server over real HTTP.
 * The local embedder is lexical (texts are near when they share words), so the
 * documents below differ in their words.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_EMBEDDING_MODEL, ServerError, ValidationError, type ProjectScope } from "../../src/index.js";
import { sdkClient, uniqueName } from "./sdk-helpers.js";

const norm = (v: number[]): number => Math.hypot(...v);
const dot = (a: number[], b: number[]): number => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe("SDK embeddings (end to end)", () => {
  let scope: ProjectScope;
  beforeAll(async () => {
    const client = sdkClient();
    scope = client.project((await client.projects.create({ name: uniqueName("sdk_embeddings") })).id);
  });

  it("generate: one 384-dim unit vector per text, deterministic, similar texts closer", async () => {
    const texts = ["Asha pledged five hundred rupees", "Asha pledged five hundred dollars", "Ravi asked for a callback on Tuesday"];
    const r = await scope.embeddings.generate({ texts });
    expect(r.model).toBe(DEFAULT_EMBEDDING_MODEL);
    expect(r.dimensions).toBe(384);
    expect(r.count).toBe(3);
    expect(r.embeddings).toHaveLength(3);
    for (const e of r.embeddings) {
      expect(e).toHaveLength(384);
      expect(norm(e)).toBeCloseTo(1, 6);
    }
    const [a, b, c] = r.embeddings as [number[], number[], number[]];
    expect(dot(a, b)).toBeGreaterThan(dot(a, c));

    const again = await scope.embeddings.generate({ texts: [texts[0]!], model: "BAAI/bge-small-en-v1.5" });
    expect(again.embeddings[0]).toEqual(a);
  });

  it("generate with normalize: false still answers 384 numbers; unknown models are refused by the server", async () => {
    const r = await scope.embeddings.generate({ texts: ["call back tomorrow"], normalize: false });
    expect(r.embeddings[0]).toHaveLength(384);
    const err = await scope.embeddings.generate({ texts: ["x"], model: "no-such/model" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect((err as ServerError).code).toBe("MODEL_NOT_FOUND");
  });

  it("refuses bad input before sending", async () => {
    await expect(scope.embeddings.generate({ texts: [] })).rejects.toBeInstanceOf(ValidationError);
    await expect(scope.embeddings.generate({ texts: ["   "] })).rejects.toBeInstanceOf(ValidationError);
    await expect(scope.embeddings.embedAndStore({ texts: ["a", "b"], metadata_list: [{ x: 1 }] })).rejects.toBeInstanceOf(ValidationError);
    await expect(scope.embeddings.search({ query: "q", threshold: 2 })).rejects.toBeInstanceOf(ValidationError);
  });

  it("embedAndStore then search finds the right document first, with its metadata", async () => {
    const ns = uniqueName("notes");
    const docs = [
      { text: "Asha pledged five hundred rupees for the school library", meta: { contact_id: "c-1", kind: "pledge" } },
      { text: "Ravi asked for a callback next Tuesday evening", meta: { contact_id: "c-2", kind: "callback" } },
      { text: "Meera prefers WhatsApp messages over phone calls", meta: { contact_id: "c-3", kind: "preference" } },
      { text: "Vikram paid his pledge by bank transfer", meta: { contact_id: "c-4", kind: "payment" } },
    ];
    const stored = await scope.embeddings.embedAndStore({ texts: docs.map((d) => d.text), metadata_list: docs.map((d) => d.meta), namespace: ns });
    expect(stored.success).toBe(true);
    expect(stored.vectors_stored).toBe(4);
    expect(stored.dimensions).toBe(384);
    expect(stored.namespace).toBe(ns);
    expect(stored.vector_ids).toHaveLength(4);

    const hits = await scope.embeddings.search({ query: "Ravi callback Tuesday", namespace: ns, threshold: 0.1, limit: 4 });
    expect(hits.results[0]!.document).toBe(docs[1]!.text);
    expect(hits.results[0]!.metadata).toEqual(docs[1]!.meta);
    expect(hits.results[0]!.id).toBe(stored.vector_ids![1]);
    const sims = hits.results.map((h) => h.similarity);
    expect([...sims].sort((x, y) => y - x)).toEqual(sims);

    const whatsapp = await scope.embeddings.search({ query: "Meera prefers WhatsApp messages", namespace: ns, threshold: 0.1 });
    expect(whatsapp.results[0]!.metadata).toMatchObject({ contact_id: "c-3" });

    // a filter narrows the candidates
    const filtered = await scope.embeddings.search({ query: "pledge", namespace: ns, threshold: 0, filter_metadata: { kind: "payment" } });
    expect(filtered.results.map((h) => h.metadata.contact_id)).toEqual(["c-4"]);

    // the default threshold (0.7) drops weak matches
    const strict = await scope.embeddings.search({ query: "completely unrelated words here", namespace: ns });
    expect(strict.results).toEqual([]);

    // stored texts are ordinary vectors of the project, in the namespace asked for
    const v = await scope.vectors.get(stored.vector_ids![0]!, { namespace: ns });
    expect(v.document).toBe(docs[0]!.text);
    expect(v.vector_metadata).toEqual(docs[0]!.meta);
    expect(v.vector_embedding).toHaveLength(384);
    expect((await scope.vectors.stats({ namespace: ns })).total_vectors).toBe(4);
  });

  it("search stays inside its namespace", async () => {
    const a = uniqueName("a");
    const b = uniqueName("b");
    await scope.embeddings.embedAndStore({ texts: ["blue bicycle repair shop"], namespace: a });
    await scope.embeddings.embedAndStore({ texts: ["blue bicycle repair shop"], namespace: b });
    const hits = await scope.embeddings.search({ query: "blue bicycle repair shop", namespace: a });
    expect(hits.results).toHaveLength(1);
    expect(hits.results[0]!.similarity).toBeGreaterThan(0.99);
    expect(hits.total_results).toBe(1);
  });

  it("models lists the default 384-dim model", async () => {
    const models = await scope.embeddings.models();
    const def = models.find((m) => m.default);
    expect(def).toEqual({ name: DEFAULT_EMBEDDING_MODEL, dimensions: 384, default: true });
    expect(models.every((m) => typeof m.name === "string" && m.name.length > 0)).toBe(true);
  });
});
