import { afterEach, describe, expect, it, vi } from "vitest";
import {
  AbortError,
  APIError,
  ConnectionError,
  createClient,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from "../../src/index.js";
import { BASE, KEY, PID } from "./helpers.js";
import { networkError, scriptedFetch, type Step } from "./fake-fetch.js";

const row = { row_id: "r1", row_data: { a: 1 } };

function setup(steps: Step[], options: Record<string, unknown> = {}) {
  const f = scriptedFetch(steps);
  const client = createClient({ apiKey: KEY, baseUrl: BASE, fetch: f.fetch, retryBaseDelay: 1, retryMaxDelay: 2, ...options });
  return { ...f, rows: client.project(PID).rows("t") };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("retry policy", () => {
  it("503, 503, 200 succeeds on the third attempt of a GET", async () => {
    const { rows, calls } = setup([{ status: 503 }, { status: 503 }, { status: 200, body: row }]);
    await expect(rows.get("r1")).resolves.toMatchObject({ row_id: "r1" });
    expect(calls).toHaveLength(3);
    for (const c of calls) expect(c.headers.get("x-api-key")).toBe(KEY);
  });

  it.each([408, 429, 500, 502, 504])("retries %i on an idempotent call", async (status) => {
    const { rows, calls } = setup([{ status }, { status: 200, body: row }]);
    await rows.get("r1");
    expect(calls).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 409, 422])("tries %i once", async (status) => {
    const { rows, calls } = setup([{ status, body: { detail: "no" } }, { status: 200, body: row }]);
    const err = await rows.get("r1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIError);
    expect((err as APIError).status).toBe(status);
    expect(calls).toHaveLength(1);
  });

  it("gives up after maxRetries and throws the last server error", async () => {
    const { rows, calls } = setup([{ status: 503, body: { detail: "busy" } }], { maxRetries: 3 });
    await expect(rows.get("r1")).rejects.toBeInstanceOf(ServerError);
    expect(calls).toHaveLength(4);
  });

  it("maxRetries: 0 means exactly one attempt (client option and per call)", async () => {
    const a = setup([{ status: 503 }], { maxRetries: 0 });
    await expect(a.rows.get("r1")).rejects.toBeInstanceOf(ServerError);
    expect(a.calls).toHaveLength(1);
    const b = setup([{ status: 503 }]);
    await expect(b.rows.get("r1", { maxRetries: 0 })).rejects.toBeInstanceOf(ServerError);
    expect(b.calls).toHaveLength(1);
  });

  it("retries connection errors on idempotent calls", async () => {
    const { rows, calls } = setup([{ error: networkError("ECONNRESET") }, { status: 200, body: row }]);
    await rows.get("r1");
    expect(calls).toHaveLength(2);
  });
});

describe("deletes after a lost answer", () => {
  it("a retried DELETE that finds the row gone resolves as already deleted", async () => {
    const { rows, calls } = setup([{ error: networkError("ECONNRESET") }, { status: 404, body: { detail: "Row not found" } }]);
    await expect(rows.delete("r1")).resolves.toEqual({ already_deleted: true });
    expect(calls.map((c) => c.method)).toEqual(["DELETE", "DELETE"]);
  });

  it("a 404 on the first attempt is still a NotFoundError", async () => {
    const { rows, calls } = setup([{ status: 404, body: { detail: "Row not found" } }]);
    await expect(rows.delete("r1")).rejects.toBeInstanceOf(NotFoundError);
    expect(calls).toHaveLength(1);
  });
});

describe("non-idempotent inserts", () => {
  it("a POST insert is not repeated after a response-less failure", async () => {
    const { rows, calls } = setup([{ error: networkError("ECONNRESET") }, { status: 201, body: row }]);
    const err = await rows.insert({ a: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(String(err)).toContain("ECONNRESET");
    expect(calls).toHaveLength(1);
  });

  it("a POST insert is not repeated after a 503 (the server may have written it)", async () => {
    const { rows, calls } = setup([{ status: 503 }, { status: 201, body: row }]);
    await expect(rows.insert({ a: 1 })).rejects.toBeInstanceOf(ServerError);
    expect(calls).toHaveLength(1);
  });

  it("is retried when the caller declares it safe to repeat", async () => {
    const { rows, calls } = setup([{ error: networkError("ECONNRESET") }, { status: 201, body: row }]);
    await expect(rows.insert({ a: 1 }, { idempotent: true })).resolves.toMatchObject({ row_id: "r1" });
    expect(calls).toHaveLength(2);
  });

  it("is retried when the failure proves nothing was sent (refused connection, 429)", async () => {
    const refused = setup([{ error: networkError("ECONNREFUSED") }, { status: 201, body: row }]);
    await refused.rows.insert({ a: 1 });
    expect(refused.calls).toHaveLength(2);
    const limited = setup([{ status: 429 }, { status: 201, body: row }]);
    await limited.rows.insert({ a: 1 });
    expect(limited.calls).toHaveLength(2);
  });
});

describe("Retry-After", () => {
  it("waits the number of seconds the server asks for", async () => {
    vi.useFakeTimers();
    const { rows, calls } = setup([{ status: 429, headers: { "retry-after": "3" } }, { status: 200, body: row }]);
    const done = rows.get("r1");
    await vi.advanceTimersByTimeAsync(2_999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(done).resolves.toMatchObject({ row_id: "r1" });
    expect(calls).toHaveLength(2);
  });

  it("waits until an HTTP-date", async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-11-21T10:00:00Z"));
    const { rows, calls } = setup([
      { status: 503, headers: { "retry-after": "Sat, 21 Nov 2026 10:00:05 GMT" } },
      { status: 200, body: row },
    ]);
    const done = rows.get("r1");
    await vi.advanceTimersByTimeAsync(4_900);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    await done;
    expect(calls).toHaveLength(2);
  });

  it("throws a RateLimitError carrying the wait when it exceeds maxRetryAfter", async () => {
    const { rows, calls } = setup([{ status: 429, headers: { "retry-after": "120" } }, { status: 200, body: row }], {
      maxRetryAfter: 10_000,
    });
    const err = await rows.get("r1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).retryAfterMs).toBe(120_000);
    expect(calls).toHaveLength(1);
  });

  it("turns an over-long Retry-After on a 503 into a RateLimitError too", async () => {
    const { rows, calls } = setup([{ status: 503, headers: { "retry-after": "600" } }], { maxRetryAfter: 1_000 });
    const err = await rows.get("r1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).retryAfterMs).toBe(600_000);
    expect(calls).toHaveLength(1);
  });
});

describe("cancellation and time limits", () => {
  it("an abort during a backoff wait rejects at once, not after the wait", async () => {
    vi.useFakeTimers();
    const { rows, calls } = setup([{ status: 503, headers: { "retry-after": "30" } }, { status: 200, body: row }]);
    const ctl = new AbortController();
    const done = rows.get("r1", { signal: ctl.signal });
    const settled = vi.fn();
    done.then(settled, settled);
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toHaveLength(1);
    ctl.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toHaveBeenCalledOnce();
    await expect(done).rejects.toBeInstanceOf(AbortError);
    expect(calls).toHaveLength(1);
  });

  it("an abort during a request is an AbortError and is never retried", async () => {
    const { rows, calls } = setup(["hang"]);
    const ctl = new AbortController();
    const done = rows.get("r1", { signal: ctl.signal, timeout: 0 });
    setTimeout(() => ctl.abort(), 5);
    await expect(done).rejects.toBeInstanceOf(AbortError);
    expect(calls).toHaveLength(1);
  });

  it("an already aborted signal sends nothing", async () => {
    const { rows, calls } = setup([{ status: 200, body: row }]);
    await expect(rows.get("r1", { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(calls).toHaveLength(0);
  });

  it("the per-attempt timeout fires a TimeoutError, retried on idempotent calls", async () => {
    const { rows, calls } = setup(["hang", { status: 200, body: row }]);
    await expect(rows.get("r1", { timeout: 20 })).resolves.toMatchObject({ row_id: "r1" });
    expect(calls).toHaveLength(2);
    const once = setup(["hang"]);
    await expect(once.rows.get("r1", { timeout: 20, maxRetries: 0 })).rejects.toBeInstanceOf(TimeoutError);
  });

  it("the per-attempt timeout also bounds a body that stalls after the headers", async () => {
    const stalled = (async () =>
      new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{"row_id":')) }), {
        status: 200,
        headers: { "content-type": "application/json" },
      })) as typeof fetch;
    const rows = createClient({ apiKey: KEY, baseUrl: BASE, fetch: stalled, maxRetries: 0 }).project(PID).rows("t");
    const t0 = Date.now();
    await expect(rows.get("r1", { timeout: 30 })).rejects.toBeInstanceOf(TimeoutError);
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  it("the whole-call deadline bounds attempts and backoff together", async () => {
    const { rows, calls } = setup(["hang"], { maxRetries: 50 });
    const t0 = Date.now();
    await expect(rows.get("r1", { timeout: 15, deadline: 100 })).rejects.toBeInstanceOf(TimeoutError);
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(calls.length).toBeLessThan(50);
  });
});
