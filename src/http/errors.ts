/**
 * The error family of the SDK. Every error thrown by a client method is a
 * {@link ZeroDBError}; API answers with an error status are {@link APIError}
 * subclasses chosen by status. Errors never hold request headers or config, so
 * they cannot leak the API key.
 */

const BRAND = Symbol.for("zerodb-calltime.error");

/** One field-level problem reported by the server (FastAPI `detail` list) or the client. */
export interface FieldIssue {
  /** Where the problem is, e.g. `["body", "row_data"]`, or a dotted field path. */
  path: string;
  message: string;
  /** The server's or client's rule name, e.g. `missing`, `type_error`. */
  code?: string;
}

/** Base class of every error the SDK throws. */
export class ZeroDBError extends Error {
  override name = "ZeroDBError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** What the transport knows about a failed exchange; the key is never part of it. */
export interface APIErrorInit {
  status: number;
  method: string;
  path: string;
  body: unknown;
  headers: Headers;
  cause?: unknown;
}

/** The server answered with an error status. */
export class APIError extends ZeroDBError {
  override name = "APIError";
  /** HTTP status code. */
  readonly status: number;
  /** Machine-readable code (`error_code`, `error.code` or `code` in the body), if any. */
  readonly code: string | undefined;
  /** Structured details: the FastAPI `detail` list or the body's `details`. */
  readonly details: unknown;
  /** Field issues parsed from `details`, empty when the body had none. */
  readonly issues: readonly FieldIssue[];
  /** `X-Request-ID` of the answer, for support tickets. */
  readonly requestId: string | undefined;
  /** Milliseconds the server asked us to wait (`Retry-After`), if it said. */
  readonly retryAfterMs: number | undefined;
  /** The parsed response body (JSON, else text). */
  readonly body: unknown;
  /** HTTP method and path of the failed request (no host, no query). */
  readonly method: string;
  readonly path: string;

  constructor(init: APIErrorInit) {
    const parsed = parseErrorBody(init.body);
    const requestId = init.headers.get("x-request-id") ?? undefined;
    super(formatMessage(init.method, init.path, init.status, parsed.message, requestId), {
      cause: init.cause,
    });
    this.status = init.status;
    this.code = parsed.code;
    this.details = parsed.details;
    this.issues = parsed.issues;
    this.requestId = requestId;
    this.retryAfterMs = parseRetryAfter(init.headers, Date.now());
    this.body = init.body;
    this.method = init.method;
    this.path = init.path;
  }
}

export class BadRequestError extends APIError {
  override name = "BadRequestError";
}
export class AuthenticationError extends APIError {
  override name = "AuthenticationError";
}
export class PermissionDeniedError extends APIError {
  override name = "PermissionDeniedError";
}
export class NotFoundError extends APIError {
  override name = "NotFoundError";
}
export class ConflictError extends APIError {
  override name = "ConflictError";
}
export class GoneError extends APIError {
  override name = "GoneError";
}
/** 422: the server rejected the body; see {@link APIError.issues}. */
export class UnprocessableEntityError extends APIError {
  override name = "UnprocessableEntityError";
}
/** 429, or a `Retry-After` longer than the client's `maxRetryAfter`. */
export class RateLimitError extends APIError {
  override name = "RateLimitError";
}
/** 5xx. */
export class ServerError extends APIError {
  override name = "ServerError";
}

/** No answer arrived: DNS, refused or reset connection, TLS failure. */
export class ConnectionError extends ZeroDBError {
  override name = "ConnectionError";
}
/** The per-attempt `timeout` or the whole-call `deadline` elapsed. */
export class TimeoutError extends ZeroDBError {
  override name = "TimeoutError";
}
/** The caller's AbortSignal fired. */
export class AbortError extends ZeroDBError {
  override name = "AbortError";
}
/** Bad input caught before any request was sent. */
export class ValidationError extends ZeroDBError {
  override name = "ValidationError";
  /** The offending fields, each with the rule it broke. */
  readonly issues: readonly FieldIssue[];
  constructor(issues: readonly FieldIssue[], options?: { cause?: unknown }) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join("; ") || "invalid input", options);
    this.issues = issues;
  }
}
/**
 * A repository refused a write (or a read) because it would break one of its table's
 * rules: `rule` names the rule (`unique_email`, `one_primary_per_type`,
 * `campaign_status_transition`, `project_isolation`...), `field` the field it is about.
 * Raised before any write is sent, except where only the server can tell (a unique key).
 */
