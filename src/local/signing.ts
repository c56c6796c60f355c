/**
 * HMAC-SHA256 signing of the presigned file URLs this server serves itself.
 * Pure apart from the crypto primitives.
 * @internal
 * @module
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** What a presigned URL allows. */
export type FileOperation = "download" | "upload";

/** Hex HMAC-SHA256 over operation, file id and expiry (unix seconds). */
export function signFileUrl(secret: string, fileId: string, operation: FileOperation, expires: number): string {
  return createHmac("sha256", secret).update(`${operation}\n${fileId}\n${expires}`).digest("hex");
}

/** Checks a signature and the expiry: `ok`, `expired` or `invalid`. */
export function verifyFileUrl(
  secret: string,
  fileId: string,
  operation: FileOperation,
  expires: number,
  signature: string,
  nowSeconds: number,
): "ok" | "expired" | "invalid" {
  if (!Number.isSafeInteger(expires) || !/^[0-9a-f]{64}$/.test(signature)) return "invalid";
  const want = Buffer.from(signFileUrl(secret, fileId, operation, expires), "hex");
  const got = Buffer.from(signature, "hex");
  if (want.length !== got.length || !timingSafeEqual(want, got)) return "invalid";
  return nowSeconds > expires ? "expired" : "ok";
}
