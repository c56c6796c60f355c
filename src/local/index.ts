/**
 * `zerodb-calltime/local`: a local ZeroDB server (same HTTP API, on PGlite
 * with pgvector) for development, tests and offline use.
 *
 * @example
 * ```ts
 * import { startLocalZeroDB } from "zerodb-calltime/local";
 *
 * const zdb = await startLocalZeroDB({ port: 0 });
 * const res = await fetch(`${zdb.url}/v1/public/${zdb.projectId}/database/tables`, {
 *   headers: { "X-API-Key": zdb.apiKey },
 * });
 * await zdb.stop();
 * ```
 * @module
 */
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { serve, type ServerType } from "@hono/node-server";
import type { PGlite } from "@electric-sql/pglite";
import { LOCAL_BODY_LIMIT_BYTES } from "../contract/index.js";
import { newApiKey, registerKey } from "./auth.js";
import { openDb, type Db } from "./db.js";
import { resolveEmbedder, type EmbedFunction, type LocalEmbedder } from "./embedder.js";
import { FaultInjector, type FaultOptions, type FaultStats } from "./faults.js";
import { insertProject } from "./projects-store.js";
import { createApp } from "./server.js";
import { isUuid, uuid, type Deps } from "./util.js";

export type { EmbedFunction, EmbeddingModel, LocalEmbedder } from "./embedder.js";
export { DEFAULT_MODEL, ZERODB_MODELS, lexicalEmbed, lexicalEmbedder } from "./embedder.js";
export type { FaultOptions, FaultStats } from "./faults.js";

/**
 * Options of {@link startLocalZeroDB}. All optional.
 *
 * @example
 * ```ts
 * const opts: LocalZeroDBOptions = { port: 8787, dataDir: ".zerodb", faults: { seed: 1, errorRate: 0.1 } };
 * ```
 */
export interface LocalZeroDBOptions {
  /** TCP port; `0` (default) picks a free one. */
  port?: number;
  /** Interface to listen on (default `127.0.0.1`). */
  host?: string;
  /** Persist to this directory (created if missing, reopened if it holds a database). Default: in memory. */
  dataDir?: string;
  /** The API key to accept (default: a fresh `zdb_local_<random>`). */
  apiKey?: string;
  /** The project (UUID) to create or reuse and bind the key to (default: the data directory's first project, or a new one). */
  projectId?: string;
  /** Embedding function or embedder (default: the lexical 384-dim embedder). */
  embedder?: EmbedFunction | LocalEmbedder;
  /** Fault injection (default: none). Can be changed later with {@link LocalZeroDB.setFaults}. */
  faults?: FaultOptions;
  /**
   * Also accept the filter operators ZeroDB refuses (`$and $or $nor $exists $options`:
   * `LOCAL_ONLY_OPERATORS`). Off by default, so code that works locally works on ZeroDB;
   * an SDK client talking to such a server needs `localOperators: true` as well.
   */
  localOperators?: boolean;
  /** Largest accepted request body in bytes (default 20 MiB: a 10 MiB file as base64 JSON fits); larger bodies get 413. */
  bodyLimit?: number;
}

/**
 * A running local server. `apiKey` is readable but not enumerable, and
 * `util.inspect`/`JSON.stringify` of the handle mask it.
 *
 * @example
 * ```ts
 * const zdb = await startLocalZeroDB();
 * const other = await zdb.createProject({ name: "Second" });
 * const key2 = await zdb.createApiKey([other.projectId]);
 * zdb.setFaults({ seed: 42, errorRate: 0.3 });
 * console.log(zdb.faultStats());
 * await zdb.stop();
 * ```
 */
export interface LocalZeroDB {
  /** Base URL, e.g. `http://127.0.0.1:54321` (no trailing slash). */
  readonly url: string;
  /** The API key bound to {@link LocalZeroDB.projectId} (and to projects created through the handle). */
  readonly apiKey: string;
  /** The project the key was bound to at start. */
  readonly projectId: string;
  /** Stops the HTTP server and closes the database. Idempotent. */
  stop(): Promise<void>;
  /**
   * Creates another project (test helper), bound to {@link LocalZeroDB.apiKey}
   * unless `bindKey` is false (then only keys from {@link LocalZeroDB.createApiKey} reach it).
   */
  createProject(opts?: { name?: string; description?: string; bindKey?: boolean }): Promise<{ projectId: string }>;
  /** Creates a new API key bound to exactly these projects (test helper); `[]` gives a known key bound to nothing. */
  createApiKey(projectIds: string[]): Promise<string>;
  /** Replaces the fault settings (restarting the seeded PRNG); `undefined` turns faults off. */
  setFaults(faults?: FaultOptions): void;
  /** Counters of injected faults since start or the last `setFaults`. */
  faultStats(): FaultStats;
  /** The underlying PGlite instance (schema `zdb`; for benchmarks and debugging, not a stable API). */
  readonly db: PGlite;
}

