import { readFileSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseWebhook, type WebhookEvent } from "../../src/whatsapp/index.js";

const DIR = resolve(import.meta.dirname, "../fixtures/whatsapp");
const fixture = (name: string): unknown => JSON.parse(readFileSync(resolve(DIR, `${name}.json`), "utf8"));
/** The first message or status of a single-message fixture, as the wire has it. */
const wire = (name: string, list: "messages" | "statuses" = "messages"): unknown =>
  (fixture(name) as { entry: [{ changes: [{ value: Record<string, unknown[]> }] }] }).entry[0].changes[0].value[list]![0];

const NOON = "2025-12-01T12:00:00.000Z";
const business = { phoneNumberId: "106540352242922", displayPhoneNumber: "15550783881" };
const meera = { kind: "message", from: "+919876543210", fromName: "Meera Iyer", timestamp: NOON, ...business };

describe("parseWebhook: one fixture per message type", () => {
  it("text: body as text, sender in E.164 with its profile name, unix seconds as ISO UTC", () => {
    expect(parseWebhook(fixture("text"))).toEqual([
      {
        ...meera,
        type: "text",
        messageId: "wamid.HBgMOTE5ODc2NTQzMjEwFQIAEhgUM0EwQjFDMkQzRTRGNTA2MTcyODMA",
        text: "Namaste! Happy to help with ₹5,000 this month 🙏",
        raw: wire("text"),
      },
    ]);
  });

  it("button: payload and button text, and the template it answers as contextMessageId", () => {
    expect(parseWebhook(fixture("button"))).toEqual([
      {
        ...meera,
        type: "button",
        messageId: "wamid.HBgMOTE5ODc2NTQzMjEwFQIAEhgUM0ExMjM0NTY3ODlBQkNERUYwMTIA",
        contextMessageId: "wamid.HBgMOTE5ODc2NTQzMjEwFQIAERgSQjVBNEMzRDJFMUYwQTlCOEMA",
        payload: "PLEDGE_CONFIRM",
        text: "Yes, confirm",
        raw: wire("button"),
      },
    ]);
  });

  it("interactive button_reply: reply id, title and kind; title as text", () => {
    const [event] = parseWebhook(fixture("interactive-button-reply"));
    expect(event).toMatchObject({ ...meera, type: "interactive", text: "Call me later", reply: { kind: "button_reply", id: "call_later", title: "Call me later" } });
    expect(event).toHaveProperty("contextMessageId", "wamid.HBgMOTE5ODc2NTQzMjEwFQIAERgSQUFBQUFBQUFBQUFBQUFBQUEA");
  });

  it("interactive list_reply: the row's description too", () => {
    expect(parseWebhook(fixture("interactive-list-reply"))).toMatchObject([
      { ...meera, type: "interactive", text: "₹10,000", reply: { kind: "list_reply", id: "amount_10000", title: "₹10,000", description: "Feeds 20 children for a month" } },
    ]);
  });

  it("image: media id, mime type, sha256 and caption (also as text)", () => {
    expect(parseWebhook(fixture("image"))).toEqual([
      {
        ...meera,
        type: "image",
        messageId: "wamid.HBgMOTE5ODc2NTQzMjEwFQIAEhgUM0VFRUVFRUVFRUVFRUVFRUVFRUUA",
        text: "UPI receipt",
        media: { id: "1003383421387256", mimeType: "image/jpeg", sha256: "Ogq6Bq1m8t5n1QmW9m0w2m8m4f0b5p1s9G9Y1b2c3d4=", caption: "UPI receipt" },
        raw: wire("image"),
      },
    ]);
  });

  it("document: the filename too", () => {
    expect(parseWebhook(fixture("document"))).toMatchObject([
      {
        ...meera,
        type: "document",
        text: "PAN for the 80G receipt",
        media: { id: "1573459413347210", mimeType: "application/pdf", caption: "PAN for the 80G receipt", filename: "pan-card.pdf" },
      },
    ]);
  });

  it("location: coordinates, name and address; no text", () => {
    const events = parseWebhook(fixture("location"));
    expect(events).toMatchObject([
      { ...meera, type: "location", location: { latitude: 19.0607, longitude: 72.8633, name: "Trust office", address: "Bandra Kurla Complex, Mumbai 400051" } },
    ]);
    expect(events[0]).not.toHaveProperty("text");
  });

  it("reaction: the reacted-to message id and the emoji; a removed reaction has an empty emoji", () => {
    expect(parseWebhook(fixture("reaction"))).toMatchObject([
      { ...meera, type: "reaction", reaction: { messageId: "wamid.HBgMOTE5ODc2NTQzMjEwFQIAERgSREVERURFREVERURFREVERUQA", emoji: "❤️" } },
    ]);
    expect(parseWebhook(fixture("reaction-removed"))).toMatchObject([{ type: "reaction", reaction: { emoji: "" } }]);
  });
});

