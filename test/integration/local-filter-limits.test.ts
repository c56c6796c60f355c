import { describe, expect, it } from "vitest";
import { MAX_FILTER_TERMS } from "../../src/contract/limits.js";
import { api, createTable, P, useLocalOperatorsServer } from "./local-helpers.js";

// $or is a local-only operator: the default server refuses it outright, as ZeroDB does.
useLocalOperatorsServer();

describe("local server (localOperators): filter term limit", () => {
  it("refuses a filter of 20,000 $or terms with 400 naming the limit; a filter at the limit runs", async () => {
    const t = await createTable();
    await api("POST", `${P()}/database/tables/${t}/rows`, { row_data: { n: 7 } });
    const big = await api("POST", `${P()}/database/tables/${t}/query`, { filter: { $or: Array.from({ length: 20_000 }, (_, i) => ({ n: i })) } });
    expect(big.status).toBe(400);
    expect(big.body.detail).toContain(`${MAX_FILTER_TERMS}`);
    const bulk = await api("DELETE", `${P()}/database/tables/${t}/rows/bulk`, { filter: { $or: Array.from({ length: 20_000 }, (_, i) => ({ n: i })) } });
    expect(bulk.status).toBe(400);
    // MAX_FILTER_TERMS / 2 branches of one condition each: exactly the limit
    const atLimit = await api("POST", `${P()}/database/tables/${t}/query`, { filter: { $or: Array.from({ length: MAX_FILTER_TERMS / 2 }, (_, i) => ({ n: i })) } });
    expect(atLimit.status).toBe(200);
    expect(atLimit.body.data.map((r: any) => r.row_data.n)).toEqual([7]);
  });

});
