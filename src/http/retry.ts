import { APIError, ConnectionError, TimeoutError, type ZeroDBError } from "./errors.js";

/** Statuses worth another attempt (DESIGN.md "Retries"). */
export const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/** Connection errors that prove the request never reached a server, so even a POST may be re-sent. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

/** True when a failure happened before any byte of the request could have been processed. */
export function provablyNotSent(error: ZeroDBError): boolean {
  if (error instanceof APIError) return error.status === 429;
  if (!(error instanceof ConnectionError)) return false;
  for (let c: unknown = error.cause; c !== undefined && c !== null; c = (c as { cause?: unknown }).cause) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === "string" && NOT_SENT_CODES.has(code)) return true;
  }
  return false;
}

/**
 * Whether a failed attempt may be repeated. Idempotent calls retry on connection
 * errors, attempt timeouts and retryable statuses; other calls only when the
 * failure proves the server did not act on the request.
 */
export function isRetryable(error: ZeroDBError, idempotent: boolean): boolean {
  if (!idempotent) return provablyNotSent(error);
  if (error instanceof APIError) return RETRYABLE_STATUS.has(error.status);
  return error instanceof ConnectionError || error instanceof TimeoutError;
}

/** Full-jitter exponential backoff: a uniform wait in [0, min(cap, base * 2^(retry-1))]. */
export function backoffDelay(retry: number, base: number, cap: number, random: () => number = Math.random): number {
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
