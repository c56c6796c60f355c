/**
 * Small helpers shared by the routes.
 * @internal
 * @module
 */
import { randomUUID } from "node:crypto";
import type { Context } from "hono";
import type { HttpBindings } from "@hono/node-server";
import type { Db } from "./db.js";
import type { LocalEmbedder } from "./embedder.js";
import type { FaultInjector } from "./faults.js";

/** Everything a route needs. */
export interface Deps {
  db: Db;
  embedder: LocalEmbedder;
  /** HMAC secret for presigned URLs. */
  secret: string;
  faults: FaultInjector;
  /** The server's base URL (known once it listens). */
  baseUrl: () => string;
  /** Accept the local-only filter operators (see `LocalZeroDBOptions.localOperators`). */
  localOperators: boolean;
}

/** Hono environment of the app. */
export interface AppEnv {
  Bindings: HttpBindings;
  Variables: { pid: string; keyHash: string; requestId: string };
}

/** Context type used by every handler. */
export type Ctx = Context<AppEnv>;

export const uuid = (): string => randomUUID();

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string | undefined): s is string => s !== undefined && UUID_RE.test(s);

/** Milliseconds since `t0` (performance.now()), rounded to 0.01. */
export const elapsedMs = (t0: number): number => Math.round((performance.now() - t0) * 100) / 100;

/** A skip/limit list envelope. */
export function page<T>(data: T[], total: number, skip: number, limit: number): Record<string, unknown> {
  return { data, total, skip, limit, has_more: skip + data.length < total };
}

/** Converts database values into JSON-safe ones (Dates to ISO, bigint, bytes to base64). */
export function jsonSafe(v: unknown): unknown {
  if (v === null || v === undefined) return v ?? null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString("base64");
  if (Array.isArray(v)) return v.map(jsonSafe);
  if (typeof v === "object") {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = jsonSafe(x);
    return o;
  }
  return v;
}

/** pgvector text form of a JS vector. */
export const vectorLiteral = (v: readonly number[]): string => `[${v.join(",")}]`;

/** Parses pgvector's text form. */
export const parseVector = (s: unknown): number[] | null =>
  typeof s === "string" ? (JSON.parse(s) as number[]) : Array.isArray(s) ? (s as number[]) : null;
