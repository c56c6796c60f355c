/**
 * CSV export of contacts, interactions and payments (RFC 4180), of one project only, with
 * formula-injection protection. Columns and their order come from the schema. Pure.
 * @module
 */
import { InvariantError } from "../http/errors.js";
import { contacts, type ContactRow } from "../schema/tables/contacts.js";
import { interactions, type InteractionRow } from "../schema/tables/interactions.js";
import { payments, type PaymentRow } from "../schema/tables/payments.js";
import { checkTimeZone, DEFAULT_TIME_ZONE, inCampaign, invalid, isIsoDate, localDateRange } from "./shared.js";

/** What can be exported. */
export const CSV_KINDS = ["contacts", "interactions", "payments"] as const;
/** What can be exported. */
export type CsvKind = (typeof CSV_KINDS)[number];

/** The row type of each kind. */
export interface CsvRowOf {
  contacts: ContactRow;
  interactions: InteractionRow;
  payments: PaymentRow;
}

/** Which rows to export. */
export interface CsvOptions {
  /** The scope's project: a row of any other project makes the export throw. */
  projectId: string;
  /** First local date `YYYY-MM-DD` to include (inclusive). */
  from?: string | undefined;
  /** Last local date `YYYY-MM-DD` to include (inclusive). */
  to?: string | undefined;
  /** Only this campaign's rows (interactions and payments; contacts have no campaign). */
  campaignId?: string | undefined;
  /** Zone of `from` and `to`. Default `Asia/Kolkata`. */
  timeZone?: string | undefined;
  /** Start with a UTF-8 byte-order mark, so spreadsheet apps read ₹ and Indic names right. Default false. */
  bom?: boolean | undefined;
}

const TABLES = { contacts, interactions, payments } as const;
/** The instant a row is dated by, per kind. */
const DATED_BY = { contacts: "created_at", interactions: "occurred_at", payments: "paid_at" } as const;
// OWASP CSV injection: a cell starting with these may run as a formula in a spreadsheet.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV cell: empty for null or undefined, numbers and booleans as written, dates as
 * ISO-8601, objects and arrays as JSON; a string starting with `=`, `+`, `-`, `@`, tab or
 * CR gets a leading `'` (so an E.164 `+9198…` in a text column comes out as `'+9198…`;
 * numbers such as a negative amount are never prefixed); quoted when it holds `"`, `,`,
 * CR or LF, with `"` doubled.
 *
 * @example
 * csvCell("=1+1"); // "'=1+1"
 * csvCell('Rao, "Asha"'); // '"Rao, ""Asha"""'
 */
export function csvCell(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") text = String(value);
  else if (value instanceof Date) text = value.toISOString();
  else if (typeof value === "string") text = FORMULA_START.test(value) ? `'${value}` : value;
  else text = JSON.stringify(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function checkOptions(kind: CsvKind, options: CsvOptions): string {
  if (!(CSV_KINDS as readonly string[]).includes(kind)) throw invalid("kind", `must be one of ${CSV_KINDS.join(", ")}`, "enum");
  if (typeof options.projectId !== "string" || options.projectId === "") throw invalid("options.projectId", "must be the scope's project id", "required");
  for (const key of ["from", "to"] as const) {
    if (options[key] !== undefined && !isIsoDate(options[key])) throw invalid(`options.${key}`, "must be a date YYYY-MM-DD", "date");
  }
  if (options.from !== undefined && options.to !== undefined && options.from > options.to) throw invalid("options.to", "must not be before from", "range");
  if (options.campaignId !== undefined && kind === "contacts") {
    throw invalid("options.campaignId", "contacts have no campaign: pass the campaign's contacts as rows instead", "not_applicable");
  }
  return checkTimeZone(options.timeZone ?? DEFAULT_TIME_ZONE, "options.timeZone");
}

/**
 * The export line by line (header first, each line ending in CRLF), for streaming to a
 * file. Checks every row's project before yielding anything, so an export that would
 * leak another project's row fails whole.
 *
 * @throws {ValidationError} `kind` or `options.<field>`; `rows[i].<dated field>` when a date filter meets an unreadable timestamp.
 * @throws {InvariantError} rule `project_isolation`, field `rows[i].project_id`.
 * @example
 * for (const line of csvRows("payments", rows, { projectId })) out.write(line);
 */
export function* csvRows<K extends CsvKind>(kind: K, rows: readonly CsvRowOf[K][], options: CsvOptions): Generator<string, void, undefined> {
  const timeZone = checkOptions(kind, options);
  rows.forEach((row, i) => {
    if (row.project_id !== options.projectId) {
      throw new InvariantError({ table: kind, rule: "project_isolation", field: `rows[${i}].project_id`, message: `the row is not of project ${options.projectId}; nothing is exported` });
    }
  });
  const columns: readonly string[] = TABLES[kind].columns;
  const datedBy = DATED_BY[kind];
  const wanted = inCampaign(options.campaignId);
  const { from, to } = options;
  const inRange = localDateRange(from, to, timeZone);
  if (options.bom === true) yield "\uFEFF";
  yield `${columns.map(csvCell).join(",")}\r\n`;
  for (const [i, row] of rows.entries()) {
    const record = row as unknown as Readonly<Record<string, unknown>>;
    if (!wanted(record as { campaign_id?: string | null })) continue;
    if (from !== undefined || to !== undefined) {
      const at = record[datedBy];
      if (typeof at !== "string" && !(at instanceof Date)) continue;
      if (!inRange(at, `rows[${i}].${datedBy}`)) continue;
    }
    yield `${columns.map((c) => csvCell(record[c])).join(",")}\r\n`;
  }
}

/**
 * The CSV of contacts, interactions or payments of one project (RFC 4180: CRLF line ends,
 * a header row of the table's columns in the schema's order, quoting by {@link csvCell}),
 * filtered to local dates `[from, to]` (on `created_at`, `occurred_at` or `paid_at`) and
 * to a campaign. Any row of another project throws: it is never exported.
 *
 * @throws {ValidationError} `kind` or `options.<field>`.
 * @throws {InvariantError} rule `project_isolation`, field `rows[i].project_id`.
 * @example
 * const csv = toCsv("payments", rows, { projectId, from: "2026-01-01", to: "2026-01-31", campaignId });
 */
export function toCsv<K extends CsvKind>(kind: K, rows: readonly CsvRowOf[K][], options: CsvOptions): string {
  return [...csvRows(kind, rows, options)].join("");
}
