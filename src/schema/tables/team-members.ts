/**
 * `team_members`: who is in which team. Natural key (team, user): id from `teamMemberId`.
 * @module
 */
import { defaultNow, oneOf, required, timestamp, uuid } from "../columns.js";
import { defineTable, type InsertOf, type RowOf, type UpdateOf } from "../define.js";
import { MEMBER_ROLES } from "../enums.js";
import { keyFields } from "./common.js";

/** `team_members`: one row per user in a team. */
export const teamMembers = defineTable({
  name: "team_members",
  description: "Membership of operators in teams.",
  fields: {
    ...keyFields,
    team_id: required(uuid()),
    user_id: required(uuid()),
    member_role: required(oneOf(MEMBER_ROLES)),
    created_at: defaultNow(timestamp()),
  },
  naturalKey: ["team_id", "user_id"],
});

/** A row of `team_members`. */
export type TeamMemberRow = RowOf<typeof teamMembers>;
/** An insert into `team_members`. */
export type TeamMemberInsert = InsertOf<typeof teamMembers>;
/** A partial update of `team_members`. */
export type TeamMemberUpdate = UpdateOf<typeof teamMembers>;
