import { describe, expect, it } from "vitest";
import {
  IMMUTABLE_FIELDS,
  parseInsert,
  parseRow,
  parseUpdate,
  SCHEMA_VERSION,
  tables,
  type AnyTable,
  type TableName,
} from "../../src/schema/index.js";
import { minimalInsert } from "./schema-fixtures.js";

const NOW = new Date("2026-01-09T10:00:00.000Z");
const names = Object.keys(tables) as TableName[];
const ok = (t: AnyTable, input: unknown) => parseInsert(t, input, { now: NOW });
const paths = (r: { ok: boolean; issues?: { path: string }[] }) => (r.ok ? [] : r.issues!.map((i) => i.path));

describe("schema registry", () => {
  it("holds every table of the data model, the optional audit table and schema_versions, keyed by its name", () => {
    expect(names).toEqual([
      "users", "teams", "team_members", "contacts", "contact_identities", "contact_tags", "campaigns", "campaign_goals",
      "sessions", "interactions", "pledges", "payments", "followups", "provider_usage", "file_links",
      "messages_inbound_outbound", "schema_versions",
    ]);
    for (const n of names) expect(tables[n].name).toBe(n);
    expect(Number.isInteger(SCHEMA_VERSION) && SCHEMA_VERSION >= 1).toBe(true);
  });

  it("keeps the data model's field names and order as the CSV columns", () => {
    expect(tables.contacts.columns).toEqual([
      "id", "project_id", "display_name", "primary_channel", "relationship_strength", "capacity_band", "status",
      "last_contacted_at", "next_suggested_at", "notes", "created_at", "updated_at", "deleted_at",
    ]);
    expect(tables.payments.columns).toEqual([
      "id", "project_id", "campaign_id", "contact_id", "pledge_id", "interaction_id", "currency", "amount", "paid_at",
      "method", "reference", "status", "notes",
    ]);
    for (const n of names) {
      expect(tables[n].columns.slice(0, 2)).toEqual(["id", "project_id"]);
      expect(Object.keys(tables[n].createSchema.fields)).toEqual(tables[n].columns);
    }
  });

  it("gives every table a unique index on id and each natural-key table a unique index on its key", () => {
    const unique = (n: TableName) => tables[n].createSchema.indexes.filter((i) => i.unique).map((i) => i.fields);
    for (const n of names) expect(unique(n)).toContainEqual(["id"]);
    expect(unique("contact_identities")).toContainEqual(["project_id", "type", "value"]);
    expect(unique("contact_tags")).toContainEqual(["contact_id", "tag"]);
    expect(unique("team_members")).toContainEqual(["team_id", "user_id"]);
    expect(unique("campaign_goals")).toContainEqual(["campaign_id", "date"]);
    expect(unique("contacts")).toEqual([["id"]]);
  });

  it("declares the data model's indexes and an enum for every CHECK-constrained field", () => {
    const idx = (n: TableName) => tables[n].createSchema.indexes.map((i) => i.fields);
    expect(idx("followups")).toEqual(expect.arrayContaining([["project_id", "status", "due_at"], ["project_id", "assigned_to_user_id", "due_at"]]));
    expect(idx("contacts")).toEqual(expect.arrayContaining([["project_id", "status"], ["project_id", "next_suggested_at"]]));
    expect(tables.interactions.createSchema.fields.outcome).toEqual({
      type: "text",
      required: true,
      enum: ["no_response", "spoke", "pledged", "paid", "declined", "reschedule", "wrong_number", "do_not_contact"],
    });
    expect(tables.payments.createSchema.fields.amount?.type).toBe("numeric(12,2)");
    expect(tables.contacts.createSchema.fields.status).toMatchObject({ default: "active", enum: ["active", "inactive", "do_not_contact"] });
    // plain JSON: survives the wire unchanged
    for (const n of names) expect(JSON.parse(JSON.stringify(tables[n].createSchema))).toEqual(tables[n].createSchema);
  });
});

