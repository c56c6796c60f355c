import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contentDisposition, isMediaType, safeContentType } from "../../src/local/content-headers.js";

/** The file name a client recovers from `filename*` (RFC 8187: UTF-8, percent-encoded). */
const decodeExtValue = (header: string): string => {
  const m = /filename\*=UTF-8''([^;\s]*)/.exec(header);
  if (m === null) throw new Error(`no filename* in ${header}`);
  return decodeURIComponent(m[1]!);
};

describe("content headers", () => {
  it("Content-Disposition is a valid header value for any name, and filename* carries the name exactly", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (name) => {
        const h = contentDisposition(name);
        expect(() => new Headers({ "Content-Disposition": h })).not.toThrow();
        expect(h).toMatch(/^[\x20-\x7e]*$/);
        expect(decodeExtValue(h)).toBe(name);
      }),
    );
    const h = contentDisposition('報告 "Q1"\r\n.txt');
    expect(h).toMatch(/^attachment; filename="[^"\r\n]*"; filename\*=UTF-8''/);
    expect(decodeExtValue(h)).toBe('報告 "Q1"\r\n.txt');
  });

  it("accepts media types and refuses CRLF, non-ASCII and malformed ones", () => {
    for (const t of ["text/plain", "application/pdf", "text/plain; charset=utf-8", 'multipart/mixed; boundary="a b;c"', "application/vnd.ms-excel", "image/svg+xml", "text/plain;"]) {
      expect(isMediaType(t), t).toBe(true);
    }
    for (const t of ["text/plain\r\nX-Evil: 1", "téxt/plain", "text/plain; name=é", "text", "/plain", "text/", "text /plain", "", `text/${"a".repeat(300)}`, "text/plain; charset"]) {
      expect(isMediaType(t), t).toBe(false);
    }
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 30 }), (s) => {
      if (isMediaType(s)) expect(() => new Headers({ "Content-Type": s })).not.toThrow();
      expect(() => new Headers({ "Content-Type": safeContentType(s) })).not.toThrow();
    }));
  });
});
