import type { ResolvedConfig } from "./config.js";
import { ValidationError } from "./errors.js";

/** Encodes one path segment and refuses empty ones, so `rows("")` never hits the collection URL. */
export function segment(name: string, value: string): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new ValidationError([{ path: name, message: "must be a non-empty string", code: "required" }]);
  }
  return encodeURIComponent(value);
}

/** Path of the projects collection for the configured style. */
export function projectsRoot(config: Pick<ResolvedConfig, "pathStyle" | "apiPrefix">): string {
  return `${config.apiPrefix}${config.pathStyle === "public" ? "/v1/public/projects" : "/v1/projects"}`;
}

/** Prefix of every project-scoped path: `/v1/public/{id}` or `/v1/projects/{id}`, optionally under `/api`. */
export function projectPrefix(
  config: Pick<ResolvedConfig, "pathStyle" | "apiPrefix">,
  projectId: string,
): string {
  const id = segment("projectId", projectId);
  return `${config.apiPrefix}${config.pathStyle === "public" ? "/v1/public" : "/v1/projects"}/${id}`;
}
