/**
 * The knowledge base (epic 10): pitch scripts, FAQs and objection handling uploaded as
 * files, chunked, embedded into the `kb` namespace, and quoted back by meaning.
 * @module
 */
import { createHash } from "node:crypto";
import type { JsonObject } from "../api/shared.js";
import { EMBED_TEXTS_MAX } from "../contract/sizes.js";
import { chunkDocument, type ChunkOptions } from "./kb-chunk.js";
import { naturalKeyId } from "../domain/ids.js";
import { normalizeTag } from "../domain/tags.js";
import { isErrorOf, ValidationError } from "../http/errors.js";
import type { RequestOptions } from "../http/transport.js";
import { Check, nowOf, requestOptions, type WorkflowOptions, type WorkflowScope } from "./shared.js";

/** Vector namespace of knowledge-base chunks (data model §4.1). */
export const KB_NAMESPACE = "kb";
/** Files folder the knowledge-base documents are uploaded to. */
export const KB_FOLDER = "kb";

/** The stable vector id of a chunk: `kb:{doc_id}:{n}`. */
export const kbVectorId = (docId: string, chunk: number): string => `kb:${docId}:${chunk}`;

/** Input of `scope.addKbDocument`. */
export interface KbDocumentInput {
  /** The document's title (1-200 characters). */
  title: string;
  /** The text, or its UTF-8 bytes. */
  content: string | Uint8Array;
  /** Name of the uploaded file. Default: the title as a slug, `.md`. */
  file_name?: string | undefined;
  /** Tags such as `pitch`, `faq`, `objections` (normalized: trimmed, lower case). */
  tags?: readonly string[] | undefined;
}

/** Options of `scope.addKbDocument`: the chunking and {@link WorkflowOptions}. */
export interface KbDocumentOptions extends WorkflowOptions, ChunkOptions {}

/** What `scope.addKbDocument` resolves to. */
export interface KbDocumentResult {
  /** UUIDv5 of the content's SHA-256: the same text is the same document. */
  docId: string;
  /** The uploaded file. */
  fileId: string;
  /** How many chunks were embedded. */
  chunks: number;
  /** False when the document was already in the knowledge base (nothing was written). */
  created: boolean;
}

/** Options of `scope.objectionSnippets`. */
export interface SnippetOptions extends RequestOptions {
  /** Only chunks of documents with this tag. */
  tag?: string | undefined;
  /** How many snippets, 1-20. Default 3. */
  limit?: number | undefined;
  /** Lowest similarity, 0-1. Default 0: the best matches, however weak. */
  threshold?: number | undefined;
}

/** One quoted chunk. */
export interface KbSnippet {
  /** The chunk's heading or first words (at most 60 characters). */
  title: string;
  text: string;
  docId: string;
  /** Similarity to the query, 0-1. */
  score: number;
  tags: string[];
  /** The chunk's position in its document. */
  chunk: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function validate(input: KbDocumentInput): { bytes: Uint8Array; text: string; tags: string[] } {
  const c = new Check(input as unknown as Record<string, unknown>);
  c.known(["title", "content", "file_name", "tags"]);
  c.text("title", { required: true, max: 200 });
  c.text("file_name", { max: 255 });
  const content = input.content as unknown;
  let bytes: Uint8Array = new Uint8Array();
  if (typeof content === "string") bytes = new TextEncoder().encode(content);
  else if (content instanceof Uint8Array) bytes = content;
  else c.fail("content", "must be a string or a Uint8Array", "invalid_type");
  const text = new TextDecoder().decode(bytes);
  if (c.issues.every((i) => i.path !== "content") && text.trim() === "") c.fail("content", "must have some text", "invalid_string");
  const tags = input.tags ?? [];
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== "string" || t.trim() === "")) c.fail("tags", "must be an array of non-empty strings", "invalid_type");
  c.done();
  return { bytes, text, tags: [...new Set(tags.map(normalizeTag))].sort() };
}

const slug = (title: string): string => title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 80) || "document";

async function findVector(scope: WorkflowScope, id: string, ro: RequestOptions) {
  try {
    return await scope.vectors.get(id, { namespace: KB_NAMESPACE }, ro);
  } catch (error) {
    if (isErrorOf(error, "NotFoundError")) return undefined;
    throw error;
  }
}

/** The file of a document uploaded by an earlier run that stopped before its chunks were stored. */
async function findFile(scope: WorkflowScope, docId: string, ro: RequestOptions): Promise<string | undefined> {
  for await (const f of scope.files.list({ folder: KB_FOLDER, limit: 500 }, ro)) {
    if (f.metadata?.doc_id === docId && f.metadata?.project_id === scope.projectId) return f.file_id;
  }
  return undefined;
}

/**
 * Adds a document to the knowledge base: uploads it (folder `kb`), chunks it, embeds the
 * chunks and stores them as `kb:{doc_id}:{n}` in the `kb` namespace with their title,
 * tags and the file id. The document id comes from the content, so adding the same text
 * again writes nothing; a run that stopped half-way is finished by the next one.
 * @example
 * ```ts
 * const { docId, chunks } = await addKbDocument(scope, { title: "Objections", content: md, tags: ["objections"] });
 * ```
 */
