// rankNext benchmark (run after `npm run build`; `npm run bench -- rank`).
// A seeded synthetic snapshot (per 100,000 contacts: ~120,000 identities, 300,000
// interactions, 50,000 followups, 20,000 pledges, 30,000 payments, 20,000 tags), ranked
// at a fixed `now`; side by side in the same process and the same rounds, a plain pass
// that only reads every field rankNext reads from the same rows (sums string lengths and
// numbers, parses nothing). Ratio = median rankNext / median plain pass. Sizes 10k, 100k
// (the headline) and 1M contacts, the other arrays scaled with them.
import os from "node:os";
import { isDeepStrictEqual } from "node:util";
import { pathToFileURL } from "node:url";
import { mulberry32 } from "../../scripts/make-contacts-csv.mjs";
import { median, writeSection } from "./report.mjs";

const { rankNext } = await import(new URL("../../dist/next/index.js", import.meta.url).href);
// RANK_BASELINE=<path of a module exporting rankNext>, e.g. a build of an earlier commit:
// measured in the same rounds (10k and 100k only) for a before/after side by side
const BASELINE = process.env.RANK_BASELINE;
const baseline = BASELINE === undefined ? undefined : (await import(pathToFileURL(BASELINE).href)).rankNext;

const NOW = "2026-12-01T10:30:00.000Z";
const NOW_MS = Date.parse(NOW);
const DAY = 86_400_000;

const OUTCOMES = ["no_response", "no_response", "no_response", "spoke", "spoke", "pledged", "paid", "declined", "reschedule"];
const BANDS = ["A", "B", "C", "major", "mid", "low", "1L+", null, null];
const STATUSES = ["active", "active", "active", "active", "active", "active", "active", "active", "inactive", "do_not_contact"];
const TAGS = ["vip", "elder", "friend", "alumni", "board"];

