import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { requireRequestAccess, type StaffActor } from "#app/domain/requests/request-access.server.ts";
import { scheduleDeadlines } from "#app/domain/deadlines/schedule-deadlines.server.ts";
import { emptyFollowups, enqueueFollowups } from "./after-commit.server.ts";
import { OPEN_STATUSES, statusRef } from "./status-machine.ts";

/**
 * The contact centre re-classifies an open request (centre roles only): its urgency and
 * deadlines are recomputed, and the change recorded.
 */
export async function changeCategory(options: { actor: StaffActor; requestId: string; categoryCode: string }) {
  const access = await requireRequestAccess({ actor: options.actor, requestId: options.requestId, level: "centre" });
  const categoryCode = options.categoryCode?.trim();
  if (!categoryCode) throw new AppError("VALIDATION", "errors:request.categoryRequired", { field: "categoryCode" });
  const followups = emptyFollowups();
  const result = await getDb().$transaction(async (tx) => {
    const request = await tx.request.findUnique({ where: { id: access.id } });
    if (!request) throw new AppError("NOT_FOUND", "errors:request.notFound");
    if (!OPEN_STATUSES.includes(request.status))
      throw new AppError("INVALID_TRANSITION", "errors:request.cannotChangeCategory", { params: { status: statusRef(request.status) } });
    const category = await tx.category.findUnique({ where: { code: categoryCode } });
    if (!category || !category.active) throw new AppError("VALIDATION", "errors:category.unknown", { field: "categoryCode" });
    await tx.request.update({ where: { id: request.id }, data: { categoryId: category.id, urgency: category.urgency } });
    // A pending suggestion is now decided: confirmed when the operator chose it, changed otherwise.
    const suggestion = await tx.categorySuggestion.findUnique({ where: { requestId: request.id } });
    if (suggestion && !suggestion.decidedAt) {
      await tx.categorySuggestion.update({
        where: { requestId: request.id },
        data: { decidedAt: new Date(), accepted: suggestion.categoryId === category.id },
      });
    }
    await tx.requestEvent.create({
      data: {
        requestId: request.id,
        type: "category-changed",
        actorType: "STAFF",
        actorId: options.actor.id,
        isPublic: true,
        data: { fromCategoryId: request.categoryId, categoryId: category.id },
      },
    });
    followups.deadlines.push(...(await scheduleDeadlines({ tx, requestId: request.id })));
    return tx.request.findUniqueOrThrow({ where: { id: request.id }, select: { id: true, categoryId: true, dueAt: true } });
  });
  await enqueueFollowups(followups);
  return result;
}
