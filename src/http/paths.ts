import type { ResolvedConfig } from "./config.js";
import { ValidationError } from "./errors.js";

/**
 * Encodes one path segment. Refuses empty ones (`rows("")` would hit the collection)
 * and `.`/`..`, which URL parsing resolves as path steps even when percent-encoded, so
 * `vectors.delete("..")` would otherwise reach the parent resource.
 */
export function segment(name: string, value: string): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new ValidationError([{ path: name, message: "must be a non-empty string", code: "required" }]);
  }
  if (value === "." || value === "..") {
    throw new ValidationError([{ path: name, message: "must not be \".\" or \"..\"", code: "dot_segment" }]);
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
