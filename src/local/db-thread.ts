/**
 * The HTTP thread's handle on the database: PGlite runs in a worker thread
 * (entry: db.ts), because a PGlite statement runs synchronously in WebAssembly
 * and would otherwise freeze the event loop (every request, `/health` and the
 * HTTP server's own timers) for as long as it runs. Requests still reach the
 * one database in turn; they wait instead of being stalled or reset.
 * @internal
 * @module
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Worker } from "node:worker_threads";
import type { QueryOptions, Results, Transaction } from "@electric-sql/pglite";
import { DB_MODULE_URL, type Db, type DbRequest } from "./db.js";

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: Record<string, unknown> };
type Call = DbRequest extends infer R ? (R extends { id: number } ? Omit<R, "id"> : never) : never;

function toError(fields: Record<string, unknown>): Error {
  const e = new Error(String(fields.message));
  Object.assign(e, fields);
  return e;
}

/** Applies the caller's parsers to values the worker left as text. */
function parse<T>(r: Results<T>, parsers: QueryOptions["parsers"]): Results<T> {
  if (parsers === undefined) return r;
  r.fields.forEach((f, i) => {
    const p = parsers[f.dataTypeID];
    if (p === undefined) return;
    for (const row of r.rows as unknown[]) {
      if (Array.isArray(row)) row[i] = row[i] === null ? null : p(row[i] as string);
      else {
        const o = row as Record<string, unknown>;
        if (o[f.name] !== null) o[f.name] = p(o[f.name] as string);
      }
    }
  });
  return r;
}

class ThreadDb implements Db {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  #next = 1;
  #dead: Error | undefined;

  constructor(worker: Worker) {
    this.#worker = worker;
    worker.on("message", (m: Reply) => {
      const p = this.#pending.get(m.id);
      if (p === undefined) return;
      this.#pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(toError(m.error));
    });
    const fail = (e: Error): void => {
      this.#dead ??= e;
      for (const p of this.#pending.values()) p.reject(e);
      this.#pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", () => fail(new Error("The local database thread has stopped")));
  }

  call(msg: Call): Promise<unknown> {
    if (this.#dead !== undefined) return Promise.reject(this.#dead);
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...msg, id });
    });
  }

  async query<T>(sql: string, params: unknown[] = [], options: QueryOptions = {}, tx?: number): Promise<Results<T>> {
    const rawTypes = Object.keys(options.parsers ?? {}).map(Number);
    const r = (await this.call({ op: "query", sql, params, rowMode: options.rowMode, rawTypes, tx })) as Results<T>;
    return parse(r, options.parsers);
  }

  exec(sql: string, tx?: number): Promise<Results[]> {
    return this.call({ op: "exec", sql, tx }) as Promise<Results[]>;
  }

  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    const id = (await this.call({ op: "begin" })) as number;
    let closed = false;
    const open = (): void => {
      if (closed) throw new Error("Transaction is closed");
    };
    const tx: Transaction = {
      query: async <R>(sql: string, params?: unknown[], options?: QueryOptions) => (open(), this.query<R>(sql, params, options, id)),
      sql: () => Promise.reject(new Error("tx.sql is not supported by the local server")),
      exec: async (sql: string) => (open(), this.exec(sql, id)),
      rollback: async () => {
        open();
        await this.call({ op: "rollback", tx: id });
        closed = true;
      },
      listen: () => Promise.reject(new Error("tx.listen is not supported by the local server")),
      get closed() {
        return closed;
      },
    };
    let result: T;
    try {
      result = await fn(tx);
    } catch (e) {
      closed = true;
      await this.call({ op: "end", tx: id, commit: false }).catch(() => undefined);
      throw e;
    }
    closed = true;
    await this.call({ op: "end", tx: id, commit: true });
    return result;
  }

  async close(): Promise<void> {
    if (this.#dead === undefined) await this.call({ op: "close" }).catch(() => undefined);
    await this.#worker.terminate();
  }
}

// compiled once per process and shared with every database thread (a fresh compile costs seconds)
let compiled: Promise<WebAssembly.Module | undefined> | undefined;
function pgliteWasm(): Promise<WebAssembly.Module | undefined> {
  compiled ??= (async () => {
    const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
    return WebAssembly.compile(await readFile(join(dirname(entry), "pglite.wasm")));
  })().catch(() => undefined);
  return compiled;
}

/** Starts the database thread (see db.ts `openPGlite` for what it opens). */
export async function openDb(dataDir?: string): Promise<Db> {
  const wasm = await pgliteWasm();
  // a worker inherits the process's flags, but refuses --input-type (set when the server is started from `node -e`)
  const execArgv = process.execArgv.filter((a, i, all) => !a.startsWith("--input-type") && all[i - 1] !== "--input-type");
  const worker = new Worker(new URL(DB_MODULE_URL), { workerData: { zerodbLocalDb: true, dataDir, wasm }, execArgv });
  await new Promise<void>((resolve, reject) => {
    const onExit = (): void => reject(new Error("The local database thread stopped while starting"));
    worker.once("error", reject);
    worker.once("exit", onExit);
    worker.once("message", (m: Reply) => {
      worker.off("error", reject);
      worker.off("exit", onExit);
      if (m.ok) resolve();
      else reject(toError(m.error));
    });
  });
  return new ThreadDb(worker);
}
