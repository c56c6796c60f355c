/**
 * Closing followups (US7.3, US7.4): done with `completed_at`, or cancelled with a reason.
 * @module
 */
import { InvariantError } from "../http/errors.js";
import type { FollowupRow } from "../schema/index.js";
import { buildEvent, publishEvent } from "./events.js";
import { Check, nowOf, requestOptions, type WorkflowOptions, type WorkflowScope } from "./shared.js";

/** Options of `scope.completeFollowup`. */
export interface CompleteFollowupOptions extends WorkflowOptions {
  /** The operator who did it, for the event. */
  userId?: string | undefined;
}

/**
 * The workflow behind `scope.completeFollowup`: status `done`, `completed_at` now, then
 * `followup.completed`. Completing a done followup returns it unchanged; a cancelled one
 * is an `InvariantError` (`followup_status_transition`).
 */
export async function completeFollowup(scope: WorkflowScope, id: string, options: CompleteFollowupOptions = {}): Promise<FollowupRow> {
  const c = new Check({ id, userId: options.userId });
  c.uuid("id", true);
  c.uuid("userId");
  c.done();
  const now = nowOf(options);
  const { userId, ...wo } = options;
  const ro = requestOptions(wo);
  const f = await scope.followups.get(id, ro);
  if (f.status === "done") return f;
  if (f.status === "cancelled") throw new InvariantError({ table: "followups", rule: "followup_status_transition", field: "status", message: `followup ${id} is cancelled and cannot be completed` });
  const done = await scope.followups.update(id, { status: "done", completed_at: now.toISOString() }, ro);
  await publishEvent(
    scope.events,
    buildEvent(scope.projectId, "followup.completed", {
      user_id: userId ?? done.assigned_to_user_id ?? undefined,
      occurred_at: now.toISOString(),
      contact_id: done.contact_id,
      followup_id: done.id,
      interaction_id: done.interaction_id ?? undefined,
      payload: { completed_at: done.completed_at ?? now.toISOString(), reason: done.reason ?? undefined },
    }),
    ro,
  );
  return done;
}

/**
 * The workflow behind `scope.cancelFollowup`: status `cancelled` with the reason in
 * `cancel_reason`; cancelled followups leave every due list. Cancelling a done followup is
 * an `InvariantError` (`followup_status_transition`); cancelling twice keeps the first reason.
 */
export async function cancelFollowup(scope: WorkflowScope, id: string, reason: string, options: WorkflowOptions = {}): Promise<FollowupRow> {
  const c = new Check({ id, reason });
  c.uuid("id", true);
  c.text("reason", { required: true, max: 1000 });
  c.done();
  const ro = requestOptions(options);
  const f = await scope.followups.get(id, ro);
  if (f.status === "cancelled") return f;
  if (f.status === "done") throw new InvariantError({ table: "followups", rule: "followup_status_transition", field: "status", message: `followup ${id} is done and cannot be cancelled` });
  return scope.followups.update(id, { status: "cancelled", cancel_reason: reason }, ro);
}
