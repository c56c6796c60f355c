/**
 * Error shapes of the real ZeroDB API (FastAPI style), and the mapping of
 * PostgreSQL errors onto them. Internal to the local server.
 * @internal
 * @module
 */

/** One FastAPI validation entry: `{loc, msg, type}`. */
export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
  input?: unknown;
}

/** An error that becomes `{"detail": ..., "error_code"?: ...}` with an HTTP status. */
export class HttpError extends Error {
  readonly status: number;
  readonly detail: string | ValidationIssue[];
  readonly errorCode: string | undefined;
  readonly headers: Record<string, string>;
  constructor(
    status: number,
    detail: string | ValidationIssue[],
    errorCode?: string,
    headers: Record<string, string> = {},
  ) {
    super(typeof detail === "string" ? detail : "Validation error");
    this.name = "HttpError";
    this.status = status;
    this.detail = detail;
    this.errorCode = errorCode;
    this.headers = headers;
  }

  /** The JSON body sent for this error. */
  body(): Record<string, unknown> {
    const b: Record<string, unknown> = { detail: this.detail };
    if (this.errorCode !== undefined) b.error_code = this.errorCode;
    return b;
  }
}

export const badRequest = (detail: string, code?: string): HttpError => new HttpError(400, detail, code);
export const notFound = (detail: string): HttpError => new HttpError(404, detail, "NOT_FOUND");
export const conflict = (detail: string): HttpError => new HttpError(409, detail, "CONFLICT");
export const unprocessable = (issues: ValidationIssue[]): HttpError => new HttpError(422, issues);

/** 422 for one field, FastAPI style. */
export function fieldError(loc: (string | number)[], msg: string, type: string): HttpError {
  return new HttpError(422, [{ loc, msg, type }]);
}

interface PgLikeError {
  code?: string;
  message?: string;
  detail?: string;
}

function isPgError(e: unknown): e is PgLikeError {
  return typeof e === "object" && e !== null && typeof (e as PgLikeError).code === "string" && "severity" in e;
}

/**
 * Map any thrown value to an HttpError. PostgreSQL errors keep their message
 * (never a value of the API key; the server never puts keys into SQL).
 */
export function toHttpError(e: unknown): HttpError {
  if (e instanceof HttpError) return e;
  if (isPgError(e)) {
    const code = e.code ?? "";
    const msg = e.message ?? "database error";
    if (code === "23505") return new HttpError(409, `Duplicate value violates a unique index: ${e.detail ?? msg}`, "DUPLICATE");
    if (code === "57014") return new HttpError(408, "Query exceeded the statement timeout", "QUERY_TIMEOUT");
    if (code === "42501") return new HttpError(403, `Permission denied: ${msg}`, "PERMISSION_DENIED");
    if (code === "25006") return new HttpError(400, `${msg} (the query ran with read_only=true)`, "READ_ONLY");
    if (code === "ZDB01") return new HttpError(400, msg, "INVALID_UPDATE");
    // data exceptions, syntax errors, undefined objects, invalid regex...
    if (/^(22|42|2B|0A|21|23|44|54)/.test(code)) return new HttpError(400, msg, "INVALID_QUERY");
    return new HttpError(500, msg, "DATABASE_ERROR");
  }
  return new HttpError(500, "Internal server error", "INTERNAL_ERROR");
}
