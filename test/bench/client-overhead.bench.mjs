// The SDK's own cost per request, side by side with plain fetch in one process:
// 1. against a loopback server that answers at once: SDK µs - fetch µs per request;
// 2. against a loopback server that answers after 20 ms (a nearby cloud region): SDK / fetch wall time.
// The variants alternate request by request (order rotated), so a burst of load from
// another process hits them alike; the parent runs RUNS child processes and reports
// medians over them.
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import os from "node:os";
import ky from "ky";
import { createClient } from "../../dist/index.js";
import { median, writeSection } from "./report.mjs";

const RUNS = 5;
const N = 2000; // requests per variant, immediate server, one at a time
const DELAY_MS = 20;
const WORKERS = 3; // loops in flight against the delayed server, each alternating the variants
const PER_WORKER = 400; // requests per variant per loop
const WARMUP = 200;
const PID = "7d1b8a52-3c4e-4f6a-9b0c-1d2e3f4a5b6c";
const KEY = "sk_bench_key";
const row = JSON.stringify({
  row_id: "r-1",
  table_id: "t-1",
  table_name: "contacts",
  row_data: { id: "c-1", full_name: "Asha Rao", phone_e164: "+919812345678", tags: ["donor", "2025"] },
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
});

async function serve(delayMs) {
  const answer = (res) => {
    res.writeHead(200, { "content-type": "application/json", "x-request-id": "bench" });
    res.end(row);
  };
  const server = createServer((req, res) => (delayMs === 0 ? answer(res) : setTimeout(answer, delayMs, res)));
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { server, base: `http://127.0.0.1:${server.address().port}` };
}

/** The three ways to GET the row; each returns the parsed row. */
function variants(base) {
  const rows = createClient({ apiKey: KEY, baseUrl: base }).project(PID).rows("contacts");
  const url = `${base}/v1/public/${PID}/database/tables/contacts/rows/r-1`;
  const headers = { accept: "application/json", "x-api-key": KEY };
  // ky alone, with its retry off and the same 60 s timeout as the SDK: how much of the SDK's cost is ky's.
  const kyAlone = ky.create({ retry: 0, timeout: 60_000, headers });
  return {
    sdk: () => rows.get("r-1"),
    fetch: async () => (await fetch(url, { headers })).json(),
    ky: () => kyAlone(url).json(),
  };
}

/**
 * `workers` loops, each calling every variant `n` times, one request at a time, in an order
 * rotated per step. Returns each variant's latencies (ms) and, with one loop, its CPU ms.
 */
async function alternate(calls, n, workers) {
  const names = Object.keys(calls);
  const latency = Object.fromEntries(names.map((k) => [k, []]));
  const cpu = Object.fromEntries(names.map((k) => [k, 0]));
  const loop = async (w) => {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < names.length; j++) {
        const name = names[(i + j + w) % names.length];
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        await calls[name]();
        latency[name].push(performance.now() - t0);
        const c = process.cpuUsage(c0);
        cpu[name] += (c.user + c.system) / 1000;
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, w) => loop(w)));
  return { latency, cpu };
}

const sum = (xs) => xs.reduce((a, b) => a + b, 0);

async function measureOnce() {
  const now = await serve(0);
  const calls = variants(now.base);
  await alternate(calls, WARMUP, 1); // JIT, keep-alive sockets
  const a = await alternate(calls, N, 1);
  now.server.close();
  const us = (ms) => ms * 1000;
  const immediate = {
    sdk: us(median(a.latency.sdk)),
    fetch: us(median(a.latency.fetch)),
    overhead: us(median(a.latency.sdk) - median(a.latency.fetch)),
    kyOverhead: us(median(a.latency.ky) - median(a.latency.fetch)),
    cpuOverhead: us((a.cpu.sdk - a.cpu.fetch) / N),
  };

  const late = await serve(DELAY_MS);
  const { sdk, fetch: plain } = variants(late.base);
  await alternate({ sdk, fetch: plain }, 20, WORKERS);
  const b = await alternate({ sdk, fetch: plain }, PER_WORKER, WORKERS);
  late.server.close();
  const delayed = {
    sdk: sum(b.latency.sdk) / b.latency.sdk.length,
    fetch: sum(b.latency.fetch) / b.latency.fetch.length,
    ratio: sum(b.latency.sdk) / sum(b.latency.fetch),
    medianRatio: median(b.latency.sdk) / median(b.latency.fetch),
  };
  return { immediate, delayed };
}

if (process.argv[2] === "--child") {
  console.log(JSON.stringify(await measureOnce()));
  process.exit(0);
}

