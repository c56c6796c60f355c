import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CALLTIME_NAMESPACE,
  campaignGoalId,
  contactIdentityId,
  contactTagId,
  naturalKeyId,
  newId,
  projectNamespace,
  ruleFollowupId,
  teamMemberId,
} from "../../src/domain/ids.js";

/** RFC 9562 §5.5, written out independently of the uuid package. */
function v5(name: string, namespace: string): string {
  const h = createHash("sha1").update(Buffer.from(namespace.replace(/-/g, ""), "hex")).update(name, "utf8").digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

const V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const project = "0b9e5c1e-8f1e-4a57-9a53-0d5a4c1f3a11";

describe("ids", () => {
  it("natural-key ids are RFC 9562 UUIDv5 of the documented name in the project's namespace", () => {
    expect(v5("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2"); // the RFC's own vector
    const ns = v5(`project:${project}`, CALLTIME_NAMESPACE);
    expect(projectNamespace(project)).toBe(ns);
    expect(contactIdentityId(project, "phone", "+919876543210")).toBe(v5('["contact_identities","phone","+919876543210"]', ns));
    expect(contactTagId(project, "c1", "vip")).toBe(v5('["contact_tags","c1","vip"]', ns));
    expect(teamMemberId(project, "t1", "u1")).toBe(v5('["team_members","t1","u1"]', ns));
    expect(campaignGoalId(project, "k1", "2026-01-09")).toBe(v5('["campaign_goals","k1","2026-01-09"]', ns));
    expect(ruleFollowupId(project, "i1", "no_response")).toBe(v5('["followups","i1","no_response"]', ns));
  });

  it("the same key gives the same id; different keys, kinds or projects give different ids", () => {
    fc.assert(
      fc.property(fc.uuid(), fc.array(fc.string(), { minLength: 1, maxLength: 4 }), fc.array(fc.string(), { minLength: 1, maxLength: 4 }), (p, a, b) => {
        const id = naturalKeyId(p, "k", a);
        expect(id).toMatch(V5);
        expect(naturalKeyId(p, "k", [...a])).toBe(id);
        if (JSON.stringify(a) !== JSON.stringify(b)) expect(naturalKeyId(p, "k", b)).not.toBe(id);
        expect(naturalKeyId(p, "k2", a)).not.toBe(id);
        expect(naturalKeyId(p === project ? CALLTIME_NAMESPACE : project, "k", a)).not.toBe(id);
      }),
    );
    // a separator inside a part cannot fake another key
    expect(naturalKeyId(project, "k", ["a:b", "c"])).not.toBe(naturalKeyId(project, "k", ["a", "b:c"]));
  });

  it("client ids are random UUIDv4", () => {
    const ids = new Set(Array.from({ length: 1000 }, newId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
