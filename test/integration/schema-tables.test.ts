/**
 * Every table of the schema, created on the local server from its single definition:
 * the declared indexes exist, a retried insert (same id) answers 409, a natural key
 * cannot be inserted twice, and the row read back parses as the table's row type.
 */
import { indexPrefix } from "../../src/local/tables-store.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contactIdentityId, contactTagId } from "../../src/domain/ids.js";
import { startLocalZeroDB, type LocalZeroDB } from "../../src/local/index.js";
import { parseInsert, parseRow, tables, type TableName } from "../../src/schema/index.js";
import { minimalInsert } from "../unit/schema-fixtures.js";

let zdb: LocalZeroDB;
const created = new Map<string, string>();
const createdAnswers = new Map<string, { status: number; body: any }>();

beforeAll(async () => {
  zdb = await startLocalZeroDB({ port: 0 });
  for (const name of Object.keys(tables) as TableName[]) {
    const r = await call("POST", "/tables", { name, description: tables[name].description, schema: tables[name].createSchema });
    createdAnswers.set(name, r);
    created.set(name, r.body.table_id as string);
  }
});
afterAll(async () => {
  await zdb?.stop();
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${zdb.url}/v1/public/${zdb.projectId}/database${path}`, {
    method,
    headers: { "X-API-Key": zdb.apiKey, "Content-Type": "application/json" },
    body: body === undefined ? null : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const row = (name: TableName, input: Record<string, unknown> = minimalInsert(name, zdb.projectId)) => {
  const r = parseInsert(tables[name], input, { now: new Date("2026-01-09T10:00:00.000Z") });
  if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.issues)}`);
  return r.value as Record<string, unknown>;
};

const names = Object.keys(tables) as TableName[];

describe("schema tables on the local server", () => {
  it("creates every table from its definition", () => {
    for (const name of names) {
      const r = createdAnswers.get(name)!;
      expect(r.status, `${name}: ${JSON.stringify(r.body)}`).toBe(201);
      expect(r.body.schema).toEqual(tables[name].createSchema);
    }
  });

  it.each(names)("%s: the server built exactly the declared indexes, unique where declared", async (name) => {
    const tableId = created.get(name)!;
    const idx = await zdb.db.query<{ indexname: string; indexdef: string }>(
      "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'zdb' AND indexname LIKE $1 ORDER BY indexname",
      [`${indexPrefix(tableId)}%`],
    );
    const declared = tables[name].createSchema.indexes;
    expect(idx.rows).toHaveLength(declared.length);
    declared.forEach((d, n) => {
      const def = idx.rows.find((r) => r.indexname === `${indexPrefix(tableId)}${n}`)?.indexdef ?? "";
      expect(def.startsWith("CREATE UNIQUE INDEX"), `${d.name}: ${def}`).toBe(d.unique);
      expect([...def.matchAll(/row_data #> '\{(\w+)\}'/g)].map((m) => m[1]), d.name).toEqual(d.fields);
    });
  });

  it.each(names)("%s: a valid row is stored, reads back as the row type, and a retried insert answers 409", async (name) => {
    const data = row(name);
    const first = await call("POST", `/tables/${name}/rows`, { row_data: data });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(parseRow(tables[name], first.body.row_data)).toEqual({ ok: true, value: data });
    const retry = await call("POST", `/tables/${name}/rows`, { row_data: data });
    expect(retry.status).toBe(409);
    const list = await call("GET", `/tables/${name}/rows?limit=1000`);
    expect(list.body.data.filter((r: { row_data: { id: string } }) => r.row_data.id === data.id)).toHaveLength(1);
  });

  it("natural keys are unique: the same identity, tag, membership or daily goal under a new id answers 409", async () => {
    const contactId = crypto.randomUUID();
    const identity = { ...minimalInsert("contact_identities", zdb.projectId), contact_id: contactId, value: "+919812345678" };
    expect((await call("POST", "/tables/contact_identities/rows", { row_data: row("contact_identities", identity) })).status).toBe(201);
    const other = { ...identity, id: crypto.randomUUID(), contact_id: crypto.randomUUID() };
    expect((await call("POST", "/tables/contact_identities/rows", { row_data: row("contact_identities", other) })).status).toBe(409);
    // an email with the same text is another identity
    expect((await call("POST", "/tables/contact_identities/rows", { row_data: row("contact_identities", { ...other, type: "email", value: "asha@example.org" }) })).status).toBe(201);

    for (const [name, key] of [
      ["contact_tags", { contact_id: contactId, tag: "warm" }],
      ["team_members", { team_id: crypto.randomUUID(), user_id: crypto.randomUUID() }],
      ["campaign_goals", { campaign_id: crypto.randomUUID(), date: "2026-02-01" }],
    ] as const) {
      const a = { ...minimalInsert(name, zdb.projectId), ...key };
      expect((await call("POST", `/tables/${name}/rows`, { row_data: row(name, a) })).status).toBe(201);
      const b = { ...a, id: crypto.randomUUID() };
      expect((await call("POST", `/tables/${name}/rows`, { row_data: row(name, b) })).status, name).toBe(409);
    }
  });

  it("deterministic natural-key ids make a duplicate collide on id as well", async () => {
    const contactId = crypto.randomUUID();
    const tag = (id: string) => row("contact_tags", { id, project_id: zdb.projectId, contact_id: contactId, tag: "donor" });
    const id = contactTagId(zdb.projectId, contactId, "donor");
    expect((await call("POST", "/tables/contact_tags/rows", { row_data: tag(id) })).status).toBe(201);
    const again = await call("POST", "/tables/contact_tags/rows", { row_data: tag(contactTagId(zdb.projectId, contactId, "donor")) });
    expect(again.status).toBe(409);
    expect(contactIdentityId(zdb.projectId, "phone", "+919812345678")).not.toBe(contactIdentityId(zdb.projectId, "email", "+919812345678"));
  });
});
