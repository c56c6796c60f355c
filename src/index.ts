export { createClient, ZeroDBClient, ProjectScope } from "./client.js";
export type { ClientOptions, PathStyle, AuthScheme } from "./http/config.js";
export { DEFAULT_BASE_URL } from "./http/config.js";
export type { Logger, LogLevel } from "./http/logger.js";
export type { RequestOptions, RawResponse } from "./http/transport.js";
export { PagePromise, type Page } from "./http/pagination.js";
export {
  ZeroDBError,
  APIError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  GoneError,
  UnprocessableEntityError,
  RateLimitError,
  ServerError,
  ConnectionError,
  TimeoutError,
  AbortError,
  ValidationError,
  ResponseValidationError,
  isZeroDBError,
  isAPIError,
  isErrorOf,
  type ErrorName,
  type FieldIssue,
} from "./http/errors.js";
export type { JsonObject } from "./api/shared.js";
export { TablesAPI, type Table, type CreateTableParams } from "./api/tables.js";
export {
  RowsAPI,
  type Row,
  type Filter,
  type Sort,
  type QueryParams,
  type BulkUpdateParams,
  type BulkDeleteParams,
  type BulkUpdateResult,
  type BulkDeleteResult,
} from "./api/rows.js";
