/**
 * The optional message audit table: a message's row id comes from the provider's message
 * id, so a redelivered webhook stores it once.
 * @module
 */
import { messageId } from "../domain/ids.js";
import type { MessageRow, messages } from "../schema/index.js";
import { Repository } from "./base.js";

/** `scope.messages`: `messages_inbound_outbound`, one row per message sent or received. */
export class MessagesRepository extends Repository<typeof messages> {
  /** @internal With a `provider_message_id`, the id is `messageId(projectId, provider_message_id)`. */
  protected override prepareInsert(input: Record<string, unknown>): MessageRow {
    const pmid = input.provider_message_id;
    return super.prepareInsert(typeof pmid === "string" && pmid !== "" && input.id === undefined ? { ...input, id: messageId(this.projectId, pmid) } : input);
  }
}
