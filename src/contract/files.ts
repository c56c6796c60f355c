/**
 * File uploads and presigned links (zerodb-api.md §7).
 * @module
 */

/**
 * Default client-side upload limit: 7 MiB of file content. Base64 grows it by a third, so
 * the JSON body stays under 10 MiB, a common gateway limit (ZeroDB publishes none).
 */
export const DEFAULT_MAX_UPLOAD_BYTES = 7 * 1024 * 1024;
/** Largest request body the local server takes by default: a 10 MiB file as base64 JSON fits. */
export const LOCAL_BODY_LIMIT_BYTES = 20 * 1024 * 1024;
/** Lifetime of a presigned link when none is given, in seconds. */
export const PRESIGN_EXPIRATION_DEFAULT_SECONDS = 3600;
/** Longest lifetime of a presigned link, in seconds (7 days). */
export const PRESIGN_EXPIRATION_MAX_SECONDS = 604_800;
