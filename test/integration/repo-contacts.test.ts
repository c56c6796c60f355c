/** Contacts, identities and tags repositories against the local server. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { createClient, isErrorOf, type ProjectScope } from "../../src/index.js";
import type { TestScope } from "../../src/testing/index.js";
import { repoScope } from "./repo-helpers.js";

let t: TestScope;
let scope: ProjectScope;
beforeAll(async () => {
  t = await repoScope();
  scope = t.scope;
});
afterAll(() => t?.cleanup());

describe("scope.contacts", () => {
  it("queryIn asks in $in lists of at most 500 values and gathers the rows of every chunk", async () => {
    const [a, b] = await Promise.all([scope.contacts.create({ display_name: "In One" }), scope.contacts.create({ display_name: "In Two" })]);
    const ids = Array.from({ length: 2_500 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
    ids[10] = a.id;
    ids[2_400] = b.id;
    const sizes: number[] = [];
    const counting = createClient({
      apiKey: inject("zerodbApiKey"),
      baseUrl: inject("zerodbUrl"),
      hooks: {
        beforeRequest: [
          async ({ request }: { request: Request }) => {
            const body = (await request.clone().json()) as { filter?: { id?: { $in?: unknown[] } } };
            sizes.push(body.filter?.id?.$in?.length ?? -1);
          },
        ],
      },
    }).project(scope.projectId);
    const found = await counting.contacts.queryIn("id", ids);
    expect(found.map((c) => c.display_name).sort()).toEqual(["In One", "In Two"]);
    expect(sizes).toEqual([500, 500, 500, 500, 500]);
  });

  it("creates with defaults, validates before any request, and finds by id (never row_id)", async () => {
    const c = await scope.contacts.create({ display_name: "Asha Rao" });
    expect(c).toMatchObject({ display_name: "Asha Rao", status: "active", relationship_strength: 3, primary_channel: "whatsapp", project_id: scope.projectId });
    expect((await scope.contacts.get(c.id)).display_name).toBe("Asha Rao");

    let requests = 0;
    const counting = createClient({
      apiKey: inject("zerodbApiKey"),
      baseUrl: inject("zerodbUrl"),
      fetch: ((i: string | URL | Request, init?: RequestInit) => (requests++, fetch(i, init))) as typeof fetch,
    }).project(scope.projectId);
    await expect(counting.contacts.create({ display_name: "" })).rejects.toSatisfy((e) => isErrorOf(e, "ValidationError"));
    await expect(counting.contacts.create({ display_name: "X", relationship_strength: 9 })).rejects.toThrow(/relationship_strength/);
    await expect(counting.contacts.create({ display_name: "X", nickname: "x" } as never)).rejects.toThrow(/nickname/);
    await expect(counting.contacts.update(c.id, { id: "other" } as never)).rejects.toSatisfy((e) => isErrorOf(e, "ValidationError"));
    expect(requests).toBe(0);
  });

  it("update sets updated_at, and null clears a field by removing the key", async () => {
    const c = await scope.contacts.create({ display_name: "Ravi", notes: "met at gala", capacity_band: "1L+" });
    await new Promise((r) => setTimeout(r, 5));
    const u = await scope.contacts.update(c.id, { notes: null, relationship_strength: 5 });
    expect(u.relationship_strength).toBe(5);
    expect("notes" in u).toBe(false);
    expect(u.capacity_band).toBe("1L+");
    expect(Date.parse(u.updated_at)).toBeGreaterThan(Date.parse(c.updated_at));
    const raw = await scope.rows("contacts").query({ filter: { id: c.id } });
    expect(raw.data[0]!.row_data).not.toHaveProperty("notes");
  });

  it("delete is soft (hidden from list and query, still readable), restore brings it back", async () => {
    const c = await scope.contacts.create({ display_name: "Soft Delete" });
    await scope.contacts.delete(c.id);
    expect((await scope.contacts.get(c.id)).deleted_at).toBeDefined();
    expect((await scope.contacts.query({ filter: { display_name: "Soft Delete" } })).data).toEqual([]);
    expect((await scope.contacts.query({ filter: { display_name: "Soft Delete" }, includeDeleted: true })).data).toHaveLength(1);
    const back = await scope.contacts.restore(c.id);
    expect("deleted_at" in back).toBe(false);
    expect((await scope.contacts.query({ filter: { display_name: "Soft Delete" } })).data).toHaveLength(1);
  });

  it("pages with await and iterates every row with for await", async () => {
    for (let i = 0; i < 7; i++) await scope.contacts.create({ display_name: `Page ${i}`, capacity_band: "paging" });
    const first = await scope.contacts.query({ filter: { capacity_band: "paging" }, sort: { display_name: 1 }, limit: 3 });
    expect(first.data.map((c) => c.display_name)).toEqual(["Page 0", "Page 1", "Page 2"]);
    const all = [];
    for await (const c of scope.contacts.query({ filter: { capacity_band: "paging" }, limit: 3 })) all.push(c.display_name);
    expect(all.sort()).toHaveLength(7);
    const everyone = [];
    for await (const c of scope.contacts) everyone.push(c.id);
    expect(everyone.length).toBeGreaterThanOrEqual(7);
  });
});

describe("scope.contactIdentities", () => {
  it("normalizes phones to E.164 (raw input, country, line type recorded) and emails to lower case", async () => {
    const c = await scope.contacts.create({ display_name: "Meera" });
    const phone = await scope.contactIdentities.create({ contact_id: c.id, type: "phone", value: "098765-43210", is_primary: true, is_whatsapp_capable: true });
    expect(phone).toMatchObject({ value: "+919876543210", raw_value: "098765-43210", country: "IN", is_valid: true, line_type: "mobile", is_primary: true });
    const email = await scope.contactIdentities.create({ contact_id: c.id, type: "email", value: "  Meera.Iyer@Example.ORG " });
    expect(email.value).toBe("meera.iyer@example.org");
    const us = await scope.contactIdentities.create({ contact_id: c.id, type: "phone", value: "415 555 2671" }, { defaultCountry: "US" });
    expect(us.value).toBe("+14155552671");
    await expect(scope.contactIdentities.create({ contact_id: c.id, type: "phone", value: "12345" })).rejects.toThrow(/invalid phone number/);
    await expect(scope.contactIdentities.create({ contact_id: c.id, type: "email", value: "not-an-email" })).rejects.toSatisfy((e) => isErrorOf(e, "ValidationError"));
    // a fixed line cannot be WhatsApp-capable
    await expect(scope.contactIdentities.create({ contact_id: c.id, type: "phone", value: "(022) 2345 6789", is_whatsapp_capable: true })).rejects.toMatchObject({
      rule: "whatsapp_needs_mobile",
    });
    expect((await scope.contactIdentities.findByValue("phone", "+91 98765 43210"))?.contact_id).toBe(c.id);
  });

  it("a number owned by another contact is a DuplicateError naming the owner; the same add twice is idempotent", async () => {
    const owner = await scope.contacts.create({ display_name: "Owner" });
    const other = await scope.contacts.create({ display_name: "Other" });
    const first = await scope.contactIdentities.create({ contact_id: owner.id, type: "phone", value: "+91 91234 56789" });
    expect((await scope.contactIdentities.create({ contact_id: owner.id, type: "phone", value: "09123456789" })).id).toBe(first.id);
    const err = await scope.contactIdentities.create({ contact_id: other.id, type: "phone", value: "91234 56789" }).catch((e: unknown) => e);
    expect(isErrorOf(err, "DuplicateError")).toBe(true);
    expect(err).toMatchObject({ rule: "unique_type_value", contactId: owner.id, existingId: first.id, table: "contact_identities" });
    expect(await scope.contactIdentities.forContact(other.id)).toEqual([]);
  });

  it("one primary per contact and type; setPrimary switches it", async () => {
    const c = await scope.contacts.create({ display_name: "Two phones" });
    const a = await scope.contactIdentities.create({ contact_id: c.id, type: "phone", value: "+919811111111", is_primary: true });
    const b = await scope.contactIdentities.create({ contact_id: c.id, type: "phone", value: "+919822222222" });
    await expect(scope.contactIdentities.create({ contact_id: c.id, type: "phone", value: "+919833333333", is_primary: true })).rejects.toMatchObject({
      name: "InvariantError",
      rule: "one_primary_per_type",
      field: "is_primary",
    });
    await expect(scope.contactIdentities.update(b.id, { is_primary: true })).rejects.toMatchObject({ rule: "one_primary_per_type" });
    // a primary email does not clash with a primary phone
    await scope.contactIdentities.create({ contact_id: c.id, type: "email", value: "two@example.org", is_primary: true });
    await scope.contactIdentities.setPrimary(b.id);
    const primaries = (await scope.contactIdentities.forContact(c.id)).filter((i) => i.type === "phone" && i.is_primary);
    expect(primaries.map((i) => i.id)).toEqual([b.id]);
    expect((await scope.contactIdentities.get(a.id)).is_primary).toBe(false);
    await expect(scope.contactIdentities.update(a.id, { value: "+919844444444" })).rejects.toMatchObject({ rule: "natural_key_immutable" });
  });
});

describe("scope.contactTags", () => {
  it("add and remove are idempotent and normalize the tag", async () => {
    const c = await scope.contacts.create({ display_name: "Tagged" });
    const one = await scope.contactTags.add(c.id, " VIP ");
    const two = await scope.contactTags.add(c.id, "vip");
    expect(two.id).toBe(one.id);
    await scope.contactTags.add(c.id, "Intro Needed");
    expect(await scope.contactTags.forContact(c.id)).toEqual(["intro_needed", "vip"]);
    expect(await scope.contactTags.remove(c.id, "VIP")).toBe(true);
    expect(await scope.contactTags.remove(c.id, "vip")).toBe(false);
    expect(await scope.contactTags.forContact(c.id)).toEqual(["intro_needed"]);
    const raw = await scope.rows("contact_tags").query({ filter: { contact_id: c.id } });
    expect(raw.data).toHaveLength(1);
  });
});
