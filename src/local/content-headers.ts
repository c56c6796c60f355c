/**
 * Header values for stored files: the media-type rule a `content_type` must
 * meet, and a `Content-Disposition` that carries any file name. Pure.
 *
 * Node refuses to send a header value with CR, LF or characters above U+00FF,
 * so every value built here is printable ASCII, whatever the stored data.
 * @internal
 * @module
 */
import { MAX_CONTENT_TYPE_LENGTH } from "../contract/limits.js";

// RFC 9110 §8.3.1 and §5.6: media-type = type "/" subtype *( OWS ";" OWS [ token "=" ( token / quoted-string ) ] )
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const QUOTED = '"(?:[\\t !#-\\[\\]-~]|\\\\[\\t !-~])*"';
const MEDIA_TYPE_RE = new RegExp(`^${TOKEN}/${TOKEN}(?:[ \\t]*;[ \\t]*(?:${TOKEN}=(?:${TOKEN}|${QUOTED}))?)*$`);

/** True for a valid media type (`type/subtype` with optional parameters, ASCII only, no CR/LF). */
export function isMediaType(s: string): boolean {
  return s.length <= MAX_CONTENT_TYPE_LENGTH && MEDIA_TYPE_RE.test(s);
}

/** The stored content type when it is a valid media type, else `application/octet-stream` (rows stored before the rule). */
export function safeContentType(s: string): string {
  return isMediaType(s) ? s : "application/octet-stream";
}

const LONE_SURROGATE = /[\uD800-\uDFFF]/gu;

/**
 * `attachment` with an ASCII `filename` fallback and the exact name in
 * `filename*` (RFC 6266 §4.3, RFC 8187 encoding: UTF-8, percent-encoded
 * outside attr-char).
 */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  const encoded = encodeURIComponent(fileName.replace(LONE_SURROGATE, "\uFFFD")).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
