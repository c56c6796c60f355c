/**
 * scope.importContacts against the local server: header spellings and `columns`, a
 * bad-row report with line numbers, duplicates within the file and against the project,
 * tags, idempotent reruns, array and stream sources, progress, abort, dry run, storeSource.
 */
import { Readable } from "node:stream";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestScope, type TestScope } from "../../src/testing/index.js";
import type { ProjectScope } from "../../src/index.js";

let t: TestScope;
let scope: ProjectScope;
beforeAll(async () => {
  t = await createTestScope();
  scope = t.scope;
});
afterAll(async () => {
  await t?.cleanup();
});

async function counts(s: ProjectScope): Promise<{ contacts: number; identities: number; tags: number }> {
  return {
    contacts: (await s.rows("contacts").list({ limit: 1000 }).toArray()).length,
    identities: (await s.rows("contact_identities").list({ limit: 1000 }).toArray()).length,
    tags: (await s.rows("contact_tags").list({ limit: 1000 }).toArray()).length,
  };
}

const CSV = [
  "Full Name,Mobile,E-mail,Tags,relationship_strength,Donor Level",
  "Asha Rao,098765 43210,Asha.Rao@Example.org,VIP;donor,4,1L+",
  "Vikram Shah,+91 91234-56789;0091 99887 76655,,warm,,5k-25k",
  '"Iyer, Meena",919812345678,meena@example.in,,2,',
  ",98111 22233,,,,",
  "Bad Phone,12345,,,,",
  "Asha Again,+919876543210,,,,",
  "Too Strong,9822334455,,,9,",
].join("\n");

