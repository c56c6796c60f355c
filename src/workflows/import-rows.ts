/**
 * The pure half of contact import: which header feeds which field, and one source row
 * turned into a validated contact with normalized identities and tags, or the reasons it
 * is refused. No I/O, no clock (the caller passes `now`).
 * @module
 */
import { normalizeEmail } from "../domain/email.js";
import { phoneNormalizer } from "../repositories/contacts.js";
import { normalizeTag } from "../domain/tags.js";
import { ValidationError } from "../http/errors.js";
import { contacts, parseInsert, type ContactInsert } from "../schema/index.js";

/** Contact fields an import may set: every field of `contacts` except ids and bookkeeping timestamps. */
export const IMPORT_CONTACT_FIELDS = [
  "display_name",
  "primary_channel",
  "relationship_strength",
  "capacity_band",
  "status",
  "last_contacted_at",
  "next_suggested_at",
  "notes",
] as const;

/** What a source column can feed: a contact field, `phone`, `email` or `tags` (several separated by `;`). */
export type ImportField = (typeof IMPORT_CONTACT_FIELDS)[number] | "phone" | "email" | "tags";

/** Every target a `columns` mapping may name. */
export const IMPORT_FIELDS: readonly ImportField[] = [...IMPORT_CONTACT_FIELDS, "phone", "email", "tags"];

// keys are headers lower-cased with everything but letters and digits removed
const ALIASES: Record<string, ImportField> = {
  name: "display_name",
  fullname: "display_name",
  displayname: "display_name",
  contactname: "display_name",
  donorname: "display_name",
  phone: "phone",
  phones: "phone",
  mobile: "phone",
  mobileno: "phone",
  mobilenumber: "phone",
  phonenumber: "phone",
  phoneno: "phone",
  whatsapp: "phone",
  whatsappnumber: "phone",
  cell: "phone",
  email: "email",
  emails: "email",
  emailaddress: "email",
  mail: "email",
  tags: "tags",
  tag: "tags",
  labels: "tags",
  note: "notes",
};
for (const f of IMPORT_CONTACT_FIELDS) ALIASES[f.replace(/[^a-z0-9]/g, "")] = f;

const squash = (h: string): string => h.toLowerCase().replace(/[^a-z0-9]/g, "");

/** One problem with one source row: its line (CSV line number, or 1-based position in an array), the field and the rule broken. */
export interface ImportIssue {
  /** Line of the CSV file (the header is line 1), or 1-based index of an array source. */
  line: number;
  /** The field at fault (`display_name`, `phone`, `email`, `relationship_strength`...), or `row`. */
  field: string;
  /** The rule, a stable code: `required`, `invalid_phone`, `invalid_email`, `identity_required`, `duplicate_in_file`, `invalid_value`, `identities_of_several_contacts`, `write_failed`... */
  rule: string;
  /** A sentence for people. */
  message: string;
  /** The offending value as given, when there is one. */
  value?: string;
}

/** A normalized identity of an imported row. */
export interface ImportIdentity {
  /** `phone` or `email`. */
  type: "phone" | "email";
  /** E.164 phone or lower-cased email: the `(type, value)` dedupe key. */
  value: string;
  /** As typed in the source. */
  raw: string;
  /** A mobile number (so marked WhatsApp-capable). */
  mobile: boolean;
}

/** A source row that passed validation. */
export interface MappedContact {
  /** Line of the row (see {@link ImportIssue.line}). */
  line: number;
  /** The contact fields given (validated, CSV strings coerced). */
  contact: Partial<ContactInsert> & { display_name: string };
  /** Normalized phones then emails, in source order, without repeats. */
  identities: ImportIdentity[];
  /** Normalized tags, without repeats. */
  tags: string[];
}

/** Result of {@link mapImportRow}: the mapped contact, or the issues that refuse the row. */
export type MappedRow = { ok: true; value: MappedContact } | { ok: false; issues: ImportIssue[] };

/**
 * Resolves source headers to fields: the `columns` mapping first (header matched
 * case-insensitively; `null` ignores a column), then the contacts table's own field names
 * and common spellings (`Name`, `Full Name`, `Mobile`, `Phone Number`, `E-mail`, `Tags`).
 * Columns matching nothing are returned in `ignored`. A mapping to an unknown field is a
 * `ValidationError` naming `columns.<header>`.
 *
 * @example
 * resolveColumns(["Full Name", "Mobile", "Donor Level"], { "Donor Level": "capacity_band" });
 * // { fields: { "Full Name": "display_name", Mobile: "phone", "Donor Level": "capacity_band" }, ignored: [] }
 */
export function resolveColumns(headers: readonly string[], columns: Readonly<Record<string, ImportField | null>> = {}): { fields: Record<string, ImportField>; ignored: string[] } {
  const custom = new Map<string, ImportField | null>();
  for (const [header, field] of Object.entries(columns)) {
    if (field !== null && !IMPORT_FIELDS.includes(field)) {
      throw new ValidationError([{ path: `columns.${header}`, message: `unknown field "${String(field)}"; one of ${IMPORT_FIELDS.join(", ")} or null`, code: "invalid_value" }]);
    }
    custom.set(header.trim().toLowerCase(), field);
  }
  const fields: Record<string, ImportField> = {};
  const ignored: string[] = [];
  for (const header of headers) {
    const key = header.trim().toLowerCase();
    const field = custom.has(key) ? custom.get(key) : ALIASES[squash(header)];
    if (field === undefined || field === null) ignored.push(header);
    else fields[header] = field;
  }
  return { fields, ignored };
}

