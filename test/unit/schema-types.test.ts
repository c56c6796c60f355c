/**
 * Compile-time guarantees of the row types. `npm run typecheck` fails if a
 * `@ts-expect-error` below stops being an error; vitest's expectTypeOf checks the rest.
 */
import { describe, expectTypeOf, it } from "vitest";
import {
  parseInsert,
  tables,
  type Channel,
  type ContactInsert,
  type ContactRow,
  type ContactUpdate,
  type FollowupStatus,
  type Outcome,
  type PaymentRow,
} from "../../src/schema/index.js";

const id = "5b1f3a4e-2d6c-4b8a-9f0e-1c2d3e4f5a6b";

describe("schema types", () => {
  it("an insert needs the required fields, takes the optional ones, and rejects unknown fields at compile time", () => {
    const ok: ContactInsert = { id, project_id: id, display_name: "Asha" };
    const full: ContactInsert = { ...ok, status: "do_not_contact", relationship_strength: 4, notes: null };
    // @ts-expect-error: "favourite_colour" is not a field of contacts
    const unknown: ContactInsert = { id, project_id: id, display_name: "Asha", favourite_colour: "red" };
    // @ts-expect-error: display_name is required
    const missing: ContactInsert = { id, project_id: id };
    // @ts-expect-error: "deleted" is not a contact status
    const badEnum: ContactInsert = { ...ok, status: "deleted" };
    void [full, unknown, missing, badEnum];
    expectTypeOf<ContactInsert>().toHaveProperty("display_name").toEqualTypeOf<string>();
  });

  it("an update is partial and cannot name id, project_id or created_at", () => {
    const u: ContactUpdate = { notes: null };
    // @ts-expect-error: id cannot be changed
    const badId: ContactUpdate = { id };
    // @ts-expect-error: created_at cannot be changed
    const badCreated: ContactUpdate = { created_at: "2026-01-09T10:00:00.000Z" };
    void [u, badId, badCreated];
    expectTypeOf<ContactUpdate>().not.toHaveProperty("project_id");
  });

  it("a row has the data model's fields with defaults filled and enums as unions", () => {
    expectTypeOf<ContactRow["status"]>().toEqualTypeOf<"active" | "inactive" | "do_not_contact">();
    expectTypeOf<ContactRow["relationship_strength"]>().toEqualTypeOf<number>();
    expectTypeOf<ContactRow["created_at"]>().toEqualTypeOf<string>();
    expectTypeOf<ContactRow["notes"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<PaymentRow["amount"]>().toEqualTypeOf<number>();
    expectTypeOf<Channel>().toEqualTypeOf<"whatsapp" | "call" | "email" | "sms">();
    expectTypeOf<FollowupStatus>().toEqualTypeOf<"due" | "scheduled" | "done" | "cancelled">();
    expectTypeOf<Outcome>().toExtend<string>();
    // @ts-expect-error: rows have no field the data model does not name
    type Typo = ContactRow["dispaly_name"];
    expectTypeOf<Typo>().toBeAny();
  });

  it("parseInsert returns the table's row type", () => {
    const r = parseInsert(tables.contacts, {}, { now: new Date() });
    if (r.ok) expectTypeOf(r.value).toEqualTypeOf<ContactRow>();
  });
});
