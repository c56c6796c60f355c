/**
 * Tools for a chat model (bring your own key): one definition per call-time workflow, each
 * with a zod input schema and the JSON Schema generated from it, in the shapes the common
 * function-calling APIs take. Pure: `scope.runTool` runs them.
 * @module
 */
import * as z from "zod/mini";
import { fromPaise, MAX_PAISE } from "../domain/money.js";
import { CHANNELS, DIRECTIONS, PAYMENT_METHODS, type Outcome } from "../schema/enums.js";
import type { OperatorIntent } from "./operator.js";
import { WHATSAPP_TEXT_LIMIT } from "./webhook.js";

const d = z.describe;
const id = (what: string) => z.guid({ error: "must be a UUID" }).check(d(what));
const rupees = (what: string) =>
  z.number({ error: "must be a number of rupees" }).check(
    z.gt(0, { error: "must be more than 0" }),
    z.multipleOf(0.01, { error: "must have at most two decimals" }),
    z.lte(fromPaise(MAX_PAISE), { error: "is too large" }),
    d(`${what} in rupees (a number, at most two decimals; 10k is 10000, 1.5 lakh is 150000).`),
  );
const isoTime = (what: string) => z.iso.datetime({ offset: true, error: "must be an ISO-8601 timestamp with a zone, e.g. 2026-01-10T16:00:00+05:30" }).check(d(what));
const isoDate = (what: string) => z.iso.date({ error: "must be a date YYYY-MM-DD" }).check(d(what));
const note = (what: string, max: number) => z.string({ error: "must be a string" }).check(z.minLength(1, { error: "must not be empty" }), z.maxLength(max, { error: `must be at most ${max} characters` }), d(what));
const oneOf = <const T extends readonly [string, ...string[]]>(values: T, what: string) => z.enum(values, { error: `must be one of ${values.join(", ")}` }).check(d(what));

/** Outcomes a model may log; `do_not_contact` goes through the confirmed `mark_do_not_contact` tool instead. */
export const LOGGABLE_OUTCOMES = ["no_response", "spoke", "pledged", "paid", "declined", "reschedule", "wrong_number"] as const satisfies readonly Exclude<Outcome, "do_not_contact">[];

const contactId = id("The contact's id (from next or find_contact).");

/**
 * The zod (`zod/mini`) input schema of each tool, by tool name.
 * @example
 * ```ts
 * const args = z.parse(toolInputSchemas.record_payment, { contact_id, amount: 5000, method: "upi" });
 * ```
 */
export const toolInputSchemas = {
  next: z.strictObject({
    campaign_id: z.optional(id("Only suggest for this campaign.")),
  }),
  log_interaction: z.strictObject({
    contact_id: contactId,
    outcome: oneOf(LOGGABLE_OUTCOMES, "What came of the touch."),
    channel: z._default(oneOf(CHANNELS, "How the contact was reached."), "call"),
    direction: z._default(oneOf(DIRECTIONS, "Who reached out."), "outbound"),
    summary: z.optional(note("A short note of what was said (no card or bank numbers).", 500)),
    reschedule_at: z.optional(isoTime("When to call back; required when the outcome is reschedule.")),
    campaign_id: z.optional(id("The campaign the touch counts for.")),
  }),
  create_pledge: z.strictObject({
    contact_id: contactId,
    amount: rupees("The amount pledged"),
    expected_by: z.optional(isoDate("The date the donor promised to pay by.")),
    interaction_id: z.optional(id("The interaction the pledge was made in.")),
    campaign_id: z.optional(id("The campaign the pledge counts for.")),
    notes: z.optional(note("An internal note.", 500)),
  }),
  record_payment: z.strictObject({
    contact_id: contactId,
    amount: rupees("The amount received"),
    method: oneOf(PAYMENT_METHODS, "How it was paid; a cheque, NEFT, IMPS or RTGS is bank."),
    pledge_id: z.optional(id("The pledge it pays; omit for a gift with no pledge.")),
    reference: z.optional(note("The UTR or transaction reference.", 200)),
    interaction_id: z.optional(id("The interaction it was received in.")),
  }),
  reschedule: z.strictObject({
    contact_id: contactId,
    due_at: isoTime("When to contact them again."),
    note: z.optional(note("Why, in a few words.", 200)),
  }),
  due_followups: z.strictObject({
    limit: z._default(z.int({ error: "must be a whole number" }).check(z.gte(1, { error: "must be at least 1" }), z.lte(50, { error: "must be at most 50" }), d("At most this many, oldest first.")), 10),
  }),
  complete_followup: z.strictObject({
    followup_id: id("The followup's id (from due_followups)."),
  }),
  scoreboard: z.strictObject({
    date: z.optional(isoDate("The local day; default today.")),
    campaign_id: z.optional(id("Only this campaign.")),
  }),
  mark_do_not_contact: z.strictObject({
    contact_id: contactId,
    reason: z.optional(note("Why, as the donor said it.", 200)),
  }),
  send_whatsapp: z.strictObject({
    contact_id: contactId,
    text: note("The message as sent, in WhatsApp formatting (e.g. the draft from next).", WHATSAPP_TEXT_LIMIT),
    provider_message_id: z.optional(note("The message id (wamid) WhatsApp answered the send with.", 256)),
  }),
  find_contact: z.strictObject({
    query: note("A name (or part of one) or a phone number.", 100),
    limit: z._default(z.int({ error: "must be a whole number" }).check(z.gte(1, { error: "must be at least 1" }), z.lte(20, { error: "must be at most 20" }), d("At most this many matches.")), 5),
  }),
};

