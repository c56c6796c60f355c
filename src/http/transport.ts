import { isHTTPError, isTimeoutError, type Options } from "ky";
import pRetry from "p-retry";
import { safeParse, type $ZodType } from "zod/v4/core";
import type { ResolvedConfig } from "./config.js";
import {
  AbortError,
  APIError,
  ConnectionError,
  errorClassFor,
  RateLimitError,
  ResponseValidationError,
  TimeoutError,
  ZeroDBError,
} from "./errors.js";
import { redact, SafeLogger } from "./logger.js";
import { createEngine, isHookFailure, kyTimeout, type Engine } from "./engine.js";
import { backoffDelay, isRetryable, sleep } from "./retry.js";

/** The last, optional argument of every client method. */
export interface RequestOptions {
  /** Cancels the call, including any backoff wait; an abort is never retried. */
  signal?: AbortSignal;
  /** Per-attempt timeout in ms (`0` = none). Default: the client's `timeout`. */
  timeout?: number;
  /** Whole-call deadline in ms across attempts and backoff (`0` = none). Default: the client's `deadline`. */
  deadline?: number;
  /** Retries after the first attempt. Default: the client's `maxRetries`. `0` = one attempt. */
  maxRetries?: number;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
  /**
   * Lets the transport re-send a non-idempotent call (an insert, a publish) after an
   * ambiguous failure. Only safe when a repeat cannot create a second copy, e.g. a table
   * with a unique index on your client id, where a repeat answers 409. Without it such
   * calls are retried only when the failure proves the server never acted (429,
   * connection refused).
   */
  idempotent?: boolean;
}

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type Query = Record<string, string | number | boolean | undefined | null>;

/** One request as the api layer describes it. */
export interface RequestSpec<T> {
  method: HttpMethod;
  /** Absolute path (starting with `/`), already built for the path style. */
  path: string;
  query?: Query;
  /** JSON body. */
  body?: unknown;
  /**
   * An absolute URL that authorizes itself (a presigned download): sent instead of
   * baseUrl + path, with no API key and none of the client's headers. `path` is then only
   * the name used in errors and logs, so keep the URL's signed query out of it.
   */
  externalUrl?: string;
  /** Whether repeating the call cannot change the outcome (GET, PUT, DELETE, upsert by id). */
  idempotent: boolean;
  /**
   * For deletes: a 404 on a retry means an earlier attempt, whose answer was lost,
   * already deleted it; the call then resolves with `{ already_deleted: true }`.
   */
  goneMeansDone?: boolean;
  /** Statuses that mean "retrying cannot help" for this endpoint, e.g. 408 from a SQL statement timeout. */
  noRetryOn?: readonly number[];
  /** zod schema (classic or mini) the JSON answer must satisfy; its output is returned. */
  schema: $ZodType<T>;
}

/** Bytes answered by an endpoint that may not return JSON (file download). */
export interface RawResponse {
  status: number;
  contentType: string;
  bytes: Uint8Array;
  /** `Content-Disposition`, which marks the body as the file itself (`attachment; filename=...`). */
  contentDisposition: string | undefined;
  requestId: string | undefined;
}

/** What a successful call answered besides its body (see `withResponse()`). */
export interface ResponseMeta {
  /** HTTP status of the final attempt. */
  status: number;
  /** The server's `x-request-id`, when it sent one: quote it when asking ZeroDB support. */
  requestId: string | undefined;
  /** Response headers of the final attempt. */
  headers: Headers;
}

const DEADLINE = Symbol("deadline");

/**
 * The transport: ky (one instance per client) sends each attempt; around it sit the one
 * retry policy (p-retry), the whole-call deadline, cancellation, error mapping and redaction.
 */
export class HttpClient {
  readonly config: ResolvedConfig;
  readonly #apiKey: string;
  readonly #auth: Record<string, string>;
  readonly #engine: Engine;
  readonly #log: SafeLogger;

  constructor(config: ResolvedConfig, apiKey: string) {
    this.config = config;
    this.#apiKey = apiKey;
    this.#auth = config.authScheme === "bearer" ? { authorization: `Bearer ${apiKey}` } : { "x-api-key": apiKey };
    // The key comes last: no configured or per-call header can replace it.
    this.#engine = createEngine(config, { accept: "application/json", ...config.headers, ...this.#auth });
    this.#log = new SafeLogger(config.logger, config.logLevel, [apiKey]);
  }

  /** Sends a JSON request and returns the validated JSON answer. */
  async request<T>(spec: RequestSpec<T>, options: RequestOptions = {}): Promise<T> {
    return (await this.requestWithResponse(spec, options)).data;
  }

