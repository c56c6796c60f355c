import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  APIError,
  AuthenticationError,
  ConflictError,
  GoneError,
  isAPIError,
  isErrorOf,
  isZeroDBError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  BadRequestError,
  UnprocessableEntityError,
} from "../../src/index.js";
import { errorClassFor, parseErrorBody, parseRetryAfter } from "../../src/http/errors.js";

const make = (status: number, body: unknown, headers: Record<string, string> = {}) => {
  const Err = errorClassFor(status);
  return new Err({ status, method: "GET", path: "/v1/x", body, headers: new Headers(headers) });
};

describe("error bodies (zerodb-api.md §10)", () => {
  it.each([
    [{ detail: "Table not found" }, "Table not found", undefined],
    [{ detail: "Project limit", error_code: "PROJECT_LIMIT_EXCEEDED" }, "Project limit", "PROJECT_LIMIT_EXCEEDED"],
    [{ detail: [{ loc: ["body", "name"], msg: "Field required", type: "missing" }] }, "body.name: Field required", undefined],
    [{ error: "VALIDATION_ERROR", message: "Bad input", details: [{ field: "x", message: "too big", code: "max" }] }, "Bad input", "VALIDATION_ERROR"],
    [{ success: false, error: { message: "RPC failed", code: "E1", details: { a: 1 } } }, "RPC failed", "E1"],
    ["Internal Server Error", "Internal Server Error", undefined],
  ])("%j reads as %s", (body, message, code) => {
    const parsed = parseErrorBody(body);
    expect(parsed.message).toBe(message);
    expect(parsed.code).toBe(code);
  });

  it("maps every status family to its class and keeps status, code, request id, body", () => {
    const cases: Array<[number, unknown]> = [
      [400, BadRequestError],
      [401, AuthenticationError],
      [403, PermissionDeniedError],
      [404, NotFoundError],
      [409, ConflictError],
      [410, GoneError],
      [422, UnprocessableEntityError],
      [429, RateLimitError],
      [500, ServerError],
      [503, ServerError],
    ];
    for (const [status, Cls] of cases) {
      const err = make(status, { detail: "x", error_code: "C" }, { "x-request-id": "req-9", "retry-after": "2" });
      expect(err).toBeInstanceOf(Cls as typeof APIError);
      expect(err).toMatchObject({ status, code: "C", requestId: "req-9", retryAfterMs: 2000, body: { detail: "x", error_code: "C" } });
      expect(err.message).toBe(`GET /v1/x failed with ${status}: x (request id req-9)`);
    }
  });

  it("never prints [object Object], whatever JSON the server sends", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 400, max: 599 }), (body, status) => {
        const err = make(status, body);
        expect(err.message).not.toContain("[object Object]");
        expect(err.message.startsWith(`GET /v1/x failed with ${status}`)).toBe(true);
      }),
    );
  });

  it("type guards work on copies from another package instance (brand, not instanceof)", () => {
    const foreign = Object.create(null) as Record<PropertyKey, unknown>;
    const real = make(404, {});
    // Simulate a second copy: same global symbol brand, different prototype chain.
    class NotFoundError2 extends Error {}
    Object.defineProperty(NotFoundError2, "name", { value: "NotFoundError" });
    const copy = new NotFoundError2("x");
    Object.defineProperty(copy, Symbol.for("zerodb-calltime.error"), { value: true });
    Object.assign(copy, { status: 404 });
    expect(isZeroDBError(real) && isAPIError(real) && isErrorOf(real, "NotFoundError") && isErrorOf(real, "APIError")).toBe(true);
    expect(isZeroDBError(copy) && isAPIError(copy) && isErrorOf(copy, "NotFoundError")).toBe(true);
    expect(isZeroDBError(foreign) || isZeroDBError(new Error("x")) || isErrorOf(real, "ServerError")).toBe(false);
  });
});

describe("Retry-After parsing", () => {
  const now = Date.parse("2026-11-21T10:00:00Z");
  it("reads seconds, HTTP dates, retry-after-ms; never negative; ignores garbage", () => {
    expect(parseRetryAfter(new Headers({ "retry-after": "7" }), now)).toBe(7000);
    expect(parseRetryAfter(new Headers({ "retry-after": "Sat, 21 Nov 2026 10:00:30 GMT" }), now)).toBe(30_000);
    expect(parseRetryAfter(new Headers({ "retry-after": "Sat, 21 Nov 2026 09:00:00 GMT" }), now)).toBe(0);
    expect(parseRetryAfter(new Headers({ "retry-after-ms": "250" }), now)).toBe(250);
    expect(parseRetryAfter(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined();
  });

  it("any non-negative integer of seconds round-trips (property)", () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), (s) => {
        expect(parseRetryAfter(new Headers({ "retry-after": String(s) }), now)).toBe(s * 1000);
      }),
    );
  });
});
