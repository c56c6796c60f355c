/**
 * `scope.handleOperatorMessage`: the operator's WhatsApp chat with the assistant. One
 * message is read into an intent (`parseOperatorMessage`), run through the same tools a
 * chat model calls (`runTool`: validation, audit), and answered in WhatsApp formatting.
 * The session's `state_json` keeps the current contact, the action awaiting a `yes`, and
 * the last suggestion.
 * @module
 */
import type { JsonObject } from "../api/shared.js";
import { InvariantError } from "../http/errors.js";
import { formatInr } from "../next/index.js";
import { dateInZone } from "../reports/usage.js";
import type { SessionRow } from "../schema/index.js";
import { DEFAULT_OPERATOR_TIME_ZONE } from "../whatsapp/when.js";
import { parseOperatorMessage, type ContactRef, type OperatorIntent } from "../whatsapp/operator.js";
import type { OperatorMessageOptions, OperatorReply, PendingAction, ToolName, ToolRunResult } from "../whatsapp/tools.js";
import { Check, nowOf, type WorkflowSettings } from "./shared.js";
import { ASSISTANT_AGENT_ID, nameableContacts, runTool, type ToolScope } from "./tools.js";

/** Longest reply: WhatsApp reads well up to here, and the issue fixes it. */
export const MAX_REPLY = 1000;
/** Minutes a confirmation question stays answerable. */
export const CONFIRM_WINDOW_MINUTES = 15;

/** What the assistant keeps in `sessions.state_json`. */
interface AssistantState {
  currentContactId?: string | null;
  pending?: PendingAction | null;
  lastSuggestion?: { contactId: string; action: string; reasonCode: string; at: string } | null;
}

const HELP = [
  "*What I understand*",
  "• *next*: who to contact now",
  "• *no answer* / *spoke to Meera* / *Suresh not interested*: log the call",
  "• *pledged 10k* / *Meera paid ₹5,000 by UPI*: money",
  "• *call Meera back tomorrow 4pm*: a followup",
  "• *due*: followups due now",
  "• *score*: today's numbers",
  "• *stop contacting Ravi*: do-not-contact (I ask first)",
  "Without a name I use the contact we were just on.",
].join("\n");

const OUTCOME_WORDS: Record<string, string> = {
  no_response: "no answer",
  spoke: "spoke",
  declined: "not interested",
  wrong_number: "wrong number",
  pledged: "pledged",
  paid: "paid",
  reschedule: "call back",
};
const METHOD_WORDS: Record<string, string> = { upi: "UPI", bank: "bank", cash: "cash", card: "card", other: "other" };

/**
 * Rupees as an operator reads them: `₹` and Indian digit grouping, paise only when there are any.
 * @example
 * ```ts
 * rupees(150000); // "₹1,50,000"
 * rupees(99.5); // "₹99.50"
 * ```
 */
export function rupees(amount: number): string {
  return formatInr(amount);
}

/** WhatsApp bold, without the markers a name could carry. */
const bold = (s: string | number): string => `*${String(s).replace(/[*_~`]/g, "")}*`;

const whenFormats = new Map<string, Intl.DateTimeFormat>();

/** A time as the operator reads it in their zone, e.g. `Fri 9 Jan, 4:00 pm` (built from parts: ICU versions punctuate differently). */
function when(iso: string, timeZone: string): string {
  let f = whenFormats.get(timeZone);
  if (f === undefined) whenFormats.set(timeZone, (f = new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "short", day: "numeric", month: "short", hour: "numeric", minute: "2-digit", hour12: true })));
  const p = Object.fromEntries(f.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.weekday} ${p.day} ${p.month}, ${p.hour}:${p.minute} ${String(p.dayPeriod).toLowerCase()}`;
}

/** @internal Caps a reply at {@link MAX_REPLY} characters (whole lines first, then a cut). */
export function clip(lines: readonly string[]): string {
  const kept: string[] = [];
  for (const line of lines) {
    if ([...kept, line].join("\n").length > MAX_REPLY) break;
    kept.push(line);
  }
  const text = kept.length > 0 ? kept.join("\n") : (lines[0] ?? "");
  return text.length > MAX_REPLY ? `${text.slice(0, MAX_REPLY - 1)}…` : text;
}

interface Turn {
  scope: ToolScope;
  session: SessionRow;
  state: AssistantState;
  now: Date;
  timeZone: string;
  ro: { signal?: AbortSignal };
  /** State to write back with the activity stamp. */
  next: AssistantState;
}

const toolOptions = (t: Turn) => ({ sessionId: t.session.id, userId: t.session.user_id, now: t.now, timeZone: t.timeZone, ...t.ro });

