/**
 * Followups and what is due.
 * @module
 */
import type { RequestOptions } from "../http/transport.js";
import type { FollowupRow, contacts, followups } from "../schema/index.js";
import { Repository, type Filter, type RepositoryDeps } from "./base.js";

/** Options of {@link FollowupsRepository.due}. */
export interface DueOptions {
  /** Due means `due_at <= now`. Default: the clock. */
  now?: Date | undefined;
  /** Only followups assigned to this operator. */
  userId?: string | undefined;
  /** Only followups of this campaign. */
  campaignId?: string | undefined;
  /** At most this many. Default: all. */
  limit?: number | undefined;
}

/** `scope.followups`: scheduled and due followups. */
export class FollowupsRepository extends Repository<typeof followups> {
  readonly #contacts: Repository<typeof contacts>;

  /** @internal */
  constructor(table: typeof followups, deps: RepositoryDeps, contactsRepo: Repository<typeof contacts>) {
    super(table, deps);
    this.#contacts = contactsRepo;
  }

  /**
   * Followups due by `now` (overdue included), oldest `due_at` first; never `done` or
   * `cancelled`, never for a contact that is do-not-contact, deleted or missing.
   * @example
   * ```ts
   * const due = await scope.followups.due({ now: new Date(), userId });
   * ```
   */
  async due(options: DueOptions = {}, requestOptions?: RequestOptions): Promise<FollowupRow[]> {
    const filter: Filter<FollowupRow> = { status: { $in: ["scheduled", "due"] }, due_at: { $lte: (options.now ?? this.now()).toISOString() } };
    if (options.userId !== undefined) filter.assigned_to_user_id = options.userId;
    if (options.campaignId !== undefined) filter.campaign_id = options.campaignId;
    const rows = await this.query({ filter, sort: { due_at: 1 }, limit: 1000 }, requestOptions).toArray();
    const contactIds = [...new Set(rows.map((r) => r.contact_id))];
    const found = await this.#contacts.queryIn("id", contactIds, {}, requestOptions);
    const workable = new Set(found.filter((c) => c.status !== "do_not_contact").map((c) => c.id));
    // the server's order is re-applied: ISO strings of one format sort as instants
    const out = rows.filter((r) => workable.has(r.contact_id)).sort((a, b) => Date.parse(a.due_at) - Date.parse(b.due_at));
    return options.limit === undefined ? out : out.slice(0, options.limit);
  }
}
