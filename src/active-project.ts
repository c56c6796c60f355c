/**
 * The active project (backlog US0.1): `ZERODB_PROJECT_ID`, else the `projectId` of the
 * config file the CLI writes, `$XDG_CONFIG_HOME/zerodb-calltime/config.json` (default
 * `~/.config/zerodb-calltime/config.json`). The file holds the project id only, never an
 * API key. It is read lazily, through `process.getBuiltinModule`, and only when
 * `client.project()` gets no id, so the main entry imports no Node built-in and works in
 * bundlers and non-Node runtimes (where there is no file to read).
 * @module
 */
import { ValidationError } from "./http/errors.js";

interface NodeFs {
  readFileSync(path: string, encoding: "utf8"): string;
  writeFileSync(path: string, data: string, options: { encoding: "utf8"; mode: number }): void;
  mkdirSync(path: string, options: { recursive: true }): unknown;
  renameSync(from: string, to: string): void;
}

function nodeFs(): NodeFs | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.("node:fs") as NodeFs | undefined;
}

function env(name: string): string | undefined {
  const v = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
  return v === undefined || v === "" ? undefined : v;
}

/**
 * Where the active project is saved: `$XDG_CONFIG_HOME/zerodb-calltime/config.json`, or
 * `$HOME/.config/zerodb-calltime/config.json` when `XDG_CONFIG_HOME` is not set.
 * @example
 * ```ts
 * console.log(activeProjectFile());
 * ```
 */
export function activeProjectFile(): string {
  const base = env("XDG_CONFIG_HOME") ?? `${env("HOME") ?? env("USERPROFILE") ?? "."}/.config`;
  return `${base.replace(/[\\/]+$/, "")}/zerodb-calltime/config.json`;
}

/**
 * The project id saved by {@link saveActiveProject}, or undefined when there is no file
 * (or no file system). A file that is not JSON with a string `projectId` is an error
 * naming the file.
 * @example
 * ```ts
 * const id = readActiveProject();
 * ```
 */
export function readActiveProject(): string | undefined {
  const fs = nodeFs();
  if (fs === undefined) return undefined;
  const file = activeProjectFile();
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT" || (error as { code?: string }).code === "ENOTDIR") return undefined;
    throw new ValidationError([{ path: file, message: `cannot read the active-project file: ${(error as Error).message}`, code: "unreadable" }], { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ValidationError([{ path: file, message: "the active-project file is not JSON", code: "invalid_json" }], { cause: error });
  }
  const id = (parsed as { projectId?: unknown } | null)?.projectId;
  if (id === undefined) return undefined;
  if (typeof id !== "string" || id === "") throw new ValidationError([{ path: `${file}#projectId`, message: "must be a non-empty string", code: "invalid_type" }]);
  return id;
}

/**
 * Saves the active project for later `client.project()` calls without an id (what
 * `zerodb-calltime use <projectId>` does). Writes `{ "projectId": ... }` only, mode 0600,
 * atomically; returns the file path. Node only.
 * @example
 * ```ts
 * import { saveActiveProject } from "zerodb-calltime";
 * saveActiveProject("6f1c...");
 * ```
 */
export function saveActiveProject(projectId: string): string {
  if (typeof projectId !== "string" || projectId.trim() === "") {
    throw new ValidationError([{ path: "projectId", message: "must be a non-empty string", code: "required" }]);
  }
  const fs = nodeFs();
  if (fs === undefined) throw new ValidationError([{ path: "projectId", message: "saving the active project needs Node's file system", code: "unsupported_runtime" }]);
  const file = activeProjectFile();
  fs.mkdirSync(file.slice(0, file.lastIndexOf("/")), { recursive: true });
  const tmp = `${file}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify({ projectId }, null, 2)}\n`, { encoding: "utf8", mode: 0o600 });
  fs.renameSync(tmp, file);
  return file;
}
