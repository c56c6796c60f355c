import type { HttpClient, RequestOptions, RequestSpec, ResponseMeta } from "../http/transport.js";
import { anyObject } from "./shared.js";

/** The data of a successful call together with what the server answered besides it. */
export interface WithResponse<T> {
  /** What `await` on the call gives. */
  data: T;
  /** Status, request id and headers of the final attempt. */
  response: ResponseMeta;
}

/**
 * What every non-list method returns: `await` it for the data, or call
 * {@link APIPromise.withResponse} to also get the status, the server's request id and the
 * headers of a successful call. The request starts when the method is called.
 * @example
 * ```ts
 * const row = await scope.rows("contacts").get(rowId);
 * const { data, response } = await scope.rows("contacts").get(rowId).withResponse();
 * console.log(response.status, response.requestId, data.row_data);
 * ```
 */
export class APIPromise<T> implements Promise<T> {
  readonly #result: Promise<WithResponse<T>>;

  /** @internal Made by the api modules; `send` may throw (bad input), which rejects the promise. */
  constructor(send: () => Promise<WithResponse<T>>) {
    try {
      this.#result = send();
    } catch (error) {
      this.#result = Promise.reject(error);
    }
  }

  /** Resolves to `{ data, response: { status, requestId, headers } }`. */
  withResponse(): Promise<WithResponse<T>> {
    return this.#result;
  }

  /** Makes the call awaitable; resolves to the data only. */
  then<A = T, B = never>(
    onfulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#result.then((r) => r.data).then(onfulfilled, onrejected);
  }

  /** Like `Promise.prototype.catch`. */
  catch<B = never>(onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.then(undefined, onrejected);
  }

  /** `"APIPromise"`, so it passes wherever a `Promise` is expected. */
  get [Symbol.toStringTag](): string {
    return "APIPromise";
  }

  /** Like `Promise.prototype.finally`. */
  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onfinally);
  }
}

/** One call as an endpoint describes it; `idempotent` defaults by verb (GET, PUT, DELETE yes; POST, PATCH no). */
export type Call<T> = Omit<RequestSpec<T>, "method" | "idempotent"> & { idempotent?: boolean };
/** A call, or a function that builds it after checking the caller's input (a bad input then rejects). */
type CallOrBuilder<T> = Call<T> | (() => Call<T> | Promise<Call<T>>);

function send<T>(http: HttpClient, method: RequestSpec<T>["method"], idempotent: boolean, call: CallOrBuilder<T>, options?: RequestOptions): APIPromise<T> {
  return new APIPromise(async () => {
    const c = typeof call === "function" ? await call() : call;
    return http.requestWithResponse({ ...c, method, idempotent: c.idempotent ?? idempotent }, options);
  });
}

/** `GET`, retried like every read. */
export const get = <T>(http: HttpClient, call: CallOrBuilder<T>, options?: RequestOptions): APIPromise<T> => send(http, "GET", true, call, options);
/** `POST`, not retried after an ambiguous failure unless the call says it is idempotent. */
export const post = <T>(http: HttpClient, call: CallOrBuilder<T>, options?: RequestOptions): APIPromise<T> => send(http, "POST", false, call, options);
/** `PUT`, a replacement, so retried. */
export const put = <T>(http: HttpClient, call: CallOrBuilder<T>, options?: RequestOptions): APIPromise<T> => send(http, "PUT", true, call, options);
/** `PATCH`, not retried unless the call says it is idempotent. */
export const patch = <T>(http: HttpClient, call: CallOrBuilder<T>, options?: RequestOptions): APIPromise<T> => send(http, "PATCH", false, call, options);

/**
 * `DELETE`, retried: for one thing, a 404 on a retry means an earlier attempt already
 * deleted it, and an answer whose shape no caller relies on is kept as-is.
 */
export function del<T = Record<string, unknown>>(http: HttpClient, call: DeleteCall<T> | (() => DeleteCall<T>), options?: RequestOptions): APIPromise<T> {
  const full = (c: DeleteCall<T>): Call<T> => ({ goneMeansDone: true, schema: anyObject as unknown as Call<T>["schema"], ...c });
  return send(http, "DELETE", true, typeof call === "function" ? () => full(call()) : full(call), options);
}
type DeleteCall<T> = Omit<Call<T>, "schema"> & { schema?: Call<T>["schema"] };
