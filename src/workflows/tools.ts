/**
 * `scope.runTool`: a chat model's tool call validated, gated, run through the workflows,
 * answered with compact JSON, and audited (an agent log per call; `ai.tool.error` when it
 * did not succeed).
 * @module
 */
import type { AgentLogsAPI } from "../api/agent-logs.js";
import type { JsonObject } from "../api/shared.js";
import { FOLLOWUP_RULE_REASONS } from "../domain/followup-rules.js";
import { naturalKeyId } from "../domain/ids.js";
import { isTimeZone } from "../domain/zone.js";
import { isErrorOf, ValidationError } from "../http/errors.js";
import type { RequestOptions } from "../http/transport.js";
import type { RankResult, Suggestion } from "../next/types.js";
import type { ContactRow, FollowupRow, PledgeRow } from "../schema/index.js";
import { checkToolArgs, type RunToolOptions, type ToolArgs, type ToolJson, type ToolName, type ToolRunResult } from "../whatsapp/tools.js";
import type { CompleteFollowupOptions } from "./followups.js";
import type { DoNotContactOptions, DoNotContactResult } from "./contacts.js";
import { buildEvent, publishEvent } from "./events.js";
import { loadContact, type LogInteractionInput, type LogInteractionOptions, type LogInteractionResult } from "./interactions.js";
import type { CreatePledgeInput, RecordPaymentInput, RecordPaymentResult } from "./money.js";
import type { RecordToolErrorInput } from "./records.js";
import type { RecordOutboundWhatsAppInput, RecordOutboundWhatsAppOptions, RecordOutboundWhatsAppResult } from "./whatsapp-outbound.js";
import { Check, ensureRow, nowOf, type WorkflowOptions, type WorkflowScope } from "./shared.js";

/** Agent id of the operator's assistant in agent logs and tool-error events. */
export const ASSISTANT_AGENT_ID = "calltime_operator";

/** What `scope.next` takes, as far as the assistant uses it. */
export interface AssistantNextParams {
  userId?: string | undefined;
  campaignId?: string | undefined;
  sessionId?: string | undefined;
  now?: Date | string | undefined;
  timeZone?: string | undefined;
}

/** The numbers of `scope.scoreboard` the assistant reports. */
export interface AssistantScoreboard {
  date: string;
  raised: number;
  pledged: number;
  target: number | null;
  remainingGap: number | null;
  contactsReached: number;
  attempts: number;
}

/** The parts of a project scope the tools run on (a `ProjectScope` is one). */
export interface ToolScope extends WorkflowScope {
  readonly agentLogs: AgentLogsAPI;
  logInteraction(input: LogInteractionInput, options?: LogInteractionOptions): Promise<LogInteractionResult>;
  createPledge(input: CreatePledgeInput, options?: WorkflowOptions): Promise<PledgeRow>;
  recordPayment(input: RecordPaymentInput, options?: WorkflowOptions): Promise<RecordPaymentResult>;
  completeFollowup(id: string, options?: CompleteFollowupOptions): Promise<FollowupRow>;
  markDoNotContact(contactId: string, change?: DoNotContactOptions, options?: WorkflowOptions): Promise<DoNotContactResult>;
  recordToolError(input: RecordToolErrorInput, options?: WorkflowOptions): Promise<void>;
  recordOutboundWhatsApp(input: RecordOutboundWhatsAppInput, options?: RecordOutboundWhatsAppOptions): Promise<RecordOutboundWhatsAppResult>;
  /** NEXT (issue 8). */
  next(params?: AssistantNextParams, options?: RequestOptions): Promise<RankResult & { runId?: string | undefined }>;
  /** The day's scoreboard (issue 8). */
  scoreboard(params?: { date?: string | undefined; campaignId?: string | undefined; now?: Date | string | undefined; timeZone?: string | undefined }, options?: RequestOptions): Promise<AssistantScoreboard>;
}

/** @internal What a tool runs with. */
export interface ToolContext {
  now: Date;
  timeZone: string | undefined;
  userId: string | undefined;
  sessionId: string | undefined;
  ro: RequestOptions;
  wo: WorkflowOptions;
}

type Compact = { [key: string]: ToolJson };

/** @internal Drops null and undefined fields (a model reads less and guesses less). */
export function compact(value: Record<string, unknown>): Compact {
  const out: Compact = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    if (Array.isArray(v)) out[k] = v.map((x) => (typeof x === "object" && x !== null ? compact(x as Record<string, unknown>) : (x as ToolJson)));
    else out[k] = typeof v === "object" ? compact(v as Record<string, unknown>) : (v as ToolJson);
  }
  return out;
}

