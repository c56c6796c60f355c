/** Log levels, lowest first; `off` silences everything. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "off";

/** Any object with these methods (console, pino, winston...) can be the SDK's logger. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, off: 99 };

const SECRET_KEY = /^(x-api-key|authorization|cookie|set-cookie|api[-_]?key|token|secret|password)$/i;

/** Replaces the value of every secret-looking field, at any depth, with `***`. */
export function redact(value: unknown, secrets: readonly string[] = [], depth = 0): unknown {
  if (typeof value === "string") {
    let out = value;
    for (const s of secrets) if (s.length > 0) out = out.split(s).join("***");
    return out;
  }
  if (typeof value !== "object" || value === null || depth > 6) return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEY.test(k) ? "***" : redact(v, secrets, depth + 1);
  }
  return out;
}

/** The transport's logger: level filter plus redaction of the key wherever it might appear. */
export class SafeLogger {
  readonly #logger: Logger | undefined;
  readonly #min: number;
  readonly #secrets: readonly string[];

  constructor(logger: Logger | undefined, level: LogLevel, secrets: readonly string[]) {
    this.#logger = logger;
    this.#min = RANK[level];
    this.#secrets = secrets;
  }

  /** Whether a line at `level` would reach the logger; lets hot paths skip building fields. */
  enabled(level: Exclude<LogLevel, "off">): boolean {
    return this.#logger !== undefined && RANK[level] >= this.#min;
  }

  log(level: Exclude<LogLevel, "off">, message: string, fields?: Record<string, unknown>): void {
    const logger = this.#logger;
    if (logger === undefined || !this.enabled(level)) return;
    const safeMessage = redact(message, this.#secrets) as string;
    if (fields === undefined) logger[level](safeMessage);
    else logger[level](safeMessage, redact(fields, this.#secrets) as Record<string, unknown>);
  }
}
