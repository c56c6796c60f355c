import { DEFAULT_MAX_UPLOAD_BYTES, FILE_NAME_MAX, PRESIGN_EXPIRATION_DEFAULT_SECONDS, PRESIGN_EXPIRATION_MAX_SECONDS } from "../contract/index.js";
import * as z from "zod/mini";
import { ResponseValidationError, ValidationError } from "../http/errors.js";
import { PagePromise, pagesOrError } from "../http/pagination.js";
import { segment } from "../http/paths.js";
import type { RequestOptions } from "../http/transport.js";
import { type APIPromise, type Call, del, get, post } from "./resource.js";
import { inputOf, listPages, anyObject, compact, jsonObject, pageParams, parseInput, type JsonObject, type ProjectContext } from "./shared.js";

export { DEFAULT_MAX_UPLOAD_BYTES };

/** File metadata, normalized (`file_id` from `file_id`/`id`, `size_bytes` from `size_bytes`/`file_size`/`size`, `metadata` from `metadata`/`file_metadata`). */
export interface FileInfo {
  file_id: string;
  file_name: string | undefined;
  content_type: string | undefined;
  size_bytes: number | undefined;
  folder: string | undefined;
  metadata: JsonObject | undefined;
  created_at: string | undefined;
}

const fileSchema = z.pipe(
  z
    .looseObject({
      file_id: z.optional(z.string()),
      id: z.optional(z.string()),
      file_name: z.nullish(z.string()),
      filename: z.nullish(z.string()),
      content_type: z.nullish(z.string()),
      size_bytes: z.nullish(z.number()),
      file_size: z.nullish(z.number()),
      size: z.nullish(z.number()),
      folder: z.nullish(z.string()),
      metadata: z.nullish(jsonObject),
      file_metadata: z.nullish(jsonObject),
      created_at: z.nullish(z.string()),
    })
    .check(z.refine((f) => (f.file_id ?? f.id) !== undefined, { message: "a file needs file_id (or id)" })),
  z.transform(
    (f): FileInfo => ({
      file_id: (f.file_id ?? f.id) as string,
      file_name: f.file_name ?? f.filename ?? undefined,
      content_type: f.content_type ?? undefined,
      size_bytes: f.size_bytes ?? f.file_size ?? f.size ?? undefined,
      folder: f.folder ?? undefined,
      metadata: f.metadata ?? f.file_metadata ?? undefined,
      created_at: f.created_at ?? undefined,
    }),
  ),
);

/** Content accepted by {@link FilesAPI.upload}; a string is sent as its UTF-8 bytes. */
export type FileContent = Uint8Array | ArrayBuffer | Blob | string;

const uploadParams = inputOf<UploadFileParams>()(z.strictObject({
  file_name: z.string().check(z.minLength(1), z.maxLength(FILE_NAME_MAX)),
  content: z.custom<FileContent>(
    (v) => v instanceof Uint8Array || v instanceof ArrayBuffer || (typeof Blob !== "undefined" && v instanceof Blob) || typeof v === "string",
    "must be a Uint8Array, ArrayBuffer, Blob or string",
  ),
  content_type: z.optional(z.string().check(z.minLength(1))),
  folder: z.optional(z.string().check(z.minLength(1))),
  metadata: z.optional(jsonObject),
}));
/** Input of {@link FilesAPI.upload}. `content_type` defaults to the Blob's type when there is one. */
export interface UploadFileParams {
  /** File name, 1-255 characters. */
  file_name: string;
  /** The bytes (a string is sent as UTF-8), at most `maxUploadBytes` (default 7 MiB); sent base64 as `file_content`. */
  content: FileContent;
  /** MIME type, non-empty. Default: the Blob's type, else none (the server decides). */
  content_type?: string | undefined;
  /** Folder to file it under; non-empty. */
  folder?: string | undefined;
  /** Any JSON object stored with the file. */
  metadata?: JsonObject | undefined;
}

