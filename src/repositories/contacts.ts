/**
 * Repositories with more than CRUD on the contact side: identities (normalized phones and
 * emails, one owner per value, one primary per type) and tags (idempotent add/remove).
 * @module
 */
import { normalizeEmail } from "../domain/email.js";
import { contactTagId } from "../domain/ids.js";
import { normalizeTag } from "../domain/tags.js";
import { InvariantError, ValidationError } from "../http/errors.js";
import type { RequestOptions } from "../http/transport.js";
import type { contactIdentities, contactTags, ContactIdentityRow, ContactTagRow } from "../schema/index.js";
import { Repository, type CreateInput } from "./base.js";

/** Input of {@link ContactIdentitiesRepository.create}. */
export interface CreateIdentityInput {
  /** The contact the phone or email belongs to. */
  contact_id: string;
  /** `phone` or `email`. */
  type: "phone" | "email";
  /** As typed: any common phone format, or an email in any case. */
  value: string;
  /** The contact's main phone (or email). At most one per contact and type. Default false. */
  is_primary?: boolean | undefined;
  /** The number takes WhatsApp (mobiles only). Default false. */
  is_whatsapp_capable?: boolean | undefined;
}

/** Options of {@link ContactIdentitiesRepository.create}: {@link RequestOptions} plus `defaultCountry`. */
export interface CreateIdentityOptions extends RequestOptions {
  /** Country assumed for a phone typed without `+`/`00`. Default `IN`. */
  defaultCountry?: string | undefined;
}

// libphonenumber-js with its full metadata is about half of the whole bundle: it is loaded
// on the first phone, so an app (a serverless webhook) that never adds one never pays for it.
let phoneModule: typeof import("../domain/phone.js") | undefined;

/**
 * Loads the phone normalizer (libphonenumber-js) if it is not loaded yet. `create` and
 * `findByValue` call it themselves; code that calls `normalize` directly awaits it first.
 * @example
 * ```ts
 * await loadPhoneNormalizer();
 * ```
 */
export async function loadPhoneNormalizer(): Promise<void> {
  phoneModule ??= await import("../domain/phone.js");
}

/** The loaded phone normalizer; throws if {@link loadPhoneNormalizer} has not finished yet. @internal */
export function phoneNormalizer(): typeof import("../domain/phone.js") {
  if (phoneModule === undefined) throw new Error("the phone normalizer is not loaded: await loadPhoneNormalizer() first");
  return phoneModule;
}

/**
 * `scope.contactIdentities`: phones normalized to E.164 (raw input, country, validity and
 * line type recorded on the row), emails trimmed and lower-cased; a phone or email
 * belongs to one contact in the project (a second owner is a `DuplicateError` whose
 * `contactId` names the owner), and a contact has at most one primary per type.
 */
export class ContactIdentitiesRepository extends Repository<typeof contactIdentities> {
  /**
   * Normalizes and stores a phone or email of a contact. An invalid phone or email is a
   * `ValidationError` naming the reason; a fixed line marked WhatsApp-capable is an
   * `InvariantError` (`whatsapp_needs_mobile`). Adding a value the contact already has
   * returns the stored row, however the value was typed.
   * @example
   * ```ts
   * const phone = await scope.contactIdentities.create({ contact_id, type: "phone", value: "098765 43210", is_primary: true });
   * phone.value; // "+919876543210"
   * ```
   */
  override async create(input: CreateInput<typeof contactIdentities> | CreateIdentityInput, options?: CreateIdentityOptions): Promise<ContactIdentityRow> {
    const { defaultCountry, ...requestOptions } = options ?? {};
    await loadPhoneNormalizer();
    return super.create(this.normalize(input as CreateIdentityInput & Record<string, unknown>, defaultCountry), requestOptions);
  }

  /**
   * Every identity of a contact (phones and emails).
   * @example
   * ```ts
   * const ids = await scope.contactIdentities.forContact(contactId);
   * ```
   */
  async forContact(contactId: string, options?: RequestOptions): Promise<ContactIdentityRow[]> {
    return this.query({ filter: { contact_id: contactId }, limit: 1000 }, options).toArray();
  }

  /**
   * The identity holding a phone or email (normalized first), or undefined.
   * @example
   * ```ts
   * const owner = (await scope.contactIdentities.findByValue("phone", "+91 98765 43210"))?.contact_id;
   * ```
   */
  async findByValue(type: "phone" | "email", value: string, options?: RequestOptions & { defaultCountry?: string }): Promise<ContactIdentityRow | undefined> {
    const { defaultCountry, ...requestOptions } = options ?? {};
    await loadPhoneNormalizer();
    const n = this.normalize({ contact_id: "", type, value }, defaultCountry);
    const page = await this.query({ filter: { type, value: n.value as string }, limit: 1 }, requestOptions);
    return page.data[0];
  }

