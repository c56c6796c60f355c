import { DESCRIPTION_MAX, PROJECT_NAME_MAX, PROJECT_NAME_MIN } from "../contract/index.js";
import * as z from "zod/mini";
import { PagePromise, pagesOrError } from "../http/pagination.js";
import { projectsRoot, segment } from "../http/paths.js";
import type { HttpClient, RequestOptions } from "../http/transport.js";
import { type APIPromise, del, get, patch, post } from "./resource.js";
import { inputOf, listPages, anyObject, compact, jsonObject, pageLimit, pageSkip, parseInput, type JsonObject } from "./shared.js";

/** Tiers a project can be on. */
export const PROJECT_TIERS = ["free", "pro", "scale", "enterprise"] as const;
/** One of {@link PROJECT_TIERS}. */
export type ProjectTier = (typeof PROJECT_TIERS)[number];

/** A project, normalized (`id` from `id` or `project_id`). `status` is e.g. `ACTIVE` or `DELETED`. */
export interface Project {
  id: string;
  name: string;
  description: string | undefined;
  tier: string | undefined;
  status: string | undefined;
  database_enabled: boolean | undefined;
  created_at: string | undefined;
  updated_at: string | undefined;
  deleted_at: string | undefined;
  /** Usage counters, when the server adds them (single-project GET). */
  usage: JsonObject | undefined;
}

const projectSchema = z.pipe(
  z
    .looseObject({
      id: z.optional(z.string()),
      project_id: z.optional(z.string()),
      name: z.string(),
      description: z.nullish(z.string()),
      tier: z.nullish(z.string()),
      status: z.nullish(z.string()),
      database_enabled: z.nullish(z.boolean()),
      created_at: z.nullish(z.string()),
      updated_at: z.nullish(z.string()),
      deleted_at: z.nullish(z.string()),
      usage: z.nullish(jsonObject),
    })
    .check(z.refine((p) => (p.id ?? p.project_id) !== undefined, { message: "a project needs id (or project_id)" })),
  z.transform(
    (p): Project => ({
      id: (p.id ?? p.project_id) as string,
      name: p.name,
      description: p.description ?? undefined,
      tier: p.tier ?? undefined,
      status: p.status ?? undefined,
      database_enabled: p.database_enabled ?? undefined,
      created_at: p.created_at ?? undefined,
      updated_at: p.updated_at ?? undefined,
      deleted_at: p.deleted_at ?? undefined,
      usage: p.usage ?? undefined,
    }),
  ),
);

const nameRule = `must be ${PROJECT_NAME_MIN}-${PROJECT_NAME_MAX} characters`;
const projectName = z.string().check(z.minLength(PROJECT_NAME_MIN, nameRule), z.maxLength(PROJECT_NAME_MAX, nameRule));
const tier = z.enum(PROJECT_TIERS);

const createParams = inputOf<CreateProjectParams>()(z.strictObject({
  name: projectName,
  description: z.optional(z.string().check(z.maxLength(DESCRIPTION_MAX))),
  tier: z.optional(tier),
  database_enabled: z.optional(z.boolean()),
}));
/** Input of {@link ProjectsAPI.create}. The server enables the database by default. */
export interface CreateProjectParams {
  /** Project name, 2-100 characters. */
  name: string;
  /** Free text, at most 1000 characters. */
  description?: string | undefined;
  /** Tier, one of {@link PROJECT_TIERS}: `free`, `pro`, `scale`, `enterprise`. Not sent unless given (the server decides). */
  tier?: ProjectTier | undefined;
  /** Give the project a database. Not sent unless given (the server enables it by default). */
  database_enabled?: boolean | undefined;
}

const listParams = inputOf<ListProjectsParams>()(z.strictObject({
  skip: z.optional(pageSkip),
  limit: z.optional(pageLimit),
  status: z.optional(z.string().check(z.minLength(1))),
  include_deleted: z.optional(z.boolean()),
}));
/** Input of {@link ProjectsAPI.list}. */
export interface ListProjectsParams {
  /** Projects to skip before the first one returned; an integer ≥ 0. Default 0. */
  skip?: number | undefined;
  /** Page size, 1-1000. Default 100. */
  limit?: number | undefined;
  /** Only projects with this status, e.g. `ACTIVE`; non-empty. */
  status?: string | undefined;
  /** Also list soft-deleted projects. Not sent unless given (the server leaves them out). */
  include_deleted?: boolean | undefined;
}

const updateParams = inputOf<UpdateProjectParams>()(z.strictObject({
    name: z.optional(projectName),
    description: z.optional(z.string().check(z.maxLength(DESCRIPTION_MAX))),
    tier: z.optional(tier),
    status: z.optional(z.string().check(z.minLength(1))),
  }).check(z.refine((p) => Object.values(p).some((v) => v !== undefined), "needs at least one of name, description, tier, status")));