function failed(r: ToolRunResult & { ok: false }): string {
  if (r.error.code === "invalid_arguments" && r.error.issues !== undefined) return `Couldn't do that: ${r.error.issues.map((i) => `${i.path} ${i.message}`).join("; ")}`;
  return "Sorry, that didn't go through. Please try again.";
}

type Target = { id: string; name: string } | { reply: string };

/** Who a message is about: its resolved name, else the session's current contact. */
async function target(t: Turn, ref: ContactRef): Promise<Target> {
  if (ref.question !== undefined) return { reply: ref.question };
  const id = ref.contactId ?? (ref.contactName === undefined ? (t.state.currentContactId ?? undefined) : undefined);
  if (id === undefined) return { reply: ref.contactName === undefined ? "Who? Add the name, e.g. *Meera paid 5000*." : `I can't find ${bold(ref.contactName)} in your list.` };
  const c = await t.scope.contacts.find(id, t.ro);
  if (c === undefined || c.deleted_at != null) return { reply: "Who? That contact is no longer in your list." };
  return { id: c.id, name: c.display_name };
}

// the tool's limit: a long note is cut rather than losing the whole log
const summaryOf = (ref: ContactRef): { summary?: string } => (ref.note === undefined ? {} : { summary: ref.note.slice(0, 500) });

const channelFor = (t: Turn, contactId: string): "call" | "whatsapp" => (t.state.lastSuggestion?.contactId === contactId && t.state.lastSuggestion.action === "whatsapp" ? "whatsapp" : "call");

async function audit(t: Turn, action: string, pending: PendingAction): Promise<void> {
  const payload: JsonObject = { action, tool: pending.tool, contact_id: pending.args.contact_id, user_id: t.session.user_id, requested_at: pending.requestedAt };
  await t.scope.agentLogs.create({ agent_id: ASSISTANT_AGENT_ID, session_id: t.session.id, log_level: "INFO", log_message: `${action}: ${pending.tool}`, raw_payload: payload }, t.ro);
}

type Handled = { lines: string[]; ran?: ToolName; pending?: PendingAction };

async function onNext(t: Turn): Promise<Handled> {
  const r = await runTool(t.scope, "next", {}, toolOptions(t));
  if (!r.ok) return { lines: [failed(r)] };
  const pick = r.result.pick as Record<string, string> | undefined;
  if (pick === undefined) {
    const why: Record<string, string> = { quiet_hours: "it's outside calling hours", no_contacts: "your list is empty", all_excluded: "everyone is done for today or can't be reached" };
    return { lines: [`Nobody to contact right now: ${why[String(r.result.none_reason)] ?? "nothing is due"}.`], ran: "next" };
  }
  t.next.currentContactId = pick.contact_id!;
  t.next.lastSuggestion = { contactId: pick.contact_id!, action: pick.action!, reasonCode: pick.reason_code!, at: t.now.toISOString() };
  const lines = [`Next: ${bold(pick.name!)} (${pick.action === "whatsapp" ? "WhatsApp" : "call"})`, pick.reason!];
  if (pick.message !== undefined) lines.push(`Draft: ${pick.message}`);
  if (pick.whatsapp_link !== undefined) lines.push(pick.whatsapp_link);
  lines.push("Reply *no answer*, *pledged 10k*, *paid 5000 by UPI*...");
  return { lines, ran: "next" };
}

