/**
 * The operator's chat commands (the assistant's fast path): one WhatsApp message from the
 * fundraiser in, one typed intent out. Pure. Anything it cannot read confidently is
 * `unknown`, never a guess that writes data: a pledge or payment needs an amount, a
 * reschedule needs a time, and a name matching several contacts gives a question instead of
 * an id.
 *
 * Reading order: a whole-message command (`next`, `due`, `score`, `help`, `yes`, `no`, `stop`...),
 * then `dnc` ("stop contacting Ravi"; bare "stop" is `cancel`), money (future tense such as
 * "will give" is a pledge, "paid/received/got" or a method with an amount a payment; two
 * amounts are unknown), a reschedule (a call-back word and a time), a logged outcome. The name
 * is the message's leading words ("Raj pledged...") or the words after `from`/`to`/`with`/
 * `call`...; pronouns give no name, so the workflow applies the session's current contact.
 *
 * Payment methods map onto the data model's `upi | bank | cash | card | other`: GPay,
 * PhonePe, Paytm and BHIM are `upi`; NEFT, IMPS, RTGS, bank transfer, net banking, cheque
 * and demand draft are `bank` (a cheque clears into the bank account).
 * @module
 */
import { ValidationError } from "../http/errors.js";
import type { Outcome, PaymentMethod } from "../schema/enums.js";
import { type AmountMatch, findIndianAmounts } from "./amount.js";
import { checkWhenOptions, resolveWhen, type WhenOptions } from "./when.js";

/** Every intent {@link parseOperatorMessage} returns. */
export const OPERATOR_INTENTS = ["next", "log", "pledge", "payment", "reschedule", "due", "scoreboard", "dnc", "help", "confirm", "cancel", "unknown"] as const;
/** One operator intent. */
export type OperatorIntentName = (typeof OPERATOR_INTENTS)[number];

/** A contact the parser may resolve a typed name against. */
export interface OperatorContact {
  id: string;
  display_name: string;
}

/** Who a message is about. No `contactName` means the session's current contact. */
export interface ContactRef {
  /** The name as typed. */
  contactName?: string;
  /** Set only when `contacts` matched the name to exactly one contact. */
  contactId?: string;
  /** Set when several contacts match: the ones to choose from. */
  candidates?: OperatorContact[];
  /** Set with `candidates`: the question to ask, e.g. `Which Raj? Raj Kumar or Raj Malhotra?`. */
  question?: string;
  /** Free text after `note:`, ` - ` or a new line. */
  note?: string;
}

/** The intents that carry nothing but their name. */
export interface BareIntent {
  intent: "next" | "due" | "scoreboard" | "help" | "confirm" | "cancel";
}
/** An interaction outcome to log (no money, no time). */
export interface LogIntent extends ContactRef {
  intent: "log";
  outcome: Exclude<Outcome, "pledged" | "paid" | "reschedule" | "do_not_contact">;
}
/** A promise of money; `dueAt` when the donor named a date. */
export interface PledgeIntent extends ContactRef {
  intent: "pledge";
  outcome: "pledged";
  /** Rupees, at most two decimals. */
  amount: number;
  dueAt?: string;
}
/** Money received. */
export interface PaymentIntent extends ContactRef {
  intent: "payment";
  outcome: "paid";
  /** Rupees, at most two decimals. */
  amount: number;
  method?: PaymentMethod;
}
/** Call again at `dueAt` (ISO-8601 UTC). */
export interface RescheduleIntent extends ContactRef {
  intent: "reschedule";
  outcome: "reschedule";
  dueAt: string;
}
/** Never contact this person again (the workflow confirms first). */
export interface DncIntent extends ContactRef {
  intent: "dnc";
  outcome: "do_not_contact";
}
/** Not read confidently; `closest` is what it looked like, for a clarifying reply. */
export interface UnknownIntent {
  intent: "unknown";
  /** 0 (no idea) to 1; always below what a write needs. */
  confidence: number;
  /** Why, e.g. `amount missing`, `time missing`, `not understood`. */
  reason: string;
  closest?: Exclude<OperatorIntentName, "unknown">;
}

/** What an operator message asks for. */
export type OperatorIntent = BareIntent | LogIntent | PledgeIntent | PaymentIntent | RescheduleIntent | DncIntent | UnknownIntent;

/** Options of {@link parseOperatorMessage}. */
export interface OperatorParseOptions extends WhenOptions {
  /** Contacts to resolve typed names against (usually the session's list). */
  contacts?: readonly OperatorContact[] | undefined;
}

/** Longest message read; a longer one is `unknown`. */
export const MAX_OPERATOR_MESSAGE = 1_000;

