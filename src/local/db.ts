/**
 * PGlite start-up (from a cached, prepared data-directory snapshot so a start
 * takes about a second), the internal schema `zdb`, and the worker-thread side
 * of the database (see db-thread.ts). This module is loaded as the worker's
 * entry, so it imports packages only (and types).
 * @internal
 * @module
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { PGlite, type QueryOptions, type Results, type Transaction } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";

/**
 * The database as the routes see it: PGlite's query API, served by a PGlite
 * that runs in a worker thread (db-thread.ts), so a long statement never
 * blocks the HTTP thread.
 */
export interface Db {
  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(sql: string): Promise<Results[]>;
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Restricted role the SQL endpoint runs as (no access to schema `zdb`). */
export const SQL_ROLE = "zdb_sql";

/** The vector sizes ZeroDB stores, one column (and HNSW index) each. */
// The contract's VECTOR_DIMENSIONS, restated: the database thread loads this file on its own,
// with no imports from src/ (test/unit/contract.test.ts keeps the two equal).
export const VECTOR_DIMS = [384, 768, 1024, 1536] as const;

const ts = "timestamptz NOT NULL DEFAULT clock_timestamp()";

/** The whole internal schema. Changing it changes the snapshot file name. */
export const SCHEMA_SQL = `
CREATE EXTENSION IF NOT EXISTS vector;
CREATE SCHEMA zdb;
CREATE TABLE zdb.meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE zdb.projects (
  id uuid PRIMARY KEY, name text NOT NULL, description text, tier text NOT NULL DEFAULT 'free',
  status text NOT NULL DEFAULT 'ACTIVE', database_enabled boolean NOT NULL DEFAULT true,
  vector_dimensions int, created_at ${ts}, updated_at ${ts}, deleted_at timestamptz, seq bigserial);
CREATE TABLE zdb.keys (key_hash text PRIMARY KEY, created_at ${ts});
CREATE TABLE zdb.api_keys (key_hash text NOT NULL REFERENCES zdb.keys(key_hash) ON DELETE CASCADE, project_id uuid NOT NULL, PRIMARY KEY (key_hash, project_id));
CREATE TABLE zdb.tables (
  table_id uuid PRIMARY KEY, project_id uuid NOT NULL, name text NOT NULL, description text,
  schema jsonb, created_at ${ts}, updated_at ${ts}, seq bigserial, UNIQUE (project_id, name));
CREATE TABLE zdb.rows (
  seq bigserial, row_id uuid PRIMARY KEY, table_id uuid NOT NULL REFERENCES zdb.tables(table_id) ON DELETE CASCADE,
  row_data jsonb NOT NULL, created_at ${ts}, updated_at ${ts});
CREATE INDEX rows_table_seq ON zdb.rows (table_id, seq);
CREATE TABLE zdb.vectors (
  seq bigserial, project_id uuid NOT NULL, namespace text NOT NULL, vector_id text NOT NULL, dimensions int NOT NULL,
  ${VECTOR_DIMS.map((d) => `v${d} vector(${d})`).join(", ")},
  vector_metadata jsonb NOT NULL DEFAULT '{}', document text, source text, created_at ${ts}, updated_at ${ts},
  PRIMARY KEY (project_id, namespace, vector_id));
${VECTOR_DIMS.map((d) => `CREATE INDEX vectors_v${d}_hnsw ON zdb.vectors USING hnsw (v${d} vector_cosine_ops);`).join("\n")}
CREATE INDEX vectors_project_seq ON zdb.vectors (project_id, seq);
CREATE TABLE zdb.memories (
  seq bigserial, memory_id uuid PRIMARY KEY, project_id uuid NOT NULL, agent_id text, session_id text, role text,
  content text NOT NULL, memory_metadata jsonb NOT NULL DEFAULT '{}', embedding vector, created_at ${ts}, updated_at ${ts});
CREATE INDEX memories_project_seq ON zdb.memories (project_id, seq);
CREATE TABLE zdb.files (
  seq bigserial, file_id uuid PRIMARY KEY, project_id uuid NOT NULL, file_name text NOT NULL, content_type text NOT NULL,
  size_bytes bigint NOT NULL, folder text, metadata jsonb NOT NULL DEFAULT '{}', content bytea NOT NULL,
  created_at ${ts}, updated_at ${ts});
CREATE INDEX files_project_seq ON zdb.files (project_id, seq);
CREATE TABLE zdb.events (
  seq bigserial, event_id uuid PRIMARY KEY, project_id uuid NOT NULL, topic text NOT NULL,
  event_payload jsonb NOT NULL, published_at ${ts});
CREATE INDEX events_project_topic_seq ON zdb.events (project_id, topic, seq);
CREATE TABLE zdb.rlhf (seq bigserial, interaction_id uuid PRIMARY KEY, project_id uuid NOT NULL, doc jsonb NOT NULL, created_at ${ts});
CREATE INDEX rlhf_project_seq ON zdb.rlhf (project_id, seq);
CREATE TABLE zdb.agent_logs (seq bigserial, log_id uuid PRIMARY KEY, project_id uuid NOT NULL, doc jsonb NOT NULL, created_at ${ts});
CREATE INDEX agent_logs_project_seq ON zdb.agent_logs (project_id, seq);

CREATE FUNCTION zdb.jsonb_set_path(t jsonb, p text[], v jsonb) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $f$
BEGIN
  IF t IS NULL OR jsonb_typeof(t) <> 'object' THEN t := '{}'::jsonb; END IF;
  IF cardinality(p) = 1 THEN RETURN jsonb_set(t, p, v, true); END IF;
  RETURN jsonb_set(t, p[1:1], zdb.jsonb_set_path(t -> p[1], p[2:], v), true);
END $f$;
CREATE FUNCTION zdb.jsonb_inc_path(t jsonb, p text[], d numeric) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $f$
DECLARE cur jsonb := t #> p;
BEGIN
  IF cur IS NULL OR cur = 'null'::jsonb THEN RETURN zdb.jsonb_set_path(t, p, to_jsonb(d)); END IF;
  IF jsonb_typeof(cur) <> 'number' THEN
    RAISE EXCEPTION 'Cannot apply $inc to the non-numeric field %', array_to_string(p, '.') USING ERRCODE = 'ZDB01';
  END IF;
  RETURN zdb.jsonb_set_path(t, p, to_jsonb(cur::numeric + d));
END $f$;
CREATE FUNCTION zdb.jsonb_push_path(t jsonb, p text[], v jsonb) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $f$
DECLARE cur jsonb := t #> p;
BEGIN
  IF cur IS NULL OR cur = 'null'::jsonb THEN RETURN zdb.jsonb_set_path(t, p, jsonb_build_array(v)); END IF;
  IF jsonb_typeof(cur) <> 'array' THEN
    RAISE EXCEPTION 'Cannot apply $push to the non-array field %', array_to_string(p, '.') USING ERRCODE = 'ZDB01';
  END IF;
  RETURN zdb.jsonb_set_path(t, p, cur || jsonb_build_array(v));
END $f$;
CREATE FUNCTION zdb.jsonb_pull_path(t jsonb, p text[], v jsonb) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $f$
DECLARE cur jsonb := t #> p;
BEGIN
  IF cur IS NULL OR jsonb_typeof(cur) <> 'array' THEN RETURN t; END IF;
  RETURN zdb.jsonb_set_path(t, p,
    (SELECT COALESCE(jsonb_agg(e ORDER BY o), '[]'::jsonb) FROM jsonb_array_elements(cur) WITH ORDINALITY AS x(e, o) WHERE e <> v));
END $f$;
-- Which top-level keys (and JSON types) each table's rows hold, kept current on every
-- write, so the SQL endpoint types its view columns without scanning the rows.
CREATE TABLE zdb.row_keys (
  table_id uuid NOT NULL REFERENCES zdb.tables(table_id) ON DELETE CASCADE, key text NOT NULL, jtype text NOT NULL,
  n bigint NOT NULL, first_seq bigint NOT NULL, PRIMARY KEY (table_id, key, jtype));
-- Statement-level (transition tables), and only net changes are written: repeated
-- updates of one counter inside one transaction cost time quadratic in their number.
CREATE FUNCTION zdb.track_row_keys() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE zdb.row_keys k SET n = k.n - d.c
    FROM (SELECT o.table_id, e.key, jsonb_typeof(e.value) AS jtype, count(*) AS c
          FROM zdb_old_rows o, jsonb_each(o.row_data) e GROUP BY 1, 2, 3) d
    WHERE k.table_id = d.table_id AND k.key = d.key AND k.jtype = d.jtype;
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO zdb.row_keys AS k (table_id, key, jtype, n, first_seq)
      SELECT r.table_id, e.key, jsonb_typeof(e.value), count(*), min(r.seq)
      FROM zdb_new_rows r, jsonb_each(r.row_data) e GROUP BY 1, 2, 3
      ON CONFLICT (table_id, key, jtype) DO UPDATE SET n = k.n + EXCLUDED.n, first_seq = least(k.first_seq, EXCLUDED.first_seq);
  ELSE
    INSERT INTO zdb.row_keys AS k (table_id, key, jtype, n, first_seq)
      SELECT table_id, key, jtype, sum(c), coalesce(min(s), 9223372036854775807) FROM (
        SELECT r.table_id, e.key, jsonb_typeof(e.value) AS jtype, 1 AS c, r.seq AS s FROM zdb_new_rows r, jsonb_each(r.row_data) e
        UNION ALL
        SELECT o.table_id, e.key, jsonb_typeof(e.value), -1, NULL FROM zdb_old_rows o, jsonb_each(o.row_data) e) x
      GROUP BY 1, 2, 3 HAVING sum(c) <> 0
      ON CONFLICT (table_id, key, jtype) DO UPDATE SET n = k.n + EXCLUDED.n, first_seq = least(k.first_seq, EXCLUDED.first_seq);
  END IF;
  RETURN NULL;
END $f$;
CREATE TRIGGER rows_keys_ins AFTER INSERT ON zdb.rows REFERENCING NEW TABLE AS zdb_new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION zdb.track_row_keys();
CREATE TRIGGER rows_keys_upd AFTER UPDATE ON zdb.rows REFERENCING OLD TABLE AS zdb_old_rows NEW TABLE AS zdb_new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION zdb.track_row_keys();
CREATE TRIGGER rows_keys_del AFTER DELETE ON zdb.rows REFERENCING OLD TABLE AS zdb_old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION zdb.track_row_keys();

-- INSTEAD OF trigger behind the SQL endpoint's per-request views (read_only=false).
-- Args: table id, JSON array of the view's numeric columns. An UPDATE starts from
-- the stored row_data and replaces only the columns whose value changed, so every
-- other field (nulls, keys that are no view column, the JSON type of a number shown
-- in a text column) stays exactly as stored. What cannot be stored as it was
-- written is refused (ZDB02), never stored changed.
CREATE FUNCTION zdb.view_dml() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $f$
DECLARE tid uuid := TG_ARGV[0]::uuid; numeric_cols jsonb := TG_ARGV[1]::jsonb;
  doc jsonb := '{}'; o jsonb := '{}'; k text; v jsonb; rid uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM zdb.rows WHERE row_id = OLD.row_id AND table_id = tid;
    RETURN OLD;
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.created_at IS NOT NULL OR NEW.updated_at IS NOT NULL THEN
      RAISE EXCEPTION 'created_at and updated_at are set by the server and cannot be written' USING ERRCODE = 'ZDB02';
    END IF;
  ELSE
    IF NEW.row_id IS DISTINCT FROM OLD.row_id OR NEW.created_at IS DISTINCT FROM OLD.created_at
       OR NEW.updated_at IS DISTINCT FROM OLD.updated_at THEN
      RAISE EXCEPTION 'row_id, created_at and updated_at are set by the server and cannot be changed' USING ERRCODE = 'ZDB02';
    END IF;
    o := to_jsonb(OLD);
    SELECT row_data INTO doc FROM zdb.rows WHERE row_id = OLD.row_id AND table_id = tid FOR UPDATE;
  END IF;
  FOR k, v IN SELECT key, value FROM jsonb_each(to_jsonb(NEW)) WHERE key NOT IN ('row_id', 'created_at', 'updated_at') LOOP
    CONTINUE WHEN v IS NOT DISTINCT FROM (o -> k);
    CONTINUE WHEN TG_OP = 'INSERT' AND v = 'null'::jsonb;
    IF numeric_cols ? k AND jsonb_typeof(v) = 'string' THEN
      RAISE EXCEPTION 'Column "%" cannot store %: JSON numbers have no such value', k, v #>> '{}' USING ERRCODE = 'ZDB02';
    END IF;
    doc := jsonb_set(doc, ARRAY[k], v, true);
  END LOOP;
  IF TG_OP = 'INSERT' THEN
    rid := COALESCE(NEW.row_id, gen_random_uuid());
    INSERT INTO zdb.rows (row_id, table_id, row_data) VALUES (rid, tid, doc);
  ELSIF doc IS DISTINCT FROM (SELECT row_data FROM zdb.rows WHERE row_id = OLD.row_id AND table_id = tid) THEN
    UPDATE zdb.rows SET row_data = doc, updated_at = clock_timestamp() WHERE row_id = OLD.row_id AND table_id = tid;
  END IF;
  RETURN NEW;
END $f$;
REVOKE ALL ON FUNCTION zdb.view_dml() FROM PUBLIC;

-- The SQL endpoint runs as this role: no USAGE on schema zdb, no temp objects,
-- no set_config (which could switch the role back), no dynamic-SQL helpers.
CREATE ROLE ${SQL_ROLE} NOLOGIN NOINHERIT;
DO $f$ BEGIN EXECUTE format('REVOKE TEMP ON DATABASE %I FROM PUBLIC', current_database()); END $f$;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.set_config(text, text, boolean) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.query_to_xml(text, boolean, boolean, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.query_to_xmlschema(text, boolean, boolean, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.query_to_xml_and_xmlschema(text, boolean, boolean, text) FROM PUBLIC;
REVOKE USAGE ON LANGUAGE plpgsql FROM PUBLIC;
-- Storage outside a project's tables would be shared by every project (one role,
-- one session): large objects and session-level advisory locks are out of reach.
-- Index definitions name other projects' fields: their catalogs are hidden too.
DO $f$ DECLARE f regprocedure; BEGIN
  FOR f IN SELECT oid::regprocedure FROM pg_proc WHERE pronamespace = 'pg_catalog'::regnamespace
    AND (proname ~ '^lo_' OR proname IN ('loread', 'lowrite', 'pg_get_indexdef') OR proname ~ '^pg_(try_)?advisory')
  LOOP EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f); END LOOP;
END $f$;
REVOKE SELECT ON pg_catalog.pg_largeobject_metadata, pg_catalog.pg_index, pg_catalog.pg_indexes FROM PUBLIC;
`;

/** Fingerprint of the schema; part of the snapshot file name. */
export const SCHEMA_VERSION = createHash("sha256").update(SCHEMA_SQL).update("pglite-0.5.14").digest("hex").slice(0, 16);

/** Where the prepared snapshot is cached (override with ZERODB_LOCAL_SNAPSHOT_DIR). */
export function snapshotPath(): string {
  const dir = process.env.ZERODB_LOCAL_SNAPSHOT_DIR ?? tmpdir();
  return join(dir, `zerodb-calltime-local-${SCHEMA_VERSION}.tar.gz`);
}

async function buildSnapshot(path: string): Promise<Buffer> {
  const db = await PGlite.create({ extensions: { vector } });
  try {
    await db.exec(SCHEMA_SQL);
    await db.query("INSERT INTO zdb.meta (key, value) VALUES ('schema_version', $1)", [SCHEMA_VERSION]);
    const blob = await db.dumpDataDir("gzip");
    const buf = Buffer.from(await blob.arrayBuffer());
    try {
      await mkdir(join(path, ".."), { recursive: true });
      const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(tmp, buf);
      await rename(tmp, path);
    } catch {
      // a read-only temp dir only costs speed
    }
    return buf;
  } finally {
    await db.close();
  }
}

async function loadSnapshot(): Promise<Buffer> {
  const path = snapshotPath();
  try {
    return await readFile(path);
  } catch {
    return buildSnapshot(path);
  }
}

/**
 * Opens the database: in memory from the snapshot, or in `dataDir` (created
 * from the snapshot when empty, reopened when it already holds a database).
 */
export async function openPGlite(dataDir?: string, wasm?: WebAssembly.Module): Promise<PGlite> {
  const base = wasm === undefined ? { extensions: { vector } } : { extensions: { vector }, pgliteWasmModule: wasm };
  if (dataDir !== undefined && existsSync(join(dataDir, "PG_VERSION"))) {
    const db = await PGlite.create({ ...base, dataDir });
    const r = await db.query<{ value: string }>("SELECT value FROM zdb.meta WHERE key = 'schema_version'");
    if (r.rows[0]?.value !== SCHEMA_VERSION) {
      await db.close();
      throw new Error(
        `The data directory ${dataDir} was created by another version of the local ZeroDB server ` +
          `(schema ${r.rows[0]?.value ?? "unknown"}, expected ${SCHEMA_VERSION}).`,
      );
    }
    return db;
  }
  const snapshot = await loadSnapshot();
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
  const opts = { ...base, loadDataDir: new Blob([new Uint8Array(snapshot)]) };
  return PGlite.create(dataDir === undefined ? opts : { ...opts, dataDir });
}

/** URL of this module: the worker thread's entry. */
export const DB_MODULE_URL = import.meta.url;

/** A message from the HTTP thread (db-thread.ts). */
export type DbRequest = { id: number } & (
  | { op: "query"; sql: string; params: unknown[]; rowMode: "array" | "object" | undefined; rawTypes: number[]; tx: number | undefined }
  | { op: "exec"; sql: string; tx: number | undefined }
  | { op: "begin" }
  | { op: "rollback"; tx: number }
  | { op: "end"; tx: number; commit: boolean }
  | { op: "close" }
);

/** Only primitive fields cross the thread (a PGlite error also holds the query's options). */
function errorFields(e: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { message: e instanceof Error ? e.message : String(e) };
  if (typeof e === "object" && e !== null) {
    for (const [k, v] of Object.entries(e)) if (v === null || ["string", "number", "boolean"].includes(typeof v)) out[k] = v;
  }
  return out;
}

async function serveWorker(dataDir: string | undefined, wasm: WebAssembly.Module | undefined): Promise<void> {
  const port = parentPort!;
  let db: PGlite;
  try {
    db = await openPGlite(dataDir, wasm);
  } catch (e) {
    port.postMessage({ id: 0, ok: false, error: errorFields(e) });
    return;
  }
  const txs = new Map<number, { tx: Transaction; finish: (commit: boolean) => void; done: Promise<unknown> }>();
  const ROLLBACK = Symbol("rollback");
  let nextTx = 1;
  const target = (tx: number | undefined): PGlite | Transaction => (tx === undefined ? db : txs.get(tx)!.tx);
  async function handle(m: DbRequest): Promise<unknown> {
    switch (m.op) {
      case "query": {
        // the HTTP thread applies its own parsers to these types (functions cannot cross threads)
        const parsers = Object.fromEntries(m.rawTypes.map((t) => [t, (v: string) => v]));
        return target(m.tx).query(m.sql, m.params, { rowMode: m.rowMode ?? "object", parsers });
      }
      case "exec":
        return target(m.tx).exec(m.sql);
      case "begin":
        return new Promise((resolve, reject) => {
          const id = nextTx++;
          let finish!: (commit: boolean) => void;
          const decided = new Promise<void>((res, rej) => (finish = (commit) => (commit ? res() : rej(ROLLBACK))));
          const done = db.transaction(async (tx) => {
            txs.set(id, { tx, finish, done });
            resolve(id);
            await decided;
          });
          done.catch(reject);
        });
      case "rollback":
        return txs.get(m.tx)!.tx.rollback();
      case "end": {
        const t = txs.get(m.tx)!;
        txs.delete(m.tx);
        t.finish(m.commit);
        await t.done.catch((e: unknown) => {
          if (e !== ROLLBACK) throw e;
        });
        return null;
      }
      case "close":
        await db.close();
        return null;
    }
  }
  port.on("message", (m: DbRequest) => {
    handle(m).then(
      (result) => port.postMessage({ id: m.id, ok: true, result }),
      (e: unknown) => port.postMessage({ id: m.id, ok: false, error: errorFields(e) }),
    );
  });
  port.postMessage({ id: 0, ok: true, result: null });
}

if (!isMainThread && (workerData as { zerodbLocalDb?: boolean } | null)?.zerodbLocalDb === true) {
  const data = workerData as { dataDir?: string; wasm?: WebAssembly.Module };
  void serveWorker(data.dataDir, data.wasm);
}
