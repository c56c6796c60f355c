import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { verifyWebhookChallenge, verifyWebhookSignature } from "../../src/whatsapp/index.js";

const SECRET = "3f9c1e0b7a6d45e2b8c4f1a09d7e6c5b";
// Formatted as Meta sends it: compact JSON with "\/" and "\uXXXX" escapes, which JSON.stringify undoes.
const BODY =
  '{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","messages":[{"from":"919876543210","id":"wamid.X","timestamp":"1764590400","type":"text","text":{"body":"\\u20b95,000 by UPI \\/ cheque"}}]},"field":"messages"}]}]}';
const sign = (body: Uint8Array | string, secret = SECRET) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

describe("verifyWebhookSignature", () => {
  it("accepts the HMAC-SHA256 of the raw body, given as a string, a Buffer or a Uint8Array", () => {
    const header = sign(BODY);
    expect(verifyWebhookSignature(BODY, header, SECRET)).toBe(true);
    expect(verifyWebhookSignature(Buffer.from(BODY), header, SECRET)).toBe(true);
    expect(verifyWebhookSignature(new TextEncoder().encode(BODY), header, SECRET)).toBe(true);
  });

  it("takes a string body as UTF-8 bytes (non-ASCII text signs the same as the bytes on the wire)", () => {
    const fixture = readFileSync(resolve(import.meta.dirname, "../fixtures/whatsapp/text.json"));
    expect(verifyWebhookSignature(fixture.toString("utf8"), sign(fixture), SECRET)).toBe(true);
  });

  it("rejects a body with one byte changed", () => {
    const tampered = BODY.replace("5,000", "6,000");
    expect(tampered).not.toBe(BODY);
    expect(verifyWebhookSignature(tampered, sign(BODY), SECRET)).toBe(false);
  });

  it("rejects a parsed and re-serialized body: the caller must pass the bytes received", () => {
    const reserialized = JSON.stringify(JSON.parse(BODY));
    expect(JSON.parse(reserialized)).toEqual(JSON.parse(BODY));
    expect(verifyWebhookSignature(reserialized, sign(BODY), SECRET)).toBe(false);
    expect(verifyWebhookSignature(JSON.stringify(JSON.parse(BODY), null, 2), sign(BODY), SECRET)).toBe(false);
  });

  it("rejects a signature made with another secret", () => {
    expect(verifyWebhookSignature(BODY, sign(BODY, "another-app-secret"), SECRET)).toBe(false);
  });

  it.each([
    ["missing (undefined)", undefined],
    ["missing (null)", null],
    ["empty", ""],
    ["without the sha256= prefix", sign(BODY).slice("sha256=".length)],
    ["with another algorithm", sign(BODY).replace("sha256=", "sha1=")],
    ["one hex digit short", sign(BODY).slice(0, -1)],
    ["one hex digit long", `${sign(BODY)}0`],
    ["with a non-hex digit", `${sign(BODY).slice(0, -1)}g`],
    ["twice", `${sign(BODY)},${sign(BODY)}`],
  ])("returns false, without throwing, for a header %s", (_, header) => {
    expect(verifyWebhookSignature(BODY, header, SECRET)).toBe(false);
  });

  it("accepts upper-case hex digits and surrounding whitespace (WhatsApp sends lower case)", () => {
    const header = sign(BODY);
    expect(verifyWebhookSignature(BODY, `sha256=${header.slice(7).toUpperCase()}`, SECRET)).toBe(true);
    expect(verifyWebhookSignature(BODY, ` ${header} `, SECRET)).toBe(true);
  });

  it("throws TypeError for an empty app secret: a configuration mistake must not read as a bad signature", () => {
    expect(() => verifyWebhookSignature(BODY, sign(BODY, "x"), "")).toThrow(TypeError);
  });

  it("a random body verifies with its own HMAC, and no single-byte change does", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 512 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (body, at, delta) => {
        const header = sign(body);
        expect(verifyWebhookSignature(body, header, SECRET)).toBe(true);
        const mutated = Uint8Array.from(body);
        const i = at % body.length;
        mutated[i] = (mutated[i]! + delta) % 256;
        expect(verifyWebhookSignature(mutated, header, SECRET)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe("verifyWebhookChallenge", () => {
  const TOKEN = "calltime-verify-7d1e";
  const query = { "hub.mode": "subscribe", "hub.verify_token": TOKEN, "hub.challenge": "1158201444" };

  it("echoes the challenge for subscribe with the right token, from URLSearchParams or a parsed query object", () => {
    expect(verifyWebhookChallenge(new URLSearchParams(query), TOKEN)).toEqual({ ok: true, challenge: "1158201444" });
    expect(verifyWebhookChallenge(query, TOKEN)).toEqual({ ok: true, challenge: "1158201444" });
    expect(verifyWebhookChallenge({ ...query, "hub.challenge": ["1158201444", "x"] }, TOKEN)).toEqual({ ok: true, challenge: "1158201444" });
  });

  it("answers 403 for a wrong token, also one that is a prefix or an extension of the right one", () => {
    for (const token of ["wrong", TOKEN.slice(0, -1), `${TOKEN}x`, TOKEN.toUpperCase()]) {
      expect(verifyWebhookChallenge({ ...query, "hub.verify_token": token }, TOKEN)).toEqual({ ok: false, status: 403, reason: "token_mismatch" });
    }
  });

  it("answers 400 for another mode", () => {
    expect(verifyWebhookChallenge({ ...query, "hub.mode": "unsubscribe" }, TOKEN)).toEqual({ ok: false, status: 400, reason: "unsupported_mode" });
  });

  it.each(["hub.mode", "hub.verify_token", "hub.challenge"])("answers 400 when %s is missing or empty", (name) => {
    const missing = { ...query, [name]: undefined };
    expect(verifyWebhookChallenge(missing, TOKEN)).toEqual({ ok: false, status: 400, reason: "missing_parameter" });
    expect(verifyWebhookChallenge(new URLSearchParams({ ...query, [name]: "" }), TOKEN)).toEqual({ ok: false, status: 400, reason: "missing_parameter" });
  });

  it("throws TypeError for an empty verify token, which would otherwise match nothing silently", () => {
    expect(() => verifyWebhookChallenge(query, "")).toThrow(TypeError);
  });
});