export class InvariantError extends ZeroDBError {
  override name = "InvariantError";
  /** The table whose rule was broken. */
  readonly table: string;
  /** The rule, in snake_case. */
  readonly rule: string;
  /** The field the rule is about (dotted path), or `""` for a whole-row rule. */
  readonly field: string;
  constructor(init: { table: string; rule: string; field: string; message: string }, options?: { cause?: unknown }) {
    super(`${init.table}: ${init.rule}${init.field === "" ? "" : ` (${init.field})`}: ${init.message}`, options);
    this.table = init.table;
    this.rule = init.rule;
    this.field = init.field;
  }
}

/**
 * A unique key is taken by another row: `existingId` is that row's `id`, and for a
 * contact identity `contactId` is the contact that owns the number or address.
 */
export class DuplicateError extends InvariantError {
  override name = "DuplicateError";
  /** `id` of the row that holds the key. */
  readonly existingId: string | undefined;
  /** For `contact_identities`: the contact that owns the phone or email. */
  readonly contactId: string | undefined;
  constructor(
    init: { table: string; rule: string; field: string; message: string; existingId?: string | undefined; contactId?: string | undefined },
    options?: { cause?: unknown },
  ) {
    super(init, options);
    this.existingId = init.existingId;
    this.contactId = init.contactId;
  }
}

/** The server answered 2xx with a body the SDK could not understand. */
export class ResponseValidationError extends ZeroDBError {
  override name = "ResponseValidationError";
}

/** Picks the subclass for a status. */
export function errorClassFor(status: number): typeof APIError {
  switch (status) {
    case 400:
      return BadRequestError;
    case 401:
      return AuthenticationError;
    case 403:
      return PermissionDeniedError;
    case 404:
      return NotFoundError;
    case 409:
      return ConflictError;
    case 410:
      return GoneError;
    case 422:
      return UnprocessableEntityError;
    case 429:
      return RateLimitError;
    default:
      return status >= 500 ? ServerError : APIError;
  }
}