const fold = (s: string): string => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().trim();

/**
 * @internal The contacts an operator can name: not deleted, not do-not-contact, every page
 * (`id` and `display_name` only).
 */
export async function nameableContacts(scope: WorkflowScope, ro: RequestOptions): Promise<{ id: string; display_name: string }[]> {
  const rows = await scope.contacts.query({ filter: { status: { $ne: "do_not_contact" } }, sort: { display_name: 1 }, limit: 1000 }, ro).toArray();
  return rows.map((c) => ({ id: c.id, display_name: c.display_name }));
}

/** @internal Contacts whose name holds every word of `query` as a word start; exact names first. */
export function matchByName<C extends { display_name: string }>(contacts: readonly C[], query: string): C[] {
  const words = fold(query).split(/\s+/).filter((w) => w !== "");
  if (words.length === 0) return [];
  const q = words.join(" ");
  const rank = (c: C): number => {
    const name = fold(c.display_name);
    if (name === q) return 0;
    const parts = name.split(/\s+/);
    if (words.every((w) => parts.some((p) => p.startsWith(w)))) return name.startsWith(q) ? 1 : 2;
    return name.includes(q) ? 3 : -1;
  };
  return contacts
    .map((c) => ({ c, r: rank(c) }))
    .filter((x) => x.r >= 0)
    .sort((a, b) => a.r - b.r || a.c.display_name.localeCompare(b.c.display_name))
    .map((x) => x.c);
}

async function workableContact(scope: WorkflowScope, contactId: string, ro: RequestOptions): Promise<ContactRow> {
  const contact = await loadContact(scope, contactId, "contact_id", ro);
  if (contact.status === "do_not_contact") throw new ValidationError([{ path: "contact_id", message: `${contact.display_name} is do-not-contact`, code: "do_not_contact" }]);
  return contact;
}

function suggestion(s: Suggestion): Compact {
  return compact({ contact_id: s.contactId, name: s.displayName, action: s.action, reason_code: s.reasonCode, reason: s.reason, message: s.message, whatsapp_link: s.links.whatsapp, upi_link: s.links.upi });
}

type Runner<N extends ToolName> = (scope: ToolScope, args: ToolArgs<N>, ctx: ToolContext) => Promise<Compact>;

