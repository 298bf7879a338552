import { mergeRequests } from "#app/domain/requests/merge-requests.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { requireRequestAccess, UUID, type StaffActor } from "./request-access.server.ts";

/** Merges this request (the duplicate) into a main one, given by id or public number. */
export async function mergeDuplicate(options: { actor: StaffActor; requestId: string; main: string }) {
  const access = await requireRequestAccess({ actor: options.actor, requestId: options.requestId, level: "centre" });
  const ref = options.main?.trim() ?? "";
  if (!ref) throw new AppError("VALIDATION", "errors:request.mainRequired", { field: "main" });
  const main = await getDb().request.findFirst({ where: UUID.test(ref) ? { id: ref } : { number: ref.toUpperCase() }, select: { id: true } });
  if (!main) throw new AppError("VALIDATION", "errors:request.mainNotFound", { field: "main", params: { ref } });
  return mergeRequests({ duplicateId: access.id, mainId: main.id, actorId: options.actor.id });
}
