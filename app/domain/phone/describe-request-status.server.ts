import { formatKyiv } from "#app/domain/notifications/render-notification.ts";
import { getDb } from "#app/utils/db.server.ts";
import { t, type Lang } from "#app/utils/i18n.ts";

/** A request's status and due date in words, for an SMS or to be read out; null when no such number. */
export async function describeRequestStatus(options: { number: string; lang: Lang }) {
  const r = await getDb().request.findUnique({ where: { number: options.number }, select: { id: true, number: true, status: true, dueAt: true } });
  if (!r) return null;
  const status = t(options.lang, `notifications:status.${r.status}`);
  const dueDate = r.dueAt && !["RESOLVED", "CLOSED", "REJECTED", "MERGED"].includes(r.status) ? formatKyiv(r.dueAt, options.lang) : null;
  return { requestId: r.id, number: r.number, status, dueDate };
}