/** A snapshot of `n` contacts with the other arrays in the proportions of the issue. */
function makeSnapshot(n, seed = 8) {
  const rand = mulberry32(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  // a pool of timestamps from 400 days ago to 2 days ahead, as stored (ISO, ms, Z)
  const stamps = Array.from({ length: 20_000 }, () => new Date(NOW_MS - Math.floor(rand() * 402 * DAY) + 2 * DAY).toISOString());
  const stamp = () => stamps[Math.floor(rand() * stamps.length)];
  const contacts = [];
  const identities = [];
  const tags = [];
  for (let i = 0; i < n; i++) {
    const id = `c${String(i).padStart(7, "0")}`;
    contacts.push({
      id,
      display_name: `Donor ${i} Rao`,
      primary_channel: rand() < 0.4 ? "whatsapp" : "call",
      relationship_strength: 1 + Math.floor(rand() * 5),
      capacity_band: pick(BANDS),
      status: pick(STATUSES),
      last_contacted_at: rand() < 0.5 ? stamp() : null,
      deleted_at: rand() < 0.01 ? stamp() : null,
    });
    const phones = rand() < 0.2 ? 2 : rand() < 0.97 ? 1 : 0;
    for (let k = 0; k < phones; k++) {
      identities.push({ id: `${id}-p${k}`, contact_id: id, type: "phone", value: `+9198${String(i * 3 + k).padStart(8, "0")}`, is_primary: k === 0, is_whatsapp_capable: rand() < 0.8, is_valid: rand() < 0.97 });
    }
    if (rand() < 0.2) tags.push({ contact_id: id, tag: pick(TAGS) });
  }
  const cid = () => `c${String(Math.floor(rand() * n)).padStart(7, "0")}`;
  const interactions = Array.from({ length: 3 * n }, (_, i) => ({
    id: `i${i}`,
    contact_id: cid(),
    channel: rand() < 0.5 ? "whatsapp" : "call",
    direction: rand() < 0.25 ? "inbound" : "outbound",
    outcome: pick(OUTCOMES),
    occurred_at: stamp(),
  }));
  const followups = Array.from({ length: n / 2 }, (_, i) => ({
    id: `f${i}`,
    contact_id: cid(),
    interaction_id: rand() < 0.5 ? `i${Math.floor(rand() * 3 * n)}` : null,
    due_at: new Date(NOW_MS + Math.floor((rand() - 0.6) * 20 * DAY)).toISOString(),
    status: rand() < 0.7 ? "scheduled" : rand() < 0.5 ? "done" : "cancelled",
    reason: pick(["no_response", "reschedule", "send_payment_link"]),
  }));
  const pledges = Array.from({ length: n / 5 }, (_, i) => ({
    id: `p${i}`,
    contact_id: cid(),
    amount: (1 + Math.floor(rand() * 2000)) * 50,
    status: rand() < 0.8 ? "open" : "fulfilled",
    expected_by: new Date(NOW_MS + Math.floor((rand() - 0.5) * 120 * DAY)).toISOString().slice(0, 10),
  }));
  const payments = Array.from({ length: (3 * n) / 10 }, (_, i) => {
    const p = pledges[Math.floor(rand() * pledges.length)];
    return { id: `pay${i}`, contact_id: p.contact_id, pledge_id: p.id, amount: `${Math.floor(rand() * 5000)}.${String(Math.floor(rand() * 100)).padStart(2, "0")}`, status: rand() < 0.9 ? "confirmed" : "failed", paid_at: stamp() };
  });
  return { contacts, identities, tags, interactions, followups, pledges, payments };
}

/** One plain pass reading every field rankNext reads, parsing nothing. */
function plainPass(s) {
  let acc = 0;
  for (const c of s.contacts) acc += c.id.length + c.display_name.length + (c.primary_channel?.length ?? 0) + (c.relationship_strength ?? 0) + (c.capacity_band?.length ?? 0) + (c.status?.length ?? 0) + (c.last_contacted_at?.length ?? 0) + (c.deleted_at?.length ?? 0);
  for (const r of s.identities) acc += r.contact_id.length + r.type.length + r.value.length + (r.is_primary ? 1 : 0) + (r.is_whatsapp_capable ? 1 : 0) + (r.is_valid ? 1 : 0);
  for (const r of s.tags) acc += r.contact_id.length + r.tag.length;
  for (const r of s.interactions) acc += r.id.length + r.contact_id.length + r.channel.length + r.direction.length + r.outcome.length + r.occurred_at.length;
  for (const r of s.followups) acc += r.contact_id.length + (r.interaction_id?.length ?? 0) + r.due_at.length + r.status.length + r.reason.length;
  for (const r of s.pledges) acc += r.id.length + r.contact_id.length + r.amount + r.status.length + r.expected_by.length;
  for (const r of s.payments) acc += r.contact_id.length + r.pledge_id.length + r.amount.length + r.status.length + r.paid_at.length;
  return acc;
}

const OPTIONS = { now: NOW, timeZone: "Asia/Kolkata", draft: { payee: { vpa: "trust@okaxis", name: "Seva Trust" } } };

function measure(n, runs) {
  const snap = makeSnapshot(n);
  const rows = Object.values(snap).reduce((a, l) => a + l.length, 0);
  const base = n <= 100_000 ? baseline : undefined;
  // warm up every contender, so none pays for compilation
  let sink = plainPass(snap);
  const heap0 = process.memoryUsage().heapUsed;
  let result = rankNext(snap, OPTIONS);
  const heapDelta = process.memoryUsage().heapUsed - heap0;
  if (base !== undefined && !isDeepStrictEqual(base(snap, OPTIONS), result)) throw new Error(`the baseline ranks ${n} contacts differently`);
  const wall = { rank: [], plain: [], base: [] };
  const cpu = { rank: [], plain: [], base: [] };
  const contenders = base === undefined ? ["rank", "plain"] : ["rank", "plain", "base"];
  for (let i = 0; i < runs; i++) {
    // rotate which goes first, so drift in the machine's load hits all alike
    const order = contenders.map((_, j) => contenders[(i + j) % contenders.length]);
    for (const what of order) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      if (what === "rank") result = rankNext(snap, OPTIONS);
      else if (what === "base") base(snap, OPTIONS);
      else sink += plainPass(snap);
      wall[what].push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu[what].push((c.user + c.system) / 1000);
    }
  }
  if (sink === 0) throw new Error("unreachable");
  const baseMs = base === undefined ? undefined : median(wall.base);
  const baseCpuMs = base === undefined ? undefined : median(cpu.base);
  return { n, rows, runs, rankMs: median(wall.rank), plainMs: median(wall.plain), rankCpuMs: median(cpu.rank), plainCpuMs: median(cpu.plain), baseMs, baseCpuMs, heapDelta, rssPeak: process.resourceUsage().maxRSS * 1024, pick: result.pick?.contactId, excluded: result.excluded };
}