interface ParsedErrorBody {
  message: string | undefined;
  code: string | undefined;
  details: unknown;
  issues: FieldIssue[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const str = (v: unknown): string | undefined =>
  typeof v === "string" && v.length > 0 ? v : undefined;

/**
 * Reads every error body shape ZeroDB is known to send (zerodb-api.md §10):
 * `{detail: string}`, `{detail: [{loc, msg, type}]}`, `{error_code}`,
 * `{error, message, details: [{field, message, code}]}`, `{error: {message, details}}`
 * and plain text.
 */
export function parseErrorBody(body: unknown): ParsedErrorBody {
  if (typeof body === "string") {
    return { message: str(body.trim().slice(0, 500)), code: undefined, details: undefined, issues: [] };
  }
  if (!isRecord(body)) return { message: undefined, code: undefined, details: undefined, issues: [] };
  const nested = isRecord(body.error) ? body.error : undefined;
  const detail = body.detail;
  const details = Array.isArray(detail) ? detail : (body.details ?? nested?.details);
  const issues = toIssues(details);
  const message =
    str(detail) ??
    (isRecord(detail) ? (str(detail.message) ?? str(detail.msg)) : undefined) ??
    str(body.message) ??
    str(nested?.message) ??
    (issues.length > 0 ? issues.map((i) => `${i.path}: ${i.message}`).join("; ") : undefined) ??
    str(body.error);
  const code =
    str(body.error_code) ??
    str(nested?.code) ??
    str(body.code) ??
    (isRecord(detail) ? str(detail.error_code) : undefined) ??
    (typeof body.error === "string" && /^[A-Z0-9_]+$/.test(body.error) ? body.error : undefined);
  return { message, code, details, issues };
}

function toIssues(details: unknown): FieldIssue[] {
  if (!Array.isArray(details)) return [];
  const out: FieldIssue[] = [];
  for (const d of details) {
    if (typeof d === "string") {
      out.push({ path: "", message: d });
      continue;
    }
    if (!isRecord(d)) continue;
    const loc = Array.isArray(d.loc) ? d.loc.map(String).join(".") : str(d.field) ?? str(d.path) ?? "";
    const message = str(d.msg) ?? str(d.message) ?? JSON.stringify(d);
    const code = str(d.type) ?? str(d.code);
    out.push(code === undefined ? { path: loc, message } : { path: loc, message, code });
  }
  return out;
}

function formatMessage(
  method: string,
  path: string,
  status: number,
  serverMessage: string | undefined,
  requestId: string | undefined,
): string {
  const base = `${method} ${path} failed with ${status}`;
  const withMsg = serverMessage === undefined ? base : `${base}: ${serverMessage}`;
  return requestId === undefined ? withMsg : `${withMsg} (request id ${requestId})`;
}

/**
 * `Retry-After` in seconds or as an HTTP date, or `retry-after-ms`; undefined when
 * absent or unreadable. Never negative.
 */
export function parseRetryAfter(headers: Headers, now: number): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "" && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get("retry-after");
  if (value === null || value.trim() === "") return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.max(0, Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function hasBrand(value: unknown): boolean {
  return (
    typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true
  );
}

/**
 * True for any error thrown by this SDK, even one from a second copy of the
 * package (checked by a global symbol, not `instanceof`).
 */
export function isZeroDBError(value: unknown): value is ZeroDBError {
  return value instanceof ZeroDBError || hasBrand(value);
}

/** True for an {@link APIError} (the server answered with an error status), across package copies. */
export function isAPIError(value: unknown): value is APIError {
  return isZeroDBError(value) && typeof (value as { status?: unknown }).status === "number";
}

/** True for an error of the given class name, e.g. `isErrorOf(e, "NotFoundError")`, across package copies. */
export function isErrorOf<K extends ErrorName>(value: unknown, name: K): value is InstanceType<ErrorClasses[K]> {
  if (!isZeroDBError(value)) return false;
  for (let proto = Object.getPrototypeOf(value); proto !== null; proto = Object.getPrototypeOf(proto)) {
    if ((proto as { constructor?: { name?: string } }).constructor?.name === name) return true;
  }
  return false;
}

/** Every error class of the SDK by name (the keys are what {@link isErrorOf} accepts). */
export interface ErrorClasses {
  ZeroDBError: typeof ZeroDBError;
  APIError: typeof APIError;
  BadRequestError: typeof BadRequestError;
  AuthenticationError: typeof AuthenticationError;
  PermissionDeniedError: typeof PermissionDeniedError;
  NotFoundError: typeof NotFoundError;
  ConflictError: typeof ConflictError;
  GoneError: typeof GoneError;
  UnprocessableEntityError: typeof UnprocessableEntityError;
  RateLimitError: typeof RateLimitError;
  ServerError: typeof ServerError;
  ConnectionError: typeof ConnectionError;
  TimeoutError: typeof TimeoutError;
  AbortError: typeof AbortError;
  ValidationError: typeof ValidationError;
  InvariantError: typeof InvariantError;
  DuplicateError: typeof DuplicateError;
  ResponseValidationError: typeof ResponseValidationError;
}

/** Names accepted by {@link isErrorOf}. */
export type ErrorName = keyof ErrorClasses;
