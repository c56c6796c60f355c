/**
 * Request validation with FastAPI/pydantic-shaped 422 errors
 * (`{"detail":[{"loc":["body","name"],"msg":"Field required","type":"missing"}]}`).
 * @internal
 * @module
 */
import type { Context } from "hono";
import { MAX_INT_PARAM } from "../contract/limits.js";
import { HttpError, type ValidationIssue } from "./errors.js";
import { parseJsonBody } from "./json-body.js";
import { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX } from "../contract/index.js";

/** A plain JSON object. */
export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function literalList(values: readonly string[]): string {
  const q = values.map((v) => `'${v}'`);
  if (q.length <= 1) return q.join("");
  return `${q.slice(0, -1).join(", ")} or ${q[q.length - 1]}`;
}

/** Reads the JSON body, if any (see json-body.ts for what is refused). */
export async function readOptionalJson(c: Context): Promise<unknown> {
  return parseJsonBody(new Uint8Array(await c.req.arrayBuffer()), c.req.header("content-type"));
}

/** Reads the raw JSON body (any JSON value). 422 on a missing or malformed body. */
export async function readJson(c: Context): Promise<unknown> {
  const v = await readOptionalJson(c);
  if (v === undefined) throw new HttpError(422, [{ loc: ["body"], msg: "Field required", type: "missing" }]);
  return v;
}

/** Reads a JSON object body; 422 `model_attributes_type` when it is not an object. */
export async function readBody(c: Context): Promise<Fields> {
  const v = await readJson(c);
  if (!isObject(v)) {
    throw new HttpError(422, [
      { loc: ["body"], msg: "Input should be a valid dictionary or object to extract fields from", type: "model_attributes_type" },
    ]);
  }
  return new Fields(v, "body");
}

const INT_TEXT = /^[+-]?\d+$/;
const FLOAT_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

interface Common {
  required?: boolean;
}

/** Collects field errors and throws them together as one 422. */
export class Fields {
  readonly issues: ValidationIssue[] = [];
  constructor(
    readonly raw: Json,
    readonly where: "body" | "query",
    readonly prefix: (string | number)[] = [],
  ) {}

  private loc(name: string): (string | number)[] {
    return [this.where, ...this.prefix, name];
  }

  /** Records an issue for `name`. */
  fail(name: string, msg: string, type: string): undefined {
    this.issues.push({ loc: this.loc(name), msg, type });
    return undefined;
  }

  private present(name: string, required: boolean | undefined): boolean {
    const v = this.raw[name];
    if (v === undefined || (v === null && required)) {
      if (required) this.fail(name, "Field required", "missing");
      return false;
    }
    return v !== null;
  }

  str(name: string, o: Common & { min?: number; max?: number; enum?: readonly string[] } = {}): string | undefined {
    if (!this.present(name, o.required)) return undefined;
    const v = this.raw[name];
    if (typeof v !== "string") return this.fail(name, "Input should be a valid string", "string_type");
    if (o.enum && !o.enum.includes(v)) return this.fail(name, `Input should be ${literalList(o.enum)}`, "enum");
    if (o.min !== undefined && v.length < o.min)
      return this.fail(name, `String should have at least ${o.min} character${o.min === 1 ? "" : "s"}`, "string_too_short");
    if (o.max !== undefined && v.length > o.max)
      return this.fail(name, `String should have at most ${o.max} characters`, "string_too_long");
    return v;
  }

  num(name: string, o: Common & { min?: number; max?: number; int?: boolean } = {}): number | undefined {
    if (!this.present(name, o.required)) return undefined;
    let v = this.raw[name];
    if (this.where === "query" && typeof v === "string") {
      // pydantic's lax parsing of query strings: decimal digits only (no "0x10", "1e3" or "" for an int)
      const s = v.trim();
      if (o.int && !INT_TEXT.test(s)) return this.fail(name, "Input should be a valid integer, unable to parse string as an integer", "int_parsing");
      if (!o.int && !FLOAT_TEXT.test(s)) return this.fail(name, "Input should be a valid number, unable to parse string as a number", "float_parsing");
      v = Number(s);
    }
    if (typeof v !== "number" || !Number.isFinite(v)) {
      return o.int
        ? this.fail(name, "Input should be a valid integer", "int_type")
        : this.fail(name, "Input should be a valid number", "float_type");
    }
    if (o.int && !Number.isInteger(v))
      return this.fail(name, "Input should be a valid integer, got a number with a fractional part", "int_from_float");
    if (o.min !== undefined && v < o.min)
      return this.fail(name, `Input should be greater than or equal to ${o.min}`, "greater_than_equal");
    if (o.max !== undefined && v > o.max)
      return this.fail(name, `Input should be less than or equal to ${o.max}`, "less_than_equal");
    return v;
  }

