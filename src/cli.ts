#!/usr/bin/env node
/**
 * The `zerodb-calltime` command line.
 *
 *   zerodb-calltime local [--port N] [--host H] [--data DIR] [--api-key KEY] [--project-id UUID] [--local-operators]
 *   zerodb-calltime use <projectId>
 *   zerodb-calltime seed | health
 *   zerodb-calltime import <file.csv> [--tag T]... [--column Header=field]... [--concurrency N] [--dry-run] [--store-source]
 *   zerodb-calltime next [--campaign ID] [--user ID] [--now ISO] [--json]
 *   zerodb-calltime scoreboard [--date YYYY-MM-DD] [--campaign ID] [--json]
 *
 * `local` starts the local ZeroDB server and prints its URL, project id and API key
 * (the key once, on stdout, nowhere else). `seed`, `health` and `import` work on the
 * configured project: ZERODB_API_KEY, ZERODB_BASE_URL, and ZERODB_PROJECT_ID or the
 * project saved by `use`.
 * @module
 */
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { saveActiveProject } from "./active-project.js";
import { createClient } from "./client.js";
import type { ImportField, ImportProgress } from "./workflows/import-contacts.js";

const HELP = `Usage: zerodb-calltime <command> [options]

Commands:
  local             Start a local ZeroDB server (PGlite + pgvector, same HTTP API)
  use <projectId>   Save the active project: client.project() with no id uses it
                    (ZERODB_PROJECT_ID still wins; the file holds the id only)
  seed              Create the schema's tables the project lacks
  health            Check the project, its database and tables (exit 1 when not ok)
  import <file.csv> Import contacts from a CSV file (exit 1 when a row failed)
  next              Who to contact now: name, reason, channel, draft and link
  scoreboard        The day's scoreboard: target, raised, pledged, reached, gap

The project commands use ZERODB_API_KEY, ZERODB_BASE_URL and ZERODB_PROJECT_ID
(or the project saved by "use").

Options for "import":
  --tag <t>               Add this tag to every contact (repeatable)
  --column <Header=field> Map a header to a field (display_name, phone, email,
                          tags, notes, ...; repeatable)
  --delimiter <c>         CSV delimiter (default ",")
  --country <CC>          Country assumed for phones without +/00 (default IN)
  --concurrency <n>       Rows written at once (default 8)
  --dry-run               Validate and count, write nothing
  --store-source          Also keep the CSV in Files, linked to the contacts

Options for "next":
  --campaign <id>   Only this campaign's followups, pledges and interactions
  --user <id>       The operator (followups assigned to others are left out)
  --now <iso>       Rank as of this instant (default: now)
  --json            Print the whole result as JSON

Options for "scoreboard":
  --date <day>      The local day YYYY-MM-DD (default: today)
  --campaign <id>   Only this campaign
  --json            Print the board as JSON

Options for "local":
  --port <n>        TCP port (default 8787; 0 picks a free port)
  --host <h>        Interface to listen on (default 127.0.0.1)
  --data <dir>      Persist to this directory (default: in memory, gone on exit)
  --api-key <key>   Accept this API key instead of a generated one
  --project-id <id> Use (or create) this project UUID
  --local-operators Also accept $and/$or/$nor/$exists/$options in filters
                    (ZeroDB refuses them: code using them runs only locally)
  -h, --help        Show this help

The API key is printed once, on stdout. Stop the server with Ctrl+C.
`;

