/** The active project (US0.1): ZERODB_PROJECT_ID, else the saved config file; neither is an error naming both. */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { activeProjectFile, createClient, readActiveProject, saveActiveProject } from "../../src/index.js";

const KEY = "zdb_test_key_0123456789";
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "zc-active-"));
  vi.stubEnv("XDG_CONFIG_HOME", dir);
  vi.stubEnv("ZERODB_PROJECT_ID", "");
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe("active project", () => {
  it("fails naming ZERODB_PROJECT_ID and the file when neither is set", () => {
    expect(readActiveProject()).toBeUndefined();
    const file = join(dir, "zerodb-calltime", "config.json");
    expect(activeProjectFile()).toBe(file);
    expect(() => createClient({ apiKey: KEY }).project()).toThrow(/ZERODB_PROJECT_ID/);
    expect(() => createClient({ apiKey: KEY }).project()).toThrow(file);
  });

  it("uses the saved project, which holds the id only; the env var and an explicit id win", () => {
    const file = saveActiveProject("p-saved");
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ projectId: "p-saved" });
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(createClient({ apiKey: KEY }).project().projectId).toBe("p-saved");
    expect(readFileSync(file, "utf8")).not.toContain(KEY);
    vi.stubEnv("ZERODB_PROJECT_ID", "p-env");
    expect(createClient({ apiKey: KEY }).project().projectId).toBe("p-env");
    expect(createClient({ apiKey: KEY }).project("p-arg").projectId).toBe("p-arg");
  });

  it("a broken file is an error naming the file", () => {
    mkdirSync(join(dir, "zerodb-calltime"));
    writeFileSync(join(dir, "zerodb-calltime", "config.json"), "{oops");
    expect(() => createClient({ apiKey: KEY }).project()).toThrow(/config\.json/);
  });
});