/** Input of {@link ProjectsAPI.update} (PATCH: only the fields given change). */
export interface UpdateProjectParams {
  /** New name, 2-100 characters. At least one field must be given. */
  name?: string | undefined;
  /** New description, at most 1000 characters. */
  description?: string | undefined;
  /** New tier, one of {@link PROJECT_TIERS}: `free`, `pro`, `scale`, `enterprise`. */
  tier?: ProjectTier | undefined;
  /** New status, e.g. `ACTIVE`; non-empty. */
  status?: string | undefined;
}

const getParams = inputOf<GetProjectParams>()(z.strictObject({ include_deleted: z.optional(z.boolean()) }));
/** Options of {@link ProjectsAPI.get}. */
export interface GetProjectParams {
  /** Also find the project when it is soft-deleted. Default false (not sent). */
  include_deleted?: boolean | undefined;
}
const deleteParams = inputOf<DeleteProjectParams>()(z.strictObject({ hard_delete: z.optional(z.boolean()) }));
/** Options of {@link ProjectsAPI.delete}. Without `hard_delete` the project is soft-deleted and can be restored. */
export interface DeleteProjectParams {
  /** Delete for good instead of soft-deleting (a soft delete can be restored). Default false (not sent). */
  hard_delete?: boolean | undefined;
}

/**
 * The projects collection (`/v1/public/projects`, `/v1/projects`, optionally under `/api`,
 * following the client's path style). Not bound to a project.
 */
export class ProjectsAPI {
  readonly #http: HttpClient;
  /** @internal Made by the client; use `client.projects`. */
  constructor(http: HttpClient) {
    this.#http = http;
  }

  #path(rest = ""): string {
    return `${projectsRoot(this.#http.config)}${rest}`;
  }

  /**
   * Creates a project. Not retried after an ambiguous failure (a retry could create two).
   * @example
   * ```ts
   * const project = await client.projects.create({ name: "Call time 2026", tier: "free" });
   * ```
   */
  create(params: CreateProjectParams, options?: RequestOptions): APIPromise<Project> {
    return post(this.#http, () => {
      const p = parseInput(createParams, params, "params");
      return { path: this.#path(), body: compact(p), schema: projectSchema };
    }, options);
  }

  /**
   * Lists projects by `skip`/`limit` (default 0/100); await for one page or `for await` over all.
   * @example
   * ```ts
   * for await (const project of client.projects.list({ status: "ACTIVE" })) console.log(project.name);
   * ```
   */
  list(params: ListProjectsParams = {}, options?: RequestOptions): PagePromise<Project> {
    return pagesOrError(() => {
      const { skip, limit, ...filters } = parseInput(listParams, params, "params");
      return listPages(this.#http, this.#path(), projectSchema, { skip, limit }, filters, options);
    });
  }

  /**
   * Gets one project; `include_deleted: true` also finds a soft-deleted one.
   * @example
   * ```ts
   * const project = await client.projects.get(projectId);
   * ```
   */
  get(projectId: string, params: GetProjectParams = {}, options?: RequestOptions): APIPromise<Project> {
    return get(this.#http, () => {
      const p = parseInput(getParams, params, "params");
      return { path: this.#path(`/${segment("projectId", projectId)}`), query: { include_deleted: p.include_deleted }, schema: projectSchema };
    }, options);
  }

  /**
   * Changes some fields of a project (PATCH).
   * @example
   * ```ts
   * await client.projects.update(projectId, { tier: "pro" });
   * ```
   */
  update(projectId: string, params: UpdateProjectParams, options?: RequestOptions): APIPromise<Project> {
    return patch(this.#http, () => {
      const p = parseInput(updateParams, params, "params");
      return { path: this.#path(`/${segment("projectId", projectId)}`), body: compact(p), idempotent: true, schema: projectSchema };
    }, options);
  }

  /**
   * Deletes a project: soft by default (restorable), for good with `hard_delete: true`.
   * @example
   * ```ts
   * await client.projects.delete(projectId);
   * ```
   */
  delete(projectId: string, params: DeleteProjectParams = {}, options?: RequestOptions): APIPromise<Record<string, unknown>> {
    return del(this.#http, () => {
      const p = parseInput(deleteParams, params, "params");
      return { path: this.#path(`/${segment("projectId", projectId)}`), query: { hard_delete: p.hard_delete } };
    }, options);
  }

  /**
   * Restores a soft-deleted project. Restoring twice is harmless, so it is retried like a PUT.
   * @example
   * ```ts
   * const project = await client.projects.restore(projectId);
   * ```
   */
  restore(projectId: string, options?: RequestOptions): APIPromise<Project> {
    return post(this.#http, () => ({ path: this.#path(`/${segment("projectId", projectId)}/restore`), idempotent: true, schema: projectSchema }), options);
  }
}
