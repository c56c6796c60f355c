#!/usr/bin/env node
/**
 * The `zerodb-calltime` command line.
 *
 *   zerodb-calltime local [--port N] [--host H] [--data DIR] [--api-key KEY] [--project-id UUID] [--local-operators]
 *
 * starts the local ZeroDB server and prints its URL, project id and API key
 * (the key once, on stdout, nowhere else).
 * @module
 */
import { parseArgs } from "node:util";
import { saveActiveProject } from "./active-project.js";

const HELP = `Usage: zerodb-calltime <command> [options]

Commands:
  local             Start a local ZeroDB server (PGlite + pgvector, same HTTP API)
  use <projectId>   Save the active project: client.project() with no id uses it
                    (ZERODB_PROJECT_ID still wins; the file holds the id only)

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

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    process.stdout.write(HELP);
    return command === undefined ? 1 : 0;
  }
  if (command === "local") return local(rest);
  if (command === "use") {
    if (rest.length !== 1) {
      process.stderr.write("Usage: zerodb-calltime use <projectId>\n");
      return 2;
    }
    process.stdout.write(`Active project ${rest[0]} saved in ${saveActiveProject(rest[0]!)}\n`);
    return 0;
  }
  process.stderr.write(`Unknown command: ${command}\n\n${HELP}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`zerodb-calltime: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