describe("parseWebhook: statuses", () => {
  const status = { kind: "status", messageId: "wamid.HBgMOTE5ODc2NTQzMjEwFQIAERgSOTg3NjU0MzIxMEFCQ0RFRgA", recipient: "+919876543210", errors: [], ...business };

  it("sent: conversation id and pricing category", () => {
    expect(parseWebhook(fixture("status-sent"))).toEqual([
      { ...status, status: "sent", timestamp: NOON, conversationId: "4b0e0a7c9f5a8e1d2c3b4a5f6e7d8c9b", pricingCategory: "utility", raw: wire("status-sent", "statuses") },
    ]);
  });

  it("delivered and read, with their own timestamps", () => {
    expect(parseWebhook(fixture("status-delivered"))).toMatchObject([{ ...status, status: "delivered", timestamp: "2025-12-01T12:00:05.000Z" }]);
    const read = parseWebhook(fixture("status-read"));
    expect(read).toMatchObject([{ ...status, status: "read", timestamp: "2025-12-01T12:01:00.000Z" }]);
    expect(read[0]).not.toHaveProperty("conversationId");
    expect(read[0]).not.toHaveProperty("pricingCategory");
  });

  it("failed: code, title, message and error_data.details", () => {
    expect(parseWebhook(fixture("status-failed"))).toMatchObject([
      {
        kind: "status",
        status: "failed",
        errors: [
          {
            code: 131047,
            title: "Re-engagement message",
            message: "Re-engagement message",
            details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
          },
        ],
      },
    ]);
  });

  it("a status it does not know (warning, deleted…) is status unknown with raw", () => {
    expect(parseWebhook(fixture("status-unknown"))).toMatchObject([{ kind: "status", status: "unknown", raw: { status: "warning" } }]);
  });
});