const WHOLE: Readonly<Record<BareIntent["intent"], readonly string[]>> = {
  next: ["n", "nxt", "next", "next one", "next please", "next pls", "who next", "whos next", "who is next", "whom next", "what next", "whats next", "what is next", "next contact", "next donor", "next call", "next person"],
  due: ["due", "whats due", "what is due", "due today", "followups", "follow ups", "pending", "whats pending", "overdue", "due followups", "any followups", "todays followups"],
  scoreboard: ["score", "scoreboard", "scores", "stats", "how are we doing", "how we doing", "hows it going", "total", "totals", "total today", "todays total", "progress"],
  help: ["help", "commands", "menu", "what can you do", "how does this work"],
  confirm: ["yes", "y", "yeah", "yep", "yup", "confirm", "confirmed", "ok", "okay", "ok do it", "okay do it", "do it", "go ahead", "sure", "haan", "han", "👍", "✅", "👌"],
  cancel: ["no", "nope", "nah", "cancel", "stop", "never mind", "nevermind", "abort", "dont", "nahi", "👎", "❌"],
};

const DNC = /\b(?:stop (?:contacting|calling|messaging|texting)|dnc|do not (?:call|contact|message|disturb)|dont (?:call|contact|message)|never (?:call|contact)|remove\b.*\bfrom (?:the |my )?(?:list|calls?|contacts)|(?:asked|wants?|requested) (?:us )?(?:not to be|to not be|not be) (?:contacted|called)|opted out|unsubscribe)\b/;
const TEMPORAL = /\b(?:today|tonight|tomorrow|tmrw|now|again|till|until|before|after|later|this|next|morning|afternoon|evening|night|week|(?:mon|tues|wednes|thurs|fri|satur|sun)day|\d+)\b/;
const PLEDGE_FUTURE = /\b(?:will|shall|going to|gonna|agreed to|promised to|promised|wants to|plans to) (?:give|pay|donate|contribute|send|transfer)\b/;
const PAID = /\b(?:paid|pays|received|recd|rcvd|got|transferred|sent|deposited|donated|gave|credited|payment|collected)\b/;
const PLEDGED = /\b(?:pledged?|pledges|committed|commits?|commitment|promised?)\b/;
const RESCHEDULE = /\b(?:call ?back|call (?:him |her |them )?(?:again|later|after)|call\b|remind|follow ?up|reschedule|try (?:again|later)|ring)\b/;

const METHODS: readonly [RegExp, PaymentMethod][] = [
  [/\b(?:upi|gpay|google pay|phonepe|phone pe|paytm|bhim)\b/, "upi"],
  [/\b(?:neft|imps|rtgs|bank|transfer|net ?banking|cheque|check|chq|dd|demand draft)\b/, "bank"],
  [/\bcash\b/, "cash"],
  [/\b(?:card|credit card|debit card)\b/, "card"],
];

