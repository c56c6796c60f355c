import nock from "nock";
import { describe, expect, it } from "vitest";
import { APIPromise, ValidationError } from "../../src/index.js";
import { BASE, makeClient, makeScope, PID, useNock } from "./helpers.js";

useNock();

const prefix = `/v1/public/${PID}`;
const row = { row_id: "r-1", row_data: { id: "c-1" } };

describe("APIPromise.withResponse()", () => {
  it("gives the data with the status, request id and headers of a successful call", async () => {
    nock(BASE)
      .post(`${prefix}/database/tables/contacts/rows`)
      .reply(201, row, { "x-request-id": "req-123", "x-ratelimit-remaining": "998" });
    const { data, response } = await makeScope().rows("contacts").insert({ id: "c-1" }).withResponse();
    expect(data.row_id).toBe("r-1");
    expect(response.status).toBe(201);
    expect(response.requestId).toBe("req-123");
    expect(response.headers.get("x-ratelimit-remaining")).toBe("998");
  });

  it("reports the final attempt after a retry", async () => {
    nock(BASE)
      .get(`${prefix}/database/tables/contacts/rows/r-1`)
      .reply(503, {}, { "x-request-id": "req-1" })
      .get(`${prefix}/database/tables/contacts/rows/r-1`)
      .reply(200, row, { "x-request-id": "req-2" });
    const { response } = await makeScope().rows("contacts").get("r-1").withResponse();
    expect(response).toMatchObject({ status: 200, requestId: "req-2" });
  });

  it("awaiting gives the data only; the request is sent once even when both are used", async () => {
    nock(BASE).get("/v1/public/projects/p-1").once().reply(200, { id: "p-1", name: "Call time" }, { "x-request-id": "req-9" });
    const call = makeClient().projects.get("p-1");
    expect(call).toBeInstanceOf(APIPromise);
    expect(await call).toMatchObject({ id: "p-1", name: "Call time" });
    expect((await call.withResponse()).response.requestId).toBe("req-9");
  });

  it("a missing request id is undefined; a 204 delete still reports its status", async () => {
    nock(BASE).delete(`${prefix}/database/tables/contacts/rows/r-1`).reply(204);
    const { data, response } = await makeScope().rows("contacts").delete("r-1").withResponse();
    expect(data).toEqual({});
    expect(response).toMatchObject({ status: 204, requestId: undefined });
  });

  it("bad input rejects (both ways), nothing is sent", async () => {
    await expect(makeScope().sql.query({ sql: " " }).withResponse()).rejects.toBeInstanceOf(ValidationError);
    await expect(makeScope().sql.query({ sql: " " })).rejects.toBeInstanceOf(ValidationError);
  });
});
