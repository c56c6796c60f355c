import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizePath } from "../../src/local/server.js";
import { statementKind } from "../../src/local/routes/sql.js";

const pid = "3f0c2a9e-1b2c-4d5e-8f90-123456789abc";

describe("path aliases", () => {
  it("maps every accepted style onto one route space", () => {
    for (const prefix of [`/v1/public/${pid}`, `/v1/projects/${pid}`, `/api/v1/public/${pid}`, `/api/v1/projects/${pid}`]) {
      expect(normalizePath(`${prefix}/database/tables`)).toBe(`/projects/${pid}/database/tables`);
      expect(normalizePath(`${prefix}/embeddings/models/`)).toBe(`/projects/${pid}/embeddings/models`);
    }
    for (const coll of ["/v1/public/projects", "/v1/projects", "/api/v1/public/projects", "/api/v1/projects"]) {
      expect(normalizePath(coll)).toBe("/projects");
      expect(normalizePath(`${coll}/${pid}/restore`)).toBe(`/projects/${pid}/restore`);
    }
    expect(normalizePath("/v1/local/files/x")).toBe("/local/files/x");
    expect(normalizePath("/health")).toBe("/health");
  });

  it("leaves anything else unmatched", () => {
    fc.assert(
      fc.property(fc.webPath(), (p) => {
        fc.pre(!p.startsWith("/v1/") && !p.startsWith("/api/v1/") && !/^\/(v1\/|api\/v1\/)?health\/*$/.test(p));
        expect(normalizePath(p).startsWith("/__unmatched")).toBe(true);
      }),
    );
    expect(normalizePath("/v2/public/x")).toMatch(/^\/__unmatched/);
    expect(normalizePath("/v1/other/x")).toMatch(/^\/__unmatched/);
  });
});

describe("SQL statement kind", () => {
  it("finds the first keyword past comments, whitespace and parentheses", () => {
    expect(statementKind("  select 1")).toBe("select");
    expect(statementKind("-- hi\n/* there */ (SELECT 1)")).toBe("select");
    expect(statementKind("/* a */ /* b */ RESET ROLE")).toBe("reset");
    expect(statementKind("WITH x AS (SELECT 1) SELECT * FROM x")).toBe("with");
    expect(statementKind("/* unterminated SELECT")).toBe("");
    expect(statementKind("")).toBe("");
  });

  it("never reports a kind that is not the leading keyword", () => {
    fc.assert(
      fc.property(fc.constantFrom("set", "reset", "do", "copy", "create", "commit"), fc.string({ maxLength: 30 }), (kw, rest) => {
        expect(statementKind(`${kw} ${rest}`)).toBe(kw);
        expect(statementKind(`/* select */ ${kw.toUpperCase()} ${rest}`)).toBe(kw);
      }),
    );
  });
});
