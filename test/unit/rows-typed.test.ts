import nock from "nock";
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import * as zm from "zod/mini";
import { ResponseValidationError, ValidationError, type Row } from "../../src/index.js";
import { BASE, makeScope, PID, useNock } from "./helpers.js";

useNock();

const prefix = `/v1/public/${PID}`;
const path = `${prefix}/database/tables/contacts/rows`;
const Contact = z.object({ id: z.string(), full_name: z.string().min(1), city: z.string().default("Pune") });
const ContactMini = zm.object({ id: zm.string(), full_name: zm.string().check(zm.minLength(1)) });

async function rejection(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

describe("scope.rows(name, { schema })", () => {
  it("types rows from the schema and sends the schema's output (defaults applied)", async () => {
    const contacts = makeScope().rows("contacts", { schema: Contact });
    nock(BASE)
      .post(path, { row_data: { id: "c-1", full_name: "Asha", city: "Pune" } })
      .reply(201, { row_id: "r-1", row_data: { id: "c-1", full_name: "Asha", city: "Pune" } });
    const row = await contacts.insert({ id: "c-1", full_name: "Asha" } as z.output<typeof Contact>);
    expectTypeOf(row).toEqualTypeOf<Row<z.output<typeof Contact>>>();
    expect(row.row_data.city).toBe("Pune");
  });

  it("refuses a bad write before sending, naming row_data.<field> (classic and mini schemas)", async () => {
    for (const schema of [Contact, ContactMini]) {
      const contacts = makeScope().rows("contacts", { schema: schema as typeof ContactMini });
      const err = await rejection(contacts.insert({ id: "c-1", full_name: "" }));
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).issues[0]).toMatchObject({ path: "row_data.full_name", message: "Too small: expected string to have >=1 characters" });
      const missing = await rejection(contacts.update("r-1", { id: "c-1" } as never));
      expect((missing as ValidationError).issues[0]?.path).toBe("row_data.full_name");
    }
  });

  it("checks each field of a patch against its field schema", async () => {
    const err = await rejection(makeScope().rows("contacts", { schema: Contact }).patch("r-1", { full_name: 42 as never }));
    expect((err as ValidationError).issues[0]?.path).toBe("row_data.full_name");
  });

  it("rejects a stored row that breaks the schema with ResponseValidationError (get and list)", async () => {
    const bad = { row_id: "r-1", row_data: { id: "c-1", full_name: 7 } };
    nock(BASE).get(`${path}/r-1`).reply(200, bad).get(path).query(true).reply(200, { data: [bad] });
    const contacts = makeScope().rows("contacts", { schema: ContactMini });
    const err = await rejection(contacts.get("r-1"));
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(String(err)).toMatch(/row_data\.full_name: Invalid input: expected string, received number/);
    expect(String(await rejection(Promise.resolve(contacts.list())))).toMatch(/data\.0\.row_data\.full_name/);
  });

  it("without a schema, row_data is not checked beyond being an object", async () => {
    nock(BASE).get(`${path}/r-1`).reply(200, { row_id: "r-1", row_data: { anything: [1, 2] } });
    expect((await makeScope().rows("contacts").get("r-1")).row_data).toEqual({ anything: [1, 2] });
  });
});
