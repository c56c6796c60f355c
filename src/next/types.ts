/**
 * The shapes of NEXT: the snapshot `rankNext` reads, its options and its result, and the
 * drafting context. Rows are the tables' rows as stored (snake_case, ISO-8601 UTC
 * timestamps, amounts as numbers or decimal strings); only the fields NEXT reads are
 * required, so a row of the schema's row type always fits.
 * @module
 */

/** An amount as stored: rupees as a JSON number with at most two decimals, or a decimal string. */
export type Amount = number | string;

/** The fields of a `contacts` row NEXT reads. */
export interface SnapshotContact {
  id: string;
  display_name: string;
  primary_channel?: string | null | undefined;
  /** 1 (weak) to 5 (strong); default 3. */
  relationship_strength?: number | null | undefined;
  /** Free text such as `A`, `B`, `C`, `high`, `major`, `mid`, `low` or a rupee band like `1L+`. */
  capacity_band?: string | null | undefined;
  /** `active`, `inactive` or `do_not_contact`; default `active`. */
  status?: string | null | undefined;
  last_contacted_at?: string | null | undefined;
  next_suggested_at?: string | null | undefined;
  deleted_at?: string | null | undefined;
}

/** The fields of a `contact_identities` row NEXT reads. */
export interface SnapshotIdentity {
  id?: string | undefined;
  contact_id: string;
  /** `phone` or `email`. */
  type: string;
  /** E.164 for a phone, a lower-cased address for an email. */
  value: string;
  is_primary?: boolean | null | undefined;
  is_whatsapp_capable?: boolean | null | undefined;
  /** `false` once a call ended `wrong_number`. Default true. */
  is_valid?: boolean | null | undefined;
}

/** The fields of a `contact_tags` row NEXT reads. */
export interface SnapshotTag {
  contact_id: string;
  tag: string;
}

/** The fields of an `interactions` row NEXT reads. */
export interface SnapshotInteraction {
  id: string;
  contact_id: string;
  campaign_id?: string | null | undefined;
  /** `whatsapp`, `call`, `email` or `sms`. */
  channel: string;
  /** `inbound` or `outbound`. */
  direction: string;
  /** One of the data model's outcomes (`no_response`, `spoke`, `pledged`, ...). */
  outcome: string;
  summary?: string | null | undefined;
  amount_pledged?: Amount | null | undefined;
  amount_received?: Amount | null | undefined;
  occurred_at: string;
}

/** The fields of a `followups` row NEXT reads. */
export interface SnapshotFollowup {
  id: string;
  contact_id: string;
  campaign_id?: string | null | undefined;
  interaction_id?: string | null | undefined;
  due_at: string;
  /** `scheduled`, `due`, `done` or `cancelled`. */
  status?: string | null | undefined;
  /** Free text; the auto-followup rules write their rule's reason (e.g. "Donor asked to be called back"). */
  reason?: string | null | undefined;
  suggested_message?: string | null | undefined;
  assigned_to_user_id?: string | null | undefined;
}

/** The fields of a `pledges` row NEXT reads. */
export interface SnapshotPledge {
  id: string;
  contact_id: string;
  campaign_id?: string | null | undefined;
  amount: Amount;
  currency?: string | null | undefined;
  pledged_at?: string | null | undefined;
  /** A date `YYYY-MM-DD`. */
  expected_by?: string | null | undefined;
  /** `open`, `fulfilled` or `cancelled`; default `open`. */
  status?: string | null | undefined;
}

/** The fields of a `payments` row NEXT reads. */
export interface SnapshotPayment {
  id: string;
  contact_id: string;
  pledge_id?: string | null | undefined;
  campaign_id?: string | null | undefined;
  amount: Amount;
  paid_at?: string | null | undefined;
  method?: string | null | undefined;
  /** `pending`, `confirmed`, `failed` or `refunded`; default `confirmed`. Only confirmed payments count. */
  status?: string | null | undefined;
}

/** A memory of a contact (the memory API's record, or just its content and metadata). */
export interface SnapshotMemory {
  content: string;
  /** `contact_id` says whose it is; `tone` (`formal` / `friendly`) and `preferred_channel` are read when present. */
  memory_metadata?: Readonly<Record<string, unknown>> | null | undefined;
}

/** A past interaction of a similar contact that ended well (vector search in the `interactions` namespace). */
export interface SimilarWin {
  contact_id?: string | null | undefined;
  interaction_id?: string | null | undefined;
  outcome?: string | null | undefined;
  summary?: string | null | undefined;
  score?: number | null | undefined;
}

/** Everything `rankNext` reads. Missing arrays mean empty; the order of no array matters. */
export interface NextSnapshot {
  contacts: readonly SnapshotContact[];
  identities?: readonly SnapshotIdentity[] | undefined;
  tags?: readonly SnapshotTag[] | undefined;
  interactions?: readonly SnapshotInteraction[] | undefined;
  followups?: readonly SnapshotFollowup[] | undefined;
  pledges?: readonly SnapshotPledge[] | undefined;
  payments?: readonly SnapshotPayment[] | undefined;
  memories?: readonly SnapshotMemory[] | undefined;
  similarWins?: readonly SimilarWin[] | undefined;
}

/** Why a contact is suggested: a stable code. */
export const REASON_CODES = [
  "reply_waiting",
  "reschedule_due",
  "followup_overdue",
  "followup_due",
  "pledge_overdue",
  "pledge_balance",
  "pledge_open",
  "never_contacted",
  "stale_relationship",
  "warm_lead",
] as const;
/** Why a contact is suggested. */
export type ReasonCode = (typeof REASON_CODES)[number];