describe("parseWebhook: batches and unknown parts", () => {
  it("keeps payload order across entries, changes, messages and statuses, each with its own business number and sender", () => {
    const events = parseWebhook(fixture("batch"));
    expect(events.map(summary)).toEqual([
      "message wamid.BATCH.1 +919876543210 Meera Iyer 106540352242922",
      "message wamid.BATCH.2 +919812345678 Raj Malhotra 106540352242922",
      "status wamid.BATCH.S1 +919876543210 delivered 106540352242922",
      "status wamid.BATCH.S2 +919812345678 read 106540352242922",
      "message wamid.BATCH.3 +447700900123 Anil Shah 207651463243033",
      "unknown entry[1].changes[1]",
    ]);
  });

  it("unknown message types are kept in order as type unknown with their wire type and raw object, never dropped", () => {
    const events = parseWebhook(fixture("unknown-types"));
    expect(events.map((e) => e.kind === "message" && e.type === "unknown" && [e.messageId, e.originalType])).toEqual([
      ["wamid.UNKNOWN.sticker", "sticker"],
      ["wamid.UNKNOWN.audio", "audio"],
      ["wamid.UNKNOWN.order", "order"],
      ["wamid.UNKNOWN.system", "system"],
      ["wamid.UNKNOWN.unsupported", "unsupported"],
      ["wamid.UNKNOWN.image-without-id", "image"],
      ["wamid.UNKNOWN.nfm", "interactive"],
    ]);
    const messages = (fixture("unknown-types") as { entry: [{ changes: [{ value: { messages: unknown[] } }] }] }).entry[0].changes[0].value.messages;
    expect(events.map((e) => e.raw)).toEqual(messages);
    expect(events[0]).toMatchObject({ from: "+919876543210", fromName: "Meera Iyer", timestamp: NOON });
  });

  it("a change whose field is not messages is one unknown event with the change as raw", () => {
    const payload = fixture("field-not-messages") as { entry: [{ changes: unknown[] }] };
    expect(parseWebhook(payload)).toEqual([
      { kind: "unknown", where: "entry[0].changes[0]", raw: payload.entry[0].changes[0] },
      { kind: "unknown", where: "entry[0].changes[1]", raw: payload.entry[0].changes[1] },
    ]);
  });

  it("every fixture in the folder parses to at least one event and none throws", () => {
    const names = readdirSync(DIR).filter((f) => f.endsWith(".json"));
    expect(names.length).toBeGreaterThanOrEqual(17);
    for (const name of names) expect(parseWebhook(fixture(name.replace(/\.json$/, ""))).length, name).toBeGreaterThan(0);
  });
});