async function meta(db: Db, key: string): Promise<string | undefined> {
  return (await db.query<{ value: string }>("SELECT value FROM zdb.meta WHERE key = $1", [key])).rows[0]?.value;
}

async function setMeta(db: Db, key: string, value: string): Promise<void> {
  await db.query("INSERT INTO zdb.meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", [key, value]);
}

function listen(app: { fetch: (req: Request, env: never) => Response | Promise<Response> }, host: string, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    let server: ServerType | undefined = undefined;
    const onError = (e: Error): void => reject(e);
    server = serve({ fetch: app.fetch as never, hostname: host, port }, () => {
      server?.off("error", onError);
      resolve(server!);
    });
    server.once("error", onError);
  });
}

/**
 * Starts a local ZeroDB server: PGlite + pgvector in this process, served over
 * HTTP by hono. Resolves once it accepts requests (about a second; the first
 * start on a machine builds a cached snapshot and takes a few seconds more).
 *
 * @example
 * ```ts
 * const zdb = await startLocalZeroDB({ port: 0 });
 * console.log(zdb.url, zdb.projectId);
 * await zdb.stop();
 * ```
 */
export async function startLocalZeroDB(options: LocalZeroDBOptions = {}): Promise<LocalZeroDB> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError("port must be an integer 0..65535");
  if (options.projectId !== undefined && !isUuid(options.projectId)) throw new TypeError("projectId must be a UUID");
  if (options.apiKey !== undefined && options.apiKey.trim() === "") throw new TypeError("apiKey must not be empty");
  const faults = new FaultInjector(options.faults);

  const db = await openDb(options.dataDir);
  let server: ServerType | undefined;
  try {
    await db.exec("SET hnsw.ef_search = 300; SET hnsw.iterative_scan = relaxed_order;");
    let secret = await meta(db, "hmac_secret");
    if (secret === undefined) {
      secret = randomBytes(32).toString("hex");
      await setMeta(db, "hmac_secret", secret);
    }
    let projectId = options.projectId?.toLowerCase() ?? (await meta(db, "default_project"));
    if (projectId === undefined || (await db.query("SELECT 1 FROM zdb.projects WHERE id = $1", [projectId])).rows.length === 0) {
      projectId ??= uuid();
      await insertProject(db, { id: projectId, name: "Local project", description: "Created by startLocalZeroDB" });
    }
    if ((await meta(db, "default_project")) === undefined) await setMeta(db, "default_project", projectId);
    const apiKey = options.apiKey ?? newApiKey();
    await registerKey(db, apiKey, [projectId]);

    let url = "";
    const deps: Deps = {
      db,
      embedder: resolveEmbedder(options.embedder),
      secret,
      faults,
      baseUrl: () => url,
      localOperators: options.localOperators === true,
    };
    const app = createApp(deps, { bodyLimit: options.bodyLimit ?? LOCAL_BODY_LIMIT_BYTES });
    server = await listen(app, host, port);
    const addr = server.address() as AddressInfo;
    url = `http://${host.includes(":") ? `[${host}]` : host}:${addr.port}`;

    let stopping: Promise<void> | undefined;
    const srv = server;
    const handle = {
      url,
      projectId,
      stop(): Promise<void> {
        stopping ??= (async () => {
          await new Promise<void>((resolve) => {
            srv.close(() => resolve());
            (srv as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          });
          await db.close();
        })();
        return stopping;
      },
      async createProject(o: { name?: string; description?: string; bindKey?: boolean } = {}): Promise<{ projectId: string }> {
        const p = await insertProject(db, { name: o.name ?? "Test project", description: o.description ?? null });
        if (o.bindKey !== false) await registerKey(db, apiKey, [p.id as string]);
        return { projectId: p.id as string };
      },
      async createApiKey(projectIds: string[]): Promise<string> {
        const key = newApiKey();
        await registerKey(db, key, projectIds);
        return key;
      },
      setFaults(f?: FaultOptions): void {
        faults.set(f);
        faults.resetStats();
      },
      faultStats: (): FaultStats => faults.stats(),
      toJSON: () => ({ url, projectId, apiKey: "[redacted]" }),
      [inspect.custom]: () => `LocalZeroDB { url: '${url}', projectId: '${projectId}', apiKey: '[redacted]' }`,
    };
    Object.defineProperty(handle, "apiKey", { value: apiKey, enumerable: false });
    Object.defineProperty(handle, "db", { value: db, enumerable: false });
    for (const k of ["toJSON"] as const) Object.defineProperty(handle, k, { enumerable: false });
    return handle as unknown as LocalZeroDB;
  } catch (e) {
    server?.close();
    await db.close();
    throw e;
  }
}
