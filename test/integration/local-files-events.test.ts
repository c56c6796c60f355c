import { describe, expect, it } from "vitest";
import { api, P } from "./local-helpers.js";

const bytes = Buffer.from([0, 1, 2, 250, 255, 10, 13, 65]);

describe("local server: files", () => {
  it("uploads base64 JSON, lists, reads metadata and downloads bytes or base64", async () => {
    const folder = `f_${Date.now()}`;
    const up = await api("POST", `${P()}/database/files`, { file_name: "receipt.pdf", file_content: bytes.toString("base64"), content_type: "application/pdf", folder, metadata: { pledge: "p1" } });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ file_name: "receipt.pdf", content_type: "application/pdf", size_bytes: bytes.length, folder, metadata: { pledge: "p1" } });
    const id = up.body.file_id;
    expect((await api("GET", `${P()}/database/files/${id}`)).body.file_name).toBe("receipt.pdf");
    const l = await api("GET", `${P()}/database/files?folder=${folder}`);
    expect(l.body).toMatchObject({ total: 1, has_more: false });
    const raw = await fetch(`${(await import("./local-helpers.js")).url()}${P()}/database/files/${id}/download`, { headers: { "X-API-Key": (await import("./local-helpers.js")).key() } });
    expect(raw.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await raw.arrayBuffer())).toEqual(bytes);
    const b64 = await api("GET", `${P()}/database/files/${id}/download?return_base64=true`);
    expect(Buffer.from(b64.body.file_content, "base64")).toEqual(bytes);
    expect((await api("DELETE", `${P()}/database/files/${id}`)).body).toEqual({ success: true, file_id: id });
    expect((await api("GET", `${P()}/database/files/${id}`)).status).toBe(404);
  });

  it("validates uploads", async () => {
    const r = await api("POST", `${P()}/database/files`, { file_name: "x.txt", file_content: "not base64!!" });
    expect(r.status).toBe(422);
    expect(r.body.detail[0].loc).toEqual(["body", "file_content"]);
    expect((await api("POST", `${P()}/database/files`, { file_content: "AAAA" })).body.detail[0].loc).toEqual(["body", "file_name"]);
  });

  it("serves presigned URLs itself; expired or tampered URLs get 403", async () => {
    const up = await api("POST", `${P()}/database/files`, { file_name: "a.bin", file_content: bytes.toString("base64") });
    const id = up.body.file_id;
    const p = await api("POST", `${P()}/database/files/${id}/presigned-url`, { expiration_seconds: 60, operation: "download" });
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ expiration_seconds: 60, operation: "download" });
    expect(Date.parse(p.body.expires_at)).toBeGreaterThan(Date.now());
    const ok = await fetch(p.body.url);
    expect(ok.status).toBe(200);
    expect(Buffer.from(await ok.arrayBuffer())).toEqual(bytes);

    const u = new URL(p.body.url);
    const sig = u.searchParams.get("signature")!;
    const tampered = new URL(u);
    tampered.searchParams.set("signature", (sig[0] === "a" ? "b" : "a") + sig.slice(1));
    expect((await fetch(tampered)).status).toBe(403);
    const longer = new URL(u);
    longer.searchParams.set("expires", String(Number(u.searchParams.get("expires")) + 3600));
    expect((await fetch(longer)).status).toBe(403);
    const upload = new URL(u);
    upload.searchParams.set("operation", "upload");
    expect((await fetch(upload, { method: "PUT", body: "x" })).status).toBe(403);

    const short = await api("POST", `${P()}/database/files/${id}/presigned-url`, { expiration_seconds: 1 });
    await new Promise((r) => setTimeout(r, 2100));
    const expired = await fetch(short.body.url);
    expect(expired.status).toBe(403);
    expect(((await expired.json()) as { detail: string }).detail).toMatch(/expired/i);

    const put = await api("POST", `${P()}/database/files/${id}/presigned-url`, { operation: "upload" });
    const w = await fetch(put.body.url, { method: "PUT", body: "new bytes", headers: { "Content-Type": "text/plain" } });
    expect(w.status).toBe(200);
    expect((await api("GET", `${P()}/database/files/${id}/download?return_base64=true`)).body.file_content).toBe(Buffer.from("new bytes").toString("base64"));
    expect((await api("POST", `${P()}/database/files/${id}/presigned-url`, { expiration_seconds: 0 })).status).toBe(422);
  });
});