describe.each(names)("%s validators", (name) => {
  const t = tables[name];

  it("accept a minimal valid insert and fill the defaults and now-fields", () => {
    const r = ok(t, minimalInsert(name));
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    for (const f of t.nowFields) expect(r.value[f]).toBe(NOW.toISOString());
    for (const [f, def] of Object.entries(t.fields)) if (def.spec.default !== undefined && def.spec.default !== "now()") expect(r.value[f]).toEqual(def.spec.default);
  });

  it("reject an unknown field on insert and update, naming it", () => {
    expect(paths(ok(t, { ...minimalInsert(name), favourite_colour: "red" }))).toEqual(["favourite_colour"]);
    expect(paths(parseUpdate(t, { favourite_colour: "red" }))).toEqual(["favourite_colour"]);
  });

  it("forbid changing id, project_id and created_at in an update", () => {
    for (const f of IMMUTABLE_FIELDS) {
      const r = parseUpdate(t, { [f]: f === "created_at" ? NOW.toISOString() : crypto.randomUUID() });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.issues).toEqual([{ path: f, code: "immutable_field", message: "cannot be changed by an update" }]);
    }
    expect(parseUpdate(t, {}).ok).toBe(true);
  });

  it("reject a missing required field and a non-UUID id", () => {
    const { project_id: _, ...rest } = minimalInsert(name);
    expect(paths(ok(t, rest))).toContain("project_id");
    expect(paths(ok(t, { ...minimalInsert(name), id: "42" }))).toContain("id");
  });

  it("keep unknown fields of a row read back", () => {
    const r = ok(t, minimalInsert(name));
    if (!r.ok) throw new Error("fixture invalid");
    const back = parseRow(t, { ...r.value, added_by_a_newer_client: 1 });
    expect(back).toEqual({ ok: true, value: { ...r.value, added_by_a_newer_client: 1 } });
  });
});

