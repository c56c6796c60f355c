import { describe, expect, it } from "vitest";
import { inject } from "vitest";
import { api, P, pid, createTable } from "./local-helpers.js";

describe("local server: auth, paths, envelope", () => {
  it("401 without a key and with an unknown key, in FastAPI shape", async () => {
    const none = await api("GET", `${P()}/database/tables`, undefined, { key: null });
    expect(none.status).toBe(401);
    expect(typeof none.body.detail).toBe("string");
    const bad = await api("GET", `${P()}/database/tables`, undefined, { key: "zdb_local_nope" });
    expect(bad.status).toBe(401);
    expect(bad.body.error_code).toBe("INVALID_API_KEY");
    expect((await api("GET", "/v1/public/projects", undefined, { key: null })).status).toBe(401);
  });

  it("accepts Authorization: Bearer as well as X-API-Key", async () => {
    const r = await api("GET", `${P()}/database/tables`, undefined, {
      key: null,
      headers: { Authorization: `Bearer ${inject("zerodbApiKey")}` },
    });
    expect(r.status).toBe(200);
  });

  it("403 for a known key on a project it is not bound to (both directions)", async () => {
    const other = inject("zerodbOtherProjectId");
    const r = await api("GET", `${P(other)}/database/tables`);
    expect(r.status).toBe(403);
    const r2 = await api("GET", `${P()}/database/tables`, undefined, { key: inject("zerodbOtherApiKey") });
    expect(r2.status).toBe(403);
    const r3 = await api("GET", `/v1/public/projects/${other}`);
    expect(r3.status).toBe(403);
    // the other key works on its own project
    const r4 = await api("GET", `${P(other)}/database`, undefined, { key: inject("zerodbOtherApiKey") });
    expect(r4.status).toBe(200);
  });

  it("serves the same resources under all four path styles", async () => {
    const t = await createTable();
    for (const prefix of [`/v1/public/${pid()}`, `/v1/projects/${pid()}`, `/api/v1/public/${pid()}`, `/api/v1/projects/${pid()}`]) {
      const r = await api("POST", `${prefix}/database/tables/${t}/rows`, { row_data: { prefix } });
      expect(r.status, prefix).toBe(201);
    }
    const l = await api("GET", `/api/v1/projects/${pid()}/database/tables/${t}/rows`);
    expect(l.body.total).toBe(4);
    for (const coll of ["/v1/public/projects", "/v1/projects", "/api/v1/public/projects", "/api/v1/projects"]) {
      const r = await api("GET", coll);
      expect(r.status, coll).toBe(200);
      expect(r.body.items.some((p: { id: string }) => p.id === pid())).toBe(true);
    }
  });

  it("puts X-Request-ID on every response, echoing a valid incoming one", async () => {
    const ok = await api("GET", `${P()}/database`);
    expect(ok.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const err = await api("GET", `${P()}/database`, undefined, { key: null });
    expect(err.headers.get("x-request-id")).toBeTruthy();
    const nf = await api("GET", "/nope");
    expect(nf.status).toBe(404);
    expect(nf.headers.get("x-request-id")).toBeTruthy();
    const echo = await api("GET", `${P()}/database`, undefined, { headers: { "X-Request-ID": "abc-123" } });
    expect(echo.headers.get("x-request-id")).toBe("abc-123");
  });

  it("405 for a wrong method on a known path", async () => {
    const r = await api("PATCH", `${P()}/database/events`, {});
    expect(r.status).toBe(405);
    expect(r.body.detail).toBe("Method Not Allowed");
  });

  it("422 for malformed JSON and non-object bodies; 413 above the body limit", async () => {
    const bad = await api("POST", `${P()}/database/events`, undefined, { raw: "{nope", headers: { "Content-Type": "application/json" } });
    expect(bad.status).toBe(422);
    expect(bad.body.detail[0].type).toBe("json_invalid");
    const arr = await api("POST", `${P()}/database/events`, [1, 2]);
    expect(arr.status).toBe(422);
    const big = await api("POST", `${P()}/database/events`, { topic: "x", event_payload: { s: "x".repeat(21 * 1024 * 1024) } });
    expect(big.status).toBe(413);
    expect(big.headers.get("x-request-id")).toBeTruthy();
  });
});
