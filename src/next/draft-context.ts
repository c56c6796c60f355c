/**
 * The drafting context of a suggestion, rebuilt from the snapshot it was ranked from: what
 * an app's own drafter (a chat model) needs to write the message `rankNext` drafted.
 * @module
 */
import { ValidationError } from "../http/errors.js";
import { draftContextOf } from "./channel.js";
import { resolveRankOptions } from "./options.js";
import { collectSignals, ContactSignals } from "./signals.js";
import type { DraftContext, NextSnapshot, RankOptions, Suggestion } from "./types.js";

/**
 * The {@link DraftContext} of a suggestion `rankNext(snapshot, options)` made: the same
 * name, objective, tone, WhatsApp number and amount its own draft used, so
 * `draftMessage(draftContextFor(snapshot, pick, options), options.draft).text === pick.message`.
 * Pure; folds only the suggested contact's rows. Throws `ValidationError` on bad options
 * (as `rankNext` does) or when the contact is not in the snapshot (`suggestion.contactId`).
 *
 * @example
 * const { pick } = rankNext(snapshot, options);
 * if (pick !== null) {
 *   const context = draftContextFor(snapshot, pick, options);
 *   const { draft } = await draftWith(chatModelDrafter, context, options.draft ?? {});
 * }
 */
export function draftContextFor(snapshot: NextSnapshot, suggestion: Pick<Suggestion, "contactId" | "reasonCode" | "action">, options: RankOptions): DraftContext {
  const o = resolveRankOptions(options);
  const id = suggestion?.contactId;
  const contacts = Array.isArray(snapshot?.contacts) ? snapshot.contacts.filter((c) => c?.id === id) : [];
  if (typeof id !== "string" || contacts.length === 0) throw new ValidationError([{ path: "suggestion.contactId", message: "not a contact of the snapshot", code: "not_found" }]);
  const own = <T extends { contact_id: string }>(rows: readonly T[] | undefined): T[] => (rows ?? []).filter((r) => r.contact_id === id);
  const pledges = own(snapshot.pledges);
  const pledgeIds = new Set(pledges.map((p) => p.id));
  // the context reads the contact, its identities, tone, pledges and payments; activity only decides the reason code, which is given
  const mine: NextSnapshot = {
    contacts,
    identities: own(snapshot.identities),
    tags: own(snapshot.tags),
    pledges,
    payments: (snapshot.payments ?? []).filter((p) => p.contact_id === id || (p.pledge_id != null && pledgeIds.has(p.pledge_id))),
    memories: (snapshot.memories ?? []).filter((m) => m?.memory_metadata?.["contact_id"] === id),
  };
  return draftContextOf(new ContactSignals(collectSignals(mine, o), 0), suggestion.reasonCode, suggestion.action);
}
