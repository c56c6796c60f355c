// The SDK's own overhead: 1,000 sequential GETs through the SDK against a loopback
// server, divided by the same 1,000 GETs with plain fetch, side by side in one run.
// The parent runs RUNS child processes (each: rotated rounds of all variants) and
// reports the median over runs, since one process on a shared machine drifts.
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import ky from "ky";
import { createClient } from "../../dist/index.js";
import { median, writeSection } from "./report.mjs";

const N = 1000;
const ROUNDS = 11;
const RUNS = 5;
const PID = "7d1b8a52-3c4e-4f6a-9b0c-1d2e3f4a5b6c";
const row = JSON.stringify({
  row_id: "r-1",
  table_id: "t-1",
  table_name: "contacts",
  row_data: { id: "c-1", full_name: "Asha Rao", phone_e164: "+919812345678", tags: ["donor", "2025"] },
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
});

async function measureOnce() {
  const server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "application/json", "x-request-id": "bench" });
    res.end(row);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${server.address().port}`;
  const key = "sk_bench_key";

  const rows = createClient({ apiKey: key, baseUrl: base }).project(PID).rows("contacts");
  const url = `${base}/v1/public/${PID}/database/tables/contacts/rows/r-1`;

  async function viaSdk() {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) await rows.get("r-1");
    return performance.now() - t0;
  }
  // Reference only (ky is a dev dependency): the cost of ky itself, with its retry and
  // timeout off, on the same request. This is why the transport calls fetch directly.
  const kyClient = ky.create({ retry: 0, timeout: false, throwHttpErrors: false });
  async function viaKy() {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) {
      const res = await kyClient(url, { headers: { accept: "application/json", "x-api-key": key } });
      await res.json();
    }
    return performance.now() - t0;
  }
  async function viaFetch() {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) {
      const res = await fetch(url, { headers: { accept: "application/json", "x-api-key": key } });
      await res.json();
    }
    return performance.now() - t0;
  }

  for (let w = 0; w < 2; w++) for (const warm of [viaSdk, viaFetch, viaKy]) await warm(); // JIT and keep-alive sockets
  const sdk = [];
  const plain = [];
  const kyTimes = [];
  for (let r = 0; r < ROUNDS; r++) {
    // Rotate the order so drift in machine load hits every variant equally.
    const order = [
      () => viaSdk().then((t) => sdk.push(t)),
      () => viaFetch().then((t) => plain.push(t)),
      () => viaKy().then((t) => kyTimes.push(t)),
    ];
    for (let i = 0; i < order.length; i++) await order[(i + r) % order.length]();
  }
  server.close();


  return { sdk: median(sdk), plain: median(plain), ky: median(kyTimes) };
}

if (process.argv[2] === "--child") {
  console.log(JSON.stringify(await measureOnce()));
  process.exit(0);
}

const runs = [];
for (let r = 0; r < RUNS; r++) {
  const out = execFileSync(process.execPath, [new URL(import.meta.url).pathname, "--child"], { encoding: "utf8" });
  runs.push(JSON.parse(out.trim().split("\n").pop()));
}
const ratio = median(runs.map((r) => r.sdk / r.plain));
const kyRatio = median(runs.map((r) => r.ky / r.plain));
const us = (ms) => ((ms / N) * 1000).toFixed(0);
const body = `
${N} sequential GETs of one row (\`rows.get\`, zod-validated, default 60 s attempt timeout) against
a loopback \`node:http\` server in the same process. ${RUNS} separate processes; in each, after two
warm-up passes, ${ROUNDS} rounds run the SDK, plain \`fetch\` (same headers, \`res.json()\`) and ky
in rotated order, and the run's figure is the median round.

| run | SDK (µs/request) | plain fetch (µs/request) | SDK / fetch | ky alone / fetch |
|---|---|---|---|---|
${runs.map((r, i) => `| ${i + 1} | ${us(r.sdk)} | ${us(r.plain)} | ${(r.sdk / r.plain).toFixed(3)} | ${(r.ky / r.plain).toFixed(3)} |`).join("\n")}

**Overhead ratio, median of ${RUNS} runs: ${ratio.toFixed(3)}** (goal ≤ 1.10). ky alone / plain fetch: ${kyRatio.toFixed(3)}.

The SDK first used ky (a dev dependency now, measured here for reference only): ky builds its
own \`Request\` and \`AbortController\` per call and merges options, which alone went past the
overhead budget while the SDK used none of ky's retry, hooks or timeouts, so the transport
calls \`fetch\` directly. Per-attempt timeouts share one timer instead of one per request.
`;
console.log(body);
writeSection("Client overhead", body);