const listParams = inputOf<ListFilesParams>()(z.extend(pageParams, { folder: z.optional(z.string().check(z.minLength(1))) }));
/** Input of {@link FilesAPI.list}. */
export interface ListFilesParams {
  /** Files to skip before the first one returned; an integer ≥ 0. Default 0. */
  skip?: number | undefined;
  /** Page size, 1-1000. Default 100. */
  limit?: number | undefined;
  /** Only files in this folder; non-empty. */
  folder?: string | undefined;
}

const presignParams = inputOf<PresignedUrlParams>()(z.strictObject({
  expiration_seconds: z.optional(z.int().check(z.minimum(1), z.maximum(PRESIGN_EXPIRATION_MAX_SECONDS))),
  operation: z.optional(z.enum(["download", "upload"])),
}));
/** Input of {@link FilesAPI.presignedUrl}: lifetime 1..604800 s (default 3600), operation `download` (default) or `upload`. */
export interface PresignedUrlParams {
  /** Lifetime of the URL in seconds, an integer 1-604800 (7 days). Default 3600. */
  expiration_seconds?: number | undefined;
  /** What the URL allows: `download` or `upload`. Default `download`. */
  operation?: "download" | "upload" | undefined;
}

/** A presigned URL (read from `url` or `presigned_url`). */
export interface PresignedUrl {
  url: string;
  expires_at: string | undefined;
}
const presignSchema = z.pipe(
  z
    .looseObject({ url: z.optional(z.string()), presigned_url: z.optional(z.string()), expires_at: z.nullish(z.string()) })
    .check(z.refine((r) => (r.url ?? r.presigned_url) !== undefined, { message: "needs url (or presigned_url)" })),
  z.transform((r): PresignedUrl => ({ url: (r.url ?? r.presigned_url) as string, expires_at: r.expires_at ?? undefined })),
);

/** A downloaded file. `fileName` is known only when the server answered JSON. */
export interface DownloadedFile {
  bytes: Uint8Array;
  contentType: string;
  fileName?: string;
}

/** Options of {@link FilesAPI}. */
export interface FilesOptions {
  /** Largest content `upload` accepts, in bytes before base64. Default {@link DEFAULT_MAX_UPLOAD_BYTES} (7 MiB). */
  maxUploadBytes?: number;
}
const filesOptions = z.strictObject({ maxUploadBytes: z.optional(z.int().check(z.minimum(1))) });

// A JSON download answer, either the file inline (base64) or a presigned URL to fetch it from.
const downloadEnvelope = z.looseObject({
  file_content: z.optional(z.string()),
  content: z.optional(z.string()),
  url: z.optional(z.string()),
  presigned_url: z.optional(z.string()),
  download_url: z.optional(z.string()),
  file_name: z.nullish(z.string()),
  content_type: z.nullish(z.string()),
});

/**
 * Files, `{P}/database/files`: upload (base64 JSON), metadata, list, download,
 * presigned URLs, delete.
 * @example
 * ```ts
 * const { file_id } = await client.project(pid).files.upload({ file_name: "a.txt", content: "hi" });
 * ```
 */
export class FilesAPI {
  readonly #ctx: ProjectContext;
  readonly #maxUploadBytes: number;

