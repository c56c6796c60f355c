import { ValidationError } from "../../src/http/errors.js";

/** The field paths a `ValidationError` thrown by `fn` names; [] when it does not throw, rethrows anything else. */
export function issuePaths(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => i.path);
    throw error;
  }
  return [];
}
