/**
 * The data model's enums (TEXT columns with a CHECK constraint): value lists and their types.
 * @module
 */

/** Channels of a touch: `whatsapp | call | email | sms`. */
export const CHANNELS = ["whatsapp", "call", "email", "sms"] as const;
/** A channel of a touch. */
export type Channel = (typeof CHANNELS)[number];

/** Direction of a touch or message. */
export const DIRECTIONS = ["inbound", "outbound"] as const;
/** Direction of a touch or message. */
export type Direction = (typeof DIRECTIONS)[number];

/** What came of an interaction. */
export const OUTCOMES = ["no_response", "spoke", "pledged", "paid", "declined", "reschedule", "wrong_number", "do_not_contact"] as const;
/** What came of an interaction. */
export type Outcome = (typeof OUTCOMES)[number];

/** Followup states: `scheduled → due → done`, or `cancelled`. */
export const FOLLOWUP_STATUSES = ["due", "scheduled", "done", "cancelled"] as const;
/** A followup state. */
export type FollowupStatus = (typeof FOLLOWUP_STATUSES)[number];

/** Operator roles. */
export const ROLES = ["ADMIN", "USER", "GUEST", "DEVELOPER"] as const;
/** An operator role. */
export type Role = (typeof ROLES)[number];

/** Roles within a team. */
export const MEMBER_ROLES = ["ADMIN", "MEMBER"] as const;
/** A role within a team. */
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** Contact states; `do_not_contact` is never suggested. */
export const CONTACT_STATUSES = ["active", "inactive", "do_not_contact"] as const;
/** A contact state. */
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

/** Campaign states. */
export const CAMPAIGN_STATUSES = ["active", "paused", "completed"] as const;
/** A campaign state. */
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** Pledge states. */
export const PLEDGE_STATUSES = ["open", "fulfilled", "cancelled"] as const;
/** A pledge state. */
export type PledgeStatus = (typeof PLEDGE_STATUSES)[number];

/** Payment states. */
export const PAYMENT_STATUSES = ["pending", "confirmed", "failed", "refunded"] as const;
/** A payment state. */
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** How a payment was made. */
export const PAYMENT_METHODS = ["upi", "bank", "cash", "card", "other"] as const;
/** How a payment was made. */
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** Kinds of contact identity. */
export const IDENTITY_TYPES = ["phone", "email"] as const;
/** A kind of contact identity. */
export type IdentityType = (typeof IDENTITY_TYPES)[number];

/** What a file can be linked to. */
export const FILE_ENTITY_TYPES = ["contact", "campaign", "interaction", "pledge", "payment"] as const;
/** What a file can be linked to. */
export type FileEntityType = (typeof FILE_ENTITY_TYPES)[number];