/** Names of the tools. */
export type ToolName = keyof typeof toolInputSchemas;
/** The arguments a tool takes, after validation (defaults filled in). */
export type ToolArgs<N extends ToolName> = z.output<(typeof toolInputSchemas)[N]>;

const descriptions: Record<ToolName, string> = {
  next: "Suggests who to contact now, why, by call or WhatsApp, with a drafted message. Call it when the operator asks who is next.",
  log_interaction: "Logs a call or WhatsApp touch with a contact and what came of it; followups are scheduled automatically (e.g. no answer: try again tomorrow).",
  create_pledge: "Records an amount a contact promised to give. Use record_payment when the money has arrived.",
  record_payment: "Records money received from a contact, against their pledge when there is one, and says what is still outstanding.",
  reschedule: "Schedules a followup to contact someone again at a given time.",
  due_followups: "Lists the followups due now (overdue first) with the contact's name.",
  complete_followup: "Marks a followup done.",
  scoreboard: "Today's numbers: rupees raised and pledged, contacts reached, attempts, and the gap to the day's target.",
  mark_do_not_contact: "Marks a contact do-not-contact and cancels their followups. Destructive: the operator must confirm first.",
  send_whatsapp: "Records a WhatsApp message sent to a contact (e.g. next's draft) with its outbound interaction. Send-like: the operator must confirm first.",
  find_contact: "Finds contacts by name or phone number and returns their ids.",
};

const CONFIRM: ReadonlySet<ToolName> = new Set(["mark_do_not_contact", "send_whatsapp"]);

/** A JSON Schema object of a tool's input, as generated from its zod schema. */
export interface ToolJsonSchema {
  type: "object";
  properties: Record<string, Record<string, unknown>>;
  required: string[];
  additionalProperties: false;
  [key: string]: unknown;
}

/** One tool for a chat model. */
export interface CallTimeTool<N extends ToolName = ToolName> {
  /** The function name the model calls. */
  readonly name: N;
  /** One or two sentences the model reads to decide when to call it. */
  readonly description: string;
  /** The zod (`zod/mini`) schema the arguments are validated with. */
  readonly inputSchema: (typeof toolInputSchemas)[N];
  /** The JSON Schema of the arguments, generated from `inputSchema` (no `$schema` key). */
  readonly jsonSchema: ToolJsonSchema;
  /** Send-like or destructive: `runTool` runs it only with `confirmed: true`, after the operator said yes. */
  readonly needsConfirmation: boolean;
}

// Drops what function-calling APIs do not need: `$schema`, and regex patterns that only restate a `format`.
function clean(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(clean);
  if (typeof node !== "object" || node === null) return node;
  const out: Record<string, unknown> = {};
  const o = node as Record<string, unknown>;
  for (const [k, v] of Object.entries(o)) {
    if (k === "$schema" || (k === "pattern" && typeof o.format === "string")) continue;
    out[k] = clean(v);
  }
  return out;
}