const load0 = os.loadavg();
const sizes = [
  [10_000, 21],
  [100_000, 11],
  [1_000_000, 3],
];
const results = [];
for (const [n, runs] of sizes) {
  const r = measure(n, runs);
  results.push(r);
  const before = r.baseMs === undefined ? "" : `, baseline ${r.baseMs.toFixed(1)} ms (CPU ${r.baseCpuMs.toFixed(1)})`;
  console.log(`${n} contacts (${r.rows} rows)${before}: rankNext ${r.rankMs.toFixed(1)} ms (CPU ${r.rankCpuMs.toFixed(1)}), plain pass ${r.plainMs.toFixed(1)} ms (CPU ${r.plainCpuMs.toFixed(1)}), ratio ${(r.rankMs / r.plainMs).toFixed(2)}, heap +${(r.heapDelta / 2 ** 20).toFixed(0)} MiB, rss peak ${(r.rssPeak / 2 ** 20).toFixed(0)} MiB`);
}
const load1 = os.loadavg();
const perRow = (r) => r.rankMs / r.rows;
function linearity() {
  const spread = Math.max(...results.map(perRow)) / Math.min(...results.map(perRow));
  const figures = results.map((r) => `${((r.rankMs * 1e6) / r.rows).toFixed(0)} ns at ${r.n.toLocaleString("en")}`).join(", ");
  if (spread <= 1.5) return `Time per row stays within ${spread.toFixed(2)}× from the smallest to the largest snapshot (${figures}): linear.`;
  return `Time per row grows ${spread.toFixed(2)}× from the smallest to the largest snapshot (${figures}). The work per row is constant (one pass per array, one hash look-up of \`contact_id\` per row, O(k) top-k), so the growth is memory, not algorithm: at 10,000 contacts the index and the per-contact columns stay in the CPU caches, at 1,000,000 every row's look-up of its contact is a cache miss, and the collector marks a heap of more than a GiB of snapshot while \`rankNext\` allocates its index.`;
}
const head = results[1];
function compared() {
  const with_ = results.filter((r) => r.baseMs !== undefined);
  if (with_.length === 0) return "";
  const lines = with_.map((r) => `${r.n.toLocaleString("en")} contacts: ${r.baseMs.toFixed(1)} ms before, ${r.rankMs.toFixed(1)} ms after (CPU ${r.baseCpuMs.toFixed(0)} → ${r.rankCpuMs.toFixed(0)} ms, after/before ${(r.rankCpuMs / r.baseCpuMs).toFixed(2)})`);
  return `\nBefore and after in the same rounds (\`RANK_BASELINE\`: ${process.env.RANK_BASELINE_NAME ?? "an earlier build"}, checked to give the deep-equal result): ${lines.join("; ")}.\n`;
}
const ratio = head.rankMs / head.plainMs;
const mib = (b) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const rows = results
  .map((r) => `| ${r.n.toLocaleString("en")} | ${r.rows.toLocaleString("en")} | ${r.runs} | ${r.rankMs.toFixed(1)} ms | ${r.plainMs.toFixed(1)} ms | ${(r.rankMs / r.plainMs).toFixed(2)} | ${r.rankCpuMs.toFixed(0)} / ${r.plainCpuMs.toFixed(0)} ms | ${((r.rankMs * 1e6) / r.rows).toFixed(0)} ns | ${mib(r.heapDelta)} | ${mib(r.rssPeak)} |`)
  .join("\n");
