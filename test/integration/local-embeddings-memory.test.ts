import { describe, expect, it } from "vitest";
import { api, P } from "./local-helpers.js";

const MODEL = "BAAI/bge-small-en-v1.5";

describe("local server: embeddings", () => {
  it("generates deterministic 384-dim unit vectors", async () => {
    const r = await api("POST", `${P()}/embeddings/generate`, { texts: ["pledge follow-up", "pledge follow-up", "weather"], model: MODEL });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ model: MODEL, dimensions: 384, count: 3 });
    const [a, b] = r.body.embeddings;
    expect(a).toEqual(b);
    expect(Math.hypot(...a)).toBeCloseTo(1, 6);
  });

  it("lists models and refuses unknown ones with 500 MODEL_NOT_FOUND", async () => {
    const m = await api("GET", `${P()}/embeddings/models`);
    expect(m.body.models).toEqual([{ name: MODEL, dimensions: 384, default: true }]);
    const bad = await api("POST", `${P()}/embeddings/generate`, { texts: ["x"], model: "custom-1536" });
    expect(bad.status).toBe(500);
    expect(bad.body.error_code).toBe("MODEL_NOT_FOUND");
    const base = await api("POST", `${P()}/embeddings/generate`, { texts: ["x"], model: "BAAI/bge-base-en-v1.5" });
    expect(base.status).toBe(500);
    expect((await api("POST", `${P()}/embeddings/generate`, { texts: [] })).status).toBe(422);
    expect((await api("POST", `${P()}/embeddings/generate`, { texts: Array(101).fill("x") })).status).toBe(422);
    expect((await api("POST", `${P()}/embeddings/generate`, { text: "x" })).status).toBe(422);
  });

  it("embeds and stores, then searches with threshold and metadata", async () => {
    const namespace = `emb_${Date.now()}`;
    const texts = ["Asha pledged 5000 rupees at the gala", "Bilal asked to be called after Diwali", "Chen prefers WhatsApp messages in the evening"];
    const s = await api("POST", `${P()}/embeddings/embed-and-store`, {
      texts,
      model: MODEL,
      namespace,
      metadata_list: [{ who: "asha" }, { who: "bilal" }, { who: "chen" }],
    });
    expect(s.status).toBe(200);
    expect(s.body).toMatchObject({ success: true, vectors_stored: 3, embeddings_generated: 3, dimensions: 384, target_column: "vector_384", namespace });
    expect(s.body.vector_ids).toHaveLength(3);
    const q = await api("POST", `${P()}/embeddings/search`, { query: "who prefers WhatsApp messages", model: MODEL, limit: 3, threshold: 0.1, namespace });
    expect(q.status).toBe(200);
    expect(q.body.results[0]).toMatchObject({ document: texts[2], metadata: { who: "chen" } });
    expect(q.body.results[0].similarity).toBeGreaterThan(0.3);
    expect(q.body).toMatchObject({ query: "who prefers WhatsApp messages", model: MODEL });
    const f = await api("POST", `${P()}/embeddings/search`, { query: "pledged gala", model: MODEL, limit: 3, threshold: 0, namespace, filter_metadata: { who: "bilal" } });
    expect(f.body.results.map((r: { metadata: { who: string } }) => r.metadata.who)).toEqual(["bilal"]);
    const mismatch = await api("POST", `${P()}/embeddings/embed-and-store`, { texts, metadata_list: [{}] });
    expect(mismatch.status).toBe(422);
  });
});

describe("local server: memory", () => {
  it("stores, lists with filters, searches, updates and deletes", async () => {
    const session = `s_${Date.now()}`;
    const a = await api("POST", `${P()}/database/memory`, { content: "Donor Asha wants a receipt by email", agent_id: "caller", session_id: session, role: "user", memory_metadata: { contact: "asha" } });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ agent_id: "caller", session_id: session, role: "user", memory_metadata: { contact: "asha" } });
    expect(a.body.memory_id).toMatch(/^[0-9a-f-]{36}$/);
    await api("POST", `${P()}/database/memory`, { content: "Bilal will pay the pledge next week", agent_id: "caller", session_id: session, role: "assistant" });
    await api("POST", `${P()}/database/memory`, { content: "Unrelated note", agent_id: "other", session_id: session, role: "system", metadata: { alias: true } });

    const l = await api("GET", `${P()}/database/memory?session_id=${session}&agent_id=caller`);
    expect(l.body.total).toBe(2);
    expect((await api("GET", `${P()}/database/memory?session_id=${session}&role=system`)).body.data[0].memory_metadata).toEqual({ alias: true });
    expect((await api("GET", `${P()}/database/memory?role=robot`)).status).toBe(422);

    const s = await api("POST", `${P()}/database/memory/search`, { query: "receipt email for Asha", session_id: session, limit: 2 });
    expect(s.status).toBe(200);
    expect(s.body.memories[0].memory_id).toBe(a.body.memory_id);
    expect(s.body.memories[0].similarity_score).toBeGreaterThan(0);
    expect(s.body.total_count).toBe(2);

    const u = await api("PUT", `${P()}/database/memory/${a.body.memory_id}`, { content: "Asha wants a receipt by post", memory_metadata: { contact: "asha", v: 2 } });
    expect(u.body).toMatchObject({ content: "Asha wants a receipt by post", role: "user", memory_metadata: { v: 2 } });
    expect((await api("GET", `${P()}/database/memory/${a.body.memory_id}`)).body.content).toBe("Asha wants a receipt by post");
    expect((await api("DELETE", `${P()}/database/memory/${a.body.memory_id}`)).body).toEqual({ success: true, memory_id: a.body.memory_id });
    expect((await api("GET", `${P()}/database/memory/${a.body.memory_id}`)).status).toBe(404);
  });

  it("validates memory bodies", async () => {
    const r = await api("POST", `${P()}/database/memory`, { role: "boss" });
    expect(r.status).toBe(422);
    const locs = r.body.detail.map((d: { loc: string[] }) => d.loc[1]);
    expect(locs).toEqual(expect.arrayContaining(["content", "role"]));
  });
});