/** Why a contact was filtered out before ranking: a stable code. */
export const EXCLUSION_CODES = ["deleted", "do_not_contact", "inactive", "wrong_number", "no_reachable_identity", "touched_today", "quiet_hours"] as const;
/** Why a contact was filtered out. */
export type ExclusionCode = (typeof EXCLUSION_CODES)[number];

/** How to reach the contact. */
export type NextAction = "call" | "whatsapp";

/** Weights of the signals (multipliers of the defaults; 0 turns a signal off). */
export interface RankWeights {
  replyWaiting?: number | undefined;
  reschedule?: number | undefined;
  followup?: number | undefined;
  pledge?: number | undefined;
  recency?: number | undefined;
  capacity?: number | undefined;
  relationship?: number | undefined;
  frequency?: number | undefined;
  fatigue?: number | undefined;
}

/** The attempt-fatigue policy: unanswered attempts since the last answer before the penalty bites. */
export interface AttemptPolicy {
  /** Unanswered attempts allowed before the penalty starts. Default 3. */
  freeAttempts?: number | undefined;
  /** Days an attempt counts for. Default 14. */
  windowDays?: number | undefined;
}

/** A time of day `HH:MM` (24 h) in the operator's zone. */
export type ClockTime = `${number}:${number}`;

/** Options of `rankNext`. */
export interface RankOptions {
  /** The instant of the ranking (required: NEXT has no clock of its own). */
  now: Date | string;
  /** The operator's IANA time zone. Default `Asia/Kolkata`. */
  timeZone?: string | undefined;
  /** Hours in which contacts may be reached, in `timeZone`. Default `{ start: "09:00", end: "21:00" }`. */
  quietHours?: { start: string; end: string } | undefined;
  /** Suggest contacts already touched today. Default false. */
  allowSameDay?: boolean | undefined;
  weights?: RankWeights | undefined;
  attemptPolicy?: AttemptPolicy | undefined;
  /** How many runners-up to return. Default 3. */
  runnersUp?: number | undefined;
  /** Options passed on to the draft of each suggestion (payee, sender name, variant). */
  draft?: DraftOptions | undefined;
}

/** One contribution to a score. */
export interface Factor {
  code: string;
  contribution: number;
}

/** One suggestion of NEXT. */
export interface Suggestion {
  contactId: string;
  displayName: string;
  action: NextAction;
  reasonCode: ReasonCode;
  /** One line, at most 120 characters, from the code and the numbers that triggered it. */
  reason: string;
  score: number;
  /** The top contributions, largest magnitude first. */
  factors: Factor[];
  /** The suggested draft, at most 300 characters. */
  message: string;
  links: { whatsapp?: string | undefined; upi?: string | undefined };
  /** On a runner-up: one line on why it ranked below the pick. */
  whyLower?: string | undefined;
}

/** The result of `rankNext`. */
export interface RankResult {
  pick: Suggestion | null;
  runnersUp: Suggestion[];
  /** Filtered contacts by exclusion code (codes with no contact are 0). */
  excluded: Record<ExclusionCode, number>;
  /** Why `pick` is null: `quiet_hours`, `no_contacts` or `all_excluded`. */
  noneReason?: "quiet_hours" | "no_contacts" | "all_excluded" | undefined;
}

/** What a draft is for. */
export const DRAFT_OBJECTIVES = ["ask", "pledge_reminder", "collect_remaining", "thank_you", "renewal", "followup"] as const;
/** What a draft is for. */
export type DraftObjective = (typeof DRAFT_OBJECTIVES)[number];

/** Tone of a draft. */
export type DraftTone = "formal" | "friendly";

/** What a draft is about. */
export interface DraftContext {
  /** The contact's display name; the first name is used. */
  displayName: string;
  objective: DraftObjective;
  /** E.164 number for the `wa.me` link; none means no WhatsApp link. */
  phone?: string | undefined;
  /** Default from memory or tags, else `friendly`. */
  tone?: DraftTone | undefined;
  /** Rupees the message is about (the ask, the pledge, the remaining balance, the gift). */
  amount?: Amount | undefined;
  /** A date `YYYY-MM-DD` the pledge is expected by. */
  dueDate?: string | undefined;
  /** The campaign's name, when known. */
  campaignName?: string | undefined;
  /** One concrete impact line ("₹500 feeds a child for a month"). */
  impactLine?: string | undefined;
}

/** The payee of UPI links. */
export interface UpiPayee {
  /** The payee's VPA, e.g. `trust@okaxis`. */
  vpa: string;
  /** The payee's name as the UPI app shows it. */
  name: string;
}

/** Options of `draftMessage`. */
export interface DraftOptions {
  /** Picks another wording of the same template. Default 0. */
  variant?: number | undefined;
  /** Signs the message. */
  senderName?: string | undefined;
  /** Where payment asks send money; without it no UPI link is made. */
  payee?: UpiPayee | undefined;
}

/** A drafted message. */
export interface Draft {
  /** WhatsApp-formatted text, at most 300 characters. */
  text: string;
  tone: DraftTone;
  objective: DraftObjective;
  links: { whatsapp?: string | undefined; upi?: string | undefined };
}

/** A chat model that drafts instead of the templates (bring your own key). */
export interface Drafter {
  draft(context: DraftContext, options: DraftOptions & { signal?: AbortSignal | undefined }): Promise<{
    text: string;
    usage?: { provider: string; model: string; prompt_tokens: number; completion_tokens: number; request_id?: string | undefined } | undefined;
  }>;
}
