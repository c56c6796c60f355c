import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import pkg from "../../package.json" with { type: "json" };

const SRC = resolve(import.meta.dirname, "../../src");
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)/g;

/** Every module reachable from `entry` through static and dynamic imports: local files and bare packages. */
function graph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const m of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const spec = (m[1] ?? m[2]) as string;
      if (spec.startsWith(".")) visit(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
      else if (!spec.startsWith("node:")) packages.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!);
    }
  };
  visit(resolve(SRC, entry));
  return { files, packages };
}

const rel = (files: Set<string>) => [...files].map((f) => relative(SRC, f));

describe("package layering", () => {
  it("importing zerodb-calltime reaches only its runtime dependencies, never the local server or its peers", () => {
    const { files, packages } = graph("index.ts");
    expect(rel(files).filter((f) => f.startsWith("local/"))).toEqual([]);
    expect([...packages].filter((p) => !(p in pkg.dependencies))).toEqual([]);
  });

  it("every runtime dependency is used by the main entry, ./schema or the domain rules", () => {
    const used = new Set<string>();
    for (const entry of ["index.ts", "schema/index.ts", "domain/phone.ts", "domain/ids.ts", "domain/followup-rules.ts"]) {
      for (const p of graph(entry).packages) used.add(p);
    }
    expect(Object.keys(pkg.dependencies).filter((d) => !used.has(d))).toEqual([]);
  });

  it("the local server is independent of the SDK's transport and api layers (it shares only the wire contract)", () => {
    const { files } = graph("local/index.ts");
    expect(rel(files).filter((f) => !f.startsWith("local/") && !f.startsWith("contract/"))).toEqual([]);
  });

  it("the transport never imports the api layer or the client above it", () => {
    for (const entry of ["http/transport.ts", "http/errors.ts", "http/pagination.ts", "http/config.ts"]) {
      expect(rel(graph(entry).files).filter((f) => !f.startsWith("http/"))).toEqual([]);
    }
  });

  it("repositories reach only the api, schema, domain and http layers, never the local server or anything above them", () => {
    const { files } = graph("repositories/index.ts");
    const allowed = ["repositories/", "api/", "schema/", "domain/", "http/", "contract/"];
    expect(rel(files).filter((f) => !allowed.some((a) => f.startsWith(a)))).toEqual([]);
  });

  it("./testing may reach the local server; the main entry never reaches ./testing", () => {
    expect(rel(graph("index.ts").files).filter((f) => f.startsWith("testing/"))).toEqual([]);
    expect(rel(graph("testing/index.ts").files)).toContain("local/index.ts");
  });
});
