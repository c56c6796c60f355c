/**
 * `zerodb-calltime/whatsapp`: the WhatsApp side as pure modules: webhook verification and
 * parsing, the operator's chat commands, and tool definitions for a chat model.
 * @module
 */
export * from "./webhook.js";
export * from "./operator.js";
export { findIndianAmounts, parseIndianAmount, type AmountMatch } from "./amount.js";
export { DEFAULT_OPERATOR_TIME_ZONE, resolveWhen, type WhenOptions } from "./when.js";
export * from "./tools.js";
