import { describe, expect, inject, it } from "vitest";
import { sdkClient, uniqueName } from "./sdk-helpers.js";

describe("SDK rows.patch against the local server", () => {
  it("merges a partial row: other fields stay, null stores null, a concurrent writer's field survives", async () => {
    const scope = sdkClient().project(inject("zerodbProjectId"));
    const name = uniqueName("patch");
    await scope.tables.create({ name });
    const rows = scope.rows<{ name: string; status: string; note?: string | null; seen?: boolean }>(name);
    const row = await rows.insert({ name: "Asha", status: "open" });
    const [a, b] = await Promise.all([rows.patch(row.row_id, { status: "done", note: null }), rows.patch(row.row_id, { seen: true })]);
    expect(a.row_data.status).toBe("done");
    expect(b.row_data.seen).toBe(true);
    expect((await rows.get(row.row_id)).row_data).toEqual({ name: "Asha", status: "done", note: null, seen: true });
  });

  it("falls back to get, merge and PUT where the server answers 405, and remembers it for the client", async () => {
    const methods: string[] = [];
    // A gateway without PATCH in front of the local server: the wire answer is the only thing faked.
    const noPatch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const req = new Request(input, init);
      methods.push(req.method);
      if (req.method === "PATCH") return new Response(JSON.stringify({ detail: "Method Not Allowed" }), { status: 405, headers: { "content-type": "application/json" } });
      return fetch(req);
    }) as typeof fetch;
    const client = sdkClient({ fetch: noPatch });
    const scope = client.project(inject("zerodbProjectId"));
    const name = uniqueName("patch405");
    await scope.tables.create({ name });
    const rows = scope.rows<{ name: string; status: string; n?: number }>(name);
    const row = await rows.insert({ name: "Vikram", status: "open" });
    methods.length = 0;
    expect((await rows.patch(row.row_id, { status: "done" })).row_data).toEqual({ name: "Vikram", status: "done" });
    expect(methods).toEqual(["PATCH", "GET", "PUT"]);
    methods.length = 0;
    // another scope of the same client goes straight to get + PUT
    const again = client.project(inject("zerodbProjectId")).rows<{ name: string; status: string; n?: number }>(name);
    expect((await again.patch(row.row_id, { n: 2 })).row_data).toEqual({ name: "Vikram", status: "done", n: 2 });
    expect(methods).toEqual(["GET", "PUT"]);
  });
});
