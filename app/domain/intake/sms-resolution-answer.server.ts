import { findPhoneCitizen } from "#app/domain/citizens/ensure-phone-citizen.server.ts";
import { getDb } from "#app/utils/db.server.ts";

/** A "ТАК/НІ" is taken as the answer to a resolution texted at most this long ago. */
export const RESOLUTION_ANSWER_DAYS = 30;

/**
 * The request whose resolution this number was asked to confirm by SMS ("Вирішено?
 * Відповідайте ТАК або НІ"), if a bare yes or no from it can only mean that: the newest of
 * the citizen's own requests (the number proven by Twilio's signature) that is still
 * RESOLVED, resolved within RESOLUTION_ANSWER_DAYS, whose resolution went to this very
 * number. A follower, a stranger, or a request resolved long ago is never moved by it.
 */
export async function findResolutionAwaitingAnswer(options: { phone: string; now: Date }) {
  const citizenId = await findPhoneCitizen({ phone: options.phone });
  if (!citizenId) return null;
  return getDb().request.findFirst({
    where: {
      citizenId,
      status: "RESOLVED",
      resolvedAt: { gte: new Date(options.now.getTime() - RESOLUTION_ANSWER_DAYS * 86_400_000) },
      notifications: { some: { channel: "SMS", address: options.phone, template: "resolved", citizenId, status: { in: ["SENT", "UNCERTAIN"] } } },
    },
    orderBy: { resolvedAt: "desc" },
    select: { id: true, number: true, citizenId: true },
  });
}
