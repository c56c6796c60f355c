import { inspect } from "node:util";
import { HTTPError, type AfterResponseHook, type BeforeErrorHook, type BeforeRequestHook } from "ky";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { type ClientHooks, ConnectionError, createClient, NotFoundError, ServerError, TimeoutError, ValidationError, ZeroDBError } from "../../src/index.js";
import { networkError, scriptedFetch, type Step } from "./fake-fetch.js";
import { BASE, KEY, makeScope, PID, useNock } from "./helpers.js";

const P = `/v1/public/${PID}`;
const row = { row_id: "r1", row_data: { a: 1 } };
const tracing: BeforeRequestHook = ({ request }) => {
  request.headers.set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
};

describe("hooks against a server", () => {
  useNock();

  it("a beforeRequest hook's tracing header reaches the server on every attempt, next to the key", async () => {
    const seen: Array<{ trace: string | null; key: string | null }> = [];
    const record = (status: number) => (req: Request) => {
      seen.push({ trace: req.headers.get("traceparent"), key: req.headers.get("x-api-key") });
      return [status, status === 200 ? row : { detail: "busy" }] as [number, unknown];
    };
    nock(BASE).get(`${P}/database/tables/t/rows/r1`).reply(record(503)).get(`${P}/database/tables/t/rows/r1`).reply(record(200));
    await expect(makeScope({ hooks: { beforeRequest: [tracing] } }).rows("t").get("r1")).resolves.toMatchObject({ row_id: "r1" });
    expect(seen).toEqual([
      { trace: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", key: KEY },
      { trace: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", key: KEY },
    ]);
  });

  it("an afterResponse hook sees each attempt's status and can time it", async () => {
    const started = new WeakMap<Request, number>();
    const observed: Array<{ status: number; ms: number; path: string }> = [];
    const start: BeforeRequestHook = ({ request }) => void started.set(request, performance.now());
    const metrics: AfterResponseHook = ({ request, response }) => {
      observed.push({ status: response.status, ms: performance.now() - (started.get(request) ?? Number.NaN), path: new URL(request.url).pathname });
    };
    nock(BASE).get(`${P}/database/tables/t/rows/r1`).reply(502).get(`${P}/database/tables/t/rows/r1`).reply(async () => {
      await new Promise((resolve) => setTimeout(resolve, 40));
      return [200, row];
    });
    await makeScope({ hooks: { beforeRequest: [start], afterResponse: [metrics] } }).rows("t").get("r1");
    expect(observed.map((o) => o.status)).toEqual([502, 200]);
    expect(observed[1]?.ms).toBeGreaterThanOrEqual(35);
    expect(observed[0]?.path).toBe(`${P}/database/tables/t/rows/r1`);
  });

  it("hooks do not run on a presigned download, which carries none of the client's headers", async () => {
    let calls = 0;
    const counting: BeforeRequestHook = (state) => {
      calls++;
      return tracing(state);
    };
    const traces: Array<string | null> = [];
    nock(BASE).get(`${P}/database/files/f-1/download`).reply(200, { file_name: "a.pdf", url: "http://storage.test/a.pdf?sig=1" });
    nock("http://storage.test")
      .get("/a.pdf")
      .query({ sig: "1" })
      .reply((req: Request) => {
        traces.push(req.headers.get("traceparent") ?? req.headers.get("x-api-key"));
        return [200, "%PDF", { "content-type": "application/pdf" }];
      });
    await makeScope({ hooks: { beforeRequest: [counting] } }).files.download("f-1");
    expect(calls).toBe(1);
    expect(traces).toEqual([null]);
  });
});

/** Every way a user might print or serialize an error. */
function renderings(err: unknown): string[] {
  const out = [String(err), inspect(err, { depth: 20, showHidden: true }), JSON.stringify(err) ?? ""];
  if (err instanceof Error) out.push(err.message, err.stack ?? "");
  return out;
}

function hooked(steps: Step[], hooks: ClientHooks, extra = {}) {
  const f = scriptedFetch(steps);
  const client = createClient({ apiKey: KEY, baseUrl: BASE, fetch: f.fetch, retryBaseDelay: 1, retryMaxDelay: 2, hooks, ...extra });
  return { ...f, rows: client.project(PID).rows("t") };
}

describe("beforeError hooks", () => {
  it("are called with ky's error, and the SDK still throws its own class (a returned error is not used)", async () => {
    const errors: Error[] = [];
    const replace: BeforeErrorHook = ({ error }) => {
      errors.push(error);
      return new Error("replaced by the hook");
    };
    const { rows, calls } = hooked([{ status: 404, body: { detail: "Row not found" } }], { beforeError: [replace] });
    const err = await rows.get("r1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).message).toContain("Row not found");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(HTTPError);
    expect((errors[0] as HTTPError).response.status).toBe(404);
    expect(calls).toHaveLength(1);
  });

  it("run once per failed attempt, including timeouts", async () => {
    const names: string[] = [];
    const { rows } = hooked(["hang", { status: 500 }, { status: 200, body: row }], {
      beforeError: [({ error }) => (names.push(error.name), error)],
    });
    await expect(rows.get("r1", { timeout: 20 })).resolves.toMatchObject({ row_id: "r1" });
    expect(names).toEqual(["TimeoutError", "HTTPError"]);
  });
});

describe("a hook that throws", () => {
  it("fails the call with a ZeroDBError carrying the hook's error, and is not retried", async () => {
    const boom = new Error("tracer not started");
    const { rows, calls } = hooked([{ status: 200, body: row }], {
      beforeRequest: [
        () => {
          throw boom;
        },
      ],
    });
    const err = await rows.get("r1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZeroDBError);
    expect(err).not.toBeInstanceOf(ConnectionError);
    expect((err as Error).message).toMatch(/GET .*rows\/r1: a client hook threw: tracer not started/);
    expect((err as Error).cause).toBe(boom);
    expect(calls).toHaveLength(0);
  });
});

describe("with hooks set, the key still never leaks from an SDK error", () => {
  const hooks: ClientHooks = { beforeRequest: [tracing], afterResponse: [() => undefined], beforeError: [({ error }) => error] };
  const cases: Array<[string, Step[], Record<string, unknown>, new (...a: never[]) => Error]> = [
    ["401 echoing the key", [{ status: 401, body: { detail: `invalid key ${KEY}` } }], {}, ZeroDBError],
    ["503 after retries", [{ status: 503, body: { detail: `busy ${KEY}` } }], {}, ServerError],
    ["connection reset", [{ error: networkError("ECONNRESET") }], {}, ConnectionError],
    ["connection failure without a code", [{ error: new TypeError("fetch failed") }], {}, ConnectionError],
    ["attempt timeout", ["hang"], { timeout: 10 }, TimeoutError],
  ];
  it.each(cases)("%s", async (_name, steps, callOptions, Expected) => {
    const { rows, calls } = hooked(steps, hooks, { maxRetries: 1 });
    const err = await rows.get("r1", callOptions).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Expected);
    for (const text of renderings(err)) expect(text).not.toContain(KEY);
    for (let c: unknown = err; c != null; c = (c as { cause?: unknown }).cause) {
      for (const text of renderings(c)) expect(text).not.toContain(KEY);
    }
    expect(calls[0]?.headers.get("x-api-key")).toBe(KEY);
    expect(calls[0]?.headers.get("traceparent")).not.toBeNull();
  });
});

describe("the hooks option is validated", () => {
  it("rejects hooks the SDK does not pass through and non-function entries, naming each", () => {
    let err: unknown;
    try {
      createClient({ apiKey: KEY, hooks: { beforeRetry: [() => undefined], beforeRequest: ["x"] } as never });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.path).sort()).toEqual(["hooks.beforeRequest", "hooks.beforeRetry"]);
  });
});
