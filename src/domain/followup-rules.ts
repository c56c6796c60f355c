/**
 * Auto-followup rules (US7.2) as pure functions: an interaction in, the followups it
 * calls for out. Each followup's id is derived from the interaction id and the rule, so
 * a retried workflow writes the same row again (and gets 409) instead of a second one.
 * @module
 */
import type { FollowupInsert } from "../schema/tables/followups.js";
import type { InteractionRow } from "../schema/tables/interactions.js";
import { ruleFollowupId } from "./ids.js";
import { toPaise } from "./money.js";

/** The rules: `no_response` → due 24 h later; `reschedule` → due when asked; `pledged_unpaid` → due 48 h later. */
export const FOLLOWUP_RULES = ["no_response", "reschedule", "pledged_unpaid"] as const;
/** One auto-followup rule. */
export type FollowupRule = (typeof FOLLOWUP_RULES)[number];

/** Which rules are on. A rule left out keeps the value from the level below. */
export type FollowupRuleToggles = Partial<Record<FollowupRule, boolean>>;

/** Every rule is on unless a team or operator turns it off. */
export const DEFAULT_FOLLOWUP_RULES: Readonly<Record<FollowupRule, boolean>> = { no_response: true, reschedule: true, pledged_unpaid: true };

/** The `reason` written on the followup each rule creates (the data model's vocabulary). */
export const FOLLOWUP_RULE_REASONS: Readonly<Record<FollowupRule, string>> = {
  no_response: "no_response",
  reschedule: "reschedule",
  pledged_unpaid: "send_payment_link",
};

const HOUR_MS = 3_600_000;

/** Thrown when an interaction needs input a rule cannot do without (a reschedule without a time). */
export class FollowupRuleError extends RangeError {
  override readonly name = "FollowupRuleError";
}

/**
 * The effective toggles: the operator's choice wins over the team's, the team's over the defaults.
 *
 * @example
 * resolveFollowupRules({ team: { no_response: false }, operator: { no_response: true } }).no_response; // true
 */
export function resolveFollowupRules(levels: { team?: FollowupRuleToggles; operator?: FollowupRuleToggles } = {}): Record<FollowupRule, boolean> {
  const out = { ...DEFAULT_FOLLOWUP_RULES };
  for (const level of [levels.team, levels.operator]) {
    if (level === undefined) continue;
    for (const r of FOLLOWUP_RULES) {
      const v = level[r];
      if (v !== undefined) out[r] = v;
    }
  }
  return out;
}

/** Input of {@link followupsForInteraction} besides the interaction. */
export interface FollowupRuleOptions {
  /** Effective toggles (see {@link resolveFollowupRules}). Default: every rule on. */
  rules?: FollowupRuleToggles;
  /** When the contact asked to be called back; required for a `reschedule` outcome (the data model has no field for it). */
  rescheduleAt?: string | Date;
}

function iso(value: string | Date, what: string): string {
  const t = value instanceof Date ? value.getTime() : Date.parse(value);
  if (!Number.isFinite(t)) throw new FollowupRuleError(`${what} is not a valid timestamp: ${String(value)}`);
  return new Date(t).toISOString();
}

/** The rule an interaction triggers, if any (before toggles). */
function ruleFor(interaction: InteractionRow): FollowupRule | undefined {
  switch (interaction.outcome) {
    case "no_response":
      return "no_response";
    case "reschedule":
      return "reschedule";
    case "pledged": {
      // pledged and already fully received in the same touch needs no chasing
      const pledged = interaction.amount_pledged;
      const received = interaction.amount_received ?? 0;
      return pledged != null && toPaise(received) >= toPaise(pledged) ? undefined : "pledged_unpaid";
    }
    default:
      return undefined;
  }
}

/**
 * The followups an interaction calls for under the enabled rules: none, or one row ready
 * to insert (status `scheduled`, assigned to the operator who logged the interaction,
 * id deterministic from the interaction). The rows are ordinary followups, editable later.
 *
 * @example
 * followupsForInteraction({ ...interaction, outcome: "no_response", occurred_at: "2026-01-09T10:00:00.000Z" });
 * // [{ id, project_id, contact_id, interaction_id, due_at: "2026-01-10T10:00:00.000Z", status: "scheduled", reason: "no_response" }]
 */
export function followupsForInteraction(interaction: InteractionRow, options: FollowupRuleOptions = {}): FollowupInsert[] {
  const rule = ruleFor(interaction);
  if (rule === undefined) return [];
  if (!(options.rules?.[rule] ?? DEFAULT_FOLLOWUP_RULES[rule])) return [];
  const occurred = Date.parse(iso(interaction.occurred_at, "occurred_at"));
  let dueAt: string;
  if (rule === "reschedule") {
    if (options.rescheduleAt === undefined) throw new FollowupRuleError("a reschedule outcome needs rescheduleAt (when to call back)");
    dueAt = iso(options.rescheduleAt, "rescheduleAt");
  } else {
    dueAt = new Date(occurred + (rule === "no_response" ? 24 : 48) * HOUR_MS).toISOString();
  }
  const followup: FollowupInsert = {
    id: ruleFollowupId(interaction.project_id, interaction.id, rule),
    project_id: interaction.project_id,
    contact_id: interaction.contact_id,
    interaction_id: interaction.id,
    due_at: dueAt,
    status: "scheduled",
    reason: FOLLOWUP_RULE_REASONS[rule],
  };
  if (interaction.campaign_id != null) followup.campaign_id = interaction.campaign_id;
  if (interaction.created_by_user_id != null) followup.assigned_to_user_id = interaction.created_by_user_id;
  return [followup];
}