async function onContactIntent(t: Turn, intent: Exclude<OperatorIntent, { intent: "next" | "due" | "scoreboard" | "help" | "confirm" | "cancel" | "unknown" }>): Promise<Handled> {
  const who = await target(t, intent);
  if ("reply" in who) return { lines: [who.reply] };
  t.next.currentContactId = who.id;
  const opts = toolOptions(t);
  switch (intent.intent) {
    case "log": {
      const r = await runTool(t.scope, "log_interaction", { contact_id: who.id, outcome: intent.outcome, channel: channelFor(t, who.id), ...summaryOf(intent) }, opts);
      if (!r.ok) return { lines: [failed(r)] };
      const f = (r.result.followups as { due_at: string }[] | undefined)?.[0];
      return { lines: [`Logged ${bold(OUTCOME_WORDS[intent.outcome] ?? intent.outcome)} for ${bold(who.name)}.`, ...(f === undefined ? [] : [`I'll remind you ${when(f.due_at, t.timeZone)}.`])], ran: "log_interaction" };
    }
    case "pledge": {
      const logged = await runTool(t.scope, "log_interaction", { contact_id: who.id, outcome: "pledged", channel: channelFor(t, who.id), ...summaryOf(intent) }, opts);
      if (!logged.ok) return { lines: [failed(logged)] };
      const expected = intent.dueAt === undefined ? {} : { expected_by: dateInZone(intent.dueAt, t.timeZone) };
      const r = await runTool(t.scope, "create_pledge", { contact_id: who.id, amount: intent.amount, interaction_id: logged.result.interaction_id, ...expected }, opts);
      if (!r.ok) return { lines: [failed(r)] };
      return { lines: [`${bold(who.name)} pledged ${bold(rupees(intent.amount))}${intent.dueAt === undefined ? "" : ` by ${String(r.result.expected_by)}`}. 🙏`], ran: "create_pledge" };
    }
    case "payment": {
      const open = await t.scope.pledges.query({ filter: { contact_id: who.id, status: "open" }, sort: { pledged_at: 1 }, limit: 1 }, t.ro);
      const pledge = open.data[0];
      const r = await runTool(t.scope, "record_payment", { contact_id: who.id, amount: intent.amount, method: intent.method ?? "other", ...(pledge === undefined ? {} : { pledge_id: pledge.id }) }, opts);
      if (!r.ok) return { lines: [failed(r)] };
      const lines = [`Received ${bold(rupees(intent.amount))} from ${bold(who.name)}${intent.method === undefined ? "" : ` by ${METHOD_WORDS[intent.method]}`}. Thank you! 🙏`];
      if (pledge !== undefined) {
        const left = Number(r.result.outstanding ?? 0);
        lines.push(left > 0 ? `${bold(rupees(left))} still to collect on the ${rupees(Number(pledge.amount))} pledge.` : `The ${rupees(Number(pledge.amount))} pledge is fully paid.`);
      }
      return { lines, ran: "record_payment" };
    }
    case "reschedule": {
      const r = await runTool(t.scope, "reschedule", { contact_id: who.id, due_at: intent.dueAt }, opts);
      if (!r.ok) return { lines: [failed(r)] };
      return { lines: [`OK, ${bold(who.name)} again on ${bold(when(String(r.result.due_at), t.timeZone))}.`], ran: "reschedule" };
    }
    case "dnc": {
      const pending: PendingAction = {
        tool: "mark_do_not_contact",
        args: { contact_id: who.id, ...(intent.note === undefined ? {} : { reason: intent.note.slice(0, 200) }) },
        contactName: who.name,
        requestedAt: t.now.toISOString(),
        expiresAt: new Date(t.now.getTime() + CONFIRM_WINDOW_MINUTES * 60_000).toISOString(),
      };
      t.next.pending = pending;
      await audit(t, "confirmation_requested", pending);
      return { lines: [`Mark ${bold(who.name)} do-not-contact? Reply *yes* to confirm, *no* to cancel.`], pending };
    }
  }
}

async function onDue(t: Turn): Promise<Handled> {
  const r = await runTool(t.scope, "due_followups", { limit: 5 }, toolOptions(t));
  if (!r.ok) return { lines: [failed(r)] };
  const list = (r.result.followups ?? []) as { name?: string; due_at: string; reason?: string }[];
  if (list.length === 0) return { lines: ["Nothing due right now. 🎉"], ran: "due_followups" };
  const total = Number(r.result.count);
  const lines = [`*Due now* (${total}):`, ...list.map((f, i) => `${i + 1}. ${bold(f.name ?? "?")}: ${when(f.due_at, t.timeZone)}${f.reason === undefined ? "" : ` (${f.reason.replace(/_/g, " ")})`}`)];
  if (total > list.length) lines.push(`…and ${total - list.length} more.`);
  return { lines, ran: "due_followups" };
}

async function onScoreboard(t: Turn): Promise<Handled> {
  const r = await runTool(t.scope, "scoreboard", { date: dateInZone(t.now, t.timeZone) }, toolOptions(t));
  if (!r.ok) return { lines: [failed(r)] };
  const s = r.result as Record<string, number | string>;
  const lines = [`*Today* (${String(s.date)})`, `Raised: ${bold(rupees(Number(s.raised)))}`, `Pledged: ${bold(rupees(Number(s.pledged)))}`, `Reached: ${s.contacts_reached} of ${s.attempts} attempts`];
  if (s.target !== undefined) lines.push(`Target: ${rupees(Number(s.target))}, gap ${bold(rupees(Number(s.remaining_gap ?? 0)))}`);
  return { lines, ran: "scoreboard" };
}

