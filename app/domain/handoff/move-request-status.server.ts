import type { RequestStatus } from "#app/generated/prisma/enums.ts";
import { markDeadlinesMet } from "#app/domain/deadlines/mark-deadlines-met.server.ts";
import { writeStatusWithin } from "#app/domain/requests/status-machine.ts";
import type { Tx } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";

/**
 * The status move a hand-off makes (→ HANDED_OFF, HANDED_OFF → CLOSED), through the same
 * guarded write as transitionWithin (status machine + optimistic check), but without its generic
 * "status changed" notification: a hand-off sends its own message (the service link, the
 * provider's outcome), and the citizen must not get two for one change.
 */
export async function moveRequestStatusWithin(options: {
  tx: Tx;
  requestId: string;
  to: Extract<RequestStatus, "HANDED_OFF" | "CLOSED">;
  actor: { type: "STAFF" | "SYSTEM" | "CITIZEN"; id?: string };
  eventType: string;
  data: Record<string, string | number | boolean | null>;
  now: Date;
}) {
  const { tx, requestId, to, actor, now } = options;
  const request = await tx.request.findUnique({ where: { id: requestId }, select: { status: true } });
  if (!request) throw new AppError("NOT_FOUND", "errors:request.notFound");
  const from = request.status;
  await writeStatusWithin({ tx, requestId, from, to, now });
  const event = await tx.requestEvent.create({
    data: {
      requestId,
      type: options.eventType,
      actorType: actor.type,
      actorId: actor.id,
      fromStatus: from,
      toStatus: to,
      isPublic: true,
      data: options.data,
      createdAt: now,
    },
  });
  await markDeadlinesMet({ tx, requestId, at: now });
  return { from, to, eventId: event.id };
}
