import { extendStatutoryTerm } from "#app/domain/deadlines/extend-statutory-term.server.ts";
import { AppError } from "#app/utils/errors.ts";
import type { Lang } from "#app/utils/i18n.ts";
import { requireRequestAccess, requireRole, type StaffActor } from "./request-access.server.ts";

/** Extends an appeal's statutory term (the citizen's notice is recorded; 45 days at most). */
export async function extendAppealTerm(options: { actor: StaffActor; requestId: string; until: Date; reason: string; lang?: Lang }) {
  requireRole(options.actor, ["OPERATOR", "SUPERVISOR", "ADMIN", "DEPARTMENT_HEAD"]);
  const access = await requireRequestAccess({ actor: options.actor, requestId: options.requestId, level: "work" });
  if (Number.isNaN(options.until?.getTime?.())) throw new AppError("VALIDATION", "Вкажіть нову дату", { field: "until" });
  return extendStatutoryTerm({ requestId: access.id, actorId: options.actor.id, until: options.until, reason: options.reason, lang: options.lang });
}
