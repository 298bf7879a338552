import { getDb } from "#app/utils/db.server.ts";

/** A "ТАК/НІ" is taken as the answer to a resolution texted at most this long ago. */
export const RESOLUTION_ANSWER_DAYS = 30;

/**
 * The request whose resolution this number was asked to confirm by SMS ("Вирішено?
 * Відповідайте ТАК або НІ"), if a bare yes or no from it can only mean that: the newest
 * request still RESOLVED, resolved within RESOLUTION_ANSWER_DAYS, whose resolution was
 * texted to this very number for the request's own author. Twilio's signature proves the
 * sender holds that number, so it is the author answering (also when the number was typed
 * into a web form rather than proven before). A follower, a stranger, or a request resolved
 * long ago is never moved by it; the same rule decides who is asked
 * (render-sms-notification).
 */
export async function findResolutionAwaitingAnswer(options: { phone: string; now: Date }) {
  const candidates = await getDb().request.findMany({
    where: {
      status: "RESOLVED",
      citizenId: { not: null },
      resolvedAt: { gte: new Date(options.now.getTime() - RESOLUTION_ANSWER_DAYS * 86_400_000) },
      notifications: { some: { channel: "SMS", address: options.phone, template: "resolved", status: { in: ["SENT", "UNCERTAIN"] } } },
    },
    orderBy: { resolvedAt: "desc" },
    take: 5,
    select: {
      id: true,
      number: true,
      citizenId: true,
      notifications: { where: { channel: "SMS", address: options.phone, template: "resolved" }, select: { citizenId: true } },
    },
  });
  const own = candidates.find((r) => r.notifications.some((n) => n.citizenId === r.citizenId));
  return own ? { id: own.id, number: own.number, citizenId: own.citizenId } : null;
}
