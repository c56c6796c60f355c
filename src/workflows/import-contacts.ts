/**
 * `scope.importContacts`: contacts from CSV text, a stream, a file or an array of
 * objects, validated row by row, normalized, deduplicated within the source and against
 * the project by `(type, value)`, tagged, with bounded concurrency.
 *
 * Writes per new contact: the contact (its id a UUIDv5 of its first identity, so a rerun
 * or a retried insert collides on `id`), then its identities, then its tags. A crash
 * between them leaves a contact the next run of the same file completes.
 * @module
 */
import { naturalKeyId } from "../domain/ids.js";
import { DuplicateError, ValidationError, isErrorOf } from "../http/errors.js";
import type { RequestOptions } from "../http/transport.js";
import type { ContactIdentitiesRepository, ContactTagsRepository, Repository } from "../repositories/index.js";
import type { contacts as contactsTable, ContactIdentityRow, ContactRow, fileLinks as fileLinksTable } from "../schema/index.js";
import type { FilesAPI } from "../api/files.js";
import { identityKey, mapImportRow, resolveColumns, type ImportField, type ImportIssue, type MappedContact } from "./import-rows.js";
import { loadPhoneNormalizer } from "../repositories/contacts.js";

export type { ImportField, ImportIssue } from "./import-rows.js";

/**
 * What `importContacts` reads:
 * - a `string`: CSV text (header line first);
 * - `{ path }` or a `file:` `URL`: a CSV file, read in Node only;
 * - an async iterable of text or bytes (a Node `Readable`, a web `ReadableStream`): CSV streamed;
 * - an array of objects keyed like CSV headers (values may be strings, numbers or arrays).
 */
export type ImportSource =
  | string
  | { path: string }
  | URL
  | AsyncIterable<string | Uint8Array>
  | readonly Readonly<Record<string, unknown>>[];

/** Progress of an import, reported after every row. `processed` only grows. */
export interface ImportProgress {
  /** Rows finished (any outcome). */
  processed: number;
  /** Rows in the source, when known (text, file and array sources). */
  total: number | undefined;
  /** Contacts created so far. */
  created: number;
  /** Existing contacts changed so far. */
  updated: number;
  /** Rows matching an existing contact with nothing to change so far. */
  unchanged: number;
  /** Rows refused so far (bad or duplicate rows). */
  skipped: number;
  /** Rows whose writes failed so far. */
  failed: number;
}

/** Options of `importContacts`. */
export interface ImportContactsOptions {
  /** Header → field for headers the defaults do not know (matched case-insensitively); `null` ignores a column. */
  columns?: Readonly<Record<string, ImportField | null>> | undefined;
  /** CSV delimiter. Default `,`. */
  delimiter?: string | undefined;
  /** Country assumed for phones typed without `+`/`00`. Default `IN`. */
  defaultCountry?: string | undefined;
  /** Tags added to every imported contact. */
  tags?: readonly string[] | undefined;
  /** Rows written at once. Default 8, at most 64. */
  concurrency?: number | undefined;
  /** Stops starting new rows (rows in flight finish); the result says `aborted: true`. */
  signal?: AbortSignal | undefined;
  /** Validate and look up, but write nothing: the counts say what an import would do. */
  dryRun?: boolean | undefined;
  /** Called after every row. */
  onProgress?: ((progress: ImportProgress) => void) | undefined;
  /**
   * Also store the source (text or file sources) in Files, with a `file_links` row linking
   * it to `campaignId` when given, else to every contact the import created or updated.
   */
  storeSource?: { fileName?: string | undefined; campaignId?: string | undefined } | boolean | undefined;
}

