// Size of the main entry as an app's bundler ships it: dist/index.js bundled with its
// dependencies by esbuild (minified, ESM, platform node, node builtins external, code
// splitting on), then gzip level 9. "At start" is the entry chunk and every chunk it imports
// statically: what a cold start loads; "on demand" is what dynamic imports add (the phone
// normalizer). @ainative/sdk 3.1 is measured the same way for contrast.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { writeSection } from "./report.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
// Measured the same way just before the switch to zod/mini (commit 5dede4f): zod's classic
// API with all its locales. Issue 6 quoted 109.5 KB for a build that still bundled ky.
const BEFORE_KB = 107.1;
const GOAL_KB = 40;
// The same bench at commit 931b48b: ky, zod/mini and every API module, before the
// repositories and the data-model schemas joined the main entry.
const CLIENT_ONLY_KB = 36.3;

async function measure(entry, platform = "node") {
  const result = await build({
    stdin: { contents: `export * from ${JSON.stringify(entry)};`, resolveDir: ROOT, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    splitting: true,
    outdir: "/bundle-size", // nothing is written: only names the chunks
    platform,
    ...(platform === "node" ? { mainFields: ["module", "main"] } : {}),
    metafile: true,
    write: false,
    logLevel: "silent",
  });
  const outputs = result.metafile.outputs;
  const entryName = Object.keys(outputs).find((k) => outputs[k].entryPoint === "<stdin>");
  const atStart = new Set();
  const visit = (name) => {
    if (atStart.has(name)) return;
    atStart.add(name);
    for (const i of outputs[name].imports) if (i.kind === "import-statement" && outputs[i.path] !== undefined) visit(i.path);
  };
  visit(entryName);
  const base = (p) => p.slice(p.lastIndexOf("/") + 1);
  const files = new Map(result.outputFiles.map((f) => [base(f.path), f.contents]));
  const part = (names) => {
    const code = Buffer.concat(names.map((n) => files.get(base(n))));
    const byPackage = new Map();
    for (const n of names) {
      for (const [file, { bytesInOutput }] of Object.entries(outputs[n].inputs)) {
        const name = packageOf(file);
        byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
      }
    }
    return { minBytes: code.byteLength, gzBytes: gzipSync(code, { level: 9 }).byteLength, byPackage, code };
  };
  const all = Object.keys(outputs).filter((n) => n.endsWith(".js"));
  return { ...part([...atStart]), onDemand: part(all.filter((n) => !atStart.has(n))) };
}

function packageOf(file) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  return m ? m[1] : "zerodb-calltime (own code)";
}

const kb = (bytes) => (bytes / 1024).toFixed(1);

const ours = await measure("./dist/index.js");
const theirs = await measure("@ainative/sdk");
// Its axios dependency ships a much smaller build for browsers; shown for a fair contrast.
const theirsBrowser = await measure("@ainative/sdk", "browser");

// zod/mini loads no locale: if the English one were tree-shaken away (sideEffects: false),
// validation messages would all read "Invalid input".
const english = new TextDecoder().decode(ours.code).includes("Too small: expected");
if (!english) throw new Error("the bundle lost zod's English locale: validation messages would be unreadable");

const top = [...ours.byPackage].sort((a, b) => b[1] - a[1]);
const rows = top.map(([name, bytes]) => `| ${name} | ${kb(bytes)} | ${((100 * bytes) / ours.minBytes).toFixed(0)}% |`).join("\n");
const body = `
\`dist/index.js\` bundled with its dependencies by esbuild (minified, ESM, platform node,
node builtins external, code splitting on), then gzip level 9; \`@ainative/sdk\` 3.1.0 the
same way. "At start" is the entry chunk and what it imports statically: what a cold start
loads; "on demand" is what dynamic imports add.

| bundle | minified (KB) | gzipped (KB) |
|---|---|---|
| zerodb-calltime, before (zod classic API and its locales) | 503.5 | ${BEFORE_KB} |
| **zerodb-calltime, now: loaded at start** | ${kb(ours.minBytes)} | **${kb(ours.gzBytes)}** |
| zerodb-calltime, now: loaded on demand (the phone normalizer, the CSV parser) | ${kb(ours.onDemand.minBytes)} | ${kb(ours.onDemand.gzBytes)} |
| zerodb-calltime, API client alone (before the data model joined the main entry, commit 931b48b) | 118.0 | ${CLIENT_ONLY_KB} |
| @ainative/sdk 3.1.0 (far fewer features), platform node | ${kb(theirs.minBytes)} | ${kb(theirs.gzBytes)} |
| @ainative/sdk 3.1.0, platform browser (axios's browser build) | ${kb(theirsBrowser.minBytes)} | ${kb(theirsBrowser.gzBytes)} |

Goal (issue 6): the main entry at most ${GOAL_KB} KB gzipped. The API client alone met it
(${CLIENT_ONLY_KB} KB, with ky); with the data model on the scope (17 table schemas, the
repositories, the workflows) the start-up part is ${ours.gzBytes / 1024 <= GOAL_KB ? "still within it" : `**${kb(ours.gzBytes)} KB: over it**`}, and
libphonenumber-js with its full metadata (needed to tell mobiles from fixed lines) and the
CSV parser are loaded only when the first phone is normalized or the first file imported. Schemas use
\`zod/mini\` (functions instead of methods, so a bundler drops what is unused) and load
only zod's English locale. The "before" figure is this bench run just before that switch;
issue 6 quoted 109.5 KB for a build that still bundled ky (about 9 KB gzipped on its own).

Contributors to what loads at start (minified), by package:

| package | minified (KB) | share |
|---|---|---|
${rows}
`;
writeSection("Bundle size", body);
console.log(`ours ${kb(ours.gzBytes)} KB gz (${kb(ours.minBytes)} KB min), @ainative/sdk ${kb(theirs.gzBytes)} KB gz`);
console.log(top.map(([n, b]) => `  ${n}: ${kb(b)} KB`).join("\n"));
