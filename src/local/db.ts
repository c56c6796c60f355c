/**
 * PGlite start-up (from a cached, prepared data-directory snapshot so a start
 * takes about a second), and the internal schema `zdb`.
 * @internal
 * @module
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";

/** The PGlite instance type used by the server. */
export type Db = PGlite;

/** Restricted role the SQL endpoint runs as (no access to schema `zdb`). */
export const SQL_ROLE = "zdb_sql";

/** The vector sizes ZeroDB stores, one column (and HNSW index) each. */
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
-- INSTEAD OF trigger behind the SQL endpoint's per-request views (read_only=false).
CREATE FUNCTION zdb.view_dml() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $f$
DECLARE doc jsonb; tid uuid := TG_ARGV[0]::uuid; rid uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM zdb.rows WHERE row_id = OLD.row_id AND table_id = tid;
    RETURN OLD;
  END IF;
  SELECT COALESCE(jsonb_object_agg(key, value), '{}'::jsonb) INTO doc FROM jsonb_each(to_jsonb(NEW))
    WHERE value <> 'null'::jsonb AND key NOT IN ('row_id', 'created_at', 'updated_at');
  IF TG_OP = 'INSERT' THEN
    rid := COALESCE(NEW.row_id, gen_random_uuid());
    INSERT INTO zdb.rows (row_id, table_id, row_data) VALUES (rid, tid, doc);
  ELSE
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
export async function openDb(dataDir?: string): Promise<Db> {
  if (dataDir !== undefined && existsSync(join(dataDir, "PG_VERSION"))) {
    const db = await PGlite.create({ dataDir, extensions: { vector } });
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
  const opts = { extensions: { vector }, loadDataDir: new Blob([new Uint8Array(snapshot)]) };
  return PGlite.create(dataDir === undefined ? opts : { ...opts, dataDir });
}
