import type { DatabaseAPI } from "./api/database.js";
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
  api: { projectId: string; projects: ProjectsAPI; database: DatabaseAPI; tables: TablesAPI },
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
  const problems = [found.project, found.database, found.tables].filter((p): p is string => p !== undefined);
  return {
    ok: problems.length === 0,
    projectId: api.projectId,
    project: { ok: project !== undefined, name: project?.name, status: project?.status },
    database: { ok: status?.database_enabled === true, enabled: status?.database_enabled },
    tables: { ok: tables !== undefined, names: tables?.data.map((t) => t.name) ?? [] },
    problems,
    elapsedMs: Date.now() - t0,
  };
}
