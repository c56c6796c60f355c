/**
 * Pieces shared by the table definitions.
 * @module
 */
import { isNormalizedEmail } from "../../domain/email.js";
import { required, text, uuid } from "../columns.js";

/** `id` (client UUID) and `project_id`: the first two fields of every table. */
export const keyFields = { id: required(uuid()), project_id: required(uuid()) };

/** E.164: "+", a country code not starting with 0, at most 15 digits in all. */
export const E164 = /^\+[1-9]\d{1,14}$/;

/** A phone in E.164 (normalize with `normalizePhone` before writing). */
export const e164Text = () => text({ rule: { test: (s) => E164.test(s), message: "must be a phone number in E.164 form, e.g. +919876543210" } });

/** A trimmed, lower-cased, valid email (normalize with `normalizeEmail` before writing). */
export const emailText = () => text({ rule: { test: isNormalizedEmail, message: "must be a valid email, trimmed and lower-cased" } });

/** An ISO 4217 currency code. */
export const currencyText = () => text({ rule: { test: (s) => /^[A-Z]{3}$/.test(s), message: "must be a 3-letter currency code, e.g. INR" } });

/** `a <= b` for two optional ISO timestamps or dates (true when either is missing). */
export const notBefore = (a: string | null | undefined, b: string | null | undefined): boolean =>
  a == null || b == null || Date.parse(a) <= Date.parse(b);
