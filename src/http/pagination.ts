/** One page of a list endpoint, normalized from whichever envelope the server used. */
export interface Page<T> {
  /** The items of this page. */
  data: T[];
  /** Total matching items, when the server says. */
  total: number | undefined;
  /** Offset of the first item of this page (`skip` or `offset` on the wire). */
  skip: number;
  /** Page size asked for. */
  limit: number;
  /** The server's `has_more`, when it sent one. */
  hasMore: boolean | undefined;
}

/** Fetches the page that starts at `skip`. */
export type PageFetcher<T> = (skip: number, limit: number) => Promise<Page<T>>;

/**
 * What a `list()` call returns: `await` it for the first page, or iterate it with
 * `for await` to walk every item of every page. Iteration follows `skip`/`limit`,
 * trusts `has_more` when present, and otherwise stops on a short or empty page.
 *
 * @example
 * ```ts
 * const first = await rows.list({ limit: 100 });       // one page
 * for await (const row of rows.list({ limit: 100 })) {} // every row
 * ```
 */
export class PagePromise<T> implements PromiseLike<Page<T>>, AsyncIterable<T> {
  readonly #fetch: PageFetcher<T>;
  readonly #skip: number;
  readonly #limit: number;
  #first: Promise<Page<T>> | undefined;

  constructor(fetch: PageFetcher<T>, skip: number, limit: number) {
    this.#fetch = fetch;
    this.#skip = skip;
    this.#limit = limit;
  }

  #firstPage(): Promise<Page<T>> {
    this.#first ??= this.#fetch(this.#skip, this.#limit);
    return this.#first;
  }

  then<R1 = Page<T>, R2 = never>(
    onfulfilled?: ((value: Page<T>) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#firstPage().then(onfulfilled, onrejected);
  }

  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<Page<T> | R> {
    return this.#firstPage().catch(onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<Page<T>> {
    return this.#firstPage().finally(onfinally);
  }

  /** Every page, in order, starting with the first. */
  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    let page = await this.#firstPage();
    for (;;) {
      yield page;
      if (!hasNextPage(page)) return;
      page = await this.#fetch(page.skip + page.data.length, page.limit);
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.data;
  }

  /** Collects every item of every page into one array (use with care on big tables). */
  async toArray(): Promise<T[]> {
    const out: T[] = [];
    for await (const item of this) out.push(item);
    return out;
  }
}

/** Whether another page may follow `page`. */
export function hasNextPage(page: Page<unknown>): boolean {
  if (page.data.length === 0) return false;
  if (page.hasMore !== undefined) return page.hasMore;
  if (page.total !== undefined) return page.skip + page.data.length < page.total;
  return page.data.length >= page.limit;
}

/**
 * Runs `make`, which checks the caller's params and builds the list; if it throws (bad
 * params), the returned list rejects with that error instead, so `list()` fails the same
 * way whether it is awaited, iterated or chained with `.catch`.
 */
export function pagesOrError<T>(make: () => PagePromise<T>): PagePromise<T> {
  try {
    return make();
  } catch (error) {
    return new PagePromise<T>(() => Promise.reject(error), 0, 1);
  }
}
