// A WhatsApp Cloud API webhook endpoint in plain node:http: GET answers Meta's subscription
// handshake, POST checks X-Hub-Signature-256 over the raw bytes and ingests the messages and
// delivery statuses into a project. To be self-contained it then plays Meta: it sends itself
// a signed webhook (twice, as WhatsApp retries), a forged one, and prints what was stored.
//
//   npm run build && node examples/whatsapp-webhook.ts
//
// In production: set WHATSAPP_APP_SECRET and WHATSAPP_VERIFY_TOKEN, put the endpoint behind
// HTTPS, and answer 200 fast (WhatsApp retries slow answers; ingestion is idempotent, so a
// retry is harmless, but a queue in between keeps the answer fast).
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ProjectScope } from "zerodb-calltime";
import { verifyWebhookChallenge, verifyWebhookSignature } from "zerodb-calltime/whatsapp";
import { connect } from "./connect.ts";

const APP_SECRET = process.env.WHATSAPP_APP_SECRET ?? "example-app-secret";
const VERIFY_TOKEN = process.env.WHATSAPP_VERIFY_TOKEN ?? "example-verify-token";

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function handler(scope: ProjectScope) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== "/webhook") return void res.writeHead(404).end();
    if (req.method === "GET") {
      const hs = verifyWebhookChallenge(url.searchParams, VERIFY_TOKEN);
      if (hs.ok) res.writeHead(200, { "content-type": "text/plain" }).end(hs.challenge);
      else res.writeHead(hs.status).end();
      return;
    }
    if (req.method !== "POST") return void res.writeHead(405).end();
    // the signature covers the bytes as sent: check them before parsing anything
    const raw = await readBody(req);
    const signature = req.headers["x-hub-signature-256"];
    if (!verifyWebhookSignature(raw, typeof signature === "string" ? signature : undefined, APP_SECRET)) return void res.writeHead(401).end();
    try {
      const result = await scope.ingestWhatsApp(JSON.parse(raw.toString("utf8")));
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result));
    } catch (error) {
      // a 5xx makes WhatsApp deliver again later; ingestion picks up where it stopped
      console.error("ingestion failed:", (error as Error).message);
      res.writeHead(500).end();
    }
  };
}

// What Meta sends when a donor writes: one text message from +91 98765 43210.
const webhook = (wamid: string, text: string) => ({
  object: "whatsapp_business_account",
  entry: [
    {
      id: "102290129340398",
      changes: [
        {
          field: "messages",
          value: {
            messaging_product: "whatsapp",
            metadata: { display_phone_number: "15550783881", phone_number_id: "106540352242922" },
            contacts: [{ profile: { name: "Meera Iyer" }, wa_id: "919876543210" }],
            messages: [{ from: "919876543210", id: wamid, timestamp: String(Math.floor(Date.now() / 1000)), type: "text", text: { body: text } }],
          },
        },
      ],
    },
  ],
});

const { scope, where, close } = await connect();
const server = createServer((req, res) => void handler(scope)(req, res));
try {
  await scope.seed();
  const meera = await scope.createContact({ display_name: "Meera Iyer" });
  await scope.contactIdentities.create({ contact_id: meera.id, type: "phone", value: "098765 43210", is_primary: true, is_whatsapp_capable: true });

  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
  console.log(`webhook on ${base}, ingesting into ${where}`);

  const hs = await fetch(`${base}?${new URLSearchParams({ "hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444" })}`);
  console.log(`handshake: ${hs.status} ${await hs.text()}`);

  const body = JSON.stringify(webhook("wamid.HBgMOTE5ODc2NTQzMjEwFQIAEhgUM0EwQjFDMkQzRTRGNTA2MTcyODMA", "Namaste! Happy to give ₹5,000 this month"));
  const signed = { "content-type": "application/json", "x-hub-signature-256": `sha256=${createHmac("sha256", APP_SECRET).update(body).digest("hex")}` };
  for (const attempt of ["delivery", "retry by WhatsApp"]) {
    const res = await fetch(base, { method: "POST", headers: signed, body });
    const r = (await res.json()) as Awaited<ReturnType<ProjectScope["ingestWhatsApp"]>>;
    const m = r.received[0];
    console.log(`${attempt}: ${res.status}, message ${m?.duplicate === true ? "already ingested" : "ingested"} for contact ${m?.contactId === meera.id ? "Meera Iyer" : m?.contactId}`);
  }
  const forged = await fetch(base, { method: "POST", headers: signed, body: body.replace("5,000", "50,000") });
  console.log(`forged body: ${forged.status}`);

  const rows = await scope.messages.query({ filter: { contact_id: meera.id } }).toArray();
  const touches = await scope.interactions.query({ filter: { contact_id: meera.id } }).toArray();
  console.log(`stored: ${rows.length} message (text kept: ${rows[0]?.content != null}), ${touches.length} interaction: ${touches.map((i) => `${i.channel} ${i.direction} ${i.outcome}`).join(", ")}`);
  if (rows.length !== 1 || touches.length !== 1 || forged.status !== 401) throw new Error("the webhook did not behave as described");
} finally {
  server.close();
  await close();
}