const loadBefore = os.loadavg()[0];
const runs = [];
for (let r = 0; r < RUNS; r++) {
  const out = execFileSync(process.execPath, [new URL(import.meta.url).pathname, "--child"], { encoding: "utf8" });
  runs.push(JSON.parse(out.trim().split("\n").pop()));
  console.log(`run ${r + 1}:`, JSON.stringify(runs.at(-1)));
}
const loadAfter = os.loadavg()[0];
const overhead = median(runs.map((r) => r.immediate.overhead));
const kyOverhead = median(runs.map((r) => r.immediate.kyOverhead));
const cpuOverhead = median(runs.map((r) => r.immediate.cpuOverhead));
const ratio = median(runs.map((r) => r.delayed.ratio));
const ratios = runs.map((r) => r.delayed.ratio);
const f0 = (x) => x.toFixed(0);
const f3 = (x) => x.toFixed(3);
const body = `
The SDK sends each request through ky (one instance per client, ky's retry off), with
p-retry, the deadline, error mapping, redaction and zod validation of the answer around it.
Both figures compare \`rows.get\` (default 60 s attempt timeout) with plain \`fetch\` (same
headers, \`res.json()\`) in the same process: the variants alternate request by request in
rotated order, so a burst of load from another process hits them alike. ${RUNS} separate
processes; the headline is the median of the ${RUNS} runs.

**1. The SDK's own cost: ${f0(overhead)} µs per request** (goal ≤ 80 µs).
Loopback \`node:http\` server in the same process that answers at once; ${N} requests per
variant, one at a time, after ${WARMUP} warm-up rounds. Cost = median SDK latency − median fetch
latency. For comparison: ky alone (retry off, same timeout, \`.json()\`) − fetch, and the SDK's
extra CPU time per request (process user + system time summed over all requests, so it also
counts the garbage collection, partly on V8's helper threads, that a latency median skips):
median ${f0(cpuOverhead)} µs.

| run | SDK (µs) | plain fetch (µs) | SDK − fetch (µs) | ky alone − fetch (µs) | SDK − fetch, CPU (µs) |
|---|---|---|---|---|---|
${runs.map((r, i) => `| ${i + 1} | ${f0(r.immediate.sdk)} | ${f0(r.immediate.fetch)} | ${f0(r.immediate.overhead)} | ${f0(r.immediate.kyOverhead)} | ${f0(r.immediate.cpuOverhead)} |`).join("\n")}

**2. Against a server ${DELAY_MS} ms away: SDK / fetch = ${f3(ratio)}** (goal ≤ 1.01; runs
${f3(Math.min(...ratios))} – ${f3(Math.max(...ratios))}).
Loopback server that answers after ${DELAY_MS} ms, like a nearby cloud region; ${WORKERS} loops in flight,
each alternating the two variants for ${PER_WORKER} requests apiece (${WORKERS * PER_WORKER} per variant). Ratio = the
SDK's total wall time / fetch's; the median-latency ratio is shown as a check against outliers.

| run | SDK (ms/request) | plain fetch (ms/request) | SDK / fetch | median latency ratio |
|---|---|---|---|---|
${runs.map((r, i) => `| ${i + 1} | ${r.delayed.sdk.toFixed(2)} | ${r.delayed.fetch.toFixed(2)} | ${f3(r.delayed.ratio)} | ${f3(r.delayed.medianRatio)} |`).join("\n")}

1-minute load average ${loadBefore.toFixed(1)} at the start and ${loadAfter.toFixed(1)} at the end, on ${os.availableParallelism()} cores: the
machine is shared, and every latency here includes waiting for a CPU${loadBefore > 2 * os.availableParallelism() ? ` (the 20 ms server's answers took
${f0(median(runs.map((r) => r.delayed.fetch)))} ms on average, all of the extra being queueing for a CPU)` : ""}. Goal 1 ${overhead <= 80 ? "is met" : "is missed"}; goal 2 ${ratio <= 1.01 ? "is met" : "is missed"}${ratio <= 1.01 && Math.max(...ratios) > 1.01 ? " by the median, not by every run" : ""}.

What the figures mean: on loopback a whole round trip costs a few hundred µs, so the SDK's
cost looks large next to it (ky builds a \`Request\` and merges options on every call, and
undici copies that \`Request\` again; the SDK adds the retry wrapper and validation). That
share is the wrong measure of what an app pays: the cost is a fixed number of µs of CPU per
request, which figure 2 puts next to a 20 ms round trip. Against ZeroDB Cloud (tens of ms
away) it is smaller still.
`;
console.log(body);
writeSection("Client overhead", body);
