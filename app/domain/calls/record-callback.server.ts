import { confirmResolution } from "#app/domain/requests/confirm-resolution.server.ts";
import { requireRequestAccess, type StaffActor } from "#app/domain/requests/request-access.server.ts";

/** After the confirmation call-back: "confirmed" closes it, otherwise back to rework. */
export async function recordCallback(options: { actor: StaffActor; requestId: string; resolved: boolean; comment?: string }) {
  const access = await requireRequestAccess({ actor: options.actor, requestId: options.requestId, level: "centre" });
  return confirmResolution({ requestId: access.id, resolved: options.resolved, comment: options.comment, actor: { type: "STAFF", id: options.actor.id } });
}
