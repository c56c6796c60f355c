import type { DatabaseAPI } from "./api/database.js";
import type { RowsAPI } from "./api/rows.js";
import type { JsonObject } from "./api/shared.js";
import { OPTIONAL_TABLES, tables as registry } from "./schema/index.js";
import type { ProjectsAPI } from "./api/projects.js";
import type { TablesAPI } from "./api/tables.js";
import { isAPIError } from "./http/errors.js";
import type { RequestOptions } from "./http/transport.js";

/** What {@link ProjectScope.health} found. `ok` is true only when every check passed. */
export interface HealthReport {
  ok: boolean;
  projectId: string;
  /** The project exists and the key may read it. */
  project: { ok: boolean; name: string | undefined; status: string | undefined };
  /** The project's database is enabled. */
  database: { ok: boolean; enabled: boolean | undefined };
  /** The tables API answers (an empty list is healthy). */
  tables: { ok: boolean; names: string[] };
  /**
   * Tables of the schema the project lacks (the optional message audit table aside):
   * `scope.seed()` creates them. Reported, not counted against `ok`. Empty when the
   * tables could not be listed.
   */
  missingTables: string[];
  /** The newest schema version recorded by `seed()`, or undefined when the project was never seeded. */
  schemaVersion: number | undefined;
  /** One line per failed check, naming the check and the server's answer. */
  problems: string[];
  /** Wall time of the whole check, ms. */
  elapsedMs: number;
}

/**
 * Checks that the project exists, its database is enabled and its tables can be listed
 * (backlog US0.3), so features do not fail silently later. Never throws for a failed
 * check (an abort still rejects); each problem is reported.
 */
export async function checkHealth(
  api: { projectId: string; projects: ProjectsAPI; database: DatabaseAPI; tables: TablesAPI; rows?: (name: string) => RowsAPI<JsonObject> },
  options?: RequestOptions,
): Promise<HealthReport> {
  const t0 = Date.now();
  const found: Record<"project" | "database" | "tables", string | undefined> = { project: undefined, database: undefined, tables: undefined };
  const failed = (check: keyof typeof found) => (error: unknown) => {
    if (options?.signal?.aborted) throw error;
    found[check] = `${check}: ${isAPIError(error) ? `${error.status} ${error.message}` : (error as Error).message}`;
    return undefined;
  };
  const [project, status, tables] = await Promise.all([
    api.projects.get(api.projectId, {}, options).catch(failed("project")),
    api.database.status(options).catch(failed("database")),
    api.tables.list({ limit: 1000 }, options).then((p) => p, failed("tables")),
  ]);
  if (status !== undefined && !status.database_enabled) found.database = "database: not enabled (call scope.database.enable())";
  const names = tables?.data.map((t) => t.name) ?? [];
  const missingTables =
    tables === undefined ? [] : Object.keys(registry).filter((n) => !names.includes(n) && !(OPTIONAL_TABLES as readonly string[]).includes(n));
  let schemaVersion: number | undefined;
  if (names.includes("schema_versions") && api.rows !== undefined) {
    const page = await api.rows("schema_versions")
      .query({ filter: { project_id: api.projectId }, sort: { version: -1 }, limit: 1 }, options)
      .then((p) => p, failed("tables"));
    const v = page?.data[0]?.row_data.version;
    if (typeof v === "number") schemaVersion = v;
  }
  const problems = [found.project, found.database, found.tables].filter((p): p is string => p !== undefined);
  return {
    ok: problems.length === 0,
    projectId: api.projectId,
    project: { ok: project !== undefined, name: project?.name, status: project?.status },
    database: { ok: status?.database_enabled === true, enabled: status?.database_enabled },
    tables: { ok: tables !== undefined, names },
    missingTables,
    schemaVersion,
    problems,
    elapsedMs: Date.now() - t0,
  };
}
