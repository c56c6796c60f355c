/**
 * Splits a knowledge-base document (pitch script, FAQ, objection handling) into chunks
 * small enough to embed and quote. Pure and deterministic.
 * @module
 */
import { ValidationError } from "../http/errors.js";

/** One chunk of a document. */
export interface DocumentChunk {
  /** Position in the document, from 0. */
  index: number;
  /** The nearest heading above the chunk, else its first words; at most 60 characters. */
  title: string;
  /** The chunk's text (a heading that opens it is its first line, without `#`). */
  text: string;
}

/** Options of {@link chunkDocument}. */
export interface ChunkOptions {
  /** Longest chunk, in characters, an integer 100-8000. Default 600. */
  maxChars?: number | undefined;
  /** Characters of the previous chunk repeated at the start of the next when a section is split, an integer 0 to maxChars/2. Default 80. */
  overlap?: number | undefined;
}

/** Longest chunk title. */
export const CHUNK_TITLE_MAX = 60;

const HEADING = /^#{1,6}\s+(.+?)\s*#*\s*$/;

function checkOptions(options: ChunkOptions): { maxChars: number; overlap: number } {
  const maxChars = options.maxChars ?? 600;
  const overlap = options.overlap ?? 80;
  const issues = [];
  if (!Number.isInteger(maxChars) || maxChars < 100 || maxChars > 8000) issues.push({ path: "options.maxChars", message: "must be an integer from 100 to 8000", code: "invalid_int" });
  else if (!Number.isInteger(overlap) || overlap < 0 || overlap > maxChars / 2) issues.push({ path: "options.overlap", message: "must be an integer from 0 to half of maxChars", code: "invalid_int" });
  if (issues.length > 0) throw new ValidationError(issues);
  return { maxChars, overlap };
}

/** Cuts `text` to at most `max` characters at a word boundary, with an ellipsis when cut. */
function shorten(text: string, max: number): string {
  const t = text.replace(/\s+/g, " ").trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Pieces of a block no longer than `max`: sentences, then words, then hard cuts. */
function pieces(block: string, max: number): string[] {
  if (block.length <= max) return [block];
  const out: string[] = [];
  for (const sentence of block.split(/(?<=[.!?])\s+/)) {
    if (sentence.length <= max) {
      out.push(sentence);
      continue;
    }
    let line = "";
    for (const word of sentence.split(/\s+/)) {
      for (let w = word; w.length > 0; w = w.slice(max)) {
        const part = w.slice(0, max);
        if (line === "") line = part;
        else if (line.length + 1 + part.length <= max) line += ` ${part}`;
        else {
          out.push(line);
          line = part;
        }
      }
    }
    if (line !== "") out.push(line);
  }
  return out;
}

/** The last `overlap` characters of `text`, starting at a word. */
function tail(text: string, overlap: number): string {
  if (overlap === 0) return "";
  const t = text.slice(-overlap);
  const space = t.indexOf(" ");
  return space < 0 || text.length <= overlap ? "" : t.slice(space + 1);
}

/**
 * Splits a document into chunks of at most `maxChars` characters. A Markdown heading
 * (`#` ... `######`) starts a new chunk and titles the chunks below it; blank lines
 * separate paragraphs, which are packed together while they fit; a longer paragraph is
 * split into sentences (then words). When a section is split, the next chunk repeats the
 * last `overlap` characters of the one before (from a word start), so a quote never loses
 * its context. An empty document has no chunks.
 * @example
 * ```ts
 * const chunks = chunkDocument("# Too expensive\nEvery ₹500 feeds a child for a month.", { maxChars: 600 });
 * // [{ index: 0, title: "Too expensive", text: "Too expensive\nEvery ₹500 feeds a child for a month." }]
 * ```
 */
export function chunkDocument(text: string, options: ChunkOptions = {}): DocumentChunk[] {
  if (typeof text !== "string") throw new ValidationError([{ path: "text", message: "must be a string", code: "invalid_type" }]);
  const { maxChars, overlap } = checkOptions(options);
  const chunks: DocumentChunk[] = [];
  let heading: string | undefined;
  let current = "";
  const flush = (): void => {
    const t = current.trim();
    if (t !== "") chunks.push({ index: chunks.length, title: shorten(heading ?? t, CHUNK_TITLE_MAX), text: t });
    current = "";
  };
  const add = (piece: string, split: boolean): void => {
    if (current === "") current = piece;
    else if (current.length + 2 + piece.length <= maxChars) current += `\n\n${piece}`;
    else {
      const carried = split ? tail(current, overlap) : "";
      flush();
      current = carried !== "" && carried.length + 1 + piece.length <= maxChars ? `${carried} ${piece}` : piece;
    }
  };
  const blocks = text.replace(/\r\n?/g, "\n").split(/\n\s*\n/);
  for (const raw of blocks) {
    const lines = raw.split("\n");
    let body: string[] = [];
    const emit = (): void => {
      const block = body.join("\n").trim();
      body = [];
      if (block === "") return;
      for (const p of pieces(block, maxChars)) add(p, true);
    };
    for (const line of lines) {
      const h = HEADING.exec(line);
      if (h === null) {
        body.push(line);
        continue;
      }
      emit();
      flush();
      heading = h[1]!;
      for (const p of pieces(heading, maxChars)) add(p, false);
    }
    emit();
  }
  flush();
  return chunks;
}