function jsonSchemaOf(schema: z.ZodMiniObject): ToolJsonSchema {
  const js = clean(z.toJSONSchema(schema, { io: "input" })) as Partial<ToolJsonSchema>;
  return { ...js, type: "object", properties: js.properties ?? {}, required: js.required ?? [], additionalProperties: false };
}

function define<N extends ToolName>(name: N): CallTimeTool<N> {
  return Object.freeze({ name, description: descriptions[name], inputSchema: toolInputSchemas[name], jsonSchema: jsonSchemaOf(toolInputSchemas[name]), needsConfirmation: CONFIRM.has(name) });
}

/**
 * Every call-time tool: `next`, `log_interaction`, `create_pledge`, `record_payment`,
 * `reschedule`, `due_followups`, `complete_followup`, `scoreboard`, `mark_do_not_contact`
 * and `send_whatsapp` (both need confirmation), and `find_contact`. Amounts are rupees,
 * times ISO-8601.
 * @example
 * ```ts
 * import { callTimeTools, toOpenAITools } from "zerodb-calltime/whatsapp";
 * const tools = toOpenAITools(callTimeTools); // pass as `tools` to a chat completion
 * ```
 */
export const callTimeTools: readonly CallTimeTool[] = Object.freeze((Object.keys(toolInputSchemas) as ToolName[]).map((n) => define(n) as CallTimeTool));

/**
 * The tool of a name, or `undefined` (a model may call a name that does not exist).
 * @example
 * ```ts
 * toolByName("record_payment")?.needsConfirmation; // false
 * ```
 */
export function toolByName(name: string): CallTimeTool | undefined {
  return callTimeTools.find((t) => t.name === name);
}

/** A tool in the `tools` shape of OpenAI-style chat completions. */
export interface OpenAITool {
  type: "function";
  function: { name: string; description: string; parameters: ToolJsonSchema };
}

/** A tool in the `tools` shape of Anthropic's messages API. */
export interface AnthropicTool {
  name: string;
  description: string;
  input_schema: ToolJsonSchema;
}

/**
 * Tools in the function-calling shape: `[{ type: "function", function: { name, description, parameters } }]`.
 * @example
 * ```ts
 * const body = { model, messages, tools: toOpenAITools(callTimeTools) };
 * ```
 */
export function toOpenAITools(tools: readonly CallTimeTool[] = callTimeTools): OpenAITool[] {
  return tools.map((t) => ({ type: "function", function: { name: t.name, description: t.description, parameters: t.jsonSchema } }));
}

/**
 * Tools in the `input_schema` shape: `[{ name, description, input_schema }]`.
 * @example
 * ```ts
 * const body = { model, max_tokens: 1024, messages, tools: toAnthropicTools(callTimeTools) };
 * ```
 */
export function toAnthropicTools(tools: readonly CallTimeTool[] = callTimeTools): AnthropicTool[] {
  return tools.map((t) => ({ name: t.name, description: t.description, input_schema: t.jsonSchema }));
}

/** A problem with one argument, named by its path (`amount`, `contact_id`). */
export interface ToolIssue {
  path: string;
  message: string;
}

/** What validating a model's arguments gives: the tool and its parsed arguments, or the issues. */
export type ToolArgsCheck =
  | { ok: true; tool: CallTimeTool; args: Record<string, unknown> }
  | { ok: false; code: "unknown_tool" | "invalid_arguments"; message: string; issues?: ToolIssue[] };