/** The report of an import. */
export interface ImportContactsResult {
  /** Contacts created. */
  created: number;
  /** Existing contacts (matched by a phone or email) given new fields, identities or tags. */
  updated: number;
  /** Rows matching an existing contact with nothing new: a rerun of the same file lands here. */
  unchanged: number;
  /** Rows refused: invalid, duplicate within the source, or identities owned by several contacts. */
  skipped: number;
  /** Rows whose writes failed after retries (see `issues`, rule `write_failed`); run the import again to finish them. */
  failed: number;
  /** Rows read from the source. */
  rows: number;
  /** One entry per problem of a skipped or failed row, in line order. */
  issues: ImportIssue[];
  /** Source columns that feed no field. */
  ignoredColumns: string[];
  /** Ids of the contacts created or updated. */
  contactIds: string[];
  /** The stored source file, with `storeSource`. */
  fileId?: string;
  /** Whether `signal` stopped the import early. */
  aborted: boolean;
  /** Whether this was a dry run (nothing written). */
  dryRun: boolean;
}

/** What the workflow needs from the project scope. */
export interface ImportDeps {
  /** The scope's project. */
  projectId: string;
  contacts: Repository<typeof contactsTable>;
  contactIdentities: ContactIdentitiesRepository;
  contactTags: ContactTagsRepository;
  fileLinks: Repository<typeof fileLinksTable>;
  files: FilesAPI;
  now?: () => Date;
}

interface SourceRow {
  line: number;
  record: Record<string, unknown>;
}

/** Rows whose project state is read together (a few `$in` queries) before they are written. */
const BATCH = 200;

const CSV_OPTIONS = { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true } as const;

function isPathSource(s: ImportSource): s is { path: string } | URL {
  return s instanceof URL || (typeof s === "object" && s !== null && !Array.isArray(s) && typeof (s as { path?: unknown }).path === "string");
}

async function readFileText(s: { path: string } | URL): Promise<string> {
  // lazy: bundlers of the main entry never see node:fs
  const fs = await import("node:fs/promises");
  return fs.readFile(s instanceof URL ? s : s.path, "utf8");
}