describe("local server: events", () => {
  it("publishes, lists by topic in publish order, gets", async () => {
    const topic = `call.logged.${Date.now()}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await api("POST", `${P()}/database/events`, { topic, event_payload: { i } });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ topic, event_payload: { i } });
      expect(r.body.published_at).toBeTruthy();
      ids.push(r.body.event_id);
    }
    await api("POST", `${P()}/database/events`, { topic: `${topic}.other`, event_payload: {} });
    const l = await api("GET", `${P()}/database/events?topic=${topic}&limit=3`);
    expect(l.body).toMatchObject({ total: 5, has_more: true });
    expect(l.body.data.map((e: { event_payload: { i: number } }) => e.event_payload.i)).toEqual([0, 1, 2]);
    const l2 = await api("GET", `${P()}/database/events?topic=${topic}&skip=3&limit=3`);
    expect(l2.body.data.map((e: { event_id: string }) => e.event_id)).toEqual(ids.slice(3));
    expect((await api("GET", `${P()}/database/events/${ids[0]}`)).body.event_payload).toEqual({ i: 0 });
  });

  it("is append-only: no update or delete (405), and validates bodies", async () => {
    const r = await api("POST", `${P()}/database/events`, { topic: "t", event_payload: { a: 1 } });
    expect((await api("DELETE", `${P()}/database/events/${r.body.event_id}`)).status).toBe(405);
    expect((await api("PUT", `${P()}/database/events/${r.body.event_id}`, { topic: "x" })).status).toBe(405);
    expect((await api("DELETE", `${P()}/database/events`)).status).toBe(405);
    const bad = await api("POST", `${P()}/database/events`, { event_type: "t", data: {} });
    expect(bad.status).toBe(422);
    expect(bad.body.detail.map((d: { loc: string[] }) => d.loc[1])).toEqual(["topic", "event_payload"]);
  });
});

describe("local server: large files", () => {
  it("round-trips a 6 MiB file as base64 JSON, raw download and presigned URL", async () => {
    const big = Buffer.alloc(6 * 1024 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) & 255;
    const up = await api("POST", `${P()}/database/files`, { file_name: "big.bin", file_content: big.toString("base64") });
    expect(up.status).toBe(201);
    expect(up.body.size_bytes).toBe(big.length);
    const b64 = await api("GET", `${P()}/database/files/${up.body.file_id}/download?return_base64=true`);
    expect(Buffer.from(b64.body.file_content, "base64").equals(big)).toBe(true);
    const p = await api("POST", `${P()}/database/files/${up.body.file_id}/presigned-url`, {});
    const raw = Buffer.from(await (await fetch(p.body.url)).arrayBuffer());
    expect(raw.equals(big)).toBe(true);
  });
});

describe("local server: legacy path spellings", () => {
  it("accepts /events/publish, /memory/store and /database/postgres/query", async () => {
    const e = await api("POST", `${P()}/database/events/publish`, { topic: "legacy", event_payload: { a: 1 } });
    expect(e.status).toBe(201);
    const m = await api("POST", `${P()}/database/memory/store`, { content: "legacy memory" });
    expect(m.status).toBe(201);
    const s = await api("POST", `/v1/public/projects/${(await import("./local-helpers.js")).pid()}/database/postgres/query`, { sql: "SELECT 1 AS one" });
    expect(s.body.data).toEqual([{ one: 1 }]);
  });
});