const runners: { [N in ToolName]: Runner<N> } = {
  async next(scope, args, ctx) {
    const r = await scope.next({ userId: ctx.userId, sessionId: ctx.sessionId, campaignId: args.campaign_id, now: ctx.now, ...(ctx.timeZone === undefined ? {} : { timeZone: ctx.timeZone }) }, ctx.ro);
    return compact({
      pick: r.pick === null ? undefined : suggestion(r.pick),
      runners_up: r.runnersUp.map((s) => compact({ contact_id: s.contactId, name: s.displayName, reason: s.reason })),
      none_reason: r.noneReason,
    });
  },

  async log_interaction(scope, args, ctx) {
    await workableContact(scope, args.contact_id, ctx.ro);
    const { interaction, followups } = await scope.logInteraction({ ...args, session_id: ctx.sessionId, created_by_user_id: ctx.userId }, ctx.wo);
    return compact({
      interaction_id: interaction.id,
      contact_id: interaction.contact_id,
      outcome: interaction.outcome,
      followups: followups.map((f) => compact({ followup_id: f.id, due_at: f.due_at, reason: f.reason })),
    });
  },

  async create_pledge(scope, args, ctx) {
    await workableContact(scope, args.contact_id, ctx.ro);
    const p = await scope.createPledge({ ...args, created_by_user_id: ctx.userId }, ctx.wo);
    return compact({ pledge_id: p.id, contact_id: p.contact_id, amount: p.amount, currency: p.currency, status: p.status, expected_by: p.expected_by });
  },

  async record_payment(scope, args, ctx) {
    await loadContact(scope, args.contact_id, "contact_id", ctx.ro);
    const r = await scope.recordPayment({ ...args, created_by_user_id: ctx.userId }, ctx.wo);
    return compact({
      payment_id: r.payment.id,
      contact_id: r.payment.contact_id,
      amount: r.payment.amount,
      method: r.payment.method,
      status: r.payment.status,
      pledge_id: r.pledge?.id,
      pledge_status: r.pledge?.status,
      outstanding: r.outstanding,
    });
  },

  async reschedule(scope, args, ctx) {
    const contact = await workableContact(scope, args.contact_id, ctx.ro);
    const dueAt = new Date(args.due_at).toISOString();
    // one followup per contact and time, so a repeated call schedules nothing new
    const id = naturalKeyId(scope.projectId, "followups", ["reschedule", contact.id, dueAt]);
    const { row, created } = await ensureRow(scope.followups, { id, contact_id: contact.id, due_at: dueAt, status: "scheduled", reason: FOLLOWUP_RULE_REASONS.reschedule, assigned_to_user_id: ctx.userId }, ctx.ro);
    if (created) {
      await publishEvent(
        scope.events,
        buildEvent(scope.projectId, "followup.scheduled", {
          user_id: ctx.userId,
          session_id: ctx.sessionId,
          occurred_at: ctx.now.toISOString(),
          contact_id: row.contact_id,
          followup_id: row.id,
          payload: { due_at: row.due_at, reason: row.reason ?? undefined, assigned_to_user_id: row.assigned_to_user_id ?? undefined },
        }),
        ctx.ro,
      );
    }
    return compact({ followup_id: row.id, contact_id: row.contact_id, name: contact.display_name, due_at: row.due_at, status: row.status });
  },

  async due_followups(scope, args, ctx) {
    // the operator's own followups and the unassigned ones, as NEXT reads them
    const due = (await scope.followups.due({ now: ctx.now }, ctx.ro)).filter((f) => ctx.userId === undefined || f.assigned_to_user_id == null || f.assigned_to_user_id === ctx.userId);
    const shown = due.slice(0, args.limit);
    const ids = [...new Set(shown.map((f) => f.contact_id))];
    const names = new Map<string, string>();
    if (ids.length > 0) for (const c of await scope.contacts.query({ filter: { id: { $in: ids } }, limit: 1000 }, ctx.ro).toArray()) names.set(c.id, c.display_name);
    return compact({
      count: due.length,
      followups: shown.map((f) => compact({ followup_id: f.id, contact_id: f.contact_id, name: names.get(f.contact_id), due_at: f.due_at, reason: f.reason })),
    });
  },

  async complete_followup(scope, args, ctx) {
    const found = await scope.followups.find(args.followup_id, ctx.ro);
    if (found === undefined) throw new ValidationError([{ path: "followup_id", message: `no followup ${args.followup_id} in this project`, code: "not_found" }]);
    const f = await scope.completeFollowup(found.id, { ...ctx.wo, userId: ctx.userId });
    return compact({ followup_id: f.id, contact_id: f.contact_id, status: f.status, completed_at: f.completed_at });
  },

  async scoreboard(scope, args, ctx) {
    const s = await scope.scoreboard({ date: args.date, campaignId: args.campaign_id, now: ctx.now, ...(ctx.timeZone === undefined ? {} : { timeZone: ctx.timeZone }) }, ctx.ro);
    return compact({ date: s.date, raised: s.raised, pledged: s.pledged, target: s.target, remaining_gap: s.remainingGap, contacts_reached: s.contactsReached, attempts: s.attempts });
  },

  async mark_do_not_contact(scope, args, ctx) {
    await loadContact(scope, args.contact_id, "contact_id", ctx.ro);
    const r = await scope.markDoNotContact(args.contact_id, { reason: args.reason, userId: ctx.userId }, ctx.wo);
    return compact({ contact_id: r.contact.id, name: r.contact.display_name, status: r.contact.status, cancelled_followups: r.cancelledFollowups.length });
  },

  async send_whatsapp(scope, args, ctx) {
    await workableContact(scope, args.contact_id, ctx.ro);
    const r = await scope.recordOutboundWhatsApp({ ...args, session_id: ctx.sessionId, user_id: ctx.userId }, ctx.wo);
    return compact({ message_id: r.message.id, contact_id: r.message.contact_id, interaction_id: r.interaction?.id, status: r.message.status, duplicate: r.duplicate });
  },

  async find_contact(scope, args, ctx) {
    const digits = args.query.replace(/[^\d]/g, "");
    let found: ContactRow[] = [];
    if (digits.length >= 7 && !/\p{L}/u.test(args.query)) {
      let owner: string | undefined;
      try {
        owner = (await scope.contactIdentities.findByValue("phone", args.query, ctx.ro))?.contact_id;
      } catch (error) {
        if (!isErrorOf(error, "ValidationError")) throw error;
      }
      const c = owner === undefined ? undefined : await scope.contacts.find(owner, ctx.ro);
      if (c !== undefined) found = [c];
    } else {
      const all = await scope.contacts.query({ filter: { status: { $ne: "do_not_contact" } }, limit: 1000 }, ctx.ro).toArray();
      found = matchByName(all, args.query);
    }
    return compact({
      count: found.length,
      contacts: found.slice(0, args.limit).map((c) => compact({ contact_id: c.id, name: c.display_name, status: c.status, last_contacted_at: c.last_contacted_at })),
    });
  },
};

