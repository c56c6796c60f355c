// Contact import benchmark (run after `npm run build`; `npm run bench -- import`).
// A 10,000-row donor CSV (scripts/make-contacts-csv.mjs, seeded: messy phones, ~4 %
// duplicates, ~3 % bad rows) imported into the local server, which runs in its own child
// process (so client and server each get a core):
//  1. scope.importContacts with the default concurrency (8), the whole file, each run
//     into a fresh project (median of RUNS);
//  2. a naive sequential loop, one request at a time: per row, look up each identity,
//     create the contact, its identities, its tags. Same parsing and normalization, same
//     rows, same server, measured in the same run, on the first NAIVE_ROWS rows of the
//     file (the whole file would take many minutes); the import is measured on that same
//     prefix too, so the ratio compares like with like.
import { spawn } from "node:child_process";
import os from "node:os";
import { makeContactsCsv } from "../../scripts/make-contacts-csv.mjs";
import { median, writeSection } from "./report.mjs";

const LOCAL = new URL("../../dist/local/index.js", import.meta.url).href;
const SDK = new URL("../../dist/index.js", import.meta.url).href;
const ROWS = 10_000;
const NAIVE_ROWS = 1_000;
const RUNS = Number(process.env.IMPORT_BENCH_RUNS ?? 2);
const r1 = (x) => Math.round(x * 10) / 10;

const { createClient, resolveColumns, mapImportRow } = await import(SDK);

const serverCode = `
const { startLocalZeroDB } = await import(${JSON.stringify(LOCAL)});
const z = await startLocalZeroDB({ port: 0 });
process.stdout.write(JSON.stringify({ url: z.url, apiKey: z.apiKey }) + "\\n");
process.stdin.on("end", async () => { await z.stop(); process.exit(0); });
process.stdin.resume();
`;
const proc = spawn(process.execPath, ["--input-type=module", "-e", serverCode], { stdio: ["pipe", "pipe", "inherit"] });
const { url, apiKey } = await new Promise((resolve, reject) => {
  let buf = "";
  proc.stdout.on("data", (d) => {
    buf += d;
    if (buf.includes("\n")) resolve(JSON.parse(buf.slice(0, buf.indexOf("\n"))));
  });
  proc.on("exit", (c) => reject(new Error(`server exited with ${c}`)));
});

const client = createClient({ apiKey, baseUrl: url });
let n = 0;
async function freshScope() {
  const p = await client.projects.create({ name: `import bench ${++n}` });
  const scope = client.project(p.id);
  const seeded = await scope.seed();
  if (seeded.failed.length > 0) throw new Error("seed failed");
  return scope;
}

const full = makeContactsCsv(ROWS);
const prefix = full.split("\n").slice(0, NAIVE_ROWS + 1).join("\n") + "\n";

async function timeImport(text) {
  const scope = await freshScope();
  const t0 = performance.now();
  const r = await scope.importContacts(text);
  const ms = performance.now() - t0;
  if (r.failed > 0) throw new Error(`${r.failed} rows failed`);
  return { ms, rows: r.rows, created: r.created, skipped: r.skipped };
}

/** The naive loop: one request at a time, per row look up each identity, then create. */
async function timeNaive(text) {
  const scope = await freshScope();
  const { parse } = await import("csv-parse/sync");
  const t0 = performance.now();
  const [header, ...records] = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  const { fields } = resolveColumns(header);
  let created = 0;
  for (const [i, rec] of records.entries()) {
    const m = mapImportRow(Object.fromEntries(header.map((h, k) => [h, rec[k]])), i + 2, { fields, now: new Date() });
    if (!m.ok) continue;
    let owner;
    for (const id of m.value.identities) owner ??= (await scope.contactIdentities.findByValue(id.type, id.value))?.contact_id;
    if (owner !== undefined) continue;
    const c = await scope.contacts.create(m.value.contact);
    const primary = { phone: true, email: true };
    for (const id of m.value.identities) {
      await scope.contactIdentities.create({ contact_id: c.id, type: id.type, value: id.raw, is_primary: primary[id.type], is_whatsapp_capable: id.mobile });
      primary[id.type] = false;
    }
    for (const tag of m.value.tags) await scope.contactTags.add(c.id, tag);
    created++;
  }
  return { ms: performance.now() - t0, rows: records.length, created };
}

