import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { api, P, createTable } from "./local-helpers.js";

const sql = (body: Record<string, unknown>) => api("POST", `${P()}/database/query`, body);
const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`;
const LONG = "k".repeat(70);

async function insert(t: string, row: Record<string, unknown>): Promise<string> {
  const r = await api("POST", `${P()}/database/tables/${t}/rows`, { row_data: row });
  if (r.status !== 201) throw new Error(`insert failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.row_id as string;
}
const rowData = async (t: string, id: string) => (await api("GET", `${P()}/database/tables/${t}/rows/${id}`)).body.row_data;

describe("local server: SQL writes change only what they set", () => {
  it("keeps types, nulls, a field named row_id and long-named fields of the rows an UPDATE touches", async () => {
    const t = await createTable();
    const id = await insert(t, { name: "a", v: 1, nul: null, row_id: "x", [LONG]: "keep me" });
    const other = await insert(t, { name: "b", v: "one" });
    const r = await sql({ sql: `UPDATE ${t} SET name = 'a2' WHERE name = 'a'`, read_only: false });
    expect(r.status).toBe(200);
    expect(r.body.rows_affected).toBe(1);
    expect(await rowData(t, id)).toStrictEqual({ name: "a2", v: 1, nul: null, row_id: "x", [LONG]: "keep me" });
    expect(await rowData(t, other)).toStrictEqual({ name: "b", v: "one" });
  });

  it("refuses with 400 what it cannot store as written, and changes nothing", async () => {
    const t = await createTable();
    const id = await insert(t, { n: 1, s: "x" });
    for (const [stmt, why] of [
      [`UPDATE ${t} SET n = 'NaN'::numeric`, /JSON numbers/],
      [`UPDATE ${t} SET row_id = gen_random_uuid()`, /set by the server/],
      [`UPDATE ${t} SET created_at = now() - interval '1 day'`, /set by the server/],
      [`INSERT INTO ${t} (n, updated_at) VALUES (2, now())`, /set by the server/],
    ] as const) {
      const r = await sql({ sql: stmt, read_only: false });
      expect(r.status, stmt).toBe(400);
      expect(r.body.detail, stmt).toMatch(why);
    }
    expect(await rowData(t, id)).toStrictEqual({ n: 1, s: "x" });
    expect((await api("GET", `${P()}/database/tables/${t}/rows`)).body.total).toBe(1);
  });

  it("property: a single-column UPDATE changes that field only, in every row and for every JSON type", async () => {
    const NAMES = ["name", "v", "flag", "meta", "nul", "a.b", 'q"t', "ünï"];
    const ODD = ["", "row_id", LONG];
    const scalar = fc.oneof(
      fc.integer({ min: -1e9, max: 1e9 }),
      fc.double({ min: -1e9, max: 1e9, noNaN: true }).filter((x) => !Object.is(x, -0)),
      fc.string({ maxLength: 8 }).filter((s) => !s.includes("\0") && !s.startsWith("new:")),
      fc.boolean(),
      fc.constant(null),
    );
    const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.constantFrom("x", "y"), scalar));
    const row = fc.dictionary(fc.constantFrom(...NAMES, ...ODD), value, { minKeys: 1, maxKeys: 6 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 4 }),
        fc.nat(),
        fc.nat(),
        fc.record({
          num: fc.integer({ min: -1e6, max: 1e6 }),
          bool: fc.boolean(),
          text: fc.string({ maxLength: 8 }).filter((s) => !s.includes("\0")).map((s) => `new:${s}`),
          json: fc.dictionary(fc.constantFrom("x", "z"), scalar),
        }),
        async (rows, pickRow, pickCol, next) => {
          const t = await createTable();
          const ids: string[] = [];
          for (const r of rows) ids.push(await insert(t, r));
          const before = await Promise.all(ids.map((id) => rowData(t, id)));
          const columns = NAMES.filter((k) => rows.some((r) => k in r));
          if (columns.length === 0) return;
          const col = columns[pickCol % columns.length]!;
          const target = pickRow % ids.length;
          const seen = rows.map((r) => r[col]).filter((v) => v !== undefined && v !== null);
          const isObj = (v: unknown) => typeof v === "object" && v !== null;
          const newValue =
            seen.length > 0 && seen.every((v) => typeof v === "number")
              ? next.num
              : seen.length > 0 && seen.every((v) => typeof v === "boolean")
                ? next.bool
                : seen.some(isObj)
                  ? (JSON.parse(JSON.stringify(next.json)) as unknown)
                  : next.text;
          const r = await sql({
            sql: `UPDATE ${t} SET ${ident(col)} = $1 WHERE row_id = $2`,
            params: [newValue, ids[target]],
            read_only: false,
          });
          expect(r.status, JSON.stringify(r.body)).toBe(200);
          for (const [i, id] of ids.entries()) {
            const want = i === target ? { ...before[i], [col]: newValue } : before[i];
            expect(await rowData(t, id)).toStrictEqual(want);
          }
        },
      ),
      { numRuns: 25, seed: 20261201 },
    );
  }, 120_000);
});
