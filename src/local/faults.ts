/**
 * Seeded fault injection: errors (503/429 with Retry-After), latency,
 * connection resets and lost responses (the write commits, the client sees a
 * dropped connection).
 * @module
 */

/**
 * Fault-injection settings. Rates are probabilities per request (0..1) and are
 * drawn from a PRNG seeded with `seed`, so a sequential client sees the same
 * faults on every run.
 *
 * @example
 * ```ts
 * const zdb = await startLocalZeroDB({ faults: { seed: 7, errorRate: 0.2, status: 429, retryAfterSeconds: 1 } });
 * ```
 */
export interface FaultOptions {
  /** PRNG seed (integer). */
  seed: number;
  /** Share of requests answered with `status` without being processed. */
  errorRate?: number;
  /** Status of injected errors: 503 (default) or 429. */
  status?: 503 | 429;
  /** `Retry-After` seconds on injected errors (default 1). */
  retryAfterSeconds?: number;
  /** Added latency: fixed milliseconds or a `[min, max]` range. */
  latencyMs?: number | [number, number];
  /** Share of requests whose connection is destroyed before processing. */
  resetRate?: number;
  /** Share of requests processed (and committed) whose response is then dropped. */
  lostResponseRate?: number;
}

/**
 * Counters of what the injector did, for tests.
 *
 * @example
 * ```ts
 * const { requests, errors, lostResponses } = zdb.faultStats();
 * ```
 */
export interface FaultStats {
  requests: number;
  errors: number;
  resets: number;
  lostResponses: number;
  delayed: number;
}

/** One request's fate. */
export interface FaultDecision {
  delayMs: number;
  action: "none" | "error" | "reset" | "lost";
}

/** mulberry32: a small, fast, seedable PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function checkRate(name: string, v: number | undefined): number {
  if (v === undefined) return 0;
  if (!(v >= 0 && v <= 1)) throw new RangeError(`faults.${name} must be between 0 and 1`);
  return v;
}

/** Decides, request by request, which fault to inject. */
export class FaultInjector {
  private opts: FaultOptions | undefined;
  private rand: () => number = Math.random;
  private counters: FaultStats = { requests: 0, errors: 0, resets: 0, lostResponses: 0, delayed: 0 };

  constructor(opts?: FaultOptions) {
    this.set(opts);
  }

  /** Replaces the settings (and restarts the PRNG from the seed); `undefined` turns faults off. */
  set(opts?: FaultOptions): void {
    if (opts !== undefined) {
      if (!Number.isInteger(opts.seed)) throw new RangeError("faults.seed must be an integer");
      const total =
        checkRate("errorRate", opts.errorRate) + checkRate("resetRate", opts.resetRate) + checkRate("lostResponseRate", opts.lostResponseRate);
      if (total > 1) throw new RangeError("faults: errorRate + resetRate + lostResponseRate must not exceed 1");
      if (opts.status !== undefined && opts.status !== 503 && opts.status !== 429) {
        throw new RangeError("faults.status must be 503 or 429");
      }
      this.rand = mulberry32(opts.seed);
    }
    this.opts = opts;
  }

  /** Current settings. */
  get options(): FaultOptions | undefined {
    return this.opts;
  }

  /** A copy of the counters. */
  stats(): FaultStats {
    return { ...this.counters };
  }

  /** Zeroes the counters. */
  resetStats(): void {
    this.counters = { requests: 0, errors: 0, resets: 0, lostResponses: 0, delayed: 0 };
  }

  /** Draws the fate of the next request (always two draws, so sequences repeat). */
  decide(): FaultDecision {
    const o = this.opts;
    if (o === undefined) return { delayMs: 0, action: "none" };
    this.counters.requests++;
    const r1 = this.rand();
    const r2 = this.rand();
    let delayMs = 0;
    if (typeof o.latencyMs === "number") delayMs = o.latencyMs;
    else if (Array.isArray(o.latencyMs)) delayMs = o.latencyMs[0] + r1 * (o.latencyMs[1] - o.latencyMs[0]);
    if (delayMs > 0) this.counters.delayed++;
    const e = o.errorRate ?? 0;
    const r = o.resetRate ?? 0;
    const l = o.lostResponseRate ?? 0;
    let action: FaultDecision["action"] = "none";
    if (r2 < e) action = "error";
    else if (r2 < e + r) action = "reset";
    else if (r2 < e + r + l) action = "lost";
    if (action === "error") this.counters.errors++;
    if (action === "reset") this.counters.resets++;
    if (action === "lost") this.counters.lostResponses++;
    return { delayMs: Math.round(delayMs), action };
  }
}
