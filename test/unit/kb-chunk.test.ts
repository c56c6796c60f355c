import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chunkDocument, CHUNK_TITLE_MAX } from "../../src/workflows/kb-chunk.js";

const squash = (s: string) => s.replace(/\s+/g, "");

describe("chunkDocument", () => {
  it("starts a chunk at each heading and titles it with the heading", () => {
    const chunks = chunkDocument("# Too expensive\nOffer a monthly gift.\n\n## Call me later\nAsk for a day and time.");
    expect(chunks).toEqual([
      { index: 0, title: "Too expensive", text: "Too expensive\n\nOffer a monthly gift." },
      { index: 1, title: "Call me later", text: "Call me later\n\nAsk for a day and time." },
    ]);
  });

  it("titles a chunk without heading by its first words, at most 60 characters, cut at a word", () => {
    const [c] = chunkDocument("Every donor deserves a thank-you within a day of their gift, by name, with the amount and the receipt number.");
    expect(c!.title).toBe("Every donor deserves a thank-you within a day of their…");
    expect(c!.title.length).toBeLessThanOrEqual(CHUNK_TITLE_MAX);
  });

  it("splits a long section on sentences and repeats the overlap from a word start", () => {
    const sentence = (i: number) => `Sentence number ${i} explains one more point about the pledge drive.`;
    const text = `# Long\n${Array.from({ length: 30 }, (_, i) => sentence(i)).join(" ")}`;
    const chunks = chunkDocument(text, { maxChars: 200, overlap: 40 });
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.every((c) => c.title === "Long" && c.text.length <= 200)).toBe(true);
    const prev = chunks[1]!.text;
    expect(prev.endsWith(chunks[2]!.text.slice(0, chunks[2]!.text.indexOf("Sentence")).trim())).toBe(true);
  });

  it("empty text has no chunks; bad options name the option", () => {
    expect(chunkDocument(" \n\n ")).toEqual([]);
    expect(() => chunkDocument("x", { maxChars: 50 })).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path: "options.maxChars" })] }));
    expect(() => chunkDocument("x", { maxChars: 200, overlap: 150 })).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path: "options.overlap" })] }));
  });

  const word = fc.stringMatching(/^[a-zA-Z₹0-9,.!?']{1,40}$/);
  const line = fc.oneof(
    fc.array(word, { minLength: 1, maxLength: 40 }).map((ws) => ws.join(" ")),
    word.map((w) => `# ${w}`),
    fc.constant(""),
  );
  const doc = fc.array(line, { maxLength: 40 }).map((ls) => ls.join("\n"));

  it("property: no chunk is empty or longer than maxChars, titles fit, indexes count up", () => {
    fc.assert(
      fc.property(doc, fc.integer({ min: 100, max: 800 }), fc.integer({ min: 0, max: 50 }), (text, maxChars, overlap) => {
        const chunks = chunkDocument(text, { maxChars, overlap });
        chunks.forEach((c, i) => {
          expect(c.index).toBe(i);
          expect(c.text.trim()).not.toBe("");
          expect(c.text.length).toBeLessThanOrEqual(maxChars);
          expect(c.title.length).toBeLessThanOrEqual(CHUNK_TITLE_MAX);
        });
      }),
      { numRuns: 500 },
    );
  });

  it("property: without overlap the chunks hold every character of the text once, in order (headings without #)", () => {
    fc.assert(
      fc.property(doc, fc.integer({ min: 100, max: 800 }), (text, maxChars) => {
        const chunks = chunkDocument(text, { maxChars, overlap: 0 });
        const expected = squash(text.split("\n").map((l) => l.replace(/^#{1,6}\s+/, "")).join("\n"));
        expect(chunks.map((c) => squash(c.text)).join("")).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});
