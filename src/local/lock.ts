/**
 * One server per data directory. PGlite keeps no lock of its own, so two
 * servers on one directory both answer 201 and the last to write its files
 * wins; a lock file (`zerodb-local.lock`: pid, host, start time) makes the
 * second one refuse to start. A lock left by a process that no longer runs
 * is taken over with a warning.
 * @internal
 * @module
 */
import { randomUUID } from "node:crypto";
import { link, mkdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join, resolve } from "node:path";

/** Name of the lock file inside the data directory. */
export const LOCK_FILE = "zerodb-local.lock";

interface Holder {
  pid: number;
  host: string;
  started_at: string;
  token: string;
}

/** A held lock; `release()` removes the file if it is still ours (idempotent). */
export interface DataDirLock {
  readonly path: string;
  release(): Promise<void>;
}

const code = (e: unknown): string | undefined => (e as NodeJS.ErrnoException)?.code;

/** Whether a process with this pid runs on this machine (EPERM: it runs, as another user). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return code(e) === "EPERM";
  }
}

async function readHolder(path: string): Promise<Holder | undefined> {
  try {
    const h = JSON.parse(await readFile(path, "utf8")) as Holder;
    return Number.isSafeInteger(h.pid) && typeof h.token === "string" ? h : undefined;
  } catch (e) {
    if (code(e) === "ENOENT") return undefined;
    return { pid: -1, host: "unknown", started_at: "unknown", token: "unreadable" };
  }
}

/** Creates `path` with `content` atomically: false when it already exists. */
async function createExclusive(path: string, content: string): Promise<boolean> {
  const tmp = `${path}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(tmp, content);
  try {
    await link(tmp, path); // fails with EEXIST, unlike rename, and the file is complete when it appears
    return true;
  } catch (e) {
    if (code(e) === "EEXIST") return false;
    throw e;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/**
 * Takes the lock of `dir` (created if missing), or throws an Error naming the
 * directory and the server that holds it.
 */
export async function lockDataDir(dir: string, warn: (message: string) => void = (m) => process.emitWarning(m)): Promise<DataDirLock> {
  const abs = resolve(dir);
  await mkdir(abs, { recursive: true });
  const path = join(abs, LOCK_FILE);
  const me: Holder = { pid: process.pid, host: hostname(), started_at: new Date().toISOString(), token: randomUUID() };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await createExclusive(path, JSON.stringify(me))) {
      let released = false;
      return {
        path,
        async release() {
          if (released) return;
          released = true;
          if ((await readHolder(path))?.token === me.token) await unlink(path).catch(() => undefined);
        },
      };
    }
    const holder = await readHolder(path);
    if (holder === undefined) continue; // released meanwhile
    const who = `pid ${holder.pid}${holder.pid === process.pid ? " (this process)" : ""} on ${holder.host}, started ${holder.started_at}`;
    if (holder.host !== me.host || holder.pid <= 0 || running(holder.pid)) {
      throw new Error(
        `The data directory ${abs} is in use by another local ZeroDB server (${who}). ` +
          `Stop that server or use another data directory; if no server uses it, delete ${path}.`,
      );
    }
    // stale: move it aside (only one contender's rename can succeed), then check we moved the stale one
    const aside = `${path}.${me.token}.stale`;
    try {
      await rename(path, aside);
    } catch (e) {
      if (code(e) === "ENOENT") continue;
      throw e;
    }
    const moved = await readHolder(aside);
    if (moved?.token !== holder.token) await link(aside, path).catch(() => undefined); // a fresh lock: put it back
    await unlink(aside).catch(() => undefined);
    if (moved?.token === holder.token) {
      warn(`zerodb-calltime local: taking over ${abs}: its lock names ${who}, which is no longer running (it did not stop cleanly).`);
    }
  }
  throw new Error(`Could not lock the data directory ${abs}: other servers keep starting on it.`);
}
