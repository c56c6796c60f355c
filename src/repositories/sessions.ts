/**
 * Operator sessions: start, merge planner state, close; a closed session is readable but
 * never active.
 * @module
 */
import { InvariantError } from "../http/errors.js";
import type { RequestOptions } from "../http/transport.js";
import type { SessionRow, sessions } from "../schema/index.js";
import { Repository, type CreateInput } from "./base.js";

/** `scope.sessions`: an operator's WhatsApp work sessions and the assistant's state in them. */
export class SessionsRepository extends Repository<typeof sessions> {
  /**
   * Starts a session (`started_at` and `last_activity_at` now).
   * @example
   * ```ts
   * const s = await scope.sessions.start({ user_id: userId, whatsapp_thread_id: "wa-123" });
   * ```
   */
  start(input: CreateInput<typeof sessions>, options?: RequestOptions): Promise<SessionRow> {
    return this.create(input, options);
  }

  /**
   * Merges `partial` into `state_json` (top-level keys; other keys are kept) and bumps
   * `last_activity_at`. A closed session refuses it (`session_closed`).
   * @example
   * ```ts
   * await scope.sessions.updateState(sessionId, { current_contact_id: contactId });
   * ```
   */
  async updateState(id: string, partial: Record<string, unknown>, options?: RequestOptions): Promise<SessionRow> {
    const found = await this.load(id, options);
    if (found.row.closed_at != null) {
      throw new InvariantError({ table: this.table.name, rule: "session_closed", field: "state_json", message: `session ${id} is closed` });
    }
    const state_json = { ...found.row.state_json, ...partial };
    return this.write(found, { state_json, last_activity_at: this.#stamp(found.row) }, [], options);
  }

  /**
   * Closes a session; closing a closed session returns it unchanged.
   * @example
   * ```ts
   * await scope.sessions.close(sessionId);
   * ```
   */
  async close(id: string, options?: RequestOptions): Promise<SessionRow> {
    const found = await this.load(id, options);
    if (found.row.closed_at != null) return found.row;
    const stamp = this.#stamp(found.row);
    return this.write(found, { closed_at: stamp, last_activity_at: stamp }, [], options);
  }

  /**
   * The open session of an operator (the most recently active one), or undefined.
   * @example
   * ```ts
   * const open = await scope.sessions.active(userId);
   * ```
   */
  async active(userId: string, options?: RequestOptions): Promise<SessionRow | undefined> {
    const page = await this.query({ filter: { user_id: userId, closed_at: null }, sort: { last_activity_at: -1 }, limit: 1 }, options);
    return page.data[0];
  }

  // never before started_at, even with a clock slightly behind the one that started it
  #stamp(row: SessionRow): string {
    const now = this.now().toISOString();
    return Date.parse(now) < Date.parse(row.started_at) ? row.started_at : now;
  }
}
