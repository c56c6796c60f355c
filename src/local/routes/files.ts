/**
 * Files: base64 JSON upload, metadata, list, download (bytes or base64 JSON),
 * presigned URLs served by this server (`/v1/local/files/{id}`, HMAC-signed
 * with an expiry), delete. Bytes live in PGlite (bytea).
 * @internal
 * @module
 */
import type { Hono } from "hono";
import { MAX_CONTENT_TYPE_LENGTH } from "../../contract/limits.js";
import { contentDisposition, isMediaType, safeContentType } from "../content-headers.js";
import { HttpError } from "../errors.js";
import { signFileUrl, verifyFileUrl, type FileOperation } from "../signing.js";
import { Fields, isObject, queryFields, readBody, readOptionalJson, skipLimit } from "../validate.js";
import { isUuid, page, uuid, type AppEnv, type Deps } from "../util.js";
import { FILE_NAME_MAX, PRESIGN_EXPIRATION_DEFAULT_SECONDS, PRESIGN_EXPIRATION_MAX_SECONDS } from "../../contract/index.js";

const COLS = "file_id, project_id, file_name, content_type, size_bytes, folder, metadata, created_at, updated_at";
// linear-time check (a repeated group would overflow the regex stack on MiB-sized input)
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

const present = (r: Record<string, unknown>): Record<string, unknown> => ({ ...r, id: r.file_id, file_size: r.size_bytes });

/** Decodes strict base64 (whitespace ignored); undefined when invalid. */
export function decodeBase64(s: string): Buffer | undefined {
  const clean = s.replace(/\s+/g, "");
  return clean.length % 4 === 0 && BASE64_RE.test(clean) ? Buffer.from(clean, "base64") : undefined;
}


const notMediaType = (t: string): string =>
  `Value error, ${JSON.stringify(t)} is not a valid media type (type/subtype[; name=value], ASCII, at most ${MAX_CONTENT_TYPE_LENGTH} characters)`;