async function onConfirm(t: Turn): Promise<Handled> {
  const pending = t.state.pending ?? undefined;
  if (pending === undefined) return { lines: ["Nothing is waiting for a yes."] };
  t.next.pending = null;
  if (Date.parse(pending.expiresAt) < t.now.getTime()) {
    await audit(t, "confirmation_expired", pending);
    return { lines: [`That question expired. Send *stop contacting ${pending.contactName}* again if you still want it.`] };
  }
  await audit(t, "confirmed", pending);
  const r = await runTool(t.scope, pending.tool, pending.args, { ...toolOptions(t), confirmed: true });
  if (!r.ok) return { lines: [failed(r)] };
  const cancelled = Number(r.result.cancelled_followups ?? 0);
  return { lines: [`Done: ${bold(pending.contactName)} is do-not-contact${cancelled > 0 ? ` (${cancelled} followup${cancelled === 1 ? "" : "s"} cancelled)` : ""}.`], ran: pending.tool };
}

async function onCancel(t: Turn): Promise<Handled> {
  const pending = t.state.pending ?? undefined;
  if (pending === undefined) return { lines: ["OK."] };
  t.next.pending = null;
  await audit(t, "cancelled", pending);
  return { lines: [`OK, cancelled. ${bold(pending.contactName)} stays on your list.`] };
}

function onUnknown(intent: Extract<OperatorIntent, { intent: "unknown" }>): Handled {
  const hints: Record<string, string> = {
    "amount missing": "How much? e.g. *pledged 10k* or *paid ₹5,000 by UPI*.",
    "time missing": "When? e.g. *call Meera back tomorrow 4pm*.",
    "more than one amount": "Which amount? Send one at a time.",
  };
  return { lines: [hints[intent.reason] ?? "Sorry, I didn't get that. Send *help* for what I understand."] };
}

async function dispatch(t: Turn, intent: OperatorIntent): Promise<Handled> {
  switch (intent.intent) {
    case "next":
      return onNext(t);
    case "due":
      return onDue(t);
    case "scoreboard":
      return onScoreboard(t);
    case "help":
      return { lines: HELP.split("\n") };
    case "confirm":
      return onConfirm(t);
    case "cancel":
      return onCancel(t);
    case "unknown":
      return onUnknown(intent);
    default:
      return onContactIntent(t, intent);
  }
}

/** Parses with the contacts' names only when the message names someone (most messages do not). */
async function read(scope: ToolScope, text: string, now: Date, timeZone: string, ro: { signal?: AbortSignal }): Promise<OperatorIntent> {
  const first = parseOperatorMessage(text, { now, timeZone });
  if (!("contactName" in first) || first.contactName === undefined) return first;
  return parseOperatorMessage(text, { now, timeZone, contacts: await nameableContacts(scope, ro) });
}

/**
 * The workflow behind `scope.handleOperatorMessage`. Writes nothing for `unknown`, `help`,
 * a question back or a `dnc` request (which is stored as `pending` until `yes`); any other
 * message drops a pending action. Every message updates the session's `last_activity_at`.
 * @example
 * ```ts
 * const { reply, ran } = await handleOperatorMessage(scope, scope.workflowSettings, sessionId, "paid 5000 by UPI");
 * ```
 */
export async function handleOperatorMessage(scope: ToolScope, settings: WorkflowSettings, sessionId: string, text: string, options: OperatorMessageOptions = {}): Promise<OperatorReply> {
  const c = new Check({ sessionId, text, timeZone: options.timeZone });
  c.uuid("sessionId", true);
  if (typeof text !== "string") c.fail("text", "must be a string", "invalid_type");
  c.text("timeZone");
  c.done();
  const now = nowOf({ now: options.now });
  const timeZone = options.timeZone ?? settings.timeZone ?? DEFAULT_OPERATOR_TIME_ZONE;
  const ro = options.signal === undefined ? {} : { signal: options.signal };
  const session = await scope.sessions.get(sessionId, ro);
  // refused before any tool runs: the state write at the end would refuse it after the fact
  if (session.closed_at != null) throw new InvariantError({ table: "sessions", rule: "session_closed", field: "state_json", message: `session ${session.id} is closed` });
  const intent = await read(scope, text, now, timeZone, ro);
  const state = session.state_json as AssistantState;
  const t: Turn = { scope, session, state, now, timeZone, ro, next: {} };
  if (state.pending != null && intent.intent !== "confirm" && intent.intent !== "cancel") {
    t.next.pending = null;
    await audit(t, "confirmation_dropped", state.pending);
  }
  const done = await dispatch(t, intent);
  await scope.sessions.updateState(session.id, t.next as Record<string, unknown>, ro);
  return { reply: clip(done.lines), intent, ...(done.ran === undefined ? {} : { ran: done.ran }), ...(done.pending === undefined ? {} : { pending: done.pending }) };
}
