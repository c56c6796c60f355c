import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "../../src");
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)/g;

/** Every module reachable from `entry` through static and dynamic imports: local files and bare packages. */
function graph(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const m of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const spec = (m[1] ?? m[2]) as string;
      if (spec.startsWith(".")) visit(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
      else packages.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!);
    }
  };
  visit(resolve(SRC, entry));
  return { files: [...files].map((f) => relative(SRC, f)).sort(), packages: [...packages].sort() };
}

const tsFiles = (dir: string): string[] =>
  readdirSync(join(SRC, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(dir, f));

describe("schema and domain layering", () => {
  it("src/schema and src/domain reach only each other: nothing from api/, http/, local/ or any layer above", () => {
    for (const entry of [...tsFiles("schema"), ...tsFiles("domain")]) {
      const outside = graph(entry).files.filter((f) => !f.startsWith("schema/") && !f.startsWith("domain/"));
      expect(outside, entry).toEqual([]);
    }
  });

  it("the ./schema entry needs zod only (no phone metadata, no uuid, no node: built-ins)", () => {
    expect(graph("schema/index.ts").packages).toEqual(["zod"]);
  });

  it("domain modules are pure: no node: built-ins, no clock reads", () => {
    for (const entry of tsFiles("domain")) {
      expect(graph(entry).packages.filter((p) => p.startsWith("node:")), entry).toEqual([]);
      expect(readFileSync(join(SRC, entry), "utf8"), entry).not.toMatch(/Date\.now\(|new Date\(\)|performance\.now|Math\.random/);
    }
  });

  it("libphonenumber-js is imported from src/domain/phone.ts only", () => {
    const all = readdirSync(SRC, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    const importers = all.filter((f) => /from\s+"libphonenumber-js/.test(readFileSync(join(SRC, f), "utf8")));
    expect(importers).toEqual([join("domain", "phone.ts")]);
  });
});
