/**
 * `zerodb-calltime/whatsapp`: the WhatsApp side as pure modules: webhook verification and
 * parsing, the operator's chat commands, and tool definitions for a chat model.
 * @module
 */
export * from "./webhook.js";