async function local(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      data: { type: "string" },
      "api-key": { type: "string" },
      "project-id": { type: "string" },
      "local-operators": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help === true) {
    process.stdout.write(HELP);
    return 0;
  }
  const port = values.port === undefined ? 8787 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`Invalid --port: ${values.port ?? ""}\n`);
    return 2;
  }
  const { startLocalZeroDB } = await import("./local/index.js");
  const zdb = await startLocalZeroDB({
    port,
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(values.data === undefined ? {} : { dataDir: values.data }),
    ...(values["api-key"] === undefined ? {} : { apiKey: values["api-key"] }),
    ...(values["project-id"] === undefined ? {} : { projectId: values["project-id"] }),
    ...(values["local-operators"] === true ? { localOperators: true } : {}),
  });
  process.stdout.write(
    [
      "ZeroDB local server is running",
      `  URL:        ${zdb.url}`,
      `  Project ID: ${zdb.projectId}`,
      `  API key:    ${zdb.apiKey}`,
      `  Storage:    ${values.data === undefined ? "in memory" : values.data}`,
      "",
      `  export ZERODB_BASE_URL=${zdb.url} ZERODB_PROJECT_ID=${zdb.projectId} ZERODB_API_KEY=<the key above>`,
      "Press Ctrl+C to stop.",
      "",
    ].join("\n"),
  );
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  await zdb.stop();
  process.stdout.write("Stopped.\n");
  return 0;
}

/** Where the CLI writes; `main` takes them so it can run in-process (tests). */
export interface CliIO {
  /** Standard output. */
  stdout: { write(text: string): unknown };
  /** Standard error; a TTY gets a progress bar, anything else plain progress lines. */
  stderr: { write(text: string): unknown; isTTY?: boolean | undefined };
  /** Environment (default `process.env`). */
  env?: Record<string, string | undefined> | undefined;
}

function scopeOf(io: CliIO) {
  const env = io.env ?? process.env;
  return createClient({
    ...(env.ZERODB_API_KEY === undefined ? {} : { apiKey: env.ZERODB_API_KEY }),
    ...(env.ZERODB_BASE_URL === undefined ? {} : { baseUrl: env.ZERODB_BASE_URL }),
    ...(env.ZERODB_PROJECT_ID === undefined ? {} : { projectId: env.ZERODB_PROJECT_ID }),
  }).project();
}

async function seed(io: CliIO): Promise<number> {
  const r = await scopeOf(io).seed();
  io.stdout.write(`Seeded schema v${r.schemaVersion}: ${r.created.length} created, ${r.present.length} present, ${r.failed.length} failed\n`);
  for (const t of r.created) io.stdout.write(`  + ${t}\n`);
  for (const f of r.failed) io.stderr.write(`  ! ${f.table}: ${f.error.message}\n`);
  return r.failed.length === 0 ? 0 : 1;
}

async function health(io: CliIO): Promise<number> {
  const r = await scopeOf(io).health();
  const mark = (ok: boolean): string => (ok ? "ok  " : "FAIL");
  io.stdout.write(
    [
      `Project ${r.projectId}${r.project.name === undefined ? "" : ` (${r.project.name})`}`,
      `  ${mark(r.project.ok)} project`,
      `  ${mark(r.database.ok)} database`,
      `  ${mark(r.tables.ok)} tables (${r.tables.names.length})`,
      `  schema version: ${r.schemaVersion ?? "never seeded"}`,
      ...(r.missingTables.length > 0 ? [`  missing tables: ${r.missingTables.join(", ")} (run: zerodb-calltime seed)`] : []),
      "",
    ].join("\n"),
  );
  for (const p of r.problems) io.stderr.write(`  ${p}\n`);
  io.stdout.write(r.ok ? "healthy\n" : "NOT healthy\n");
  return r.ok ? 0 : 1;
}

/** A one-line progress bar redrawn in place (TTY), or a plain line every 10 % (pipes, CI logs). */
function progressWriter(stderr: CliIO["stderr"]): { update(p: ImportProgress): void; done(): void } {
  const tty = stderr.isTTY === true;
  let lastDecile = -1;
  let lastDraw = 0;
  return {
    update(p) {
      const counts = `${p.created} created, ${p.updated} updated, ${p.unchanged} unchanged, ${p.skipped} skipped, ${p.failed} failed`;
      if (tty) {
        const now = Date.now();
        if (now - lastDraw < 80 && p.processed !== p.total) return;
        lastDraw = now;
        const share = p.total === undefined || p.total === 0 ? undefined : p.processed / p.total;
        const width = 24;
        const filled = share === undefined ? 0 : Math.round(share * width);
        const bar = share === undefined ? "" : `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${Math.floor(share * 100)}% `;
        stderr.write(`\r\x1b[2K${bar}${p.processed}${p.total === undefined ? "" : `/${p.total}`} rows: ${counts}`);
        return;
      }
      const decile = p.total === undefined || p.total === 0 ? Math.floor(p.processed / 1000) : Math.floor((p.processed / p.total) * 10);
      if (decile === lastDecile) return;
      lastDecile = decile;
      stderr.write(`${p.processed}${p.total === undefined ? "" : `/${p.total}`} rows: ${counts}\n`);
    },
    done() {
      if (tty) stderr.write("\n");
    },
  };
}

