import nock from "nock";
import { describe, expect, it } from "vitest";
import { NotFoundError } from "../../src/index.js";
import { BASE, makeClient, PID, STYLES, useNock } from "./helpers.js";

useNock();

const stored = { id: "f-1", status: "open", note: "call back", owner: "u-1" };
const row = (data: Record<string, unknown>) => ({ row_id: "r-1", table_name: "followups", row_data: data });

describe.each(STYLES)("rows.patch ($name)", ({ options, prefix }) => {
  const path = `${prefix}/database/tables/followups/rows/r-1`;

  it("PATCHes {row_data: partial} and returns the merged row; null is sent as null", async () => {
    nock(BASE)
      .patch(path, { row_data: { status: "done", note: null } })
      .reply(200, row({ ...stored, status: "done", note: null }));
    const merged = await makeClient(options).project(PID).rows("followups").patch("r-1", { status: "done", note: null });
    expect(merged.row_data).toEqual({ id: "f-1", status: "done", note: null, owner: "u-1" });
  });

  it("after a 405, falls back to GET + merged PUT, and the client's next patch goes straight there", async () => {
    nock(BASE)
      .patch(path)
      .reply(405, { detail: "Method Not Allowed" })
      .get(path)
      .reply(200, row(stored))
      .put(path, { row_data: { ...stored, status: "done" } })
      .reply(200, row({ ...stored, status: "done" }))
      // Second patch, from another scope and rows object of the same client: no PATCH.
      .get(path)
      .reply(200, row({ ...stored, status: "done" }))
      .put(path, { row_data: { ...stored, status: "snoozed" } })
      .reply(200, row({ ...stored, status: "snoozed" }));
    const client = makeClient(options);
    const first = await client.project(PID).rows("followups").patch("r-1", { status: "done" });
    expect(first.row_data).toEqual({ ...stored, status: "done" });
    const second = await client.project(PID).rows("followups").patch("r-1", { status: "snoozed" });
    expect(second.row_data.status).toBe("snoozed");
  });

  it("remembers the 405 per client, not globally: a new client tries PATCH again", async () => {
    nock(BASE).patch(path).reply(405).get(path).reply(200, row(stored)).put(path).reply(200, row(stored));
    await makeClient(options).project(PID).rows("followups").patch("r-1", { status: "open" });
    nock(BASE).patch(path, { row_data: { status: "done" } }).reply(200, row({ ...stored, status: "done" }));
    expect((await makeClient(options).project(PID).rows("followups").patch("r-1", { status: "done" })).row_data.status).toBe("done");
  });

  it("a 404 passes through as NotFoundError, with no fallback", async () => {
    nock(BASE).patch(path).reply(404, { detail: "Row not found" });
    await expect(makeClient(options).project(PID).rows("followups").patch("r-1", { status: "done" })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("is retried after a 503 (merging the same partial twice is harmless)", async () => {
    nock(BASE).patch(path).reply(503).patch(path, { row_data: { status: "done" } }).reply(200, row({ ...stored, status: "done" }));
    expect((await makeClient(options).project(PID).rows("followups").patch("r-1", { status: "done" })).row_data.status).toBe("done");
  });
});
