import fc from "fast-check";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { hasNextPage, PagePromise, type Page } from "../../src/http/pagination.js";
import { BASE, makeScope, PID, useNock } from "./helpers.js";

useNock();
const path = `/v1/public/${PID}/database/tables/t/rows`;
const rowsOf = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({ row_id: `r${from + i}`, row_data: { n: from + i } }));

describe("list pagination over the wire", () => {
  it("walks 3 pages following skip/limit/has_more", async () => {
    nock(BASE)
      .get(path).query({ skip: "0", limit: "2" }).reply(200, { total: 5, skip: 0, limit: 2, has_more: true, data: rowsOf(0, 2) })
      .get(path).query({ skip: "2", limit: "2" }).reply(200, { total: 5, skip: 2, limit: 2, has_more: true, data: rowsOf(2, 2) })
      .get(path).query({ skip: "4", limit: "2" }).reply(200, { total: 5, skip: 4, limit: 2, has_more: false, data: rowsOf(4, 1) });
    const ids: string[] = [];
    for await (const row of makeScope().rows("t").list({ limit: 2 })) ids.push(row.row_id);
    expect(ids).toEqual(["r0", "r1", "r2", "r3", "r4"]);
  });

  it("stops on an empty last page even when has_more said true", async () => {
    nock(BASE)
      .get(path).query({ skip: "0", limit: "2" }).reply(200, { skip: 0, limit: 2, has_more: true, data: rowsOf(0, 2) })
      .get(path).query({ skip: "2", limit: "2" }).reply(200, { skip: 2, limit: 2, has_more: true, data: [] });
    expect((await makeScope().rows("t").list({ limit: 2 }).toArray()).map((r) => r.row_id)).toEqual(["r0", "r1"]);
  });

  it("without has_more or total, keeps going while pages are full", async () => {
    nock(BASE)
      .get(path).query({ skip: "0", limit: "2" }).reply(200, { data: rowsOf(0, 2) })
      .get(path).query({ skip: "2", limit: "2" }).reply(200, { data: rowsOf(2, 2) })
      .get(path).query({ skip: "4", limit: "2" }).reply(200, { data: rowsOf(4, 1) });
    expect(await makeScope().rows("t").list({ limit: 2 }).toArray()).toHaveLength(5);
  });

  it("awaiting a list fetches just the first page, once", async () => {
    nock(BASE).get(path).query({ skip: "0", limit: "100" }).once().reply(200, [rowsOf(0, 1)[0]]);
    const list = makeScope().rows("t").list();
    const [a, b] = await Promise.all([list, list]);
    expect(a).toBe(b);
    expect(a.data).toHaveLength(1);
  });
});

describe("bad list params", () => {
  it("reject the list whether it is awaited, iterated or chained, and send nothing", async () => {
    const rows = makeScope().rows("t");
    await expect(rows.list({ limit: 5000 })).rejects.toThrow(/params\.limit/);
    await expect(rows.list({ limit: 0 }).catch((e: unknown) => (e as Error).name)).resolves.toBe("ValidationError");
    await expect(
      (async () => {
        for await (const _ of rows.query({ filter: { "bad field": 1 } })) void _;
      })(),
    ).rejects.toThrow(/params\.filter/);
  });
});

describe("pagination invariants (property)", () => {
  it("iteration yields every item exactly once, in order, for any page size and server behaviour", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 10 }),
        fc.constantFrom("has_more", "total", "neither"),
        async (n, limit, mode) => {
          const items = Array.from({ length: n }, (_, i) => i);
          let calls = 0;
          const fetchPage = async (skip: number, lim: number): Promise<Page<number>> => {
            calls++;
            const data = items.slice(skip, skip + lim);
            return {
              data,
              skip,
              limit: lim,
              total: mode === "total" ? n : undefined,
              hasMore: mode === "has_more" ? skip + data.length < n : undefined,
            };
          };
          const seen: number[] = [];
          for await (const x of new PagePromise(fetchPage, 0, limit)) seen.push(x);
          expect(seen).toEqual(items);
          expect(calls).toBeLessThanOrEqual(Math.ceil(n / limit) + 1);
        },
      ),
    );
  });

  it("hasNextPage is false for any empty page", () => {
    fc.assert(
      fc.property(fc.option(fc.boolean(), { nil: undefined }), fc.option(fc.nat(), { nil: undefined }), (hasMore, total) => {
        expect(hasNextPage({ data: [], skip: 0, limit: 10, hasMore, total })).toBe(false);
      }),
    );
  });
});