const OUTCOMES: readonly [RegExp, LogIntent["outcome"]][] = [
  [/\b(?:wrong (?:number|no|num)|invalid number|not (?:his|her|their) number|number (?:does ?n[o']?t|doesnt) exist)\b/, "wrong_number"],
  [/\b(?:not interested|declined|refused|said no|says no|can ?not (?:give|donate|pay)|cant (?:give|donate|pay)|wont (?:give|donate|pay)|not (?:giving|donating)|no interest)\b/, "declined"],
  [/\b(?:no answer|not answering|did ?nt answer|did not answer|did ?nt pick|did not pick|not picking|no response|no reply|not reachable|unreachable|switched off|switch off|voicemail|voice mail|vm|busy|ringing|rang out|out of coverage|not available|unavailable|not connect(?:ed|ing)|(?:could ?nt|could not|couldnt|did ?nt|did not) connect)\b/, "no_response"],
  [/\b(?:spoke|spoken|talked|connected|met|chatted|had a (?:chat|call|word))\b/, "spoke"],
];

// Words that are never (part of) a name: pronouns, verbs and keywords of the commands, time words.
const NOT_NAME = new Set(
  (
    "he she him her they them his hers their it i me we us you donor someone somebody person guy lady sir madam ji bhai uncle aunty " +
    "the a an and or of to from for with by via through in on at after before about back again later also just finally already still " +
    "is was has had have will would shall should can could did does do dont didnt not no never said says say told asked wants want " +
    "pledged pledge pledges committed commit commitment promised promise paid pay pays payment received recd rcvd got gave given transferred sent " +
    "deposited donated credited collected give donate call called calling callback ring remind follow followup up reschedule try spoke spoken talked " +
    "connected met chatted answer answered pick picked busy left voicemail wrong number stop contacting dnc remove delete please pls ok okay yes " +
    "today tonight tomorrow tmrw tmr morning afternoon evening night noon next this coming week day days hours hour minutes mins " +
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun " +
    "upi cash cheque check card bank neft imps rtgs gpay paytm phonepe rs inr lakh lakhs crore cr note not interested unreachable reachable " +
    "switched switch off out coverage ringing rang declined refused available unavailable phone mobile whatsapp message msg sms email text texted"
  ).split(" "),
);
const TITLES = new Set(["mr", "mrs", "ms", "dr", "shri", "sri", "smt", "prof"]);
const NAME_AFTER = /\b(?:from|to|for|with|contacting|calling|messaging|call|callback|dnc|remove|about|called|ring)\s+$/;
const WORD = /[\p{L}][\p{L}'’.-]*/gu;

/** Lower-cases letter by letter so indices into the original stay valid. */
const lowerKeepIndex = (s: string) => Array.from(s, (c) => (c.toLowerCase().length === c.length ? c.toLowerCase() : c)).join("");
const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();

/** The message as words only: lower case, no punctuation or apostrophes, single spaces. */
function core(text: string): string {
  return text.toLowerCase().replace(/['’‘`]/g, "").replace(/[^\p{L}\p{N}\s👍✅👌👎❌]/gu, " ").replace(/\s+/g, " ").trim();
}

/** Splits off a note (`note:`, ` - `, a new line). */
function splitNote(text: string): { head: string; note?: string } {
  const m = /\s*(?:\bnote\s*:|\s[-–—]\s|\n)\s*/i.exec(text);
  if (m === null) return { head: text };
  const note = text.slice(m.index + m[0].length).trim();
  return note === "" ? { head: text.slice(0, m.index) } : { head: text.slice(0, m.index), note };
}

/** Up to three name words starting at `from` (titles skipped), or undefined. */
function nameAt(original: string, from: number): string | undefined {
  const words: string[] = [];
  WORD.lastIndex = from;
  let expect = from;
  for (let m = WORD.exec(original); m !== null && words.length < 3; m = WORD.exec(original)) {
    if (original.slice(expect, m.index).trim() !== "") break;
    const possessive = /['’]s$/i.test(m[0]);
    const w = m[0].replace(/['’]s$/i, "").replace(/[.'’-]+$/, "");
    const key = lowerKeepIndex(w).replace(/['’]/g, "");
    expect = m.index + m[0].length;
    if (words.length === 0 && TITLES.has(key.replace(/\.$/, ""))) continue;
    if (NOT_NAME.has(key)) break;
    words.push(w);
    if (possessive) break;
  }
  return words.length > 0 ? words.join(" ") : undefined;
}

/** The name a message is about: its leading words, else the words after `from`/`to`/`call`... */
function findName(head: string): string | undefined {
  const leading = nameAt(head, head.search(/\S|$/));
  if (leading !== undefined) return leading;
  const lower = lowerKeepIndex(head);
  for (const m of lower.matchAll(/\S+/g)) {
    const start = m.index;
    if (!NAME_AFTER.test(lower.slice(0, start))) continue;
    const name = nameAt(head, start);
    if (name !== undefined) return name;
  }
  return undefined;
}

const titleCase = (s: string) => (s === s.toLowerCase() ? s.replace(/(^|\s)(\p{L})/gu, (_, sp: string, c: string) => sp + c.toUpperCase()) : s);

function matchContacts(name: string, contacts: readonly OperatorContact[]): OperatorContact[] {
  const q = fold(name);
  const full = contacts.filter((c) => fold(c.display_name) === q);
  if (full.length > 0) return full;
  return contacts.filter((c) => {
    const parts = fold(c.display_name).split(" ");
    return parts[0] === q || parts.at(-1) === q;
  });
}

/** Resolves a typed name: the longest leading part of it that matches any contact wins. */
function resolveContact(name: string | undefined, contacts: readonly OperatorContact[] | undefined): ContactRef {
  if (name === undefined) return {};
  if (contacts === undefined) return { contactName: name };
  const words = name.split(" ");
  for (let n = words.length; n >= 1; n--) {
    const typed = words.slice(0, n).join(" ");
    const found = matchContacts(typed, contacts);
    if (found.length === 1) return { contactName: typed, contactId: (found[0] as OperatorContact).id };
    if (found.length > 1) {
      const names = found.map((c) => c.display_name);
      const list = names.length === 2 ? names.join(" or ") : `${names.slice(0, -1).join(", ")} or ${names.at(-1) ?? ""}`;
      return { contactName: typed, candidates: found.map(({ id, display_name }) => ({ id, display_name })), question: `Which ${titleCase(typed)}? ${list}?` };
    }
  }
  return { contactName: name };
}

function checkContacts(contacts: unknown): readonly OperatorContact[] | undefined {
  if (contacts === undefined) return undefined;
  if (!Array.isArray(contacts)) throw new ValidationError([{ path: "contacts", message: "must be an array of { id, display_name }", code: "invalid_type" }]);
  contacts.forEach((c: unknown, i) => {
    for (const key of ["id", "display_name"] as const) {
      const v = typeof c === "object" && c !== null ? (c as Record<string, unknown>)[key] : undefined;
      if (typeof v !== "string" || v.trim() === "") throw new ValidationError([{ path: `contacts[${i}].${key}`, message: "must be a non-empty string", code: "invalid_type" }]);
    }
  });
  return contacts as readonly OperatorContact[];
}

const unsure = (reason: string, confidence: number, closest?: UnknownIntent["closest"]): UnknownIntent =>
  closest === undefined ? { intent: "unknown", confidence, reason } : { intent: "unknown", confidence, reason, closest };

function moneyIntent(head: string, words: string, ref: ContactRef, when: WhenOptions): OperatorIntent | undefined {
  const future = PLEDGE_FUTURE.test(words);
  const paid = !future && PAID.test(words);
  const pledged = future || (!paid && PLEDGED.test(words));
  const method = METHODS.find(([re]) => re.test(words))?.[1];
  const amounts = findIndianAmounts(head);
  const kind = pledged ? "pledge" : paid || (method !== undefined && amounts.length > 0) ? "payment" : undefined;
  if (kind === undefined) return amounts.some((a) => a.marked) ? unsure("pledge or payment? say pledged or paid", 0.4) : undefined;
  // "paid 5000 of his 10k pledge": which one was paid is a guess, so neither is taken.
  if (amounts.length === 0) return unsure("amount missing", 0.5, kind);
  if (amounts.length > 1) return unsure("more than one amount", 0.5, kind);
  const amount = (amounts[0] as AmountMatch).amount;
  if (kind === "payment") return { intent: "payment", outcome: "paid", amount, ...ref, ...(method === undefined ? {} : { method }) };
  const dueAt = resolveWhen(head, when);
  return { intent: "pledge", outcome: "pledged", amount, ...ref, ...(dueAt === undefined ? {} : { dueAt }) };
}

/**
 * Reads one operator message. Throws `ValidationError` for a bad `now`, `timeZone` or
 * `contacts`; every text gives an intent (text longer than 1,000 characters is `unknown`).
 *
 * @example
 * parseOperatorMessage("Raj pledged 10k", { now: "2026-03-02T06:30:00Z" });
 * // { intent: "pledge", outcome: "pledged", amount: 10000, contactName: "Raj" }
 * parseOperatorMessage("call Meera back tomorrow 4pm", { now: "2026-03-02T06:30:00Z" });
 * // { intent: "reschedule", outcome: "reschedule", contactName: "Meera", dueAt: "2026-03-03T10:30:00.000Z" }
 */
export function parseOperatorMessage(text: string, options: OperatorParseOptions): OperatorIntent {
  const { timeZone } = checkWhenOptions(options);
  const when: WhenOptions = { now: options.now, timeZone };
  const contacts = checkContacts(options.contacts);
  if (typeof text !== "string") throw new ValidationError([{ path: "text", message: "must be a string", code: "invalid_type" }]);
  if (text.length > MAX_OPERATOR_MESSAGE) return unsure(`longer than ${MAX_OPERATOR_MESSAGE} characters`, 0);
  const trimmed = text.normalize("NFKC").trim();
  if (/^\?+$/.test(trimmed)) return { intent: "help" };
  const all = core(trimmed);
  if (all === "") return unsure("empty message", 0);
  for (const [intent, phrases] of Object.entries(WHOLE) as [BareIntent["intent"], readonly string[]][]) {
    if (phrases.includes(all)) return { intent };
  }
  const { head, note } = splitNote(trimmed);
  const read = parseHead(head, note, contacts, when);
  // "Ravi - wrong number": the dash separated the name from the command, not a note.
  return read.intent === "unknown" && note !== undefined ? parseHead(trimmed, undefined, contacts, when) : read;
}

function parseHead(head: string, note: string | undefined, contacts: readonly OperatorContact[] | undefined, when: WhenOptions): OperatorIntent {
  const words = core(head);
  const ref: ContactRef = { ...resolveContact(findName(head), contacts), ...(note === undefined ? {} : { note }) };
  // "don't call Raj today" is about timing, not consent.
  if (DNC.test(words) && !(/\b(?:do not|dont)\b/.test(words) && TEMPORAL.test(words))) return { intent: "dnc", outcome: "do_not_contact", ...ref };
  const money = moneyIntent(head, words, ref, when);
  if (money !== undefined) return money;
  const rescheduling = RESCHEDULE.test(words);
  const at = rescheduling ? resolveWhen(head, when) : undefined;
  if (at !== undefined) return { intent: "reschedule", outcome: "reschedule", ...ref, dueAt: at };
  const outcome = OUTCOMES.find(([re]) => re.test(words))?.[1];
  if (outcome !== undefined) return { intent: "log", outcome, ...ref };
  if (rescheduling) return unsure("time missing", 0.5, "reschedule");
  return unsure("not understood", 0);
}
