import type { AfterResponseHook, BeforeErrorHook, BeforeRequestHook } from "ky";
import { ValidationError, type FieldIssue } from "./errors.js";
import type { Logger, LogLevel } from "./logger.js";

/** How project-scoped paths are spelled (see the README's "Path styles"). */
export type PathStyle = "public" | "projects";
/** How the API key is sent. */
export type AuthScheme = "x-api-key" | "bearer";

/**
 * ky hooks run on every attempt of every API call (not on presigned downloads, which go to
 * another host). They are your code and see ky's `Request`, including the API key header:
 * read the headers you need, never log them wholesale.
 * - `beforeRequest`: add or change headers (tracing ids), or answer from a cache.
 * - `afterResponse`: observe status and timing; the response is a clone, read it freely.
 * - `beforeError`: observe a failed attempt (ky's `HTTPError`, `TimeoutError`, `NetworkError`).
 *   The SDK then throws its own error class, so an error the hook returns is not used.
 * `retryCount` is always 0 and `ky.retry()` is not supported: retries are the SDK's own
 * (see `maxRetries`), and each attempt is a fresh ky call.
 * A hook that throws fails the call with a `ZeroDBError` (cause: the thrown error), never retried.
 * @example
 * ```ts
 * const client = createClient({
 *   hooks: { beforeRequest: [({ request }) => request.headers.set("traceparent", currentTraceparent())] },
 * });
 * ```
 */
export interface ClientHooks {
  beforeRequest?: BeforeRequestHook[];
  afterResponse?: AfterResponseHook[];
  beforeError?: BeforeErrorHook[];
}

/** The hook names {@link ClientHooks} accepts. */
export const HOOK_NAMES = ["beforeRequest", "afterResponse", "beforeError"] as const;

/** Options of {@link createClient}. Every option is optional except the key, which may come from the environment. */
export interface ClientOptions {
  /** API key. Default: `process.env.ZERODB_API_KEY`. */
  apiKey?: string;
  /** Base URL of the API. Default: `process.env.ZERODB_BASE_URL` or `https://api.ainative.studio`. */
  baseUrl?: string;
  /** Default project for {@link ZeroDBClient.project} with no argument. Default: `process.env.ZERODB_PROJECT_ID`. */
  projectId?: string;
  /** `public` = `/v1/public/{project_id}/...` (default); `projects` = `/v1/projects/{project_id}/...`. */
  pathStyle?: PathStyle;
  /** Extra path prefix before `/v1`, `""` (default) or `"/api"`. */
  apiPrefix?: "" | "/api";
  /** `x-api-key` (default) sends `X-API-Key`; `bearer` sends `Authorization: Bearer`. */
  authScheme?: AuthScheme;
  /** Per-attempt timeout in ms (ky's: for the answer's headers, then for its body). Default 60000. `0` disables it. */
  timeout?: number;
  /** Whole-call deadline in ms across all attempts and backoff. Default: none (`0`). */
  deadline?: number;
  /** Retries after the first attempt for retryable failures. Default 2. */
  maxRetries?: number;
  /** Longest `Retry-After` (ms) the client will wait; a longer one throws `RateLimitError`. Default 60000. */
  maxRetryAfter?: number;
  /** Backoff base in ms (full jitter: a random wait in [0, min(cap, base * 2^n)]). Default 500. */
  retryBaseDelay?: number;
  /** Backoff cap in ms. Default 8000. */
  retryMaxDelay?: number;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** A leveled logger; nothing is logged without one. */
  logger?: Logger;
  /** Lowest level passed to the logger. Default: `process.env.ZERODB_LOG` or `info`. */
  logLevel?: LogLevel;
  /** A fetch implementation (tests, proxies), called by ky with a `Request`. Default: the global `fetch`. */
  fetch?: typeof fetch;
  /**
   * Also send the filter operators only the local server understands (`$and $or $nor
   * $exists $options`, started with `localOperators: true`). ZeroDB refuses them, so by
   * default the client refuses them before sending. Default false.
   */
  localOperators?: boolean;
  /** ky hooks for tracing headers, metrics and error reporting; see {@link ClientHooks}. Default: none. */
  hooks?: ClientHooks;
}

/** Options resolved with defaults; the key lives outside this object. */
export interface ResolvedConfig {
  baseUrl: string;
  projectId: string | undefined;
  pathStyle: PathStyle;
  apiPrefix: "" | "/api";
  authScheme: AuthScheme;
  timeout: number;
  deadline: number;
  maxRetries: number;
  maxRetryAfter: number;
  retryBaseDelay: number;
  retryMaxDelay: number;
  headers: Record<string, string>;
  logger: Logger | undefined;
  logLevel: LogLevel;
  fetch: typeof fetch | undefined;
  localOperators: boolean;
  hooks: ClientHooks;
}

export const DEFAULT_BASE_URL = "https://api.ainative.studio";

