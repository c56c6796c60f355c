/**
 * Reports over the tables' rows, pure: provider usage per day, the day's scoreboard,
 * campaign progress and CSV export.
 *
 * @example
 * import { dailyScoreboard } from "./reports/index.js";
 * const board = dailyScoreboard({ interactions, pledges, payments, goals }, { now: new Date() });
 * @module
 */
export * from "./usage.js";
export * from "./scoreboard.js";
export * from "./progress.js";
export * from "./csv-export.js";
export type { ReportGoal, ReportInteraction, ReportPayment, ReportPledge, Rupees } from "./shared.js";