  /** Like {@link request}, and also returns the status, request id and headers of the answer. */
  async requestWithResponse<T>(spec: RequestSpec<T>, options: RequestOptions = {}): Promise<{ data: T; response: ResponseMeta }> {
    const { body, response } = (await this.#send(spec, options, "json")) as { body: unknown; response: ResponseMeta };
    const parsed = safeParse(spec.schema, body);
    if (!parsed.success) {
      const where = parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
        .join("; ");
      throw new ResponseValidationError(`${spec.method} ${spec.path}: unexpected response shape (${where})`, {
        cause: parsed.error,
      });
    }
    return { data: parsed.data, response };
  }

  /** Sends a request and returns the answer's bytes, whatever its content type. */
  async requestRaw(spec: Omit<RequestSpec<unknown>, "schema">, options: RequestOptions = {}): Promise<RawResponse> {
    return (await this.#send(spec, options, "raw")) as RawResponse;
  }

  async #send(
    spec: Omit<RequestSpec<unknown>, "schema">,
    options: RequestOptions,
    mode: "json" | "raw",
  ): Promise<unknown> {
    const cfg = this.config;
    const timeout = options.timeout ?? cfg.timeout;
    const deadline = options.deadline ?? cfg.deadline;
    const maxRetries = options.maxRetries ?? cfg.maxRetries;
    const idempotent = options.idempotent ?? spec.idempotent;
    if (options.signal?.aborted) throw new AbortError(`${spec.method} ${spec.path} aborted`, { cause: options.signal.reason });

    const deadlineCtl = deadline > 0 ? new AbortController() : undefined;
    const deadlineTimer =
      deadlineCtl === undefined ? undefined : setTimeout(() => deadlineCtl.abort(DEADLINE), deadline);
    const callSignal = eitherSignal(options.signal, deadlineCtl?.signal);
    const started = Date.now();

    try {
      return await pRetry((attempt) => this.#attempt(spec, options, mode, timeout, callSignal, attempt), {
        retries: maxRetries,
        minTimeout: 0,
        maxTimeout: 0,
        randomize: false,
        ...(callSignal === undefined ? {} : { signal: callSignal }),
        shouldRetry: async ({ error, attemptNumber }) => {
          const err = error as ZeroDBError;
          if (!isRetryable(err, idempotent)) return false;
          if (err instanceof APIError && spec.noRetryOn?.includes(err.status)) return false;
          const retryAfter = err instanceof APIError ? err.retryAfterMs : undefined;
          if (retryAfter !== undefined && retryAfter > cfg.maxRetryAfter) {
            if (err instanceof RateLimitError) return false;
            throw toRateLimit(err as APIError, cfg.maxRetryAfter);
          }
          const wait = retryAfter ?? backoffDelay(attemptNumber, cfg.retryBaseDelay, cfg.retryMaxDelay);
          if (deadline > 0 && Date.now() - started + wait >= deadline) {
            throw new TimeoutError(`${spec.method} ${spec.path}: deadline of ${deadline} ms would pass while waiting to retry`, {
              cause: err,
            });
          }
          this.#log.log("warn", "zerodb: retrying request", {
            method: spec.method,
            path: spec.path,
            attempt: attemptNumber,
            waitMs: wait,
            reason: err.message,
          });
          await sleep(wait, callSignal);
          return true;
        },
      });
    } catch (error) {
      throw this.#finalError(error, spec, options.signal, deadline);
    } finally {
      if (deadlineTimer !== undefined) clearTimeout(deadlineTimer);
    }
  }

  #finalError(error: unknown, spec: { method: string; path: string }, user: AbortSignal | undefined, deadline: number) {
    if (user?.aborted) {
      return error instanceof AbortError ? error : new AbortError(`${spec.method} ${spec.path} aborted`, { cause: user.reason });
    }
    if (error === DEADLINE || (error instanceof ZeroDBError && error.cause === DEADLINE)) {
      return new TimeoutError(`${spec.method} ${spec.path} exceeded its deadline of ${deadline} ms`);
    }
    if (error instanceof ZeroDBError) return error;
    return new ConnectionError(`${spec.method} ${spec.path} failed`, { cause: error });
  }

  async #attempt(
    spec: Omit<RequestSpec<unknown>, "schema">,
    options: RequestOptions,
    mode: "json" | "raw",
    timeout: number,
    callSignal: AbortSignal | undefined,
    attempt: number,
  ): Promise<unknown> {
    const external = spec.externalUrl !== undefined;
    const init: Options = { method: spec.method };
    if (options.timeout !== undefined) init.timeout = kyTimeout(timeout);
    // Only when there is one: ky joins a given signal to its own with AbortSignal.any, which is costly.
    if (callSignal !== undefined) init.signal = callSignal;
    if (options.headers !== undefined && !external) init.headers = { ...options.headers, ...this.#auth };
    if (spec.query !== undefined) init.searchParams = searchParams(spec.query);
    if (spec.body !== undefined) init.json = spec.body;
    const goneMeansDone = spec.goneMeansDone === true && attempt > 1;
    if (goneMeansDone) init.throwHttpErrors = (status) => status !== 404;
    const t0 = Date.now();
    try {
      const pending = external ? this.#engine.external(spec.externalUrl as string, init) : this.#engine.api(spec.path, init);
      const response = await pending;
      this.#logResponse(spec, response.status, attempt, t0);
      if (goneMeansDone && response.status === 404) {
        await response.body?.cancel();
        this.#log.log("info", "zerodb: already deleted by an earlier attempt", { method: spec.method, path: spec.path, attempt });
        return { body: { already_deleted: true }, response: meta(response) };
      }
      // Read through ky so its per-attempt timeout also bounds the body.
      if (mode === "raw") {
        return {
          status: response.status,
          contentType: response.headers.get("content-type") ?? "application/octet-stream",
          bytes: new Uint8Array(await pending.arrayBuffer()),
          contentDisposition: response.headers.get("content-disposition") ?? undefined,
          requestId: response.headers.get("x-request-id") ?? undefined,
        } satisfies RawResponse;
      }
      return { body: parseBody(response, await pending.text()), response: meta(response) };
    } catch (error) {
      // ky's errors hold the Request (and its key header): none of them is kept as a cause.
      if (isHTTPError(error)) {
        this.#logResponse(spec, error.response.status, attempt, t0);
        const Err = errorClassFor(error.response.status);
        throw new Err({
          status: error.response.status,
          method: spec.method,
          path: spec.path,
          // A server may echo the key back ("invalid key sk_..."); it must not reach the error.
          body: redact(errorBody(error.response, error.data), [this.#apiKey]),
          headers: error.response.headers,
        });
      }
      if (callSignal?.aborted) throw new AbortError(`${spec.method} ${spec.path} aborted`, { cause: callSignal.reason });
      if (isHookFailure(error)) {
        throw new ZeroDBError(`${spec.method} ${spec.path}: a client hook threw: ${redact(describe(error), [this.#apiKey]) as string}`, {
          cause: rootCause(error),
        });
      }
      if (isTimeoutError(error)) throw new TimeoutError(`${spec.method} ${spec.path} timed out after ${timeout} ms`);
      throw new ConnectionError(`${spec.method} ${spec.path} failed: ${describe(error)}`, { cause: rootCause(error) });
    }
  }

  #logResponse(spec: { method: string; path: string }, status: number, attempt: number, t0: number): void {
    if (this.#log.enabled("debug")) {
      this.#log.log("debug", "zerodb: response", { method: spec.method, path: spec.path, status, attempt, ms: Date.now() - t0 });
    }
  }

  /** Never shows the key. */
  toJSON(): Record<string, unknown> {
    return { baseUrl: this.config.baseUrl, pathStyle: this.config.pathStyle, apiKey: "***" };
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `HttpClient ${JSON.stringify(this.toJSON())}`;
  }
}

/** The signal that aborts when either does (AbortSignal.any only when both exist: it is costly). */
function eitherSignal(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  return a === undefined ? b : b === undefined ? a : AbortSignal.any([a, b]);
}

function toRateLimit(error: APIError, maxRetryAfter: number): RateLimitError {
  const rl = new RateLimitError({
    status: error.status,
    method: error.method,
    path: error.path,
    body: error.body,
    headers: new Headers(error.requestId === undefined ? {} : { "x-request-id": error.requestId }),
    cause: error,
  });
  Object.defineProperty(rl, "retryAfterMs", { value: error.retryAfterMs });
  rl.message += ` (server asked to wait ${error.retryAfterMs} ms, more than maxRetryAfter ${maxRetryAfter} ms)`;
  return rl;
}

function meta(response: Response): ResponseMeta {
  return { status: response.status, requestId: response.headers.get("x-request-id") ?? undefined, headers: response.headers };
}

/** ky's search params without the `null`/`undefined` entries the api layer leaves out. */
function searchParams(query: Query): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) out[k] = v;
  return out;
}

