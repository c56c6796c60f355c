import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cosine, lexicalEmbed, lexicalEmbedder, resolveEmbedder, tokenize } from "../../src/local/embedder.js";

const words = fc.array(fc.stringMatching(/^[a-z]{2,9}$/), { minLength: 1, maxLength: 12 });
const norm = (v: number[]): number => Math.hypot(...v);

describe("lexical embedder", () => {
  it("is deterministic and yields 384-dim unit vectors for any text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (t) => {
        const a = lexicalEmbed(t);
        expect(a).toHaveLength(384);
        expect(norm(a)).toBeCloseTo(1, 9);
        expect(lexicalEmbed(t)).toEqual(a);
      }),
    );
  });

  it("ignores case and punctuation", () => {
    fc.assert(
      fc.property(words, (ws) => {
        const t = ws.join(" ");
        expect(cosine(lexicalEmbed(t), lexicalEmbed(`${t.toUpperCase()}!?`))).toBeCloseTo(1, 9);
      }),
    );
  });

  it("ranks a text sharing words above one sharing none", () => {
    fc.assert(
      fc.property(words, words, (a, b) => {
        const shared = new Set(a);
        const disjoint = b.map((w) => `${w}zq`).filter((w) => !shared.has(w));
        fc.pre(disjoint.length > 0);
        const q = lexicalEmbed(a.join(" "));
        const same = lexicalEmbed(`${a.join(" ")} ${disjoint.join(" ")}`);
        const other = lexicalEmbed(disjoint.join(" "));
        expect(cosine(q, same)).toBeGreaterThan(cosine(q, other));
      }),
    );
  });

  it("keeps word order in bigrams: reordering lowers similarity below 1 but stays high", () => {
    const a = lexicalEmbed("asha pledged five thousand at the gala");
    const b = lexicalEmbed("the gala at thousand five pledged asha");
    expect(cosine(a, b)).toBeLessThan(0.999);
    expect(cosine(a, b)).toBeGreaterThan(0.6);
  });

  it("tokenizes Unicode letters and strips simple plurals", () => {
    expect(tokenize("Pledges, नमस्ते & CAFÉ 42")).toEqual(["pledge", "नमस्ते", "café", "42"]);
  });

  it("serves only the 384-dim default model and wraps bare functions", async () => {
    expect(lexicalEmbedder.models).toEqual([{ name: "BAAI/bge-small-en-v1.5", dimensions: 384 }]);
    expect(await lexicalEmbedder.embed(["a"], "BAAI/bge-small-en-v1.5")).toEqual([lexicalEmbed("a")]);
    const fn = async (texts: string[]): Promise<number[][]> => texts.map(() => Array(384).fill(0.1));
    const e = resolveEmbedder(fn);
    expect(e.models[0]!.dimensions).toBe(384);
    expect(await e.embed(["x"], "BAAI/bge-small-en-v1.5")).toHaveLength(1);
    expect(resolveEmbedder()).toBe(lexicalEmbedder);
  });
});