/** Options of {@link mapImportRow}. */
export interface MapRowOptions {
  /** Header → field, from {@link resolveColumns}. */
  fields: Readonly<Record<string, ImportField>>;
  /** Country assumed for phones typed without `+`/`00`. Default `IN`. */
  defaultCountry?: string | undefined;
  /** Tags added to every row. */
  tags?: readonly string[] | undefined;
  /** The clock for schema validation's default timestamps. */
  now: Date;
}

const split = (v: unknown): string[] => {
  const parts = Array.isArray(v) ? v.map((x) => (x === null || x === undefined ? "" : String(x))) : v === null || v === undefined ? [] : String(v).split(/[;|]/);
  return parts.map((s) => s.trim()).filter((s) => s !== "");
};

const INTEGER_FIELDS = new Set<string>(Object.entries(contacts.fields).filter(([, f]) => f.spec.type === "integer").map(([k]) => k));

/**
 * Validates one source row (an object keyed by header) and normalizes it: the contact
 * fields checked by the `contacts` schema (numbers from CSV text coerced), phones to
 * E.164, emails lower-cased, tags normalized. A row needs a name and at least one phone
 * or email (the key that finds it again on the next import). Every problem is reported,
 * each with the line, the field and the rule.
 *
 * Phones need the phone normalizer loaded first (`await loadPhoneNormalizer()`;
 * `importContacts` does it).
 *
 * @example
 * await loadPhoneNormalizer();
 * const r = mapImportRow({ Name: "Asha", Mobile: "098765 43210" }, 2, { fields: { Name: "display_name", Mobile: "phone" }, now: new Date() });
 * // r.ok && r.value.identities[0].value === "+919876543210"
 */
export function mapImportRow(record: Readonly<Record<string, unknown>>, line: number, options: MapRowOptions): MappedRow {
  const issues: ImportIssue[] = [];
  const contact: Record<string, unknown> = {};
  const phones: string[] = [];
  const emails: string[] = [];
  const tags: string[] = [];
  for (const [header, value] of Object.entries(record)) {
    const field = options.fields[header];
    if (field === undefined) continue;
    if (field === "phone") phones.push(...split(value));
    else if (field === "email") emails.push(...split(value));
    else if (field === "tags") tags.push(...split(value));
    else {
      if (value === null || value === undefined) continue;
      const text = typeof value === "string" ? value.trim() : value;
      if (text === "") continue;
      if (INTEGER_FIELDS.has(field) && typeof text === "string" && /^[+-]?\d+$/.test(text)) contact[field] = Number(text);
      else if ((field === "status" || field === "primary_channel") && typeof text === "string") contact[field] = text.toLowerCase();
      else contact[field] = text;
    }
  }
  if (contact.display_name === undefined) issues.push({ line, field: "display_name", rule: "required", message: "a name is required" });
  else {
    const parsed = parseInsert(contacts, { ...contact, id: "00000000-0000-4000-8000-000000000000", project_id: "00000000-0000-4000-8000-000000000000" }, { now: options.now });
    if (!parsed.ok) {
      for (const i of parsed.issues) {
        const field = i.path.split(".")[0] || "row";
        issues.push({ line, field, rule: i.code === "invalid_value" || i.code === "invalid_type" ? "invalid_value" : i.code, message: i.message, ...(contact[field] === undefined ? {} : { value: String(contact[field]) }) });
      }
    }
  }
  const identities: ImportIdentity[] = [];
  const seen = new Set<string>();
  for (const raw of phones) {
    let p;
    try {
      p = phoneNormalizer().normalizePhone(raw, options.defaultCountry === undefined ? {} : { defaultCountry: options.defaultCountry });
    } catch (error) {
      throw new ValidationError([{ path: "defaultCountry", message: (error as Error).message, code: "invalid_country" }], { cause: error });
    }
    if (!p.valid || p.e164 === null) issues.push({ line, field: "phone", rule: "invalid_phone", message: `invalid phone number: ${p.reason ?? "invalid"}`, value: raw });
    else if (!seen.has(`phone:${p.e164}`)) {
      seen.add(`phone:${p.e164}`);
      identities.push({ type: "phone", value: p.e164, raw, mobile: p.kind === "mobile" });
    }
  }
  for (const raw of emails) {
    const e = normalizeEmail(raw);
    if (!e.valid) issues.push({ line, field: "email", rule: "invalid_email", message: `invalid email: ${e.reason ?? "invalid"}`, value: raw });
    else if (!seen.has(`email:${e.value}`)) {
      seen.add(`email:${e.value}`);
      identities.push({ type: "email", value: e.value, raw, mobile: false });
    }
  }
  if (identities.length === 0 && !issues.some((i) => i.field === "phone" || i.field === "email")) {
    issues.push({ line, field: "phone", rule: "identity_required", message: "a phone or an email is required (it finds the contact again on the next import)" });
  }
  if (issues.length > 0) return { ok: false, issues };
  const allTags = [...new Set([...tags, ...(options.tags ?? [])].map(normalizeTag).filter((t) => t !== ""))];
  return { ok: true, value: { line, contact: contact as MappedContact["contact"], identities, tags: allTags } };
}

/** The dedupe key of an identity: `type:value`. */
export const identityKey = (i: Pick<ImportIdentity, "type" | "value">): string => `${i.type}:${i.value}`;
