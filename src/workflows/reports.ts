/**
 * The day's scoreboard, a campaign's progress and CSV exports on the scope: the rows
 * are loaded with date-range and campaign filters, the numbers come from the pure
 * reports in `src/reports`.
 * @module
 */
import type { FileInfo } from "../api/files.js";
import { ValidationError } from "../http/errors.js";
import type { RequestOptions } from "../http/transport.js";
import { isTimeZone, localDate, localDayStart } from "../domain/zone.js";
import { campaignProgress, CSV_KINDS, dailyScoreboard, toCsv, type CampaignProgress, type CsvKind, type Scoreboard } from "../reports/index.js";
import type { CampaignGoalsRepository } from "../repositories/index.js";
import type { ContactRow } from "../schema/index.js";
import { Check, type WorkflowScope, type WorkflowSettings } from "./shared.js";

/** The parts of a project scope the reports read. */
export interface ReportsScope extends WorkflowScope {
  readonly campaignGoals: CampaignGoalsRepository;
}

/** Input of `scope.scoreboard`. */
export interface ScoreboardQuery {
  /** The local day `YYYY-MM-DD`. Default: the day of `now`. */
  date?: string | undefined;
  /** Only this campaign. Default: every campaign (targets summed). */
  campaignId?: string | undefined;
  /** Default: the scope's `workflowSettings.timeZone`, else `Asia/Kolkata`. */
  timeZone?: string | undefined;
  /** The instant whose local day is reported when no `date` is given. Default: the clock. */
  now?: Date | string | undefined;
}

/** Input of `scope.exportCsv`. */
export interface ExportCsvInput {
  /** First local date `YYYY-MM-DD` (inclusive). */
  from: string;
  /** Last local date `YYYY-MM-DD` (inclusive). */
  to: string;
  /** Only this campaign's interactions or payments; for contacts, those with an interaction, pledge or payment of the campaign in the range. */
  campaignId?: string | undefined;
  /** Default: the scope's time zone, else `Asia/Kolkata`. */
  timeZone?: string | undefined;
  /** Also upload the CSV to Files (folder `exports`) and, with `campaignId`, link it to the campaign. */
  store?: boolean | undefined;
  /** Name of the stored file. Default `{kind}-{from}-{to}.csv`. */
  file_name?: string | undefined;
}

/** What `scope.exportCsv` resolves to. */
export interface ExportCsvResult {
  csv: string;
  /** Data rows (the header not counted). */
  rows: number;
  /** The stored file, with `store: true`. */
  file?: FileInfo | undefined;
}

const DAY_MS = 86_400_000;
const PAGE = 1000;