describe("parseWebhook: garbage in", () => {
  it.each([
    ["null", null],
    ["a string", "whatsapp"],
    ["an array", [{ entry: [] }]],
    ["an object without entry", { object: "whatsapp_business_account" }],
    ["entry not an array", { object: "whatsapp_business_account", entry: {} }],
    ["another product's webhook", { object: "page", entry: [{ id: "1", messaging: [] }] }],
  ])("%s gives no events", (_, payload) => {
    expect(parseWebhook(payload)).toEqual([]);
  });

  it("malformed parts inside a webhook become unknown events naming where they are", () => {
    const payload = {
      object: "whatsapp_business_account",
      entry: [
        "not an entry",
        { id: "1", changes: [{ field: "messages", value: { metadata: {}, messages: [{ from: "1" }, 42], statuses: "nope", errors: [{ code: 131000 }] } }] },
        { id: "2", changes: [{ field: "messages", value: { messaging_product: "whatsapp" } }, { field: "messages" }] },
      ],
    };
    expect(parseWebhook(payload).map((e) => e.kind === "unknown" && e.where)).toEqual([
      "entry[0]",
      "entry[1].changes[0].value.messages[0]",
      "entry[1].changes[0].value.messages[1]",
      "entry[1].changes[0].value.statuses",
      "entry[1].changes[0].value.errors",
      "entry[2].changes[0]",
      "entry[2].changes[1]",
    ]);
  });

  it("an invalid sender or timestamp keeps the event with that field absent", () => {
    const payload = structuredClone(fixture("text")) as { entry: [{ changes: [{ value: { messages: Record<string, unknown>[]; contacts: unknown[] } }] }] };
    const value = payload.entry[0].changes[0].value;
    const cases: [unknown, unknown][] = [
      ["+919876543210", "2025-12-01T12:00:00Z"], // WhatsApp sends digits only, and unix seconds
      ["not-a-number", "yesterday"],
      ["0919876543210", -5],
      ["123", "1.5"],
      [919876543210, 1764590400.5],
    ];
    for (const [from, timestamp] of cases) {
      value.messages[0] = { ...value.messages[0], from, timestamp };
      value.contacts = [];
      const [event] = parseWebhook(payload);
      expect(event).toMatchObject({ kind: "message", type: "text", messageId: expect.any(String) });
      expect(event).not.toHaveProperty("from");
      expect(event).not.toHaveProperty("fromName");
      expect(event).not.toHaveProperty("timestamp");
    }
  });

  it("names the sender by wa_id; a lone contact names it even under another wa_id, several non-matching ones do not", () => {
    const payload = fixture("text") as { entry: [{ changes: [{ value: { contacts: unknown[] } }] }] };
    const value = payload.entry[0].changes[0].value;
    value.contacts = [{ profile: { name: "Meera" }, wa_id: "9876543210" }];
    expect(parseWebhook(payload)[0]).toHaveProperty("fromName", "Meera");
    value.contacts = [{ profile: { name: "Raj" }, wa_id: "919812345678" }, { profile: { name: "Anil" }, wa_id: "447700900123" }];
    expect(parseWebhook(payload)[0]).not.toHaveProperty("fromName");
  });

  it("accepts a numeric timestamp and a webhook without the object field", () => {
    const payload = fixture("text") as { object?: string; entry: [{ changes: [{ value: { messages: Record<string, unknown>[] } }] }] };
    delete payload.object;
    payload.entry[0].changes[0].value.messages[0]!.timestamp = 1764590400;
    expect(parseWebhook(payload)).toMatchObject([{ type: "text", timestamp: NOON }]);
  });

  it("never throws and always returns an array, for any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(Array.isArray(parseWebhook(value))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("never throws on webhook-shaped JSON with arbitrary leaves, and returns one event per message or status with an id", () => {
    const leaf = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom("text", "image", "reaction", "interactive", "button_reply", "919876543210", "1764590400"));
    const part = fc.dictionary(fc.constantFrom("id", "from", "type", "timestamp", "text", "image", "reaction", "interactive", "status", "errors", "recipient_id", "context"), leaf);
    const value = fc.record(
      { metadata: fc.oneof(leaf, fc.record({ phone_number_id: leaf })), contacts: fc.oneof(leaf, fc.array(fc.record({ wa_id: leaf, profile: fc.record({ name: leaf }) }), { maxLength: 3 })), messages: fc.array(part, { maxLength: 4 }), statuses: fc.array(part, { maxLength: 4 }) },
      { requiredKeys: ["messages", "statuses"] },
    );
    const payload = fc.record({ object: fc.constant("whatsapp_business_account"), entry: fc.array(fc.record({ changes: fc.array(fc.record({ field: fc.constant("messages"), value }), { maxLength: 3 }) }), { maxLength: 3 }) });
    fc.assert(
      fc.property(payload, (p) => {
        const events = parseWebhook(p);
        const parts = p.entry.flatMap((e) => e.changes.flatMap((c) => [...c.value.messages, ...c.value.statuses]));
        const changesWithoutParts = p.entry.flatMap((e) => e.changes).filter((c) => c.value.messages.length + c.value.statuses.length === 0).length;
        expect(events).toHaveLength(parts.length + changesWithoutParts);
        for (const e of events) if (e.kind !== "unknown") expect(typeof e.messageId).toBe("string");
      }),
      { numRuns: 300 },
    );
  });
});

function summary(e: WebhookEvent): string {
  if (e.kind === "message") return `message ${e.messageId} ${e.from} ${e.fromName} ${e.phoneNumberId}`;
  if (e.kind === "status") return `status ${e.messageId} ${e.recipient} ${e.status} ${e.phoneNumberId}`;
  return `unknown ${e.where}`;
}

describe("webhook module layering", () => {
  it("the webhook module is pure: it imports only node:crypto and its own types, never api/http/workflows", () => {
    const imports = (file: string) =>
      [...readFileSync(resolve(import.meta.dirname, "../../src/whatsapp", file), "utf8").matchAll(/from\s+"([^"]+)"/g)].map((m) => m[1]);
    expect(new Set([...imports("webhook.ts"), ...imports("webhook-types.ts")])).toEqual(new Set(["node:crypto", "./webhook-types.js"]));
  });
});
