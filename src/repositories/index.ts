/**
 * Project-scoped repositories, one per table (see `ProjectScope`).
 * @module
 */
export * from "./base.js";
export * from "./contacts.js";
export * from "./campaigns.js";
export * from "./sessions.js";
export * from "./followups.js";
export * from "./users.js";
export * from "./messages.js";