async function importCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      tag: { type: "string", multiple: true },
      column: { type: "string", multiple: true },
      delimiter: { type: "string" },
      country: { type: "string" },
      concurrency: { type: "string" },
      "dry-run": { type: "boolean" },
      "store-source": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help === true) {
    io.stdout.write(HELP);
    return 0;
  }
  if (positionals.length !== 1) {
    io.stderr.write("Usage: zerodb-calltime import <file.csv> [options]\n");
    return 2;
  }
  const columns: Record<string, ImportField> = {};
  for (const c of values.column ?? []) {
    const eq = c.lastIndexOf("=");
    if (eq <= 0) {
      io.stderr.write(`Invalid --column ${c}: expected Header=field\n`);
      return 2;
    }
    columns[c.slice(0, eq)] = c.slice(eq + 1) as ImportField;
  }
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  const scope = scopeOf(io);
  const bar = progressWriter(io.stderr);
  const ac = new AbortController();
  const onSignal = (): void => ac.abort();
  process.once("SIGINT", onSignal);
  let r;
  try {
    r = await scope.importContacts(
      { path: positionals[0]! },
      {
        columns,
        ...(values.tag === undefined ? {} : { tags: values.tag }),
        ...(values.delimiter === undefined ? {} : { delimiter: values.delimiter }),
        ...(values.country === undefined ? {} : { defaultCountry: values.country }),
        ...(concurrency === undefined ? {} : { concurrency }),
        dryRun: values["dry-run"] === true,
        storeSource: values["store-source"] === true,
        signal: ac.signal,
        onProgress: (p) => bar.update(p),
      },
    );
  } finally {
    process.off("SIGINT", onSignal);
    bar.done();
  }
  const out: string[] = [
    `${r.dryRun ? "Dry run of " : ""}${positionals[0]}: ${r.rows} rows`,
    `  created:   ${r.created}`,
    `  updated:   ${r.updated}`,
    `  unchanged: ${r.unchanged}`,
    `  skipped:   ${r.skipped}`,
    `  failed:    ${r.failed}`,
  ];
  if (r.ignoredColumns.length > 0) out.push(`  ignored columns: ${r.ignoredColumns.join(", ")} (map them with --column "Header=field")`);
  if (r.fileId !== undefined) out.push(`  source stored as file ${r.fileId}`);
  if (r.aborted) out.push("  ABORTED: rows after the last finished one were not imported; run the same import again to finish");
  if (r.issues.length > 0) {
    out.push("", "Rows not imported:");
    for (const i of r.issues) out.push(`  line ${i.line}: ${i.field}: ${i.rule}: ${i.message}${i.value === undefined ? "" : ` (${JSON.stringify(i.value)})`}`);
  }
  io.stdout.write(out.join("\n") + "\n");
  return r.failed > 0 || r.aborted ? 1 : 0;
}

const inr = (n: number | null): string => (n === null ? "no target" : `₹${n.toLocaleString("en-IN", { maximumFractionDigits: 2 })}`);

