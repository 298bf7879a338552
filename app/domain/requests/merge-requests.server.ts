import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { recordNotifications } from "#app/domain/notifications/record-notifications.server.ts";
import { emptyFollowups, enqueueFollowups } from "./after-commit.server.ts";
import { FINAL_STATUSES, statusRef } from "./status-machine.ts";
import { transitionWithin } from "./transition-request.server.ts";

/**
 * Merges a duplicate into the main request: the duplicate becomes MERGED (its clocks
 * stop), and its author and followers follow the main request from now on — they are
 * told once, and hear every later change of the main request.
 */
export async function mergeRequests(options: { duplicateId: string; mainId: string; actorId: string }) {
  if (options.duplicateId === options.mainId) throw new AppError("VALIDATION", "errors:request.mergeIntoItself", { field: "mainId" });
  const followups = emptyFollowups();
  const result = await getDb().$transaction(async (tx) => {
    const [dup, main] = await Promise.all([
      tx.request.findUnique({ where: { id: options.duplicateId }, include: { followers: true } }),
      tx.request.findUnique({ where: { id: options.mainId } }),
    ]);
    if (!dup || !main) throw new AppError("NOT_FOUND", "errors:request.notFound");
    if (FINAL_STATUSES.includes(main.status))
      throw new AppError("INVALID_TRANSITION", "errors:request.mergeIntoFinal", { field: "mainId", params: { status: statusRef(main.status) } });
    if (main.duplicateOfId) throw new AppError("VALIDATION", "errors:request.mergeIntoDuplicate", { field: "mainId" });

    // The duplicate's people hear about the merge on the duplicate (their own number)…
    const moved = await transitionWithin({
      tx,
      followups,
      requestId: dup.id,
      to: "MERGED",
      actor: { type: "STAFF", id: options.actorId },
      eventType: "merged",
      extraData: { mainId: main.id, mainNumber: main.number },
    });
    const told = await recordNotifications({
      tx,
      requestId: dup.id,
      template: "merged",
      params: { mainNumber: main.number },
      eventKey: `merged:${dup.id}`,
    });
    followups.notificationIds.push(...told.map((n) => n.id));
    // …which transitionWithin also announced as a plain status change; keep only the merge notice.
    const plain = await tx.notification.findMany({
      where: { requestId: dup.id, template: "statusChanged", status: "PENDING", dedupeKey: { startsWith: `event:${moved.eventId}:` } },
      select: { id: true },
    });
    if (plain.length) {
      await tx.notification.updateMany({ where: { id: { in: plain.map((p) => p.id) } }, data: { status: "SKIPPED", lastError: "superseded by merge notice" } });
      const skipped = new Set(plain.map((p) => p.id));
      followups.notificationIds = followups.notificationIds.filter((id) => !skipped.has(id));
    }

    // …and follow the main request from now on.
    const people = [
      ...(dup.citizenId ? [{ citizenId: dup.citizenId, channel: dup.channel }] : []),
      ...dup.followers.map((f) => ({ citizenId: f.citizenId, channel: f.channel })),
    ].filter((p) => p.citizenId !== main.citizenId);
    if (people.length)
      await tx.requestFollower.createMany({
        data: people.map((p) => ({ requestId: main.id, citizenId: p.citizenId, channel: p.channel })),
        skipDuplicates: true,
      });
    await tx.request.update({ where: { id: dup.id }, data: { duplicateOfId: main.id, receiptType: "DUPLICATE" } });
    await tx.requestEvent.create({
      data: {
        requestId: main.id,
        type: "duplicate-merged",
        actorType: "STAFF",
        actorId: options.actorId,
        isPublic: false,
        data: { duplicateId: dup.id, duplicateNumber: dup.number, followersAdded: people.length },
      },
    });
    return { duplicateId: dup.id, mainId: main.id, followersAdded: people.length };
  });
  await enqueueFollowups(followups);
  return result;
}
