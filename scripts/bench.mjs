// npm run bench: build, then run every test/bench/*.bench.mjs in its own process, in
// turn (never two at once: the machines have 2 cores). Each writes its section of
// docs/benchmarks.md.
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";

const only = process.argv[2];
execFileSync("npm", ["run", "build", "--silent"], { stdio: "inherit" });
const dir = new URL("../test/bench/", import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith(".bench.mjs") && (only === undefined || f.includes(only)));
for (const file of files.sort()) {
  console.log(`\n=== ${file} ===`);
  execFileSync(process.execPath, [new URL(file, dir).pathname], { stdio: "inherit" });
}
