import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startLocalZeroDB, type LocalZeroDB } from "../../src/local/index.js";

const root = mkdtempSync(join(tmpdir(), "zdb-datadir-test-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// each start on a data directory writes a whole PGlite cluster: generous timeouts for a loaded machine
const status = async (z: LocalZeroDB, key: string): Promise<number> =>
  (await fetch(`${z.url}/v1/public/${z.projectId}/database`, { headers: { "X-API-Key": key } })).status;

describe("local server: one server per data directory", () => {
  it("refuses a second server on a directory in use, naming the directory and the holder; starts once the first stops", async () => {
    const dir = join(root, "shared");
    const a = await startLocalZeroDB({ dataDir: dir });
    try {
      const second = startLocalZeroDB({ dataDir: dir });
      await expect(second).rejects.toThrow(dir);
      await expect(second).rejects.toThrow(`pid ${process.pid}`);
      expect(await status(a, a.apiKey)).toBe(200); // the first one is untouched
    } finally {
      await a.stop();
    }
    const b = await startLocalZeroDB({ dataDir: dir });
    await b.stop();
  }, 120_000);

  it("takes over a lock left by a process that no longer runs, with a warning", async () => {
    const dir = join(root, "stale");
    const a = await startLocalZeroDB({ dataDir: dir });
    await a.stop();
    const dead = spawnSync(process.execPath, ["-e", "0"]).pid!;
    const lock = join(dir, "zerodb-local.lock");
    writeFileSync(lock, JSON.stringify({ pid: dead, host: hostname(), started_at: "2026-01-01T00:00:00Z", token: "old" }));
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on("warning", onWarning);
    try {
      const b = await startLocalZeroDB({ dataDir: dir });
      try {
        expect(JSON.parse(readFileSync(lock, "utf8")).pid).toBe(process.pid);
        await new Promise((r) => setImmediate(r));
        expect(warnings.join("\n")).toContain(`pid ${dead}`);
      } finally {
        await b.stop();
      }
    } finally {
      process.off("warning", onWarning);
    }
  }, 120_000);
});

describe("local server: which keys work after a restart", () => {
  it("only the current generated key and explicitly made keys work", async () => {
    const dir = join(root, "keys");
    const a = await startLocalZeroDB({ dataDir: dir });
    const first = a.apiKey;
    const made = await a.createApiKey([a.projectId]);
    await a.stop();

    const b = await startLocalZeroDB({ dataDir: dir });
    try {
      expect(await status(b, first)).toBe(401);
      expect(await status(b, b.apiKey)).toBe(200);
      expect(await status(b, made)).toBe(200);
    } finally {
      await b.stop();
    }

    const c = await startLocalZeroDB({ dataDir: dir, apiKey: "explicit-dev-key" });
    await c.stop();
    const d = await startLocalZeroDB({ dataDir: dir });
    try {
      expect(await status(d, b.apiKey)).toBe(401);
      expect(await status(d, "explicit-dev-key")).toBe(200);
      expect(await status(d, made)).toBe(200);
      expect(await status(d, d.apiKey)).toBe(200);
    } finally {
      await d.stop();
    }
  }, 180_000);
});
