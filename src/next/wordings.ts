/**
 * The template wordings of `draftMessage`: per objective and tone, at least three, each a
 * body sentence and one call to action phrased as a question. Slots arrive already
 * formatted (the amount bold, the date spelled out) and free of WhatsApp markers.
 * @module
 */
import type { DraftObjective, DraftTone } from "./types.js";

/** Filled-in values a wording may use; absent ones make the wording fall back to a plainer phrase. */
export interface Slots {
  /** The amount, WhatsApp-bold: `*₹1,50,000*`. */
  amount?: string | undefined;
  /** The due date spelled out: `15 Dec 2026`. */
  due?: string | undefined;
  campaign?: string | undefined;
}

/** One wording: a body and the call to action (always a question). */
export interface Wording {
  body(s: Slots): string;
  ask(s: Slots): string;
}

const forCampaign = (s: Slots) => (s.campaign ? ` for ${s.campaign}` : "");
const by = (s: Slots) => (s.due ? ` by ${s.due}` : "");
const of = (s: Slots, lead: string) => (s.amount ? `${lead}${s.amount}` : "");

const w = (body: Wording["body"], ask: Wording["ask"]): Wording => ({ body, ask });

/** Wordings by objective and tone; `variant` picks one modulo the count. */
export const WORDINGS: Readonly<Record<DraftObjective, Readonly<Record<DraftTone, readonly Wording[]>>>> = {
  ask: {
    friendly: [
      w((s) => `We're raising funds${forCampaign(s)} and thought of you.`, (s) => `Would you give ${s.amount ?? "a gift"}${by(s)}?`),
      w((s) => `Your support${forCampaign(s)} would mean a lot to us.`, (s) => `Could you chip in${of(s, " ")}${by(s)}?`),
      w((s) => `I'm reaching out to friends${forCampaign(s)}.`, (s) => `Can we count on you for ${s.amount ?? "a gift"}${by(s)}?`),
    ],
    formal: [
      w((s) => `I am writing to seek your support${forCampaign(s)}.`, (s) => `Would you kindly consider a contribution${of(s, " of ")}${by(s)}?`),
      w((s) => `We would be honoured to have your support${forCampaign(s)}.`, (s) => `May we count on your contribution${of(s, " of ")}${by(s)}?`),
      w((s) => `We are raising funds${forCampaign(s)} and hope you will join us.`, (s) => `Would you be willing to contribute${of(s, " ")}${by(s)}?`),
    ],
  },
  pledge_reminder: {
    friendly: [
      w((s) => `Thank you for your pledge${of(s, " of ")}${forCampaign(s)}!`, (s) => `Could you complete it${by(s)}?`),
      w((s) => `A gentle reminder about your pledge${of(s, " of ")}${forCampaign(s)}.`, (s) => (s.due ? `Is ${s.due} still fine for the payment?` : "When would suit you for the payment?")),
      w((s) => `Just checking in on your pledge${of(s, " of ")}${forCampaign(s)}.`, (s) => (s.due ? `Shall we expect it by ${s.due}?` : "When shall we expect it?")),
    ],
    formal: [
      w((s) => `Thank you once again for your kind pledge${of(s, " of ")}${forCampaign(s)}.`, (s) => `Would you be able to complete it${by(s)}?`),
      w((s) => `This is a gentle reminder of your pledge${of(s, " of ")}${forCampaign(s)}.`, (s) => (s.due ? `May we expect it by ${s.due}?` : "May we know when to expect it?")),
      w((s) => `We are grateful for your pledge${of(s, " of ")}${forCampaign(s)}.`, (s) => `Would it be convenient to complete it${by(s)}?`),
    ],
  },
  collect_remaining: {
    friendly: [
      w((s) => `Thank you for your payment so far${forCampaign(s)}!`, (s) => `Could you send the remaining ${s.amount ?? "balance"}${by(s)}?`),
      w((s) => `Your support${forCampaign(s)} is already making a difference.`, (s) => `Would you be able to clear the balance${of(s, " of ")}${by(s)}?`),
      w((s) => `Just a note about your pledge${forCampaign(s)}.`, (s) => `Can you send the balance${of(s, " of ")}${by(s)}?`),
    ],
    formal: [
      w((s) => `Thank you for your contribution so far${forCampaign(s)}.`, (s) => `Would you kindly complete the remaining ${s.amount ?? "balance"}${by(s)}?`),
      w((s) => `We are grateful for your payment towards your pledge${forCampaign(s)}.`, (s) => `May we request the balance${of(s, " of ")}${by(s)}?`),
      w((s) => `This is a gentle reminder about the balance of your pledge${forCampaign(s)}.`, (s) => `Would it be convenient to send the remaining ${s.amount ?? "amount"}${by(s)}?`),
    ],
  },
  thank_you: {
    friendly: [
      w((s) => `Thank you so much for your gift${of(s, " of ")}${forCampaign(s)}!`, () => "Shall I send your receipt here?"),
      w((s) => `We received your ${s.amount ?? "gift"}${forCampaign(s)}, thank you!`, () => "Would you like the receipt on WhatsApp?"),
      w((s) => `Your ${s.amount ? `${s.amount} ` : ""}gift${forCampaign(s)} means a lot to us. Thank you!`, () => "Can I share the receipt here?"),
    ],
    formal: [
      w((s) => `We are deeply grateful for your generous gift${of(s, " of ")}${forCampaign(s)}.`, () => "May we send your receipt on this number?"),
      w((s) => `Thank you for your kind contribution${of(s, " of ")}${forCampaign(s)}.`, () => "Shall we send the receipt here?"),
      w((s) => `Your gift${of(s, " of ")}${forCampaign(s)} is gratefully received.`, () => "Would you like us to send the receipt here?"),
    ],
  },
  renewal: {
    friendly: [
      w((s) => `Thank you for standing with us${forCampaign(s)} last time.`, (s) => `Would you renew your support${of(s, " with ")}${by(s)}?`),
      w((s) => `Your support${forCampaign(s)} made a real difference.`, (s) => `Could we count on you again${of(s, " for ")}${by(s)}?`),
      w((s) => `It's that time of year again${forCampaign(s)}!`, (s) => `Will you join us again${of(s, " with ")}${by(s)}?`),
    ],
    formal: [
      w((s) => `Thank you for your past support${forCampaign(s)}.`, (s) => `Would you consider renewing it${of(s, " with ")}${by(s)}?`),
      w((s) => `Your earlier contribution${forCampaign(s)} made a real difference.`, (s) => `May we count on your renewed support${of(s, " of ")}${by(s)}?`),
      w((s) => `We remain grateful for your support${forCampaign(s)}.`, (s) => `Would you kindly renew it${of(s, " with ")}${by(s)}?`),
    ],
  },
  followup: {
    friendly: [
      w((s) => `Following up on our last chat${of(s, " about ")}${forCampaign(s)}.`, () => "Is this a good time for a quick call?"),
      w((s) => `Just circling back on ${s.amount ? `the ${s.amount} we discussed` : "our chat"}${forCampaign(s)}.`, () => "When would suit you to talk?"),
      w((s) => `Hope you're well! Checking in${of(s, " about ")}${forCampaign(s)}.`, (s) => `Could we talk${s.due ? ` before ${s.due}` : " soon"}?`),
    ],
    formal: [
      w((s) => `I am following up on our recent conversation${of(s, " about ")}${forCampaign(s)}.`, () => "May I call you at a convenient time?"),
      w((s) => `I wanted to follow up${of(s, " regarding ")}${forCampaign(s)}.`, () => "When would be a good time to speak?"),
      w((s) => `Thank you for your time earlier${of(s, " to discuss ")}${forCampaign(s)}.`, (s) => `Would you have a few minutes to speak${by(s)}?`),
    ],
  },
};
