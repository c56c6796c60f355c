import nock from "nock";
import { describe, expect, it } from "vitest";
import { ConnectionError, NotFoundError, ServerError, ValidationError } from "../../src/index.js";
import { BASE, capture, KEY, makeScope, PID, STYLES, useNock } from "./helpers.js";

useNock();

const P = `/v1/public/${PID}`;
const STORAGE = "http://storage.test";
const wireFile = {
  file_id: "f-1",
  file_name: "notes.txt",
  content_type: "text/plain",
  size_bytes: 5,
  folder: "docs",
  metadata: { kind: "note" },
  created_at: "2026-01-01T00:00:00Z",
};
type Seen = Array<{ body: unknown; headers: Headers; url: string }>;
const b64 = (s: string) => Buffer.from(s).toString("base64");

describe.each(STYLES)("files ($name)", ({ options, prefix }) => {
  const files = () => makeScope(options).files;

  it("upload POSTs base64 JSON {file_name, file_content, content_type, folder, metadata} with the key", async () => {
    const seen: Seen = [];
    nock(BASE).post(`${prefix}/database/files`).reply(capture(seen, 201, wireFile));
    const f = await files().upload({ file_name: "notes.txt", content: "hello", content_type: "text/plain", folder: "docs", metadata: { kind: "note" } });
    expect(seen[0]?.body).toEqual({ file_name: "notes.txt", file_content: b64("hello"), content_type: "text/plain", folder: "docs", metadata: { kind: "note" } });
    expect(seen[0]?.headers.get("x-api-key")).toBe(KEY);
    expect(f).toEqual(wireFile);
  });

  it("get and metadata GET the file path", async () => {
    nock(BASE).get(`${prefix}/database/files/f-1`).twice().reply(200, wireFile);
    expect(await files().get("f-1")).toEqual(wireFile);
    expect((await files().metadata("f-1")).size_bytes).toBe(5);
  });

  it("list sends skip/limit/folder and pages through {data}", async () => {
    nock(BASE)
      .get(`${prefix}/database/files`)
      .query({ skip: "0", limit: "1", folder: "docs" })
      .reply(200, { data: [wireFile], total: 2, skip: 0, limit: 1, has_more: true })
      .get(`${prefix}/database/files`)
      .query({ skip: "1", limit: "1", folder: "docs" })
      .reply(200, { data: [{ ...wireFile, file_id: "f-2" }], total: 2, skip: 1, limit: 1, has_more: false });
    const all = await files().list({ limit: 1, folder: "docs" }).toArray();
    expect(all.map((f) => f.file_id)).toEqual(["f-1", "f-2"]);
  });

  it("download returns raw bytes with their content type", async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    nock(BASE)
      .get(`${prefix}/database/files/f-1/download`)
      .matchHeader("x-api-key", KEY)
      .matchHeader("accept", "*/*")
      .reply(200, Buffer.from(bytes), { "content-type": "application/pdf" });
    const d = await files().download("f-1");
    expect(d.bytes).toEqual(bytes);
    expect(d.contentType).toBe("application/pdf");
    expect(d.fileName).toBeUndefined();
  });

  it("presignedUrl POSTs {expiration_seconds, operation} (defaults 3600 / download) and reads url", async () => {
    const seen: Seen = [];
    nock(BASE)
      .post(`${prefix}/database/files/f-1/presigned-url`)
      .reply(capture(seen, 200, { url: "https://s3/x?sig=1", expires_at: "2026-01-01T01:00:00Z", expiration_seconds: 3600, operation: "download" }))
      .post(`${prefix}/database/files/f-1/presigned-url`)
      .reply(capture(seen, 200, { presigned_url: "https://s3/y" }));
    expect(await files().presignedUrl("f-1")).toEqual({ url: "https://s3/x?sig=1", expires_at: "2026-01-01T01:00:00Z" });
    expect(await files().presignedUrl("f-1", { expiration_seconds: 60, operation: "upload" })).toEqual({ url: "https://s3/y", expires_at: undefined });
    expect(seen.map((s) => s.body)).toEqual([
      { expiration_seconds: 3600, operation: "download" },
      { expiration_seconds: 60, operation: "upload" },
    ]);
  });

  it("delete sends DELETE", async () => {
    nock(BASE).delete(`${prefix}/database/files/f-1`).reply(204);
    expect(await files().delete("f-1")).toEqual({});
  });
});

