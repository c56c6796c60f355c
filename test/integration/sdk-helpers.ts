/**
 * Shared helpers of the SDK end-to-end tests (`sdk-*.test.ts`): an SDK client
 * pointed at the shared local server of `global-setup.ts`, and unique names.
 */
import { inject } from "vitest";
import { createClient, type ClientOptions, type ProjectScope, type ZeroDBClient } from "../../src/index.js";

/** `createClient` with the shared server's URL and key; `opts` override either. */
export function sdkClient(opts: ClientOptions = {}): ZeroDBClient {
  return createClient({ apiKey: inject("zerodbApiKey"), baseUrl: inject("zerodbUrl"), ...opts });
}

/** A scope on the shared project (`inject("zerodbProjectId")`). */
export function sdkScope(opts: ClientOptions = {}): ProjectScope {
  return sdkClient(opts).project(inject("zerodbProjectId"));
}

let counter = 0;
/** A name unique per run and per call: letters, digits and `_` only, starting with a letter. */
export function uniqueName(prefix = "t"): string {
  const clean = prefix.replace(/[^A-Za-z0-9_]/g, "_").replace(/^[^A-Za-z]+/, "") || "t";
  const rand = Math.random().toString(36).slice(2, 6).replace(/[^a-z0-9]/g, "0");
  return `${clean}_${process.pid}_${Date.now().toString(36)}_${counter++}_${rand}`;
}

/** One request seen by {@link recordingFetch}. */
export interface RecordedCall {
  method: string;
  url: string;
  headers: Headers;
  status: number | undefined;
}

/**
 * A `fetch` option that records every request (method, URL, headers, status) and then
 * calls the global fetch, for asserting paths, auth headers and retry counts.
 * @example
 * ```ts
 * const rec = recordingFetch();
 * const client = sdkClient({ fetch: rec.fetch });
 * expect(rec.calls).toHaveLength(1);
 * ```
 */
export function recordingFetch(): { fetch: typeof fetch; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const wrapped = (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const call: RecordedCall = {
      method: init?.method ?? (input instanceof Request ? input.method : "GET"),
      url: input instanceof Request ? input.url : String(input),
      headers: new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)),
      status: undefined,
    };
    calls.push(call);
    const res = await fetch(input, init);
    call.status = res.status;
    return res;
  }) as typeof fetch;
  return { fetch: wrapped, calls };
}

/**
 * A `fetch` option that simulates lost responses: while `lose` > 0, a request reaches the
 * server and is processed in full, then the client sees a connection reset instead of the
 * answer (`lose` counts down). Everything else passes through untouched.
 * @example
 * ```ts
 * const lossy = lossyFetch();
 * const rows = sdkScope({ fetch: lossy.fetch, retryBaseDelay: 1 }).rows(table);
 * lossy.lose = 1; // the next response is lost
 * await rows.delete(rowId); // committed on the server; the SDK retries
 * ```
 */
export function lossyFetch(): { fetch: typeof fetch; lose: number; attempts: number } {
  const state = {
    lose: 0,
    attempts: 0,
    fetch: (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      state.attempts++;
      const res = await fetch(input, init);
      if (state.lose > 0) {
        state.lose--;
        await res.arrayBuffer();
        throw new TypeError("fetch failed", { cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }) });
      }
      return res;
    }) as typeof fetch,
  };
  return state;
}