const load0 = os.loadavg();
const fullRuns = [];
const prefixRuns = [];
const naiveRuns = [];
try {
  for (let i = 0; i < RUNS; i++) {
    // interleaved, so drift in the machine's load hits all three alike
    naiveRuns.push(await timeNaive(prefix));
    prefixRuns.push(await timeImport(prefix));
    fullRuns.push(await timeImport(full));
    console.log(`run ${i + 1}: full ${r1(fullRuns.at(-1).ms / 1000)} s, prefix ${r1(prefixRuns.at(-1).ms / 1000)} s, naive ${r1(naiveRuns.at(-1).ms / 1000)} s`);
  }
} finally {
  proc.stdin.end();
}
const load1 = os.loadavg();

const fullMs = median(fullRuns.map((r) => r.ms));
const prefixMs = median(prefixRuns.map((r) => r.ms));
const naiveMs = median(naiveRuns.map((r) => r.ms));
const perSec = (rows, ms) => r1(rows / (ms / 1000));
const ratio = Math.round((naiveMs / prefixMs) * 100) / 100;
const cpu = os.cpus()[0]?.model ?? "unknown CPU";

const body = `
${cpu}, ${os.availableParallelism()} cores, Node ${process.version}; load average ${load0.map((x) => x.toFixed(2)).join(" ")} before, ${load1.map((x) => x.toFixed(2)).join(" ")} after. Medians of ${RUNS} interleaved runs; the local server in its own process.

| what | rows | created | median time | rows per second |
| --- | ---: | ---: | ---: | ---: |
| \`importContacts\`, default concurrency (8), whole file | ${fullRuns[0].rows} | ${fullRuns[0].created} | ${r1(fullMs / 1000)} s | **${perSec(fullRuns[0].rows, fullMs)}** |
| \`importContacts\`, first ${NAIVE_ROWS} rows | ${prefixRuns[0].rows} | ${prefixRuns[0].created} | ${r1(prefixMs / 1000)} s | ${perSec(prefixRuns[0].rows, prefixMs)} |
| naive loop, one request at a time, first ${NAIVE_ROWS} rows | ${naiveRuns[0].rows} | ${naiveRuns[0].created} | ${r1(naiveMs / 1000)} s | ${perSec(naiveRuns[0].rows, naiveMs)} |

**Speed-up of the import over the naive loop on the same rows: ${ratio}x** (goal: 5x).

The whole file goes at ${perSec(fullRuns[0].rows, fullMs)} rows/s against ${perSec(prefixRuns[0].rows, prefixMs)} on its first ${NAIVE_ROWS} rows: each look-up and each primary check filters tables that grow to ${ROWS.toLocaleString("en")} contacts and about 1.6 identities per contact, so the per-row cost grows with the project (the naive loop would slow down the same way).

The file: ${ROWS} rows from \`scripts/make-contacts-csv.mjs\` (seeded), about 4 % duplicates and 3 % bad rows. Per new contact the import sends about 6 requests (contact, phone, a primary check, email for 60 %, 1-2 tags) and reads the project's matching identities, contacts and tags in a few \`$in\` queries per 200 rows; the naive loop sends one look-up per identity instead and waits for each answer.
${ratio < 5 ? `
Why not 5x here: the local server runs every statement on ONE database thread (PGlite in a worker), so once that thread is busy, more requests in flight only queue; on 2 shared cores the client, the HTTP server and the database thread also compete for the same CPUs. Concurrency hides the round-trip latency, which on localhost is small; the win grows with real network latency (ZeroDB Cloud: each of the naive loop's sequential round trips costs tens of milliseconds, while 8 in flight overlap them), and with more server-side parallelism. What would reach 5x locally: fewer requests per row (a bulk insert endpoint, or skipping the per-identity primary check by creating identities of new contacts with a known-empty primary), or a server that executes writes in parallel.
` : ""}`;
writeSection("Contact import", body);
console.log(body);
