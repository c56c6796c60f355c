/**
 * The SDK and the local server read their wire rules from one module (`src/contract/`).
 * This walks every rule with inputs on both sides of it and proves the SDK refuses,
 * before sending anything, exactly what the local server answers with a 4xx, and sends
 * exactly what the server accepts. Each case also states the verdict the rule gives, so a
 * rule dropped on both sides at once still fails here.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  BULK_CONFIRM_THRESHOLD,
  EMBED_TEXTS_MAX,
  FILTER_OPERATORS,
  LOCAL_ONLY_OPERATORS,
  PAGE_LIMIT_MAX,
  PROJECT_NAME_MAX,
  PROJECT_NAME_MIN,
  SQL_MAX_ROWS_MAX,
  SQL_TIMEOUT_MAX_SECONDS,
  TABLE_NAME_MAX,
  UPDATE_OPERATORS,
  MAX_VECTOR_BATCH,
  VECTOR_DIMENSIONS,
} from "../../src/contract/index.js";
import { createClient, isZeroDBError, type ProjectScope } from "../../src/index.js";
import { inject } from "vitest";
import { recordingFetch } from "./sdk-helpers.js";

type Verdict = "accept" | "reject";

interface Side {
  zdb: { url: string; apiKey: string; projectId: string };
  scope: ProjectScope;
  calls: () => number;
  table: string;
}

async function side(localOperators: boolean): Promise<Side> {
  const zdb = localOperators
    ? { url: inject("zerodbLocalOpsUrl"), apiKey: inject("zerodbLocalOpsApiKey"), projectId: inject("zerodbLocalOpsProjectId") }
    : { url: inject("zerodbUrl"), apiKey: inject("zerodbApiKey"), projectId: inject("zerodbProjectId") };
  const rec = recordingFetch();
  const scope = createClient({ apiKey: zdb.apiKey, baseUrl: zdb.url, fetch: rec.fetch, maxRetries: 0, localOperators }).project(zdb.projectId);
  const table = `conformance_${process.pid}_${Date.now().toString(36)}`;
  await scope.tables.create({ name: table });
  for (let i = 0; i < 3; i++) await scope.rows(table).insert({ a: i, s: `s${i}`, arr: [i], tags: ["x"] });
  return { zdb, scope, calls: () => rec.calls.length, table };
}

/** What the SDK did with a call: refused it before sending, or sent it and got an answer. */
async function sdkVerdict(calls: () => number, run: () => PromiseLike<unknown>): Promise<Verdict> {
  const before = calls();
  try {
    await run();
    return "accept";
  } catch (error) {
    const sent = calls() - before;
    if (isZeroDBError(error) && error.name === "ValidationError" && sent === 0) return "reject";
    throw new Error(`the SDK neither accepted nor refused before sending (${sent} requests): ${String(error)}`, { cause: error });
  }
}