export async function addKbDocument(scope: WorkflowScope, input: KbDocumentInput, options: KbDocumentOptions = {}): Promise<KbDocumentResult> {
  const { bytes, text, tags } = validate(input);
  const { maxChars, overlap, ...wo } = options;
  const chunks = chunkDocument(text, { maxChars, overlap });
  const now = nowOf(wo);
  const ro = requestOptions(wo);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const docId = naturalKeyId(scope.projectId, "kb_doc", [sha256]);

  const last = await findVector(scope, kbVectorId(docId, chunks.length - 1), ro);
  if (last !== undefined && last.vector_metadata.project_id === scope.projectId) {
    return { docId, fileId: String(last.vector_metadata.file_id), chunks: chunks.length, created: false };
  }
  const fileName = input.file_name ?? `${slug(input.title)}.md`;
  const fileId =
    (await findFile(scope, docId, ro)) ??
    (
      await scope.files.upload(
        {
          file_name: fileName,
          content: bytes,
          content_type: fileName.endsWith(".md") ? "text/markdown" : "text/plain",
          folder: KB_FOLDER,
          metadata: { project_id: scope.projectId, type: "kb_doc", doc_id: docId, title: input.title, tags, content_sha256: sha256 },
        },
        ro,
      )
    ).file_id;

  const createdAt = now.toISOString();
  for (let start = 0; start < chunks.length; start += EMBED_TEXTS_MAX) {
    const batch = chunks.slice(start, start + EMBED_TEXTS_MAX);
    // Continuation chunks carry their section's title into the embedding, so they match by topic too.
    const texts = batch.map((ch) => (ch.text.startsWith(ch.title) ? ch.text : `${ch.title}\n${ch.text}`));
    const { embeddings } = await scope.embeddings.generate({ texts }, ro);
    const vectors = batch.map((ch, i) => {
      const metadata: JsonObject = {
        project_id: scope.projectId,
        type: "kb_doc",
        doc_id: docId,
        file_id: fileId,
        title: ch.title,
        doc_title: input.title,
        tags,
        chunk: ch.index,
        chunk_count: chunks.length,
        created_at: createdAt,
        source: "manual",
      };
      return { id: kbVectorId(docId, ch.index), vector: embeddings[i]!, namespace: KB_NAMESPACE, metadata, document: ch.text };
    });
    await scope.vectors.upsertBatch({ vectors }, ro);
  }
  return { docId, fileId, chunks: chunks.length, created: true };
}

/**
 * The chunks of the knowledge base closest in meaning to `query` (default top 3), each
 * with its short title; with `tag`, only chunks of documents carrying it (filtered after
 * an over-fetch, since the metadata filter compares whole values).
 * @example
 * ```ts
 * const [best] = await objectionSnippets(scope, "too expensive", { tag: "objections" });
 * ```
 */
export async function objectionSnippets(scope: WorkflowScope, query: string, options: SnippetOptions = {}): Promise<KbSnippet[]> {
  const { tag, limit = 3, threshold = 0, ...ro } = options;
  const c = new Check({ query, tag, limit, threshold });
  c.text("query", { required: true, max: 2000 });
  c.text("tag", { max: 100 });
  if (!Number.isInteger(limit) || limit < 1 || limit > 20) c.fail("limit", "must be an integer from 1 to 20", "invalid_int");
  if (typeof threshold !== "number" || !(threshold >= 0 && threshold <= 1)) c.fail("threshold", "must be a number from 0 to 1", "invalid_number");
  c.done();
  const wanted = tag === undefined ? undefined : normalizeTag(tag);
  const { results } = await scope.embeddings.search(
    { query, namespace: KB_NAMESPACE, limit: wanted === undefined ? limit : Math.min(100, limit * 10), threshold, filter_metadata: { project_id: scope.projectId, type: "kb_doc" } },
    ro,
  );
  const out: KbSnippet[] = [];
  for (const r of results) {
    const m = r.metadata;
    if (m.project_id !== scope.projectId) continue;
    const tags = Array.isArray(m.tags) ? m.tags.filter((t): t is string => typeof t === "string") : [];
    if (wanted !== undefined && !tags.includes(wanted)) continue;
    out.push({ title: String(m.title ?? ""), text: r.document ?? "", docId: String(m.doc_id ?? ""), score: r.similarity, tags, chunk: Number(m.chunk ?? 0) });
    if (out.length === limit) break;
  }
  return out;
}

/**
 * Removes a document: its chunks from the `kb` namespace and its file. Resolves to the
 * number of chunks removed (0 when there was no such document).
 * @example
 * ```ts
 * await removeKbDocument(scope, docId);
 * ```
 */
export async function removeKbDocument(scope: WorkflowScope, docId: string, options: RequestOptions = {}): Promise<number> {
  if (typeof docId !== "string" || !UUID.test(docId)) throw new ValidationError([{ path: "docId", message: "must be a UUID", code: "invalid_uuid" }]);
  const first = await findVector(scope, kbVectorId(docId, 0), options);
  if (first === undefined || first.vector_metadata.project_id !== scope.projectId) return 0;
  const count = Number(first.vector_metadata.chunk_count ?? 1);
  for (let n = count - 1; n >= 0; n--) await scope.vectors.delete(kbVectorId(docId, n), { namespace: KB_NAMESPACE }, options);
  const fileId = first.vector_metadata.file_id;
  if (typeof fileId === "string") {
    try {
      await scope.files.delete(fileId, options);
    } catch (error) {
      if (!isErrorOf(error, "NotFoundError")) throw error;
    }
  }
  return count;
}
