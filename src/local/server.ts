/**
 * The hono application: path aliases, request ids, fault injection, body
 * limit, auth, routes and error mapping.
 * @internal
 * @module
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { methodNotAllowed } from "hono/method-not-allowed";
import { projectAuth } from "./auth.js";
import { HttpError, toHttpError } from "./errors.js";
import { registerAgentLogs } from "./routes/agent-logs.js";
import { registerEmbeddings } from "./routes/embeddings.js";
import { registerEvents } from "./routes/events.js";
import { registerFiles } from "./routes/files.js";
import { registerMemory } from "./routes/memory.js";
import { registerProjects } from "./routes/projects.js";
import { registerRlhf } from "./routes/rlhf.js";
import { registerRows } from "./routes/rows.js";
import { registerSql } from "./routes/sql.js";
import { registerTables } from "./routes/tables.js";
import { registerVectors } from "./routes/vectors.js";
import { uuid, type AppEnv, type Deps } from "./util.js";

/**
 * Maps every accepted URL style onto one internal route space:
 * `/api` prefix dropped; `/v1/public/projects…` and `/v1/projects…` → `/projects…`;
 * `/v1/public/{pid}/…` and `/v1/projects/{pid}/…` → `/projects/{pid}/…`;
 * `/v1/local/…` → `/local/…`. Anything else is left unmatched.
 */
export function normalizePath(pathname: string): string {
  let p = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  if (p === "/health" || p === "/v1/health" || p === "/api/v1/health") return "/health";
  if (p.startsWith("/api/v1/")) p = p.slice(4);
  if (!p.startsWith("/v1/")) return `/__unmatched${p}`;
  p = p.slice(3);
  if (p.startsWith("/public/")) {
    const rest = p.slice("/public/".length);
    return rest === "projects" || rest.startsWith("projects/") ? `/${rest}` : `/projects/${rest}`;
  }
  if (p === "/projects" || p.startsWith("/projects/") || p.startsWith("/local/")) return p;
  return `/__unmatched${p}`;
}

const SCOPED = /^\/projects\/[^/]+\/(database|embeddings)(\/|$)/;
const REQUEST_ID_RE = /^[A-Za-z0-9._:-]{1,128}$/;

/** Builds the app over the given dependencies. */
export function createApp(deps: Deps, opts: { bodyLimit: number }): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ getPath: (req) => normalizePath(new URL(req.url).pathname) });

  app.use(async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const id = incoming !== undefined && REQUEST_ID_RE.test(incoming) ? incoming : uuid();
    c.set("requestId", id);
    c.header("X-Request-ID", id);
    await next();
    if (!c.res.headers.has("X-Request-ID")) {
      try {
        c.res.headers.set("X-Request-ID", id);
      } catch {
        // immutable headers: already sent with the id above
      }
    }
  });

  // fault injection
  app.use(async (c, next) => {
    if (c.req.path === "/health") return next();
    const d = deps.faults.decide();
    if (d.delayMs > 0) await new Promise((r) => setTimeout(r, d.delayMs));
    if (d.action === "error") {
      const o = deps.faults.options;
      const status = o?.status ?? 503;
      const retry = String(o?.retryAfterSeconds ?? 1);
      return c.json(
        status === 429
          ? { detail: "Rate limit exceeded (injected fault)", error_code: "RATE_LIMIT_EXCEEDED" }
          : { detail: "Service temporarily unavailable (injected fault)", error_code: "SERVICE_UNAVAILABLE" },
        status,
        { "Retry-After": retry },
      );
    }
    if (d.action === "reset") {
      c.env.incoming.socket.destroy();
      return c.body(null, 500);
    }
    await next();
    if (d.action === "lost") {
      // the handler ran to completion (its write is committed); the client never hears back
      c.env.incoming.socket.destroy();
    }
  });

  app.use(
    bodyLimit({
      maxSize: opts.bodyLimit,
      onError: (c) => c.json({ detail: `Request body too large (limit ${opts.bodyLimit} bytes)`, error_code: "PAYLOAD_TOO_LARGE" }, 413),
    }),
  );

  app.use(
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) => c.json({ detail: "Method Not Allowed" }, 405, { Allow: methods.join(", ") }),
    }),
  );

  const auth = projectAuth(deps);
  app.use("/projects/*", async (c, next) => (SCOPED.test(c.req.path) ? auth(c, next) : next()));

  app.get("/health", (c) => c.json({ status: "ok" }));

  registerProjects(app, deps);
  registerTables(app, deps);
  registerRows(app, deps);
  registerSql(app, deps);
  registerVectors(app, deps);
  registerEmbeddings(app, deps);
  registerMemory(app, deps);
  registerFiles(app, deps);
  registerEvents(app, deps);
  registerRlhf(app, deps);
  registerAgentLogs(app, deps);

  app.notFound((c) => c.json({ detail: "Not Found" }, 404));
  app.onError((err, c) => {
    const e = toHttpError(err);
    if (e.status >= 500 && !(err instanceof HttpError)) {
      // never log request bodies or headers (they may carry the API key)
      process.emitWarning(`zerodb-calltime local: ${(err as Error)?.message ?? String(err)}`);
    }
    return c.json(e.body(), e.status as 400, e.headers);
  });
  return app;
}
