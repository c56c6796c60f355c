/**
 * Users (operators): unique email, deactivation keeps the row.
 * @module
 */
import type { RequestOptions } from "../http/transport.js";
import type { UserRow, users } from "../schema/index.js";
import { Repository } from "./base.js";

/** `scope.users`: operators; an email belongs to one user of the project. */
export class UsersRepository extends Repository<typeof users> {
  /**
   * Deactivates an operator (`is_active=false`); the row is kept.
   * @example
   * ```ts
   * await scope.users.deactivate(userId);
   * ```
   */
  deactivate(id: string, options?: RequestOptions): Promise<UserRow> {
    return this.update(id, { is_active: false }, options);
  }

  /**
   * Reactivates an operator.
   * @example
   * ```ts
   * await scope.users.activate(userId);
   * ```
   */
  activate(id: string, options?: RequestOptions): Promise<UserRow> {
    return this.update(id, { is_active: true }, options);
  }
}
