/**
 * The wire rules in code: operators, name rules, limits, dimensions. Imported by both the
 * SDK (`src/api/`) and the local server (`src/local/`) so the two cannot drift; imports
 * nothing from the rest of `src/`.
 * @module
 */
export * from "./issues.js";
export * from "./filters.js";
export * from "./names.js";
export * from "./sizes.js";
export * from "./vectors.js";
export * from "./files.js";
export * from "./limits.js";
