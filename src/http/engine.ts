import ky, { type Hooks, type KyInstance, type Options } from "ky";
import type { ClientHooks, ResolvedConfig } from "./config.js";

/** ky's `timeout` for the SDK's: `0` means none, and ky refuses more than a 32-bit timer. */
export function kyTimeout(ms: number): number | false {
  return ms > 0 ? Math.min(ms, 2_147_483_647) : false;
}

const hookFailures = new WeakSet<object>();

/** True for an error thrown by one of the app's hooks (the SDK does not retry those). */
export function isHookFailure(error: unknown): boolean {
  return typeof error === "object" && error !== null && hookFailures.has(error);
}

/** The two ky instances of a client: the API, and presigned URLs on other hosts. */
export interface Engine {
  api: KyInstance;
  /** No prefix, no API key, none of the client's headers, no app hooks. */
  external: KyInstance;
}

/**
 * ky carries the URL, search params, JSON bodies, headers and the per-attempt timeout;
 * its retry is off because the transport's p-retry policy is the only one, and HTTP errors
 * are thrown so that `beforeError` hooks see them.
 */
export function createEngine(config: ResolvedConfig, headers: Record<string, string>): Engine {
  const common: Options = {
    retry: 0,
    throwHttpErrors: true,
    timeout: kyTimeout(config.timeout),
    parseJson: lenientJson,
    ...(config.fetch === undefined ? {} : { fetch: config.fetch }),
  };
  return {
    // Without app hooks the key is left out: ky merges a hooks object on every call.
    api: ky.create({ ...common, prefix: config.baseUrl, headers, ...(hasHooks(config.hooks) ? { hooks: wrapHooks(config.hooks) } : {}) }),
    external: ky.create({ ...common, headers: { accept: "*/*" } }),
  };
}

function hasHooks(hooks: ClientHooks): boolean {
  return Object.values(hooks).some((list) => list !== undefined && list.length > 0);
}

/** The text itself when it is not JSON, as the SDK reported error bodies before ky. */
function lenientJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Marks what a hook throws, so the transport can tell it from a network failure, and
 * makes `beforeError` hooks observers: ky then throws its own error, which the transport
 * maps to the SDK's error family.
 */
function wrapHooks(hooks: ClientHooks): Hooks {
  const mark =
    <S, R>(hook: (state: S) => R | Promise<R>) =>
    async (state: S): Promise<R> => {
      try {
        return await hook(state);
      } catch (error) {
        if (typeof error === "object" && error !== null) hookFailures.add(error);
        throw error;
      }
    };
  const out: Hooks = {};
  if (hooks.beforeRequest) out.beforeRequest = hooks.beforeRequest.map(mark);
  if (hooks.afterResponse) out.afterResponse = hooks.afterResponse.map(mark);
  if (hooks.beforeError) {
    out.beforeError = hooks.beforeError.map((hook) => {
      const marked = mark(hook);
      return async (state) => {
        await marked(state);
        return state.error;
      };
    });
  }
  return out;
}