describe("field rules", () => {
  const contact = () => minimalInsert("contacts");

  it("contacts: defaults, display_name required non-empty, relationship_strength an integer 1..5", () => {
    const r = ok(tables.contacts, contact());
    expect(r.ok && [r.value.status, r.value.primary_channel, r.value.relationship_strength]).toEqual(["active", "whatsapp", 3]);
    for (const display_name of ["", "   "]) expect(paths(ok(tables.contacts, { ...contact(), display_name }))).toEqual(["display_name"]);
    for (const s of [0, 6, 2.5, "3"]) expect(paths(ok(tables.contacts, { ...contact(), relationship_strength: s }))).toEqual(["relationship_strength"]);
    for (const s of [1, 5]) expect(ok(tables.contacts, { ...contact(), relationship_strength: s }).ok).toBe(true);
    expect(paths(ok(tables.contacts, { ...contact(), status: "deleted" }))).toEqual(["status"]);
  });

  it("money: >= 0 with at most two decimals on insert; decimal strings normalized to numbers on read", () => {
    const pay = (amount: unknown) => ok(tables.payments, { ...minimalInsert("payments"), amount });
    for (const bad of [10.005, Number.NaN, Infinity, -1, 0, 1e13, "10.50"]) expect(paths(pay(bad)), String(bad)).toEqual(["amount"]);
    for (const good of [0.01, 10.5, 9_999_999_999.99]) expect(pay(good).ok).toBe(true);
    const row = { ...(ok(tables.payments, minimalInsert("payments")) as { value: object }).value, amount: "10.50" };
    expect(parseRow(tables.payments, row)).toMatchObject({ ok: true, value: { amount: 10.5 } });
    expect(parseRow(tables.payments, { ...row, amount: "10.505" }).ok).toBe(false);
    expect(ok(tables.campaign_goals, { ...minimalInsert("campaign_goals"), target_amount: 0 }).ok).toBe(true);
  });

  it("timestamps are ISO-8601 UTC; dates are YYYY-MM-DD", () => {
    const f = (due_at: string) => ok(tables.followups, { ...minimalInsert("followups"), due_at });
    for (const bad of ["2026-01-10 10:00", "2026-01-10T10:00:00+05:30", "tomorrow"]) expect(paths(f(bad))).toEqual(["due_at"]);
    expect(f("2026-01-10T10:00:00Z").ok).toBe(true);
    expect(paths(ok(tables.campaign_goals, { ...minimalInsert("campaign_goals"), date: "09/01/2026" }))).toEqual(["date"]);
  });

  it("contact identities: a phone is E.164, an email normalized, and only a phone is WhatsApp-capable", () => {
    const id = (o: object) => ok(tables.contact_identities, { ...minimalInsert("contact_identities"), ...o });
    expect(paths(id({ value: "98765 43210" }))).toEqual(["value"]);
    expect(paths(id({ type: "email", value: "Asha@Example.org" }))).toEqual(["value"]);
    expect(id({ type: "email", value: "asha@example.org" }).ok).toBe(true);
    expect(paths(id({ type: "email", value: "asha@example.org", is_whatsapp_capable: true }))).toEqual(["is_whatsapp_capable"]);
    expect(id({ is_whatsapp_capable: true, is_primary: true }).ok).toBe(true);
  });

  it("single-row invariants: tags normalized, campaign dates ordered, sessions ordered, done followups completed, pledges > 0", () => {
    expect(paths(ok(tables.contact_tags, { ...minimalInsert("contact_tags"), tag: "VIP" }))).toEqual(["tag"]);
    expect(paths(ok(tables.campaigns, { ...minimalInsert("campaigns"), start_date: "2026-02-01", end_date: "2026-01-31" }))).toEqual(["end_date"]);
    expect(ok(tables.campaigns, { ...minimalInsert("campaigns"), start_date: "2026-02-01", end_date: "2026-02-01" }).ok).toBe(true);
    expect(paths(ok(tables.sessions, { ...minimalInsert("sessions"), started_at: "2026-01-09T10:00:00.000Z", closed_at: "2026-01-09T09:00:00.000Z" }))).toEqual(["closed_at"]);
    // started_at is filled with now, after the close given here
    expect(paths(ok(tables.sessions, { ...minimalInsert("sessions"), closed_at: "2026-01-01T00:00:00.000Z" }))).toEqual(["closed_at"]);
    expect(paths(ok(tables.followups, { ...minimalInsert("followups"), status: "done" }))).toEqual(["completed_at"]);
    expect(ok(tables.followups, { ...minimalInsert("followups"), status: "done", completed_at: NOW.toISOString() }).ok).toBe(true);
    expect(paths(ok(tables.pledges, { ...minimalInsert("pledges"), amount: 0 }))).toEqual(["amount"]);
    expect(paths(ok(tables.provider_usage, { ...minimalInsert("provider_usage"), iterations: 0 }))).toEqual(["iterations"]);
  });

  it("insert leaves null optional fields out (a JSON null would collide in a unique index) and keeps given now-fields", () => {
    const r = ok(tables.users, { ...minimalInsert("users"), email: null, created_at: "2025-12-31T00:00:00.000Z" });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect("email" in r.value).toBe(false);
      expect(r.value.created_at).toBe("2025-12-31T00:00:00.000Z");
    }
  });

  it("update is partial: clears an optional field with null, never sets a required one to null, applies no defaults", () => {
    expect(parseUpdate(tables.contacts, { notes: null })).toEqual({ ok: true, value: { notes: null } });
    expect(parseUpdate(tables.contacts, { relationship_strength: 5 })).toEqual({ ok: true, value: { relationship_strength: 5 } });
    expect(paths(parseUpdate(tables.contacts, { display_name: null }))).toEqual(["display_name"]);
    expect(paths(parseUpdate(tables.contacts, { relationship_strength: 9 }))).toEqual(["relationship_strength"]);
  });

  it("a row read back without a defaulted field gets the default; one without a required field is rejected", () => {
    const { status: _, ...row } = (ok(tables.contacts, contact()) as { value: Record<string, unknown> }).value;
    expect(parseRow(tables.contacts, row)).toMatchObject({ ok: true, value: { status: "active" } });
    const { display_name: __, ...noName } = row;
    expect(paths(parseRow(tables.contacts, noName))).toEqual(["display_name"]);
  });
});
