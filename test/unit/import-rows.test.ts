import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { loadPhoneNormalizer } from "../../src/repositories/contacts.js";
import { mapImportRow, resolveColumns } from "../../src/workflows/import-rows.js";

beforeAll(loadPhoneNormalizer);

const now = new Date("2026-12-01T00:00:00Z");

describe("resolveColumns", () => {
  it("knows the common header spellings, case-insensitively", () => {
    const { fields, ignored } = resolveColumns(["Name", "FULL NAME", "mobile", "Phone Number", "E-mail", "Tags", "relationship_strength", "Capacity Band", "City"]);
    expect(fields).toEqual({
      Name: "display_name",
      "FULL NAME": "display_name",
      mobile: "phone",
      "Phone Number": "phone",
      "E-mail": "email",
      Tags: "tags",
      relationship_strength: "relationship_strength",
      "Capacity Band": "capacity_band",
    });
    expect(ignored).toEqual(["City"]);
  });

  it("`columns` maps any header (case-insensitively) and can ignore a known one", () => {
    const { fields, ignored } = resolveColumns(["Donor", "Cell No", "Mobile"], { donor: "display_name", "CELL NO": "phone", Mobile: null });
    expect(fields).toEqual({ Donor: "display_name", "Cell No": "phone" });
    expect(ignored).toEqual(["Mobile"]);
  });

  it("refuses an unknown target field", () => {
    expect(() => resolveColumns([], { X: "nope" as never })).toThrow(/columns\.X/);
  });
});

describe("mapImportRow", () => {
  const fields = { name: "display_name", phone: "phone", email: "email", tags: "tags", strength: "relationship_strength" } as const;

  it("normalizes phones, emails and tags; splits on ;", () => {
    const r = mapImportRow({ name: " Asha ", phone: "098765 43210; +91 91234-56789;09876543210", email: "A@X.org", tags: "VIP; Intro Needed;vip", strength: "4" }, 2, { fields, now, tags: ["Gala"] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.contact).toEqual({ display_name: "Asha", relationship_strength: 4 });
    expect(r.value.identities.map((i) => i.value)).toEqual(["+919876543210", "+919123456789", "a@x.org"]);
    expect(r.value.tags).toEqual(["vip", "intro_needed", "gala"]);
  });

  it("reports every problem with line, field and rule", () => {
    const r = mapImportRow({ name: "", phone: "12345", email: "x@", strength: "9" }, 7, { fields, now });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.line, i.field, i.rule])).toEqual([
      [7, "display_name", "required"],
      [7, "phone", "invalid_phone"],
      [7, "email", "invalid_email"],
    ]);
    const s = mapImportRow({ name: "B", phone: "9876543210", strength: "9" }, 3, { fields, now });
    expect(!s.ok && s.issues.map((i) => [i.field, i.rule])).toEqual([["relationship_strength", "too_big"]]);
    const t = mapImportRow({ name: "C" }, 4, { fields, now });
    expect(!t.ok && t.issues.map((i) => i.rule)).toEqual(["identity_required"]);
  });

  it("any way of typing an Indian mobile maps to the same key (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom("6", "7", "8", "9"), fc.stringMatching(/^[0-9]{9}$/), fc.integer({ min: 0, max: 5 }), (lead, rest, form) => {
        const d = lead + rest;
        const typed = [d, `0${d}`, `+91 ${d.slice(0, 5)} ${d.slice(5)}`, `91${d}`, `0091-${d}`, `(+91) ${d.slice(0, 5)}-${d.slice(5)}`][form]!;
        const a = mapImportRow({ name: "X", phone: d }, 2, { fields, now });
        const b = mapImportRow({ name: "X", phone: typed }, 2, { fields, now });
        expect(b.ok).toBe(a.ok);
        if (a.ok && b.ok) expect(b.value.identities[0]!.value).toBe(a.value.identities[0]!.value);
      }),
      { numRuns: 200 },
    );
  });

  it("never throws on arbitrary cells and always reports the given line (property)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom("name", "phone", "email", "tags", "strength", "other"), fc.string()), fc.nat(), (rec, line) => {
        const r = mapImportRow(rec, line, { fields, now });
        if (r.ok) expect(r.value.line).toBe(line);
        else for (const i of r.issues) expect(i.line).toBe(line);
      }),
      { numRuns: 300 },
    );
  });
});
