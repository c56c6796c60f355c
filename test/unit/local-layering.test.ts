import { readdirSync, readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROUTES = resolve(import.meta.dirname, "../../src/local/routes");
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)/g;

/** `file -> route file` for every relative import of a route file that lands in the routes folder. */
function routeToRouteImports(): string[] {
  const found: string[] = [];
  for (const name of readdirSync(ROUTES).filter((f) => f.endsWith(".ts"))) {
    for (const m of readFileSync(resolve(ROUTES, name), "utf8").matchAll(IMPORT)) {
      const spec = (m[1] ?? m[2]) as string;
      if (!spec.startsWith(".")) continue;
      const target = resolve(ROUTES, spec);
      if (dirname(target) === ROUTES) found.push(`${name} -> ${relative(ROUTES, target)}`);
    }
  }
  return found;
}

describe("local server layering", () => {
  it("route files import only modules below them, never another route file", () => {
    expect(routeToRouteImports()).toEqual([]);
  });

  it("every file in src/local/routes registers routes (shared helpers live one level up)", () => {
    for (const name of readdirSync(ROUTES).filter((f) => f.endsWith(".ts"))) {
      expect(readFileSync(resolve(ROUTES, name), "utf8"), name).toMatch(/export function register[A-Z]\w*\(/);
    }
  });
});
