/** Webhooks for the ingestion tests, made from the fixtures in test/fixtures/whatsapp/. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { mulberry32 } from "../../src/local/faults.js";

const DIR = resolve(import.meta.dirname, "../fixtures/whatsapp");

/** A fixture as parsed JSON. */
export function fixture(name: string): any {
  return JSON.parse(readFileSync(resolve(DIR, `${name}.json`), "utf8"));
}

/** One-message fixtures, one per message type the parser reads. */
export const MESSAGE_FIXTURES = ["text", "button", "interactive-button-reply", "interactive-list-reply", "image", "document", "location", "reaction"] as const;

/** A one-message webhook from a fixture, with its sender, profile name, id and time replaced. */
export function messageWebhook(name: string, m: { wamid: string; from: string; profileName?: string; at: Date; text?: string }): any {
  const w = fixture(name);
  const value = w.entry[0].changes[0].value;
  const digits = m.from.replace(/^\+/, "");
  const msg = value.messages[0];
  msg.id = m.wamid;
  msg.from = digits;
  msg.timestamp = String(Math.floor(m.at.getTime() / 1000));
  if (m.text !== undefined) msg.text = { body: m.text };
  value.contacts = [{ profile: m.profileName === undefined ? {} : { name: m.profileName }, wa_id: digits }];
  return w;
}

/** A one-status webhook from a `status-*` fixture, about the message `wamid`. */
export function statusWebhook(status: "sent" | "delivered" | "read" | "failed", wamid: string, at: Date): any {
  const w = fixture(`status-${status}`);
  const s = w.entry[0].changes[0].value.statuses[0];
  s.id = wamid;
  s.timestamp = String(Math.floor(at.getTime() / 1000));
  return w;
}

/** A seeded Fisher-Yates shuffle (the local server's mulberry32), so a failing order can be replayed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const rand = mulberry32(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
