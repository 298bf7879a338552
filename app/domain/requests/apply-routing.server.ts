import type { Tx } from "#app/utils/db.server.ts";
import { scheduleDeadlines } from "#app/domain/deadlines/schedule-deadlines.server.ts";
import { recordNotifications } from "#app/domain/notifications/record-notifications.server.ts";
import { findDistrict } from "#app/domain/routing/find-district.server.ts";
import { resolveRoute } from "#app/domain/routing/resolve-route.server.ts";
import type { Followups } from "./after-commit.server.ts";
import { writeStatusWithin } from "./status-machine.ts";

/**
 * Routes a request inside the caller's transaction: finds its district from the point,
 * applies the first matching rule (department + co-executors) or leaves it in the
 * operators' triage queue, and (re)computes its deadlines.
 */
export async function applyRouting(options: { tx: Tx; requestId: string; followups: Followups }) {
  const { tx, requestId, followups } = options;
  const request = await tx.request.findUniqueOrThrow({ where: { id: requestId } });
  let districtId = request.districtId;
  if (!districtId && request.lat !== null && request.lon !== null) {
    districtId = (await findDistrict({ tx, lat: request.lat, lon: request.lon }))?.id ?? null;
  }
  const route = await resolveRoute({ tx, categoryId: request.categoryId, districtId });
  const toAssigned = route !== null && (request.status === "NEW" || request.status === "RETURNED");
  const data = { districtId, routed: true, ...(route ? { departmentId: route.departmentId } : {}) };
  if (toAssigned) await writeStatusWithin({ tx, requestId, from: request.status, to: "ASSIGNED", now: new Date(), data });
  else await tx.request.update({ where: { id: requestId }, data });
  if (route?.coDepartmentIds.length) {
    await tx.requestCoExecutor.createMany({
      data: route.coDepartmentIds.map((departmentId) => ({ requestId, departmentId })),
      skipDuplicates: true,
    });
  }
  const event = await tx.requestEvent.create({
    data: {
      requestId,
      type: route ? "routed" : "triage",
      actorType: "SYSTEM",
      isPublic: !!route,
      fromStatus: request.status,
      toStatus: toAssigned ? "ASSIGNED" : request.status,
      data: route
        ? { departmentId: route.departmentId, coDepartmentIds: route.coDepartmentIds, ruleId: route.ruleId, districtId }
        : { reason: request.categoryId ? "no-matching-rule" : "no-category", districtId },
    },
  });
  const deadlines = await scheduleDeadlines({ tx, requestId });
  followups.deadlines.push(...deadlines);
  if (toAssigned && route) {
    const department = await tx.department.findUniqueOrThrow({ where: { id: route.departmentId } });
    const notes = await recordNotifications({
      tx,
      requestId,
      template: "routed",
      params: { departmentUk: department.nameUk, departmentEn: department.nameEn },
      eventKey: `event:${event.id}`,
    });
    followups.notificationIds.push(...notes.map((n) => n.id));
  }
  return { routed: route !== null, departmentId: route?.departmentId ?? null, districtId };
}
