/**
 * `zerodb-calltime/next`: who to contact now, why, by which channel and with what words,
 * as pure functions (no I/O, no clock, no unseeded randomness), plus the day's reports.
 *
 * @example
 * import { rankNext } from "zerodb-calltime/next";
 * const { pick } = rankNext({ contacts, interactions, followups }, { now: new Date() });
 * @module
 */
export * from "./types.js";
export * from "./links.js";
export * from "./draft.js";
export * from "./draft-with.js";
export * from "./rank.js";
export * from "../reports/scoreboard.js";
export * from "../reports/progress.js";
export type { ReportGoal, ReportInteraction, ReportPayment, ReportPledge, Rupees } from "../reports/shared.js";
export * from "./draft-context.js";
export { checkRankOptions } from "./options.js";
