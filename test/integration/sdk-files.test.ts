/**
 * SDK end to end: `scope.files` against the shared local server over real HTTP,
 * including the presigned URLs the server signs and serves itself.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { NotFoundError, PermissionDeniedError, ValidationError, type ProjectScope } from "../../src/index.js";
import { sdkClient, uniqueName } from "./sdk-helpers.js";

/** Every byte value, then some invalid UTF-8 sequences (lone continuation bytes, overlong, a truncated sequence). */
function binaryBytes(): Uint8Array {
  const out = new Uint8Array(256 + 9);
  for (let i = 0; i < 256; i++) out[i] = 255 - i;
  out.set([0x80, 0xbf, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xf4, 0x90], 256);
  return out;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe("SDK files (end to end)", () => {
  let scope: ProjectScope;
  beforeAll(async () => {
    const client = sdkClient();
    scope = client.project((await client.projects.create({ name: uniqueName("sdk_files") })).id);
  });

  it("uploads non-UTF-8 bytes and downloads them back byte-identical, with metadata", async () => {
    const bytes = binaryBytes();
    // invalid UTF-8 for sure: decoding with fatal: true throws
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    const f = await scope.files.upload({
      file_name: "receipt.bin",
      content: bytes,
      content_type: "application/octet-stream",
      folder: "receipts",
      metadata: { contact_id: "c-1", amount: 500 },
    });
    expect(f).toMatchObject({
      file_name: "receipt.bin",
      content_type: "application/octet-stream",
      size_bytes: bytes.length,
      folder: "receipts",
      metadata: { contact_id: "c-1", amount: 500 },
    });
    expect(f.file_id).toMatch(/^[0-9a-f-]{36}$/);

    const down = await scope.files.download(f.file_id);
    expect(down.contentType).toBe("application/octet-stream");
    expect(down.bytes).toEqual(bytes);
    expect(Buffer.from(down.bytes).equals(Buffer.from(bytes))).toBe(true);

    const meta = await scope.files.metadata(f.file_id);
    expect(meta).toEqual(await scope.files.get(f.file_id));
    expect(meta).toMatchObject({ file_id: f.file_id, size_bytes: bytes.length, metadata: { contact_id: "c-1", amount: 500 } });
  });

  it("uploads an ArrayBuffer, a Blob (its type becomes the content type), a string and an empty file", async () => {
    const ab = new Uint8Array([0, 1, 2, 253, 254, 255]).buffer;
    const a = await scope.files.upload({ file_name: "a.bin", content: ab });
    expect((await scope.files.download(a.file_id)).bytes).toEqual(new Uint8Array(ab));

    const blob = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], { type: "image/jpeg" });
    const b = await scope.files.upload({ file_name: "photo.jpg", content: blob });
    expect(b.content_type).toBe("image/jpeg");
    const bd = await scope.files.download(b.file_id);
    expect(bd.contentType).toBe("image/jpeg");
    expect(bd.bytes).toEqual(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]));

    const text = "नमस्ते — call back ☎ Tuesday";
    const t = await scope.files.upload({ file_name: "note.txt", content: text, content_type: "text/plain; charset=utf-8" });
    expect(t.size_bytes).toBe(new TextEncoder().encode(text).length);
    expect(new TextDecoder().decode((await scope.files.download(t.file_id)).bytes)).toBe(text);

    const e = await scope.files.upload({ file_name: "empty.bin", content: new Uint8Array(0) });
    expect(e.size_bytes).toBe(0);
    expect((await scope.files.download(e.file_id)).bytes).toEqual(new Uint8Array(0));
  });

  // The server sends stored files raw with `Content-Disposition: attachment`; the SDK must
  // not mistake a user's JSON file holding `content` or `url` keys for a download envelope
  // (decoding it as base64, or fetching its URL).
  it("a JSON file comes back as its own bytes, whatever its keys", async () => {
    // JSON files without envelope-like keys are fine
    const plain = JSON.stringify({ contact_id: "c-1", amount: 500 });
    const p = await scope.files.upload({ file_name: "pledge.json", content: plain, content_type: "application/json" });
    expect(new TextDecoder().decode((await scope.files.download(p.file_id)).bytes)).toBe(plain);

    // A WhatsApp message template a user stores as a file. Its keys happen to be ones the
    // SDK reads as a download envelope (`content`, `url`), and the server sends the stored
    // bytes back raw with the stored Content-Type application/json.
    const template = JSON.stringify({ content: "Dear donor, thank you", url: "https://example.org/receipt" });
    const t = await scope.files.upload({ file_name: "template.json", content: template, content_type: "application/json" });
    const down = await scope.files.download(t.file_id);
    expect(new TextDecoder().decode(down.bytes)).toBe(template);
  });

  it("a JSON file holding only a `url` is returned, not followed (same bug as above)", async () => {
    const { inject } = await import("vitest");
    // a link the user stored; the SDK must not go and fetch it
    const link = JSON.stringify({ url: `${inject("zerodbUrl")}/health` });
    const f = await scope.files.upload({ file_name: "link.json", content: link, content_type: "application/json" });
    const down = await scope.files.download(f.file_id);
    expect(new TextDecoder().decode(down.bytes)).toBe(link); // not the body of /health
  });

  // Large uploads: 5 MiB of content is a 6.7 MiB base64 body.
  it("uploads and downloads a 5 MiB file", async () => {
    const bytes = new Uint8Array(5 * 1024 * 1024).map((_, i) => (i * 31 + (i >> 8)) & 255);
    const f = await scope.files.upload({ file_name: "recording.bin", content: bytes }, { maxRetries: 0 });
    expect(f.size_bytes).toBe(bytes.length);
    expect(Buffer.from((await scope.files.download(f.file_id)).bytes).equals(Buffer.from(bytes))).toBe(true);
  }, 20_000);

  // The SDK's default upload limit (7 MiB before base64): a bigger file is refused before
  // sending, and nothing is stored.
  it("an 8 MiB file is refused before sending, never answered 413", async () => {
    const bytes = new Uint8Array(8 * 1024 * 1024).fill(0xab);
    const before = (await scope.files.list().toArray()).length;
    const err = await scope.files.upload({ file_name: "eight.bin", content: bytes }, { maxRetries: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((await scope.files.list().toArray()).length).toBe(before);
  }, 20_000);

  it("lists files, by folder, paging with for await", async () => {
    const folder = uniqueName("folder");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await scope.files.upload({ file_name: `f${i}.txt`, content: `file ${i}`, folder })).file_id);
    await scope.files.upload({ file_name: "elsewhere.txt", content: "x", folder: uniqueName("other") });

    const page = await scope.files.list({ folder });
    expect(page.data.map((f) => f.file_id)).toEqual(ids);
    expect(page.total).toBe(5);
    expect(page.data.every((f) => f.folder === folder)).toBe(true);

    const walked: string[] = [];
    for await (const f of scope.files.list({ folder, limit: 2 })) walked.push(f.file_name!);
    expect(walked).toEqual(["f0.txt", "f1.txt", "f2.txt", "f3.txt", "f4.txt"]);

    const all = await scope.files.list().toArray();
    for (const id of ids) expect(all.filter((f) => f.file_id === id)).toHaveLength(1);
  });

  it("presignedUrl: a plain fetch without any key gets the bytes", async () => {
    const bytes = binaryBytes();
    const f = await scope.files.upload({ file_name: "share.bin", content: bytes, content_type: "application/x-test" });
    const p = await scope.files.presignedUrl(f.file_id, { expiration_seconds: 600 });
    expect(p.url).toMatch(/^http:\/\//);
    const expires = Date.parse(p.expires_at!);
    expect(expires).toBeGreaterThan(Date.now() + 590_000);
    expect(expires).toBeLessThan(Date.now() + 610_000);

    const res = await fetch(p.url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-test");
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);

    // the default lifetime is an hour
    const d = await scope.files.presignedUrl(f.file_id);
    expect(Date.parse(d.expires_at!)).toBeGreaterThan(Date.now() + 3_500_000);
  });

  it("presignedUrl: a tampered signature, expiry or file id is refused", async () => {
    const f = await scope.files.upload({ file_name: "secret.bin", content: new Uint8Array([1, 2, 3]) });
    const other = await scope.files.upload({ file_name: "other.bin", content: new Uint8Array([9, 9, 9]) });
    const { url } = await scope.files.presignedUrl(f.file_id, { expiration_seconds: 600 });
    const u = new URL(url);
    const sig = u.searchParams.get("signature")!;
    expect(sig).toMatch(/^[0-9a-f]{64}$/);

    const flipped = new URL(url);
    flipped.searchParams.set("signature", (sig[0] === "a" ? "b" : "a") + sig.slice(1));
    const r1 = await fetch(flipped);
    expect(r1.status).toBe(403);
    expect(await r1.json()).toMatchObject({ error_code: "INVALID_SIGNATURE" });

    const longer = new URL(url);
    longer.searchParams.set("expires", String(Number(u.searchParams.get("expires")) + 86_400));
    expect((await fetch(longer)).status).toBe(403);

    const swapped = new URL(url.replace(f.file_id, other.file_id));
    expect((await fetch(swapped)).status).toBe(403);

    const noSig = new URL(url);
    noSig.searchParams.delete("signature");
    expect((await fetch(noSig)).status).toBe(403);

    const upload = new URL(url);
    upload.searchParams.set("operation", "upload");
    expect((await fetch(upload, { method: "PUT", body: new Uint8Array([6, 6, 6]) })).status).toBe(403);
    expect((await scope.files.download(f.file_id)).bytes).toEqual(new Uint8Array([1, 2, 3]));

    // the untouched URL still works
    expect((await fetch(url)).status).toBe(200);
  });

  it("presignedUrl: an expired URL is refused", async () => {
    const f = await scope.files.upload({ file_name: "short.bin", content: new Uint8Array([7, 7]) });
    const { url, expires_at } = await scope.files.presignedUrl(f.file_id, { expiration_seconds: 1 });
    expect((await fetch(url)).status).toBe(200);
    // the server counts whole seconds and refuses once now > expires (at most ~2 s away)
    const wait = Date.parse(expires_at!) + 1_000 - Date.now() + 50;
    expect(wait).toBeLessThanOrEqual(2_100);
    await sleep(Math.max(0, wait));
    const res = await fetch(url);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error_code: "URL_EXPIRED" });
  });

  it("refuses bad presign and upload input before sending", async () => {
    const f = await scope.files.upload({ file_name: "x.bin", content: new Uint8Array([1]) });
    await expect(scope.files.presignedUrl(f.file_id, { expiration_seconds: 0 })).rejects.toBeInstanceOf(ValidationError);
    await expect(scope.files.presignedUrl(f.file_id, { expiration_seconds: 604_801 })).rejects.toBeInstanceOf(ValidationError);
    const small = scope.files.withOptions({ maxUploadBytes: 4 });
    await expect(small.upload({ file_name: "big.bin", content: new Uint8Array(5) })).rejects.toBeInstanceOf(ValidationError);
    await expect(scope.files.upload({ file_name: "", content: "x" })).rejects.toBeInstanceOf(ValidationError);
  });

  it("delete: the file, its download and its presigned URL are gone", async () => {
    const f = await scope.files.upload({ file_name: "bye.bin", content: new Uint8Array([4, 5, 6]) });
    const { url } = await scope.files.presignedUrl(f.file_id, { expiration_seconds: 600 });
    expect(await scope.files.delete(f.file_id)).toMatchObject({ success: true, file_id: f.file_id });
    await expect(scope.files.get(f.file_id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(scope.files.download(f.file_id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(scope.files.presignedUrl(f.file_id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(scope.files.delete(f.file_id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await fetch(url)).status).toBe(404);
    const listed = await scope.files.list().toArray();
    expect(listed.some((x) => x.file_id === f.file_id)).toBe(false);
  });

  it("another project's key cannot read this project's files", async () => {
    const f = await scope.files.upload({ file_name: "private.bin", content: new Uint8Array([1]) });
    const { inject } = await import("vitest");
    const stranger = sdkClient({ apiKey: inject("zerodbOtherApiKey") }).project(scope.projectId);
    await expect(stranger.files.download(f.file_id)).rejects.toBeInstanceOf(PermissionDeniedError);
  });
});
