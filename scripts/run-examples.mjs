// npm run examples: runs every script in examples/ (the demo included) one after another
// on the embedded local ZeroDB, so none of them can rot. Fails on the first non-zero exit
// or on an example that runs longer than two minutes.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";

// connect.ts is the helper the examples share, not an example of its own.
const HELPERS = new Set(["connect.ts"]);
const dir = new URL("../examples/", import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith(".ts") && !HELPERS.has(f)).sort();
const env = { ...process.env };
delete env.ZERODB_API_KEY; // always the local server, never a cloud project by accident

for (const file of files) {
  const started = Date.now();
  console.log(`\n=== examples/${file} ===`);
  const run = spawnSync(process.execPath, [new URL(file, dir).pathname], { stdio: "inherit", env, timeout: 120_000 });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (run.status !== 0) {
    console.error(`examples/${file} failed (${run.signal ?? `exit ${run.status}`}) after ${secs} s`);
    process.exit(1);
  }
  console.log(`--- examples/${file}: ok in ${secs} s`);
}
console.log(`\n${files.length} examples ran`);