/** What the local server answers to the same body sent raw. */
async function serverVerdict(s: Side, method: string, path: string, body?: unknown, query?: Record<string, string>): Promise<Verdict> {
  const qs = query === undefined ? "" : `?${new URLSearchParams(query)}`;
  const res = await fetch(`${s.zdb.url}/v1/public/${s.zdb.projectId}${path}${qs}`, {
    method,
    headers: { "x-api-key": s.zdb.apiKey, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (res.ok) return "accept";
  // ZeroDB answers a vector of a size it does not store with 500 DIMENSION_MISMATCH (zerodb-api.md §4).
  if (res.status >= 400 && res.status < 500) return "reject";
  if (res.status === 500 && text.includes("DIMENSION_MISMATCH")) return "reject";
  throw new Error(`server answered ${res.status}: ${text}`);
}

interface Case {
  name: string;
  expect: Verdict;
  sdk: (s: Side) => PromiseLike<unknown>;
  raw: (s: Side) => [method: string, path: string, body?: unknown, query?: Record<string, string>];
}

const argFor: Record<string, unknown> = {
  $eq: 1, $ne: 1, $gt: 0, $gte: 0, $lt: 5, $lte: 5, $in: [1, 2], $nin: [1], $contains: "s", $regex: "^s",
};

function queryCase(name: string, expectV: Verdict, filter: unknown, sort?: unknown): Case {
  const body = sort === undefined ? { filter } : { filter, sort };
  return {
    name,
    expect: expectV,
    sdk: (s) => s.scope.rows(s.table).query(body as never),
    raw: (s) => ["POST", `/database/tables/${s.table}/query`, body],
  };
}

function bulkUpdateCase(name: string, expectV: Verdict, update: unknown): Case {
  const body = { filter: { a: 999 }, update };
  return {
    name,
    expect: expectV,
    sdk: (s) => s.scope.rows(s.table).bulkUpdate(body as never),
    raw: (s) => ["PUT", `/database/tables/${s.table}/rows/bulk`, body],
  };
}

let tableSeq = 0;
function tableNameCase(name: string, expectV: Verdict, make: () => string): Case {
  let chosen: string | undefined;
  const pick = () => (chosen ??= make());
  return {
    name,
    expect: expectV,
    sdk: (s) => s.scope.tables.create({ name: pick() }),
    // The raw side gets its own name so a name the SDK created is not refused as a duplicate.
    raw: () => ["POST", "/database/tables", { name: make() }],
  };
}
const uniq = (len: number, first = "t"): string => {
  const base = `${first}${process.pid}x${tableSeq++}x`;
  return (base + "z".repeat(Math.max(0, len - base.length))).slice(0, len);
};

function listCase(name: string, expectV: Verdict, skip: number, limit: number): Case {
  return {
    name,
    expect: expectV,
    sdk: (s) => s.scope.rows(s.table).list({ skip, limit }),
    raw: (s) => ["GET", `/database/tables/${s.table}/rows`, undefined, { skip: String(skip), limit: String(limit) }],
  };
}

function vectorCase(name: string, expectV: Verdict, dims: number): Case {
  const v = Array.from({ length: dims }, (_, i) => ((i % 7) + 1) / 10);
  return {
    name,
    expect: expectV,
    sdk: (s) => s.scope.vectors.upsert({ vector_embedding: v, document: "d" }),
    raw: () => ["POST", "/database/vectors/upsert", { vector_embedding: v, document: "d" }],
  };
}

const documented: Case[] = [
  ...FILTER_OPERATORS.map((op) => queryCase(`filter operator ${op}`, "accept", { a: { [op]: argFor[op] } })),
  queryCase("plain equality", "accept", { a: 1, s: "s1" }),
  ...LOCAL_ONLY_OPERATORS.map((op) =>
    queryCase(
      `local-only operator ${op} (refused by ZeroDB)`,
      "reject",
      op === "$exists" ? { a: { $exists: true } } : op === "$options" ? { s: { $regex: "S", $options: "i" } } : { [op]: [{ a: 1 }] },
    ),
  ),
  queryCase("unknown field operator $where", "reject", { a: { $where: "1" } }),
  queryCase("unknown field operator $elemMatch", "reject", { arr: { $elemMatch: { $eq: 1 } } }),
  queryCase("unknown top-level operator $text", "reject", { $text: { $search: "x" } }),
  queryCase("$in without an array", "reject", { a: { $in: 1 } }),
  queryCase("$gt with an object", "reject", { a: { $gt: {} } }),
  queryCase("$regex with a number", "reject", { s: { $regex: 1 } }),
  queryCase("dotted field name", "accept", { "meta.x": 1 }),
  queryCase("field name with -", "reject", { "a-b": 1 }),
  queryCase("field name with a space", "reject", { "a b": 1 }),
  queryCase("field name with an empty segment", "reject", { "a..b": 1 }),
  queryCase("field name starting with .", "reject", { ".a": 1 }),
  queryCase("sort 1 and -1", "accept", {}, { a: 1, s: -1 }),
  queryCase("sort direction 2", "reject", {}, { a: 2 }),
  queryCase("sort on a bad field name", "reject", {}, { "a-b": 1 }),
  ...UPDATE_OPERATORS.map((op) =>
    bulkUpdateCase(`update operator ${op}`, "accept", { [op]: op === "$inc" ? { a: 1 } : op === "$unset" ? { s: "" } : op === "$set" ? { s: "x" } : { arr: 1 } }),
  ),
  bulkUpdateCase("unknown update operator $rename", "reject", { $rename: { a: "b" } }),
  bulkUpdateCase("bare field instead of an operator", "reject", { a: 1 }),
  bulkUpdateCase("$inc with a string", "reject", { $inc: { a: "x" } }),
  bulkUpdateCase("$set with no fields", "reject", { $set: {} }),
  bulkUpdateCase("update field name with -", "reject", { $set: { "a-b": 1 } }),
  tableNameCase("table name of letters, digits and _", "accept", () => uniq(20)),
  tableNameCase("table name starting with _", "accept", () => uniq(20, "_")),
  tableNameCase(`table name of ${TABLE_NAME_MAX} characters`, "accept", () => uniq(TABLE_NAME_MAX)),
  tableNameCase(`table name of ${TABLE_NAME_MAX + 1} characters`, "reject", () => uniq(TABLE_NAME_MAX + 1)),
  tableNameCase("table name starting with a digit", "reject", () => `1${uniq(10)}`),
  tableNameCase("table name with -", "reject", () => `${uniq(10)}-x`),
  tableNameCase("empty table name", "reject", () => ""),
  listCase(`page limit ${PAGE_LIMIT_MAX}`, "accept", 0, PAGE_LIMIT_MAX),
  listCase(`page limit ${PAGE_LIMIT_MAX + 1}`, "reject", 0, PAGE_LIMIT_MAX + 1),
  listCase("page limit 0", "reject", 0, 0),
  listCase("negative skip", "reject", -1, 10),
  ...VECTOR_DIMENSIONS.map((d) => vectorCase(`vector of ${d} dimensions`, "accept", d)),
  vectorCase("vector of 383 dimensions", "reject", 383),
  vectorCase("vector of 512 dimensions", "reject", 512),
  ...[
    { max_rows: SQL_MAX_ROWS_MAX, expect: "accept" as const },
    { max_rows: SQL_MAX_ROWS_MAX + 1, expect: "reject" as const },
    { timeout_seconds: SQL_TIMEOUT_MAX_SECONDS, expect: "accept" as const },
    { timeout_seconds: SQL_TIMEOUT_MAX_SECONDS + 1, expect: "reject" as const },
    { timeout_seconds: 0, expect: "reject" as const },
  ].map(({ expect: e, ...opt }): Case => ({
    name: `SQL ${JSON.stringify(opt)}`,
    expect: e,
    sdk: (s) => s.scope.sql.query({ sql: "SELECT 1 AS one", ...opt }),
    raw: () => ["POST", "/database/query", { sql: "SELECT 1 AS one", read_only: true, ...opt }],
  })),
  {
    name: `${EMBED_TEXTS_MAX} texts to embed`,
    expect: "accept",
    sdk: (s) => s.scope.embeddings.generate({ texts: Array.from({ length: EMBED_TEXTS_MAX }, (_, i) => `t${i}`) }),
    raw: () => ["POST", "/embeddings/generate", { texts: Array.from({ length: EMBED_TEXTS_MAX }, (_, i) => `t${i}`), model: "BAAI/bge-small-en-v1.5" }],
  },
  {
    name: `${EMBED_TEXTS_MAX + 1} texts to embed`,
    expect: "reject",
    sdk: (s) => s.scope.embeddings.generate({ texts: Array.from({ length: EMBED_TEXTS_MAX + 1 }, (_, i) => `t${i}`) }),
    raw: () => ["POST", "/embeddings/generate", { texts: Array.from({ length: EMBED_TEXTS_MAX + 1 }, (_, i) => `t${i}`), model: "BAAI/bge-small-en-v1.5" }],
  },
  {
    name: `a batch of ${MAX_VECTOR_BATCH + 1} vectors`,
    expect: "reject",
    sdk: (s) => s.scope.vectors.upsertBatch({ vectors: Array.from({ length: MAX_VECTOR_BATCH + 1 }, () => ({ vector_embedding: new Array(384).fill(0.1) })) }),
    raw: () => ["POST", "/database/vectors/upsert-batch", Array.from({ length: MAX_VECTOR_BATCH + 1 }, () => ({ vector_embedding: new Array(384).fill(0.1) }))],
  },
];

describe("wire contract: the SDK and the local server accept and refuse the same inputs", () => {
  let strict: Side;
  let local: Side;
  beforeAll(async () => {
    strict = await side(false);
    local = await side(true);
  });

  it.each(documented.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const server = await serverVerdict(strict, ...c.raw(strict));
    const sdk = await sdkVerdict(strict.calls, () => c.sdk(strict));
    expect({ server, sdk }).toEqual({ server: c.expect, sdk: c.expect });
  });

  it.each(
    LOCAL_ONLY_OPERATORS.map((op) => [
      op,
      op === "$exists" ? { a: { $exists: true } } : op === "$options" ? { s: { $regex: "S", $options: "i" } } : { [op]: [{ a: 1 }, { a: 2 }] },
    ] as const),
  )("local-only operator %s works on both sides once both opt in", async (_op, filter) => {
    const server = await serverVerdict(local, "POST", `/database/tables/${local.table}/query`, { filter });
    const sdk = await sdkVerdict(local.calls, () => local.scope.rows(local.table).query({ filter: filter as never }));
    expect({ server, sdk }).toEqual({ server: "accept", sdk: "accept" });
  });

  it("project names: both sides take 2-100 characters", async () => {
    const verdicts: Record<string, Verdict> = {};
    for (const len of [PROJECT_NAME_MIN - 1, PROJECT_NAME_MIN, PROJECT_NAME_MAX, PROJECT_NAME_MAX + 1]) {
      const name = "p".repeat(len);
      const res = await fetch(`${strict.zdb.url}/v1/public/projects`, {
        method: "POST",
        headers: { "x-api-key": strict.zdb.apiKey, "content-type": "application/json" },
        body: JSON.stringify({ name }),
      });
      const server: Verdict = res.ok ? "accept" : "reject";
      const rec = recordingFetch();
      const client = createClient({ apiKey: strict.zdb.apiKey, baseUrl: strict.zdb.url, fetch: rec.fetch, maxRetries: 0 });
      const sdk = await sdkVerdict(() => rec.calls.length, () => client.projects.create({ name }));
      verdicts[`${len}`] = server === sdk ? server : (`server ${server}, sdk ${sdk}` as Verdict);
    }
    expect(verdicts).toEqual({ [PROJECT_NAME_MIN - 1]: "reject", [PROJECT_NAME_MIN]: "accept", [PROJECT_NAME_MAX]: "accept", [PROJECT_NAME_MAX + 1]: "reject" });
  });

  it(`bulk calls: up to ${BULK_CONFIRM_THRESHOLD} matched rows run without confirmation, one more needs confirm_large_operation`, async () => {
    const name = `${strict.table}_bulk`;
    const rows = strict.scope.rows(name);
    await strict.scope.tables.create({ name });
    for (let i = 0; i < BULK_CONFIRM_THRESHOLD + 1; i++) await rows.insert({ g: i === 0 ? "extra" : "bulk", i });
    await expect(rows.bulkUpdate({ filter: { g: "bulk" }, update: { $set: { seen: true } } })).resolves.toMatchObject({ matched_count: BULK_CONFIRM_THRESHOLD });
    await expect(rows.bulkUpdate({ filter: { i: { $gte: 0 } }, update: { $set: { seen: true } } })).rejects.toMatchObject({ status: 400 });
    await expect(
      rows.bulkUpdate({ filter: { i: { $gte: 0 } }, update: { $set: { seen: true } }, confirm_large_operation: true }),
    ).resolves.toMatchObject({ matched_count: BULK_CONFIRM_THRESHOLD + 1 });
  });
});
