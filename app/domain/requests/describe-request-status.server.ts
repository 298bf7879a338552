import { formatKyivMoment } from "#app/domain/calendar/kyiv-time.ts";
import { isSettled } from "#app/domain/requests/status-machine.ts";
import { getDb } from "#app/utils/db.server.ts";
import { t, type Lang } from "#app/utils/i18n.server.ts";
import { findPhoneCitizen } from "#app/domain/citizens/ensure-phone-citizen.server.ts";
import { citizenDueAt } from "#app/domain/deadlines/citizen-due-at.server.ts";

/**
 * A request's status and due date in words, for an SMS or to be read out, told only to the
 * phone that asks for it when that number's citizen filed or follows the request. Anything
 * else is null, the same as a number that does not exist, so a stranger's number tells
 * nothing, not even that the request exists.
 */
export async function describeRequestStatus(options: { number: string; lang: Lang; askerPhone: string | null }) {
  const citizenId = await findPhoneCitizen({ phone: options.askerPhone });
  if (!citizenId) return null;
  const r = await getDb().request.findFirst({
    where: { number: options.number, OR: [{ citizenId }, { followers: { some: { citizenId } } }] },
    select: { id: true, number: true, status: true, dueAt: true },
  });
  if (!r) return null;
  const status = t(options.lang, `notifications:status.${r.status}`);
  // No due date once the request is settled: answered, closed, refused, merged, or handed off
  // to another service, whose clocks are stopped; a date we no longer keep is not promised.
  const dueAt = isSettled(r.status) ? null : await citizenDueAt({ requestId: r.id, dueAt: r.dueAt });
  const dueDate = dueAt ? formatKyivMoment(dueAt, options.lang) : null;
  return { requestId: r.id, citizenId, number: r.number, status, dueDate };
}
