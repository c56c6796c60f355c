/** Plain-fetch helpers for the local server's integration tests. */
import { inject } from "vitest";

let localOps = false;
/**
 * Points this file's helpers at the shared server started with `localOperators: true`
 * (for tests of `$and/$or/$nor/$exists/$options`, which the default server refuses as ZeroDB does).
 */
export function useLocalOperatorsServer(): void {
  localOps = true;
}

export const url = (): string => inject(localOps ? "zerodbLocalOpsUrl" : "zerodbUrl");
export const key = (): string => inject(localOps ? "zerodbLocalOpsApiKey" : "zerodbApiKey");
export const pid = (): string => inject(localOps ? "zerodbLocalOpsProjectId" : "zerodbProjectId");

export interface Res<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** Sends JSON (unless `raw`) with the shared key and parses a JSON answer. */
export async function api<T = any>(
  method: string,
  path: string,
  body?: unknown,
  opts: { key?: string | null; headers?: Record<string, string>; raw?: BodyInit } = {},
): Promise<Res<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  const k = opts.key === undefined ? key() : opts.key;
  if (k !== null) headers["X-API-Key"] = k;
  let payload: BodyInit | undefined = opts.raw;
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const res = await fetch(`${url()}${path}`, { method, headers, body: payload ?? null });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text === "" ? null : JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** `/v1/public/{pid}` (or another project's prefix). */
export const P = (projectId = pid()): string => `/v1/public/${projectId}`;

let n = 0;
/** A table name unique within this test run. */
export const tableName = (prefix = "t"): string => `${prefix}_${process.pid}_${Date.now().toString(36)}_${n++}`;

/** Creates a table and returns its name. */
export async function createTable(schema?: unknown, prefix = "t"): Promise<string> {
  const name = tableName(prefix);
  const r = await api("POST", `${P()}/database/tables`, schema === undefined ? { name } : { name, schema });
  if (r.status !== 201) throw new Error(`create table failed: ${r.status} ${JSON.stringify(r.body)}`);
  return name;
}
