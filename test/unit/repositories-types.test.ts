/** Compile-time guarantees of the repository types, and the factories' rows against the schema. */
import { describe, expect, expectTypeOf, it } from "vitest";
import type { Filter, ProjectScope, SortBy } from "../../src/index.js";
import { parseInsert, tables, type ContactRow, type TableName } from "../../src/schema/index.js";
import { createFactories, FACTORY_OF } from "../../src/testing/factories.js";

describe("Filter<Row>", () => {
  it("accepts the row's own fields with ZeroDB's operators and rejects unknown fields", () => {
    const ok: Filter<ContactRow> = { status: "active", relationship_strength: { $gte: 4 }, display_name: { $regex: "^A" }, deleted_at: null };
    expect(ok.status).toBe("active");
    // @ts-expect-error an unknown field is a compile error
    const bad: Filter<ContactRow> = { nickname: "x" };
    // @ts-expect-error a wrong value type is a compile error
    const wrong: Filter<ContactRow> = { relationship_strength: { $gte: "high" } };
    // @ts-expect-error an unknown operator is a compile error
    const op: Filter<ContactRow> = { status: { $like: "a%" } };
    // @ts-expect-error sort by an unknown field
    const sort: SortBy<ContactRow> = { nickname: 1 };
    void [bad, wrong, op, sort];
    expectTypeOf<Filter<ContactRow>>().toHaveProperty("display_name");
  });

  it("repositories return the table's row type and take typed filters", () => {
    type Contacts = ProjectScope["contacts"];
    expectTypeOf<Awaited<ReturnType<Contacts["get"]>>>().toEqualTypeOf<ContactRow>();
    const typed = (s: ProjectScope) => {
      void s.contacts.query({ filter: { status: "do_not_contact" }, sort: { last_contacted_at: -1 } });
      // @ts-expect-error scope.contacts.query rejects a field contacts do not have
      void s.contacts.query({ filter: { full_name: "x" } });
      // @ts-expect-error a status outside the enum
      void s.contacts.query({ filter: { status: "archived" } });
      // @ts-expect-error create refuses an unknown field
      void s.contacts.create({ display_name: "A", nickname: "a" });
      // @ts-expect-error update refuses an immutable field
      void s.contacts.update("id", { project_id: "p" });
    };
    void typed;
    expectTypeOf<Parameters<Contacts["query"]>[0]>().toEqualTypeOf<import("../../src/index.js").RepositoryQuery<ContactRow> | undefined>();
  });
});

describe("factories", () => {
  it("build rows valid by every table's insert schema, the same for the same seed", () => {
    const project = "0b9e5c1e-8f1e-4a57-9a53-0d5a4c1f3a11";
    const a = createFactories(project, { seed: 7 });
    const b = createFactories(project, { seed: 7 });
    for (const name of Object.keys(tables) as TableName[]) {
      const fa = (a as unknown as Record<string, () => Record<string, unknown>>)[FACTORY_OF[name]]!;
      const fb = (b as unknown as Record<string, () => Record<string, unknown>>)[FACTORY_OF[name]]!;
      const row = fa();
      const r = parseInsert(tables[name], row, { now: new Date() });
      expect(r.ok ? [] : r.issues, name).toEqual([]);
      expect(fb(), name).toEqual(row);
      expect(row.project_id).toBe(project);
    }
    expect(a.contact({ display_name: "Asha" }).display_name).toBe("Asha");
    expect(createFactories(project, { seed: 8 }).contact()).not.toEqual(createFactories(project, { seed: 7 }).contact());
  });
});