const body = `
Load average ${load0.map((x) => x.toFixed(2)).join(" ")} before, ${load1.map((x) => x.toFixed(2)).join(" ")} after.

A seeded synthetic snapshot (\`test/bench/rank.bench.mjs\`): per 100,000 contacts about 120,000 identities, 300,000 interactions, 50,000 followups, 20,000 pledges, 30,000 payments and 20,000 tags; timestamps as stored (ISO, UTC), amounts as numbers and decimal strings; \`now\` fixed, zone Asia/Kolkata, 3 runners-up with drafts. The plain pass reads every field \`rankNext\` reads from the same rows (string lengths and numbers, no parsing) and runs alternately with \`rankNext\` in the same rounds. Medians of the runs shown after one warm-up each; wall time, with the process's CPU time (user + system, all threads, so GC helpers count) beside it because the machine is shared.

**100,000 contacts: ${head.rankMs.toFixed(1)} ms** (goal ≤ 150 ms), **${ratio.toFixed(2)}× one plain pass** (goal ≤ 3).
${compared()}
| contacts | rows in all | runs | rankNext | plain pass | ratio | CPU time, rankNext / plain | rankNext per row | heap growth, first run | RSS peak (process) |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows}

${linearity()} "Heap growth" is heapUsed after the first (warm-up) call minus before it, without a forced GC, so it is an upper bound of what one call keeps alive at its end (the per-contact signals, the index maps and the parsed timestamps of the arrays); the RSS peak is the whole process's, snapshots included.
${head.rankMs > 150 || ratio > 3 ? `
Goal missed in this run: ${head.rankMs > 150 ? `${(head.rankMs - 150).toFixed(0)} ms over 150 ms` : "150 ms met"}, ratio ${ratio.toFixed(1)} against 3. Why: the plain pass reads each row's fields in memory order and does nothing else (${((head.plainMs * 1e6) / head.rows).toFixed(0)} ns per row), while \`rankNext\` has to join every row to its contact by a string id: a hash look-up of \`contact_id\` (about 510,000 per call: identities, tags, interactions, followups, pledges), each a few dependent cache misses (the hash table, its entry, the stored key to compare), then an update of the contact's record (another miss). A CPU profile of 10 calls at 100,000 contacts (\`node --cpu-prof\`, load about 1.7, profiler overhead included; 252 ms a call under it) put per call: \`contact_id\` look-ups ~80 ms; folding interactions into the contacts' records ~44 ms; building the id index (100,000 \`Map\` inserts) ~42 ms; garbage collection ~34 ms (every major collection marks the whole snapshot, more than 2 million objects; the per-call index and columns are what fills the heap); pledges and payments ~19 ms; timestamp parsing ~18 ms; scoring the 75,000 eligible contacts ~13 ms; allocating the columns ~10 ms. The look-ups alone cost about ten plain passes, so no design that joins by a hashed string id reaches 3×. Tried and dropped: an open-addressing table of our own (ids' characters pooled in one array): 1.6× faster than \`Map\` for 8-character ids but 1.6× slower for UUIDs, the ids ZeroDB issues, because hashing 36 characters in JavaScript costs more than the cache miss it saves. Done: look-ups, inserts and timestamp parsing each in a loop of their own (independent cache misses overlap: the look-ups went from ~160 to ~80 ms), the previous row's contact reused before asking the \`Map\`, the interactions' fields of a contact in one cache line instead of nine columns, the rows of contacts excluded before any activity (deleted, do not contact, inactive, no valid phone) skipped after their timestamp is checked, a hand-written parser for the stored timestamp forms (\`…Z\` and \`…±HH:MM\`, property-tested against \`Date.parse\`) that hands its result back without boxing it, the unanswered-attempt count from the window's outbound attempts only (no second pass over all interactions), plain decimal amounts and due dates read by character codes (the regular expressions' match arrays were most of the money fold's garbage). Same results: every unit and property test unchanged, and the result deep-equal to the previous code's on generated snapshots.
` : ""}`;
writeSection("rankNext", body);
console.log(body);
