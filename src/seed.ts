/**
 * Seeding: create every table of the schema that a project lacks and record the schema
 * version (backlog US0.2, US0.4).
 * @module
 */
import type { RowsAPI } from "./api/rows.js";
import type { JsonObject } from "./api/shared.js";
import type { TablesAPI } from "./api/tables.js";
import { isErrorOf } from "./http/errors.js";
import type { RequestOptions } from "./http/transport.js";
import { Repository } from "./repositories/base.js";
import { SCHEMA_VERSION, schemaVersions, tables as registry, type TableName } from "./schema/index.js";

/** What {@link ProjectScope.seed} did, by table name. */
export interface SeedResult {
  /** Tables created by this call. */
  created: TableName[];
  /** Tables that were already there (left alone). */
  present: TableName[];
  /** Tables that could not be created, each with the error; the others were still seeded. */
  failed: { table: TableName; error: Error }[];
  /** The schema version recorded in `schema_versions` (this SDK's `SCHEMA_VERSION`). */
  schemaVersion: number;
}

/** @internal What seeding needs from a scope. */
export interface SeedDeps {
  projectId: string;
  tables: TablesAPI;
  rows: (name: string) => RowsAPI<JsonObject>;
  now?: (() => Date) | undefined;
}

/** Names of the tables a project has (every page). */
export async function listTableNames(tablesApi: TablesAPI, options?: RequestOptions): Promise<Set<string>> {
  const names = new Set<string>();
  for await (const t of tablesApi.list({ limit: 1000 }, options)) names.add(t.name);
  return names;
}

/**
 * Creates each missing table of the schema registry (the optional message audit table
 * included) with its create-table schema, leaves existing ones alone, and records the
 * schema version. A table that fails is reported in `failed`; seeding goes on.
 */
export async function seedTables(deps: SeedDeps, options?: RequestOptions): Promise<SeedResult> {
  const existing = await listTableNames(deps.tables, options);
  const result: SeedResult = { created: [], present: [], failed: [], schemaVersion: SCHEMA_VERSION };
  for (const [name, table] of Object.entries(registry) as [TableName, (typeof registry)[TableName]][]) {
    if (existing.has(name)) {
      result.present.push(name);
      continue;
    }
    try {
      // a repeat answers 409, so a create whose answer was lost may be re-sent
      await deps.tables.create({ name, description: table.description, schema: table.createSchema as unknown as JsonObject }, { ...options, idempotent: true });
      result.created.push(name);
    } catch (error) {
      if (options?.signal?.aborted) throw error;
      if (isErrorOf(error, "ConflictError")) result.present.push(name);
      else result.failed.push({ table: name, error: error as Error });
    }
  }
  if (!result.failed.some((f) => f.table === "schema_versions")) {
    const repo = new Repository(schemaVersions, { rows: deps.rows(schemaVersions.name), projectId: deps.projectId, now: deps.now });
    const tableNames = Object.keys(registry).sort();
    try {
      await repo.create({ version: SCHEMA_VERSION, description: `zerodb-calltime schema v${SCHEMA_VERSION}`, tables: tableNames }, options);
    } catch (error) {
      // the same version recorded earlier with another table list: keep the first record
      if (!isErrorOf(error, "DuplicateError")) throw error;
    }
  }
  return result;
}
