// Writes one "## <title>" section of docs/benchmarks.md, keeping the other sections.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";

const FILE = new URL("../../docs/benchmarks.md", import.meta.url);
const HEADER = `# Benchmarks

Written by \`npm run bench\`. The machines are shared and noisy, so every figure is a
median of several runs, and comparisons are ratios measured side by side in one run.
`;

export function machine() {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return `${cpu}, ${os.availableParallelism()} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}`;
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function writeSection(title, body) {
  const text = existsSync(FILE) ? readFileSync(FILE, "utf8") : HEADER;
  const section = `## ${title}\n\nMeasured ${new Date().toISOString().slice(0, 10)} on ${machine()}.\n\n${body.trim()}\n`;
  const re = new RegExp(`## ${title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\n[\\s\\S]*?(?=\\n## |$)`);
  const next = re.test(text) ? text.replace(re, section) : `${text.trimEnd()}\n\n${section}`;
  writeFileSync(FILE, next.endsWith("\n") ? next : `${next}\n`);
}
