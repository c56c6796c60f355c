/**
 * Campaigns (status transitions) and their daily goals (one per campaign and day, "today"
 * in the operator's time zone).
 * @module
 */
import { campaignGoalId } from "../domain/ids.js";
import { isTimeZone, localDate as zoneLocalDate } from "../domain/zone.js";
import { InvariantError, ValidationError } from "../http/errors.js";
import type { RequestOptions } from "../http/transport.js";
import type { CampaignGoalRow, CampaignRow, CampaignStatus, campaignGoals, campaigns } from "../schema/index.js";
import { Repository } from "./base.js";

/** Default operator time zone for "today". */
export const DEFAULT_TIME_ZONE = "Asia/Kolkata";

/** Allowed campaign status changes: a completed campaign stays completed. */
export const CAMPAIGN_TRANSITIONS: Readonly<Record<CampaignStatus, readonly CampaignStatus[]>> = {
  active: ["paused", "completed"],
  paused: ["active", "completed"],
  completed: [],
};

/**
 * The calendar date (`YYYY-MM-DD`) of an instant in a time zone.
 * @example
 * ```ts
 * localDate(new Date("2026-01-08T19:00:00Z"), "Asia/Kolkata"); // "2026-01-09"
 * ```
 */
export function localDate(now: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  if (!isTimeZone(timeZone)) throw new ValidationError([{ path: "timeZone", message: `unknown time zone "${timeZone}"`, code: "invalid_time_zone" }]);
  return zoneLocalDate(now.getTime(), timeZone);
}

/** `scope.campaigns`: fundraising drives; status moves active ⇄ paused → completed. */
export class CampaignsRepository extends Repository<typeof campaigns> {
  /**
   * Pauses an active campaign.
   * @example
   * ```ts
   * await scope.campaigns.pause(campaignId);
   * ```
   */
  pause(id: string, options?: RequestOptions): Promise<CampaignRow> {
    return this.update(id, { status: "paused" }, options);
  }

  /**
   * Resumes a paused campaign.
   * @example
   * ```ts
   * await scope.campaigns.resume(campaignId);
   * ```
   */
  resume(id: string, options?: RequestOptions): Promise<CampaignRow> {
    return this.update(id, { status: "active" }, options);
  }

  /**
   * Completes a campaign (final).
   * @example
   * ```ts
   * await scope.campaigns.complete(campaignId);
   * ```
   */
  complete(id: string, options?: RequestOptions): Promise<CampaignRow> {
    return this.update(id, { status: "completed" }, options);
  }

  /** @internal */
  protected override async beforeWrite(before: CampaignRow | undefined, after: CampaignRow, options?: RequestOptions): Promise<void> {
    await super.beforeWrite(before, after, options);
    if (before !== undefined && before.status !== after.status && !CAMPAIGN_TRANSITIONS[before.status].includes(after.status)) {
      throw new InvariantError({ table: this.table.name, rule: "campaign_status_transition", field: "status", message: `cannot go from ${before.status} to ${after.status}` });
    }
  }
}

/** `scope.campaignGoals`: one target per campaign and date (a second one is a `DuplicateError`). */
export class CampaignGoalsRepository extends Repository<typeof campaignGoals> {
  /**
   * The goal of the day that `now` falls on in the operator's time zone (default
   * Asia/Kolkata), or undefined when none was set.
   * @example
   * ```ts
   * const goal = await scope.campaignGoals.forDay(campaignId, { now: new Date() });
   * ```
   */
  async forDay(campaignId: string, when: { now?: Date | undefined; timeZone?: string | undefined } = {}, options?: RequestOptions): Promise<CampaignGoalRow | undefined> {
    const date = localDate(when.now ?? this.now(), when.timeZone ?? DEFAULT_TIME_ZONE);
    return this.find(campaignGoalId(this.projectId, campaignId, date), options);
  }
}