/** The UTC instants `[start, end)` of a local day. */
function dayRange(date: string, timeZone: string): { start: string; end: string } {
  const midnightUtc = Date.parse(`${date}T00:00:00Z`);
  // the local day of a UTC instant near that midnight: one of these lands inside it in any zone (UTC−12 … UTC+14)
  const inside = [12, 0, 23, -11, 36].map((h) => midnightUtc + h * 3_600_000).find((t) => localDate(t, timeZone) === date) ?? midnightUtc;
  const start = localDayStart(inside, timeZone);
  const end = localDayStart(start + DAY_MS + 3 * 3_600_000, timeZone);
  return { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
}

function zoneOf(settings: WorkflowSettings, timeZone: string | undefined, path: string): string {
  const zone = timeZone ?? settings.timeZone ?? "Asia/Kolkata";
  if (!isTimeZone(zone)) throw new ValidationError([{ path, message: "must be an IANA time zone such as Asia/Kolkata", code: "invalid_time_zone" }]);
  return zone;
}

/**
 * The scoreboard of one local day: target (from `campaign_goals`), raised, pledged,
 * contacts reached, attempts, the gap and the top outcomes. Reads only that day's
 * interactions, pledges and payments (date-range filters) and its goals.
 * @example
 * ```ts
 * const board = await scoreboard(scope, scope.workflowSettings, { date: "2026-01-09" });
 * ```
 */
export async function scoreboard(scope: ReportsScope, settings: WorkflowSettings, input: ScoreboardQuery = {}, options: RequestOptions = {}): Promise<Scoreboard> {
  const c = new Check(input as unknown as Record<string, unknown>);
  c.known(["date", "campaignId", "timeZone", "now"]);
  c.date("date");
  c.uuid("campaignId");
  c.time("now");
  c.done();
  const timeZone = zoneOf(settings, input.timeZone, "timeZone");
  const date = input.date ?? localDate(input.now === undefined ? Date.now() : new Date(input.now).getTime(), timeZone);
  const { start, end } = dayRange(date, timeZone);
  const campaign = input.campaignId === undefined ? {} : { campaign_id: input.campaignId };
  const range = { $gte: start, $lt: end };
  const [interactions, pledges, payments, goals] = await Promise.all([
    scope.interactions.query({ filter: { ...campaign, occurred_at: range }, limit: PAGE }, options).toArray(),
    scope.pledges.query({ filter: { ...campaign, pledged_at: range }, limit: PAGE }, options).toArray(),
    scope.payments.query({ filter: { ...campaign, paid_at: range }, limit: PAGE }, options).toArray(),
    scope.campaignGoals.query({ filter: { ...campaign, date }, limit: PAGE }, options).toArray(),
  ]);
  return dailyScoreboard({ interactions, pledges, payments, goals }, { date, timeZone, ...(input.campaignId === undefined ? {} : { campaignId: input.campaignId }) });
}

/**
 * A campaign's totals (pledged, paid, outstanding) and conversion by outcome, from its
 * pledges, payments and interactions.
 * @example
 * ```ts
 * const { totalPledged, totalPaid, conversion } = await campaignProgressOf(scope, campaignId);
 * ```
 */
export async function campaignProgressOf(scope: ReportsScope, campaignId: string, options: RequestOptions = {}): Promise<CampaignProgress> {
  const c = new Check({ campaignId });
  c.uuid("campaignId", true);
  c.done();
  const campaign = await scope.campaigns.get(campaignId, options);
  const filter = { campaign_id: campaignId };
  const [pledges, payments, interactions] = await Promise.all([
    scope.pledges.query({ filter, limit: PAGE }, options).toArray(),
    scope.payments.query({ filter, limit: PAGE }, options).toArray(),
    scope.interactions.query({ filter, limit: PAGE }, options).toArray(),
  ]);
  return campaignProgress({ campaign, pledges, payments, interactions }, { campaignId });
}

/** Contacts with an interaction, pledge or payment of the campaign in the range, in id order. */
async function contactsActiveIn(scope: ReportsScope, campaignId: string, range: { $gte: string; $lt: string }, options: RequestOptions): Promise<ContactRow[]> {
  const [interactions, pledges, payments] = await Promise.all([
    scope.interactions.query({ filter: { campaign_id: campaignId, occurred_at: range }, limit: PAGE }, options).toArray(),
    scope.pledges.query({ filter: { campaign_id: campaignId, pledged_at: range }, limit: PAGE }, options).toArray(),
    scope.payments.query({ filter: { campaign_id: campaignId, paid_at: range }, limit: PAGE }, options).toArray(),
  ]);
  const ids = [...new Set([...interactions, ...pledges, ...payments].map((r) => r.contact_id))].sort();
  const rows = await scope.contacts.queryIn("id", ids, {}, options);
  return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const DATED_BY = { contacts: "created_at", interactions: "occurred_at", payments: "paid_at" } as const;

/**
 * Exports this project's contacts, interactions or payments of local dates `[from, to]`
 * (and a campaign) as CSV: RFC 4180 quoting, formula-like cells prefixed with `'`.
 * With `store: true` the CSV is uploaded (folder `exports`) and, with a campaign, linked
 * to it by a `file_links` row.
 * @example
 * ```ts
 * const { csv, rows, file } = await exportCsv(scope, scope.workflowSettings, "payments", { from: "2026-01-01", to: "2026-01-31", campaignId, store: true });
 * ```
 */
export async function exportCsv(scope: ReportsScope, settings: WorkflowSettings, kind: CsvKind, input: ExportCsvInput, options: RequestOptions = {}): Promise<ExportCsvResult> {
  const c = new Check(input as unknown as Record<string, unknown>);
  c.known(["from", "to", "campaignId", "timeZone", "store", "file_name"]);
  if (!(CSV_KINDS as readonly string[]).includes(kind)) c.fail("kind", `must be one of ${CSV_KINDS.join(", ")}`, "invalid_value");
  c.date("from");
  c.date("to");
  if (input.from == null) c.fail("from", "required", "required");
  if (input.to == null) c.fail("to", "required", "required");
  if (typeof input.from === "string" && typeof input.to === "string" && input.from > input.to) c.fail("to", "must not be before from", "invalid_range");
  c.uuid("campaignId");
  c.text("file_name", { max: 255 });
  c.done();
  const timeZone = zoneOf(settings, input.timeZone, "timeZone");
  const range = { $gte: dayRange(input.from, timeZone).start, $lt: dayRange(input.to, timeZone).end };
  const campaign = input.campaignId === undefined ? {} : { campaign_id: input.campaignId };
  const query = { filter: { ...campaign, [DATED_BY[kind]]: range }, limit: PAGE };
  const campaignContacts = kind === "contacts" && input.campaignId !== undefined;
  const loaded = campaignContacts
    ? await contactsActiveIn(scope, input.campaignId as string, range, options)
    : kind === "contacts"
      ? await scope.contacts.query(query as never, options).toArray()
      : kind === "interactions"
        ? await scope.interactions.query(query as never, options).toArray()
        : await scope.payments.query(query as never, options).toArray();
  // a campaign's contacts are chosen by their activity in the range, so the rows are not filtered again
  const csv = campaignContacts
    ? toCsv("contacts", loaded as never, { projectId: scope.projectId, timeZone })
    : toCsv(kind, loaded as never, { projectId: scope.projectId, from: input.from, to: input.to, timeZone, ...(input.campaignId === undefined ? {} : { campaignId: input.campaignId }) });
  const rows = loaded.length;
  if (input.store !== true) return { csv, rows };
  const file = await scope.files.upload(
    {
      file_name: input.file_name ?? `${kind}-${input.from}-${input.to}.csv`,
      content: csv,
      content_type: "text/csv",
      folder: "exports",
      metadata: { project_id: scope.projectId, type: "csv_export", kind, from: input.from, to: input.to, rows, ...(input.campaignId === undefined ? {} : { campaign_id: input.campaignId }) },
    },
    options,
  );
  if (input.campaignId !== undefined) await scope.fileLinks.create({ file_id: file.file_id, entity_type: "campaign", entity_id: input.campaignId }, options);
  return { csv, rows, file };
}
