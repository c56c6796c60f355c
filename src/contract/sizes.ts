/**
 * Page sizes, batch sizes and the bulk confirmation threshold (zerodb-api.md §3-§8).
 * @module
 */

/** Largest `limit` of a list or query page. */
export const PAGE_LIMIT_MAX = 1000;
/** `limit` when none is given. */
export const PAGE_LIMIT_DEFAULT = 100;
/** A bulk update or delete matching more rows than this needs `confirm_large_operation: true`. */
export const BULK_CONFIRM_THRESHOLD = 100;
/** Most vectors in one `upsert-batch`. */
export const MAX_VECTOR_BATCH = 1000;
/** Most texts in one embeddings `generate` or `embed-and-store`. */
export const EMBED_TEXTS_MAX = 100;
/** Largest `limit` of an embeddings search and a memory search. */
export const SEARCH_LIMIT_MAX = 100;
/** `limit` of a search when none is given. */
export const SEARCH_LIMIT_DEFAULT = 10;
/** Largest `limit` of a vector search. */
export const VECTOR_SEARCH_LIMIT_MAX = 1000;
/** Largest `max_rows` of an SQL query. */
export const SQL_MAX_ROWS_MAX = 100_000;
/** `max_rows` of an SQL query when none is given. */
export const SQL_MAX_ROWS_DEFAULT = 1000;
/** Longest SQL statement timeout, in seconds. */
export const SQL_TIMEOUT_MAX_SECONDS = 300;
/** SQL statement timeout when none is given, in seconds. */
export const SQL_TIMEOUT_DEFAULT_SECONDS = 30;
/** Longest SQL statement, in characters. */
export const SQL_TEXT_MAX = 100_000;
