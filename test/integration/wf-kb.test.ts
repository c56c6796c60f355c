/** Knowledge base (epic 10): a document uploaded, chunked, embedded into `kb`, quoted back by tag. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kbVectorId, KB_NAMESPACE, type ProjectScope } from "../../src/index.js";
import type { TestScope } from "../../src/testing/index.js";
import { repoScope } from "./repo-helpers.js";

let t: TestScope;
let other: TestScope;
let scope: ProjectScope;
beforeAll(async () => {
  [t, other] = await Promise.all([repoScope(), repoScope()]);
  scope = t.scope;
});
afterAll(async () => {
  await t?.cleanup();
  await other?.cleanup();
});

const OBJECTIONS = `# Objection: it is too expensive
Acknowledge it first. Then offer a smaller monthly gift: ₹500 a month feeds a child, and it is too expensive for nobody.

# Objection: I already give elsewhere
Thank them for giving at all. Ask what made them choose that cause, and how ours fits beside it.

# Objection: call me later
Ask for a day and time, and log a reschedule so the callback comes up on its own.

# Objection: I do not trust charities
Offer the audited annual report and a site visit; share the 80G receipt process.`;

const PITCH = `# Opening
Namaste! I am calling from the trust about the school library drive. It is not expensive to help: every rupee goes to books.`;

describe("knowledge base", () => {
  it("chunks a document into kb:{doc}:{n} vectors with titles and tags; top 3 snippets for a tag; a re-add creates nothing", async () => {
    const added = await scope.addKbDocument({ title: "Objection handling", content: OBJECTIONS, tags: ["Objections", "faq"] });
    expect(added).toMatchObject({ chunks: 4, created: true });
    expect(added.docId).toMatch(/^[0-9a-f-]{36}$/);
    const file = await scope.files.get(added.fileId);
    expect(file.metadata).toMatchObject({ doc_id: added.docId, project_id: scope.projectId, tags: ["faq", "objections"] });
    const v = await scope.vectors.get(kbVectorId(added.docId, 0), { namespace: KB_NAMESPACE });
    expect(v.vector_metadata).toMatchObject({
      project_id: scope.projectId, type: "kb_doc", doc_id: added.docId, file_id: added.fileId, title: "Objection: it is too expensive", tags: ["faq", "objections"], chunk: 0, source: "manual",
    });
    expect(typeof v.vector_metadata.created_at).toBe("string");
    await scope.addKbDocument({ title: "Pitch", content: PITCH, tags: ["pitch"] });

    const snippets = await scope.objectionSnippets("too expensive", { tag: "objections" });
    expect(snippets).toHaveLength(3);
    expect(snippets[0]).toMatchObject({ title: "Objection: it is too expensive", docId: added.docId, tags: ["faq", "objections"], chunk: 0 });
    expect(snippets[0]!.text).toContain("smaller monthly gift");
    expect(snippets.every((s) => s.tags.includes("objections") && s.title.length <= 60)).toBe(true);
    expect(snippets[0]!.score).toBeGreaterThanOrEqual(snippets[1]!.score);
    // without the tag the pitch (which also says "expensive") may come up; with "pitch" only it does
    const pitch = await scope.objectionSnippets("too expensive", { tag: "pitch" });
    expect(pitch.map((s) => s.title)).toEqual(["Opening"]);

    const before = (await scope.vectors.list({ namespace: KB_NAMESPACE, limit: 1000 }).toArray()).length;
    const files = (await scope.files.list({ limit: 1000 }).toArray()).length;
    const again = await scope.addKbDocument({ title: "Same text, other title", content: new TextEncoder().encode(OBJECTIONS), tags: ["objections"] });
    expect(again).toEqual({ ...added, created: false });
    expect((await scope.vectors.list({ namespace: KB_NAMESPACE, limit: 1000 }).toArray()).length).toBe(before);
    expect((await scope.files.list({ limit: 1000 }).toArray()).length).toBe(files);

    // another project never sees these chunks
    expect(await other.scope.objectionSnippets("too expensive")).toEqual([]);
  });

  it("removes a document's chunks and file", async () => {
    const doc = await scope.addKbDocument({ title: "Compliance", content: "# 80G\nReceipts under section 80G are sent within a week.", tags: ["compliance"] });
    expect(await scope.removeKbDocument(doc.docId)).toBe(1);
    expect(await scope.objectionSnippets("80G receipts", { tag: "compliance" })).toEqual([]);
    expect(await scope.removeKbDocument(doc.docId)).toBe(0);
  });

  it("bad input names the field", async () => {
    await expect(scope.addKbDocument({ title: "", content: "x" })).rejects.toMatchObject({ name: "ValidationError", issues: [{ path: "title" }] });
    await expect(scope.addKbDocument({ title: "Empty", content: "  \n " })).rejects.toMatchObject({ issues: [{ path: "content" }] });
    await expect(scope.objectionSnippets("x", { limit: 0 })).rejects.toMatchObject({ issues: [{ path: "limit" }] });
  });
});
