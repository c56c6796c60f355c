/**
 * Drafting: a WhatsApp message of at most 300 characters for one contact and one
 * objective, from deterministic templates, or from an app's own chat model held to the
 * same rules. Pure and synchronous except `draftWith`, which awaits the app's model.
 * @module
 */
import { MoneyError, toPaise } from "../domain/money.js";
import { type FieldIssue, ValidationError } from "../http/errors.js";
import { upiLink, waLink } from "./links.js";
import { DRAFT_OBJECTIVES, type Draft, type DraftContext, type DraftObjective, type DraftOptions, type DraftTone, type UpiPayee } from "./types.js";
import { type Slots, WORDINGS } from "./wordings.js";

/**
 * Longest draft, in UTF-16 code units (`String.prototype.length`). A code-unit count is
 * never below the code-point count, so a draft within it is within 300 characters however
 * they are counted; names are cut on grapheme boundaries, never inside a surrogate pair.
 */
export const MAX_DRAFT_LENGTH = 300;

const PAYMENT_OBJECTIVES: ReadonlySet<DraftObjective> = new Set(["pledge_reminder", "collect_remaining"]);
const HONORIFICS = new Set(["mr", "mrs", "ms", "miss", "dr", "prof", "shri", "sri", "smt", "shrimati"]);
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Strips WhatsApp's formatting markers and line breaks from user text, so the only markup is ours. */
function plain(text: string): string {
  return text.replace(/[*_~`]/g, "").replace(/\s+/gu, " ").trim();
}

/**
 * The name a draft greets: the first word of `displayName` after any honorifics (Mr, Mrs,
 * Ms, Miss, Dr, Prof, Shri, Sri, Smt, Shrimati), without WhatsApp formatting markers.
 * Empty when nothing usable is left.
 *
 * @example
 * firstName("Dr. Asha Rao"); // "Asha"
 * firstName("Smt Lakshmi"); // "Lakshmi"
 */
export function firstName(displayName: string): string {
  const words = plain(displayName).split(" ").map((word) => word.replace(/[,;:]+$/, ""));
  const first = words.find((word) => word !== "" && !HONORIFICS.has(word.replace(/\.$/, "").toLowerCase()));
  return first ?? "";
}

let inrWhole: Intl.NumberFormat | undefined;
let inrPaise: Intl.NumberFormat | undefined;

/**
 * Rupees in Indian digit grouping with the rupee sign: no decimals for whole rupees, else two.
 *
 * @throws {MoneyError} when `amount` is not rupees with at most two decimals.
 * @example
 * formatInr(150000); // "₹1,50,000"
 * formatInr("2500.5"); // "₹2,500.50"
 */
export function formatInr(amount: number | string): string {
  const paise = toPaise(amount);
  const whole = paise % 100 === 0;
  const format = whole
    ? (inrWhole ??= new Intl.NumberFormat("en-IN", { maximumFractionDigits: 0 }))
    : (inrPaise ??= new Intl.NumberFormat("en-IN", { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
  const digits = format.format(Math.abs(paise) / 100);
  return `${paise < 0 ? "-" : ""}₹${digits}`;
}

function spellDate(iso: string): string {
  const [, y, m, d] = ISO_DATE.exec(iso) as RegExpExecArray;
  return `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`;
}

function isCalendarDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (m === null) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** Paise of `amount`, or NaN when it is not rupees with at most two decimals. */
function paiseOrNaN(amount: unknown): number {
  if (typeof amount !== "number" && typeof amount !== "string") return Number.NaN;
  try {
    return toPaise(amount);
  } catch (error) {
    if (error instanceof MoneyError) return Number.NaN;
    throw error;
  }
}

function checkContext(context: DraftContext, options: DraftOptions): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const issue = (path: string, message: string, code: string) => issues.push({ path, message, code });
  if (typeof context.displayName !== "string" || context.displayName.trim() === "") issue("context.displayName", "must be a non-empty name", "required");
  if (!(DRAFT_OBJECTIVES as readonly string[]).includes(context.objective)) issue("context.objective", `must be one of ${DRAFT_OBJECTIVES.join(", ")}`, "enum");
  if (context.tone !== undefined && context.tone !== "formal" && context.tone !== "friendly") issue("context.tone", "must be formal or friendly", "enum");
  if (context.amount !== undefined && !(paiseOrNaN(context.amount) > 0)) issue("context.amount", "must be rupees more than 0 with at most two decimals", "amount");
  if (context.dueDate !== undefined && (typeof context.dueDate !== "string" || !isCalendarDate(context.dueDate))) issue("context.dueDate", "must be a date YYYY-MM-DD", "date");
  if (context.phone !== undefined) {
    try {
      waLink(context.phone);
    } catch {
      issue("context.phone", "must be an E.164 number such as +919876543210", "e164");
    }
  }
  for (const key of ["campaignName", "impactLine"] as const) {
    if (context[key] !== undefined && typeof context[key] !== "string") issue(`context.${key}`, "must be a string", "type_error");
  }
  const variant = options.variant;
  if (variant !== undefined && !(Number.isSafeInteger(variant) && variant >= 0)) issue("options.variant", "must be a whole number, 0 or more", "integer");
  if (options.senderName !== undefined && typeof options.senderName !== "string") issue("options.senderName", "must be a string", "type_error");
  if (options.payee !== undefined) checkPayee(options.payee, issue);
  return issues;
}

function checkPayee(payee: UpiPayee, issue: (path: string, message: string, code: string) => void): void {
  try {
    upiLink({ vpa: payee.vpa, name: payee.name, note: "" });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    for (const i of error.issues) issue(`options.payee.${i.path}`, i.message, i.code ?? "invalid");
  }
}

/** The optional parts of a draft, in the order they are dropped when the text is too long. */
interface Parts {
  name: string;
  impact?: string | undefined;
  campaign?: string | undefined;
  signature?: string | undefined;
}

function render(parts: Parts, tone: DraftTone, build: (campaign: string | undefined) => { body: string; ask: string }, payee: UpiPayee | undefined): string {
  const { name, impact, campaign, signature } = parts;
  const greeting = tone === "formal" ? (name ? `Namaste ${name} ji,` : "Namaste,") : name ? `Hi ${name}!` : "Hi!";
  const { body, ask } = build(campaign);
  const impactSentence = impact ? `_${/[.!?]$/.test(impact) ? impact : `${impact}.`}_` : undefined;
  // A formal greeting stands on its own line, like a letter's salutation.
  const lines = tone === "formal" ? [greeting, [body, impactSentence, ask].filter(Boolean).join(" ")] : [[greeting, body, impactSentence, ask].filter(Boolean).join(" ")];
  if (payee) lines.push(`UPI: ${payee.vpa}`);
  if (signature) lines.push(`– ${signature}`);
  return lines.join("\n");
}

/** Cuts `name` to whole graphemes that fit `room` code units. */
function cutName(name: string, room: number): string {
  let kept = "";
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(name)) {
    if (kept.length + segment.length > room) break;
    kept += segment;
  }
  return kept;
}

/** Renders within the limit: drops the impact line, then the campaign name, then the signature, then cuts the name. */
function fit(parts: Parts, draw: (parts: Parts) => string): string {
  const steps: Parts[] = [
    parts,
    { ...parts, impact: undefined },
    { ...parts, impact: undefined, campaign: undefined },
    { name: parts.name },
  ];
  for (const step of steps) {
    const text = draw(step);
    if (text.length <= MAX_DRAFT_LENGTH) return text;
  }
  // The name appears once, so the room left for it is the limit minus the rest.
  const withOne = draw({ name: "X" }).length - 1;
  const name = cutName(parts.name, MAX_DRAFT_LENGTH - withOne);
  const text = draw({ name });
  if (text.length > MAX_DRAFT_LENGTH) {
    throw new ValidationError([{ path: "options.payee.vpa", message: `leaves no room for a ${MAX_DRAFT_LENGTH}-character message`, code: "too_long" }]);
  }
  return text;
}

/**
 * A personalized WhatsApp draft of at most 300 characters ({@link MAX_DRAFT_LENGTH}),
 * deterministic for the same input: greets the contact's first name (`Hi Asha!` or, formal,
 * `Namaste Asha ji,`), says one thing for the objective with the amount in bold Indian
 * grouping, adds the impact line in italics and the campaign's name, and ends with one
 * call to action phrased as a question. Tone defaults to `friendly`; `variant` (default 0)
 * picks one of at least three wordings, modulo their count. For `pledge_reminder` and
 * `collect_remaining` with a payee, the VPA is in the text as plain `UPI: <vpa>` and
 * `links.upi` is set; `links.whatsapp` is set when the context has a phone. Too long, it
 * drops the impact line, then the campaign name, then the signature, then cuts the name;
 * never the amount or the question. It only ever uses WhatsApp markup (`*bold*`,
 * `_italic_`, markers in user text are removed) and never asks for card, bank or ID numbers.
 *
 * @throws {ValidationError} naming `context.<field>` or `options.<field>`.
 * @example
 * const draft = draftMessage(
 *   { displayName: "Asha Rao", objective: "collect_remaining", amount: 50000, dueDate: "2026-12-15", phone: "+919876543210" },
 *   { payee: { vpa: "trust@okaxis", name: "Seva Trust" } },
 * );
 * draft.text; // "Hi Asha! Thank you for your payment so far! Could you send the remaining *₹50,000* by 15 Dec 2026?\nUPI: trust@okaxis"
 */
export function draftMessage(context: DraftContext, options: DraftOptions = {}): Draft {
  const issues = checkContext(context, options);
  if (issues.length > 0) throw new ValidationError(issues);
  const tone = context.tone ?? "friendly";
  const wordings = WORDINGS[context.objective][tone];
  const wording = wordings[(options.variant ?? 0) % wordings.length]!;
  const amount = context.amount === undefined ? undefined : `*${formatInr(context.amount)}*`;
  const due = context.dueDate === undefined ? undefined : spellDate(context.dueDate);
  const campaign = context.campaignName === undefined ? undefined : plain(context.campaignName) || undefined;
  const payee = PAYMENT_OBJECTIVES.has(context.objective) ? options.payee : undefined;
  const build = (c: string | undefined) => {
    const slots: Slots = { amount, due, campaign: c };
    return { body: wording.body(slots), ask: wording.ask(slots) };
  };
  const text = fit(
    {
      name: firstName(context.displayName),
      impact: context.impactLine === undefined ? undefined : plain(context.impactLine) || undefined,
      campaign,
      signature: options.senderName === undefined ? undefined : plain(options.senderName) || undefined,
    },
    (parts) => render(parts, tone, build, payee),
  );
  const links: Draft["links"] = {};
  if (context.phone !== undefined) links.whatsapp = waLink(context.phone, text);
  if (payee) {
    const note = campaign ?? (context.objective === "collect_remaining" ? "Pledge balance" : "Pledge");
    links.upi = upiLink({ vpa: payee.vpa, name: payee.name, amount: context.amount, note });
  }
  return { text, tone, objective: context.objective, links };
}