  /**
   * Makes this identity the primary of its type, demoting the contact's previous one first.
   * @example
   * ```ts
   * await scope.contactIdentities.setPrimary(identityId);
   * ```
   */
  async setPrimary(id: string, options?: RequestOptions): Promise<ContactIdentityRow> {
    const row = await this.get(id, options);
    const others = await this.query({ filter: { contact_id: row.contact_id, type: row.type, is_primary: true }, limit: 100 }, options);
    for (const o of others.data) if (o.id !== id) await this.update(o.id, { is_primary: false }, options);
    return row.is_primary ? row : this.update(id, { is_primary: true }, options);
  }

  /** @internal */
  protected override async beforeWrite(before: ContactIdentityRow | undefined, after: ContactIdentityRow, options?: RequestOptions): Promise<void> {
    await super.beforeWrite(before, after, options);
    if (after.type === "phone" && after.is_whatsapp_capable && after.line_type === "fixed_line") {
      throw new InvariantError({ table: this.table.name, rule: "whatsapp_needs_mobile", field: "is_whatsapp_capable", message: `${after.value} is a fixed line, which cannot take WhatsApp` });
    }
    if (after.is_primary && before?.is_primary !== true) {
      const page = await this.query({ filter: { contact_id: after.contact_id, type: after.type, is_primary: true }, limit: 2 }, options);
      const other = page.data.find((r) => r.id !== after.id);
      if (other !== undefined) {
        throw new InvariantError({
          table: this.table.name,
          rule: "one_primary_per_type",
          field: "is_primary",
          message: `contact ${after.contact_id} already has primary ${after.type} ${other.value} (id ${other.id}); use setPrimary to switch`,
        });
      }
    }
  }

  /** @internal The same number or address added again to the same contact returns the stored row (however it was typed). */
  protected override sameContent(stored: Record<string, unknown>, inserted: Record<string, unknown>): boolean {
    return stored.contact_id === inserted.contact_id && stored.type === inserted.type && stored.value === inserted.value;
  }

  #normalizeValue(type: string, value: string, defaultCountry: string | undefined): Record<string, unknown> {
    if (type === "email") {
      const e = normalizeEmail(value);
      if (!e.valid) throw new ValidationError([{ path: "value", message: `invalid email: ${e.reason ?? "invalid"}`, code: "invalid_email" }]);
      return { value: e.value, raw_value: value, is_valid: true };
    }
    let p;
    try {
      p = phoneNormalizer().normalizePhone(value, defaultCountry === undefined ? {} : { defaultCountry });
    } catch (error) {
      throw new ValidationError([{ path: "defaultCountry", message: (error as Error).message, code: "invalid_country" }], { cause: error });
    }
    if (!p.valid || p.e164 === null) throw new ValidationError([{ path: "value", message: `invalid phone number: ${p.reason ?? "invalid"}`, code: "invalid_phone" }]);
    return { value: p.e164, raw_value: value, is_valid: true, line_type: p.kind, ...(p.country === null ? {} : { country: p.country }) };
  }

  /** @internal */
  normalize(input: CreateIdentityInput & Record<string, unknown>, defaultCountry: string | undefined): CreateInput<typeof contactIdentities> {
    if (typeof input.value !== "string") throw new ValidationError([{ path: "value", message: "must be a string", code: "invalid_type" }]);
    if (input.type !== "phone" && input.type !== "email") throw new ValidationError([{ path: "type", message: "must be phone or email", code: "invalid_value" }]);
    return { ...input, ...this.#normalizeValue(input.type, input.value, defaultCountry) } as CreateInput<typeof contactIdentities>;
  }
}

/** `scope.contactTags`: tags of contacts, normalized (`" VIP "` is `vip`), unique per contact. */
export class ContactTagsRepository extends Repository<typeof contactTags> {
  /**
   * Tags a contact; tagging twice keeps one row and returns it.
   * @example
   * ```ts
   * await scope.contactTags.add(contactId, "VIP");
   * ```
   */
  async add(contactId: string, tag: string, options?: RequestOptions): Promise<ContactTagRow> {
    return this.create({ contact_id: contactId, tag: normalizeTag(tag) }, options);
  }

  /**
   * Removes a tag; true when there was one to remove, false when the contact did not have it.
   * @example
   * ```ts
   * await scope.contactTags.remove(contactId, "vip");
   * ```
   */
  async remove(contactId: string, tag: string, options?: RequestOptions): Promise<boolean> {
    const id = contactTagId(this.projectId, contactId, normalizeTag(tag));
    const found = await this.find(id, options);
    if (found === undefined) return false;
    await this.delete(id, options);
    return true;
  }

  /**
   * The tags of a contact, sorted.
   * @example
   * ```ts
   * const tags = await scope.contactTags.forContact(contactId); // ["donor", "vip"]
   * ```
   */
  async forContact(contactId: string, options?: RequestOptions): Promise<string[]> {
    const rows = await this.query({ filter: { contact_id: contactId }, limit: 1000 }, options).toArray();
    return rows.map((r) => r.tag).sort();
  }
}