describe("files: upload content forms and limits", () => {
  const bodyOf = async (content: Parameters<ReturnType<typeof makeScope>["files"]["upload"]>[0]["content"], extra = {}) => {
    const seen: Seen = [];
    nock(BASE).post(`${P}/database/files`).reply(capture(seen, 201, wireFile));
    await makeScope().files.upload({ file_name: "a.bin", content, ...extra });
    return seen[0]?.body as Record<string, unknown>;
  };

  it("encodes Uint8Array, ArrayBuffer, Blob and string content as base64", async () => {
    const raw = new Uint8Array([104, 105, 0, 255]);
    const expected = Buffer.from(raw).toString("base64");
    expect((await bodyOf(raw)).file_content).toBe(expected);
    expect((await bodyOf(raw.buffer.slice(0))).file_content).toBe(expected);
    expect((await bodyOf("hi ✓")).file_content).toBe(b64("hi ✓"));
    const blobBody = await bodyOf(new Blob([raw], { type: "image/png" }));
    expect(blobBody).toEqual({ file_name: "a.bin", file_content: expected, content_type: "image/png" });
  });

  it("an explicit content_type wins over the Blob type; no content_type is sent when unknown", async () => {
    expect((await bodyOf(new Blob(["x"], { type: "image/png" }), { content_type: "text/plain" })).content_type).toBe("text/plain");
    expect(await bodyOf("x")).toEqual({ file_name: "a.bin", file_content: b64("x") });
  });

  it("encodes content larger than one chunk correctly", async () => {
    const big = new Uint8Array(100_000).map((_, i) => i % 256);
    expect((await bodyOf(big)).file_content).toBe(Buffer.from(big).toString("base64"));
  });

  it("refuses content above the 7 MiB default without sending, and honours maxUploadBytes", async () => {
    const files = makeScope().files;
    const err = await files.upload({ file_name: "big", content: new Uint8Array(7 * 1024 * 1024 + 1) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(String(err)).toMatch(/params\.content.*maxUploadBytes/);
    await expect(files.withOptions({ maxUploadBytes: 4 }).upload({ file_name: "x", content: "hello" })).rejects.toThrow(/params\.content/);
  });

  it("refuses a missing file_name, bad content and bad presign params without sending", async () => {
    const files = makeScope().files;
    await expect(files.upload({ file_name: "", content: "x" })).rejects.toThrow(/params\.file_name/);
    await expect(files.upload({ file_name: "a", content: 42 as never })).rejects.toThrow(/params\.content/);
    await expect(files.presignedUrl("f-1", { expiration_seconds: 0 })).rejects.toThrow(/params\.expiration_seconds/);
    await expect(files.presignedUrl("f-1", { expiration_seconds: 604_801 })).rejects.toThrow(/params\.expiration_seconds/);
    await expect(files.presignedUrl("f-1", { operation: "delete" as never })).rejects.toThrow(/params\.operation/);
    await expect(files.get("")).rejects.toThrow(/fileId/);
  });

  it("an upload that gets 503 is tried once", async () => {
    let calls = 0;
    nock(BASE)
      .post(`${P}/database/files`)
      .reply(() => {
        calls++;
        return [503, { detail: "busy" }];
      })
      .persist();
    await expect(makeScope().files.upload({ file_name: "a", content: "x" })).rejects.toBeInstanceOf(ServerError);
    expect(calls).toBe(1);
  });
});

describe("files: lenient parsing and download forms", () => {
  it("reads id, file_size / size and file_metadata spellings", async () => {
    nock(BASE)
      .get(`${P}/database/files/f-1`)
      .reply(200, { id: "f-1", filename: "a.txt", file_size: 7, file_metadata: { a: 1 } })
      .get(`${P}/database/files/f-2`)
      .reply(200, { file_id: "f-2", size: 9 });
    const a = await makeScope().files.get("f-1");
    expect(a).toMatchObject({ file_id: "f-1", file_name: "a.txt", size_bytes: 7, metadata: { a: 1 } });
    expect((await makeScope().files.get("f-2")).size_bytes).toBe(9);
  });

  it("a JSON file sent as an attachment is returned as stored, even with content/url keys", async () => {
    const stored = JSON.stringify({ content: "Dear donor", url: "http://elsewhere.test/x" });
    nock(BASE)
      .get(`${P}/database/files/f-1/download`)
      .reply(200, stored, { "content-type": "application/json", "content-disposition": 'attachment; filename="letter.json"' });
    const d = await makeScope().files.download("f-1");
    expect(new TextDecoder().decode(d.bytes)).toBe(stored);
    expect(d).toMatchObject({ contentType: "application/json", fileName: "letter.json" });
  });

  it.each(["file_content", "content"])("download decodes base64 JSON under %s", async (key) => {
    const raw = new Uint8Array([1, 2, 3, 200]);
    nock(BASE)
      .get(`${P}/database/files/f-1/download`)
      .reply(200, { file_id: "f-1", file_name: "a.bin", content_type: "application/x-thing", [key]: Buffer.from(raw).toString("base64") });
    const d = await makeScope().files.download("f-1");
    expect(d).toEqual({ bytes: raw, contentType: "application/x-thing", fileName: "a.bin" });
  });

  it.each(["url", "presigned_url", "download_url"])("download follows a presigned %s on another host without the API key", async (key) => {
    const seen: Seen = [];
    nock(BASE)
      .get(`${P}/database/files/f-1/download`)
      .reply(200, { file_name: "a.pdf", [key]: `${STORAGE}/bucket/a.pdf?X-Amz-Signature=abc` });
    nock(STORAGE)
      .get("/bucket/a.pdf")
      .query({ "X-Amz-Signature": "abc" })
      .reply(async (req: Request) => {
        seen.push({ body: undefined, headers: req.headers, url: req.url });
        return [200, Buffer.from("%PDF"), { "content-type": "application/pdf" }];
      });
    const d = await makeScope({ headers: { "x-team": "t1" } }).files.download("f-1");
    expect(new TextDecoder().decode(d.bytes)).toBe("%PDF");
    expect(d.contentType).toBe("application/pdf");
    expect(d.fileName).toBe("a.pdf");
    expect(seen).toHaveLength(1);
    expect(seen[0]?.headers.get("x-api-key")).toBeNull();
    expect(seen[0]?.headers.get("authorization")).toBeNull();
    expect(seen[0]?.headers.get("x-team")).toBeNull();
  });

  it("a failed presigned download names the host and path, never the signed query", async () => {
    nock(BASE)
      .get(`${P}/database/files/f-1/download`)
      .reply(200, { file_name: "a.pdf", url: `${STORAGE}/bucket/a.pdf?X-Amz-Signature=abc` });
    nock(STORAGE).get("/bucket/a.pdf").query(true).replyWithError("socket closed");
    const err = await makeScope({ maxRetries: 0 }).files.download("f-1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as Error).message).toContain(`${STORAGE}/bucket/a.pdf`);
    for (let c: unknown = err; c != null; c = (c as { cause?: unknown }).cause) expect(String(c)).not.toContain("X-Amz-Signature");
  });

  it("never sends a bearer key to the presigned host either", async () => {
    const seen: Seen = [];
    nock(BASE).get(`${P}/database/files/f-1/download`).matchHeader("authorization", `Bearer ${KEY}`).reply(200, { url: `${STORAGE}/o` });
    nock(STORAGE)
      .get("/o")
      .reply(async (req: Request) => {
        seen.push({ body: undefined, headers: req.headers, url: req.url });
        return [200, "x"];
      });
    await makeScope({ authScheme: "bearer" }).files.download("f-1");
    expect(seen[0]?.headers.get("authorization")).toBeNull();
  });

  it("a presigned fetch follows the client's retry policy (503 then 200)", async () => {
    nock(BASE).get(`${P}/database/files/f-1/download`).reply(200, { url: `${STORAGE}/o?sig=1` });
    nock(STORAGE).get("/o").query(true).reply(503).get("/o").query(true).reply(200, "bytes", { "content-type": "text/plain" });
    const d = await makeScope().files.download("f-1");
    expect(new TextDecoder().decode(d.bytes)).toBe("bytes");
  });

  it("a failing presigned fetch throws an API error without the signature in its message", async () => {
    nock(BASE).get(`${P}/database/files/f-1/download`).reply(200, { url: `${STORAGE}/o?sig=SECRET` });
    nock(STORAGE).get("/o").query(true).reply(404, "gone");
    const err = await makeScope().files.download("f-1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(String(err)).toContain(`${STORAGE}/o`);
    expect(String(err)).not.toContain("SECRET");
  });

  it("refuses a non-http(s) download URL", async () => {
    nock(BASE).get(`${P}/database/files/f-1/download`).reply(200, { url: "file:///etc/passwd" });
    await expect(makeScope().files.download("f-1")).rejects.toThrow(/not http\(s\)/);
  });

  it("a JSON file that is not a download envelope comes back as its bytes", async () => {
    nock(BASE).get(`${P}/database/files/f-1/download`).reply(200, { hello: "world" }, { "content-type": "application/json" });
    const d = await makeScope().files.download("f-1");
    expect(JSON.parse(new TextDecoder().decode(d.bytes))).toEqual({ hello: "world" });
    expect(d.contentType).toBe("application/json");
  });

  it("uses Authorization: Bearer with authScheme bearer", async () => {
    nock(BASE).get(`${P}/database/files/f-1`).matchHeader("authorization", `Bearer ${KEY}`).reply(200, wireFile);
    expect((await makeScope({ authScheme: "bearer" }).files.get("f-1")).file_id).toBe("f-1");
  });

  it("a GET that gets 503 then 200 succeeds", async () => {
    nock(BASE).get(`${P}/database/files/f-1`).reply(503).get(`${P}/database/files/f-1`).reply(200, wireFile);
    expect((await makeScope().files.get("f-1")).file_id).toBe("f-1");
  });
});
