/** One scripted answer: a status with an optional body and headers, or a thrown error. */
export type Step = { status: number; body?: unknown; headers?: Record<string, string> } | { error: unknown } | "hang";

/**
 * A fetch that answers from a script and records every call; "hang" waits until the
 * request's signal aborts, like a server that never answers.
 */
export function scriptedFetch(steps: Step[]) {
  const calls: Array<{ method: string; url: string; headers: Headers }> = [];
  const fetchFn = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const req = input instanceof Request ? input : new Request(input, init);
    calls.push({ method: req.method, url: req.url, headers: req.headers });
    const step = steps[Math.min(calls.length - 1, steps.length - 1)];
    if (step === undefined) throw new Error("script is empty");
    if (step === "hang") {
      const signal = init?.signal ?? req.signal;
      return new Promise((_, reject) => signal?.addEventListener("abort", () => reject(signal.reason), { once: true }));
    }
    if ("error" in step) throw step.error;
    const body = step.body === undefined ? null : JSON.stringify(step.body);
    return new Response(step.status === 204 ? null : body, {
      status: step.status,
      headers: { "content-type": "application/json", ...step.headers },
    });
  };
  return { fetch: fetchFn as typeof fetch, calls };
}

/** The error undici's fetch throws when a socket fails: TypeError with a coded cause. */
export function networkError(code: string): TypeError {
  return new TypeError("fetch failed", { cause: Object.assign(new Error(code), { code }) });
}
