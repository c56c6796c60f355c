import { describe, expect, it } from "vitest";
import { MAX_FILTER_TERMS, MAX_JSON_DEPTH, MAX_UPDATE_FIELDS } from "../../src/contract/limits.js";
import { api, createTable, key, P, url } from "./local-helpers.js";

/** Sends a body exactly as given (text or bytes) with the shared key. */
async function send(method: string, path: string, body: string | Uint8Array<ArrayBuffer>, contentType: string | null = "application/json") {
  const headers: Record<string, string> = { "X-API-Key": key() };
  if (contentType !== null) headers["Content-Type"] = contentType;
  const res = await fetch(`${url()}${path}`, { method, headers, body: typeof body === "string" ? body : new Blob([body]) });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as any };
}

const nested = (levels: number): string => `${"[".repeat(levels)}1${"]".repeat(levels)}`;

describe("local server: body limits", () => {
  it("refuses JSON nested 10,000 deep with 400 naming the depth limit, and stores a deep but allowed row", async () => {
    const t = await createTable();
    const deep = await send("POST", `${P()}/database/tables/${t}/rows`, `{"row_data":{"x":${nested(10_000)}}}`);
    expect(deep.status).toBe(400);
    expect(deep.body.detail).toContain(`${MAX_JSON_DEPTH}`);
    // body {…} + row_data {…} + x: the row holds the deepest value the limit allows
    const ok = await send("POST", `${P()}/database/tables/${t}/rows`, `{"row_data":{"x":${nested(MAX_JSON_DEPTH - 2)}}}`);
    expect(ok.status).toBe(201);
    const back = await api("GET", `${P()}/database/tables/${t}/rows/${ok.body.row_id}`);
    expect(JSON.stringify(back.body.row_data.x)).toBe(nested(MAX_JSON_DEPTH - 2));
  });

  it("refuses a filter of more field conditions than the limit with 400 naming it (the $or form is in local-filter-limits.test.ts)", async () => {
    const t = await createTable();
    const wide = Object.fromEntries(Array.from({ length: MAX_FILTER_TERMS + 1 }, (_, i) => [`f${i}`, i]));
    const big = await api("POST", `${P()}/database/tables/${t}/query`, { filter: wide });
    expect(big.status).toBe(400);
    expect(big.body.detail).toContain(`${MAX_FILTER_TERMS}`);
  });

  it("refuses a bulk update of 2,000 fields with 400 naming the limit (it crashed the database); one at the limit runs", async () => {
    const t = await createTable();
    await api("POST", `${P()}/database/tables/${t}/rows`, { row_data: { n: 1 } });
    const fields = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, i]));
    const big = await api("PUT", `${P()}/database/tables/${t}/rows/bulk`, { filter: { n: 1 }, update: { $set: fields(2000) } });
    expect(big.status).toBe(400);
    expect(big.body.detail).toContain(`${MAX_UPDATE_FIELDS}`);
    const ok = await api("PUT", `${P()}/database/tables/${t}/rows/bulk`, { filter: { n: 1 }, update: { $set: fields(MAX_UPDATE_FIELDS) } });
    expect(ok.body).toMatchObject({ matched_count: 1, modified_count: 1 });
  });
});

