/**
 * Use cases that touch several tables or services, exposed on the project scope.
 * @module
 */
export * from "./events.js";
export * from "./shared.js";
export * from "./interactions.js";
export * from "./money.js";
export * from "./followups.js";
export * from "./contacts.js";
export * from "./records.js";
export * from "./reconcile.js";
export * from "./feedback.js";
export * from "./kb.js";
export * from "./next-snapshot.js";
export * from "./next.js";
export * from "./reports.js";