describe("importContacts", () => {
  it("maps header spellings and columns, reports bad rows by line, dedupes within the file, tags, and reruns create nothing", async () => {
    const { scope: s, cleanup } = await createTestScope();
    try {
      const first = await s.importContacts(CSV, { columns: { "Donor Level": "capacity_band" }, tags: ["Diwali 2026"] });
      expect(first).toMatchObject({ created: 3, updated: 0, unchanged: 0, skipped: 4, failed: 0, rows: 7, aborted: false });
      expect(first.issues.map((i) => [i.line, i.field, i.rule])).toEqual([
        [5, "display_name", "required"],
        [6, "phone", "invalid_phone"],
        [7, "phone", "duplicate_in_file"],
        [8, "relationship_strength", "too_big"],
      ]);
      expect(first.issues[2]!.message).toContain("line 2");

      const asha = await s.contactIdentities.findByValue("phone", "+919876543210");
      const contact = await s.contacts.get(asha!.contact_id);
      expect(contact).toMatchObject({ display_name: "Asha Rao", relationship_strength: 4, capacity_band: "1L+" });
      expect(await s.contactTags.forContact(contact.id)).toEqual(["diwali_2026", "donor", "vip"]);
      const ids = await s.contactIdentities.forContact(contact.id);
      expect(ids.map((i) => [i.type, i.value, i.is_primary]).sort()).toEqual([
        ["email", "asha.rao@example.org", true],
        ["phone", "+919876543210", true],
      ]);
      const vikram = await s.contactIdentities.findByValue("phone", "+919988776655");
      expect((await s.contactIdentities.forContact(vikram!.contact_id)).map((i) => i.value).sort()).toEqual(["+919123456789", "+919988776655"]);
      expect((await s.contacts.get(vikram!.contact_id)).capacity_band).toBe("5k-25k");
      expect((await s.contactIdentities.findByValue("email", "meena@example.in"))).toBeDefined();

      const before = await counts(s);
      expect(before).toEqual({ contacts: 3, identities: 6, tags: 6 });
      const again = await s.importContacts(CSV, { columns: { "donor level": "capacity_band" }, tags: ["Diwali 2026"] });
      expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3, skipped: 4 });
      expect(await counts(s)).toEqual(before);
    } finally {
      await cleanup();
    }
  });

  it("updates the existing contact a phone belongs to instead of creating another", async () => {
    const owner = await scope.contacts.create({ display_name: "Kiran Das" });
    await scope.contactIdentities.create({ contact_id: owner.id, type: "phone", value: "+919000011111", is_primary: true });
    const r = await scope.importContacts("name,phone,email,tags,notes\nKiran D.,90000 11111,kiran@example.org,renewal,met at gala\n");
    expect(r).toMatchObject({ created: 0, updated: 1, skipped: 0 });
    expect(r.contactIds).toEqual([owner.id]);
    const after = await scope.contacts.get(owner.id);
    expect(after).toMatchObject({ display_name: "Kiran D.", notes: "met at gala" });
    expect((await scope.contactIdentities.findByValue("email", "kiran@example.org"))?.contact_id).toBe(owner.id);
    expect(await scope.contactTags.forContact(owner.id)).toEqual(["renewal"]);
  });

  it("skips a row whose phone and email belong to two different contacts", async () => {
    const a = await scope.contacts.create({ display_name: "A" });
    const b = await scope.contacts.create({ display_name: "B" });
    await scope.contactIdentities.create({ contact_id: a.id, type: "phone", value: "+919000022222" });
    await scope.contactIdentities.create({ contact_id: b.id, type: "email", value: "b@example.org" });
    const r = await scope.importContacts([{ name: "AB", phone: "9000022222", email: "b@example.org" }]);
    expect(r).toMatchObject({ created: 0, updated: 0, skipped: 1 });
    expect(r.issues[0]).toMatchObject({ line: 1, rule: "identities_of_several_contacts" });
  });

  it("takes an array of objects (array values allowed) and a stream, reports monotone progress", async () => {
    const seen: number[] = [];
    const r = await scope.importContacts(
      [
        { "Display Name": "Arr One", "Phone Number": ["98100 00001", "98100 00002"], tags: "x" },
        { "Display Name": "Arr Two", "Phone Number": 9810000003 },
      ],
      { onProgress: (p) => seen.push(p.processed), concurrency: 2 },
    );
    expect(r).toMatchObject({ created: 2, skipped: 0 });
    expect(seen).toEqual([1, 2]);

    const text = "Name,Mobile\n" + Array.from({ length: 40 }, (_, i) => `Stream ${i},98200${String(i).padStart(5, "0")}`).join("\n") + "\n";
    const chunks = text.match(/[\s\S]{1,17}/g)!.map((c) => Buffer.from(c));
    const progress: { processed: number; total: number | undefined }[] = [];
    const s = await scope.importContacts(Readable.from(chunks), { onProgress: (p) => progress.push({ processed: p.processed, total: p.total }) });
    expect(s).toMatchObject({ created: 40, skipped: 0, rows: 40 });
    expect(progress.map((p) => p.processed)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(progress[0]!.total).toBeUndefined();
    expect(await scope.contactIdentities.findByValue("phone", "+919820000039")).toBeDefined();
  });

  it("reads a file path, and a web ReadableStream", async () => {
    const dir = mkdtempSync(join(tmpdir(), "imp-"));
    const file = join(dir, "c.csv");
    writeFileSync(file, "\uFEFFName;Mobile\nFile One;98300 00001\n");
    const r = await scope.importContacts({ path: file }, { delimiter: ";" });
    expect(r).toMatchObject({ created: 1, skipped: 0 });
    const web = new Blob(["name,phone\nWeb One,98300 00002\n"]).stream();
    expect(await scope.importContacts(web as unknown as AsyncIterable<Uint8Array>)).toMatchObject({ created: 1 });
  });

  it("aborts between rows and a rerun finishes the rest", async () => {
    const text = "name,phone\n" + Array.from({ length: 30 }, (_, i) => `Abort ${i},98400${String(i).padStart(5, "0")}`).join("\n");
    const ac = new AbortController();
    const r = await scope.importContacts(text, {
      signal: ac.signal,
      concurrency: 2,
      onProgress: (p) => {
        if (p.processed === 5) ac.abort();
      },
    });
    expect(r.aborted).toBe(true);
    expect(r.created).toBeGreaterThanOrEqual(5);
    expect(r.created).toBeLessThan(30);
    const rest = await scope.importContacts(text);
    expect(rest.created + r.created).toBe(30);
    expect(rest.unchanged).toBe(r.created);
  });

  it("dry run writes nothing; storeSource keeps the file with file_links", async () => {
    const { scope: s, cleanup } = await createTestScope();
    try {
      const text = "name,phone\nDry One,98500 00001\nDry Two,98500 00002\n";
      expect(await s.importContacts(text, { dryRun: true })).toMatchObject({ created: 2, dryRun: true });
      expect((await counts(s)).contacts).toBe(0);
      const r = await s.importContacts(text, { storeSource: { fileName: "donors.csv" } });
      expect(r.fileId).toBeTypeOf("string");
      const links = await s.fileLinks.list({ limit: 100 });
      expect(links.data.map((l) => l.entity_id).sort()).toEqual([...r.contactIds].sort());
      expect(new TextDecoder().decode((await s.files.download(r.fileId!)).bytes)).toBe(text);
    } finally {
      await cleanup();
    }
  });

  it("refuses a bad columns mapping before reading anything", async () => {
    await expect(scope.importContacts("a\n1", { columns: { a: "nope" as never } })).rejects.toThrow(/columns\.a/);
  });
});