describe("local server: numbers and text are stored as sent or refused", () => {
  it("refuses 1e400 and 2^70 with 422 naming the field; stores 2^53-1, 0.1 and 1e300 exactly", async () => {
    const t = await createTable();
    const rows = `${P()}/database/tables/${t}/rows`;
    const inf = await send("POST", rows, '{"row_data":{"amount":1e400}}');
    expect(inf.status).toBe(422);
    expect(inf.body.detail[0].loc).toEqual(["body", "row_data", "amount"]);
    const big = await send("POST", rows, '{"row_data":{"ids":[1,1180591620717411303424]}}');
    expect(big.status).toBe(422);
    expect(big.body.detail[0].loc).toEqual(["body", "row_data", "ids", 1]);
    expect(big.body.detail[0].msg).toContain("1180591620717411303424");
    const fine = await send("POST", rows, '{"row_data":{"a":9007199254740991,"b":0.1,"c":1e300,"d":-12.50,"e":1E-7}}');
    expect(fine.status).toBe(201);
    const sql = await api("POST", `${P()}/database/query`, { sql: `SELECT a::text AS a, b::text AS b, d::text AS d FROM ${t}` });
    expect(sql.body.data).toEqual([{ a: "9007199254740991", b: "0.1", d: "-12.5" }]);
  });

  it("refuses a body that is not UTF-8 with 422 instead of storing U+FFFD", async () => {
    const t = await createTable();
    const head = Buffer.from('{"row_data":{"name":"Ca');
    const body = Buffer.concat([head, Buffer.from([0xff, 0xfe]), Buffer.from('"}}')]);
    const r = await send("POST", `${P()}/database/tables/${t}/rows`, body);
    expect(r.status).toBe(422);
    expect(r.body.detail[0].loc).toEqual(["body", head.length]);
    expect((await api("GET", `${P()}/database/tables/${t}/rows`)).body.total).toBe(0);
    const lone = await send("POST", `${P()}/database/tables/${t}/rows`, '{"row_data":{"name":"\\ud800"}}');
    expect(lone.status).toBe(422);
    expect(lone.body.detail[0].loc).toEqual(["body", "row_data", "name"]);
    const ok = await api("POST", `${P()}/database/tables/${t}/rows`, { row_data: { name: "Kāvya \uFFFD 😀" } });
    expect(ok.body.row_data.name).toBe("Kāvya \uFFFD 😀");
  });

  it("refuses a zero query vector and a zero vector to store with 422 naming the field", async () => {
    const zero = new Array(384).fill(0);
    const s = await api("POST", `${P()}/database/vectors/search`, { query_vector: zero, limit: 3 });
    expect(s.status).toBe(422);
    expect(s.body.detail[0].loc).toEqual(["body", "query_vector"]);
    const u = await api("POST", `${P()}/database/vectors/upsert`, { vector_embedding: zero, vector_id: "zero" });
    expect(u.status).toBe(422);
    expect(u.body.detail[0].loc).toEqual(["body", "vector_embedding"]);
  });
});

describe("local server: query integers and content types", () => {
  it("parses integer query parameters strictly and bounds them", async () => {
    const t = await createTable();
    const list = (q: string) => api("GET", `${P()}/database/tables/${t}/rows?${q}`);
    for (const q of ["skip=0x10", "skip=1e20", "skip=16.0", "limit=1e2", "skip="]) {
      const r = await list(q);
      expect(r.status, q).toBe(422);
      expect(r.body.detail[0].type, q).toBe("int_parsing");
      expect(r.body.detail[0].loc, q).toEqual(["query", q.split("=")[0]]);
    }
    const huge = await list("skip=100000000000000000000");
    expect(huge.status).toBe(422);
    expect(huge.body.detail[0].type).toBe("less_than_equal");
    expect((await list("skip=16&limit=+5")).body).toMatchObject({ skip: 16, limit: 5 });
    const body = await api("POST", `${P()}/database/tables/${t}/query`, { filter: {}, skip: 1e20 });
    expect(body.status).toBe(422);
    expect(body.body.detail[0].loc).toEqual(["body", "skip"]);
  });

  it("parses bodies as JSON only when sent as JSON (or without a content type)", async () => {
    const t = await createTable();
    const rows = `${P()}/database/tables/${t}/rows`;
    const plain = await send("POST", rows, '{"row_data":{"a":1}}', "text/plain");
    expect(plain.status).toBe(422);
    expect(plain.body.detail[0]).toMatchObject({ loc: ["body"], type: "model_attributes_type" });
    expect((await send("POST", rows, '{"row_data":{"a":1}}', "application/x-www-form-urlencoded")).status).toBe(422);
    expect((await send("POST", rows, '{"row_data":{"a":2}}', "application/json; charset=utf-8")).status).toBe(201);
    expect((await send("POST", rows, '{"row_data":{"a":3}}', "application/merge-patch+json")).status).toBe(201);
    expect((await send("POST", rows, Buffer.from('{"row_data":{"a":4}}'), null)).status).toBe(201);
  });
});
