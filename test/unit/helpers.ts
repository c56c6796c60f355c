import nock from "nock";
import { afterEach, beforeAll } from "vitest";
import { createClient, type ClientOptions } from "../../src/index.js";

export const BASE = "http://zerodb.test";
/** A sentinel key: redaction tests assert it never shows up in output. */
export const KEY = "sk_live_SENTINEL_8f3a91c2d4e5";
export const PID = "7d1b8a52-3c4e-4f6a-9b0c-1d2e3f4a5b6c";

/** The path styles every endpoint test runs under, with the prefix each one must produce. */
export const STYLES = [
  { name: "public", options: { pathStyle: "public" }, prefix: `/v1/public/${PID}`, root: "/v1/public/projects" },
  { name: "projects", options: { pathStyle: "projects" }, prefix: `/v1/projects/${PID}`, root: "/v1/projects" },
  { name: "public under /api", options: { pathStyle: "public", apiPrefix: "/api" }, prefix: `/api/v1/public/${PID}`, root: "/api/v1/public/projects" },
] as const satisfies ReadonlyArray<{ name: string; options: Partial<ClientOptions>; prefix: string; root: string }>;

/** A client against the nock host with fast retries. */
export function makeClient(options: Partial<ClientOptions> = {}) {
  return createClient({ apiKey: KEY, baseUrl: BASE, retryBaseDelay: 1, retryMaxDelay: 2, ...options });
}

/** A scope on {@link PID} for one path style. */
export function makeScope(options: Partial<ClientOptions> = {}) {
  return makeClient(options).project(PID);
}

/** Blocks real network and checks every mocked call was made. */
export function useNock(): void {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    if (pending.length > 0) throw new Error(`mocked calls not made: ${pending.join(", ")}`);
  });
}

/** Reply callback (nock 15: one Fetch Request argument) that records the request and answers `reply`. */
export function capture(seen: Array<{ body: unknown; headers: Headers; url: string }>, status: number, reply: unknown) {
  return async (req: Request) => {
    const text = await req.text();
    seen.push({ body: text === "" ? undefined : JSON.parse(text), headers: req.headers, url: req.url });
    return [status, reply] as [number, unknown];
  };
}