async function nextCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { campaign: { type: "string" }, user: { type: "string" }, now: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    strict: true,
  });
  if (values.help === true) {
    io.stdout.write(HELP);
    return 0;
  }
  const r = await scopeOf(io).next({
    ...(values.campaign === undefined ? {} : { campaignId: values.campaign }),
    ...(values.user === undefined ? {} : { userId: values.user }),
    ...(values.now === undefined ? {} : { now: values.now }),
  });
  if (values.json === true) {
    io.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    return 0;
  }
  const p = r.pick;
  if (p === null) {
    const why = { quiet_hours: "it is quiet hours", no_contacts: "there are no active contacts", all_excluded: "every contact is excluded" }[r.noneReason ?? "all_excluded"];
    const counts = Object.entries(r.excluded).filter(([, n]) => n > 0).map(([code, n]) => `${code} ${n}`);
    io.stdout.write(`Nobody to contact now: ${why}${counts.length > 0 ? ` (excluded: ${counts.join(", ")})` : ""}\n`);
    return 0;
  }
  const out = [`Next: ${p.displayName}`, `  why:     ${p.reason} [${p.reasonCode}]`, `  channel: ${p.action}`, `  draft:   ${p.message}`];
  if (p.links.whatsapp !== undefined) out.push(`  link:    ${p.links.whatsapp}`);
  if (p.links.upi !== undefined) out.push(`  upi:     ${p.links.upi}`);
  if (r.runnersUp.length > 0) out.push("", "Then:", ...r.runnersUp.map((s, i) => `  ${i + 2}. ${s.displayName}: ${s.reason}${s.whyLower === undefined ? "" : ` (${s.whyLower})`}`));
  io.stdout.write(out.join("\n") + "\n");
  return 0;
}

async function scoreboardCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { date: { type: "string" }, campaign: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    strict: true,
  });
  if (values.help === true) {
    io.stdout.write(HELP);
    return 0;
  }
  const b = await scopeOf(io).scoreboard({
    ...(values.date === undefined ? {} : { date: values.date }),
    ...(values.campaign === undefined ? {} : { campaignId: values.campaign }),
  });
  if (values.json === true) {
    io.stdout.write(`${JSON.stringify(b, null, 2)}\n`);
    return 0;
  }
  const out = [
    `Scoreboard ${b.date} (${b.timeZone})${b.campaignId === undefined ? "" : `, campaign ${b.campaignId}`}`,
    `  target:    ${inr(b.target)}`,
    `  raised:    ${inr(b.raised)}`,
    `  pledged:   ${inr(b.pledged)}`,
    `  gap:       ${b.remainingGap === null ? "-" : inr(b.remainingGap)}`,
    `  reached:   ${b.contactsReached} contacts in ${b.attempts} attempts`,
  ];
  if (b.topOutcomes.length > 0) out.push(`  outcomes:  ${b.topOutcomes.map((o) => `${o.outcome} ${o.count}`).join(", ")}`);
  io.stdout.write(out.join("\n") + "\n");
  return 0;
}

/**
 * Runs the command line with `argv` (without `node` and the script) and resolves to the
 * exit code. Exported so it can run in-process with other streams.
 * @example
 * ```ts
 * const code = await main(["health"], { stdout: process.stdout, stderr: process.stderr });
 * ```
 */
export async function main(argv: string[], io: CliIO = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    io.stdout.write(HELP);
    return command === undefined ? 1 : 0;
  }
  if (command === "local") return local(rest);
  if (command === "use") {
    if (rest.length !== 1) {
      io.stderr.write("Usage: zerodb-calltime use <projectId>\n");
      return 2;
    }
    io.stdout.write(`Active project ${rest[0]} saved in ${saveActiveProject(rest[0]!)}\n`);
    return 0;
  }
  const commands: Record<string, () => Promise<number>> = {
    seed: () => seed(io),
    health: () => health(io),
    import: () => importCommand(rest, io),
    next: () => nextCommand(rest, io),
    scoreboard: () => scoreboardCommand(rest, io),
  };
  const run = Object.hasOwn(commands, command) ? commands[command] : undefined;
  if (run !== undefined) {
    try {
      return await run();
    } catch (e) {
      io.stderr.write(`zerodb-calltime ${command}: ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
  }
  io.stderr.write(`Unknown command: ${command}\n\n${HELP}`);
  return 2;
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`zerodb-calltime: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