  /** An integer, by default within ±MAX_INT_PARAM (so it always fits the database's integer types). */
  int(name: string, o: Common & { min?: number; max?: number } = {}): number | undefined {
    return this.num(name, { min: -MAX_INT_PARAM, max: MAX_INT_PARAM, ...o, int: true });
  }

  bool(name: string, o: Common = {}): boolean | undefined {
    if (!this.present(name, o.required)) return undefined;
    let v = this.raw[name];
    if (this.where === "query" && typeof v === "string") {
      const s = v.toLowerCase();
      if (["true", "1", "yes", "on"].includes(s)) v = true;
      else if (["false", "0", "no", "off"].includes(s)) v = false;
    }
    if (typeof v !== "boolean") return this.fail(name, "Input should be a valid boolean", "bool_type");
    return v;
  }

  obj(name: string, o: Common = {}): Json | undefined {
    if (!this.present(name, o.required)) return undefined;
    const v = this.raw[name];
    if (!isObject(v)) return this.fail(name, "Input should be a valid dictionary", "dict_type");
    return v;
  }

  arr(name: string, o: Common & { min?: number; max?: number } = {}): unknown[] | undefined {
    if (!this.present(name, o.required)) return undefined;
    const v = this.raw[name];
    if (!Array.isArray(v)) return this.fail(name, "Input should be a valid list", "list_type");
    if (o.min !== undefined && v.length < o.min)
      return this.fail(name, `List should have at least ${o.min} item${o.min === 1 ? "" : "s"} after validation, not ${v.length}`, "too_short");
    if (o.max !== undefined && v.length > o.max)
      return this.fail(name, `List should have at most ${o.max} items after validation, not ${v.length}`, "too_long");
    return v;
  }

  strList(name: string, o: Common & { min?: number; max?: number } = {}): string[] | undefined {
    const a = this.arr(name, o);
    if (a === undefined) return undefined;
    let ok = true;
    a.forEach((x, i) => {
      if (typeof x !== "string") {
        this.issues.push({ loc: [...this.loc(name), i], msg: "Input should be a valid string", type: "string_type" });
        ok = false;
      }
    });
    return ok ? (a as string[]) : undefined;
  }

  /** Any JSON value (not undefined). */
  any(name: string, o: Common = {}): unknown {
    if (!this.present(name, o.required)) return undefined;
    return this.raw[name];
  }

  /** Throws a 422 when any issue was recorded. */
  done(): void {
    if (this.issues.length > 0) throw new HttpError(422, this.issues);
  }
}

/** Query parameters as a Fields reader. */
export function queryFields(c: Context): Fields {
  return new Fields(c.req.query() as Json, "query");
}

/** Reads `skip`/`limit` (limit 1..PAGE_LIMIT_MAX, default PAGE_LIMIT_DEFAULT). */
export function skipLimit(q: Fields, defLimit = PAGE_LIMIT_DEFAULT): { skip: number; limit: number } {
  const skip = q.int("skip", { min: 0 }) ?? 0;
  const limit = q.int("limit", { min: 1, max: PAGE_LIMIT_MAX }) ?? defLimit;
  q.done();
  return { skip, limit };
}

/** Reads `offset`/`limit` (limit 1..PAGE_LIMIT_MAX, default PAGE_LIMIT_DEFAULT). */
export function offsetLimit(q: Fields, defLimit = PAGE_LIMIT_DEFAULT): { offset: number; limit: number } {
  const offset = q.int("offset", { min: 0 }) ?? 0;
  const limit = q.int("limit", { min: 1, max: PAGE_LIMIT_MAX }) ?? defLimit;
  q.done();
  return { offset, limit };
}
