// ky hooks as the extension point: a W3C traceparent header on every attempt, timing
// metrics per request, and a note for each failed attempt.
// Run: npm run build && node examples/hooks.ts
import { randomBytes } from "node:crypto";
import { NotFoundError, type ClientHooks } from "zerodb-calltime";
import { connect } from "./connect.ts";

const started = new WeakMap<Request, number>();
const timings: Array<{ request: string; status: number; ms: string }> = [];

const hooks: ClientHooks = {
  beforeRequest: [
    ({ request }) => {
      request.headers.set("traceparent", `00-${randomBytes(16).toString("hex")}-${randomBytes(8).toString("hex")}-01`);
      started.set(request, performance.now());
    },
  ],
  afterResponse: [
    ({ request, response }) => {
      const ms = performance.now() - (started.get(request) ?? Number.NaN);
      timings.push({ request: `${request.method} ${new URL(request.url).pathname}`, status: response.status, ms: ms.toFixed(1) });
    },
  ],
  beforeError: [
    ({ error }) => {
      console.warn(`attempt failed: ${error.name}`); // never log request.headers: they hold the key
      return error;
    },
  ],
};

const { scope, close } = await connect({ hooks });
try {
  await scope.health();
  await scope.tables.list();
  try {
    await scope.rows("hooks_demo_missing").get("00000000-0000-0000-0000-000000000000");
  } catch (error) {
    if (error instanceof NotFoundError) console.log(`the SDK still throws its own class: ${error.name} (${error.status})`);
    else throw error;
  }
  console.table(timings);
} finally {
  await close();
}