  /** @internal Made by the client; use `scope.files`, or `withOptions` for a copy with other options. */
  constructor(ctx: ProjectContext, options: FilesOptions = {}) {
    const o = parseInput(filesOptions, options, "options");
    this.#ctx = ctx;
    this.#maxUploadBytes = o.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  }

  /**
   * A copy with other options.
   * @example
   * ```ts
   * const big = scope.files.withOptions({ maxUploadBytes: 50 * 1024 * 1024 });
   * ```
   */
  withOptions(options: FilesOptions): FilesAPI {
    return new FilesAPI(this.#ctx, { maxUploadBytes: this.#maxUploadBytes, ...options });
  }

  #path(rest = ""): string {
    return `${this.#ctx.prefix}/database/files${rest}`;
  }

  /**
   * Uploads a file as base64 JSON (`{file_name, file_content, content_type?, folder?, metadata?}`).
   * Content above `maxUploadBytes` is refused before sending. Not retried after an ambiguous failure.
   * @example
   * ```ts
   * const f = await scope.files.upload({ file_name: "notes.txt", content: "call back Tuesday", content_type: "text/plain" });
   * ```
   */
  upload(params: UploadFileParams, options?: RequestOptions): APIPromise<FileInfo> {
    return post(this.#ctx.http, async () => this.#uploadCall(parseInput(uploadParams, params, "params")), options);
  }

  async #uploadCall(p: z.output<typeof uploadParams>): Promise<Call<FileInfo>> {
    const bytes = await toBytes(p.content);
    if (bytes.byteLength > this.#maxUploadBytes) {
      throw new ValidationError([
        { path: "params.content", message: `is ${bytes.byteLength} bytes, above maxUploadBytes (${this.#maxUploadBytes})`, code: "too_big" },
      ]);
    }
    const blobType = typeof Blob !== "undefined" && p.content instanceof Blob && p.content.type !== "" ? p.content.type : undefined;
    const body = compact({
      file_name: p.file_name,
      file_content: toBase64(bytes),
      content_type: p.content_type ?? blobType,
      folder: p.folder,
      metadata: p.metadata,
    });
    return { path: this.#path(), body, schema: fileSchema };
  }

  /**
   * Gets a file's metadata.
   * @example
   * ```ts
   * const info = await scope.files.get(fileId);
   * ```
   */
  get(fileId: string, options?: RequestOptions): APIPromise<FileInfo> {
    return get(this.#ctx.http, () => ({ path: this.#path(`/${segment("fileId", fileId)}`), schema: fileSchema }), options);
  }

  /**
   * Same as {@link FilesAPI.get} (the design doc's name).
   * @example
   * ```ts
   * const { size_bytes } = await scope.files.metadata(fileId);
   * ```
   */
  metadata(fileId: string, options?: RequestOptions): APIPromise<FileInfo> {
    return this.get(fileId, options);
  }

  /**
   * Lists files, optionally in one folder; await for one page or `for await` over all.
   * @example
   * ```ts
   * for await (const f of scope.files.list({ folder: "receipts" })) console.log(f.file_name);
   * ```
   */
  list(params: ListFilesParams = {}, options?: RequestOptions): PagePromise<FileInfo> {
    return pagesOrError(() => {
      const { skip, limit, ...filters } = parseInput(listParams, params, "params");
      return listPages(this.#ctx.http, this.#path(), fileSchema, { skip, limit }, filters, options);
    });
  }

  /**
   * Downloads a file's bytes. The server may answer raw bytes, JSON with base64
   * `file_content`/`content`, or JSON with a presigned `url`/`presigned_url`/`download_url`;
   * a presigned URL is fetched with a plain GET that carries no API key.
   * @example
   * ```ts
   * const { bytes, contentType } = await scope.files.download(fileId);
   * ```
   */
  async download(fileId: string, options: RequestOptions = {}): Promise<DownloadedFile> {
    const path = this.#path(`/${segment("fileId", fileId)}/download`);
    // Accept anything: the answer is the file itself unless the server wraps it in JSON.
    const raw = await this.#ctx.http.requestRaw({ method: "GET", path, idempotent: true }, { ...options, headers: { accept: "*/*", ...options.headers } });
    // `Content-Disposition: attachment` says the body is the file itself, even when the
    // file is JSON that happens to hold a `content` or `url` key.
    const attached = attachmentName(raw.contentDisposition);
    const envelope = attached === undefined && raw.contentType.includes("json") ? readEnvelope(raw.bytes) : undefined;
    // Not an envelope (e.g. the file itself is JSON): hand back the bytes as they came.
    if (envelope === undefined) return withName({ bytes: raw.bytes, contentType: raw.contentType }, attached || undefined);
    const fileName = envelope.file_name ?? undefined;
    const inline = envelope.file_content ?? envelope.content;
    if (inline !== undefined) {
      return withName({ bytes: fromBase64(inline, path), contentType: envelope.content_type ?? "application/octet-stream" }, fileName);
    }
    const url = (envelope.url ?? envelope.presigned_url ?? envelope.download_url) as string;
    const fetched = await this.#fetchPresigned(url, options);
    return withName({ bytes: fetched.bytes, contentType: envelope.content_type ?? fetched.contentType }, fileName);
  }

  // A presigned URL authorizes itself and may point at another host (object storage),
  // so it is fetched as an external URL: no API key, no client headers.
  async #fetchPresigned(url: string, options: RequestOptions): Promise<{ bytes: Uint8Array; contentType: string }> {
    const target = new URL(url, this.#ctx.http.config.baseUrl);
    if (target.protocol !== "https:" && target.protocol !== "http:") {
      throw new ResponseValidationError(`download URL ${target.protocol}// is not http(s)`);
    }
    const where = `${target.origin}${target.pathname}`; // never the query: it holds the signature
    return this.#ctx.http.requestRaw({ method: "GET", path: where, externalUrl: target.href, idempotent: true }, options);
  }

  /**
   * Creates a presigned URL (`expiration_seconds` default 3600, `operation` default `download`).
   * @example
   * ```ts
   * const { url, expires_at } = await scope.files.presignedUrl(fileId, { expiration_seconds: 600 });
   * ```
   */
  presignedUrl(fileId: string, params: PresignedUrlParams = {}, options?: RequestOptions): APIPromise<PresignedUrl> {
    return post(this.#ctx.http, () => {
      const p = parseInput(presignParams, params, "params");
      const body = { expiration_seconds: p.expiration_seconds ?? PRESIGN_EXPIRATION_DEFAULT_SECONDS, operation: p.operation ?? "download" };
      return { path: this.#path(`/${segment("fileId", fileId)}/presigned-url`), body, idempotent: true, schema: presignSchema };
    }, options);
  }

  /**
   * Deletes a file.
   * @example
   * ```ts
   * await scope.files.delete(fileId);
   * ```
   */
  delete(fileId: string, options?: RequestOptions): APIPromise<Record<string, unknown>> {
    return del(this.#ctx.http, () => ({ path: this.#path(`/${segment("fileId", fileId)}`) }), options);
  }
}

function withName(file: DownloadedFile, fileName: string | undefined): DownloadedFile {
  return fileName === undefined ? file : { ...file, fileName };
}

/** The JSON answer if it is a download envelope (inline content or a URL), else undefined. */
function readEnvelope(bytes: Uint8Array): z.infer<typeof downloadEnvelope> | undefined {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
  const parsed = downloadEnvelope.safeParse(json);
  if (!parsed.success) return undefined;
  const e = parsed.data;
  const known = [e.file_content, e.content, e.url, e.presigned_url, e.download_url].some((v) => v !== undefined);
  return known ? e : undefined;
}

async function toBytes(content: FileContent): Promise<Uint8Array> {
  if (typeof content === "string") return new TextEncoder().encode(content);
  if (content instanceof Uint8Array) return content;
  if (content instanceof ArrayBuffer) return new Uint8Array(content);
  return new Uint8Array(await content.arrayBuffer());
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string, path: string): Uint8Array {
  let binary: string;
  try {
    binary = atob(text.replace(/\s+/g, ""));
  } catch (error) {
    throw new ResponseValidationError(`GET ${path}: file content is not valid base64`, { cause: error });
  }
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** The file name of an `attachment` disposition (`""` when it has none), or undefined when the body is not an attachment. */
function attachmentName(disposition: string | undefined): string | undefined {
  if (disposition === undefined || !/^\s*attachment\b/i.test(disposition)) return undefined;
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(disposition)?.[1];
  if (star !== undefined) {
    try {
      return decodeURIComponent(star.trim().replace(/^"|"$/g, ""));
    } catch {
      /* fall through to the plain filename */
    }
  }
  return /filename\s*=\s*"?([^";]*)"?/i.exec(disposition)?.[1] ?? "";
}