function valueAt(args: unknown, path: readonly PropertyKey[]): unknown {
  let v = args;
  for (const k of path) v = typeof v === "object" && v !== null ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

function issuesOf(error: z.core.$ZodError, args: unknown): ToolIssue[] {
  return error.issues.flatMap((i): ToolIssue[] => {
    if (i.code === "unrecognized_keys") return i.keys.map((k) => ({ path: [...i.path, k].join("."), message: "is not an argument of this tool" }));
    const path = i.path.map(String).join(".") || "(arguments)";
    if (i.path.length > 0 && valueAt(args, i.path) === undefined) return [{ path, message: "required" }];
    return [{ path, message: i.message }];
  });
}

/**
 * Validates a model's tool call: the name must be a tool, and the arguments (an object,
 * or its JSON text as the APIs deliver it) must fit its schema. Issues name the argument.
 * @example
 * ```ts
 * const r = checkToolArgs("create_pledge", '{"contact_id":"…","amount":"10k"}');
 * if (!r.ok) console.log(r.issues); // [{ path: "amount", message: "must be a number of rupees" }]
 * ```
 */
export function checkToolArgs(name: string, args: unknown): ToolArgsCheck {
  const tool = toolByName(name);
  if (tool === undefined) return { ok: false, code: "unknown_tool", message: `no tool named ${JSON.stringify(name.slice(0, 80))}; tools: ${callTimeTools.map((t) => t.name).join(", ")}` };
  let input: unknown = args ?? {};
  if (typeof input === "string") {
    try {
      input = input.trim() === "" ? {} : (JSON.parse(input) as unknown);
    } catch {
      return { ok: false, code: "invalid_arguments", message: "arguments are not valid JSON", issues: [{ path: "(arguments)", message: "must be a JSON object" }] };
    }
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return { ok: false, code: "invalid_arguments", message: "arguments must be an object", issues: [{ path: "(arguments)", message: "must be a JSON object" }] };
  }
  const r = z.safeParse(tool.inputSchema as z.ZodMiniObject, input);
  if (r.success) return { ok: true, tool, args: r.data as Record<string, unknown> };
  const issues = issuesOf(r.error, input);
  return { ok: false, code: "invalid_arguments", message: `invalid arguments of ${tool.name}: ${issues.map((i) => `${i.path} ${i.message}`).join("; ")}`, issues };
}

/** Why a tool call did not run (or did not succeed). */
export type ToolErrorCode = "invalid_arguments" | "unknown_tool" | "needs_confirmation" | "failed";

/** A compact JSON value: ids, amounts, statuses; no null fields. */
export type ToolJson = string | number | boolean | ToolJson[] | { [key: string]: ToolJson };

/**
 * What `scope.runTool` resolves to: hand it back to the model as the tool result
 * (`JSON.stringify(r)`); on an error the model reads which argument to fix.
 */
export type ToolRunResult =
  | { ok: true; result: { [key: string]: ToolJson } }
  | { ok: false; error: { code: ToolErrorCode; message: string; issues?: ToolIssue[] } };

/** Options of `scope.runTool`: who is calling, the clock, and the operator's confirmation. */
export interface RunToolOptions {
  /** The operator's session (recorded on interactions, logs and events). */
  sessionId?: string | undefined;
  /** The operator (author of the writes; `next` and `due_followups` are theirs). */
  userId?: string | undefined;
  /** The instant the tool acts at. Default: the clock. */
  now?: Date | string | undefined;
  /** The operator's IANA zone, for `next` and `scoreboard`. Default: the scope's `timeZone` setting, else `Asia/Kolkata`. */
  timeZone?: string | undefined;
  /** Aborts the workflow; an abort is thrown (it is the app's, not the model's). */
  signal?: AbortSignal | undefined;
  /** The operator said yes: lets a tool with `needsConfirmation` run. Never set it from the model's own arguments. */
  confirmed?: boolean | undefined;
}

/** An action the operator must confirm (`yes`) before it runs; kept in the session's `state_json.pending`. */
export interface PendingAction {
  /** The tool that runs on `yes`. */
  tool: "mark_do_not_contact";
  /** Its arguments. */
  args: { contact_id: string; reason?: string | undefined };
  /** The contact's name, for the question and the answer. */
  contactName: string;
  /** When it was asked; a `yes` after `expiresAt` runs nothing. */
  requestedAt: string;
  expiresAt: string;
}

/** Options of `scope.handleOperatorMessage`. */
export interface OperatorMessageOptions {
  /** The instant of the message. Default: the clock. */
  now?: Date | string | undefined;
  /** The operator's IANA zone (for "tomorrow 4pm" and the replies). Default: the scope's `timeZone` setting, else `Asia/Kolkata`. */
  timeZone?: string | undefined;
  signal?: AbortSignal | undefined;
}

/** What `scope.handleOperatorMessage` resolves to. */
export interface OperatorReply {
  /** The answer to send back, WhatsApp formatting (`*bold*`), at most 1,000 characters. */
  reply: string;
  /** What the message was read as. */
  intent: OperatorIntent;
  /** The tool that ran and succeeded, if any (e.g. `record_payment`). */
  ran?: ToolName | undefined;
  /** The action now waiting for the operator's `yes`, if any. */
  pending?: PendingAction | undefined;
}