function failure(error: unknown): ToolRunResult {
  if (isErrorOf(error, "ValidationError")) {
    const issues = error.issues.map((i) => ({ path: i.path, message: i.message }));
    return { ok: false, error: { code: "invalid_arguments", message: issues.map((i) => `${i.path} ${i.message}`).join("; "), issues } };
  }
  const e = error instanceof Error ? error : new Error(String(error));
  return { ok: false, error: { code: "failed", message: `${e.name}: ${e.message}`.slice(0, 500) } };
}

// The outcome matters more to the model than the audit: a lost log line must not turn a
// write that happened into an error the model would retry.
async function audit(scope: ToolScope, name: string, result: ToolRunResult, ms: number, ctx: Pick<ToolContext, "now" | "userId" | "sessionId" | "ro">): Promise<void> {
  const status = result.ok ? "ok" : result.error.code;
  const tool = name.trim() === "" ? "(empty)" : name.slice(0, 100);
  const payload: JsonObject = { action: tool, status, execution_time_ms: ms };
  if (ctx.userId !== undefined) payload.user_id = ctx.userId;
  if (!result.ok && result.error.issues !== undefined) payload.issue_paths = result.error.issues.map((i) => i.path);
  try {
    await scope.agentLogs.create(
      { agent_id: ASSISTANT_AGENT_ID, ...(ctx.sessionId === undefined ? {} : { session_id: ctx.sessionId }), log_level: result.ok || status === "needs_confirmation" ? "INFO" : "WARN", log_message: `${tool}: ${status} in ${ms} ms`, raw_payload: payload },
      ctx.ro,
    );
    if (!result.ok && status !== "needs_confirmation") {
      await scope.recordToolError({ tool, error: result.error.message.slice(0, 2000), agent_id: ASSISTANT_AGENT_ID, user_id: ctx.userId, session_id: ctx.sessionId }, { ...ctx.ro, now: ctx.now });
    }
  } catch (error) {
    if (isErrorOf(error, "AbortError")) throw error;
  }
}

/**
 * The workflow behind `scope.runTool`: validates the model's arguments (an issue per bad
 * argument, nothing run), holds a tool that needs confirmation until `confirmed: true`,
 * runs it, and answers with compact JSON. It throws only for the app's own mistakes (bad
 * `options`) and aborts; everything the model did wrong comes back as `{ ok: false }`.
 * @example
 * ```ts
 * const r = await runTool(scope, "record_payment", { contact_id, amount: 5000, method: "upi" }, { userId });
 * if (!r.ok) console.log(r.error.code, r.error.issues);
 * ```
 */
export async function runTool(scope: ToolScope, name: string, args: unknown, options: RunToolOptions = {}): Promise<ToolRunResult> {
  const c = new Check({ sessionId: options.sessionId, userId: options.userId, now: options.now, timeZone: options.timeZone, confirmed: options.confirmed });
  c.text("timeZone");
  if (typeof options.timeZone === "string" && !isTimeZone(options.timeZone)) c.fail("timeZone", "must be an IANA time zone, e.g. Asia/Kolkata", "invalid_time_zone");
  c.uuid("sessionId");
  c.uuid("userId");
  c.time("now");
  if (options.confirmed !== undefined && typeof options.confirmed !== "boolean") c.fail("confirmed", "must be a boolean", "invalid_type");
  c.done();
  const started = performance.now();
  const now = nowOf({ now: options.now });
  const ro: RequestOptions = options.signal === undefined ? {} : { signal: options.signal };
  const ctx: ToolContext = { now, timeZone: options.timeZone, userId: options.userId, sessionId: options.sessionId, ro, wo: { ...ro, now } };
  const check = checkToolArgs(String(name), args);
  let result: ToolRunResult;
  if (!check.ok) {
    result = { ok: false, error: { code: check.code, message: check.message, ...(check.issues === undefined ? {} : { issues: check.issues }) } };
  } else if (check.tool.needsConfirmation && options.confirmed !== true) {
    result = { ok: false, error: { code: "needs_confirmation", message: `${check.tool.name} needs the operator's confirmation: ask them, and call it again once they said yes` } };
  } else {
    try {
      const run = runners[check.tool.name] as Runner<ToolName>;
      result = { ok: true, result: await run(scope, check.args as ToolArgs<ToolName>, ctx) };
    } catch (error) {
      if (isErrorOf(error, "AbortError") || options.signal?.aborted === true) throw error;
      result = failure(error);
    }
  }
  await audit(scope, String(name), result, Math.round(performance.now() - started), ctx);
  return result;
}