export function registerFiles(app: Hono<AppEnv>, deps: Deps): void {
  const { db } = deps;
  const base = "/projects/:pid/database/files";
  const notFound = (id: string): HttpError => new HttpError(404, `File '${id}' not found`, "FILE_NOT_FOUND");
  const meta = async (pid: string, id: string): Promise<Record<string, unknown>> => {
    if (!isUuid(id)) throw notFound(id);
    const r = await db.query<Record<string, unknown>>(`SELECT ${COLS} FROM zdb.files WHERE project_id = $1 AND file_id = $2`, [pid, id]);
    if (r.rows[0] === undefined) throw notFound(id);
    return r.rows[0];
  };

  // bytes travel as base64 text: PGlite's own bytea (de)serialisation is far too slow for MiBs
  const content = async (id: string): Promise<Buffer> => {
    const r = await db.query<{ b64: string }>("SELECT encode(content, 'base64') AS b64 FROM zdb.files WHERE file_id = $1", [id]);
    return Buffer.from(r.rows[0]?.b64 ?? "", "base64");
  };

  app.post(base, async (c) => {
    const b = await readBody(c);
    const name = b.str("file_name", { required: true, min: 1, max: FILE_NAME_MAX });
    const content = b.str("file_content", { required: true });
    const type = b.str("content_type", { min: 1, max: MAX_CONTENT_TYPE_LENGTH }) ?? "application/octet-stream";
    if (!isMediaType(type)) b.fail("content_type", notMediaType(type), "value_error");
    const folder = b.str("folder", { max: 1024 });
    const metadata = b.obj("metadata") ?? b.obj("file_metadata");
    const bytes = content === undefined ? undefined : decodeBase64(content);
    if (content !== undefined && bytes === undefined) b.fail("file_content", "Input should be a valid base64 string", "base64_decode");
    b.done();
    const r = await db.query<Record<string, unknown>>(
      `INSERT INTO zdb.files (file_id, project_id, file_name, content_type, size_bytes, folder, metadata, content)
       VALUES ($1, $2, $3, $4, $5, $6, $7, decode($8, 'base64')) RETURNING ${COLS}`,
      [uuid(), c.get("pid"), name, type, bytes!.length, folder ?? null, JSON.stringify(metadata ?? {}), bytes!.toString("base64")],
    );
    return c.json(present(r.rows[0]!), 201);
  });

  app.get(base, async (c) => {
    const q = queryFields(c);
    const folder = q.str("folder");
    const { skip, limit } = skipLimit(q);
    const params: unknown[] = [c.get("pid")];
    const where = folder === undefined ? "project_id = $1" : "project_id = $1 AND folder = $2";
    if (folder !== undefined) params.push(folder);
    const total = (await db.query<{ n: number }>(`SELECT count(*) AS n FROM zdb.files WHERE ${where}`, params)).rows[0]!.n;
    const r = await db.query<Record<string, unknown>>(`SELECT ${COLS} FROM zdb.files WHERE ${where} ORDER BY seq LIMIT ${limit} OFFSET ${skip}`, params);
    return c.json(page(r.rows.map(present), total, skip, limit));
  });

  app.get(`${base}/:fileId`, async (c) => c.json(present(await meta(c.get("pid"), c.req.param("fileId")))));

  app.get(`${base}/:fileId/download`, async (c) => {
    const q = queryFields(c);
    const asBase64 = q.bool("return_base64") ?? false;
    q.done();
    const m = await meta(c.get("pid"), c.req.param("fileId"));
    const bytes = await content(String(m.file_id));
    if (asBase64) {
      return c.json({ file_id: m.file_id, file_name: m.file_name, content_type: m.content_type, size_bytes: m.size_bytes, file_content: bytes.toString("base64") });
    }
    return c.body(new Uint8Array(bytes), 200, {
      "Content-Type": safeContentType(String(m.content_type)),
      "Content-Disposition": contentDisposition(String(m.file_name)),
    });
  });

  app.post(`${base}/:fileId/presigned-url`, async (c) => {
    const parsed = await readOptionalJson(c);
    const body = isObject(parsed) ? parsed : {};
    const b = new Fields(body, "body");
    const key = body.expiration_seconds === undefined && body.expiration !== undefined ? "expiration" : "expiration_seconds";
    const seconds = b.int(key, { min: 1, max: PRESIGN_EXPIRATION_MAX_SECONDS }) ?? PRESIGN_EXPIRATION_DEFAULT_SECONDS;
    const operation = (b.str("operation", { enum: ["download", "upload"] }) ?? "download") as FileOperation;
    b.done();
    const m = await meta(c.get("pid"), c.req.param("fileId"));
    const expires = Math.floor(Date.now() / 1000) + seconds;
    const id = String(m.file_id);
    const sig = signFileUrl(deps.secret, id, operation, expires);
    const url = `${deps.baseUrl()}/v1/local/files/${id}?operation=${operation}&expires=${expires}&signature=${sig}`;
    return c.json({ url, presigned_url: url, expires_at: new Date(expires * 1000).toISOString(), expiration_seconds: seconds, operation, file_id: id });
  });

  app.delete(`${base}/:fileId`, async (c) => {
    const m = await meta(c.get("pid"), c.req.param("fileId"));
    await db.query("DELETE FROM zdb.files WHERE file_id = $1", [m.file_id]);
    return c.json({ success: true, file_id: m.file_id });
  });

  // ---- the presigned URLs themselves (no API key; the signature is the credential) ----
  const check = (c: { req: { query: (k: string) => string | undefined; param: (k: string) => string } }, op: FileOperation): string => {
    const id = c.req.param("fileId");
    const operation = c.req.query("operation") ?? "download";
    const expires = Number(c.req.query("expires"));
    const sig = c.req.query("signature") ?? "";
    if (operation !== op) throw new HttpError(403, "Presigned URL does not allow this operation", "INVALID_SIGNATURE");
    const v = verifyFileUrl(deps.secret, id, op, expires, sig, Math.floor(Date.now() / 1000));
    if (v === "expired") throw new HttpError(403, "Presigned URL has expired", "URL_EXPIRED");
    if (v === "invalid") throw new HttpError(403, "Invalid presigned URL signature", "INVALID_SIGNATURE");
    return id;
  };

  app.get("/local/files/:fileId", async (c) => {
    const id = check(c, "download");
    const r = await db.query<{ content_type: string; file_name: string }>(
      "SELECT content_type, file_name FROM zdb.files WHERE file_id = $1",
      [id],
    );
    const f = r.rows[0];
    if (f === undefined) throw notFound(id);
    return c.body(new Uint8Array(await content(id)), 200, {
      "Content-Type": safeContentType(f.content_type),
      "Content-Disposition": contentDisposition(f.file_name),
    });
  });

  app.put("/local/files/:fileId", async (c) => {
    const id = check(c, "upload");
    const type = c.req.header("content-type");
    if (type !== undefined && !isMediaType(type)) {
      throw new HttpError(422, [{ loc: ["header", "content-type"], msg: notMediaType(type), type: "value_error" }]);
    }
    const bytes = Buffer.from(await c.req.arrayBuffer());
    const r = await db.query<Record<string, unknown>>(
      `UPDATE zdb.files SET content = decode($2, 'base64'), size_bytes = $3, content_type = COALESCE($4, content_type),
       updated_at = clock_timestamp() WHERE file_id = $1 RETURNING ${COLS}`,
      [id, bytes.toString("base64"), bytes.length, type ?? null],
    );
    if (r.rows[0] === undefined) throw notFound(id);
    return c.json(present(r.rows[0]));
  });
}