/** JSON when it says or looks so, else the text; `undefined` when empty. */
function parseBody(response: Response, text: string): unknown {
  if (response.status === 204 || text === "") return undefined;
  const type = response.headers.get("content-type") ?? "";
  if (type.includes("json") || /^[[{"]/.test(text.trimStart())) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** An error body as ky read it (`HTTPError.data`), read as {@link parseBody} would. */
function errorBody(response: Response, data: unknown): unknown {
  return typeof data === "string" ? parseBody(response, data) : data;
}

/**
 * The first error in a cause chain that carries no request: wrappers (ky's errors, a
 * user's `fetch` option) may hold the Request, whose headers hold the key, and their
 * messages hold the full URL.
 */
function rootCause(error: unknown): unknown {
  let c: unknown = error;
  while (c !== null && typeof c === "object" && ("request" in c || "options" in c)) c = (c as { cause?: unknown }).cause;
  return c ?? new Error(error instanceof Error ? error.name : String(error));
}

/** The deepest system error code (ECONNRESET...) in a cause chain, else the root cause's message. */
function describe(error: unknown): string {
  for (let c: unknown = error; c !== undefined && c !== null; c = (c as { cause?: unknown }).cause) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  const root = rootCause(error);
  return root instanceof Error ? root.message : String(root);
}
