import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { UUID, type StaffActor } from "#app/domain/requests/request-access.server.ts";

/** Deletes one of this staff member's own saved views; someone else's is not found. */
export async function deleteInboxView(options: { actor: StaffActor; viewId: string }) {
  if (!UUID.test(options.viewId)) throw new AppError("NOT_FOUND", "errors:inbox.viewNotFound");
  const { count } = await getDb().savedView.deleteMany({ where: { id: options.viewId, staffUserId: options.actor.id } });
  if (count === 0) throw new AppError("NOT_FOUND", "errors:inbox.viewNotFound");
  return { deleted: true };
}