/** CSV records as header-keyed objects with their line numbers. */
async function csvRows(text: string, delimiter: string): Promise<{ headers: string[]; rows: SourceRow[] }> {
  // loaded on the first import, so apps that never import pay nothing for the CSV parser
  const { parse: parseCsvSync } = await import("csv-parse/sync");
  const records = parseCsvSync(text, { ...CSV_OPTIONS, delimiter, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
  const [head, ...rest] = records;
  if (head === undefined) return { headers: [], rows: [] };
  const headers = head.record;
  return { headers, rows: rest.map((r) => ({ line: r.info.lines, record: Object.fromEntries(headers.map((h, i) => [h, r.record[i]])) })) };
}

async function* csvStream(source: AsyncIterable<string | Uint8Array>, delimiter: string, onHeaders: (h: string[]) => void): AsyncGenerator<SourceRow> {
  const { parse } = await import("csv-parse");
  const parser = parse({ ...CSV_OPTIONS, delimiter, info: true });
  const feeding = (async () => {
    try {
      for await (const chunk of source) {
        if (!parser.write(chunk)) await new Promise<void>((resolve) => parser.once("drain", resolve));
      }
      parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();
  let headers: string[] | undefined;
  for await (const r of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (headers === undefined) {
      headers = r.record;
      onHeaders(headers);
      continue;
    }
    const h = headers;
    yield { line: r.info.lines, record: Object.fromEntries(h.map((k, i) => [k, r.record[i]])) };
  }
  await feeding;
  if (headers === undefined) onHeaders([]);
}

/**
 * Imports contacts. See `ProjectScope.importContacts`.
 * @internal
 */
export async function importContacts(deps: ImportDeps, source: ImportSource, options: ImportContactsOptions = {}): Promise<ImportContactsResult> {
  const now = deps.now ?? (() => new Date());
  const concurrency = options.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new ValidationError([{ path: "concurrency", message: "must be an integer from 1 to 64", code: "invalid_value" }]);
  }
  const delimiter = options.delimiter ?? ",";
  await loadPhoneNormalizer();
  const dryRun = options.dryRun === true;
  const store = options.storeSource === true ? {} : options.storeSource === false ? undefined : options.storeSource;
  if (typeof source !== "string" && !Array.isArray(source) && !isPathSource(source as ImportSource) && typeof (source as AsyncIterable<unknown>)[Symbol.asyncIterator] !== "function") {
    throw new ValidationError([{ path: "source", message: "must be CSV text, { path }, a file URL, an async iterable of text or bytes, or an array of objects", code: "invalid_type" }]);
  }
  resolveColumns([], options.columns); // checks the mapping before anything is read

  let text: string | undefined;
  let fileName = "contacts.csv";
  if (isPathSource(source as ImportSource)) {
    const p = source as { path: string } | URL;
    text = await readFileText(p);
    fileName = (p instanceof URL ? p.pathname : p.path).split(/[\\/]/).pop() || fileName;
  } else if (typeof source === "string") text = source;
  if (store !== undefined && text === undefined) {
    throw new ValidationError([{ path: "storeSource", message: "needs a text or file source (a stream or an array is not kept)", code: "invalid_value" }]);
  }

  let fields: Record<string, ImportField> = {};
  let ignoredColumns: string[] = [];
  const setHeaders = (headers: string[]): void => {
    ({ fields, ignored: ignoredColumns } = resolveColumns(headers, options.columns));
  };
  let total: number | undefined;
  let rows: AsyncIterable<SourceRow> | Iterable<SourceRow>;
  if (text !== undefined) {
    const parsed = await csvRows(text, delimiter);
    setHeaders(parsed.headers);
    rows = parsed.rows;
    total = parsed.rows.length;
  } else if (Array.isArray(source)) {
    const arr = source as readonly Readonly<Record<string, unknown>>[];
    setHeaders([...new Set(arr.flatMap((o) => Object.keys(o)))]);
    rows = arr.map((record, i) => ({ line: i + 1, record: { ...record } }));
    total = arr.length;
  } else {
    rows = csvStream(source as AsyncIterable<string | Uint8Array>, delimiter, setHeaders);
  }

  const result: ImportContactsResult = { created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, rows: 0, issues: [], ignoredColumns: [], contactIds: [], aborted: false, dryRun };
  let processed = 0;
  const progress = (): void => {
    processed++;
    options.onProgress?.({ processed, total, created: result.created, updated: result.updated, unchanged: result.unchanged, skipped: result.skipped, failed: result.failed });
  };
  const skip = (issues: ImportIssue[]): void => {
    result.skipped++;
    result.issues.push(...issues);
    progress();
  };

  const seenKeys = new Map<string, number>();
  // the signal is checked between rows, not passed to requests: a row in flight finishes whole
  const request: RequestOptions = {};
  const ctx: RowContext = { deps, request, dryRun, now };
  const settle = (row: MappedContact, outcome: Outcome | { kind: "failed"; error: unknown }): void => {
    if (outcome.kind === "failed") {
      result.failed++;
      const e = outcome.error;
      result.issues.push({ line: row.line, field: "row", rule: "write_failed", message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    } else if (outcome.kind === "skipped") {
      result.skipped++;
      result.issues.push(outcome.issue);
    } else {
      result[outcome.kind]++;
      if (outcome.kind !== "unchanged") result.contactIds.push(outcome.contactId);
    }
    progress();
  };
  const runBatch = async (batch: MappedContact[]): Promise<void> => {
    let known: Known;
    try {
      known = await prefetch(ctx, batch);
    } catch (error) {
      for (const row of batch) settle(row, { kind: "failed", error });
      return;
    }
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < batch.length) {
        if (options.signal?.aborted === true) {
          result.aborted = true;
          return;
        }
        const row = batch[next++]!;
        try {
          settle(row, await importOne(ctx, known, row));
        } catch (error) {
          settle(row, { kind: "failed", error });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, worker));
  };

  let batch: MappedContact[] = [];
  for await (const { line, record } of rows) {
    if (options.signal?.aborted === true) {
      result.aborted = true;
      break;
    }
    result.rows++;
    const mapped = mapImportRow(record, line, { fields, defaultCountry: options.defaultCountry, tags: options.tags, now: now() });
    if (!mapped.ok) {
      skip(mapped.issues);
      continue;
    }
    const dup = mapped.value.identities.find((i) => seenKeys.has(identityKey(i)));
    if (dup !== undefined) {
      skip([{ line, field: dup.type, rule: "duplicate_in_file", message: `same ${dup.type} as line ${seenKeys.get(identityKey(dup))}`, value: dup.raw }]);
      continue;
    }
    for (const i of mapped.value.identities) seenKeys.set(identityKey(i), line);
    batch.push(mapped.value);
    if (batch.length >= BATCH) {
      await runBatch(batch);
      batch = [];
      if (result.aborted) break;
    }
  }
  if (!result.aborted && batch.length > 0) await runBatch(batch);
  if (result.aborted && Symbol.asyncIterator in rows) {
    // stop reading a stream we no longer need
    await (rows as AsyncGenerator<SourceRow>).return?.(undefined);
  }
  result.ignoredColumns = ignoredColumns;
  result.issues.sort((a, b) => a.line - b.line);

  if (store !== undefined && text !== undefined && !dryRun && !result.aborted) {
    const file = await deps.files.upload({ file_name: store.fileName ?? fileName, content: text, content_type: "text/csv", folder: "imports" }, request);
    result.fileId = file.file_id;
    const targets: { entity_type: "campaign" | "contact"; entity_id: string }[] = store.campaignId !== undefined ? [{ entity_type: "campaign" as const, entity_id: store.campaignId }] : result.contactIds.map((id) => ({ entity_type: "contact" as const, entity_id: id }));
    await runBounded(targets, concurrency, (t) => deps.fileLinks.create({ file_id: file.file_id, ...t }, request));
  }
  return result;
}

async function runBounded<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

interface RowContext {
  deps: ImportDeps;
  request: RequestOptions;
  dryRun: boolean;
  now: () => Date;
}

type Outcome = { kind: "created" | "updated" | "unchanged"; contactId: string } | { kind: "skipped"; issue: ImportIssue };

/** The contact id of an imported row without an existing owner: UUIDv5 of its first identity. */
export function importedContactId(projectId: string, first: { type: string; value: string }): string {
  return naturalKeyId(projectId, "contacts_import", [first.type, first.value]);
}

/** What one batch of rows needs to know about the project, read in a few `$in` queries. */
interface Known {
  identities: Map<string, ContactIdentityRow>;
  contacts: Map<string, ContactRow>;
  identitiesOf: Map<string, ContactIdentityRow[]>;
  tagsOf: Map<string, Set<string>>;
}

const chunks = <T>(items: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

async function prefetch(ctx: RowContext, batch: readonly MappedContact[]): Promise<Known> {
  const { deps, request } = ctx;
  const known: Known = { identities: new Map(), contacts: new Map(), identitiesOf: new Map(), tagsOf: new Map() };
  const values = [...new Set(batch.flatMap((r) => r.identities.map((i) => i.value)))];
  for (const part of chunks(values, 500)) {
    for await (const r of deps.contactIdentities.query({ filter: { value: { $in: part } }, limit: 1000 }, request)) known.identities.set(identityKey(r), r);
  }
  const candidates = new Set<string>();
  for (const row of batch) {
    const owner = row.identities.map((i) => known.identities.get(identityKey(i))?.contact_id).find((id) => id !== undefined);
    candidates.add(owner ?? importedContactId(deps.projectId, row.identities[0]!));
  }
  for (const part of chunks([...candidates], 500)) {
    for await (const c of deps.contacts.query({ filter: { id: { $in: part } }, limit: 1000, includeDeleted: true }, request)) known.contacts.set(c.id, c);
  }
  for (const part of chunks([...known.contacts.keys()], 500)) {
    for await (const i of deps.contactIdentities.query({ filter: { contact_id: { $in: part } }, limit: 1000 }, request)) {
      const list = known.identitiesOf.get(i.contact_id) ?? [];
      list.push(i);
      known.identitiesOf.set(i.contact_id, list);
    }
    for await (const t of deps.contactTags.query({ filter: { contact_id: { $in: part } }, limit: 1000 }, request)) {
      const set = known.tagsOf.get(t.contact_id) ?? new Set<string>();
      set.add(t.tag);
      known.tagsOf.set(t.contact_id, set);
    }
  }
  return known;
}

async function importOne(ctx: RowContext, known: Known, row: MappedContact): Promise<Outcome> {
  const { deps, request } = ctx;
  const owners = new Set<string>();
  const existing = new Set<string>();
  for (const i of row.identities) {
    const found = known.identities.get(identityKey(i));
    if (found !== undefined) {
      owners.add(found.contact_id);
      existing.add(identityKey(i));
    }
  }
  if (owners.size > 1) {
    return { kind: "skipped", issue: { line: row.line, field: "row", rule: "identities_of_several_contacts", message: `its phones and emails belong to ${owners.size} different contacts (${[...owners].join(", ")}); merge them first` } };
  }
  const first = row.identities[0]!;
  let contactId = [...owners][0];
  let stored: ContactRow | undefined;
  let kind: "created" | "updated" | "unchanged" = "unchanged";
  if (contactId === undefined) {
    // no identity stored yet: a new contact, or one a crashed run created without identities
    contactId = importedContactId(deps.projectId, first);
    stored = known.contacts.get(contactId);
    if (stored === undefined) {
      kind = "created";
      if (!ctx.dryRun) {
        try {
          stored = await deps.contacts.create({ ...row.contact, id: contactId } as Parameters<typeof deps.contacts.create>[0], request);
        } catch (error) {
          if (!(error instanceof DuplicateError) || error.existingId !== contactId) throw error;
          stored = await deps.contacts.get(contactId, request);
          kind = "updated";
        }
      }
    } else kind = "updated";
  } else {
    stored = known.contacts.get(contactId);
    if (stored === undefined) {
      return { kind: "skipped", issue: { line: row.line, field: "row", rule: "owner_missing", message: `its identities belong to contact ${contactId}, which is gone` } };
    }
  }

  // fields the source gives that the stored contact lacks or has differently
  if (stored !== undefined && kind !== "created") {
    if (stored.deleted_at !== undefined) {
      // a soft-deleted contact is left alone: importing does not resurrect it
      return { kind: "skipped", issue: { line: row.line, field: "row", rule: "contact_deleted", message: `matches contact ${contactId}, which is deleted; restore it first` } };
    }
    const patch: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row.contact)) if ((stored as Record<string, unknown>)[k] !== v && v !== undefined) patch[k] = v;
    if (Object.keys(patch).length > 0) {
      kind = "updated";
      if (!ctx.dryRun) await deps.contacts.update(contactId, patch as Parameters<typeof deps.contacts.update>[1], request);
    }
  }

  const isNew = kind === "created";
  const mine = isNew ? [] : (known.identitiesOf.get(contactId) ?? []);
  const havePrimary = { phone: mine.some((r) => r.type === "phone" && r.is_primary), email: mine.some((r) => r.type === "email" && r.is_primary) };
  const missing = row.identities.filter((i) => !existing.has(identityKey(i)));
  for (const i of missing) {
    if (kind === "unchanged") kind = "updated";
    if (ctx.dryRun) continue;
    const primary = !havePrimary[i.type];
    havePrimary[i.type] = true;
    const input = { contact_id: contactId, type: i.type, value: i.raw, is_primary: primary, is_whatsapp_capable: i.type === "phone" && i.mobile };
    try {
      await deps.contactIdentities.create(input, request);
    } catch (error) {
      if (error instanceof DuplicateError && error.contactId === contactId) continue; // ours already
      if (isErrorOf(error, "InvariantError") && error.rule === "one_primary_per_type") await deps.contactIdentities.create({ ...input, is_primary: false }, request);
      else throw error;
    }
  }

  const have = isNew ? new Set<string>() : (known.tagsOf.get(contactId) ?? new Set<string>());
  for (const tag of row.tags) {
    if (have.has(tag)) continue;
    if (kind === "unchanged") kind = "updated";
    if (!ctx.dryRun) await deps.contactTags.add(contactId, tag, request);
  }
  return { kind, contactId };
}
