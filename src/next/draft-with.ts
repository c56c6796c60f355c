/**
 * Drafting through an app's own chat model (bring your own key), held to the template's
 * rules: at most 300 characters, WhatsApp markup only, no request for card, bank or ID
 * numbers, the payee's VPA in payment asks. Anything it cannot repair falls back to the
 * template, and the result says why.
 * @module
 */
import { draftMessage, MAX_DRAFT_LENGTH } from "./draft.js";
import { waLink } from "./links.js";
import type { Draft, DraftContext, Drafter, DraftOptions } from "./types.js";

/** Token usage a drafter reports, for the workflow to record in `provider_usage`. */
export type DrafterUsage = NonNullable<Awaited<ReturnType<Drafter["draft"]>>["usage"]>;

/** Why the template was used although a drafter was given. */
export type DraftFallback = "too_long" | "empty" | "policy" | "drafter_failed";

/** The outcome of {@link draftWith}. */
export interface DraftResult {
  draft: Draft;
  /** The drafter's usage, also when its text was rejected (the tokens were spent). */
  usage?: DrafterUsage | undefined;
  /** Set when a drafter was given but the template's draft is returned. */
  fallback?: DraftFallback | undefined;
  /** With `fallback: "drafter_failed"`: what the drafter threw. */
  error?: unknown;
}

// Asking for these in chat breaks WhatsApp's policy; a model might still do it.
const SENSITIVE_ASK = /\b(?:card|account|a\/c|aadhaa?r|pan|ifsc)\s*(?:no\b|number|num\b|#|details)|\b(?:cvv|otp|upi pin|atm pin)\b/i;

/** Markdown emphasis to WhatsApp's: `**bold**` → `*bold*`, `__x__` → `_x_`. */
function toWhatsApp(text: string): string {
  return text.replace(/\*{2,}/g, "*").replace(/_{2,}/g, "_").trim();
}

/**
 * A draft from `drafter` when given, else from the templates ({@link draftMessage}).
 * The context is validated and the template drafted first, so its links are the ones
 * returned: `links.upi` as the template made it, `links.whatsapp` re-made for the final
 * text. The drafter's text has Markdown `**`/`__` turned into WhatsApp markers and gets
 * `UPI: <vpa>` appended in a payment ask that lacks it; it is rejected for the template
 * (`fallback`) when empty, over 300 characters, or asking for card, bank or ID numbers,
 * and when the drafter throws (`fallback: "drafter_failed"`, the error in `error`),
 * except that an abort through `options.signal` is rethrown.
 *
 * @example
 * const { draft, usage, fallback } = await draftWith(myModel, { displayName: "Asha Rao", objective: "thank_you", amount: 5000 });
 * if (usage) await recordUsage(usage); // the workflow writes provider_usage
 */
export async function draftWith(
  drafter: Drafter | undefined,
  context: DraftContext,
  options: DraftOptions & { signal?: AbortSignal | undefined } = {},
): Promise<DraftResult> {
  const { signal, ...draftOptions } = options;
  const template = draftMessage(context, draftOptions);
  if (drafter === undefined) return { draft: template };
  let answer: Awaited<ReturnType<Drafter["draft"]>>;
  try {
    answer = await drafter.draft(context, options);
  } catch (error) {
    if (signal?.aborted) throw error;
    return { draft: template, fallback: "drafter_failed", error };
  }
  const usage = answer?.usage;
  const withUsage = (result: DraftResult): DraftResult => (usage === undefined ? result : { ...result, usage });
  let text = typeof answer?.text === "string" ? toWhatsApp(answer.text) : "";
  const vpa = template.links.upi === undefined ? undefined : draftOptions.payee?.vpa;
  if (text !== "" && vpa !== undefined && !text.includes(vpa)) text += `\nUPI: ${vpa}`;
  const fallback: DraftResult["fallback"] = text === "" ? "empty" : text.length > MAX_DRAFT_LENGTH ? "too_long" : SENSITIVE_ASK.test(text) ? "policy" : undefined;
  if (fallback !== undefined) return withUsage({ draft: template, fallback });
  const links: Draft["links"] = { ...template.links };
  if (context.phone !== undefined) links.whatsapp = waLink(context.phone, text);
  return withUsage({ draft: { ...template, text, links } });
}
