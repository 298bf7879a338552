import { changeCategory } from "#app/domain/requests/change-category.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { requireRequestAccess, type StaffActor } from "./request-access.server.ts";

/** The contact centre re-classifies a request (deadlines are recomputed, the change recorded). */
export async function changeRequestCategory(options: { actor: StaffActor; requestId: string; categoryCode: string }) {
  const access = await requireRequestAccess({ actor: options.actor, requestId: options.requestId, level: "centre" });
  if (!options.categoryCode?.trim()) throw new AppError("VALIDATION", "Оберіть категорію", { field: "categoryCode" });
  return changeCategory({ requestId: access.id, categoryCode: options.categoryCode.trim(), actorId: options.actor.id });
}
