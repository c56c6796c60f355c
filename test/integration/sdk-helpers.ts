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
