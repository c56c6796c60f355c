/** The pure rules of WhatsApp auditing: status order, derived ids, summaries without content. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { messageSha256 } from "../../src/index.js";
import { auditContent, statusAdvances, whatsappIds, whatsappSummary } from "../../src/workflows/whatsapp-audit.js";

const STATUSES = ["sent", "delivered", "read", "failed", "unknown", "deleted"] as const;
const RANK: Record<string, number> = { sent: 1, delivered: 2, read: 3, failed: 4 };

describe("statusAdvances", () => {
  it("whatever order the statuses arrive in, the row ends at the furthest one (failed over all), and never moves back", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...STATUSES), { maxLength: 30 }), (arrivals) => {
        let current: string | undefined = "sent";
        for (const s of arrivals) {
          const before = current;
          if (statusAdvances(current, s)) current = s;
          expect(RANK[current!]! >= RANK[before!]!).toBe(true);
        }
        const known = ["sent", ...arrivals].filter((s) => RANK[s] !== undefined);
        expect(current).toBe(known.reduce((a, b) => (RANK[b]! > RANK[a]! ? b : a)));
      }),
    );
  });

  it("starts from no status and ignores statuses it does not know", () => {
    expect(statusAdvances(null, "sent")).toBe(true);
    expect(statusAdvances("failed", "read")).toBe(false);
    expect(statusAdvances("sent", "deleted")).toBe(false);
  });
});

describe("whatsappIds", () => {
  it("derives both ids from the project and the wamid only", () => {
    const p1 = "0b9e5c1e-8f1e-4a57-9a53-0d5a4c1f3a11";
    const p2 = "7d1b8a52-3c4e-4f6a-9b0c-1d2e3f4a5b6c";
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (a, b) => {
        expect(whatsappIds(p1, a)).toEqual(whatsappIds(p1, a));
        expect(whatsappIds(p1, a).rowId).not.toBe(whatsappIds(p2, a).rowId);
        if (a !== b) expect(whatsappIds(p1, a).interactionId).not.toBe(whatsappIds(p1, b).interactionId);
      }),
    );
  });
});

describe("content", () => {
  it("keeps the text out of the summary and the row unless raw storage is on", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }).filter((s) => s.trim() !== ""), (text) => {
        expect(whatsappSummary("inbound", "text", text, false)).toBe("WhatsApp text received");
        expect(whatsappSummary("outbound", "message", text, false)).toBe("WhatsApp message sent");
        expect(whatsappSummary("inbound", "text", text, true)).toContain(text);
        expect(auditContent(text, undefined, false)).toEqual({ content_sha256: messageSha256(text) });
        expect(auditContent(text, undefined, true)).toEqual({ content_sha256: messageSha256(text), content: text });
      }),
    );
    // a message without text (a location) is hashed from what was received, and never stored
    const raw = { type: "location", location: { latitude: 18.5, longitude: 73.8 } };
    expect(auditContent(undefined, raw, true)).toEqual({ content_sha256: messageSha256(JSON.stringify(raw)) });
    expect(whatsappSummary("inbound", "text", "x".repeat(5000), true)).toHaveLength(4000);
  });
});
