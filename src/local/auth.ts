/**
 * API keys: hashed (SHA-256) in the database, bound to projects.
 * `X-API-Key: <key>` or `Authorization: Bearer <key>`; missing or unknown key
 * 401, a known key on a project it is not bound to 403.
 * @internal
 * @module
 */
import { createHash, randomBytes } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { Db } from "./db.js";
import { HttpError } from "./errors.js";
import { isUuid, type AppEnv, type Deps } from "./util.js";

/** SHA-256 hex of a key; keys themselves are never stored. */
export const hashKey = (key: string): string => createHash("sha256").update(key).digest("hex");

/** A fresh key, `zdb_local_<32 hex>`. */
export const newApiKey = (): string => `zdb_local_${randomBytes(16).toString("hex")}`;

/** The key sent with a request, if any. */
export function requestKey(headers: Headers): string | undefined {
  const x = headers.get("x-api-key");
  if (x !== null && x.trim() !== "") return x.trim();
  const auth = headers.get("authorization");
  const m = auth === null ? null : /^Bearer\s+(.+)$/i.exec(auth.trim());
  return m?.[1]?.trim() || undefined;
}

interface KeyEntry {
  known: boolean;
  /** project id -> deleted? */
  projects: Map<string, boolean>;
}

const caches = new WeakMap<Db, Map<string, KeyEntry>>();

/** Forgets cached key bindings; call after any change to keys, bindings or project deletion. */
export function invalidateAuth(db: Db): void {
  caches.get(db)?.clear();
}

async function keyEntry(db: Db, h: string): Promise<KeyEntry> {
  let cache = caches.get(db);
  if (cache === undefined) {
    cache = new Map();
    caches.set(db, cache);
  }
  const hit = cache.get(h);
  if (hit !== undefined) return hit;
  const r = await db.query<{ project_id: string | null; deleted: boolean | null }>(
    `SELECT a.project_id, p.deleted_at IS NOT NULL AS deleted FROM zdb.keys k
     LEFT JOIN zdb.api_keys a ON a.key_hash = k.key_hash LEFT JOIN zdb.projects p ON p.id = a.project_id
     WHERE k.key_hash = $1`,
    [h],
  );
  const entry: KeyEntry = { known: r.rows.length > 0, projects: new Map() };
  for (const row of r.rows) if (row.project_id !== null) entry.projects.set(row.project_id, row.deleted === true);
  if (cache.size > 10_000) cache.clear();
  cache.set(h, entry);
  return entry;
}

/** Registers a key (idempotent) and binds it to the given projects. */
export async function registerKey(db: Db, key: string, projectIds: string[]): Promise<void> {
  invalidateAuth(db);
  const h = hashKey(key);
  await db.query("INSERT INTO zdb.keys (key_hash) VALUES ($1) ON CONFLICT DO NOTHING", [h]);
  for (const pid of projectIds) {
    await db.query("INSERT INTO zdb.api_keys (key_hash, project_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", [h, pid]);
  }
}

/** Revokes a key (by hash) and all its project bindings. */
export async function revokeKeyHash(db: Db, keyHash: string): Promise<void> {
  invalidateAuth(db);
  await db.query("DELETE FROM zdb.keys WHERE key_hash = $1", [keyHash]);
}

const unauthorized = (msg: string): HttpError =>
  new HttpError(401, msg, "INVALID_API_KEY", { "WWW-Authenticate": "Bearer" });

/** Resolves the caller's key hash; throws 401 when missing or unknown. */
export async function authenticate(db: Db, headers: Headers): Promise<string> {
  const key = requestKey(headers);
  if (key === undefined) throw unauthorized("Not authenticated: send the API key in X-API-Key or Authorization: Bearer");
  const h = hashKey(key);
  if (!(await keyEntry(db, h)).known) throw unauthorized("Invalid API key");
  return h;
}

/** 403 unless the key is bound to the project; 404 when it is deleted (unless allowDeleted). */
export async function authorizeProject(db: Db, keyHash: string, pid: string, allowDeleted = false): Promise<void> {
  const deleted = isUuid(pid) ? (await keyEntry(db, keyHash)).projects.get(pid.toLowerCase()) : undefined;
  if (deleted === undefined) throw new HttpError(403, "Not authorized to access this project", "FORBIDDEN");
  if (deleted && !allowDeleted) throw new HttpError(404, "Project not found", "PROJECT_NOT_FOUND");
}

/** Middleware for project-scoped routes: sets `pid` and `keyHash`. */
export function projectAuth(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const keyHash = await authenticate(deps.db, c.req.raw.headers);
    const pid = c.req.path.split("/")[2] ?? "";
    await authorizeProject(deps.db, keyHash, pid);
    c.set("keyHash", keyHash);
    c.set("pid", pid.toLowerCase());
    await next();
  };
}
