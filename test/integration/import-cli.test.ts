/**
 * The CLI's seed, health and import commands, run in-process through the exported
 * `main(argv, io)` against a project on the local server (ZERODB_* passed as `io.env`).
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main, type CliIO } from "../../src/cli.js";
import { createTestScope, type TestScope } from "../../src/testing/index.js";

const CSV = fileURLToPath(new URL("../../examples/data/contacts.csv", import.meta.url));
let t: TestScope;
let env: Record<string, string>;

beforeAll(async () => {
  t = await createTestScope({ seed: false });
  env = { ZERODB_API_KEY: t.server!.apiKey, ZERODB_BASE_URL: t.server!.url, ZERODB_PROJECT_ID: t.scope.projectId };
});
afterAll(async () => {
  await t?.cleanup();
});

async function run(argv: string[], tty = false): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIO = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s), isTTY: tty }, env };
  const code = await main(argv, io);
  return { code, out, err };
}

describe("zerodb-calltime seed / health / import", () => {
  it("health fails before seeding names the missing tables; seed fixes it", async () => {
    const before = await run(["health"]);
    expect(before.out).toMatch(/missing tables: .*contacts/);
    const seeded = await run(["seed"]);
    expect(seeded.code).toBe(0);
    expect(seeded.out).toMatch(/Seeded schema v\d+: \d+ created/);
    const after = await run(["health"]);
    expect(after.code).toBe(0);
    expect(after.out).toContain("healthy");
  });

  it("imports examples/data/contacts.csv with progress and a readable report; a second run creates nothing", async () => {
    const first = await run(["import", CSV, "--tag", "gala-2026"]);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/contacts\.csv: 200 rows/);
    const created = Number(/created:\s+(\d+)/.exec(first.out)![1]);
    const skipped = Number(/skipped:\s+(\d+)/.exec(first.out)![1]);
    expect(created).toBeGreaterThan(180);
    expect(skipped).toBeGreaterThan(3);
    expect(first.out).toMatch(/line \d+: phone: duplicate_in_file/);
    expect(first.out).toMatch(/line \d+: display_name: required/);
    expect(first.out).toContain("ignored columns: City");
    // not a TTY: plain progress lines ending with the last row
    expect(first.err.trim().split("\n").at(-1)).toMatch(/^200\/200 rows: /);

    const second = await run(["import", CSV, "--tag", "gala-2026"], true);
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/created:\s+0\b/);
    expect(second.out).toMatch(new RegExp(`unchanged:\\s+${created}\\b`));
    expect(second.err).toContain("\r");
    expect(second.err).toContain("[########################] 100%");
    expect((await t.scope.rows("contacts").list({ limit: 1000 }).toArray()).length).toBe(created);
  });

  it("exits non-zero on a missing file, a bad option or a missing key", async () => {
    expect((await run(["import", "/nonexistent.csv"])).code).toBe(1);
    expect((await run(["import"])).code).toBe(2);
    expect((await run(["import", CSV, "--column", "nope"])).code).toBe(2);
    const saved = env;
    env = { ZERODB_BASE_URL: saved.ZERODB_BASE_URL!, ZERODB_PROJECT_ID: saved.ZERODB_PROJECT_ID! };
    const r = await run(["health"]);
    env = saved;
    expect(r.code).toBe(1);
    expect(r.err).toContain("ZERODB_API_KEY");
  });
});