const KNOWN_KEYS = new Set<string>([
  "apiKey",
  "baseUrl",
  "projectId",
  "pathStyle",
  "apiPrefix",
  "authScheme",
  "timeout",
  "deadline",
  "maxRetries",
  "maxRetryAfter",
  "retryBaseDelay",
  "retryMaxDelay",
  "headers",
  "logger",
  "logLevel",
  "fetch",
  "localOperators",
  "hooks",
]);

const LOG_LEVELS = ["debug", "info", "warn", "error", "off"] as const;

function env(name: string): string | undefined {
  const value = typeof process === "undefined" ? undefined : process.env[name];
  return value === undefined || value === "" ? undefined : value;
}

/** Validates options, applies env fallbacks and defaults; throws `ValidationError` naming every bad field. */
export function resolveConfig(options: ClientOptions): { config: ResolvedConfig; apiKey: string } {
  const issues: FieldIssue[] = [];
  if (typeof options !== "object" || options === null) {
    throw new ValidationError([{ path: "options", message: "must be an object" }]);
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_KEYS.has(key)) issues.push({ path: key, message: "unknown option", code: "unknown_key" });
  }

  const apiKey = options.apiKey ?? env("ZERODB_API_KEY");
  if (apiKey === undefined || typeof apiKey !== "string" || apiKey.trim() === "") {
    issues.push({
      path: "apiKey",
      message: "missing: pass apiKey or set the ZERODB_API_KEY environment variable",
      code: "required",
    });
  }

  const baseUrl = (options.baseUrl ?? env("ZERODB_BASE_URL") ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) {
    issues.push({ path: "baseUrl", message: "must be an http(s) URL", code: "url" });
  }

  const number = (name: keyof ClientOptions, value: unknown, fallback: number): number => {
    const v = value ?? fallback;
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      issues.push({ path: name, message: "must be a finite number >= 0", code: "number" });
      return fallback;
    }
    return v;
  };
  const oneOf = <T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T => {
    const v = value ?? fallback;
    if (!allowed.includes(v as T)) {
      issues.push({ path: name, message: `must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`, code: "enum" });
      return fallback;
    }
    return v as T;
  };

  const maxRetries = number("maxRetries", options.maxRetries, 2);
  if (!Number.isInteger(maxRetries)) issues.push({ path: "maxRetries", message: "must be an integer", code: "integer" });

  const config: ResolvedConfig = {
    baseUrl,
    projectId: options.projectId ?? env("ZERODB_PROJECT_ID"),
    pathStyle: oneOf("pathStyle", options.pathStyle, ["public", "projects"] as const, "public"),
    apiPrefix: oneOf("apiPrefix", options.apiPrefix, ["", "/api"] as const, ""),
    authScheme: oneOf("authScheme", options.authScheme, ["x-api-key", "bearer"] as const, "x-api-key"),
    timeout: number("timeout", options.timeout, 60_000),
    deadline: number("deadline", options.deadline, 0),
    maxRetries,
    maxRetryAfter: number("maxRetryAfter", options.maxRetryAfter, 60_000),
    retryBaseDelay: number("retryBaseDelay", options.retryBaseDelay, 500),
    retryMaxDelay: number("retryMaxDelay", options.retryMaxDelay, 8_000),
    headers: { ...(options.headers ?? {}) },
    logger: options.logger,
    logLevel: oneOf("logLevel", options.logLevel ?? env("ZERODB_LOG"), LOG_LEVELS, "info"),
    fetch: options.fetch,
    localOperators: options.localOperators ?? false,
    hooks: hooks(options.hooks, issues),
  };
  if (typeof config.localOperators !== "boolean") issues.push({ path: "localOperators", message: "must be true or false", code: "type" });
  if (options.logger !== undefined && typeof options.logger !== "object") {
    issues.push({ path: "logger", message: "must be an object with debug/info/warn/error methods", code: "type" });
  }
  if (options.fetch !== undefined && typeof options.fetch !== "function") {
    issues.push({ path: "fetch", message: "must be a function", code: "type" });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return { config, apiKey: apiKey as string };
}

/** Copies the known hook lists; any other key (ky's `init`, `beforeRetry`) is an issue. */
function hooks(value: unknown, issues: FieldIssue[]): ClientHooks {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    issues.push({ path: "hooks", message: "must be an object of hook arrays", code: "type" });
    return {};
  }
  const out: ClientHooks = {};
  for (const [name, list] of Object.entries(value)) {
    if (!(HOOK_NAMES as readonly string[]).includes(name)) {
      issues.push({ path: `hooks.${name}`, message: `unknown hook (supported: ${HOOK_NAMES.join(", ")})`, code: "unknown_key" });
    } else if (!Array.isArray(list) || list.some((h) => typeof h !== "function")) {
      issues.push({ path: `hooks.${name}`, message: "must be an array of functions", code: "type" });
    } else if (list.length > 0) {
      (out as Record<string, unknown[]>)[name] = [...list];
    }
  }
  return out;
}
