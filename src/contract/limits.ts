/**
 * Input limits of the wire contract: plain numbers that both the SDK and the
 * local server read, so a request the SDK lets through is one the server takes.
 * Each says where its number comes from.
 * @module
 */

/**
 * Deepest nesting of arrays and objects accepted in a JSON body (the body
 * itself is level 1). serde_json's default recursion limit; far above any row,
 * metadata or filter a real application sends, and well inside what the JSON
 * parser, PostgreSQL's jsonb and the filter compiler handle without recursing
 * out of stack (ZeroDB's Python parser gives up near 1,000).
 */
export const MAX_JSON_DEPTH = 128;

/**
 * Most terms in one row filter: every field condition (`{"status": "open"}`,
 * each operator of `{"amount": {"$gte": 1, "$lt": 9}}`) and every branch of an
 * `$and`/`$or`/`$nor` counts once. Each term becomes SQL text and usually one
 * bound parameter; a statement may bind at most 65,535 parameters, and 20,000
 * `$or` branches already exhaust the local server's memory. A `$in` list counts
 * once, however long: use it instead of thousands of `$or` branches.
 */
export const MAX_FILTER_TERMS = 2_000;

/**
 * Most fields one bulk update may change, over all its operators (`$set`,
 * `$inc`, ...). Each field nests one more function call in the SQL update
 * expression: measured on the local server, 500 fields take seconds and 2,000
 * crash its PostgreSQL; a bulk update that needs more is a full-row `PUT`.
 */
export const MAX_UPDATE_FIELDS = 100;

/** Deepest nesting of `$and`/`$or`/`$nor` inside one row filter. */
export const MAX_FILTER_DEPTH = 20;

/**
 * Largest magnitude of an integer parameter that has no narrower bound of its
 * own (`skip`, `offset` in a query string or a JSON body): PostgreSQL's
 * `integer` maximum, 2^31 - 1. Larger offsets only make sense past two billion
 * rows; the bound keeps every value exact and inside PostgreSQL's integer types.
 */
export const MAX_INT_PARAM = 2_147_483_647;

/**
 * Largest magnitude of an integer written in digits in a JSON body: 2^53 - 1,
 * the largest integer a JavaScript number (an IEEE 754 double) holds without
 * rounding; beyond it neighbouring ids share one value. A larger integer is
 * refused with 422 rather than stored rounded; send it as a string.
 */
export const MAX_SAFE_JSON_INTEGER = Number.MAX_SAFE_INTEGER;

/**
 * Longest `content_type` of an uploaded file, in characters: the 255 of the
 * existing `file_name` rule (RFC 6838 caps type and subtype names at 127
 * characters each, plus parameters).
 */
export const MAX_CONTENT_TYPE_LENGTH = 255;
